/* mp-plan-item.h: one row of a plan list: a product line or a plan
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-api.h"

G_BEGIN_DECLS

#define MP_TYPE_PLAN_ITEM (mp_plan_item_get_type ())

G_DECLARE_FINAL_TYPE (MpPlanItem, mp_plan_item, MP, PLAN_ITEM, GObject)

/* The item of a plan list (the service step, the storefront's products,
 * the plan look-up): @plans (MpPlan, at least one) listed as one row under
 * @id (a product line's, or the plan's own). Its search text is folded
 * once, here: mp_plan_item_matches() only looks it through.
 * Properties (notified): "header" (string: the category shown above the
 * row, NULL for none), "chosen" (boolean).
 */
MpPlanItem *mp_plan_item_new               (const char *id,
                                            const char *title,
                                            const char *subtitle,
                                            GListModel *plans);
const char *mp_plan_item_get_id            (MpPlanItem *self);
const char *mp_plan_item_get_title         (MpPlanItem *self);
const char *mp_plan_item_get_subtitle      (MpPlanItem *self);
/* The title's collation key (g_utf8_collate_key()), made once: sorting
 * compares these with strcmp().
 */
const char *mp_plan_item_get_sort_key      (MpPlanItem *self);
/* The plans of the row (MpPlan), and the first of them. */
GListModel *mp_plan_item_get_plans         (MpPlanItem *self);
MpPlan     *mp_plan_item_get_plan          (MpPlanItem *self);
/* NULL: listed under "Other Services". */
const char *mp_plan_item_get_category_name (MpPlanItem *self);
/* Whether the names, descriptions, vendor or category of one of the plans
 * contain @folded (g_utf8_casefold()ed); NULL matches every row.
 */
gboolean    mp_plan_item_matches           (MpPlanItem *self,
                                            const char *folded);
const char *mp_plan_item_get_header        (MpPlanItem *self);
void        mp_plan_item_set_header        (MpPlanItem *self,
                                            const char *header);
gboolean    mp_plan_item_get_chosen        (MpPlanItem *self);
void        mp_plan_item_set_chosen        (MpPlanItem *self,
                                            gboolean    chosen);

G_END_DECLS
