/* test-filtered-list.c: MpFilteredList keeps exactly the rows its filter
 * keeps and reports each change by difference.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mp-filtered-list.h"

/* The rows are GFiles named by numbers; the filter keeps the multiples
 * of DIVISOR (1: every row).
 */
static guint divisor = 1;
static guint calls;

static guint
number (gpointer item)
{
  g_autofree char *name = g_file_get_basename (item);

  return (guint) g_ascii_strtoull (name, NULL, 10);
}

/* Each row's key: its number in words of digits, kept on the row, looked
 * up once.
 */
static guint key_calls;

static const char *
number_key (gpointer item,
            gpointer user_data)
{
  char *key = g_object_get_data (item, "number");

  key_calls++;
  if (key == NULL)
    {
      key = g_strdup_printf ("%u", number (item));
      g_object_set_data_full (item, "number", key, g_free);
    }
  return key;
}

/* Reads the key alone, and checks it is ITEM's (or a copy of it). */
static gboolean
keep_multiples (gpointer    item,
                const char *key,
                gpointer    user_data)
{
  calls++;
  g_assert_nonnull (key);
  g_assert_cmpstr (key, ==, g_object_get_data (item, "number"));
  return (guint) g_ascii_strtoull (key, NULL, 10) % divisor == 0;
}

static GFile *
row (guint n)
{
  g_autofree char *path = g_strdup_printf ("/rows/%u", n);

  return g_file_new_for_path (path);
}

/* A copy of the filtered list kept up to date by its items-changed
 * signals alone: if the signals describe the changes right, the copy
 * equals the list.
 */
typedef struct
{
  GPtrArray *copy;
  guint      signals;
  guint      last_removed;
  guint      last_added;
} Watch;

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Watch      *watch)
{
  watch->signals++;
  watch->last_removed = removed;
  watch->last_added = added;
  g_assert_cmpuint (position + removed, <=, watch->copy->len);
  g_ptr_array_remove_range (watch->copy, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (watch->copy, (int) (position + i), g_list_model_get_item (list, position + i));
}

static void
watch_init (Watch      *watch,
            GListModel *list)
{
  watch->copy = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    g_ptr_array_add (watch->copy, g_list_model_get_item (list, i));
  watch->signals = 0;
  g_signal_connect (list, "items-changed", G_CALLBACK (items_changed_cb), watch);
}

/* The list holds the rows of STORE that the filter keeps, in order, and
 * the copy kept by the signals holds the same objects.
 */
static void
assert_filtered (GListModel *list,
                 GListStore *store,
                 Watch      *watch)
{
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(GFile) file = g_list_model_get_item (G_LIST_MODEL (store), i);

      if (number (file) % divisor != 0)
        continue;
      {
        g_autoptr(GFile) shown = g_list_model_get_item (list, n);

        g_assert_true (shown == file);
        g_assert_true (g_ptr_array_index (watch->copy, n) == file);
      }
      n++;
    }
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n);
  g_assert_cmpuint (watch->copy->len, ==, n);
  g_assert_null (g_list_model_get_item (list, n));
}

static GListStore *
store_of (guint n)
{
  GListStore *store = g_list_store_new (G_TYPE_FILE);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GFile) file = row (i);

      g_list_store_append (store, file);
    }
  return store;
}

static void
test_refilter (void)
{
  g_autoptr(GListStore) store = store_of (100);
  g_autoptr(MpFilteredList) list = NULL;
  Watch watch;

  divisor = 1;
  list = mp_filtered_list_new (G_LIST_MODEL (store), number_key, keep_multiples, NULL, NULL);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == G_TYPE_FILE);
  watch_init (&watch, G_LIST_MODEL (list));
  assert_filtered (G_LIST_MODEL (list), store, &watch);

  /* Stricter: only the rows shown are asked, one signal. */
  /* Each row's key was looked up once, and filtering again looks up none. */
  g_assert_cmpuint (key_calls, ==, 100);
  divisor = 2;
  calls = 0;
  key_calls = 0;
  mp_filtered_list_refilter (list, MP_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpuint (calls, ==, 100);
  g_assert_cmpuint (watch.signals, ==, 1);
  assert_filtered (G_LIST_MODEL (list), store, &watch);

  divisor = 6;
  calls = 0;
  mp_filtered_list_refilter (list, MP_FILTER_CHANGE_MORE_STRICT);
  g_assert_cmpuint (calls, ==, 50);
  g_assert_cmpuint (watch.signals, ==, 2);
  assert_filtered (G_LIST_MODEL (list), store, &watch);
  /* The first row (0) stays: the change starts after it. */
  g_assert_cmpuint (watch.last_removed, ==, 50 - 1);
  g_assert_cmpuint (watch.last_added, ==, 17 - 1);

  /* Less strict: only the hidden rows are asked. */
  divisor = 3;
  calls = 0;
  mp_filtered_list_refilter (list, MP_FILTER_CHANGE_LESS_STRICT);
  g_assert_cmpuint (calls, ==, 100 - 17);
  assert_filtered (G_LIST_MODEL (list), store, &watch);

  /* No change: no signal. */
  watch.signals = 0;
  mp_filtered_list_refilter (list, MP_FILTER_CHANGE_DIFFERENT);
  g_assert_cmpuint (watch.signals, ==, 0);
  assert_filtered (G_LIST_MODEL (list), store, &watch);

  divisor = 5;
  mp_filtered_list_refilter (list, MP_FILTER_CHANGE_DIFFERENT);
  g_assert_cmpuint (watch.signals, ==, 1);
  assert_filtered (G_LIST_MODEL (list), store, &watch);

  /* Nothing kept, then everything. */
  divisor = 1000;
  mp_filtered_list_refilter (list, MP_FILTER_CHANGE_MORE_STRICT);
  assert_filtered (G_LIST_MODEL (list), store, &watch);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);  /* row 0 */
  divisor = 1;
  mp_filtered_list_refilter (list, MP_FILTER_CHANGE_LESS_STRICT);
  assert_filtered (G_LIST_MODEL (list), store, &watch);
  g_assert_cmpuint (key_calls, ==, 0);
  g_ptr_array_unref (watch.copy);
}

