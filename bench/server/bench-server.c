/* bench-server.c: throughput and latency of market-panel-server
 *
 * Seeds a database with 100,000 subscriptions (timed), then drives
 * GET /subscriptions?limit=100 and POST /orders over 1 and 32 keep-alive
 * connections with a minimal HTTP/1.1 client (plain sockets and poll, so
 * the client costs little of the machine), and prints requests per second
 * and the 50th and 99th percentile latencies.
 *
 * Usage: bench-server [SECONDS-PER-RUN] [SUBSCRIPTIONS]
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mp-test-server.h"

#define MAX_CONNECTIONS 64

typedef struct
{
  int      fd;
  GString *in;
  gint64   sent_at;
  gsize    header_end;   /* 0: headers not complete */
  gsize    content_length;
} Connection;

static int
connect_to (guint16 port)
{
  struct sockaddr_in addr = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  int one = 1;

  addr.sin_family = AF_INET;
  addr.sin_port = htons (port);
  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0 || connect (fd, (struct sockaddr *) &addr, sizeof addr) < 0)
    g_error ("connect: %s", g_strerror (errno));
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static void
send_all (int         fd,
          const char *data,
          gsize       length)
{
  while (length > 0)
    {
      ssize_t n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("write: %s", g_strerror (errno));
      data += n;
      length -= (gsize) n;
    }
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

/* Parses the status line and Content-Length once the headers are in. */
static gboolean
headers_done (Connection *c)
{
  const char *end = g_strstr_len (c->in->str, (gssize) c->in->len, "\r\n\r\n");
  const char *p;

  if (end == NULL)
    return FALSE;
  c->header_end = (gsize) (end - c->in->str) + 4;
  c->content_length = 0;
  for (p = c->in->str; p < end; p = strstr (p, "\r\n") + 2)
    {
      if (g_ascii_strncasecmp (p, "Content-Length:", 15) == 0)
        c->content_length = (gsize) g_ascii_strtoull (p + 15, NULL, 10);
      if (strstr (p, "\r\n") == NULL || strstr (p, "\r\n") >= end)
        break;
    }
  if (strncmp (c->in->str, "HTTP/1.1 200", 12) != 0)
    g_error ("unexpected answer: %.*s", (int) MIN (c->in->len, 400), c->in->str);
  return TRUE;
}

typedef struct
{
  double rate;
  double p50_ms;
  double p99_ms;
  guint  count;
} Result;

/* Sends REQUESTS in turn (one, or many to defeat caches). */
static Result
run (guint16     port,
     GPtrArray  *requests,
     int         connections,
     double      seconds)
{
  guint next = 0;
  const char *request;
  Connection conns[MAX_CONNECTIONS];
  struct pollfd fds[MAX_CONNECTIONS];
  g_autoptr(GArray) latencies = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 100000);
  gint64 start = g_get_monotonic_time ();
  gint64 stop = start + (gint64) (seconds * G_USEC_PER_SEC);
  gint64 end;
  int active = connections;
  Result result = { 0 };
  int i;
  char buffer[65536];

  for (i = 0; i < connections; i++)
    {
      conns[i].fd = connect_to (port);
      conns[i].in = g_string_sized_new (65536);
      conns[i].header_end = 0;
      conns[i].sent_at = g_get_monotonic_time ();
      request = g_ptr_array_index (requests, next++ % requests->len);
      send_all (conns[i].fd, request, strlen (request));
    }
  while (active > 0)
    {
      int n;

      for (i = 0; i < connections; i++)
        {
          fds[i].fd = conns[i].fd;
          fds[i].events = POLLIN;
          fds[i].revents = 0;
        }
      n = poll (fds, (nfds_t) connections, 1000);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        g_error ("poll: no answer within a second");
      for (i = 0; i < connections; i++)
        {
          Connection *c = &conns[i];
          ssize_t got;

          if (c->fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
          got = read (c->fd, buffer, sizeof buffer);
          if (got <= 0)
            g_error ("the server closed the connection");
          g_string_append_len (c->in, buffer, got);
          if (c->header_end == 0 && !headers_done (c))
            continue;
          if (c->in->len < c->header_end + c->content_length)
            continue;
          /* one answer complete */
          {
            gint64 now = g_get_monotonic_time ();
            gint64 latency = now - c->sent_at;

            g_array_append_val (latencies, latency);
            g_string_erase (c->in, 0, (gssize) (c->header_end + c->content_length));
            c->header_end = 0;
            if (now >= stop)
              {
                close (c->fd);
                c->fd = -1;
                fds[i].fd = -1;
                active--;
                continue;
              }
            c->sent_at = now;
            request = g_ptr_array_index (requests, next++ % requests->len);
            send_all (c->fd, request, strlen (request));
          }
        }
    }
  end = g_get_monotonic_time ();
  for (i = 0; i < connections; i++)
    g_string_free (conns[i].in, TRUE);

  g_array_sort (latencies, compare_gint64);
  result.count = latencies->len;
  result.rate = latencies->len / ((end - start) / 1e6);
  result.p50_ms = g_array_index (latencies, gint64, latencies->len / 2) / 1000.0;
  result.p99_ms = g_array_index (latencies, gint64, MIN (latencies->len - 1, latencies->len * 99 / 100)) / 1000.0;
  return result;
}

static char *
login (SoupSession *session,
       const char  *base)
{
  g_autofree char *u = g_strconcat (base, "/token", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", u);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"marketplace\": \"us\"}", 21);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization",
                                "Basic ZGVtby1yZXNlbGxlcjpEZW1vLVJlc2VsbGVyLTE=");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Subscription-Key", "demo-subscription-key");
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != 200
      || !json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL), (gssize) g_bytes_get_size (answer), NULL))
    g_error ("login failed");
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
}

