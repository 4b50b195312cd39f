/* bench-export.c: Export… of 100,000 subscriptions to CSV, as the page does
 * it (on idle, the file written asynchronously) beside the baseline (the
 * same rows and columns written at once, blocking). Prints figures;
 * asserts nothing.
 *
 *   xvfb-run -a build/bench/ui/bench-export [ROWS [RUNS]]
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <unistd.h>

#include "bench-util.h"
#include "mp-list-export.h"
#include "mp-subscriptions-page.h"
#include "mp-test-server.h"

/* How often the probe of the main loop asks to run. */
#define PROBE_MS 5

static long
rss_kib (void)
{
  g_autofree char *statm = NULL;
  long pages = 0, resident = 0;

  if (g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    sscanf (statm, "%ld %ld", &pages, &resident);
  return resident * (sysconf (_SC_PAGESIZE) / 1024);
}

static long
peak_rss_mib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

/* The main loop's lateness: how much later than asked a timeout ran. */
typedef struct
{
  gint64 start;
  gint64 last;
  gint64 longest;
  long   peak_rss;
} Probe;

static gboolean
probe_cb (gpointer user_data)
{
  Probe *probe = user_data;
  gint64 now = g_get_monotonic_time ();

  if (probe->last != 0)
    {
      gint64 late = now - probe->last - PROBE_MS * 1000;

      probe->longest = MAX (probe->longest, late);
      /* Where the stalls are, with BENCH_EXPORT_DEBUG=1. */
      if (late > 8000 && g_getenv ("BENCH_EXPORT_DEBUG") != NULL)
        g_printerr ("stall of %.1f ms, ending %.1f ms into the run\n", late / 1e3, (now - probe->start) / 1e3);
    }
  probe->last = now;
  probe->peak_rss = MAX (probe->peak_rss, rss_kib ());
  return G_SOURCE_CONTINUE;
}

typedef struct
{
  double seconds;
  double stall_ms;
  double rss_mib;    /* above the RSS before the run */
  goffset bytes;
} Run;

static void
export_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  if (!mp_list_page_export_finish (MP_LIST_PAGE (object), result, &error))
    {
      g_printerr ("bench-export: %s\n", error->message);
      exit (1);
    }
  *done = TRUE;
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? st.st_size : -1;
}

/* Starts PROBE on the main loop, from the RSS of now. */
static guint
probe_start (Probe *probe)
{
  *probe = (Probe) { g_get_monotonic_time (), 0, 0, rss_kib () };
  return g_timeout_add (PROBE_MS, probe_cb, probe);
}

/* Stops PROBE (started with BEFORE as its RSS) and fills RUN's stall and
 * memory; the size of the file at PATH (then deleted), if any.
 */
static void
probe_finish (Probe      *probe,
              guint       probe_id,
              long        before,
              const char *path,
              Run        *run)
{
  g_source_remove (probe_id);
  run->stall_ms = probe->longest / 1e3;
  run->rss_mib = (MAX (probe->peak_rss, rss_kib ()) - before) / 1024.0;
  run->bytes = path != NULL ? file_size (path) : 0;
  if (path != NULL)
    g_unlink (path);
}

