/* mp-filtered-list.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-filtered-list.h"

#include <string.h>

/* A GListModel of the rows of MODEL that FUNC keeps, in MODEL's order.
 *
 * It keeps the positions in MODEL of the rows it shows in one sorted
 * array, so that get_item() is one look-up (GtkFilterListModel, a bitset,
 * counts bits for each: GtkSingleSelection asks for every added row when
 * a row is selected, which made a keystroke over 100,000 rows cost
 * hundreds of milliseconds). A change of the filter is filtered at once
 * and reported by difference: one items-changed from the first shown row
 * that differs to the last, the rows before and after it untouched; a
 * change of MODEL only where it happened.
 *
 * Each row of MODEL is held beside its key (KEY_FUNC's text, looked up
 * once when the row comes in), so that filtering asks MODEL for nothing:
 * a keystroke over 100,000 rows is one call of FUNC per row, with no
 * reference taken, no cast and no look-up of object data. For a refilter
 * the keys are also copied end to end, in MODEL's order, into one buffer:
 * each row's own text lies wherever it was allocated, and reading 50,000
 * of those at a keystroke waited for memory at almost every row (4 to
 * 6 ms; 1 ms from the buffer). The copy is made again only after MODEL
 * changed other than at its end.
 */
typedef struct
{
  gpointer    item;  /* owned */
  const char *key;   /* ITEM's, valid while ITEM lives */
} Row;

struct _MpFilteredList
{
  GObject parent_instance;

  GListModel            *model;
  MpFilteredListKeyFunc  key_func;
  MpFilteredListFunc     func;
  gpointer               user_data;
  GDestroyNotify         destroy;
  GArray                *rows;   /* Row: every row of MODEL, in its order */
  GArray                *shown;  /* guint: positions in MODEL, ascending */
  /* The keys of ROWS end to end ("" for none), and where each starts;
   * up to date unless PACKED_STALE.
   */
  GString               *packed;
  GArray                *packed_start;  /* gsize, one per row */
  gboolean               packed_stale;
};

static void mp_filtered_list_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpFilteredList, mp_filtered_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      mp_filtered_list_list_model_init))

static gboolean
keeps (MpFilteredList *self,
       guint           position)
{
  const Row *row = &g_array_index (self->rows, Row, position);

  return row->item != NULL && self->func (row->item, row->key, self->user_data);
}

/* keeps(), reading the key from the packed copy (see pack_keys()). */
static gboolean
keeps_packed (MpFilteredList *self,
              guint           position)
{
  const Row *row = &g_array_index (self->rows, Row, position);
  const char *key = row->key != NULL
                    ? self->packed->str + g_array_index (self->packed_start, gsize, position) : NULL;

  return row->item != NULL && self->func (row->item, key, self->user_data);
}

static void
pack_from (MpFilteredList *self,
           guint           position)
{
  for (guint p = position; p < self->rows->len; p++)
    {
      const char *key = g_array_index (self->rows, Row, p).key;
      gsize start = self->packed->len;

      g_string_append_len (self->packed, key != NULL ? key : "", (gssize) (key != NULL ? strlen (key) + 1 : 1));
      g_array_append_val (self->packed_start, start);
    }
}

/* Brings the packed copy of the keys up to date, for a refilter. */
static void
pack_keys (MpFilteredList *self)
{
  if (self->key_func == NULL || !self->packed_stale)
    return;
  g_string_truncate (self->packed, 0);
  g_array_set_size (self->packed_start, 0);
  pack_from (self, 0);
  self->packed_stale = FALSE;
}

static void
clear_row (gpointer data)
{
  g_clear_object (&((Row *) data)->item);
}

/* Holds the rows POSITION to POSITION + N - 1 of MODEL, with their keys. */
static void
fetch_rows (MpFilteredList *self,
            guint           position,
            guint           n)
{
  guint tail = self->rows->len - position;
  Row *rows;

  if (n == 0)
    return;
  g_array_set_size (self->rows, self->rows->len + n);
  rows = &g_array_index (self->rows, Row, position);
  memmove (rows + n, rows, tail * sizeof (Row));
  for (guint i = 0; i < n; i++)
    {
      rows[i].item = g_list_model_get_item (self->model, position + i);
      rows[i].key = rows[i].item != NULL && self->key_func != NULL
                    ? self->key_func (rows[i].item, self->user_data) : NULL;
    }
}

/* The index in SHOWN of the first position >= POSITION. */
static guint
lower_bound (GArray *shown,
             guint   position)
{
  guint lo = 0, hi = shown->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (g_array_index (shown, guint, mid) < position)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
model_items_changed_cb (MpFilteredList *self,
                        guint           position,
                        guint           removed,
                        guint           added,
                        GListModel     *model)
{
  guint first = lower_bound (self->shown, position);
  guint last = lower_bound (self->shown, position + removed);
  g_autoptr(GArray) kept = g_array_new (FALSE, FALSE, sizeof (guint));

  g_array_remove_range (self->rows, position, removed);
  fetch_rows (self, position, added);
  /* Rows appended (a page loaded) are packed at once; any other change
   * is packed again at the next refilter.
   */
  if (!self->packed_stale && removed == 0 && position == self->packed_start->len)
    pack_from (self, position);
  else
    self->packed_stale = TRUE;
  for (guint i = last; i < self->shown->len; i++)
    g_array_index (self->shown, guint, i) += added - removed;
  for (guint p = position; p < position + added; p++)
    if (keeps (self, p))
      g_array_append_val (kept, p);
  g_array_remove_range (self->shown, first, last - first);
  if (kept->len > 0)
    g_array_insert_vals (self->shown, first, kept->data, kept->len);
  if (last > first || kept->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), first, last - first, kept->len);
}

