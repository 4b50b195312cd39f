/* mp-resources-step.h: step 5 of a purchase: Order Additional Resources
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_RESOURCES_STEP (mp_resources_step_get_type ())

G_DECLARE_FINAL_TYPE (MpResourcesStep, mp_resources_step, MP, RESOURCES_STEP, AdwBin)

/* A step of the purchase pipeline (an MpWizardStep): it edits @draft and
 * knows nothing of the window around it or of who the buyer is.
 * Properties: "draft" (MpOrderDraft, construct-only), "complete" (boolean,
 * read-only, notified: the step's choices are made and valid).
 */
/* The resource categories of the draft's plan; choosing one shows its
 * resources with a spin button each (bounded by the minimum and maximum,
 * included amounts shown). Complete when every amount is within range and
 * at least one is above zero.
 */
GtkWidget  *mp_resources_step_new              (MpOrderDraft    *draft);
gboolean    mp_resources_step_get_complete     (MpResourcesStep *self);
MpOrderDraft *mp_resources_step_get_draft      (MpResourcesStep *self);
/* Shows the resources of one category (Choose Category). */
gboolean    mp_resources_step_choose_category  (MpResourcesStep *self,
                                                const char      *category_id);
/* Back to the list of categories. */
void        mp_resources_step_show_categories  (MpResourcesStep *self);
/* The spin button of @mpn (NULL while its category is not shown). */
GtkSpinButton *mp_resources_step_get_spin_button (MpResourcesStep *self,
                                                const char      *mpn);
/* What is wrong with the amounts, in words; NULL when nothing. */
const char *mp_resources_step_get_problem      (MpResourcesStep *self);

G_END_DECLS
