/* mp-list-export.h: the rows of a list written to a CSV file without blocking
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-list-page.h"

G_BEGIN_DECLS

#define MP_TYPE_LIST_EXPORT (mp_list_export_get_type ())

G_DECLARE_FINAL_TYPE (MpListExport, mp_list_export, MP, LIST_EXPORT, GObject)

/* One export of ROWS (a GListModel of the list's items) in COLUMNS (their
 * value or money functions, called with OWNER as user data) to a CSV file:
 * a header row of the columns' titles, then a row per item. On the main
 * loop it never blocks: the rows are first taken (references, in steps of
 * a few milliseconds each, 1 ms apart; taken again from the start if ROWS change
 * meanwhile), then their values written in steps of a few milliseconds
 * each, the file written asynchronously in chunks while the next rows are
 * formatted. "n-done" and "fraction" follow the progress (notified once a
 * step). Cancelling stops it; a file it created is then deleted, one it
 * replaces is left as it was.
 */
MpListExport *mp_list_export_new          (GListModel                      *rows,
                                           const MpListPageColumn * const  *columns,
                                           guint                            n_columns,
                                           GObject                         *owner);
guint         mp_list_export_get_n_rows   (MpListExport                    *self);
guint         mp_list_export_get_n_done   (MpListExport                    *self);
double        mp_list_export_get_fraction (MpListExport                    *self);
void          mp_list_export_write_async  (MpListExport                    *self,
                                           GFile                           *file,
                                           GCancellable                    *cancellable,
                                           GAsyncReadyCallback              callback,
                                           gpointer                         user_data);
gboolean      mp_list_export_write_finish (MpListExport                    *self,
                                           GAsyncResult                    *result,
                                           GError                         **error);
/* The same file, written at once, blocking (the benchmark's baseline). */
gboolean      mp_list_export_write_sync   (MpListExport                    *self,
                                           GFile                           *file,
                                           GCancellable                    *cancellable,
                                           GError                         **error);

/* Helpers of the pages' value and money functions: a period as an
 * ISO 8601 duration ("P1M", "P1Y"; NULL without one), and MONEY (if any)
 * copied to OUT.
 */
char         *mp_list_export_period_value (MpPeriod                        *period);
gboolean      mp_list_export_money_value  (const MpMoney                   *money,
                                           MpMoney                         *out);

G_END_DECLS
