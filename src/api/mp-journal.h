/* mp-journal.h: the local, append-only journal of the orders this app placed or cancelled
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-journal-entry.h"
#include "mp-list-source.h"

G_BEGIN_DECLS

#define MP_TYPE_JOURNAL (mp_journal_get_type ())

G_DECLARE_FINAL_TYPE (MpJournal, mp_journal, MP, JOURNAL, GObject)

/* One journal per account and marketplace: a JSON-lines file (one
 * MpJournalEntry per line, mp_journal_entry_to_json()) under
 * g_get_user_data_dir()/market-panel/journal/<SHA-256 of base URL,
 * marketplace and login>.jsonl, mode 0600, in a folder of mode 0700.
 * The port of a loopback base URL is left out of the name: the demo
 * marketplace takes a free port at each start.
 *
 * Lines are only ever appended, each written and fsync'd by one worker
 * thread in the order they were appended, never on the main loop. A later
 * status of an order is a new line (MP_JOURNAL_EVENT_STATUS) naming the
 * order. A line that does not parse (the torn last line of a crash) is
 * skipped; the next line written starts on a line of its own.
 *
 * The journal is an MpListSource (a GListModel of MpJournalEntry, newest
 * first) whose rows are folded: a status line updates the row of its
 * order's placement instead of being a row (it is a row of its own when
 * no placement of that order is in the file). "loading" is TRUE while the
 * file is read; reload() reads it again.
 */
MpJournal      *mp_journal_new                  (const char     *path);
MpJournal      *mp_journal_new_for_account      (const char     *base_url,
                                                 const char     *marketplace,
                                                 const char     *login);
char           *mp_journal_build_path           (const char     *base_url,
                                                 const char     *marketplace,
                                                 const char     *login) G_GNUC_WARN_UNUSED_RESULT;
const char     *mp_journal_get_path             (MpJournal      *self);
/* TRUE once the file was read the first time. Property "loaded". */
gboolean        mp_journal_get_loaded           (MpJournal      *self);

/* Records @entry: it is in the rows at once (folded), and written to the
 * file in the background. A write that fails is logged ("error" is set).
 */
void            mp_journal_append               (MpJournal      *self,
                                                 MpJournalEntry *entry);
/* The row of order @order_id, or NULL. */
MpJournalEntry *mp_journal_lookup_order         (MpJournal      *self,
                                                 const char     *order_id);
/* The number of lines appended or read (the rows before folding). */
guint           mp_journal_get_n_records        (MpJournal      *self);

/* Completes once everything appended before the call is on disk (and the
 * file was read). For tests, and for a clean exit.
 */
void            mp_journal_flush_async          (MpJournal          *self,
                                                 GCancellable       *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer            user_data);
gboolean        mp_journal_flush_finish         (MpJournal          *self,
                                                 GAsyncResult       *result,
                                                 GError            **error);

/* Blocks until every journal's lines are written (at most TIMEOUT_MS):
 * call it at the end of the process only, never on a running main loop.
 */
gboolean        mp_journal_wait_written         (guint               timeout_ms);

G_END_DECLS
