/* mp-switch-plan-page.h: Switch Plan of a subscription
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_SWITCH_PLAN_PAGE (mp_switch_plan_page_get_type ())

G_DECLARE_FINAL_TYPE (MpSwitchPlanPage, mp_switch_plan_page, MP, SWITCH_PLAN_PAGE, AdwBin)

GtkWidget  *mp_switch_plan_page_new         (MpSession  *session,
                                             const char *subscription_id);
const char *mp_switch_plan_page_describe    (MpBillingPolicy   policy,
                                             MpSwitchEffective when);

G_END_DECLS
