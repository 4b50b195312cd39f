/* mp-mirror-list.c: a list of the mirror, for a list page
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-mirror"

#include "config.h"

#include <string.h>

#include "mp-mirror-list.h"

#include "mp-mirror-private.h"
#include "mp-mirror-enum-types.h"

struct _MpMirrorList
{
  GObject parent_instance;

  MpMirror     *mirror;
  MpMirrorKind  kind;
  GPtrArray    *rows;            /* MpMirrorRow */

  GCancellable *cancellable;     /* of the read and the refresh wait */
  gboolean      reading;
  gboolean      read_again;      /* rows were written during a read */
  guint         refreshes;      /* refreshes asked for by reload () and not done */
  gboolean      loading;
  GError       *error;
  GDateTime    *updated;
  GPtrArray    *waits;           /* GTask of mp_mirror_list_wait_async () */
};

static void mp_mirror_list_model_init (GListModelInterface *iface);
static void mp_mirror_list_source_init (MpListSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpMirrorList, mp_mirror_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mp_mirror_list_model_init)
                               G_IMPLEMENT_INTERFACE (MP_TYPE_LIST_SOURCE,
                                                      mp_mirror_list_source_init))

enum {
  PROP_0,
  PROP_MIRROR,
  PROP_KIND,
  PROP_N_ITEMS,
  PROP_LOADING,
  PROP_ERROR,
  PROP_UPDATED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void read_rows (MpMirrorList *self);

static void
update_loading (MpMirrorList *self)
{
  gboolean loading = self->reading || self->refreshes > 0
                     || mp_mirror_get_refreshing (self->mirror);

  if (loading == self->loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
update_updated (MpMirrorList *self)
{
  GDateTime *updated = mp_mirror_get_updated (self->mirror, self->kind);

  if (updated == self->updated
      || (updated != NULL && self->updated != NULL && g_date_time_equal (updated, self->updated)))
    return;
  g_clear_pointer (&self->updated, g_date_time_unref);
  if (updated != NULL)
    self->updated = g_date_time_ref (updated);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

static void
set_error (MpMirrorList *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  if (error != NULL)
    self->error = g_error_copy (error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

/* ---- the difference ---- */

/* Moves @count rows of @from (from @start) into self->rows at @position. */
static void
insert_rows (MpMirrorList *self,
             guint         position,
             GPtrArray    *from,
             guint         start,
             guint         count)
{
  guint old_len = self->rows->len;

  g_ptr_array_set_size (self->rows, old_len + count);
  memmove (self->rows->pdata + position + count, self->rows->pdata + position,
           (old_len - position) * sizeof (gpointer));
  memcpy (self->rows->pdata + position, from->pdata + start, count * sizeof (gpointer));
  /* Owned by self->rows now. */
  memset (from->pdata + start, 0, count * sizeof (gpointer));
}

/* Takes the rows just read (in list order) and reports only what differs:
 * rows removed, rows inserted, and rows changed (replaced where they are),
 * each run of them as one items-changed.
 */
static void
apply_rows (MpMirrorList *self,
            GPtrArray    *rows)
{
  guint p = 0;
  guint j = 0;
  guint before = self->rows->len;

  while (p < self->rows->len || j < rows->len)
    {
      MpMirrorRow *old = p < self->rows->len ? self->rows->pdata[p] : NULL;
      MpMirrorRow *row = j < rows->len ? rows->pdata[j] : NULL;

      if (old != NULL && row != NULL && strcmp (old->id, row->id) == 0)
        {
          guint start = p;

          /* A run of rows with the same IDs: the changed ones replaced in place. */
          while (p < self->rows->len && j < rows->len)
            {
              old = self->rows->pdata[p];
              row = rows->pdata[j];
              if (strcmp (old->id, row->id) != 0)
                break;
              if (old->hash == row->hash)
                {
                  if (p > start)
                    break;
                  start = ++p;
                  j++;
                  continue;
                }
              mp_mirror_row_free (old);
              self->rows->pdata[p] = row;
              rows->pdata[j] = NULL;
              p++;
              j++;
            }
          if (p > start)
            g_list_model_items_changed (G_LIST_MODEL (self), start, p - start, p - start);
        }
      else if (row == NULL || (old != NULL && mp_mirror_row_compare (old, row) < 0))
        {
          guint count = 0;

          /* Rows no longer there. */
          while (p + count < self->rows->len
                 && (row == NULL || mp_mirror_row_compare (self->rows->pdata[p + count], row) < 0))
            count++;
          g_ptr_array_remove_range (self->rows, p, count);
          g_list_model_items_changed (G_LIST_MODEL (self), p, count, 0);
        }
      else
        {
          guint count = 0;

          /* New rows. */
          while (j + count < rows->len
                 && (old == NULL || mp_mirror_row_compare (rows->pdata[j + count], old) < 0))
            count++;
          insert_rows (self, p, rows, j, count);
          g_list_model_items_changed (G_LIST_MODEL (self), p, 0, count);
          p += count;
          j += count;
        }
    }
  if (self->rows->len != before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* ---- reading ---- */

static void
complete_waits (MpMirrorList *self,
                const GError *error)
{
  g_autoptr(GPtrArray) waits = g_steal_pointer (&self->waits);

  self->waits = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < waits->len; i++)
    {
      if (error != NULL)
        g_task_return_error (waits->pdata[i], g_error_copy (error));
      else
        g_task_return_boolean (waits->pdata[i], TRUE);
    }
}

static void
read_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MpMirrorList) self = user_data;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;

  rows = mp_mirror_load_rows_finish (MP_MIRROR (object), result, &error);
  self->reading = FALSE;
  if (rows == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_error (self, error);
      self->read_again = FALSE;
      update_loading (self);
      complete_waits (self, error);
      return;
    }
  apply_rows (self, rows);
  update_updated (self);
  if (self->read_again)
    {
      self->read_again = FALSE;
      read_rows (self);
      return;
    }
  update_loading (self);
  complete_waits (self, NULL);
}

static void
read_rows (MpMirrorList *self)
{
  if (self->reading)
    {
      self->read_again = TRUE;
      return;
    }
  self->reading = TRUE;
  update_loading (self);
  mp_mirror_load_rows_async (self->mirror, self->kind, self->cancellable, read_done_cb,
                             g_object_ref (self));
}

static void
mirror_changed_cb (MpMirror     *mirror,
                   MpMirrorKind  kind,
                   MpMirrorList *self)
{
  if (kind == self->kind)
    read_rows (self);
  update_updated (self);
}

/* A row written in place (a detail call): found by its list order and
 * replaced, the rest untouched.
 */
static void
mirror_row_changed_cb (MpMirror     *mirror,
                       MpMirrorKind  kind,
                       const char   *id,
                       guint64       hash,
                       MpMirrorList *self)
{
  MpMirrorRow key = { (char *) id, mp_mirror_sort_key (id), hash, NULL, NULL };
  guint low = 0;
  guint high = self->rows->len;

  if (kind != self->kind)
    return;
  if (self->reading)
    {
      /* The read under way may predate it. */
      self->read_again = TRUE;
      return;
    }
  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      int order = mp_mirror_row_compare (self->rows->pdata[middle], &key);

      if (order == 0)
        {
          MpMirrorRow *old = self->rows->pdata[middle];
          MpMirrorRow *row;

          if (old->hash == hash)
            return;
          row = g_new0 (MpMirrorRow, 1);
          row->id = g_strdup (id);
          row->sort = key.sort;
          row->hash = hash;
          self->rows->pdata[middle] = row;
          mp_mirror_row_free (old);
          g_list_model_items_changed (G_LIST_MODEL (self), middle, 1, 1);
          return;
        }
      if (order < 0)
        low = middle + 1;
      else
        high = middle;
    }
  /* Not in this list yet: read them all. */
  read_rows (self);
}

static void
mirror_refreshing_cb (MpMirrorList *self)
{
  update_loading (self);
  update_updated (self);
}

/* ---- MpListSource ---- */

static void
refresh_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MpMirrorList) self = user_data;
  g_autoptr(GError) error = NULL;

  mp_mirror_refresh_finish (MP_MIRROR (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->refreshes--;
  /* The last one asked for says how it went. */
  if (self->refreshes == 0)
    set_error (self, error);
  update_updated (self);
  update_loading (self);
}

static void
mp_mirror_list_reload (MpListSource *source)
{
  MpMirrorList *self = MP_MIRROR_LIST (source);

  /* Even with one of ours under way: the mirror starts another after it
   * when the one running may have read its lists before what is asked
   * for (an order placed meanwhile). */
  self->refreshes++;
  /* Retrying: the last refresh's error is no longer the news. */
  set_error (self, NULL);
  update_loading (self);
  mp_mirror_refresh_async (self->mirror, self->cancellable, refresh_done_cb, g_object_ref (self));
}

static void
mp_mirror_list_cancel (MpListSource *source)
{
  MpMirrorList *self = MP_MIRROR_LIST (source);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->refreshes = 0;
  update_loading (self);
}

static gboolean
mp_mirror_list_get_loading (MpListSource *source)
{
  return MP_MIRROR_LIST (source)->loading;
}

static const GError *
mp_mirror_list_get_error (MpListSource *source)
{
  return MP_MIRROR_LIST (source)->error;
}

static GDateTime *
mp_mirror_list_get_updated (MpListSource *source)
{
  return MP_MIRROR_LIST (source)->updated;
}

static void
mp_mirror_list_source_init (MpListSourceInterface *iface)
{
  iface->get_loading = mp_mirror_list_get_loading;
  iface->get_error = mp_mirror_list_get_error;
  iface->get_updated = mp_mirror_list_get_updated;
  iface->reload = mp_mirror_list_reload;
  iface->cancel = mp_mirror_list_cancel;
}

/* ---- GListModel ---- */

static GType
mp_mirror_list_get_item_type (GListModel *model)
{
  return mp_mirror_kind_get_item_type (MP_MIRROR_LIST (model)->kind);
}

static guint
mp_mirror_list_get_n_items (GListModel *model)
{
  return MP_MIRROR_LIST (model)->rows->len;
}

static gpointer
mp_mirror_list_get_item (GListModel *model,
                         guint       position)
{
  MpMirrorList *self = MP_MIRROR_LIST (model);
  GObject *object;

  if (position >= self->rows->len)
    return NULL;
  object = mp_mirror_row_get_object (self->mirror, self->rows->pdata[position], self->kind);
  return object != NULL ? g_object_ref (object) : NULL;
}

static void
mp_mirror_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mp_mirror_list_get_item_type;
  iface->get_n_items = mp_mirror_list_get_n_items;
  iface->get_item = mp_mirror_list_get_item;
}

/* ---- the object ---- */

MpListSource *
mp_mirror_list_new (MpMirror     *mirror,
                    MpMirrorKind  kind)
{
  g_return_val_if_fail (MP_IS_MIRROR (mirror), NULL);
  g_return_val_if_fail (kind < MP_MIRROR_N_KINDS, NULL);

  return g_object_new (MP_TYPE_MIRROR_LIST, "mirror", mirror, "kind", kind, NULL);
}

MpMirror *
mp_mirror_list_get_mirror (MpMirrorList *self)
{
  g_return_val_if_fail (MP_IS_MIRROR_LIST (self), NULL);
  return self->mirror;
}

MpMirrorKind
mp_mirror_list_get_kind (MpMirrorList *self)
{
  g_return_val_if_fail (MP_IS_MIRROR_LIST (self), MP_MIRROR_KIND_SUBSCRIPTIONS);
  return self->kind;
}

void
mp_mirror_list_wait_async (MpMirrorList        *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MP_IS_MIRROR_LIST (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_mirror_list_wait_async);
  if (!self->reading)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  g_ptr_array_add (self->waits, task);
}

gboolean
mp_mirror_list_wait_finish (MpMirrorList  *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
mp_mirror_list_constructed (GObject *object)
{
  MpMirrorList *self = MP_MIRROR_LIST (object);

  G_OBJECT_CLASS (mp_mirror_list_parent_class)->constructed (object);

  g_signal_connect_object (self->mirror, "changed", G_CALLBACK (mirror_changed_cb), self, 0);
  g_signal_connect_object (self->mirror, "row-changed", G_CALLBACK (mirror_row_changed_cb), self,
                           0);
  g_signal_connect_object (self->mirror, "notify::refreshing", G_CALLBACK (mirror_refreshing_cb),
                           self, G_CONNECT_SWAPPED);
  self->updated = mp_mirror_get_updated (self->mirror, self->kind);
  if (self->updated != NULL)
    g_date_time_ref (self->updated);
  read_rows (self);
}

static void
mp_mirror_list_dispose (GObject *object)
{
  MpMirrorList *self = MP_MIRROR_LIST (object);

  g_cancellable_cancel (self->cancellable);

  G_OBJECT_CLASS (mp_mirror_list_parent_class)->dispose (object);
}

static void
mp_mirror_list_finalize (GObject *object)
{
  MpMirrorList *self = MP_MIRROR_LIST (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->waits, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_object (&self->mirror);

  G_OBJECT_CLASS (mp_mirror_list_parent_class)->finalize (object);
}

static void
mp_mirror_list_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MpMirrorList *self = MP_MIRROR_LIST (object);

  switch (prop_id)
    {
    case PROP_MIRROR:
      g_value_set_object (value, self->mirror);
      break;
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->rows->len);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_mirror_list_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MpMirrorList *self = MP_MIRROR_LIST (object);

  switch (prop_id)
    {
    case PROP_MIRROR:
      self->mirror = g_value_dup_object (value);
      break;
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_mirror_list_class_init (MpMirrorListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mp_mirror_list_constructed;
  object_class->dispose = mp_mirror_list_dispose;
  object_class->finalize = mp_mirror_list_finalize;
  object_class->get_property = mp_mirror_list_get_property;
  object_class->set_property = mp_mirror_list_set_property;

  properties[PROP_MIRROR] =
    g_param_spec_object ("mirror", NULL, NULL, MP_TYPE_MIRROR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, MP_TYPE_MIRROR_KIND, MP_MIRROR_KIND_SUBSCRIPTIONS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_LOADING, properties);
  /* "loading", "error" and "updated" are MpListSource's. */
  g_object_class_override_property (object_class, PROP_LOADING, "loading");
  g_object_class_override_property (object_class, PROP_ERROR, "error");
  g_object_class_override_property (object_class, PROP_UPDATED, "updated");
  properties[PROP_LOADING] = g_object_class_find_property (object_class, "loading");
  properties[PROP_ERROR] = g_object_class_find_property (object_class, "error");
  properties[PROP_UPDATED] = g_object_class_find_property (object_class, "updated");
}

static void
mp_mirror_list_init (MpMirrorList *self)
{
  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mp_mirror_row_free);
  self->waits = g_ptr_array_new_with_free_func (g_object_unref);
  self->cancellable = g_cancellable_new ();
}
