/* mp-order-draft.h: an order being put together, before it is placed
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mp-client.h"
#include "mp-money.h"
#include "mp-period.h"
#include "mp-plan.h"
#include "mp-subscription.h"

G_BEGIN_DECLS

#define MP_TYPE_ORDER_DRAFT (mp_order_draft_get_type ())

G_DECLARE_FINAL_TYPE (MpOrderDraft, mp_order_draft, MP, ORDER_DRAFT, GObject)

/* Every purchase flow of the GUI edits one of these; none builds JSON.
 *
 * A sales draft (mp_order_draft_new) buys @plan for a period; a change
 * draft (mp_order_draft_new_change) sets new absolute quantities on the
 * resources of an existing subscription; a cancellation draft
 * (mp_order_draft_new_cancellation) ends a subscription: no quantities,
 * its estimate is the refund (a negative total), not valid while the
 * subscription has a pending order or its plan no longer allows it
 * (mp_subscription_can_cancel()); a renewal draft
 * (mp_order_draft_new_renewal) renews a subscription ahead for one more
 * term: no quantities, its estimate is that term at the current
 * quantities, valid only where mp_subscription_get_manual_renewal().
 *
 * Properties (notified on change):
 *   "kind"              MpOrderType: SALES, CHANGE, CANCELLATION or RENEWAL (construct-only)
 *   "customer-id"       the buyer; NULL = the logged-in account itself
 *   "plan"              MpPlan (sales); setting it resets quantities to
 *                       each resource's minimum and forgets accepted terms
 *   "period"            MpPeriod (sales)
 *   "subscription"      MpSubscription (change, cancellation and renewal drafts)
 *   "po-number"         the user's reference; when NULL a unique reference
 *                       ("MP-" + random) is sent, so that the order can be
 *                       found again after a lost connection
 *   "complete"          every choice is made (plan, period, terms)
 *   "valid"             complete, and every quantity within min ... max
 *                       (and, for a change, at least one quantity changed)
 *   "estimable"         valid but for the terms: the marketplace prices an
 *                       order before its terms are accepted
 *   "reason"            why not valid, in words for the user; NULL if valid
 *   "estimating"        an estimate is on its way
 *   "total"             MpMoney of the last estimate (NULL when none, or
 *                       when the draft changed since)
 *   "monthly-total"     MpMoney: the recurring price per month
 *   "estimate-lines"    GListModel of MpOrderLine of the last estimate
 *   "scheduled"         (change drafts) apply the change on the renewal
 *                       date instead of now: SimpleAPI's
 *                       "scheduledOn": "renewal"
 *   "idempotency-key"   sent with POST /orders; a new one whenever the
 *                       order's content changes, unless fixed with
 *                       mp_order_draft_set_idempotency_key()
 * The "changed" signal is emitted whenever the body of the order changes
 * (quantities included), so that the GUI can ask for a new estimate.
 */
MpOrderDraft *mp_order_draft_new                 (void);
MpOrderDraft *mp_order_draft_new_change          (MpSubscription       *subscription);
MpOrderDraft *mp_order_draft_new_cancellation    (MpSubscription       *subscription);
MpOrderDraft *mp_order_draft_new_renewal         (MpSubscription       *subscription);
MpOrderDraft *mp_order_draft_new_switch          (MpSubscription       *subscription,
                                                  MpPlan               *target,
                                                  MpPeriod             *target_period);

MpOrderType   mp_order_draft_get_kind            (MpOrderDraft         *self);
const char   *mp_order_draft_get_customer_id     (MpOrderDraft         *self);
void          mp_order_draft_set_customer_id     (MpOrderDraft         *self,
                                                  const char           *customer_id);
MpPlan       *mp_order_draft_get_plan            (MpOrderDraft         *self);
void          mp_order_draft_set_plan            (MpOrderDraft         *self,
                                                  MpPlan               *plan);
MpPeriod     *mp_order_draft_get_period          (MpOrderDraft         *self);
void          mp_order_draft_set_period          (MpOrderDraft         *self,
                                                  MpPeriod             *period);
