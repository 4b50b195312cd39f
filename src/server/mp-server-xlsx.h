/* mp-server-xlsx.h: a report's CSV file as an Office Open XML workbook
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The rows of CSV (RFC 4180, CRLF, a header row first, as the server
 * writes its reports) as an .xlsx workbook of one sheet, "Report": a ZIP
 * archive (entries stored, not compressed) of the five parts a
 * spreadsheet needs. The cells of the columns named in NUMERIC (by their
 * header) are numbers when they read as one (a sign, digits and a decimal
 * point), every other cell is text.
 */
GBytes *mp_server_xlsx_from_csv (GBytes             *csv,
                                 const char * const *numeric);

G_END_DECLS
