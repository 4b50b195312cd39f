/* mp-db.h: the marketplace database (SQLite, WAL)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <sqlite3.h>

G_BEGIN_DECLS

typedef struct _MpDb MpDb;

MpDb         *mp_db_open        (const char  *path,
                                 gboolean    *created,
                                 GError     **error);
void          mp_db_free        (MpDb        *self);
sqlite3      *mp_db_get_handle  (MpDb        *self);
/* A prepared statement, cached per connection; reset and unbound on return. */
sqlite3_stmt *mp_db_prepare     (MpDb        *self,
                                 const char  *sql);
gboolean      mp_db_exec        (MpDb        *self,
                                 const char  *sql,
                                 GError     **error);
gboolean      mp_db_begin       (MpDb        *self,
                                 GError     **error);
gboolean      mp_db_commit      (MpDb        *self,
                                 GError     **error);
void          mp_db_rollback    (MpDb        *self);
void          mp_db_bind_text   (sqlite3_stmt *stmt,
                                 const char   *parameter,
                                 const char   *value);
/* Runs an already bound statement that returns no rows. */
gboolean      mp_db_step_done   (MpDb        *self,
                                 sqlite3_stmt *stmt,
                                 GError     **error);
gint64        mp_db_last_id     (MpDb        *self);
/* Rows inserted, updated or deleted in TABLE since the database was opened
 * (by this connection): a cache of a table's contents is stale once it
 * changed. */
guint64       mp_db_table_changes (MpDb       *self,
                                   const char *table);
void          mp_db_set_error   (MpDb        *self,
                                 GError     **error);
void          mp_db_set_marketplace (MpDb     *self,
                                     const char *code);
/* SQL: COLUMN (a catalogue text) in the marketplace's language, e.g.
 * MP_TR ("plan", "p.id", "name", "p.name"). */
#define MP_TR(kind, id, field, column) "tr ('" kind "', " id ", '" field "', " column ")"
/* Text of a column, never NULL. */
const char   *mp_db_text        (sqlite3_stmt *stmt,
                                 int           column);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpDb, mp_db_free)

G_END_DECLS
