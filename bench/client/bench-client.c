/* bench-client.c: time and peak memory of loading lists through MpClient
 *
 * Loads 100,000 subscriptions from the real market-panel-server (seeded with
 * --seed-subscriptions) and 10,000 detailed plans (with periods, products and
 * prices) from a loopback server in a thread of this program (the demo
 * server has no flag to seed that many plans), through mp_client_list_*():
 * HTTP, JSON parsing and model objects, page by page.
 *
 *   meson compile -C BUILD bench-client && BUILD/bench/client/bench-client [N_SUBS N_PLANS PAGE]
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <stdlib.h>
#include <sys/resource.h>

#include "mp-api.h"
#include "mp-test-server.h"

static glong
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static void
first_rows (GListModel *model,
            guint       position,
            guint       removed,
            guint       added,
            gint64     *when)
{
  if (*when == 0)
    *when = g_get_monotonic_time ();
}

static void
load (MpClient   *client,
      const char *what,
      gboolean    plans)
{
  g_autoptr(MpPagedList) list = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start, end, first = 0;
  glong rss_before = peak_rss_kib ();

  start = g_get_monotonic_time ();
  list = plans ? mp_client_list_plans (client, NULL, MP_AUDIENCE_ANY, NULL)
               : mp_client_list_subscriptions (client, NULL, NULL);
  g_signal_connect (list, "items-changed", G_CALLBACK (first_rows), &first);
  mp_paged_list_wait_async (list, NULL, store_result, &result);
  if (!mp_paged_list_wait_finish (list, wait_for (&result), &error))
    g_error ("Loading %s failed: %s", what, error->message);
  end = g_get_monotonic_time ();
  g_print ("%-14s %7u rows  first rows %6.3f s  all %6.3f s  (%5.1f us/row)  "
           "peak RSS %6.1f MiB (+%.1f MiB)\n",
           what, g_list_model_get_n_items (G_LIST_MODEL (list)),
           (first - start) / 1e6, (end - start) / 1e6,
           (double) (end - start) / MAX (g_list_model_get_n_items (G_LIST_MODEL (list)), 1),
           peak_rss_kib () / 1024.0, (peak_rss_kib () - rss_before) / 1024.0);
}

/* The plan server: pages of generated detailed plans. */

static guint n_plans;

static void
append_plan (GString *out,
             guint    id)
{
  g_string_append_printf (out,
    "{\"id\":\"%u\",\"name\":\"Bench Plan %u\",\"shortDescription\":\"A generated plan\","
    "\"longDescription\":\"A generated plan for the client benchmark, number %u.\","
    "\"published\":true,\"billingModel\":\"chargeBeforeBillingPeriod\","
    "\"subscriptionPeriods\":[{\"type\":\"month\",\"duration\":1,\"trial\":false,\"active\":true},"
    "{\"type\":\"year\",\"duration\":1,\"trial\":false,\"active\":true}],"
    "\"category\":{\"id\":\"12\",\"name\":\"Cloud Management Services\"},"
    "\"productLine\":{\"id\":\"bench\",\"name\":\"Bench\"},\"vendor\":\"Bench Inc.\","
    "\"audience\":\"%s\",\"termsAndConditions\":[{\"id\":\"tc-1\",\"name\":\"Terms\","
    "\"kind\":\"marketplace\",\"url\":\"https://example.com/t\",\"text\":\"...\"}],"
    "\"resourceCategories\":[{\"id\":\"users\",\"name\":\"Users\"}],\"products\":[",
    id, id, id, id % 2 ? "customer" : "reseller");
  for (guint p = 0; p < 3; p++)
    g_string_append_printf (out,
      "%s{\"mpn\":\"BENCH-%u-%u\",\"name\":\"Bench product %u\","
      "\"resourceCategory\":{\"id\":\"users\",\"name\":\"Users\"},\"unitOfMeasure\":\"user\","
      "\"includedQuantity\":0,\"minimumQuantity\":%u,\"maximumQuantity\":500,\"oneTime\":false,"
      "\"prices\":[{\"period\":{\"type\":\"month\",\"duration\":1},"
      "\"setup\":{\"amount\":\"0.00\",\"currency\":\"USD\"},\"recurring\":{\"amount\":\"4.50\",\"currency\":\"USD\"}},"
      "{\"period\":{\"type\":\"year\",\"duration\":1},"
      "\"setup\":{\"amount\":\"0.00\",\"currency\":\"USD\"},\"recurring\":{\"amount\":\"48.00\",\"currency\":\"USD\"}}]}",
      p ? "," : "", id, p, p, p == 0 ? 1 : 0);
  g_string_append (out, "]}");
}

