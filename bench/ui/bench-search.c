/* bench-search.c: the cost of each keystroke typing a 17-character query,
 * one character at a time, into the search of 100,000 subscriptions.
 * Prints figures; asserts nothing.
 *
 *   xvfb-run -a build/bench/ui/bench-search [ROWS] [TYPINGS]
 *
 * Side by side, over the same rows loaded from the demo server:
 *   page      the Subscriptions page as the app has it (rows folded once,
 *             an MpFilteredList that filters at once from the folded texts
 *             packed in one buffer, above the sort);
 *   echo      the same page and entry, typing 17 spaces: the search stays
 *             empty, so this is what a keystroke costs without any search
 *             (the entry and what it moves drawn again);
 *   baseline  the pipeline the page had before: an incremental
 *             GtkFilterListModel under the sort, folding each row's text
 *             per keystroke (mp_page_text_contains), in a column view of
 *             the same size;
 *   floor     a plain loop of strstr() over the rows' texts folded in
 *             advance, no model and no widget.
 * Each character is inserted at the end of the entry, as a key press does.
 * A keystroke's cost is the CPU time of the main thread (RUSAGE_THREAD, so
 * that other processes on a busy machine do not count) from the key to the
 * painted frame that shows the filtered rows (only the entry is drawn
 * again for certain; GTK draws rows again where they changed); the wall time to that frame
 * is printed beside it (it adds the wait for the frame clock's next tick
 * and any time the thread waited for the CPU).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define _GNU_SOURCE  /* RUSAGE_THREAD */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "mp-list-page.h"
#include "mp-page-util.h"
#include "mp-subscriptions-page.h"
#include "mp-test-server.h"

/* The query: a plan name's first 17 characters ("Fabrikam Office S"). */
static const char query[] = "Fabrikam Office S";
/* As many spaces, typed into the same entry: the keystroke's own cost
 * (the entry drawn again) without any search.
 */
static const char spaces[] = "                 ";


/* The main thread's CPU time, in microseconds. */
static gint64
thread_cpu_usec (void)
{
  struct rusage usage;

  getrusage (RUSAGE_THREAD, &usage);
  return (gint64) (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * G_USEC_PER_SEC +
         usage.ru_utime.tv_usec + usage.ru_stime.tv_usec;
}

static GtkWidget *
show_in_window (GtkWidget *child)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  bench_watch_paints (window);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* The baseline's filter: the page's search before rows were folded once. */
static char *baseline_search;

static gboolean
baseline_filter_func (gpointer item,
                      gpointer user_data)
{
  return baseline_search == NULL ||
         mp_page_text_contains (mp_subscription_get_name (item), baseline_search) ||
         mp_page_text_contains (mp_subscription_get_plan_name (item), baseline_search) ||
         mp_page_text_contains (mp_subscription_get_id (item), baseline_search);
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item)
{
  gtk_list_item_set_child (item, gtk_label_new (NULL));
}

static void
bind_name_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  column)
{
  MpSubscription *subscription = gtk_list_item_get_item (item);
  const char *text = GPOINTER_TO_INT (column) == 0 ? mp_subscription_get_name (subscription)
                     : GPOINTER_TO_INT (column) == 1 ? mp_subscription_get_plan_name (subscription)
                     : mp_subscription_get_id (subscription);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), text);
}

static GtkWidget *
baseline_view (GListModel          *list,
               GtkFilterListModel **filter_model_out,
               GtkFilter          **filter_out,
               GtkEditable        **entry_out)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *entry = gtk_search_entry_new ();
  static const char *titles[] = { "Name", "Plan", "ID" };
  GtkCustomFilter *filter = gtk_custom_filter_new (baseline_filter_func, NULL, NULL);
  GtkFilterListModel *filter_model = gtk_filter_list_model_new (g_object_ref (list),
                                                                g_object_ref (GTK_FILTER (filter)));
  GtkSortListModel *sort_model = gtk_sort_list_model_new (G_LIST_MODEL (filter_model), NULL);
  GtkSingleSelection *selection = gtk_single_selection_new (G_LIST_MODEL (sort_model));
  GtkWidget *view = gtk_column_view_new (GTK_SELECTION_MODEL (selection));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  gtk_filter_list_model_set_incremental (filter_model, TRUE);
  gtk_sort_list_model_set_incremental (sort_model, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_label_cb), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_name_cb), GINT_TO_POINTER (i));
      column = gtk_column_view_column_new (titles[i], factory);
      gtk_column_view_column_set_expand (column, TRUE);
      gtk_column_view_append_column (GTK_COLUMN_VIEW (view), column);
    }
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), scrolled);
  *filter_model_out = filter_model;
  *filter_out = GTK_FILTER (filter);
  *entry_out = GTK_EDITABLE (entry);
  return box;
}

