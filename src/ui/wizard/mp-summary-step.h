/* mp-summary-step.h: step 6 of a purchase: order summary and placing the order
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_SUMMARY_STEP (mp_summary_step_get_type ())

G_DECLARE_FINAL_TYPE (MpSummaryStep, mp_summary_step, MP, SUMMARY_STEP, AdwBin)

/* A step of the purchase pipeline: it edits @draft (MpOrderDraft) and
 * knows nothing of the window around it or of who the buyer is.
 * Properties: "draft" (MpOrderDraft, construct-only), "complete" (boolean,
 * read-only, notified: the step's choices are made and valid).
 */
/* Every line of the estimate (setup, recurring, one-time), the total and
 * the monthly price, a PO number, and the button that places the order
 * (its label: "place-label", e.g. "Place Order" or "Finish"). The order is
 * placed once: the button cannot send twice, and a lost connection is
 * recovered by the client's idempotent placement. Signals:
 *   "order-placed" (MpOrder *order)
 *   "order-refused" (GError *error): the marketplace refused the order
 *     (4xx); the caller shows it where it belongs, or calls
 *     mp_summary_step_show_error().
 * Property "placing" (boolean): an order is on its way.
 */
GtkWidget  *mp_summary_step_new                (MpSession     *session,
                                                MpOrderDraft  *draft);
gboolean    mp_summary_step_get_complete       (MpSummaryStep *self);
MpOrderDraft *mp_summary_step_get_draft        (MpSummaryStep *self);
gboolean    mp_summary_step_get_placing        (MpSummaryStep *self);
void        mp_summary_step_set_place_label    (MpSummaryStep *self,
                                                const char    *label);
GtkButton  *mp_summary_step_get_place_button   (MpSummaryStep *self);
/* Asks for a new estimate (also done when the draft changes while shown). */
void        mp_summary_step_refresh            (MpSummaryStep *self);
/* Places the order, unless one is on its way or was placed. */
void        mp_summary_step_place              (MpSummaryStep *self);
void        mp_summary_step_show_error         (MpSummaryStep *self,
                                                const GError  *error);

G_END_DECLS