static void
plan_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  GString *out;
  guint offset = 0, limit = 10;

  soup_message_headers_replace (headers, "X-Market-Panel-Extensions", "1");
  if (g_str_has_suffix (path, "/token"))
    {
      const char *token = "{\"token\":\"bench\",\"expiresInSeconds\":3600}";

      soup_server_message_set_status (msg, 200, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, token, strlen (token));
      return;
    }
  if (!g_str_has_suffix (path, "/plans"))
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  if (query != NULL && g_hash_table_lookup (query, "offset"))
    offset = (guint) atoi (g_hash_table_lookup (query, "offset"));
  if (query != NULL && g_hash_table_lookup (query, "limit"))
    limit = (guint) atoi (g_hash_table_lookup (query, "limit"));
  out = g_string_new ("{\"data\":[");
  for (guint i = offset; i < MIN (offset + limit, n_plans); i++)
    {
      if (i > offset)
        g_string_append_c (out, ',');
      append_plan (out, 100000 + i);
    }
  g_string_append_printf (out, "],\"pagination\":{\"offset\":%u,\"limit\":%u,\"total\":%u}}",
                          offset, limit, n_plans);
  soup_server_message_set_status (msg, 200, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, out->str, out->len);
  g_string_free (out, FALSE);
}

typedef struct
{
  GMutex  lock;
  GCond   cond;
  int     port;
} ServerThread;

static gpointer
plan_server_thread (gpointer data)
{
  ServerThread *st = data;
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  GSList *uris;

  g_main_context_push_thread_default (context);
  server = soup_server_new (NULL, NULL);
  soup_server_add_handler (server, NULL, plan_handler, NULL, NULL);
  if (!soup_server_listen_local (server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error))
    g_error ("%s", error->message);
  uris = soup_server_get_uris (server);
  g_mutex_lock (&st->lock);
  st->port = g_uri_get_port (uris->data);
  g_cond_signal (&st->cond);
  g_mutex_unlock (&st->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  loop = g_main_loop_new (context, FALSE);
  g_main_loop_run (loop);
  return NULL;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(MpClient) client = NULL;
  g_autoptr(MpClient) plan_client = NULL;
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *plan_base = NULL;
  g_autofree char *seed = NULL;
  const char *args[3];
  guint n_subscriptions = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint page = argc > 3 ? (guint) atoi (argv[3]) : 1000;
  ServerThread st = { .port = 0 };

  n_plans = argc > 2 ? (guint) atoi (argv[2]) : 10000;
  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, TRUE);

  g_print ("Market Panel client benchmark: %u subscriptions, %u plans, %u rows per page\n",
           n_subscriptions, n_plans, page);
  g_print ("peak RSS at start %.1f MiB\n", peak_rss_kib () / 1024.0);

  seed = g_strdup_printf ("%u", n_subscriptions);
  args[0] = "--seed-subscriptions";
  args[1] = seed;
  args[2] = NULL;
  server = mp_test_server_start (args, &error);
  if (server == NULL)
    g_error ("Cannot start market-panel-server: %s", error->message);
  base = mp_test_server_get_base_url (server, "US");
  client = mp_client_new (base, "US", "demo-reseller", "Demo-Reseller-1", "demo-subscription-key");
  mp_client_set_page_size (client, page);
  mp_client_login_async (client, NULL, store_result, &result);
  account = mp_client_login_finish (client, wait_for (&result), &error);
  if (account == NULL)
    g_error ("Login failed: %s", error->message);
  load (client, "subscriptions", FALSE);

  g_mutex_init (&st.lock);
  g_cond_init (&st.cond);
  g_mutex_lock (&st.lock);
  g_thread_unref (g_thread_new ("plan-server", plan_server_thread, &st));
  while (st.port == 0)
    g_cond_wait (&st.cond, &st.lock);
  g_mutex_unlock (&st.lock);
  plan_base = g_strdup_printf ("http://127.0.0.1:%d/marketplace/US", st.port);
  plan_client = mp_client_new (plan_base, "US", "bench", "bench", "bench");
  mp_client_set_page_size (plan_client, page);
  load (plan_client, "plans", TRUE);

  g_print ("peak RSS at end %.1f MiB\n", peak_rss_kib () / 1024.0);
  /* The plan server thread runs until exit. */
  return 0;
}
