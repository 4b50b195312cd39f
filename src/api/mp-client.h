/* mp-client.h: the asynchronous SimpleAPI 1.15 client
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-account.h"
#include "mp-client-error.h"
#include "mp-customer.h"
#include "mp-order.h"
#include "mp-paged-list.h"
#include "mp-plan.h"
#include "mp-subscription.h"

G_BEGIN_DECLS

#define MP_TYPE_CLIENT (mp_client_get_type ())

/* Declared in mp-order-draft.h, which includes this header. */
typedef struct _MpOrderDraft MpOrderDraft;

G_DECLARE_FINAL_TYPE (MpClient, mp_client, MP, CLIENT, GObject)

/* Configuration. @base_url is the marketplace's API URL: for the demo
 * server "{root}/marketplace/US", for a real one e.g.
 * "https://api.cloud.im/marketplace/na". Plain http:// is refused (at the
 * first request, with MP_CLIENT_ERROR_FORBIDDEN) unless the host is loopback.
 */
MpClient     *mp_client_new                        (const char           *base_url,
                                                    const char           *marketplace,
                                                    const char           *user,
                                                    const char           *password,
                                                    const char           *subscription_key);
MpClient     *mp_client_new_for_marketplace        (MpClient             *client,
                                                    const char           *base_url,
                                                    const char           *code);
/* Switches to the OAuth2 password grant of CloudBlue-hosted SimpleAPI.
 * @auth_url is the ".../protocol/openid-connect" URL (or its "/token" end
 * point). Passing NULL goes back to the native POST {base}/token flow.
 */
void          mp_client_set_oauth                  (MpClient             *self,
                                                    const char           *auth_url,
                                                    const char           *client_id,
                                                    const char           *client_secret);

const char   *mp_client_get_base_url               (MpClient             *self);
void          mp_client_set_base_url               (MpClient             *self,
                                                    const char           *base_url);
const char   *mp_client_get_marketplace            (MpClient             *self);
const char   *mp_client_get_user                   (MpClient             *self);
/* The number of rows asked for per page (1 ... 1000, default 500). */
guint         mp_client_get_page_size              (MpClient             *self);
void          mp_client_set_page_size              (MpClient             *self,
                                                    guint                 page_size);
/* Seconds before an unanswered request fails with MP_CLIENT_ERROR_NETWORK
 * (default 120: the real POST /orders can be slow).
 */
guint         mp_client_get_timeout                (MpClient             *self);
void          mp_client_set_timeout                (MpClient             *self,
                                                    guint                 seconds);
/* First delay of the backoff used when polling an order on a server
 * without extensions, and for 429 without Retry-After (default 1000 ms).
 */
guint         mp_client_get_retry_delay            (MpClient             *self);
void          mp_client_set_retry_delay            (MpClient             *self,
                                                    guint                 milliseconds);
/* Extensions are used only when the server announces them and this is TRUE
 * (the default).
 */
gboolean      mp_client_get_use_extensions         (MpClient             *self);
void          mp_client_set_use_extensions         (MpClient             *self,
                                                    gboolean              use_extensions);
/* TRUE once a login saw "X-Market-Panel-Extensions: 1" (and use-extensions
 * is TRUE). Property "has-extensions", notified.
 */
gboolean      mp_client_get_has_extensions         (MpClient             *self);
/* Who is logged in; NULL before mp_client_login_async() succeeded.
 * Property "account", notified.
 */
MpAccount    *mp_client_get_account                (MpClient             *self);
/* Requests on the wire now (at most 4; long polls of order watching are
 * not counted). Property "in-flight". For tests.
 */
guint         mp_client_get_in_flight              (MpClient             *self);

/* Checks a URL without any I/O: http(s) only, http:// only to loopback. */
gboolean      mp_client_check_url                  (const char           *url,
                                                    GError              **error);

/* GET {root}/marketplaces (extension, no login): a GListModel of
 * MpMarketplace whose base-url is {root}/marketplace/{code}.
 */