static double
time_start (const char * const *args,
            MpTestServer      **out)
{
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  MpTestServer *server = mp_test_server_start (args, &error);

  if (server == NULL)
    g_error ("cannot start the server: %s", error->message);
  *out = server;
  return (g_get_monotonic_time () - start) / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 5.0;
  const char *count = argc > 2 ? argv[2] : "100000";
  const char *plain_args[] = { "--provision-step-ms", "600000", NULL };
  const char *seed_args[] = { "--provision-step-ms", "600000", "--seed-subscriptions", count, NULL };
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autofree char *base = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GPtrArray) get_requests = NULL;
  g_autoptr(GPtrArray) page_requests = NULL;
  g_autoptr(GPtrArray) post_requests = NULL;
  const char *order = "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"110\","
                      " \"acceptedTerms\": [\"tc-marketplace\", \"tc-fabrikam-vendor\"],"
                      " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 5}]}";
  /* BENCH_GET_PATH: another GET to measure, below the marketplace base */
  const char *get_path = g_getenv ("BENCH_GET_PATH") ? g_getenv ("BENCH_GET_PATH") : "/subscriptions?limit=100";
  MpTestServer *plain = NULL;
  MpTestServer *server = NULL;
  double plain_start, seeded_start;
  GUri *uri;
  guint16 port;
  int concurrency[] = { 1, 32 };
  guint i;

  signal (SIGPIPE, SIG_IGN);
  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, TRUE);
  if (seconds <= 0)
    seconds = 5.0;

  plain_start = time_start (plain_args, &plain);
  mp_test_server_free (plain);
  seeded_start = time_start (seed_args, &server);
  printf ("seed: %s subscriptions in %.2f s (start with them %.2f s, without %.2f s)\n",
          count, seeded_start - plain_start, seeded_start, plain_start);

  base = mp_test_server_get_base_url (server, "US");
  token = login (session, base);
  uri = g_uri_parse (mp_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  port = (guint16) g_uri_get_port (uri);
  g_uri_unref (uri);

  get_requests = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (get_requests,
                   g_strdup_printf ("GET /marketplace/US%s HTTP/1.1\r\n"
                                    "Host: 127.0.0.1:%u\r\nAuthorization: Bearer %s\r\n"
                                    "X-Subscription-Key: demo-subscription-key\r\n\r\n", get_path, port, token));
  /* 1000 different pages: the server's page cache (256 answers) misses */
  page_requests = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < 1000; i++)
    g_ptr_array_add (page_requests,
                     g_strdup_printf ("GET /marketplace/US/subscriptions?limit=100&offset=%u HTTP/1.1\r\n"
                                      "Host: 127.0.0.1:%u\r\nAuthorization: Bearer %s\r\n"
                                      "X-Subscription-Key: demo-subscription-key\r\n\r\n",
                                      (i * 7919) % 1000 * 100, port, token));
  post_requests = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (post_requests,
                   g_strdup_printf ("POST /marketplace/US/orders HTTP/1.1\r\n"
                                    "Host: 127.0.0.1:%u\r\nAuthorization: Bearer %s\r\n"
                                    "X-Subscription-Key: demo-subscription-key\r\n"
                                    "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                                    port, token, strlen (order), order));

  printf ("%-44s %5s %10s %9s %9s %9s\n", "request", "conns", "requests", "req/s", "p50 ms", "p99 ms");
  for (i = 0; i < G_N_ELEMENTS (concurrency); i++)
    {
      Result r = run (port, get_requests, concurrency[i], seconds);
      g_autofree char *label = g_strconcat ("GET ", get_path, NULL);

      printf ("%-44s %5d %10u %9.0f %9.3f %9.3f\n", label, concurrency[i],
              r.count, r.rate, r.p50_ms, r.p99_ms);
      fflush (stdout);
    }
  for (i = 0; i < G_N_ELEMENTS (concurrency); i++)
    {
      Result r = run (port, page_requests, concurrency[i], seconds);

      printf ("%-44s %5d %10u %9.0f %9.3f %9.3f\n", "GET /subscriptions?limit=100, 1000 pages", concurrency[i],
              r.count, r.rate, r.p50_ms, r.p99_ms);
      fflush (stdout);
    }
  /* the first page again, rendered every time */
  {
    const char *uncached_args[] = { "--provision-step-ms", "600000", "--seed-subscriptions", count, "--no-page-cache", NULL };
    MpTestServer *uncached = NULL;
    g_autofree char *uncached_base = NULL;
    g_autofree char *uncached_token = NULL;
    g_autoptr(GPtrArray) uncached_requests = g_ptr_array_new_with_free_func (g_free);
    guint16 uncached_port;

    time_start (uncached_args, &uncached);
    uncached_base = mp_test_server_get_base_url (uncached, "US");
    uncached_token = login (session, uncached_base);
    uri = g_uri_parse (mp_test_server_get_url (uncached), G_URI_FLAGS_NONE, NULL);
    uncached_port = (guint16) g_uri_get_port (uri);
    g_uri_unref (uri);
    g_ptr_array_add (uncached_requests,
                     g_strdup_printf ("GET /marketplace/US/subscriptions?limit=100 HTTP/1.1\r\n"
                                      "Host: 127.0.0.1:%u\r\nAuthorization: Bearer %s\r\n"
                                      "X-Subscription-Key: demo-subscription-key\r\n\r\n",
                                      uncached_port, uncached_token));
    for (i = 0; i < G_N_ELEMENTS (concurrency); i++)
      {
        Result r = run (uncached_port, uncached_requests, concurrency[i], seconds);

        printf ("%-44s %5d %10u %9.0f %9.3f %9.3f\n", "GET /subscriptions?limit=100, no page cache",
                concurrency[i], r.count, r.rate, r.p50_ms, r.p99_ms);
        fflush (stdout);
      }
    /* Issue 12: a client paging through the whole list in the app's pages
     * of 500 (offset 0, 500, ... to the end, again and again), and the
     * filters, each rendered anew. */
    {
      const char *filters[][2] = {
        { "status=hold (matches nothing)", "status=hold&limit=500" },
        { "status=active", "status=active&limit=500" },
        { "customerId=1000001", "customerId=1000001&limit=500" },
        { "creationDateFrom=2026-06-01", "creationDateFrom=2026-06-01&limit=500" },
      };
      g_autoptr(GPtrArray) walk_requests = g_ptr_array_new_with_free_func (g_free);
      guint n = (guint) (g_ascii_strtoull (count, NULL, 10) / 500 + 1);

      for (guint page = 0; page < n; page++)
        g_ptr_array_add (walk_requests,
                         g_strdup_printf ("GET /marketplace/US/subscriptions?limit=500&offset=%u HTTP/1.1\r\n"
                                          "Host: 127.0.0.1:%u\r\nAuthorization: Bearer %s\r\n"
                                          "X-Subscription-Key: demo-subscription-key\r\n\r\n",
                                          page * 500, uncached_port, uncached_token));
      {
        Result r = run (uncached_port, walk_requests, 1, seconds);

        printf ("%-44s %5d %10u %9.0f %9.3f %9.3f\n", "GET limit=500, a walk to the end, no cache",
                1, r.count, r.rate, r.p50_ms, r.p99_ms);
        fflush (stdout);
      }
      for (guint f = 0; f < G_N_ELEMENTS (filters); f++)
        {
          g_autoptr(GPtrArray) filter_requests = g_ptr_array_new_with_free_func (g_free);
          g_autofree char *label = g_strconcat ("GET ", filters[f][0], ", no cache", NULL);

          g_ptr_array_add (filter_requests,
                           g_strdup_printf ("GET /marketplace/US/subscriptions?%s HTTP/1.1\r\n"
                                            "Host: 127.0.0.1:%u\r\nAuthorization: Bearer %s\r\n"
                                            "X-Subscription-Key: demo-subscription-key\r\n\r\n",
                                            filters[f][1], uncached_port, uncached_token));
          for (i = 0; i < G_N_ELEMENTS (concurrency); i++)
            {
              Result r = run (uncached_port, filter_requests, concurrency[i], seconds);

              printf ("%-44s %5d %10u %9.0f %9.3f %9.3f\n", label, concurrency[i], r.count, r.rate, r.p50_ms, r.p99_ms);
              fflush (stdout);
            }
        }
    }
    mp_test_server_free (uncached);
  }
  for (i = 0; i < G_N_ELEMENTS (concurrency); i++)
    {
      Result r = run (port, post_requests, concurrency[i], seconds);

      printf ("%-44s %5d %10u %9.0f %9.3f %9.3f\n", "POST /orders", concurrency[i],
              r.count, r.rate, r.p50_ms, r.p99_ms);
      fflush (stdout);
    }
  mp_test_server_free (server);
  return EXIT_SUCCESS;
}
