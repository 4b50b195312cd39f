/* mp-list-export.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-list-export"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-list-export.h"

/* How long one step runs, the gap between steps, and how many bytes may wait while a
 * chunk is being written before the formatting waits for the file.
 */
#define STEP_USEC   (4 * 1000)
#define STEP_GAP_MS 1
#define MAX_PENDING (4 * MP_CSV_WRITER_CHUNK_SIZE)

struct _MpListExport
{
  GObject        parent_instance;

  GListModel    *rows;
  GPtrArray     *columns;    /* const MpListPageColumn *, exported ones */
  GObject       *owner;

  /* While an export runs */
  GTask         *task;
  GTask         *failed_task; /* failed while a chunk was being written */
  GFile         *file;
  gboolean       created;    /* the file did not exist before */
  MpCsvWriter   *writer;
  GPtrArray     *items;      /* the rows taken */
  gboolean       taken;      /* every row is in items */
  gulong         changed_id;
  guint          idle_id;
  guint          n_rows;
  guint          n_done;
};

G_DEFINE_FINAL_TYPE (MpListExport, mp_list_export, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_N_ROWS,
  PROP_N_DONE,
  PROP_FRACTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_list_export_dispose (GObject *object)
{
  MpListExport *self = MP_LIST_EXPORT (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->rows);
  g_clear_object (&self->rows);
  g_clear_object (&self->owner);
  g_clear_object (&self->writer);
  g_clear_object (&self->file);
  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->columns, g_ptr_array_unref);

  G_OBJECT_CLASS (mp_list_export_parent_class)->dispose (object);
}

