/* bench-memory.c: the app's resident memory with 100,000 subscriptions on
 * screen, against its empty main window. Prints figures; asserts nothing.
 *
 *   xvfb-run -a build/bench/ui/bench-memory [ROWS] [RUNS]
 *
 * One demo server seeded with ROWS subscriptions (the customers'), then
 * RUNS runs of each of two ways, alternating, each a new process of this
 * program signing in through the real window's sign-in form (custom server
 * address), showing All Subscriptions and waiting until every row is in
 * the list and a frame with them is painted:
 *   copy  the app as it is: the list opens from the local copy a first,
 *         uncounted run filled (then refreshes it in the background);
 *   live  the baseline: Keep a Local Copy off, the whole list fetched from
 *         the server (what the app did before the local copy).
 * A run prints its RSS (VmRSS) at the empty main window's first frame, with
 * every row on screen, and the ratio of the two; again once the list is no
 * longer loading (the copy's background refresh done); and its peak (VmHWM).
 * The request budget is set to its highest (100 a second) so that the
 * first fill does not take minutes; the copy lives in a cache folder of the
 * benchmark's own.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "mp-list-page.h"
#include "mp-login-page.h"
#include "mp-subscriptions-page.h"
#include "mp-test-server.h"
#include "mp-window.h"

/* A line of /proc/self/status, in MiB. */
static double
status_mib (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, field)) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (field), NULL) / 1024.0;
}

static void
set_row_text (MpLoginPage *login,
              const char  *row,
              const char  *text)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (login), MP_TYPE_LOGIN_PAGE, row);

  gtk_editable_set_text (GTK_EDITABLE (child), text);
}

