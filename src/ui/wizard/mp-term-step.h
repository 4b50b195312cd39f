/* mp-term-step.h: step 3 of a purchase: the subscription period
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_TERM_STEP (mp_term_step_get_type ())

G_DECLARE_FINAL_TYPE (MpTermStep, mp_term_step, MP, TERM_STEP, AdwBin)

/* A step of the purchase pipeline (an MpWizardStep): it edits @draft and
 * knows nothing of the window around it or of who the buyer is.
 * Properties: "draft" (MpOrderDraft, construct-only), "complete" (boolean,
 * read-only, notified: the step's choices are made and valid).
 */
/* The periods of the draft's plan with their setup and recurring price in
 * the marketplace's currency, trial periods marked.
 */
GtkWidget  *mp_term_step_new                   (MpOrderDraft  *draft);
gboolean    mp_term_step_get_complete          (MpTermStep    *self);
MpOrderDraft *mp_term_step_get_draft           (MpTermStep    *self);
/* Chooses the plan's period of @unit and @duration; FALSE when the plan
 * lacks it (the step then says so).
 */
gboolean    mp_term_step_choose                (MpTermStep    *self,
                                                const char    *unit,
                                                gint64         duration);

G_END_DECLS