typedef struct
{
  GArray *busy;  /* double, ms */
  GArray *wall;  /* double, ms */
} Samples;

static void
samples_init (Samples *s)
{
  s->busy = g_array_new (FALSE, FALSE, sizeof (double));
  s->wall = g_array_new (FALSE, FALSE, sizeof (double));
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  p)
{
  g_array_sort (values, compare_double);
  return g_array_index (values, double, (guint) ((values->len - 1) * p + 0.5));
}

static void
print_samples (const char *name,
               Samples    *s)
{
  printf ("%-9s CPU per keystroke: median %7.2f ms, p95 %7.2f ms, max %7.2f ms;"
          " to painted frame: median %7.2f ms, p95 %7.2f ms (%u keystrokes)\n",
          name, percentile (s->busy, 0.5), percentile (s->busy, 0.95),
          percentile (s->busy, 1.0), percentile (s->wall, 0.5), percentile (s->wall, 0.95),
          s->busy->len);
}

/* Waits for the filter to settle and for a frame painted after it. Only
 * ENTRY, where the key was typed, is drawn again for certain (GTK draws
 * the rows again itself where they changed); a redraw of the whole list
 * forced at each key would be cost of the bench's.
 */
static void
wait_painted (GtkWidget          *entry,
              GtkFilterListModel *filter_model)
{
  guint before;

  /* The page filters at once; the baseline in steps. */
  if (filter_model != NULL)
    BENCH_SPIN_UNTIL (gtk_filter_list_model_get_pending (filter_model) == 0, 60, 1);
  before = bench_paints;
  gtk_widget_queue_draw (entry);
  BENCH_SPIN_UNTIL (bench_paints > before, 10, 1);
}

/* Character N of TEXT typed at the end of ENTRY, as a key press inserts
 * it (setting the whole text would clear the entry first, and a cleared
 * search entry reports at once).
 */
static void
type_character (GtkEditable *entry,
                const char  *text,
                guint        n)
{
  int end = (int) n - 1;

  gtk_editable_insert_text (entry, text + n - 1, 1, &end);
}