static void
mp_list_export_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MpListExport *self = MP_LIST_EXPORT (object);

  switch (prop_id)
    {
    case PROP_N_ROWS:
      g_value_set_uint (value, self->n_rows);
      break;

    case PROP_N_DONE:
      g_value_set_uint (value, self->n_done);
      break;

    case PROP_FRACTION:
      g_value_set_double (value, mp_list_export_get_fraction (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_list_export_class_init (MpListExportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_list_export_dispose;
  object_class->get_property = mp_list_export_get_property;

  properties[PROP_N_ROWS] =
    g_param_spec_uint ("n-rows", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_DONE] =
    g_param_spec_uint ("n-done", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FRACTION] =
    g_param_spec_double ("fraction", NULL, NULL, 0.0, 1.0, 0.0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_list_export_init (MpListExport *self)
{
}

/**
 * mp_list_export_new:
 * @rows: the items, in the order to write them
 * @columns: (array length=n_columns): the columns, in their order; those
 *   with neither a value nor a money function are left out
 * @n_columns: how many
 * @owner: (nullable): the user data of the columns' functions (the page)
 *
 * Returns: (transfer full): an export, not yet started
 */
MpListExport *
mp_list_export_new (GListModel                     *rows,
                    const MpListPageColumn * const *columns,
                    guint                           n_columns,
                    GObject                        *owner)
{
  MpListExport *self;

  g_return_val_if_fail (G_IS_LIST_MODEL (rows), NULL);
  g_return_val_if_fail (columns != NULL || n_columns == 0, NULL);

  self = g_object_new (MP_TYPE_LIST_EXPORT, NULL);
  self->rows = g_object_ref (rows);
  self->owner = owner != NULL ? g_object_ref (owner) : NULL;
  self->columns = g_ptr_array_new ();
  for (guint i = 0; i < n_columns; i++)
    if (columns[i]->value != NULL || columns[i]->money != NULL)
      g_ptr_array_add (self->columns, (gpointer) columns[i]);
  return self;
}

guint
mp_list_export_get_n_rows (MpListExport *self)
{
  g_return_val_if_fail (MP_IS_LIST_EXPORT (self), 0);

  return self->n_rows;
}

guint
mp_list_export_get_n_done (MpListExport *self)
{
  g_return_val_if_fail (MP_IS_LIST_EXPORT (self), 0);

  return self->n_done;
}

/* The share of the rows written (0 while they are being taken). */
double
mp_list_export_get_fraction (MpListExport *self)
{
  g_return_val_if_fail (MP_IS_LIST_EXPORT (self), 0.0);

  if (!self->taken || self->n_rows == 0)
    return self->taken ? 1.0 : 0.0;
  return (double) self->n_done / self->n_rows;
}

static void
add_header (MpListExport *self)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < self->columns->len; i++)
    {
      const MpListPageColumn *column = g_ptr_array_index (self->columns, i);

      g_ptr_array_add (fields, g_strdup (_(column->title)));
      if (column->money != NULL)
        /* Translators: the header of the column of a CSV file with the
         * currency of the amounts of the column before it, "Price Currency".
         */
        g_ptr_array_add (fields, g_strdup_printf (_("%s Currency"), _(column->title)));
    }
  mp_csv_writer_add_row (self->writer, (const char * const *) fields->pdata, fields->len);
}

static void
add_item (MpListExport *self,
          gpointer      item,
          GPtrArray    *fields)
{
  g_ptr_array_set_size (fields, 0);
  for (guint i = 0; i < self->columns->len; i++)
    {
      const MpListPageColumn *column = g_ptr_array_index (self->columns, i);
      MpMoney money;

      if (column->money == NULL)
        g_ptr_array_add (fields, column->value (item, self->owner));
      else if (column->money (item, self->owner, &money))
        {
          g_ptr_array_add (fields, mp_money_to_string (&money));
          g_ptr_array_add (fields, g_strdup (money.currency));
        }
      else
        {
          g_ptr_array_add (fields, NULL);
          g_ptr_array_add (fields, NULL);
        }
    }
  mp_csv_writer_add_row (self->writer, (const char * const *) fields->pdata, fields->len);
}

/* The asynchronous export */

static void step_later (MpListExport *self);

static void
notify_progress (MpListExport *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DONE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
stop (MpListExport *self)
{
  g_clear_handle_id (&self->idle_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->rows);
  g_clear_pointer (&self->items, g_ptr_array_unref);
}

static void
deleted_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;

  g_file_delete_finish (G_FILE (source), result, NULL);
  g_task_return_error (task, g_steal_pointer ((GError **) g_task_get_task_data (task)));
}

static void
error_closed_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpListExport *self = g_task_get_source_object (task);

  g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, NULL);
  if (self->created)
    g_file_delete_async (self->file, G_PRIORITY_DEFAULT, NULL, deleted_cb, g_steal_pointer (&task));
  else
    g_task_return_error (task, g_steal_pointer ((GError **) g_task_get_task_data (task)));
}

static void
free_error_slot (gpointer data)
{
  GError **slot = data;

  g_clear_error (slot);
  g_free (slot);
}

/* Closes the stream of a failed export as if cancelled, so that a replaced
 * file keeps its old contents (a new one is deleted after).
 */
static void
close_failed (MpListExport *self,
              GTask        *task)
{
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();

  g_cancellable_cancel (cancelled);
  g_output_stream_close_async (mp_csv_writer_get_stream (self->writer), G_PRIORITY_DEFAULT, cancelled,
                               error_closed_cb, task);
}

/* Ends the export with ERROR (taken), once a chunk being written is. */
static void
fail (MpListExport *self,
      GError       *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->task);
  GError **slot;

  g_return_if_fail (task != NULL);

  stop (self);
  slot = g_new0 (GError *, 1);
  *slot = error;
  g_task_set_task_data (task, slot, free_error_slot);
  if (self->writer == NULL)
    g_task_return_error (task, g_steal_pointer (slot));
  else if (mp_csv_writer_is_writing (self->writer))
    self->failed_task = g_steal_pointer (&task);
  else
    close_failed (self, g_steal_pointer (&task));
}

static void
closed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MpListExport) self = user_data;
  GError *error = NULL;

  if (self->task == NULL)
    return;
  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (source), result, &error))
    {
      /* Closed already: only delete a new file. */
      g_clear_object (&self->writer);
      if (self->created)
        g_file_delete_async (self->file, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
      fail (self, error);
      return;
    }
  g_task_return_boolean (self->task, TRUE);
  g_clear_object (&self->task);
}

