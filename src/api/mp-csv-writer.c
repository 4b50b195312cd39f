/* mp-csv-writer.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include <string.h>

#include "mp-csv-writer.h"

struct _MpCsvWriter
{
  GObject        parent_instance;

  GOutputStream *stream;
  GString       *buffer;     /* the rows not yet handed to the stream */
  guint64        n_rows;
  guint64        n_written;  /* bytes the stream took */
  gboolean       writing;
};

G_DEFINE_FINAL_TYPE (MpCsvWriter, mp_csv_writer, G_TYPE_OBJECT)

static void
mp_csv_writer_finalize (GObject *object)
{
  MpCsvWriter *self = MP_CSV_WRITER (object);

  g_clear_object (&self->stream);
  g_string_free (self->buffer, TRUE);

  G_OBJECT_CLASS (mp_csv_writer_parent_class)->finalize (object);
}

static void
mp_csv_writer_class_init (MpCsvWriterClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mp_csv_writer_finalize;
}

static void
mp_csv_writer_init (MpCsvWriter *self)
{
  self->buffer = g_string_sized_new (MP_CSV_WRITER_CHUNK_SIZE + 4096);
}

/**
 * mp_csv_writer_new:
 * @stream: where the CSV goes
 *
 * Returns: (transfer full): a writer of rows to @stream
 */
MpCsvWriter *
mp_csv_writer_new (GOutputStream *stream)
{
  MpCsvWriter *self;

  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), NULL);

  self = g_object_new (MP_TYPE_CSV_WRITER, NULL);
  self->stream = g_object_ref (stream);
  return self;
}

GOutputStream *
mp_csv_writer_get_stream (MpCsvWriter *self)
{
  g_return_val_if_fail (MP_IS_CSV_WRITER (self), NULL);

  return self->stream;
}

static gboolean
needs_quotes (const char *field,
              gsize       len)
{
  if (len == 0)
    return FALSE;
  if (field[0] == ' ' || field[len - 1] == ' ')
    return TRUE;
  return strpbrk (field, ",\"\r\n") != NULL;
}

void
mp_csv_append_field (GString    *out,
                     const char *field)
{
  g_autofree char *valid = NULL;
  gsize len;

  g_return_if_fail (out != NULL);

  if (field == NULL)
    return;
  if (!g_utf8_validate (field, -1, NULL))
    field = valid = g_utf8_make_valid (field, -1);
  len = strlen (field);
  if (!needs_quotes (field, len))
    {
      g_string_append_len (out, field, len);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = field; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

/**
 * mp_csv_writer_add_row:
 * @self: a writer
 * @fields: (array length=n_fields) (nullable): the row's fields
 * @n_fields: how many
 *
 * Adds one row to the buffer; no I/O.
 */
void
mp_csv_writer_add_row (MpCsvWriter        *self,
                       const char * const *fields,
                       gsize               n_fields)
{
  g_return_if_fail (MP_IS_CSV_WRITER (self));
  g_return_if_fail (fields != NULL || n_fields == 0);

  for (gsize i = 0; i < n_fields; i++)
    {
      if (i > 0)
        g_string_append_c (self->buffer, ',');
      mp_csv_append_field (self->buffer, fields[i]);
    }
  g_string_append_len (self->buffer, "\r\n", 2);
  self->n_rows++;
}

/* Bytes added and not yet handed to the stream. */
gsize
mp_csv_writer_get_pending (MpCsvWriter *self)
{
  g_return_val_if_fail (MP_IS_CSV_WRITER (self), 0);

  return self->buffer->len;
}

guint64
mp_csv_writer_get_n_rows (MpCsvWriter *self)
{
  g_return_val_if_fail (MP_IS_CSV_WRITER (self), 0);

  return self->n_rows;
}

guint64
mp_csv_writer_get_n_written (MpCsvWriter *self)
{
  g_return_val_if_fail (MP_IS_CSV_WRITER (self), 0);

  return self->n_written;
}

gboolean
mp_csv_writer_is_writing (MpCsvWriter *self)
{
  g_return_val_if_fail (MP_IS_CSV_WRITER (self), FALSE);

  return self->writing;
}

static GBytes *
take_buffer (MpCsvWriter *self)
{
  gsize len = self->buffer->len;
  GBytes *bytes = g_string_free_to_bytes (self->buffer);

  self->buffer = g_string_sized_new (MAX (len, MP_CSV_WRITER_CHUNK_SIZE) + 4096);
  return bytes;
}

static void
write_all_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpCsvWriter *self = g_task_get_source_object (task);
  GError *error = NULL;
  gsize written = 0;

  self->writing = FALSE;
  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, &written, &error);
  self->n_written += written;
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mp_csv_writer_write_async (MpCsvWriter         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_return_if_fail (MP_IS_CSV_WRITER (self));
  g_return_if_fail (!self->writing);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_csv_writer_write_async);
  if (self->buffer->len == 0)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  bytes = take_buffer (self);
  /* The bytes live as long as the task. */
  g_task_set_task_data (task, g_bytes_ref (bytes), (GDestroyNotify) g_bytes_unref);
  self->writing = TRUE;
  g_output_stream_write_all_async (self->stream, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                   G_PRIORITY_DEFAULT, cancellable, write_all_cb, g_steal_pointer (&task));
}

gboolean
mp_csv_writer_write_finish (MpCsvWriter   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Writes what is pending, blocking (in a worker thread, or a tool). */
gboolean
mp_csv_writer_write (MpCsvWriter   *self,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gsize written = 0;
  gboolean ok;

  g_return_val_if_fail (MP_IS_CSV_WRITER (self), FALSE);
  g_return_val_if_fail (!self->writing, FALSE);

  ok = g_output_stream_write_all (self->stream, self->buffer->str, self->buffer->len, &written,
                                  cancellable, error);
  self->n_written += written;
  g_string_erase (self->buffer, 0, written);
  return ok;
}