static GtkWidget *
find_subscriptions_page (GtkWidget *widget)
{
  if (MP_IS_SUBSCRIPTIONS_PAGE (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_subscriptions_page (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static int
run_child (const char *base_url,
           gboolean    live,
           guint       rows)
{
  g_autoptr(GSettings) settings = NULL;
  MpWindow *window;
  MpLoginPage *login;
  GtkWidget *page;
  MpListSource *list;
  GListModel *shown;
  double empty, full, settled;
  guint painted;

  gtk_init ();
  adw_init ();
  settings = g_settings_new (APP_ID_BASE);
  g_settings_set_boolean (settings, "local-mirror", !live);
  g_settings_set_double (settings, "mirror-request-rate", 100);

  window = mp_window_new (NULL);
  bench_watch_paints (GTK_WIDGET (window));
  gtk_window_present (GTK_WINDOW (window));
  BENCH_SPIN_UNTIL (bench_paints > 0, 30, 5);
  empty = status_mib ("VmRSS:");

  login = mp_window_get_login_page (window);
  mp_login_page_use_server (login, base_url);
  set_row_text (login, "user_row", "demo-reseller");
  set_row_text (login, "password_row", "Demo-Reseller-1");
  set_row_text (login, "key_row", "demo-subscription-key");
  gtk_widget_activate_action (GTK_WIDGET (login), "login.sign-in", NULL);
  BENCH_SPIN_UNTIL (mp_window_get_signed_in (window), 30, 5);

  BENCH_SPIN_UNTIL ((page = find_subscriptions_page (GTK_WIDGET (window))) != NULL, 30, 5);
  /* The seeded rows are the customers': All Subscriptions. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (page, MP_TYPE_SUBSCRIPTIONS_PAGE,
                                                                            "show_dropdown")), 1);
  list = mp_list_page_get_list (MP_LIST_PAGE (page));
  shown = mp_list_page_get_shown (MP_LIST_PAGE (page));
  BENCH_SPIN_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (list)) >= rows, 600, 5);
  if (g_getenv ("BENCH_MEMORY_STEPS"))
    g_printerr ("list in: %.1f MiB\n", status_mib ("VmRSS:"));
  BENCH_SPIN_UNTIL (g_list_model_get_n_items (shown) >= rows, 600, 5);
  if (g_getenv ("BENCH_MEMORY_STEPS"))
    g_printerr ("shown: %.1f MiB\n", status_mib ("VmRSS:"));
  painted = bench_paints;
  BENCH_SPIN_UNTIL (bench_paints > painted, 30, 5);
  full = status_mib ("VmRSS:");
  /* The copy's refresh goes on in the background (and the first, uncounted
   * run fills it): RSS again once it is done and a frame painted. */
  BENCH_SPIN_UNTIL (!mp_list_source_get_loading (list), 600, 5);
  painted = bench_paints;
  gtk_widget_queue_draw (GTK_WIDGET (window));
  BENCH_SPIN_UNTIL (bench_paints > painted, 30, 5);
  settled = status_mib ("VmRSS:");
  if (g_getenv ("BENCH_MEMORY_STEPS"))
    g_printerr ("%s: empty %.1f, rows %.1f, settled %.1f: anon %.1f, file %.1f, shmem %.1f MiB\n",
                live ? "live" : "copy", empty, full, settled, status_mib ("RssAnon:"),
                status_mib ("RssFile:"), status_mib ("RssShmem:"));

  printf ("%.1f %.1f %.1f %.1f %u\n", empty, full, settled, status_mib ("VmHWM:"),
          g_list_model_get_n_items (G_LIST_MODEL (list)));
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

typedef struct
{
  double empty[16], full[16], ratio[16], settled[16], settled_ratio[16], peak[16];
} Figures;

static gboolean
run_once (const char *self_path,
          const char *base_url,
          const char *rows,
          gboolean    live,
          Figures    *figures,
          guint       i)
{
  const char *argv[] = { self_path, "--child", base_url, live ? "live" : "copy", rows, NULL };
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  guint n;

  child = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("bench-memory: %s\n", error->message);
      return FALSE;
    }
  if (!g_subprocess_get_successful (child) ||
      sscanf (out, "%lf %lf %lf %lf %u", &figures->empty[i], &figures->full[i], &figures->settled[i],
              &figures->peak[i], &n) != 5)
    return FALSE;
  figures->ratio[i] = figures->full[i] / figures->empty[i];
  figures->settled_ratio[i] = figures->settled[i] / figures->empty[i];
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  const char *rows = argc > 1 && !g_str_equal (argv[1], "--child") ? argv[1] : "100000";
  guint runs = argc > 2 ? CLAMP ((guint) strtoul (argv[2], NULL, 10), 1, 16) : 3;
  const char *server_args[] = { "--seed-subscriptions", rows, NULL };
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *cache_dir = NULL;
  Figures figures[2];

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", MP_BUILD_ROOT "/data", TRUE);
  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, TRUE);

  if (argc == 5 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2], g_str_equal (argv[3], "live"), (guint) strtoul (argv[4], NULL, 10));

  cache_dir = g_dir_make_tmp ("bench-memory-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  server = mp_test_server_start (server_args, &error);
  if (server == NULL)
    {
      g_printerr ("bench-memory: %s\n", error->message);
      return 1;
    }
  base_url = mp_test_server_get_base_url (server, "US");

  /* Fills the copy; not counted. */
  if (!run_once (argv[0], base_url, rows, FALSE, &figures[0], 0))
    return 1;
  for (guint i = 0; i < runs; i++)
    for (guint live = 0; live < 2; live++)
      if (!run_once (argv[0], base_url, rows, live, &figures[live], i))
        return 1;

  printf ("%s subscriptions on screen (All Subscriptions), %u runs each, alternating; median (range):\n",
          rows, runs);
  for (guint live = 0; live < 2; live++)
    {
      printf ("%s\n", live ? "the whole list fetched from the server (baseline: Keep a Local Copy off)"
                           : "from the local copy (the app as it is)");
      bench_print_median ("RSS at the empty main window's first frame", figures[live].empty, runs, 2, "MiB");
      bench_print_median ("RSS with every row on screen", figures[live].full, runs, 2, "MiB");
      bench_print_median ("ratio rows on screen / empty window", figures[live].ratio, runs, 2, "x");
      bench_print_median ("RSS once the list is no longer loading", figures[live].settled, runs, 2, "MiB");
      bench_print_median ("ratio then / empty window", figures[live].settled_ratio, runs, 2, "x");
      bench_print_median ("peak RSS (VmHWM)", figures[live].peak, runs, 2, "MiB");
    }
  return 0;
}