static void write_chunk (MpListExport *self);

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MpListExport) self = user_data;
  GError *error = NULL;

  if (self->task == NULL)
    {
      /* It failed meanwhile: the stream is free to close now. */
      mp_csv_writer_write_finish (MP_CSV_WRITER (source), result, NULL);
      if (self->failed_task != NULL)
        close_failed (self, g_steal_pointer (&self->failed_task));
      return;
    }
  if (!mp_csv_writer_write_finish (MP_CSV_WRITER (source), result, &error))
    {
      fail (self, error);
      return;
    }
  if (self->taken && self->n_done == self->n_rows)
    {
      /* Every row is formatted: the rest, then close. */
      if (mp_csv_writer_get_pending (self->writer) > 0)
        write_chunk (self);
      else
        g_output_stream_close_async (mp_csv_writer_get_stream (self->writer), G_PRIORITY_DEFAULT,
                                     g_task_get_cancellable (self->task), closed_cb, g_object_ref (self));
      return;
    }
  if (self->idle_id == 0)
    step_later (self);
}

static void
write_chunk (MpListExport *self)
{
  mp_csv_writer_write_async (self->writer, g_task_get_cancellable (self->task), written_cb, g_object_ref (self));
}

/* Takes references to the rows; FALSE when the step's time is up first. */
static gboolean
take_rows (MpListExport *self,
           gint64        deadline)
{
  guint n = g_list_model_get_n_items (self->rows);

  while (self->items->len < n)
    {
      g_ptr_array_add (self->items, g_list_model_get_item (self->rows, self->items->len));
      if (self->items->len % 256 == 0 && g_get_monotonic_time () >= deadline)
        return FALSE;
    }
  self->taken = TRUE;
  self->n_rows = n;
  g_clear_signal_handler (&self->changed_id, self->rows);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ROWS]);
  return TRUE;
}

static gboolean
step_cb (gpointer user_data)
{
  MpListExport *self = user_data;
  gint64 deadline = g_get_monotonic_time () + STEP_USEC;
  g_autoptr(GPtrArray) fields = NULL;

  if (g_cancellable_is_cancelled (g_task_get_cancellable (self->task)))
    {
      self->idle_id = 0;
      fail (self, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("The export was cancelled")));
      return G_SOURCE_REMOVE;
    }

  if (!self->taken && !take_rows (self, deadline))
    return G_SOURCE_CONTINUE;

  fields = g_ptr_array_new_with_free_func (g_free);
  while (self->n_done < self->n_rows)
    {
      add_item (self, g_ptr_array_index (self->items, self->n_done), fields);
      /* Drop the row's reference as soon as it is written. */
      g_clear_object ((GObject **) &self->items->pdata[self->n_done]);
      self->n_done++;
      if (self->n_done % 64 != 0)
        continue;
      if (!mp_csv_writer_is_writing (self->writer) &&
          mp_csv_writer_get_pending (self->writer) >= MP_CSV_WRITER_CHUNK_SIZE)
        write_chunk (self);
      if (mp_csv_writer_get_pending (self->writer) >= MAX_PENDING)
        {
          /* The file is slower: go on when the chunk is written. */
          self->idle_id = 0;
          notify_progress (self);
          return G_SOURCE_REMOVE;
        }
      if (g_get_monotonic_time () >= deadline)
        {
          notify_progress (self);
          return G_SOURCE_CONTINUE;
        }
    }
  notify_progress (self);
  self->idle_id = 0;
  g_clear_pointer (&self->items, g_ptr_array_unref);
  if (!mp_csv_writer_is_writing (self->writer))
    write_chunk (self);
  return G_SOURCE_REMOVE;
}

static void
step_later (MpListExport *self)
{
  g_assert (self->idle_id == 0);
  /* A step every STEP_GAP_MS at the default priority, not an idle: an
   * idle never runs while the window paints frame after frame (a software
   * GL renderer on a loaded machine), and between two steps the frames,
   * input and I/O callbacks have the main loop.
   */
  self->idle_id = g_timeout_add_full (G_PRIORITY_DEFAULT, STEP_GAP_MS, step_cb, self, NULL);
}

