/* bench-mirror.c: opening and refreshing the local mirror at 100,000 rows
 *
 * Against the real market-panel-server seeded with --seed-subscriptions N,
 * in one run, side by side:
 *   - fill:     a refresh into an empty mirror (every row new)
 *   - refresh:  a full refresh of a filled mirror (every page read again,
 *               nothing changed)
 *   - baseline: the live list, mp_client_list_subscriptions () to its last
 *               page (what a list page does without the mirror)
 *   - open:     a new MpMirror and MpMirrorList until every row is in the
 *               model (objects built on first get_item)
 *   - open+objects: the same and every row's object built (get_item of all)
 * each RUNS times (median, p95, min..max), and RSS before and after opening.
 * The budget is set to 100,000 requests a second (burst 1,000) so that it
 * does not pace the benchmark; 4 requests in flight as always.
 *
 *   meson compile -C BUILD bench-mirror && BUILD/bench/mirror/bench-mirror [N RUNS PAGE]
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "mp-api.h"
#include "mp-mirror.h"
#include "mp-mirror-list.h"
#include "mp-client-test-util.h"
#include "mp-test-server.h"

/* Resident set now (not the peak), MiB. */
static double
rss_mib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL)
      || (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return g_ascii_strtod (line + 6, NULL) / 1024.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        GArray     *ms,
        const char *target)
{
  double median, p95;
  guint n = ms->len;

  g_array_sort (ms, compare_doubles);
  median = n % 2 ? g_array_index (ms, double, n / 2)
                 : (g_array_index (ms, double, n / 2 - 1) + g_array_index (ms, double, n / 2)) / 2;
  /* Nearest rank. */
  p95 = g_array_index (ms, double, MIN (n - 1, (guint) ((95 * n + 99) / 100) - 1));
  g_print ("%-34s median %8.1f ms  p95 %8.1f ms  (%.1f .. %.1f, %u runs)%s%s\n", what, median, p95,
           g_array_index (ms, double, 0), g_array_index (ms, double, n - 1), n,
           target != NULL ? "  target " : "", target != NULL ? target : "");
}

static MpMirror *
new_mirror (MpClient *client)
{
  MpMirror *mirror = mp_mirror_new (client);

  mp_request_budget_set_rate (mp_mirror_get_budget (mirror), 100000.0);
  mp_request_budget_set_burst (mp_mirror_get_budget (mirror), 1000);
  return mirror;
}

static double
time_refresh (MpMirror *mirror)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  mp_mirror_refresh_async (mirror, NULL, mp_test_store_result, &result);
  if (!mp_mirror_refresh_finish (mirror, mp_test_wait (&result), &error))
    g_error ("Refresh failed: %s", error->message);
  return (g_get_monotonic_time () - start) / 1000.0;
}

static double
time_open (MpClient *client,
           guint     expected,
           gboolean  objects,
           double   *rss_after)
{
  g_autoptr(MpMirror) mirror = new_mirror (client);
  g_autoptr(MpListSource) list = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  double ms;
  guint n;

  list = mp_mirror_list_new (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS);
  mp_mirror_list_wait_async (MP_MIRROR_LIST (list), NULL, mp_test_store_result, &result);
  if (!mp_mirror_list_wait_finish (MP_MIRROR_LIST (list), mp_test_wait (&result), &error))
    g_error ("Opening the mirror failed: %s", error->message);
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  if (n != expected)
    g_error ("The mirror holds %u rows, not %u", n, expected);
  if (objects)
    for (guint i = 0; i < n; i++)
      g_object_unref (g_list_model_get_item (G_LIST_MODEL (list), i));
  ms = (g_get_monotonic_time () - start) / 1000.0;
  if (rss_after != NULL)
    *rss_after = rss_mib ();
  return ms;
}

