/* mp-server-row-cache.h: list rows as last written, kept until a table they are
 * written from changes
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "mp-db.h"
#include "mp-json-writer.h"

G_BEGIN_DECLS

/* Each row's JSON (subscriptions', orders') by its id, so that a list page
 * not in the page cache is its ids and the rows copied, rather than the
 * statement and the members of every row written again. The cache holds
 * rows of one state of TABLES (the sum of their SQLite update-hook
 * counts, mp_db_table_changes ()): mp_row_cache_check () empties it when
 * any of them was written since. At most MAX_BYTES of rows are kept.
 */
typedef struct _MpRowCache MpRowCache;

MpRowCache *mp_row_cache_new     (const char * const *tables,
                                  guint               n_tables,
                                  gsize               max_bytes);
void        mp_row_cache_free    (MpRowCache         *self);
/* Empties the cache if a table of its rows changed; call before a page. */
void        mp_row_cache_check   (MpRowCache         *self,
                                  MpDb               *db);
/* Keeps the row WRITER holds from START on (a leading comma aside) as
 * ID's, replacing the one kept before.
 */
void        mp_row_cache_keep    (MpRowCache         *self,
                                  MpJsonWriter       *writer,
                                  gsize               start,
                                  gint64              id);
/* Writes the rows of the N_IDS ids (at most 1000) if every one is kept;
 * FALSE, and nothing written, if not.
 */
gboolean    mp_row_cache_write   (MpRowCache         *self,
                                  MpJsonWriter       *writer,
                                  const gint64       *ids,
                                  guint               n_ids);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpRowCache, mp_row_cache_free)

G_END_DECLS
