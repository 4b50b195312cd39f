/* bench-login-flood.c: what a flood of wrong passwords does to everyone else
 *
 * Starts market-panel-server ($MP_BUILD_DIR's, so an older build can be
 * compared), then measures one client's GET latency (p50, p99) while 16
 * other clients post wrong passwords to the OAuth token endpoint in a loop:
 * without a flood, with a flood from one address on one login, and with a
 * flood from 16 addresses each trying a new login every time (which only
 * the per-address throttle stops). Extra arguments go to the server, e.g.
 * --no-login-throttle to see the worker pool alone.
 *
 * Usage: bench-login-flood [SECONDS-PER-RUN] [-- SERVER-ARGS...]
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

#define FLOODERS 16

typedef struct
{
  const char *root;
  char        address[32];   /* the flooder's source address */
  gboolean    new_login_each_time;
  gint       *stop;
  guint       answers[6];    /* 2xx, 401, 429, 503, other, failed */
} Flooder;

static gpointer
flood (gpointer data)
{
  Flooder *f = data;
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (f->address);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (inet, 0);
  g_autoptr(SoupSession) session = soup_session_new_with_options ("local-address", local, NULL);
  g_autofree char *u = g_strconcat (f->root, "/auth/realms/us/protocol/openid-connect/token", NULL);
  guint n = 0;

  while (!g_atomic_int_get (f->stop))
    {
      /* a new login each time, or always the same */
      g_autofree char *body = g_strdup_printf ("grant_type=password&username=%s-%u&password=wrong"
                                               "&client_id=market-panel&client_secret=demo-client-secret",
                                               f->new_login_each_time ? f->address : "acme-admin",
                                               f->new_login_each_time ? n++ : 0);
      g_autoptr(SoupMessage) msg = soup_message_new ("POST", u);
      g_autoptr(GBytes) request = g_bytes_new (body, strlen (body));
      g_autoptr(GBytes) answer = NULL;
      guint status;

      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", request);
      answer = soup_session_send_and_read (session, msg, NULL, NULL);
      status = soup_message_get_status (msg);
      if (answer == NULL)
        f->answers[5]++;
      else if (status >= 200 && status < 300)
        f->answers[0]++;
      else if (status == 401)
        f->answers[1]++;
      else if (status == 429)
        f->answers[2]++;
      else if (status == 503)
        f->answers[3]++;
      else
        f->answers[4]++;
    }
  return NULL;
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* One run: the GET client's latencies while FLOODERS flood (0: none). */
static void
run (const char *label,
     const char *root,
     const char *base,
     const char *token,
     int         flooders,
     gboolean    spread,
     double      seconds)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *u = g_strconcat (base, "/subscriptions?limit=10", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);
  Flooder floods[FLOODERS] = { 0 };
  GThread *threads[FLOODERS] = { 0 };
  guint answers[6] = { 0 };
  gint stop = 0;
  gint64 start, end;
  guint flood_total = 0;
  int i, k;

  for (i = 0; i < flooders; i++)
    {
      floods[i].root = root;
      floods[i].stop = &stop;
      floods[i].new_login_each_time = spread;
      g_snprintf (floods[i].address, sizeof floods[i].address, spread ? "127.0.1.%d" : "127.0.0.1", i + 1);
      threads[i] = g_thread_new ("flood", flood, &floods[i]);
    }
  if (flooders > 0)
    g_usleep (G_USEC_PER_SEC / 2);  /* let the flood build up */

  start = g_get_monotonic_time ();
  end = start + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    {
      g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);
      g_autoptr(GBytes) answer = NULL;
      gint64 t0 = g_get_monotonic_time (), dt;

      soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
      soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Subscription-Key", "demo-subscription-key");
      answer = soup_session_send_and_read (session, msg, NULL, NULL);
      if (answer == NULL || soup_message_get_status (msg) != 200)
        g_error ("GET failed: %u", soup_message_get_status (msg));
      dt = g_get_monotonic_time () - t0;
      g_array_append_val (latencies, dt);
    }
  g_atomic_int_set (&stop, 1);
  for (i = 0; i < flooders; i++)
    {
      g_thread_join (threads[i]);
      for (k = 0; k < 6; k++)
        {
          answers[k] += floods[i].answers[k];
          flood_total += floods[i].answers[k];
        }
    }

  g_array_sort (latencies, compare_gint64);
  printf ("%-40s %7u %9.3f %9.3f %9.0f   401 %u, 429 %u, 503 %u, other %u, failed %u\n", label, latencies->len,
          g_array_index (latencies, gint64, latencies->len / 2) / 1000.0,
          g_array_index (latencies, gint64, MIN (latencies->len - 1, latencies->len * 99 / 100)) / 1000.0,
          flood_total / seconds, answers[1], answers[2], answers[3], answers[4] + answers[0], answers[5]);
  fflush (stdout);
}

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 && strcmp (argv[1], "--") != 0 ? g_ascii_strtod (argv[1], NULL) : 5.0;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  MpTestServer *server;
  int i;

  signal (SIGPIPE, SIG_IGN);
  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, TRUE);
  if (seconds <= 0)
    seconds = 5.0;
  g_ptr_array_add (args, (gpointer) "--provision-step-ms");
  g_ptr_array_add (args, (gpointer) "600000");
  for (i = 1; i < argc; i++)
    if (strcmp (argv[i], "--") == 0)
      {
        for (i++; i < argc; i++)
          g_ptr_array_add (args, argv[i]);
        break;
      }
  g_ptr_array_add (args, NULL);

  server = mp_test_server_start ((const char * const *) args->pdata, &error);
  if (server == NULL)
    g_error ("cannot start the server: %s", error->message);
  base = mp_test_server_get_base_url (server, "US");
  token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");

  printf ("server: %s/src/server/market-panel-server\n", g_getenv ("MP_BUILD_DIR"));
  printf ("%-40s %7s %9s %9s %9s   %s\n", "GET /subscriptions?limit=10 while", "GETs", "p50 ms", "p99 ms",
          "flood/s", "flood answers");
  run ("no flood", mp_test_server_get_url (server), base, token, 0, FALSE, seconds);
  run ("16 flooders, 1 address, 1 login", mp_test_server_get_url (server), base, token, FLOODERS, FALSE, seconds);
  run ("16 flooders, 16 addresses, new logins", mp_test_server_get_url (server), base, token, FLOODERS, TRUE, seconds);
  mp_test_server_free (server);
  return EXIT_SUCCESS;
}