MpSubscription *mp_order_draft_get_subscription  (MpOrderDraft         *self);
const char   *mp_order_draft_get_po_number       (MpOrderDraft         *self);
void          mp_order_draft_set_po_number       (MpOrderDraft         *self,
                                                  const char           *po_number);
gboolean      mp_order_draft_get_scheduled       (MpOrderDraft         *self);
void          mp_order_draft_set_scheduled       (MpOrderDraft         *self,
                                                  gboolean              scheduled);
/* The PO number that will be sent: the user's or the unique reference. */
const char   *mp_order_draft_get_effective_po_number (MpOrderDraft     *self);

/* Quantities per MPN. For a sales draft the default is the resource's
 * minimum; for a change draft the subscription's current limit. Setting a
 * quantity out of range is allowed (the draft is then not valid, with a
 * reason), so that the GUI can show what is wrong as the user types.
 */
gint64        mp_order_draft_get_quantity        (MpOrderDraft         *self,
                                                  const char           *mpn);
void          mp_order_draft_set_quantity        (MpOrderDraft         *self,
                                                  const char           *mpn,
                                                  gint64                quantity);
/* The allowed range for @mpn (maximum -1 = unlimited). FALSE for an MPN
 * the plan or subscription does not have.
 */
gboolean      mp_order_draft_get_range           (MpOrderDraft         *self,
                                                  const char           *mpn,
                                                  gint64               *minimum,
                                                  gint64               *maximum);

/* Terms and conditions (MpTerms IDs of the plan). */
gboolean      mp_order_draft_get_terms_accepted  (MpOrderDraft         *self,
                                                  const char           *terms_id);
void          mp_order_draft_set_terms_accepted  (MpOrderDraft         *self,
                                                  const char           *terms_id,
                                                  gboolean              accepted);

gboolean      mp_order_draft_get_complete        (MpOrderDraft         *self);
gboolean      mp_order_draft_get_valid           (MpOrderDraft         *self);
gboolean      mp_order_draft_get_estimable       (MpOrderDraft         *self);
const char   *mp_order_draft_get_reason          (MpOrderDraft         *self);

/* The estimate (POST /orders/estimate). Finishes with TRUE and sets
 * "total", "monthly-total" and "estimate-lines"; an answer for an older
 * content of the draft is dropped (finish returns FALSE with
 * G_IO_ERROR_CANCELLED). A draft that is not estimable fails with
 * MP_CLIENT_ERROR_VALIDATION and the reason.
 */
void          mp_order_draft_estimate_async      (MpOrderDraft         *self,
                                                  MpClient             *client,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
gboolean      mp_order_draft_estimate_finish     (MpOrderDraft         *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
gboolean      mp_order_draft_get_estimating      (MpOrderDraft         *self);
const MpMoney *mp_order_draft_get_total          (MpOrderDraft         *self);
const MpMoney *mp_order_draft_get_monthly_total  (MpOrderDraft         *self);
const MpMoney *mp_order_draft_get_subscription_monthly_total (MpOrderDraft *self);
GListModel   *mp_order_draft_get_estimate_lines  (MpOrderDraft         *self);

const char   *mp_order_draft_get_idempotency_key (MpOrderDraft         *self);
/* Fixes the key (MpPurchase): later changes of the content keep it, and
 * the unique PO reference is derived from it, so that a draft rebuilt with
 * a stored key sends the same key and PO number and finds its order.
 */
void          mp_order_draft_set_idempotency_key (MpOrderDraft         *self,
                                                  const char           *key);

/* The body of POST /orders and POST /orders/estimate. @account is who
 * places it (for the buyer "self"); @with_extensions adds the extension
 * fields (acceptedTerms). For tests and for MpClient.
 */
JsonNode     *mp_order_draft_to_json             (MpOrderDraft         *self,
                                                  MpAccount            *account,
                                                  gboolean              with_extensions);

G_END_DECLS
