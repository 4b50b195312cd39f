/* bench-ui.c: how fast the GUI starts, and how it copes with 100,000
 * subscriptions (All Subscriptions, filled into a new local copy at the
 * request budget's highest rate). Prints figures; asserts nothing.
 *
 *   xvfb-run -a build/bench/ui/bench-ui [ROWS]
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "mp-subscriptions-page.h"
#include "mp-test-server.h"
#include "mp-window.h"


static gint64 main_started;

static long
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  g_autofree char *rows_arg = g_strdup_printf ("%u", rows);
  const char *server_args[] = { "--seed-subscriptions", rows_arg, NULL };
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpClient) client = NULL;
  g_autoptr(MpSession) session = NULL;
  g_autofree char *base_url = NULL;
  MpWindow *window;
  GtkWidget *page_window;
  GtkWidget *page;
  GtkEditable *search;
  GtkWidget *view;
  GListModel *model;
  g_autofree char *query = NULL;
  double startup;
  gint64 t0;
  guint total;

  main_started = g_get_monotonic_time ();
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  /* The local copy, filled by this run, in a cache folder of its own. */
  {
    g_autofree char *cache_dir = g_dir_make_tmp ("bench-ui-XXXXXX", NULL);

    g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  }
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", MP_BUILD_ROOT "/data", TRUE);
  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, TRUE);

  gtk_init ();
  adw_init ();
  /* The local copy's first fill at the budget's highest rate, not 10 a second. */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

    g_settings_set_double (settings, "mirror-request-rate", 100);
  }

  /* 1. Start-up: the window's first frame. */
  window = mp_window_new (NULL);
  bench_watch_paints (GTK_WIDGET (window));
  gtk_window_present (GTK_WINDOW (window));
  BENCH_SPIN_UNTIL (bench_paints > 0, 30, 5);
  startup = (g_get_monotonic_time () - main_started) / 1e6;
  printf ("main() to the main window's first frame: %.3f s (peak RSS %ld MiB)\n",
          startup, peak_rss_mib ());

  /* 2. A marketplace with ROWS subscriptions. */
  t0 = g_get_monotonic_time ();
  server = mp_test_server_start (server_args, &error);
  if (server == NULL)
    {
      g_printerr ("bench-ui: %s\n", error->message);
      return 1;
    }
  printf ("server seeded with %u more subscriptions in %.2f s\n", rows,
          (g_get_monotonic_time () - t0) / 1e6);

  base_url = mp_test_server_get_base_url (server, "US");
  client = mp_client_new (base_url, "US", "demo-reseller", "Demo-Reseller-1", "demo-subscription-key");
  mp_client_set_page_size (client, 1000);
  bench_login (client);
  session = mp_session_new (client);

  /* 3. The subscriptions section: first rows, then all of them. */
  page_window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (page_window), 1100, 720);
  t0 = g_get_monotonic_time ();
  page = mp_subscriptions_page_new (session);
  gtk_window_set_child (GTK_WINDOW (page_window), page);
  gtk_window_present (GTK_WINDOW (page_window));
  view = NULL;
  for (GtkWidget *w = page; w != NULL && view == NULL; )
    {
      /* Depth-first search for the column view. */
      GtkWidget *next = gtk_widget_get_first_child (w);

      if (GTK_IS_COLUMN_VIEW (w))
        view = w;
      else if (next != NULL)
        w = next;
      else
        {
          while (w != page && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w == page ? NULL : gtk_widget_get_next_sibling (w);
        }
    }
  if (view == NULL)
    {
      g_printerr ("bench-ui: no column view in the subscriptions page\n");
      return 1;
    }
  /* The seeded rows are the customers': All Subscriptions. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (page, MP_TYPE_SUBSCRIPTIONS_PAGE,
                                                                            "show_dropdown")), 1);
  model = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  BENCH_SPIN_UNTIL (g_list_model_get_n_items (model) > 0, 60, 5);
  printf ("first rows shown after %.3f s\n", (g_get_monotonic_time () - t0) / 1e6);
  BENCH_SPIN_UNTIL (g_list_model_get_n_items (model) >= rows, 300, 5);
  total = g_list_model_get_n_items (model);
  printf ("all %u rows in after %.2f s (peak RSS %ld MiB)\n", total,
          (g_get_monotonic_time () - t0) / 1e6, peak_rss_mib ());

  /* 4. A keystroke in the search: time to the filtered list. */
  search = GTK_EDITABLE (gtk_widget_get_template_child (page, MP_TYPE_SUBSCRIPTIONS_PAGE,
                                                        "search_entry"));
  /* Search for the name of a row in the middle of the list. */
  {
    g_autoptr(MpSubscription) middle = g_list_model_get_item (model, total / 2);

    query = g_strdup (mp_subscription_get_name (middle));
  }
  t0 = g_get_monotonic_time ();
  gtk_editable_set_text (search, query);
  BENCH_SPIN_UNTIL (g_list_model_get_n_items (model) < total, 60, 5);
  /* The search entry waits for typing to pause; the filter is incremental:
   * wait until the count stops changing.
   */
  {
    guint last = 0;
    gint64 stable_since = g_get_monotonic_time ();

    while (g_get_monotonic_time () - stable_since < 300000)
      {
        guint n = g_list_model_get_n_items (model);

        if (n != last)
          {
            last = n;
            stable_since = g_get_monotonic_time ();
          }
        g_main_context_iteration (NULL, FALSE);
        g_usleep (1000);
      }
    printf ("search for \"%s\" to filtered list (%u rows): %.3f s"
            " (peak RSS %ld MiB)\n", query, last, (g_get_monotonic_time () - t0) / 1e6 - 0.3,
            peak_rss_mib ());
  }

  gtk_window_destroy (GTK_WINDOW (page_window));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
