/* mp-purchase-wizard.h: the purchase pipeline in a window, built on MpOrderDraft
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-purchase.h"
#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_PURCHASE_WIZARD (mp_purchase_wizard_get_type ())

G_DECLARE_FINAL_TYPE (MpPurchaseWizard, mp_purchase_wizard, MP, PURCHASE_WIZARD, AdwWindow)

/* A modal window (the caller sets transient-for and presents it) with the
 * steps Service, Variant, Term, Terms and Conditions, Order Additional
 * Resources, Summary and Provisioning, Cancel/Back/Next in its header bar.
 *
 * @customer_id: NULL when the signed-in account buys for itself (a reseller
 *   for itself, or a customer); a customer's ID when a reseller buys for
 *   that customer.
 * @plan_id: NULL to start at the service list; a plan's ID to start past it
 *   with that plan.
 *
 * Closing it while the order is being placed hides it and leaves the
 * placement going: once placed, the window goes and the session follows
 * the order; refused or lost, the window comes back to say why.
 *
 * When the order is provisioned, "Open Subscription" closes the window and
 * activates "win.open-subscription" on the transient-for window.
 */
GtkWidget    *mp_purchase_wizard_new          (MpSession        *session,
                                               const char       *customer_id,
                                               const char       *plan_id);
/* The wizard's one purchase, and its draft, which every step edits. */
MpPurchase   *mp_purchase_wizard_get_purchase (MpPurchaseWizard *self);
MpOrderDraft *mp_purchase_wizard_get_draft    (MpPurchaseWizard *self);
/* The name of the visible step: "service", "variant", "term", "terms",
 * "resources", "summary", "provisioning" (or "loading").
 */
const char   *mp_purchase_wizard_get_step     (MpPurchaseWizard *self);
GtkWidget    *mp_purchase_wizard_get_step_widget (MpPurchaseWizard *self,
                                               const char       *name);
/* The header bar's buttons, as the user clicks them. */
void          mp_purchase_wizard_next         (MpPurchaseWizard *self);
void          mp_purchase_wizard_back         (MpPurchaseWizard *self);
GtkButton    *mp_purchase_wizard_get_next_button (MpPurchaseWizard *self);
GtkButton    *mp_purchase_wizard_get_back_button (MpPurchaseWizard *self);
/* The order once placed (NULL before). */
MpOrder      *mp_purchase_wizard_get_order    (MpPurchaseWizard *self);

G_END_DECLS
