/* mp-client-test-util.h: helpers for the server-backed client tests
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-api.h"
#include "mp-test-server.h"

G_BEGIN_DECLS

/* Runs the default main context until *result is set by mp_test_store_result. */
GAsyncResult *mp_test_wait           (GAsyncResult **result);
void          mp_test_store_result   (GObject       *object,
                                      GAsyncResult  *result,
                                      gpointer       user_data);
/* Spins the main loop for @ms milliseconds. */
void          mp_test_sleep          (guint          ms);
MpTestServer *mp_test_start_server   (const char    *first_arg,
                                      ...) G_GNUC_NULL_TERMINATED;
MpClient     *mp_test_client_new     (MpTestServer  *server,
                                      const char    *user,
                                      const char    *password);
MpClient     *mp_test_login          (MpTestServer  *server,
                                      const char    *user,
                                      const char    *password);
gboolean      mp_test_wait_list      (MpPagedList   *list,
                                      GError       **error);
gpointer      mp_test_get_plan       (MpClient      *client,
                                      const char    *plan_id);
MpSubscription *mp_test_get_subscription (MpClient  *client,
                                          const char *id);
/* A sales draft of @plan_id for @customer_id: its first period, every
 * term accepted, each quantity at its minimum.
 */
MpOrderDraft *mp_test_customer_draft (MpClient      *client,
                                      const char    *plan_id,
                                      const char    *customer_id);
/* Independent sums, from the plan's unit prices (never from an estimate):
 * what a sales draft costs now (setup fees and one-time services per unit,
 * recurring prices above the included units for a full term), the monthly
 * price of the subscription it creates, and the monthly price of a
 * subscription with a change draft's quantities (every line, changed or
 * not). Money in minor units.
 */
gint64        mp_test_sales_due_now  (MpOrderDraft  *draft);
gint64        mp_test_sales_per_month (MpOrderDraft *draft);
gint64        mp_test_change_recurring_per_month (MpOrderDraft *draft,
                                                  MpPlan       *plan);
/* The refund of cancelling @subscription (positive), from @plan's unit
 * prices for the subscription's term: every recurring product's units above
 * the included ones, each line prorated to @remaining_days of @period_days
 * (equal for a full refund) and rounded half away from zero.
 */
gint64        mp_test_cancellation_refund (MpSubscription *subscription,
                                           MpPlan         *plan,
                                           gint64          remaining_days,
                                           gint64          period_days);
/* What the subscriptions @client sees that are active or on hold were
 * billed during @start..@end (YYYY-MM-DD), from each one's unit prices
 * (GET /subscriptions/{id}), with the lines of a billing report
 * (@n_lines, may be NULL): every subscription is billed monthly, in
 * advance, on its creation day each month (counted from that day) up to
 * its renewal; month i of a term of M months bills
 * floor (price x (i + 1) / M) - floor (price x i / M) of each recurring
 * line's term price, (quantity - included) x unit price.
 */
gint64        mp_test_billed_total    (MpClient      *client,
                                       const char    *start,
                                       const char    *end,
                                       guint         *n_lines);
/* @amount (minor units) for @remaining of @period days, rounded half away
 * from zero: the marketplace's proration of a change. */
gint64        mp_test_prorate         (gint64         amount,
                                       gint64         remaining,
                                       gint64         period);
/* Places @purchase (ready) and follows its order to a final status;
 * returns the order (the test fails on an error). */
MpOrder      *mp_test_place_and_follow (MpClient    *client,
                                        MpPurchase  *purchase);
/* How many orders of @customer_id carry @po_number. */
guint         mp_test_count_orders_with_po (MpClient   *client,
                                            const char *customer_id,
                                            const char *po_number);

G_END_DECLS

G_BEGIN_DECLS

/* A loopback HTTP proxy in front of a real server that can lose the
 * connection of POST .../orders: before forwarding it (the order never
 * arrives) or after the server answered (the order is placed, the answer
 * is lost).
 */
typedef enum
{
  MP_TEST_PROXY_PASS,
  MP_TEST_PROXY_DROP_BEFORE,
  MP_TEST_PROXY_DROP_AFTER,
  /* Forwards it, then holds the answer for 3 seconds. */
  MP_TEST_PROXY_DELAY_AFTER,
} MpTestProxyMode;

typedef struct _MpTestProxy MpTestProxy;

MpTestProxy  *mp_test_proxy_new          (const char      *upstream_root);
/* The proxy's root URL + "/marketplace/" + CODE. */
char         *mp_test_proxy_get_base_url (MpTestProxy     *self,
                                          const char      *marketplace);
/* The next POST of an order is handled with @mode, later ones pass. */
void          mp_test_proxy_set_mode     (MpTestProxy     *self,
                                          MpTestProxyMode  mode);
guint         mp_test_proxy_get_dropped  (MpTestProxy     *self);
/* How many GET .../orders/{id} went through, and how many of them carried
 * "Prefer: wait=...".
 */
void          mp_test_proxy_get_order_gets (MpTestProxy   *self,
                                            guint         *gets,
                                            guint         *with_prefer);
/* How many @method requests whose path ends in @path_suffix (e.g. "POST",
 * "/orders/estimate") reached the proxy.
 */
guint         mp_test_proxy_count_requests (MpTestProxy   *self,
                                            const char    *method,
                                            const char    *path_suffix);
/* "METHOD /path" of every request that reached the proxy, in order. */
GPtrArray    *mp_test_proxy_get_requests   (MpTestProxy   *self);
/* The most @method requests whose path contains @path_part that were
 * forwarded and not answered yet at one time.
 */
guint         mp_test_proxy_get_max_in_flight (MpTestProxy *self,
                                               const char  *method,
                                               const char  *path_part);
/* Answers the next @count requests other than /token with 401, as a
 * server does for a token it no longer knows.
 */
void          mp_test_proxy_refuse_tokens (MpTestProxy    *self,
                                           guint           count);
void          mp_test_proxy_free         (MpTestProxy     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpTestProxy, mp_test_proxy_free)

G_END_DECLS