/* The rows written are dropped (NULL) at once. */
static void
unref_row (gpointer object)
{
  if (object != NULL)
    g_object_unref (object);
}

static void
rows_changed_cb (MpListExport *self)
{
  /* Not what was shown when the export began: take them again. */
  g_ptr_array_set_size (self->items, 0);
}

static void
start (MpListExport  *self,
       GOutputStream *stream)
{
  self->writer = mp_csv_writer_new (stream);
  add_header (self);
  self->items = g_ptr_array_new_with_free_func (unref_row);
  self->taken = FALSE;
  self->n_done = 0;
  self->changed_id = g_signal_connect_swapped (self->rows, "items-changed", G_CALLBACK (rows_changed_cb), self);
  step_later (self);
}

static void
replaced_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MpListExport) self = user_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  GError *error = NULL;

  stream = g_file_replace_finish (G_FILE (source), result, &error);
  if (stream == NULL)
    {
      fail (self, error);
      return;
    }
  start (self, G_OUTPUT_STREAM (stream));
}

static void
created_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MpListExport) self = user_data;
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  stream = g_file_create_finish (G_FILE (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      /* The file chooser asked whether to replace it. */
      g_file_replace_async (self->file, NULL, FALSE, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT,
                            NULL, replaced_cb, g_object_ref (self));
      return;
    }
  if (stream == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  self->created = TRUE;
  start (self, G_OUTPUT_STREAM (stream));
}

/**
 * mp_list_export_write_async:
 * @self: an export not started before
 * @file: the CSV file to write (replaced if it exists)
 * @cancellable: (nullable): to stop it
 * @callback: called when the file is complete, or on an error
 * @user_data: for @callback
 */
void
mp_list_export_write_async (MpListExport        *self,
                            GFile               *file,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MP_IS_LIST_EXPORT (self));
  g_return_if_fail (G_IS_FILE (file));
  g_return_if_fail (self->task == NULL && self->writer == NULL);

  self->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (self->task, mp_list_export_write_async);
  self->file = g_object_ref (file);
  /* Not cancellable: a file opened as the export is cancelled would be
   * left behind. The first step sees the cancellation, and cleans up.
   */
  g_file_create_async (file, G_FILE_CREATE_NONE, G_PRIORITY_DEFAULT, NULL, created_cb,
                       g_object_ref (self));
}

gboolean
mp_list_export_write_finish (MpListExport  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
mp_list_export_write_sync (MpListExport  *self,
                           GFile         *file,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  guint n;

  g_return_val_if_fail (MP_IS_LIST_EXPORT (self), FALSE);
  g_return_val_if_fail (self->task == NULL && self->writer == NULL, FALSE);

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return FALSE;
  self->writer = mp_csv_writer_new (G_OUTPUT_STREAM (stream));
  add_header (self);
  n = g_list_model_get_n_items (self->rows);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (self->rows, i);

      add_item (self, item, fields);
      if (mp_csv_writer_get_pending (self->writer) >= MP_CSV_WRITER_CHUNK_SIZE &&
          !mp_csv_writer_write (self->writer, cancellable, error))
        return FALSE;
    }
  self->n_rows = self->n_done = n;
  self->taken = TRUE;
  return mp_csv_writer_write (self->writer, cancellable, error) &&
         g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

char *
mp_list_export_period_value (MpPeriod *period)
{
  char unit;

  if (period == NULL)
    return NULL;
  switch (mp_period_get_unit (period))
    {
    case MP_PERIOD_UNIT_DAY:
      unit = 'D';
      break;

    case MP_PERIOD_UNIT_MONTH:
      unit = 'M';
      break;

    case MP_PERIOD_UNIT_YEAR:
      unit = 'Y';
      break;

    case MP_PERIOD_UNIT_UNKNOWN:
    default:
      return NULL;
    }
  return g_strdup_printf ("P%" G_GINT64_FORMAT "%c", mp_period_get_duration (period), unit);
}

gboolean
mp_list_export_money_value (const MpMoney *money,
                            MpMoney       *out)
{
  if (money == NULL)
    return FALSE;
  *out = *money;
  return TRUE;
}
