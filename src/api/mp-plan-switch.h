/* mp-plan-switch.h: one allowed plan or period switch (SimpleAPI planSwitches[])
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-enums.h"
#include "mp-period.h"

G_BEGIN_DECLS

#define MP_TYPE_PLAN_SWITCH (mp_plan_switch_get_type ())

G_DECLARE_FINAL_TYPE (MpPlanSwitch, mp_plan_switch, MP, PLAN_SWITCH, GObject)

MpPlanSwitch     *mp_plan_switch_new_from_json         (JsonObject    *object,
                                                        GError       **error);
const char       *mp_plan_switch_get_plan_id           (MpPlanSwitch  *self);
MpPeriod         *mp_plan_switch_get_period            (MpPlanSwitch  *self);
MpPeriod         *mp_plan_switch_get_source_period     (MpPlanSwitch  *self);
MpBillingPolicy   mp_plan_switch_get_billing_policy    (MpPlanSwitch  *self);
MpSwitchEffective mp_plan_switch_get_when_effective    (MpPlanSwitch  *self);

G_END_DECLS
