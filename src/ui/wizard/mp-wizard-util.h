/* mp-wizard-util.h: helpers shared by the steps of the purchase pipeline
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-api.h"

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
/* Whether @text mentions @needle (case-insensitive); FALSE for NULL. */
gboolean   mp_wizard_mentions         (const char    *text,
                                       const char    *needle);

G_END_DECLS
