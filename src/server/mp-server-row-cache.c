/* mp-server-row-cache.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-server-row-cache.h"

struct _MpRowCache
{
  const char * const *tables;
  guint               n_tables;
  gsize               max_bytes;
  GHashTable         *rows;     /* id (gint64 *) -> GBytes: the row's JSON, NUL-ended */
  gsize               bytes;
  guint64             version;  /* the tables' change count the rows are of */
};

MpRowCache *
mp_row_cache_new (const char * const *tables,
                  guint               n_tables,
                  gsize               max_bytes)
{
  MpRowCache *self = g_new0 (MpRowCache, 1);

  self->tables = tables;
  self->n_tables = n_tables;
  self->max_bytes = max_bytes;
  self->rows = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_bytes_unref);
  return self;
}

void
mp_row_cache_free (MpRowCache *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->rows);
  g_free (self);
}

void
mp_row_cache_check (MpRowCache *self,
                    MpDb       *db)
{
  guint64 version = 0;

  for (guint i = 0; i < self->n_tables; i++)
    version += mp_db_table_changes (db, self->tables[i]);
  if (version != self->version)
    {
      g_hash_table_remove_all (self->rows);
      self->bytes = 0;
      self->version = version;
    }
}

void
mp_row_cache_keep (MpRowCache   *self,
                   MpJsonWriter *writer,
                   gsize         start,
                   gint64        id)
{
  const char *row = writer->out->str + start;
  gsize length = writer->out->len - start;
  GBytes *old = g_hash_table_lookup (self->rows, &id);
  gint64 *key;

  if (length > 0 && row[0] == ',')
    {
      row++;
      length--;
    }
  /* A row written again (a page with rows not kept) replaces its old self. */
  if (old != NULL)
    {
      self->bytes -= g_bytes_get_size (old) - 1;
      g_hash_table_remove (self->rows, &id);
    }
  if (self->bytes + length > self->max_bytes)
    return;
  key = g_new (gint64, 1);
  *key = id;
  g_hash_table_replace (self->rows, key, g_bytes_new_take (g_strndup (row, length), length + 1));
  self->bytes += length;
}

gboolean
mp_row_cache_write (MpRowCache   *self,
                    MpJsonWriter *writer,
                    const gint64 *ids,
                    guint         n_ids)
{
  GBytes **rows;

  g_return_val_if_fail (n_ids <= 1000, FALSE);

  rows = g_newa (GBytes *, n_ids + 1);
  for (guint i = 0; i < n_ids; i++)
    {
      rows[i] = g_hash_table_lookup (self->rows, &ids[i]);
      if (rows[i] == NULL)
        return FALSE;
    }
  for (guint i = 0; i < n_ids; i++)
    mp_json_raw (writer, g_bytes_get_data (rows[i], NULL));
  return TRUE;
}