static Run
run_async (GtkWidget  *page,
           const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  Probe probe;
  guint probe_id = probe_start (&probe);
  long before = probe.peak_rss;
  gboolean done = FALSE;
  gint64 t0 = g_get_monotonic_time ();
  Run run;

  mp_list_page_export_async (MP_LIST_PAGE (page), file, NULL, export_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  run.seconds = (g_get_monotonic_time () - t0) / 1e6;
  probe_finish (&probe, probe_id, before, path, &run);
  return run;
}

/* The noise floor: the probe alone on an idle main loop for SECONDS (the
 * machine's other load delays it too).
 */
static Run
run_idle (double seconds)
{
  Probe probe;
  guint probe_id = probe_start (&probe);
  long before = probe.peak_rss;
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  Run run;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  run.seconds = seconds;
  probe_finish (&probe, probe_id, before, NULL, &run);
  return run;
}

/* The baseline: the same rows and columns, written in one go. */
static Run
run_sync (GtkWidget  *page,
          const char *path)
{
  MpListPageClass *klass = MP_LIST_PAGE_GET_CLASS (page);
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(MpListExport) export = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Probe probe;
  guint probe_id;
  long before;
  gint64 t0;
  Run run;

  for (guint i = 0; i < klass->n_columns; i++)
    g_ptr_array_add (columns, (gpointer) &klass->columns[i]);
  export = mp_list_export_new (mp_list_page_get_shown (MP_LIST_PAGE (page)),
                               (const MpListPageColumn * const *) columns->pdata, columns->len, G_OBJECT (page));
  probe_id = probe_start (&probe);
  before = probe.peak_rss;
  /* The probe's first run sets its start. */
  BENCH_SPIN_UNTIL (probe.last != 0, 5, 5);
  t0 = g_get_monotonic_time ();
  if (!mp_list_export_write_sync (export, file, NULL, &error))
    {
      g_printerr ("bench-export: %s\n", error->message);
      exit (1);
    }
  run.seconds = (g_get_monotonic_time () - t0) / 1e6;
  /* The probe runs late by as long as the write blocked. */
  BENCH_SPIN_UNTIL (g_get_monotonic_time () - probe.last < PROBE_MS * 1000, 5, 5);
  probe_finish (&probe, probe_id, before, path, &run);
  return run;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The median and the 95th percentile (nearest rank) of FIELD over RUNS. */
static void
stats (const Run *runs,
       guint      n,
       gsize      offset,
       double    *median,
       double    *p95)
{
  g_autofree double *values = g_new (double, n);
  guint rank;

  for (guint i = 0; i < n; i++)
    values[i] = *(const double *) ((const char *) &runs[i] + offset);
  qsort (values, n, sizeof (double), compare_doubles);
  *median = n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  rank = (guint) ((95 * n + 99) / 100);
  *p95 = values[MAX (rank, 1) - 1];
}

/* One line of the table, in columns of characters (not bytes: "…"). */
static void
print_row (const char *name,
           const char *a,
           const char *b,
           const char *c)
{
  const char *cells[] = { name, a, b, c };
  const int widths[] = { 26, 26, 24, 24 };

  printf (" ");
  for (guint i = 0; i < G_N_ELEMENTS (cells); i++)
    printf (" %s%*s", cells[i], MAX (0, widths[i] - (int) g_utf8_strlen (cells[i], -1)), "");
  printf ("\n");
}

int
main (int   argc,
      char *argv[])
{
  guint rows = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 100000;
  guint n_runs = argc > 2 ? MAX (1, (guint) strtoul (argv[2], NULL, 10)) : 3;
  g_autofree char *rows_arg = g_strdup_printf ("%u", rows);
  const char *server_args[] = { "--seed-subscriptions", rows_arg, NULL };
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpClient) client = NULL;
  g_autoptr(MpSession) session = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree Run *async_runs = NULL;
  g_autofree Run *sync_runs = NULL;
  g_autofree Run *idle_runs = NULL;
  GtkWidget *window, *page;
  GListModel *shown;
  gint64 t0;
  static const struct { const char *name; gsize offset; const char *unit; } figures[] = {
    { "time", G_STRUCT_OFFSET (Run, seconds), "s" },
    { "longest main-loop stall", G_STRUCT_OFFSET (Run, stall_ms), "ms" },
    { "RSS growth", G_STRUCT_OFFSET (Run, rss_mib), "MiB" },
  };

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
      g_printerr ("bench-export: %s\n", error->message);
      return 1;
    }
  base_url = mp_test_server_get_base_url (server, "US");
  client = mp_client_new (base_url, "US", "demo-reseller", "Demo-Reseller-1", "demo-subscription-key");
  mp_client_set_page_size (client, 1000);
  bench_login (client);
  session = mp_session_new (client);

  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  page = mp_subscriptions_page_new (session);
  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_present (GTK_WINDOW (window));
  /* The seeded rows are the customers': All Subscriptions. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (gtk_widget_get_template_child (page, MP_TYPE_SUBSCRIPTIONS_PAGE,
                                                                            "show_dropdown")), 1);
  shown = mp_list_page_get_shown (MP_LIST_PAGE (page));
  t0 = g_get_monotonic_time ();
  BENCH_SPIN_UNTIL (g_list_model_get_n_items (shown) >= rows &&
                    !mp_list_source_get_loading (mp_list_page_get_list (MP_LIST_PAGE (page))), 600, 5);
  printf ("%u subscriptions listed in %.1f s (peak RSS %ld MiB)\n", g_list_model_get_n_items (shown),
          (g_get_monotonic_time () - t0) / 1e6, peak_rss_mib ());

  dir = g_dir_make_tmp ("bench-export-XXXXXX", &error);
  if (dir == NULL)
    {
      g_printerr ("bench-export: %s\n", error->message);
      return 1;
    }
  path = g_build_filename (dir, "subscriptions.csv", NULL);
  async_runs = g_new0 (Run, n_runs);
  sync_runs = g_new0 (Run, n_runs);
  idle_runs = g_new0 (Run, n_runs);
  /* Alternating, so that neither gets the warmer caches. */
  for (guint i = 0; i < n_runs; i++)
    {
      async_runs[i] = run_async (page, path);
      sync_runs[i] = run_sync (page, path);
      idle_runs[i] = run_idle (async_runs[i].seconds);
      printf ("run %u: export %.2f s, stall %.1f ms, +%.1f MiB, %" G_GOFFSET_FORMAT " bytes"
              " | baseline %.2f s, stall %.1f ms, +%.1f MiB, %" G_GOFFSET_FORMAT " bytes"
              " | idle loop stall %.1f ms\n", i + 1,
              async_runs[i].seconds, async_runs[i].stall_ms, async_runs[i].rss_mib, async_runs[i].bytes,
              sync_runs[i].seconds, sync_runs[i].stall_ms, sync_runs[i].rss_mib, sync_runs[i].bytes,
              idle_runs[i].stall_ms);
    }

  printf ("\nCSV export of %u subscriptions, %u runs (median / p95):\n", g_list_model_get_n_items (shown), n_runs);
  print_row ("", "Export… (steps + async)", "baseline (blocking)", "no export (noise floor)");
  for (guint f = 0; f < G_N_ELEMENTS (figures); f++)
    {
      double am, ap, sm, sp, im, ip;
      g_autofree char *a = NULL;
      g_autofree char *s = NULL;
      g_autofree char *n = NULL;

      stats (async_runs, n_runs, figures[f].offset, &am, &ap);
      stats (sync_runs, n_runs, figures[f].offset, &sm, &sp);
      stats (idle_runs, n_runs, figures[f].offset, &im, &ip);
      a = g_strdup_printf ("%.2f / %.2f %s", am, ap, figures[f].unit);
      s = g_strdup_printf ("%.2f / %.2f %s", sm, sp, figures[f].unit);
      /* It runs as long as the export did. */
      n = figures[f].offset == G_STRUCT_OFFSET (Run, seconds) ? g_strdup ("(as long)")
          : g_strdup_printf ("%.2f / %.2f %s", im, ip, figures[f].unit);
      print_row (figures[f].name, a, s, n);
    }
  printf ("  peak RSS of the process: %ld MiB; load average when done: ", peak_rss_mib ());
  {
    g_autofree char *loadavg = NULL;

    printf ("%s", g_file_get_contents ("/proc/loadavg", &loadavg, NULL, NULL) ? loadavg : "?\n");
  }

  g_rmdir (dir);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
