/* bench-startup.c: demo start to the first list's painted rows, against
 * the window's first frame. Prints figures; asserts nothing.
 *
 *   xvfb-run -a BUILD/bench/ui/bench-startup [RUNS]
 *
 * Each run is a child process of this program (a cold GTK and a new demo
 * marketplace process each time, on one data directory seeded by a first
 * run that is not counted): main() to the window's first frame, and to
 * the first frame painted with rows in My Subscriptions after the demo
 * sign-in as the reseller, asked for before the window is presented as
 * "market-panel --demo" does (mp_application_activate ()). The renderer is
 * GTK's default (GL; llvmpipe under Xvfb) unless GSK_RENDERER says. Runs
 * alternate between three starts, measured side by side in one run:
 *  - the app as it is, on the local copy the start before left (every
 *    start but the first on a machine: the copy is kept by the demo's data
 *    folder, in a cache folder of the benchmark's own);
 *  - the baseline: every section built at sign-in (MP_BENCH_EAGER_SECTIONS),
 *    on the same copy;
 *  - the app as it is with no local copy yet (the first start: the copy
 *    is deleted before the run), so the rows wait for the demo server.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>

#include "bench-util.h"
#include "mp-login-page.h"
#include "mp-subscriptions-page.h"
#include "mp-window.h"

static gint64 main_started;
static gint64 first_frame;
static gint64 rows_painted;
static GtkColumnView *rows_view;

static GtkColumnView *
find_subscriptions_view (GtkWidget *widget)
{
  if (GTK_IS_COLUMN_VIEW (widget) && gtk_widget_get_ancestor (widget, MP_TYPE_SUBSCRIPTIONS_PAGE) != NULL)
    return GTK_COLUMN_VIEW (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkColumnView *found = find_subscriptions_view (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       user_data)
{
  GtkWidget *window = user_data;
  gint64 now = g_get_monotonic_time ();

  if (first_frame == 0)
    {
      first_frame = now;
      return;
    }
  if (rows_view == NULL)
    rows_view = find_subscriptions_view (window);
  /* The frame painted once the rows are in the view's model and mapped. */
  if (rows_view != NULL && rows_painted == 0 && gtk_widget_get_mapped (GTK_WIDGET (rows_view)) &&
      g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (rows_view))) > 0)
    rows_painted = now;
}

static void
realize_cb (GtkWidget *widget,
            gpointer   user_data)
{
  g_signal_connect (gtk_widget_get_frame_clock (widget), "after-paint",
                    G_CALLBACK (after_paint_cb), widget);
}

static gboolean
tick_cb (gpointer user_data)
{
  /* Keeps frames coming while the list loads, so its first painted frame is seen. */
  gtk_widget_queue_draw (user_data);
  return G_SOURCE_CONTINUE;
}

static int
run_child (void)
{
  GtkWidget *window;
  gint64 deadline;

  gtk_init ();
  adw_init ();
  window = GTK_WIDGET (mp_window_new (NULL));
  g_signal_connect (window, "realize", G_CALLBACK (realize_cb), NULL);
  mp_login_page_sign_in_demo (mp_window_get_login_page (MP_WINDOW (window)), MP_DEMO_ACCOUNT_RESELLER);
  gtk_window_present (GTK_WINDOW (window));
  g_timeout_add (4, tick_cb, window);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (rows_painted == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  if (rows_painted == 0)
    {
      g_printerr ("bench-startup: no rows painted within 60 s\n");
      return 1;
    }
  printf ("%.1f %.1f\n", (first_frame - main_started) / 1e3, (rows_painted - main_started) / 1e3);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}

typedef enum
{
  START_LAZY,
  START_EAGER,
  START_FIRST,
  N_STARTS
} Start;

static const char *const start_names[N_STARTS] = {
  "sections built when first shown, local copy from the last start",
  "every section built at sign-in (baseline), local copy from the last start",
  "sections built when first shown, no local copy yet (first start)",
};

/* Deletes the files of the benchmark's own mirror folder. */
static void
delete_copies (const char *cache_dir)
{
  g_autofree char *mirror_dir = g_build_filename (cache_dir, "market-panel", "mirror", NULL);
  g_autoptr(GDir) dir = g_dir_open (mirror_dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (mirror_dir, name, NULL);

      if (g_unlink (path) != 0)
        g_printerr ("bench-startup: could not delete %s\n", path);
    }
}

static gboolean
run_once (const char *self_path,
          Start       start,
          double     *frame_ms,
          double     *rows_ms)
{
  const char *argv[] = { self_path, "--child", NULL };
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;

  if (start == START_FIRST)
    delete_copies (g_getenv ("XDG_CACHE_HOME"));
  if (start == START_EAGER)
    g_subprocess_launcher_setenv (launcher, "MP_BENCH_EAGER_SECTIONS", "1", TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "MP_BENCH_EAGER_SECTIONS");
  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  if (child == NULL || !g_subprocess_communicate_utf8 (child, NULL, NULL, &out, NULL, &error))
    {
      g_printerr ("bench-startup: %s\n", error->message);
      return FALSE;
    }
  return g_subprocess_get_successful (child) && sscanf (out, "%lf %lf", frame_ms, rows_ms) == 2;
}

int
main (int   argc,
      char *argv[])
{
  guint runs = 3;
  g_autofree char *data_dir = NULL;
  g_autofree char *cache_dir = NULL;
  double frame[N_STARTS][16], rows[N_STARTS][16], ratio[N_STARTS][16], after[N_STARTS][16];

  main_started = g_get_monotonic_time ();
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", MP_BUILD_ROOT "/data", TRUE);
  if (g_getenv ("MP_SERVER_PROGRAM") == NULL)
    g_setenv ("MP_SERVER_PROGRAM", MP_BUILD_ROOT "/src/server/market-panel-server", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);

  if (argc > 1 && g_str_equal (argv[1], "--child"))
    return run_child ();
  if (argc > 1)
    runs = CLAMP ((guint) strtoul (argv[1], NULL, 10), 1, 16);

  data_dir = g_dir_make_tmp ("bench-startup-XXXXXX", NULL);
  g_setenv ("MP_DEMO_DATA_DIR", data_dir, TRUE);
  cache_dir = g_build_filename (data_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache_dir, TRUE);
  /* The first run seeds the demo marketplace's database and the local
   * copy; not counted. */
  if (!run_once (argv[0], START_FIRST, &frame[0][0], &rows[0][0]))
    return 1;

  for (guint i = 0; i < runs; i++)
    for (Start start = 0; start < N_STARTS; start++)
      {
        if (!run_once (argv[0], start, &frame[start][i], &rows[start][i]))
          return 1;
        ratio[start][i] = rows[start][i] / frame[start][i];
        after[start][i] = rows[start][i] - frame[start][i];
      }

  printf ("demo start (%u runs each, alternating; ms from main(), median (range)):\n", runs);
  for (Start start = 0; start < N_STARTS; start++)
    {
      printf ("%s\n", start_names[start]);
      bench_print_median ("first frame", frame[start], runs, 1, NULL);
      bench_print_median ("rows painted in My Subscriptions", rows[start], runs, 1, NULL);
      /* Sections are built at sign-in, after the first frame. */
      bench_print_median ("first frame to rows painted", after[start], runs, 1, NULL);
      bench_print_median ("ratio rows painted / first frame", ratio[start], runs, 2, NULL);
    }
  return 0;
}
