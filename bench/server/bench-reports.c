/* bench-reports.c: what building a rated-data report costs, and what it does
 * to everyone else
 *
 * Starts market-panel-server ($MP_BUILD_DIR's) with --seed-subscriptions N
 * and provisioning steps of 0 ms, then, for CSV and JSON, requests RUNS
 * reports of the reseller's last 30 days one after the other and measures
 * each one's time from the request to "completed" (polled every 5 ms), and
 * the file's size. Meanwhile one other client sends GET /plans in a loop:
 * its latency while reports are built is printed beside the same client's
 * latency with no report (the baseline), measured first.
 *
 * Usage: bench-reports [SUBSCRIPTIONS [RUNS]]   (default 20000 5)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mp-server-test-util.h"

typedef struct
{
  const char *base;
  const char *token;
  gint       *stop;
  GArray     *latencies;   /* gint64 µs */
} Probe;

static gpointer
probe (gpointer data)
{
  Probe *p = data;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *u = g_strconcat (p->base, "/plans?limit=5", NULL);

  while (!g_atomic_int_get (p->stop))
    {
      gint64 t0 = g_get_monotonic_time (), dt;
      g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, p->token, NULL, NULL);

      if (r->status != 200)
        g_error ("GET /plans: %u", r->status);
      dt = g_get_monotonic_time () - t0;
      g_array_append_val (p->latencies, dt);
    }
  return NULL;
}

static int
compare (gconstpointer a,
         gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *values,
               double  p)
{
  if (values->len == 0)
    return 0;
  g_array_sort (values, compare);
  return g_array_index (values, gint64, MIN (values->len - 1, (guint) (p * values->len))) / 1000.0;
}

static void
print_latency (const char *label,
               GArray     *latencies)
{
  printf ("%-34s %7u %9.2f %9.2f %9.2f\n", label, latencies->len, percentile_ms (latencies, 0.5),
          percentile_ms (latencies, 0.95), percentile_ms (latencies, 0.999));
}

/* One report of FORMAT: the µs from the request to completed; its size. */
static gint64
one_report (SoupSession *session,
            const char  *base,
            const char  *token,
            const char  *format,
            const char  *start,
            const char  *end,
            gint64      *bytes)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Bench\", \"format\": \"%s\", \"startDate\": \"%s\","
                                           " \"endDate\": \"%s\"}", format, start, end);
  g_autofree char *post_url = g_strconcat (base, "/reports", NULL);
  g_autoptr(MpTestResponse) placed = NULL;
  g_autofree char *report_url = NULL;
  gint64 t0 = g_get_monotonic_time (), dt;

  placed = mp_test_request (session, "POST", post_url, token, body, NULL);
  if (placed->status != 200)
    g_error ("POST /reports: %u %s", placed->status, placed->body);
  report_url = g_strconcat (base, "/reports/", mp_test_string (mp_test_object (placed), "id"), NULL);
  for (;;)
    {
      g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", report_url, token, NULL, NULL);

      if (g_strcmp0 (mp_test_string (mp_test_object (r), "status"), "completed") == 0)
        {
          g_autoptr(MpTestResponse) file = NULL;

          dt = g_get_monotonic_time () - t0;
          file = mp_test_request (session, "GET", mp_test_string (mp_test_object (r), "downloadUrl"), token, NULL,
                                  NULL);
          *bytes = (gint64) strlen (file->body);
          return dt;
        }
      g_usleep (5000);
    }
}

int
main (int   argc,
      char *argv[])
{
  const char *count = argc > 1 ? argv[1] : "20000";
  int runs = argc > 2 ? atoi (argv[2]) : 5;
  const char *args[] = { "--seed-subscriptions", count, "--provision-step-ms", "0", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) month_ago = g_date_time_add_days (now, -30);
  g_autofree char *start = g_date_time_format (month_ago, "%Y-%m-%d");
  g_autofree char *end = g_date_time_format (now, "%Y-%m-%d");
  static const char * const formats[] = { "csv", "json" };
  MpTestServer *server;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;

  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, FALSE);
  server = mp_test_server_start (args, &error);
  if (server == NULL)
    g_error ("%s", error->message);
  base = mp_test_server_get_base_url (server, "US");
  token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  printf ("server: %s/src/server/market-panel-server, %s seeded subscriptions, %d reports per format\n",
          g_getenv ("MP_BUILD_DIR"), count, runs);

  printf ("%-34s %7s %9s %9s %9s\n", "GET /plans by another client", "GETs", "p50 ms", "p95 ms", "p99.9 ms");
  {
    gint stop = 0;
    Probe idle = { base, token, &stop, g_array_new (FALSE, FALSE, sizeof (gint64)) };
    GThread *thread = g_thread_new ("probe", probe, &idle);

    g_usleep (2 * G_USEC_PER_SEC);
    g_atomic_int_set (&stop, 1);
    g_thread_join (thread);
    print_latency ("no report (baseline)", idle.latencies);
    g_array_unref (idle.latencies);
  }

  for (guint f = 0; f < G_N_ELEMENTS (formats); f++)
    {
      gint stop = 0;
      Probe busy = { base, token, &stop, g_array_new (FALSE, FALSE, sizeof (gint64)) };
      g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autofree char *label = g_strdup_printf ("while %s reports are built", formats[f]);
      GThread *thread = g_thread_new ("probe", probe, &busy);
      gint64 bytes = 0;

      for (int i = 0; i < runs; i++)
        {
          gint64 dt = one_report (session, base, token, formats[f], start, end, &bytes);

          g_array_append_val (times, dt);
        }
      g_atomic_int_set (&stop, 1);
      g_thread_join (thread);
      print_latency (label, busy.latencies);
      printf ("  %s report: %d runs, request to completed p50 %.1f ms, p95 %.1f ms; file %.1f MB\n", formats[f], runs,
              percentile_ms (times, 0.5), percentile_ms (times, 0.95), bytes / 1e6);
      g_array_unref (busy.latencies);
    }

  mp_test_server_kill (server, SIGTERM);
  mp_test_server_free (server);
  return 0;
}
