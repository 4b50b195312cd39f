/* mp-service-step.h: step 1 of a purchase: choose the service
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_SERVICE_STEP (mp_service_step_get_type ())

G_DECLARE_FINAL_TYPE (MpServiceStep, mp_service_step, MP, SERVICE_STEP, AdwBin)

/* A step of the purchase pipeline (an MpWizardStep): it edits @draft and
 * knows nothing of the window around it or of who the buyer is.
 * Properties: "draft" (MpOrderDraft, construct-only), "complete" (boolean,
 * read-only, notified: the step's choices are made and valid).
 */
/* Lists the plans the session may buy, grouped by category and product
 * line, with search as you type and a category filter. Choosing a product
 * line sets the draft's plan (fetched in detail) to its variant of
 * @preferred_audience ("reseller" or "customer"; NULL = the first).
 * @audience, when not NULL, lists only the plans of that audience.
 */
GtkWidget  *mp_service_step_new                (MpSession     *session,
                                                MpOrderDraft  *draft,
                                                const char    *audience,
                                                const char    *preferred_audience);
gboolean    mp_service_step_get_complete       (MpServiceStep *self);
MpOrderDraft *mp_service_step_get_draft        (MpServiceStep *self);
/* The product line chosen (NULL before). */
const char *mp_service_step_get_product_line_id (MpServiceStep *self);
/* Chooses the product line of @plan_id as if activated (tests, storefront). */
void        mp_service_step_choose_plan        (MpServiceStep *self,
                                                const char    *plan_id);
/* The plans of the chosen product line (MpPlan, list rows). */
GListModel *mp_service_step_get_variants       (MpServiceStep *self);
void        mp_service_step_set_search         (MpServiceStep *self,
                                                const char    *text);
void        mp_service_step_set_category       (MpServiceStep *self,
                                                const char    *category_id);
/* The product lines shown now (after search and filter). */
guint       mp_service_step_get_n_shown        (MpServiceStep *self);
/* The row (MpProductRow) of @product_line_id on the list as shown now, if
 * it is on screen, or NULL.
 */
GtkWidget  *mp_service_step_get_product_row    (MpServiceStep *self,
                                                const char    *product_line_id);

G_END_DECLS