static char *
fold_prefix (guint n)
{
  g_autofree char *prefix = g_strndup (query, n);

  return g_utf8_casefold (prefix, -1);
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  guint typings = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 5;
  g_autofree char *rows_arg = g_strdup_printf ("%u", rows);
  const char *server_args[] = { "--seed-subscriptions", rows_arg, NULL };
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpClient) client = NULL;
  g_autoptr(MpSession) session = NULL;
  g_autofree char *base_url = NULL;
  GtkWidget *page;
  GtkWidget *baseline;
  GtkEditable *baseline_entry;
  GtkFilterListModel *baseline_filter_model;
  GtkFilter *baseline_filter;
  GtkEditable *search;
  GListModel *list;
  GListModel *shown;
  Samples page_samples, baseline_samples, echo_samples;
  GArray *floor_samples = g_array_new (FALSE, FALSE, sizeof (double));
  GPtrArray *folded;
  guint total;
  guint page_matches = 0, floor_matches = 0;
  gint64 t0;

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", MP_BUILD_ROOT "/data", TRUE);
  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, TRUE);

  gtk_init ();
  adw_init ();

  server = mp_test_server_start (server_args, &error);
  if (server == NULL)
    {
      g_printerr ("bench-search: %s\n", error->message);
      return 1;
    }
  base_url = mp_test_server_get_base_url (server, "US");
  client = mp_client_new (base_url, "US", "demo-reseller", "Demo-Reseller-1", "demo-subscription-key");
  bench_login (client);
  session = mp_session_new (client);

  /* The page, loaded in full (at the client's own page size). */
  t0 = g_get_monotonic_time ();
  page = mp_subscriptions_page_new (session);
  show_in_window (page);
  /* The seeded rows are the customers': All Subscriptions. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (page, MP_TYPE_SUBSCRIPTIONS_PAGE,
                                                                            "show_dropdown")), 1);
  list = G_LIST_MODEL (mp_list_page_get_list (MP_LIST_PAGE (page)));
  shown = mp_list_page_get_shown (MP_LIST_PAGE (page));
  BENCH_SPIN_UNTIL (!mp_list_source_get_loading (MP_LIST_SOURCE (list)) &&
                    g_list_model_get_n_items (list) >= rows, 600, 1);
  total = g_list_model_get_n_items (list);
  printf ("%u subscriptions loaded in %.2f s (client page size %u); query \"%s\" (%zu characters),"
          " typed %u times into each\n",
          total, (g_get_monotonic_time () - t0) / 1e6, mp_client_get_page_size (client), query,
          strlen (query), typings);

  baseline = baseline_view (list, &baseline_filter_model, &baseline_filter, &baseline_entry);
  show_in_window (baseline);
  wait_painted (GTK_WIDGET (baseline_entry), baseline_filter_model);

  search = GTK_EDITABLE (gtk_widget_get_template_child (page, MP_TYPE_SUBSCRIPTIONS_PAGE, "search_entry"));
  samples_init (&page_samples);
  samples_init (&baseline_samples);
  samples_init (&echo_samples);

  for (guint t = 0; t < typings; t++)
    for (guint which = 0; which < 3; which++)
      {
        Samples *samples = which == 0 ? &page_samples : which == 1 ? &baseline_samples : &echo_samples;

        for (guint n = 1; n <= strlen (query); n++)
          {
            gint64 start = g_get_monotonic_time ();
            gint64 cpu_start = thread_cpu_usec ();
            double wall, busy;

            if (which == 0)
              {
                /* The entry's own delay would only add waiting. */
                type_character (search, query, n);
                g_signal_emit_by_name (search, "search-changed");
                wait_painted (GTK_WIDGET (search), NULL);
                page_matches = g_list_model_get_n_items (shown);
              }
            else if (which == 2)
              {
                /* Spaces alone: the search stays empty (it is stripped),
                 * so this is the keystroke without the search.
                 */
                type_character (search, spaces, n);
                g_signal_emit_by_name (search, "search-changed");
                wait_painted (GTK_WIDGET (search), NULL);
              }
            else
              {
                type_character (baseline_entry, query, n);
                g_free (baseline_search);
                baseline_search = fold_prefix (n);
                gtk_filter_changed (baseline_filter, GTK_FILTER_CHANGE_MORE_STRICT);
                wait_painted (GTK_WIDGET (baseline_entry), baseline_filter_model);
              }
            wall = (g_get_monotonic_time () - start) / 1e3;
            busy = (thread_cpu_usec () - cpu_start) / 1e3;
            g_array_append_val (samples->wall, wall);
            g_array_append_val (samples->busy, busy);
          }
        /* Clear the search (not measured). */
        if (which != 1)
          {
            gtk_editable_set_text (search, "");
            g_signal_emit_by_name (search, "search-changed");
            wait_painted (GTK_WIDGET (search), NULL);
          }
        else
          {
            gtk_editable_set_text (baseline_entry, "");
            g_clear_pointer (&baseline_search, g_free);
            gtk_filter_changed (baseline_filter, GTK_FILTER_CHANGE_LESS_STRICT);
            wait_painted (GTK_WIDGET (baseline_entry), baseline_filter_model);
          }
      }

  /* The floor: every row's text folded in advance, one strstr() each. */
  folded = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < total; i++)
    {
      g_autoptr(MpSubscription) s = g_list_model_get_item (list, i);
      g_autofree char *text = g_strjoin ("\n", mp_subscription_get_name (s),
                                         mp_subscription_get_plan_name (s),
                                         mp_subscription_get_id (s), NULL);

      g_ptr_array_add (folded, g_utf8_casefold (text, -1));
    }
  for (guint t = 0; t < typings; t++)
    for (guint n = 1; n <= strlen (query); n++)
      {
        g_autofree char *needle = fold_prefix (n);
        gint64 start = g_get_monotonic_time ();
        volatile guint matches = 0;
        double ms;

        for (guint i = 0; i < folded->len; i++)
          if (strstr (folded->pdata[i], needle) != NULL)
            matches++;
        ms = (g_get_monotonic_time () - start) / 1e3;
        g_array_append_val (floor_samples, ms);
        floor_matches = matches;
      }

  print_samples ("page", &page_samples);
  print_samples ("echo", &echo_samples);
  print_samples ("baseline", &baseline_samples);
  printf ("%-9s per keystroke: median %7.2f ms, p95 %7.2f ms\n", "floor",
          percentile (floor_samples, 0.5), percentile (floor_samples, 0.95));
  printf ("rows matching the whole query: page %u, floor %u, of %u\n",
          page_matches, floor_matches, total);
  return 0;
}
