/* mp-overview-page.h: the reseller's money at a glance
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_OVERVIEW_PAGE (mp_overview_page_get_type ())

G_DECLARE_FINAL_TYPE (MpOverviewPage, mp_overview_page, MP, OVERVIEW_PAGE, AdwBin)

/* The reseller overview (Customers > Overview, or the main menu's
 * Overview, Ctrl+Shift+O): the monthly recurring total across customers,
 * the top customers as a bar chart with the same figures in a list, and the
 * subscriptions that renew this month.
 */
GtkWidget *mp_overview_page_new (MpSession *session);

G_END_DECLS
