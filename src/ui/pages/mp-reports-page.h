/* mp-reports-page.h: Billing Reports: request, follow, open and save
 * rated-data reports
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_REPORTS_PAGE (mp_reports_page_get_type ())

G_DECLARE_FINAL_TYPE (MpReportsPage, mp_reports_page, MP, REPORTS_PAGE, AdwBin)

GtkWidget  *mp_reports_page_new          (MpSession     *session);
/* The reports listed, newest first (MpReport). */
GListModel *mp_reports_page_get_reports  (MpReportsPage *self);
/* What Save… does once a file is chosen: the report's file into FILE,
 * with a toast and the signal "saved" (GFile) when done, or the error in
 * the page. */
void        mp_reports_page_save_report  (MpReportsPage *self,
                                          MpReport      *report,
                                          GFile         *file);
/* Polling interval of the reports not completed yet (default 1000 ms). */
void        mp_reports_page_set_poll_interval (MpReportsPage *self,
                                               guint          milliseconds);

G_END_DECLS
