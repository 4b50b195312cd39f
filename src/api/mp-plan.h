/* mp-plan.h: a service plan (offer), with its periods and, as extensions, its products
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-enums.h"
#include "mp-money.h"
#include "mp-category.h"
#include "mp-period.h"
#include "mp-plan-switch.h"
#include "mp-resource.h"
#include "mp-terms.h"

G_BEGIN_DECLS

#define MP_TYPE_PLAN (mp_plan_get_type ())

G_DECLARE_FINAL_TYPE (MpPlan, mp_plan, MP, PLAN, GObject)

MpPlan     *mp_plan_new_from_json           (JsonObject  *object,
                                             GError     **error);
const char *mp_plan_get_id                  (MpPlan      *self);
const char *mp_plan_get_name                (MpPlan      *self);
const char *mp_plan_get_short_description   (MpPlan      *self);
const char *mp_plan_get_long_description    (MpPlan      *self);
gboolean    mp_plan_get_published           (MpPlan      *self);
const char *mp_plan_get_category_id         (MpPlan      *self);
const char *mp_plan_get_category_name       (MpPlan      *self);
const char *mp_plan_get_product_line_id     (MpPlan      *self);
const char *mp_plan_get_product_line_name   (MpPlan      *self);
const char *mp_plan_get_vendor              (MpPlan      *self);
MpAudience  mp_plan_get_audience            (MpPlan      *self);
const char *mp_plan_get_billing_model       (MpPlan      *self);
GListModel *mp_plan_get_periods             (MpPlan      *self);
GListModel *mp_plan_get_switches            (MpPlan      *self);
MpPlanSwitch *mp_plan_find_switch           (MpPlan      *self,
                                             const char  *plan_id,
                                             MpPeriod    *period,
                                             MpPeriod    *source_period);
gboolean    mp_plan_offers_period           (MpPlan      *self,
                                             MpPeriod    *period);
GListModel *mp_plan_get_resources           (MpPlan      *self);
GListModel *mp_plan_get_resource_categories (MpPlan      *self);
GListModel *mp_plan_get_terms               (MpPlan      *self);
gboolean    mp_plan_has_details             (MpPlan      *self);
MpResource *mp_plan_find_resource           (MpPlan      *self,
                                             const char  *mpn);

G_END_DECLS