/* Rows added, removed and replaced in the list below are reported where
 * they are, and only those.
 */
static void
test_model_changes (void)
{
  g_autoptr(GListStore) store = store_of (40);
  g_autoptr(MpFilteredList) list = NULL;
  Watch watch;
  GRand *rand = g_rand_new_with_seed (7);
  guint next = 1000;

  divisor = 3;
  list = mp_filtered_list_new (G_LIST_MODEL (store), number_key, keep_multiples, NULL, NULL);
  watch_init (&watch, G_LIST_MODEL (list));

  /* A page appended: only the new rows are asked, and their keys looked up. */
  calls = 0;
  key_calls = 0;
  {
    g_autoptr(GFile) a = row (next++);  /* 1000: hidden */
    g_autoptr(GFile) b = row (1002);    /* shown */
    gpointer rows[] = { a, b };

    next = 1003;
    g_list_store_splice (store, 40, 0, rows, 2);
  }
  g_assert_cmpuint (calls, ==, 2);
  g_assert_cmpuint (key_calls, ==, 2);
  g_assert_cmpuint (watch.signals, ==, 1);
  g_assert_cmpuint (watch.last_added, ==, 1);
  assert_filtered (G_LIST_MODEL (list), store, &watch);

  /* A hidden row removed: no signal. */
  watch.signals = 0;
  g_list_store_remove (store, 1);
  g_assert_cmpuint (watch.signals, ==, 0);
  assert_filtered (G_LIST_MODEL (list), store, &watch);

  /* Random splices, checked after each. */
  for (guint step = 0; step < 300; step++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (store));
      guint position = (guint) g_rand_int_range (rand, 0, (gint32) n + 1);
      guint removed = (guint) g_rand_int_range (rand, 0, 5);
      guint added = (guint) g_rand_int_range (rand, 0, 5);
      g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);

      removed = MIN (removed, n - position);
      for (guint i = 0; i < added; i++)
        g_ptr_array_add (rows, row (next++));
      g_list_store_splice (store, position, removed, rows->pdata, added);
      assert_filtered (G_LIST_MODEL (list), store, &watch);
      if (step % 50 == 49)
        {
          divisor = divisor == 3 ? 2 : 3;
          mp_filtered_list_refilter (list, MP_FILTER_CHANGE_DIFFERENT);
          assert_filtered (G_LIST_MODEL (list), store, &watch);
        }
    }
  g_rand_free (rand);
  g_ptr_array_unref (watch.copy);
}

static gboolean destroyed;

static void
destroy_cb (gpointer data)
{
  destroyed = TRUE;
}

static void
test_lifetime (void)
{
  GListStore *store = store_of (3);
  MpFilteredList *list;

  divisor = 1;
  list = mp_filtered_list_new (G_LIST_MODEL (store), number_key, keep_multiples, NULL, destroy_cb);
  g_assert_true (mp_filtered_list_get_model (list) == G_LIST_MODEL (store));
  /* The list holds its rows only while the model has them. */
  {
    GFile *file = row (7);
    gpointer weak = file;

    g_object_add_weak_pointer (G_OBJECT (file), &weak);
    g_list_store_append (store, file);
    g_object_unref (file);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 4);
    g_list_store_remove (store, 3);
    g_assert_null (weak);
  }
  g_object_unref (list);
  g_assert_true (destroyed);
  /* The store no longer calls the freed list. */
  {
    g_autoptr(GFile) file = row (9);

    g_list_store_append (store, file);
  }
  g_object_unref (store);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/filtered-list/refilter", test_refilter);
  g_test_add_func ("/filtered-list/model-changes", test_model_changes);
  g_test_add_func ("/filtered-list/lifetime", test_lifetime);
  return g_test_run ();
}
