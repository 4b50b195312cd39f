/* mp-wizard-step.h: what every step of the purchase wizard offers it
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MP_TYPE_WIZARD_STEP (mp_wizard_step_get_type ())

G_DECLARE_INTERFACE (MpWizardStep, mp_wizard_step, MP, WIZARD_STEP, GtkWidget)

/**
 * MpWizardStepInterface:
 * @get_title: the step's title ("Choose the Term"), shown in the header
 * @get_applies: whether the step has anything to ask for the draft as it
 *   is now (a plan without terms has no terms step); default TRUE
 * @shown: the wizard has just shown the step (it refreshes what it shows)
 * @apply: the user goes on from the step: the step contributes what it
 *   holds. TRUE when the wizard may show the next step at once; FALSE
 *   when the step goes on by itself (the summary places the order, and
 *   the wizard moves on when it is placed). Default TRUE.
 * @show_refusal: shows the marketplace's refusal of the order where the
 *   user can mend it; @subject is what was refused (a terms ID, an MPN),
 *   or NULL
 *
 * A step of the purchase pipeline, in the manner of gnome-initial-setup's
 * GisPage: the step edits the order draft it was given and knows nothing
 * of the window around it or of who buys. Every step has the read-only,
 * notified boolean property "complete": its choices are made and valid.
 * The wizard goes from step to step only through this interface; beyond
 * it, it only wires the steps up when it builds them (the variants of the
 * service chosen, the plan it was opened on, the summary's button label).
 */
struct _MpWizardStepInterface
{
  GTypeInterface parent_iface;

  const char *(*get_title)    (MpWizardStep *self);
  gboolean    (*get_applies)  (MpWizardStep *self);
  void        (*shown)        (MpWizardStep *self);
  gboolean    (*apply)        (MpWizardStep *self);
  void        (*show_refusal) (MpWizardStep *self,
                               const GError *error,
                               const char   *subject);
};

const char *mp_wizard_step_get_title    (MpWizardStep *self);
gboolean    mp_wizard_step_get_complete (MpWizardStep *self);
gboolean    mp_wizard_step_get_applies  (MpWizardStep *self);
void        mp_wizard_step_shown        (MpWizardStep *self);
gboolean    mp_wizard_step_apply        (MpWizardStep *self);
void        mp_wizard_step_show_refusal (MpWizardStep *self,
                                         const GError *error,
                                         const char   *subject);

G_END_DECLS