void          mp_client_list_marketplaces_async    (const char           *root_url,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
GListModel   *mp_client_list_marketplaces_finish   (GAsyncResult         *result,
                                                    GError              **error);

/* Gets a token and finds out who is logged in (GET /me where the server has
 * extensions; a reseller named after the user otherwise). Later calls renew
 * the token by themselves.
 */
void          mp_client_login_async                (MpClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpAccount    *mp_client_login_finish               (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* Forgets the token and the account. */
void          mp_client_logout                     (MpClient             *self);

/* Lists. They return at once an MpPagedList that starts loading its pages
 * (see mp-paged-list.h). NULL filters (and MP_AUDIENCE_ANY) are left out.
 */
MpPagedList  *mp_client_list_categories            (MpClient             *self);
MpPagedList  *mp_client_list_plans                 (MpClient             *self,
                                                    const char           *category_id,
                                                    MpAudience            audience,
                                                    const char           *search);
MpPagedList  *mp_client_list_customers             (MpClient             *self,
                                                    const char           *name);
MpPagedList  *mp_client_list_subscriptions         (MpClient             *self,
                                                    const char           *customer_id,
                                                    const char           *status);
MpPagedList  *mp_client_list_orders                (MpClient             *self,
                                                    const char           *customer_id,
                                                    const char           *subscription_id,
                                                    const char           *status);

/* Single objects. */
void          mp_client_get_plan_async             (MpClient             *self,
                                                    const char           *plan_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpPlan       *mp_client_get_plan_finish            (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          mp_client_get_subscription_async     (MpClient             *self,
                                                    const char           *subscription_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpSubscription *mp_client_get_subscription_finish  (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* PATCH /subscriptions/{id} {"renewalStatus": ...}: turns auto-renewal on
 * or off; returns the updated subscription.
 */
void          mp_client_set_auto_renew_async       (MpClient             *self,
                                                    const char           *subscription_id,
                                                    gboolean              auto_renew,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpSubscription *mp_client_set_auto_renew_finish    (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          mp_client_get_customer_async         (MpClient             *self,
                                                    const char           *customer_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpCustomer   *mp_client_get_customer_finish        (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* POST /customers with the writable properties of @customer (built with
 * mp_customer_new() and its setters); returns the created customer.
 */
void          mp_client_create_customer_async      (MpClient             *self,
                                                    MpCustomer           *customer,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpCustomer   *mp_client_create_customer_finish     (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
void          mp_client_get_order_async            (MpClient             *self,
                                                    const char           *order_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpOrder      *mp_client_get_order_finish           (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
/* PATCH /orders/{id} {"statusCode": "CL"}: cancels a submitted order. */
void          mp_client_cancel_order_async         (MpClient             *self,
                                                    const char           *order_id,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpOrder      *mp_client_cancel_order_finish        (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Places the order of @draft (an MpOrderDraft; see mp-order-draft.h for the
 * estimate). Never retried blindly: the request carries the draft's
 * Idempotency-Key; when the connection is lost or times out the client
 * looks the order up (by key on a server with extensions, by customer and
 * PO number otherwise) and returns it if it was placed. If it was not, the
 * error says so and mp_client_error_get_retry_safe() is TRUE.
 */
void          mp_client_place_order_async          (MpClient             *self,
                                                    MpOrderDraft         *draft,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpOrder      *mp_client_place_order_finish         (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Looks up the order @draft was placed as: by its Idempotency-Key on a
 * server with extensions, then by customer and PO number. Finishes with
 * the MpOrder, or NULL without an error when the marketplace has none.
 */
void          mp_client_find_placed_order_async    (MpClient             *self,
                                                    MpOrderDraft         *draft,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
MpOrder      *mp_client_find_placed_order_finish   (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* One small authenticated request (the first order), to learn whether the
 * marketplace answers: TRUE, or the request's error.
 */
void          mp_client_ping_async                 (MpClient             *self,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      mp_client_ping_finish                (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

/* Follows @order until its status is final (completed, error, cancelled),
 * updating @order's properties (status, status-code, progress, step, steps,
 * error-message, ...) as the server reports changes: connect to its notify
 * signals to show progress. Uses long polls (Prefer: wait + If-None-Match)
 * where the server has extensions, polling with capped backoff otherwise.
 * Returns TRUE when the order reached a final status (even "error"); the
 * order is then in @order. Cancel @cancellable to stop watching.
 */
void          mp_client_watch_order_async          (MpClient             *self,
                                                    MpOrder              *order,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
gboolean      mp_client_watch_order_finish         (MpClient             *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);

G_END_DECLS
