/* mp-report.h: a rated-data report (SimpleAPI Report)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-enums.h"
#include "mp-money.h"

G_BEGIN_DECLS

#define MP_TYPE_REPORT (mp_report_get_type ())

G_DECLARE_FINAL_TYPE (MpReport, mp_report, MP, REPORT, GObject)

MpReport       *mp_report_new_from_json          (JsonObject  *object,
                                                  GError     **error);
const char     *mp_report_get_id                 (MpReport    *self);
const char     *mp_report_get_name               (MpReport    *self);
const char     *mp_report_get_customization_name (MpReport    *self);
MpReportStatus  mp_report_get_status             (MpReport    *self);
MpReportType    mp_report_get_report_type        (MpReport    *self);
MpReportFormat  mp_report_get_format             (MpReport    *self);
/* As the marketplace sent them (date-times, "2026-11-01T00:00:00Z"). */
const char     *mp_report_get_creation_date      (MpReport    *self);
const char     *mp_report_get_start_date         (MpReport    *self);
const char     *mp_report_get_end_date           (MpReport    *self);
/* The file's URL, NULL until the report is completed. */
const char     *mp_report_get_download_url       (MpReport    *self);
/* Extensions of the demo server: -1 / NULL where not sent. */
gint64          mp_report_get_line_count         (MpReport    *self);
/* The recurring charges of the period's subscriptions, and what its
 * completed orders charged. */
const MpMoney  *mp_report_get_total              (MpReport    *self);
const MpMoney  *mp_report_get_order_total        (MpReport    *self);
/* A file name for the report: "NAME START–END.EXT", safe on any file system. */
char           *mp_report_dup_file_name          (MpReport    *self);

G_END_DECLS
