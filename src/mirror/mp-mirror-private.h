/* mp-mirror-private.h: the seam between the mirror's database
 * (mp-mirror.c), its refresh (mp-mirror-refresh.c) and its lists
 * (mp-mirror-list.c)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "mp-mirror.h"
#include "mp-mirror-scan.h"

G_BEGIN_DECLS

/* One row as a list holds it: its ID, a hash of its stored JSON (equal
 * hashes: the row did not change) and, once built, its object (from the
 * JSON in the database, read on the main thread's own connection).
 */
typedef struct
{
  char    *id;
  gint64   sort;   /* list order: higher sort first, then higher id */
  guint64  hash;
  char    *json;
  GObject *object;
} MpMirrorRow;

void         mp_mirror_row_free        (MpMirrorRow   *row);
/* The row's model object, built (once) from its stored JSON; main thread
 * only. A row deleted meanwhile gets an object with its ID alone.
 */
GObject     *mp_mirror_row_get_object  (MpMirror      *self,
                                        MpMirrorRow   *row,
                                        MpMirrorKind   kind);
GType        mp_mirror_kind_get_item_type (MpMirrorKind kind);
/* < 0 when @a comes before @b in a list. */
int          mp_mirror_row_compare     (const MpMirrorRow *a,
                                        const MpMirrorRow *b);

/* Every row of @kind, in list order (newest ID first): a GPtrArray of
 * MpMirrorRow (it frees them). Runs in the worker thread.
 */
void         mp_mirror_load_rows_async  (MpMirror            *self,
                                         MpMirrorKind         kind,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);
GPtrArray   *mp_mirror_load_rows_finish (MpMirror            *self,
                                         GAsyncResult        *result,
                                         GError             **error);

/* In the worker thread, with the lock held (mp_mirror_lock ()). */
typedef struct
{
  guint    rows;
  guint    changed;       /* rows whose stored JSON changed or that are new */
  GArray  *changed_rows;  /* if not NULL: their indices (guint) */
  GHashTable *seen_ids;   /* if not NULL: gets the ID of every row */
  guint64  last_hash;     /* of the last row written */
  GPtrArray *stale_ids;   /* subscriptions that need a detail call (may be NULL) */
} MpMirrorStoreStats;

/* A row to store: its exact JSON text (@object NULL: its members are read
 * by a scan of the text), or a parsed @object.
 */
typedef struct
{
  MpSpan      text;
  JsonObject *object;
} MpMirrorRowIn;

sqlite3     *mp_mirror_lock            (MpMirror            *self,
                                        GError             **error);
void         mp_mirror_unlock          (MpMirror            *self);
/* @generation > 0 marks the rows as seen by that refresh. */
gboolean     mp_mirror_store_rows_locked (MpMirror            *self,
                                          MpMirrorKind         kind,
                                          const MpMirrorRowIn *rows,
                                          guint                n_rows,
                                          gboolean             detailed,
                                          gint64               generation,
                                          MpMirrorStoreStats  *stats,
                                          GError             **error);
gboolean     mp_mirror_store_array_locked (MpMirror            *self,
                                           MpMirrorKind         kind,
                                           JsonArray           *rows,
                                           gboolean             detailed,
                                           gint64               generation,
                                           MpMirrorStoreStats  *stats,
                                           GError             **error);
gboolean     mp_mirror_exec_locked     (MpMirror            *self,
                                        const char          *sql,
                                        GError             **error);
const char  *mp_mirror_kind_table      (MpMirrorKind         kind);
char        *mp_mirror_get_meta_locked (MpMirror            *self,
                                        const char          *key);
gboolean     mp_mirror_set_meta_locked (MpMirror            *self,
                                        const char          *key,
                                        const char          *value,
                                        GError             **error);

/* Main thread. */
void         mp_mirror_set_updated     (MpMirror            *self,
                                        MpMirrorKind         kind,
                                        GDateTime           *updated);
void         mp_mirror_emit_changed    (MpMirror            *self,
                                        MpMirrorKind         kind);
void         mp_mirror_emit_row_changed (MpMirror           *self,
                                         MpMirrorKind        kind,
                                         const char         *id,
                                         guint64             hash);
/* The list order of an ID (SimpleAPI IDs are digits; others sort as 0). */
gint64       mp_mirror_sort_key        (const char          *id);
void         mp_mirror_count_request   (MpMirror            *self,
                                        gboolean             detail);
void         mp_mirror_set_refreshing  (MpMirror            *self,
                                        gboolean             refreshing);
/* The refresh's state (mp-mirror-refresh.c). */
typedef struct _MpMirrorRefresh MpMirrorRefresh;
MpMirrorRefresh *mp_mirror_get_refresh (MpMirror            *self);
void         mp_mirror_set_refresh     (MpMirror            *self,
                                        MpMirrorRefresh     *refresh);
GQueue      *mp_mirror_get_priority    (MpMirror            *self);

G_END_DECLS
