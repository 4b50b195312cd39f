/* mp-plan-switch.c: one allowed plan or period switch (SimpleAPI planSwitches[])
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-plan-switch.h"

#include "mp-json-private.h"

struct _MpPlanSwitch
{
  GObject parent_instance;

  char              *plan_id;
  MpPeriod          *period;
  MpPeriod          *source_period;   /* nullable: from any period */
  MpBillingPolicy    billing_policy;
  MpSwitchEffective  when_effective;
};

G_DEFINE_FINAL_TYPE (MpPlanSwitch, mp_plan_switch, G_TYPE_OBJECT)

static void
mp_plan_switch_finalize (GObject *object)
{
  MpPlanSwitch *self = MP_PLAN_SWITCH (object);

  g_free (self->plan_id);
  g_clear_object (&self->period);
  g_clear_object (&self->source_period);
  G_OBJECT_CLASS (mp_plan_switch_parent_class)->finalize (object);
}

static void
mp_plan_switch_class_init (MpPlanSwitchClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mp_plan_switch_finalize;
}

static void
mp_plan_switch_init (MpPlanSwitch *self)
{
}

/**
 * mp_plan_switch_new_from_json:
 *
 * Parses one entry of a plan's planSwitches[]. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error without planId or subscriptionPeriod.
 */
MpPlanSwitch *
mp_plan_switch_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(MpPlanSwitch) self = g_object_new (MP_TYPE_PLAN_SWITCH, NULL);
  JsonObject *period;

  if (!mp_json_require_id (object, "planId", "a plan switch", &self->plan_id, error))
    return NULL;
  period = mp_json_get_object (object, "subscriptionPeriod");
  if (period == NULL)
    {
      mp_json_set_bad_response (error, "A plan switch has no “subscriptionPeriod”.");
      return NULL;
    }
  self->period = mp_period_new_from_json (period, error);
  if (self->period == NULL)
    return NULL;
  period = mp_json_get_object (object, "sourceSubscriptionPeriod");
  if (period != NULL)
    {
      self->source_period = mp_period_new_from_json (period, error);
      if (self->source_period == NULL)
        return NULL;
    }
  self->billing_policy = mp_json_get_enum (object, "billingPolicy", MP_TYPE_BILLING_POLICY,
                                           MP_BILLING_POLICY_UNKNOWN);
  self->when_effective = mp_json_get_enum (object, "whenEffective", MP_TYPE_SWITCH_EFFECTIVE,
                                           MP_SWITCH_EFFECTIVE_UNKNOWN);
  return g_steal_pointer (&self);
}

/* The target plan's ID. */
const char *
mp_plan_switch_get_plan_id (MpPlanSwitch *self)
{
  g_return_val_if_fail (MP_IS_PLAN_SWITCH (self), NULL);

  return self->plan_id;
}

/* Returns: (transfer none): the target period. */
MpPeriod *
mp_plan_switch_get_period (MpPlanSwitch *self)
{
  g_return_val_if_fail (MP_IS_PLAN_SWITCH (self), NULL);

  return self->period;
}

/* Returns: (transfer none) (nullable): the period the switch is from, NULL for any. */
MpPeriod *
mp_plan_switch_get_source_period (MpPlanSwitch *self)
{
  g_return_val_if_fail (MP_IS_PLAN_SWITCH (self), NULL);

  return self->source_period;
}

MpBillingPolicy
mp_plan_switch_get_billing_policy (MpPlanSwitch *self)
{
  g_return_val_if_fail (MP_IS_PLAN_SWITCH (self), MP_BILLING_POLICY_UNKNOWN);

  return self->billing_policy;
}

MpSwitchEffective
mp_plan_switch_get_when_effective (MpPlanSwitch *self)
{
  g_return_val_if_fail (MP_IS_PLAN_SWITCH (self), MP_SWITCH_EFFECTIVE_UNKNOWN);

  return self->when_effective;
}
