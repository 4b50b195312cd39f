/* mp-wizard-step.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-wizard"

#include "config.h"

#include "mp-wizard-step.h"

G_DEFINE_INTERFACE (MpWizardStep, mp_wizard_step, GTK_TYPE_WIDGET)

static gboolean
mp_wizard_step_real_get_applies (MpWizardStep *self)
{
  return TRUE;
}

static gboolean
mp_wizard_step_real_apply (MpWizardStep *self)
{
  return TRUE;
}

static void
mp_wizard_step_default_init (MpWizardStepInterface *iface)
{
  iface->get_applies = mp_wizard_step_real_get_applies;
  iface->apply = mp_wizard_step_real_apply;

  /**
   * MpWizardStep:complete:
   *
   * The step's choices are made and valid: the user may go on.
   */
  g_object_interface_install_property (iface,
                                       g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                                                             G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY |
                                                             G_PARAM_STATIC_STRINGS));
}

const char *
mp_wizard_step_get_title (MpWizardStep *self)
{
  MpWizardStepInterface *iface;

  g_return_val_if_fail (MP_IS_WIZARD_STEP (self), NULL);

  iface = MP_WIZARD_STEP_GET_IFACE (self);
  g_return_val_if_fail (iface->get_title != NULL, NULL);
  return iface->get_title (self);
}

gboolean
mp_wizard_step_get_complete (MpWizardStep *self)
{
  gboolean complete = FALSE;

  g_return_val_if_fail (MP_IS_WIZARD_STEP (self), FALSE);

  g_object_get (self, "complete", &complete, NULL);
  return complete;
}

gboolean
mp_wizard_step_get_applies (MpWizardStep *self)
{
  g_return_val_if_fail (MP_IS_WIZARD_STEP (self), FALSE);

  return MP_WIZARD_STEP_GET_IFACE (self)->get_applies (self);
}

void
mp_wizard_step_shown (MpWizardStep *self)
{
  MpWizardStepInterface *iface;

  g_return_if_fail (MP_IS_WIZARD_STEP (self));

  iface = MP_WIZARD_STEP_GET_IFACE (self);
  if (iface->shown != NULL)
    iface->shown (self);
}

gboolean
mp_wizard_step_apply (MpWizardStep *self)
{
  g_return_val_if_fail (MP_IS_WIZARD_STEP (self), FALSE);

  return MP_WIZARD_STEP_GET_IFACE (self)->apply (self);
}

void
mp_wizard_step_show_refusal (MpWizardStep *self,
                             const GError *error,
                             const char   *subject)
{
  MpWizardStepInterface *iface;

  g_return_if_fail (MP_IS_WIZARD_STEP (self));
  g_return_if_fail (error != NULL);

  iface = MP_WIZARD_STEP_GET_IFACE (self);
  g_return_if_fail (iface->show_refusal != NULL);
  iface->show_refusal (self, error, subject);
}
