/* mp-terms-step.h: step 4 of a purchase: terms and conditions
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_TERMS_STEP (mp_terms_step_get_type ())

G_DECLARE_FINAL_TYPE (MpTermsStep, mp_terms_step, MP, TERMS_STEP, AdwBin)

/* A step of the purchase pipeline (an MpWizardStep): it edits @draft and
 * knows nothing of the window around it or of who the buyer is.
 * Properties: "draft" (MpOrderDraft, construct-only), "complete" (boolean,
 * read-only, notified: the step's choices are made and valid).
 */
/* Every terms document of the draft's plan (marketplace and vendor terms),
 * each with its link or text and its own checkbox. Complete when all are
 * accepted; the acceptance goes on the order.
 */
GtkWidget  *mp_terms_step_new                  (MpOrderDraft  *draft);
/* For a page that scrolls as a whole: no scrolled window of its own. */
void        mp_terms_step_set_embedded         (MpTermsStep   *self);
gboolean    mp_terms_step_get_complete         (MpTermsStep   *self);
MpOrderDraft *mp_terms_step_get_draft          (MpTermsStep   *self);
/* The checkbox of @terms_id (tests). */
GtkCheckButton *mp_terms_step_get_check        (MpTermsStep   *self,
                                                const char    *terms_id);

G_END_DECLS
