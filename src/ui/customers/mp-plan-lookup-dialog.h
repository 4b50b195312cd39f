/* mp-plan-lookup-dialog.h: the service-plan look-up dialog (the magnifier pop-up)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_PLAN_LOOKUP_DIALOG (mp_plan_lookup_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MpPlanLookupDialog, mp_plan_lookup_dialog, MP, PLAN_LOOKUP_DIALOG, AdwWindow)

/* A modal window listing the plans, with a search entry. Activating a plan
 * emits "plan-chosen" (const char *plan_id) and closes the window.
 * @audience: "customer", "reseller" or NULL (the default) for every plan.
 */
GtkWidget *mp_plan_lookup_dialog_new          (MpSession          *session);
void       mp_plan_lookup_dialog_set_audience (MpPlanLookupDialog *self,
                                               const char         *audience);

G_END_DECLS
