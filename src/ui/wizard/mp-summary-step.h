/* mp-summary-step.h: step 6 of a purchase: order summary and placing the order
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-purchase.h"

G_BEGIN_DECLS

#define MP_TYPE_SUMMARY_STEP (mp_summary_step_get_type ())

G_DECLARE_FINAL_TYPE (MpSummaryStep, mp_summary_step, MP, SUMMARY_STEP, AdwBin)

/* Step 6 of a purchase, an MpWizardStep and a view of @purchase (the
 * wizard's MpPurchase): what is ordered and, for a reseller ordering for
 * a customer, for whom ("For: Acme Corp"); every line of the purchase's
 * estimate with the total and the monthly price; a PO number, editable
 * until the order is placed; and the button that places the order (its
 * label: mp_summary_step_set_place_label(), e.g. "Place Order" or
 * "Finish"). The purchase places the order once, and a placement outlives
 * the step: its "placed" signal tells the order. Signals:
 *   "order-refused" (GError *error): the marketplace refused the order
 *     (4xx); the wizard shows it on the step it concerns
 *     (mp_wizard_step_show_refusal()).
 * Properties: "purchase" (construct-only), "complete", "placing" (an order
 * is on its way; notified).
 */
GtkWidget  *mp_summary_step_new                (MpPurchase    *purchase);
gboolean    mp_summary_step_get_complete       (MpSummaryStep *self);
MpPurchase *mp_summary_step_get_purchase       (MpSummaryStep *self);
gboolean    mp_summary_step_get_placing        (MpSummaryStep *self);
void        mp_summary_step_set_place_label    (MpSummaryStep *self,
                                                const char    *label);
GtkButton  *mp_summary_step_get_place_button   (MpSummaryStep *self);
/* Places the order, unless one is on its way or was placed. */
void        mp_summary_step_place              (MpSummaryStep *self);

G_END_DECLS
