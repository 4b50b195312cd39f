/* mp-wizard-util.h: helpers shared by the steps of the purchase pipeline
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-api.h"
#include "mp-error-box.h"

G_BEGIN_DECLS

/* Setup and recurring price of @plan for @period at the draft's amounts
 * (recurring counts the units above the included amount). FALSE when the
 * plan has no prices for the period.
 */
gboolean   mp_wizard_plan_price       (MpPlan        *plan,
                                       MpPeriod      *period,
                                       MpOrderDraft  *draft,
                                       MpMoney       *setup,
                                       MpMoney       *recurring);
/* "per month", "per year", "per 3 months". */
char      *mp_wizard_format_per       (MpPeriod      *period);
/* "Reseller plan" / "Customer plan". */
const char *mp_wizard_audience_label  (MpAudience     audience);
void       mp_wizard_clear_list_box   (GtkListBox    *list_box);
/* The key under which @table holds @value, or NULL: a step keeps its
 * widgets in a table (ID -> widget) and reads it backwards when one of
 * them signals.
 */
gpointer   mp_wizard_table_key_of     (GHashTable    *table,
                                       gconstpointer  value);

/* Called once the plan asked for by mp_wizard_fetch_plan() came (@plan,
 * now the draft's plan) or did not (@plan NULL, @error set); never when
 * the fetch was cancelled.
 */
typedef void (*MpWizardPlanFunc)  (gpointer       user_data,
                                   MpPlan        *plan,
                                   const GError  *error);
/* Fetches plan @plan_id in detail and makes it @draft's plan. A failure is
 * shown in @error_box (when not NULL) as "Could Not Load the Plan" before
 * @func is called. @cancellable must be cancelled before @user_data goes.
 */
void       mp_wizard_fetch_plan       (MpClient      *client,
                                       MpOrderDraft  *draft,
                                       const char    *plan_id,
                                       MpErrorBox    *error_box,
                                       GCancellable  *cancellable,
                                       MpWizardPlanFunc func,
                                       gpointer       user_data);

G_END_DECLS
