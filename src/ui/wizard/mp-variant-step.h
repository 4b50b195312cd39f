/* mp-variant-step.h: step 2 of a purchase: the reseller or customer variant of a product
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_VARIANT_STEP (mp_variant_step_get_type ())

G_DECLARE_FINAL_TYPE (MpVariantStep, mp_variant_step, MP, VARIANT_STEP, AdwBin)

/* A step of the purchase pipeline (an MpWizardStep): it edits @draft and
 * knows nothing of the window around it or of who the buyer is.
 * Properties: "draft" (MpOrderDraft, construct-only), "complete" (boolean,
 * read-only, notified: the step's choices are made and valid).
 */
/* Offers the plans of one product line (@variants: MpPlan) for resellers
 * and for customers, @preferred_audience chosen by default with the
 * reason explained. Choosing one sets the draft's plan (fetched in detail).
 */
GtkWidget  *mp_variant_step_new                (MpSession     *session,
                                                MpOrderDraft  *draft);
gboolean    mp_variant_step_get_complete       (MpVariantStep *self);
MpOrderDraft *mp_variant_step_get_draft        (MpVariantStep *self);
void        mp_variant_step_set_variants       (MpVariantStep *self,
                                                GListModel    *variants,
                                                const char    *preferred_audience);
/* Chooses the variant of @audience ("reseller" or "customer"). */
gboolean    mp_variant_step_choose             (MpVariantStep *self,
                                                const char    *audience);

G_END_DECLS
