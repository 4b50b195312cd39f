/* mp-purchase.h: one purchase, estimated and placed, that views show
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-client.h"
#include "mp-enum-types.h"
#include "mp-money.h"
#include "mp-order-draft.h"
#include "mp-order.h"

G_BEGIN_DECLS

typedef enum
{
  MP_PURCHASE_STATE_IDLE,        /* no estimate: the draft is not estimable (see its reason) */
  MP_PURCHASE_STATE_ESTIMATING,  /* an estimate is due or on its way */
  MP_PURCHASE_STATE_READY,       /* lines, due now and the recurring total are set */
  MP_PURCHASE_STATE_FAILED,      /* the last estimate failed: see "error" */
} MpPurchaseState;

/* MP_TYPE_PURCHASE_STATE is generated (mp-enum-types.h). */

#define MP_TYPE_PURCHASE (mp_purchase_get_type ())

G_DECLARE_FINAL_TYPE (MpPurchase, mp_purchase, MP, PURCHASE, GObject)

/* A purchase owns one MpOrderDraft and the MpClient it is placed with.
 * The wizard summary, the limits page and the cart checkout are views of
 * it: they edit the draft and show these properties (all notified):
 *
 *   "client", "draft"   construct-only
 *   "idempotency-key"   fixed when the purchase is created (construct-only);
 *                       store it with a cart line and rebuild the purchase
 *                       with mp_purchase_new_with_key() after a restart
 *   "debounce-ms"       the pause after the draft's last change before an
 *                       estimate is asked for (default 300)
 *   "state"             MpPurchaseState of the estimate
 *   "error"             GError of a failed estimate (state FAILED), else NULL
 *   "lines"             GListModel of MpOrderLine (the draft's estimate lines)
 *   "due-now"           MpMoney: the estimate's total, as the server says it
 *                       (negative for a credit); NULL unless READY
 *   "credit"            TRUE when "due-now" is a credit: show "Credit" and
 *                       mp_purchase_get_credit_amount(), not "−$8.00"
 *   "recurring-total"   MpMoney: the new recurring price per month over ALL
 *                       the resources (for a change order, the unchanged
 *                       ones too); NULL unless READY or when unknown
 *   "placing"           a placement is on its way
 *   "order"             the MpOrder once placed, else NULL
 *
 * Each change of the draft schedules an estimate after "debounce-ms"; a new
 * estimate cancels the one in flight, so the last change wins.
 *
 * Signals: "placed" (MpOrder *order), once, when the order is placed (or
 * found again after a lost answer): hand it to the session that follows it.
 * "refused" (GError *error) each time a placement fails (a refusal of the
 * server, with its correlation ID, or a lost answer).
 */
MpPurchase     *mp_purchase_new                  (MpClient             *client,
                                                  MpOrderDraft         *draft);
MpPurchase     *mp_purchase_new_with_key         (MpClient             *client,
                                                  MpOrderDraft         *draft,
                                                  const char           *idempotency_key);

MpClient       *mp_purchase_get_client           (MpPurchase           *self);
MpOrderDraft   *mp_purchase_get_draft            (MpPurchase           *self);
const char     *mp_purchase_get_idempotency_key  (MpPurchase           *self);
guint           mp_purchase_get_debounce_ms      (MpPurchase           *self);
void            mp_purchase_set_debounce_ms      (MpPurchase           *self,
                                                  guint                 debounce_ms);

MpPurchaseState mp_purchase_get_state            (MpPurchase           *self);
const GError   *mp_purchase_get_error            (MpPurchase           *self);
GListModel     *mp_purchase_get_lines            (MpPurchase           *self);
const MpMoney  *mp_purchase_get_due_now          (MpPurchase           *self);
gboolean        mp_purchase_get_credit           (MpPurchase           *self);
/* The credit as a positive amount; NULL when "due-now" is not a credit. */
const MpMoney  *mp_purchase_get_credit_amount    (MpPurchase           *self);
const MpMoney  *mp_purchase_get_recurring_total  (MpPurchase           *self);

/* Asks for an estimate now (a Retry button), without the pause. */
void            mp_purchase_estimate             (MpPurchase           *self);

/* Places the order. Never cancelled by a view going away: the purchase
 * keeps itself alive while placing, and @cancellable only detaches this
 * callback (it finishes with G_IO_ERROR_CANCELLED while the placement goes
 * on; "placed" tells when it is done). Calls while placing join the
 * placement in flight; calls once placed finish with the same order. A
 * purchase whose earlier answer was lost, or rebuilt from a stored key,
 * first looks the order up (by key, then by PO number) before it places
 * anything again.
 */
void            mp_purchase_place_async          (MpPurchase           *self,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
MpOrder        *mp_purchase_place_finish         (MpPurchase           *self,
                                                  GAsyncResult         *result,
                                                  GError              **error);
gboolean        mp_purchase_get_placing          (MpPurchase           *self);
MpOrder        *mp_purchase_get_order            (MpPurchase           *self);

G_END_DECLS
