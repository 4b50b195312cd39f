/* mp-client-reports.h: rated-data reports (GET/POST /reports,
 * GET /reports/{id}, and the file behind a report's downloadUrl)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-client.h"
#include "mp-report.h"

G_BEGIN_DECLS

/* POST /reports: a report of @type (ONETIME, DAILY or MONTHLY; UNKNOWN
 * leaves it to the marketplace, a one-time report) in @format for the days
 * @start through @end (@end may be NULL for DAILY and MONTHLY). SimpleAPI's
 * type is read-only: it is sent only for DAILY and MONTHLY to a server
 * with extensions (the demo's), else left out (a one-time report).
 * @customization_name may be NULL. The marketplace's refusals (400 with
 * the field concerned) come back as MP_CLIENT_ERROR errors.
 */
void          mp_client_request_report_async       (MpClient            *self,
                                                    const char          *name,
                                                    const char          *customization_name,
                                                    MpReportType         type,
                                                    MpReportFormat       format,
                                                    const GDate         *start,
                                                    const GDate         *end,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
MpReport     *mp_client_request_report_finish      (MpClient            *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* GET /reports, newest first; NULL filters (and the UNKNOWN values) are
 * left out. An MpPagedList of MpReport.
 */
MpPagedList  *mp_client_list_reports               (MpClient            *self,
                                                    const char          *name,
                                                    MpReportStatus       status,
                                                    MpReportFormat       format);
void          mp_client_get_report_async           (MpClient            *self,
                                                    const char          *report_id,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
MpReport     *mp_client_get_report_finish          (MpClient            *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* Downloads a completed report's file into @stream as it arrives (the
 * stream is flushed, not closed); returns the number of bytes written, -1
 * on error. A report without a download URL is MP_CLIENT_ERROR_VALIDATION.
 */
void          mp_client_download_report_async      (MpClient            *self,
                                                    MpReport            *report,
                                                    GOutputStream       *stream,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
gint64        mp_client_download_report_finish     (MpClient            *self,
                                                    GAsyncResult        *result,
                                                    GError             **error);
/* As above into @file through g_file_replace (): an existing file is
 * replaced only once the whole download arrived, so a failed download
 * leaves it as it was (a new file exists, growing, while it downloads).
 */
void          mp_client_download_report_to_file_async  (MpClient            *self,
                                                        MpReport            *report,
                                                        GFile               *file,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
gint64        mp_client_download_report_to_file_finish (MpClient            *self,
                                                        GAsyncResult        *result,
                                                        GError             **error);

G_END_DECLS