static void
mp_filtered_list_finalize (GObject *object)
{
  MpFilteredList *self = MP_FILTERED_LIST (object);

  g_signal_handlers_disconnect_by_func (self->model, model_items_changed_cb, self);
  g_clear_object (&self->model);
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  g_array_unref (self->shown);
  g_array_unref (self->rows);
  g_string_free (self->packed, TRUE);
  g_array_unref (self->packed_start);

  G_OBJECT_CLASS (mp_filtered_list_parent_class)->finalize (object);
}

static void
mp_filtered_list_class_init (MpFilteredListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mp_filtered_list_finalize;
}

static void
mp_filtered_list_init (MpFilteredList *self)
{
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
  self->rows = g_array_new (FALSE, TRUE, sizeof (Row));
  g_array_set_clear_func (self->rows, clear_row);
  self->packed = g_string_new (NULL);
  self->packed_start = g_array_new (FALSE, FALSE, sizeof (gsize));
  self->packed_stale = TRUE;
}

static GType
mp_filtered_list_get_item_type (GListModel *list)
{
  return g_list_model_get_item_type (MP_FILTERED_LIST (list)->model);
}

static guint
mp_filtered_list_get_n_items (GListModel *list)
{
  return MP_FILTERED_LIST (list)->shown->len;
}

static gpointer
mp_filtered_list_get_item (GListModel *list,
                           guint       position)
{
  MpFilteredList *self = MP_FILTERED_LIST (list);

  if (position >= self->shown->len)
    return NULL;
  return g_object_ref (g_array_index (self->rows, Row, g_array_index (self->shown, guint, position)).item);
}

static void
mp_filtered_list_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mp_filtered_list_get_item_type;
  iface->get_n_items = mp_filtered_list_get_n_items;
  iface->get_item = mp_filtered_list_get_item;
}

/**
 * mp_filtered_list_new:
 * @model: (transfer none): the list to filter
 * @key_func: (nullable): each row's key, passed to FUNC
 * @func: whether a row is kept
 * @user_data: FUNC's data
 * @destroy: (nullable): frees USER_DATA with the list
 *
 * Returns: (transfer full): the rows of MODEL that FUNC keeps
 */
MpFilteredList *
mp_filtered_list_new (GListModel            *model,
                      MpFilteredListKeyFunc  key_func,
                      MpFilteredListFunc     func,
                      gpointer               user_data,
                      GDestroyNotify         destroy)
{
  MpFilteredList *self;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (func != NULL, NULL);

  self = g_object_new (MP_TYPE_FILTERED_LIST, NULL);
  self->model = g_object_ref (model);
  self->key_func = key_func;
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  n = g_list_model_get_n_items (model);
  fetch_rows (self, 0, n);
  for (guint p = 0; p < n; p++)
    if (keeps (self, p))
      g_array_append_val (self->shown, p);
  g_signal_connect_swapped (model, "items-changed", G_CALLBACK (model_items_changed_cb), self);
  return self;
}

GListModel *
mp_filtered_list_get_model (MpFilteredList *self)
{
  g_return_val_if_fail (MP_IS_FILTERED_LIST (self), NULL);

  return self->model;
}

/**
 * mp_filtered_list_refilter:
 * @self: the list
 * @change: how the filter changed
 *
 * Filters the rows again, at once, and reports the difference.
 */
void
mp_filtered_list_refilter (MpFilteredList *self,
                           MpFilterChange  change)
{
  GArray *old;
  GArray *shown;
  guint prefix, suffix;

  g_return_if_fail (MP_IS_FILTERED_LIST (self));

  pack_keys (self);
  old = self->shown;
  shown = g_array_sized_new (FALSE, FALSE, sizeof (guint), old->len);
  if (change == MP_FILTER_CHANGE_MORE_STRICT)
    {
      for (guint i = 0; i < old->len; i++)
        {
          guint p = g_array_index (old, guint, i);

          if (keeps_packed (self, p))
            g_array_append_val (shown, p);
        }
    }
  else
    {
      guint n = g_list_model_get_n_items (self->model);
      guint next_old = 0;

      for (guint p = 0; p < n; p++)
        {
          gboolean was_shown = next_old < old->len && g_array_index (old, guint, next_old) == p;

          if (was_shown)
            next_old++;
          if ((was_shown && change == MP_FILTER_CHANGE_LESS_STRICT) || keeps_packed (self, p))
            g_array_append_val (shown, p);
        }
    }
  self->shown = shown;

  for (prefix = 0; prefix < old->len && prefix < shown->len; prefix++)
    if (g_array_index (old, guint, prefix) != g_array_index (shown, guint, prefix))
      break;
  for (suffix = 0; suffix < old->len - prefix && suffix < shown->len - prefix; suffix++)
    if (g_array_index (old, guint, old->len - 1 - suffix) !=
        g_array_index (shown, guint, shown->len - 1 - suffix))
      break;
  if (prefix < old->len || prefix < shown->len)
    g_list_model_items_changed (G_LIST_MODEL (self), prefix, old->len - prefix - suffix,
                                shown->len - prefix - suffix);
  g_array_unref (old);
}