static double
time_live (MpClient *client,
           guint     expected)
{
  g_autoptr(MpPagedList) list = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();

  list = mp_client_list_subscriptions (client, NULL, NULL);
  mp_paged_list_wait_async (list, NULL, mp_test_store_result, &result);
  if (!mp_paged_list_wait_finish (list, mp_test_wait (&result), &error))
    g_error ("Loading the live list failed: %s", error->message);
  if (g_list_model_get_n_items (G_LIST_MODEL (list)) < expected)
    g_error ("The live list has %u rows", g_list_model_get_n_items (G_LIST_MODEL (list)));
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(MpClient) client = NULL;
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) fill = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) again = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) live = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) open_objects = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *seed = NULL;
  g_autofree char *cache = NULL;
  g_autofree char *base = NULL;
  g_autofree char *command = NULL;
  guint n_subscriptions = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint runs = argc > 2 ? (guint) atoi (argv[2]) : 5;
  guint page = argc > 3 ? (guint) atoi (argv[3]) : 500;
  const char *args[4];
  guint total = 0;
  double rss_before, rss_open = 0, rss_objects = 0;

  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, TRUE);
  cache = g_dir_make_tmp ("mp-bench-mirror-XXXXXX", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  runs = MAX (runs, 1);

  g_print ("Market Panel mirror benchmark: %u seeded subscriptions, %u runs, %u rows per page "
           "(the app's default is 500), build type %s\n", n_subscriptions, runs, page,
           MP_BUILD_TYPE);
  seed = g_strdup_printf ("%u", n_subscriptions);
  args[0] = "--seed-subscriptions";
  args[1] = seed;
  args[2] = "--no-login-throttle";
  args[3] = NULL;
  server = mp_test_server_start (args, &error);
  if (server == NULL)
    g_error ("Cannot start market-panel-server: %s", error->message);
  base = mp_test_server_get_base_url (server, "US");
  client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1", "demo-subscription-key");
  mp_client_set_page_size (client, page);
  mp_client_login_async (client, NULL, mp_test_store_result, &result);
  account = mp_client_login_finish (client, mp_test_wait (&result), &error);
  if (account == NULL)
    g_error ("Login failed: %s", error->message);

  for (guint i = 0; i < runs; i++)
    {
      g_autoptr(MpMirror) mirror = NULL;

      if (!mp_mirror_delete_for_account (base, "US", "demo-reseller", &error))
        g_error ("%s", error->message);
      mirror = new_mirror (client);
      g_array_append_val (fill, (double) { time_refresh (mirror) });
      g_array_append_val (again, (double) { time_refresh (mirror) });
      if (mp_mirror_get_detail_requests (mirror) != 0)
        g_error ("%u detail calls against the list-row extension",
                 mp_mirror_get_detail_requests (mirror));
      g_array_append_val (live, (double) { time_live (client, n_subscriptions) });
      /* Each run as it ends, so that a run cut short still tells something. */
      g_print ("run %u: fill %.1f ms, refresh %.1f ms, live list %.1f ms\n", i + 1,
               g_array_index (fill, double, i), g_array_index (again, double, i),
               g_array_index (live, double, i));
    }
  {
    g_autoptr(MpPagedList) probe = mp_client_list_subscriptions (client, NULL, NULL);
    g_autoptr(GAsyncResult) waited = NULL;

    mp_paged_list_wait_async (probe, NULL, mp_test_store_result, &waited);
    mp_paged_list_wait_finish (probe, mp_test_wait (&waited), NULL);
    total = g_list_model_get_n_items (G_LIST_MODEL (probe));
  }

  rss_before = rss_mib ();
  for (guint i = 0; i < runs; i++)
    {
      g_array_append_val (open, (double) { time_open (client, total, FALSE, i == 0 ? &rss_open : NULL) });
      g_array_append_val (open_objects,
                          (double) { time_open (client, total, TRUE, i == 0 ? &rss_objects : NULL) });
    }

  g_print ("%u subscriptions in the mirror\n", total);
  report ("fill (empty mirror)", fill, "<= 1000 ms");
  report ("full refresh (nothing changed)", again, "<= 1000 ms");
  report ("baseline: live list, all pages", live, NULL);
  report ("open: every row in the model", open, "<= 300 ms");
  report ("open + every object built", open_objects, NULL);
  g_print ("RSS before opening %.1f MiB; with the list open %.1f MiB (+%.1f); "
           "with every object built %.1f MiB (+%.1f)\n", rss_before, rss_open,
           rss_open - rss_before, rss_objects, rss_objects - rss_before);

  command = g_strdup_printf ("rm -rf '%s'", cache);
  if (system (command) != 0)
    g_printerr ("Could not remove %s\n", cache);
  return 0;
}
