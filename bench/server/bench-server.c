/* bench-server.c: throughput and latency of market-panel-server
 *
 * Seeds a database with 100,000 subscriptions (timed), then drives
 * GET /subscriptions?limit=100 and POST /orders over 1 and 32 keep-alive
 * connections with a minimal HTTP/1.1 client (plain sockets and poll, so
 * the client costs little of the machine), and prints requests per second
 * and the 50th and 99th percentile latencies.
 *
 * Then, against a server without its page cache (every answer a cache
 * miss), list pages at offset 0, at varying offsets and with every
 * documented filter of /subscriptions, /orders and /customers, side by side
 * with a bare SoupServer serving the same bytes in the same run, with the
 * time per query at one connection.
 *
 * Before those runs, the same server writing its query log
 * (MP_SERVER_QUERY_LOG, src/server/mp-db.c; a buffered line per query and
 * one write per request, which the server's figures above include), each
 * scenario's pages one by one: the slowest statement of each request (p50, p95, max; the first
 * request's separately, as it builds a subscription list's keyset) and the
 * query plan lines that scan a whole table or sort (a TEMP B-TREE for the
 * product lines' position within a page's 100 rows is expected).
 *
 * MP_TEST_SERVER_BINARY runs another build of the server (to compare).
 *
 * Usage: bench-server [SECONDS-PER-RUN] [SUBSCRIPTIONS]
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
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

/* The baseline: a bare SoupServer, on its own thread, answering each
 * request path with the bytes the real server gave for it. */
typedef struct
{
  GHashTable   *answers;   /* path?query -> GBytes */
  GMainContext *context;
  SoupServer   *soup;
  guint16       port;
  GMutex        lock;
  GCond         ready;
} BareServer;

static void
bare_callback (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  BareServer *bare = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *key = g_strconcat (path, g_uri_get_query (uri) ? "?" : "",
                                      g_uri_get_query (uri) ? g_uri_get_query (uri) : "", NULL);
  GBytes *answer = g_hash_table_lookup (bare->answers, key);

  if (answer == NULL)
    {
      soup_server_message_set_status (msg, 404, NULL);
      return;
    }
  soup_server_message_set_status (msg, 200, NULL);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Content-Type", "application/json");
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static gpointer
bare_thread (gpointer data)
{
  BareServer *bare = data;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  g_main_context_push_thread_default (bare->context);
  bare->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (bare->soup, NULL, bare_callback, bare, NULL);
  /* as the real server: a backlog of 1024, not GSocketListener's 10 */
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                                              G_SOCKET_PROTOCOL_TCP, &error);

    if (socket != NULL)
      g_socket_set_listen_backlog (socket, 1024);
    if (socket == NULL || !g_socket_bind (socket, address, TRUE, &error) || !g_socket_listen (socket, &error)
        || !soup_server_listen_socket (bare->soup, socket, 0, &error))
      g_error ("bare server: %s", error->message);
  }
  uris = soup_server_get_uris (bare->soup);
  g_mutex_lock (&bare->lock);
  bare->port = (guint16) g_uri_get_port (uris->data);
  g_cond_signal (&bare->ready);
  g_mutex_unlock (&bare->lock);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  for (;;)
    g_main_context_iteration (bare->context, TRUE);
  return NULL;
}

static BareServer *
bare_server_start (void)
{
  BareServer *bare = g_new0 (BareServer, 1);

  bare->answers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_bytes_unref);
  bare->context = g_main_context_new ();
  g_mutex_init (&bare->lock);
  g_cond_init (&bare->ready);
  g_mutex_lock (&bare->lock);
  g_thread_unref (g_thread_new ("bare-server", bare_thread, bare));
  while (bare->port == 0)
    g_cond_wait (&bare->ready, &bare->lock);
  g_mutex_unlock (&bare->lock);
  return bare;
}

/* GET {base}PATH from the real server: the answer's bytes, and how long it took */
static GBytes *
fetch (SoupSession *session,
       const char  *base,
       const char  *token,
       const char  *path,
       double      *ms)
{
  g_autofree char *u = g_strconcat (base, path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", u);
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  GBytes *answer;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Subscription-Key", "demo-subscription-key");
  answer = soup_session_send_and_read (session, msg, NULL, &error);
  if (answer == NULL || soup_message_get_status (msg) != 200)
    g_error ("GET %s failed", path);
  if (ms != NULL)
    *ms = (g_get_monotonic_time () - start) / 1000.0;
  return answer;
}

static char *
raw_get (const char *path,
         guint16     port,
         const char *token)
{
  return g_strdup_printf ("GET /marketplace/US%s HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%u\r\nAuthorization: Bearer %s\r\n"
                          "X-Subscription-Key: demo-subscription-key\r\n\r\n", path, port, token);
}

/* One scenario: the real server and the bare one, each at 1 and 32
 * connections, side by side; and the real server's time per request at
 * one connection (p50) less the bare server's: the time of the query. */
static void
compare (const char  *label,
         SoupSession *session,
         const char  *base,
         guint16      port,
         const char  *token,
         BareServer  *bare,
         GPtrArray   *paths,
         double       seconds)
{
  g_autoptr(GPtrArray) real_requests = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) bare_requests = g_ptr_array_new_with_free_func (g_free);
  int concurrency[] = { 1, 32 };
  double first_ms = 0;
  guint i;

  for (i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      double ms;
      GBytes *answer = fetch (session, base, token, path, &ms);

      if (i == 0)
        first_ms = ms;
      g_hash_table_replace (bare->answers, g_strconcat ("/marketplace/US", path, NULL), answer);
      g_ptr_array_add (real_requests, raw_get (path, port, token));
      g_ptr_array_add (bare_requests, raw_get (path, bare->port, token));
    }
  for (i = 0; i < G_N_ELEMENTS (concurrency); i++)
    {
      Result real = run (port, real_requests, concurrency[i], seconds);
      Result plain = run (bare->port, bare_requests, concurrency[i], seconds);

      printf ("%-44s %5d %9.0f %9.3f %9.3f | bare %9.0f %9.3f %9.3f | %5.2fx",
              label, concurrency[i], real.rate, real.p50_ms, real.p99_ms,
              plain.rate, plain.p50_ms, plain.p99_ms, real.rate / plain.rate);
      if (concurrency[i] == 1)
        printf (" | query %.3f ms, first %.3f ms", MAX (0, real.p50_ms - plain.p50_ms), first_ms);
      printf ("\n");
      fflush (stdout);
    }
}


/* The server's query log (MP_SERVER_QUERY_LOG, see src/server/mp-db.c):
 * "P SQL" with its query plan lines ("  | ..."), "T NS SQL" per statement. */
typedef struct
{
  FILE       *file;
  GHashTable *plans;   /* SQL -> GString: plan lines, "\n"-separated */
  GString    *last_plan;
} QueryLog;

typedef struct
{
  double  ms;
  char   *sql;
} Statement;

/* The statements run since the last call (each request's), slowest first */
static GArray *
query_log_read (QueryLog *log)
{
  GArray *statements = g_array_new (FALSE, FALSE, sizeof (Statement));
  char line[65536];

  clearerr (log->file);
  while (fgets (line, sizeof line, log->file) != NULL)
    {
      g_strchomp (line);
      if (line[0] == 'T' && line[1] == ' ')
        {
          char *sql = NULL;
          Statement st;

          st.ms = g_ascii_strtoull (line + 2, &sql, 10) / 1e6;
          st.sql = g_strdup (sql != NULL && *sql == ' ' ? sql + 1 : "");
          g_array_append_val (statements, st);
        }
      else if (line[0] == 'P' && line[1] == ' ')
        {
          log->last_plan = g_string_new (NULL);
          g_hash_table_replace (log->plans, g_strdup (line + 2), log->last_plan);
        }
      else if (g_str_has_prefix (line, "  | ") && log->last_plan != NULL)
        {
          g_string_append (log->last_plan, line + 4);
          g_string_append_c (log->last_plan, '\n');
        }
    }
  return statements;
}

static void
plan_free (gpointer plan)
{
  g_string_free (plan, TRUE);
}

static void
statements_free (GArray *statements)
{
  for (guint i = 0; i < statements->len; i++)
    g_free (g_array_index (statements, Statement, i).sql);
  g_array_unref (statements);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* Plan lines that walk a whole table or sort: "SCAN t" (not of a
 * subquery's or json_each's rows) and "USE TEMP B-TREE". */
static gboolean
plan_line_suspect (const char *line)
{
  const char *scan = strstr (line, "SCAN ");

  if (strstr (line, "TEMP B-TREE") != NULL)
    return TRUE;
  return scan != NULL && strstr (scan, "CONSTANT ROW") == NULL && strstr (scan, "json_each") == NULL
         && strncmp (scan + 5, "(subquery", 9) != 0;
}

/* One list scenario through the query log: the first request (which builds
 * the list's keyset), then every path once; each request's statements. */
static void
measure_queries (const char  *label,
                 SoupSession *session,
                 const char  *base,
                 const char  *token,
                 QueryLog    *log,
                 GPtrArray   *paths)
{
  g_autoptr(GArray) slowest = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GHashTable) sql_seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *slowest_sql = NULL;
  double first_ms = 0, worst = 0;
  guint i, n_statements = 0;
  GHashTableIter iter;
  gpointer sql;

  statements_free (query_log_read (log));
  for (i = 0; i <= paths->len; i++)
    {
      GBytes *answer = fetch (session, base, token, g_ptr_array_index (paths, i == 0 ? 0 : i - 1), NULL);
      GArray *statements = query_log_read (log);
      double request_max = 0;

      g_bytes_unref (answer);
      for (guint k = 0; k < statements->len; k++)
        {
          Statement *st = &g_array_index (statements, Statement, k);

          /* the caller's own sign-in check is not the list's */
          if (strstr (st->sql, "FROM tokens") != NULL)
            continue;
          g_hash_table_add (sql_seen, g_strdup (st->sql));
          request_max = MAX (request_max, st->ms);
          if (i > 0 && st->ms > worst)
            {
              worst = st->ms;
              g_free (slowest_sql);
              slowest_sql = g_strndup (st->sql, 60);
            }
        }
      if (i == 0)
        first_ms = request_max;
      else
        {
          g_array_append_val (slowest, request_max);
          n_statements += statements->len;
        }
      statements_free (statements);
    }
  g_array_sort (slowest, compare_double);
  printf ("%-44s %5u %9.3f %9.3f %9.3f %9.3f  %s\n", label, paths->len,
          g_array_index (slowest, double, slowest->len / 2),
          g_array_index (slowest, double, MIN (slowest->len - 1, slowest->len * 95 / 100)),
          worst, first_ms, slowest_sql != NULL ? slowest_sql : "");
  g_hash_table_iter_init (&iter, sql_seen);
  while (g_hash_table_iter_next (&iter, &sql, NULL))
    {
      GString *plan = g_hash_table_lookup (log->plans, sql);
      g_auto(GStrv) lines = plan != NULL ? g_strsplit (plan->str, "\n", -1) : NULL;

      for (guint k = 0; lines != NULL && lines[k] != NULL; k++)
        if (plan_line_suspect (lines[k]))
          printf ("%-44s   plan: %s  [%.50s]\n", "", lines[k], (const char *) sql);
    }
  fflush (stdout);
}

/* A list scenario: PAGES pages of LIST (limit=100) at offsets spread over
 * the first SPAN rows (about the filtered total), with FILTER. */
typedef struct
{
  const char *label;
  const char *list;
  const char *filter;
  guint       pages;
  guint       span;
} Scenario;

static GPtrArray *
scenario_paths (const Scenario *scenario)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);

  for (guint p = 0; p < scenario->pages; p++)
    g_ptr_array_add (paths, g_strdup_printf ("%s?limit=100&offset=%u%s%s", scenario->list,
                                             (p * 7919) % scenario->pages * (scenario->span / scenario->pages),
                                             *scenario->filter ? "&" : "", scenario->filter));
  return paths;
}

static char *
post_request (guint16     port,
              const char *token,
              const char *order)
{
  return g_strdup_printf ("POST /marketplace/US/orders HTTP/1.1\r\n"
                          "Host: 127.0.0.1:%u\r\nAuthorization: Bearer %s\r\n"
                          "X-Subscription-Key: demo-subscription-key\r\n"
                          "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n%s",
                          port, token, strlen (order), order);
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
  /* Every documented filter of the three lists (docs/api.md). The order
   * lists hold the demo's orders and those placed beforehand (a few
   * thousand); the customers list the demo's three. */
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) early = g_date_time_add_days (now, -200);
  g_autoptr(GDateTime) late = g_date_time_add_days (now, -100);
  g_autofree char *from = g_date_time_format (early, "%Y-%m-%d");
  g_autofree char *to = g_date_time_format (late, "%Y-%m-%d");
  g_autofree char *dates = g_strdup_printf ("creationDateFrom=%s&creationDateTo=%s", from, to);
  g_autofree char *all_filters = g_strdup_printf ("status=active&customerId=1000002&%s", dates);
  g_autofree char *order_from = g_date_time_format (early, "creationTimeFrom=%Y-%m-%dT00:00:00Z");
  g_autofree char *order_dates = g_date_time_format (late, "creationTimeFrom=%Y-%m-%dT00:00:00Z&creationTimeTo=2100-01-01T00:00:00Z");
  Scenario scenarios[] = {
    { "cache miss: offset 0", "/subscriptions", "", 1, 0 },
    { "cache miss: 200 offsets", "/subscriptions", "", 200, 99900 },
    { "filter status=active, 100 offsets", "/subscriptions", "status=active", 100, 99900 },
    { "filter status=hold (no match)", "/subscriptions", "status=hold", 1, 0 },
    { "filter customerId, 100 offsets", "/subscriptions", "customerId=1000002", 100, 33000 },
    { "filter dates, 50 offsets", "/subscriptions", dates, 50, 27000 },
    { "filter creationDateFrom only, 50 offsets", "/subscriptions", "creationDateFrom=2000-01-01", 50, 99000 },
    { "filter status+customer+dates, 20 offsets", "/subscriptions", all_filters, 20, 9000 },
    { "orders: 50 offsets", "/orders", "", 50, 2000 },
    { "orders customerId, 20 offsets", "/orders", "customerId=1000001", 20, 2000 },
    { "orders status=submitted, 20 offsets", "/orders", "status=submitted", 20, 2000 },
    { "orders status=cancelled (no match)", "/orders", "status=cancelled", 1, 0 },
    { "orders statusCode=CP", "/orders", "statusCode=CP", 1, 0 },
    { "orders subscriptionId", "/orders", "subscriptionId=1000102", 1, 0 },
    { "orders orderNumber", "/orders", "orderNumber=SO000006", 1, 0 },
    { "orders creationTimeFrom, 20 offsets", "/orders", order_from, 20, 2000 },
    { "orders creationTimeFrom+To, 20 offsets", "/orders", order_dates, 20, 2000 },
    { "orders idempotencyKey (no match)", "/orders", "idempotencyKey=bench-none", 1, 0 },
    { "customers", "/customers", "", 1, 0 },
    { "customers name", "/customers", "name=corp", 1, 0 },
    { "customers email (no match)", "/customers", "email=nobody@example.com", 1, 0 },
    { "customers externalId", "/customers", "externalId=GLOBEX-002", 1, 0 },
    { "customers resellerId", "/customers", "resellerId=1000000", 1, 0 },
  };
  guint n_scenarios = G_N_ELEMENTS (scenarios);

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
    g_autofree char *log_dir = g_dir_make_tmp ("bench-server-XXXXXX", NULL);
    g_autofree char *log_path = g_build_filename (log_dir, "queries.log", NULL);
    QueryLog log = { NULL, g_hash_table_new_full (g_str_hash, g_str_equal, g_free, plan_free), NULL };
    g_autofree char *uncached_base = NULL;
    g_autofree char *uncached_token = NULL;
    g_autoptr(GPtrArray) uncached_requests = g_ptr_array_new_with_free_func (g_free);
    guint16 uncached_port;

    g_setenv ("MP_SERVER_QUERY_LOG", log_path, TRUE);
    time_start (uncached_args, &uncached);
    g_unsetenv ("MP_SERVER_QUERY_LOG");
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

    /* orders to list: those of the POST runs below, here beforehand */
    {
      g_autoptr(GPtrArray) posts = g_ptr_array_new_with_free_func (g_free);

      g_ptr_array_add (posts, post_request (uncached_port, uncached_token, order));
      printf ("(orders placed for the order lists: %u)\n", run (uncached_port, posts, 32, MIN (seconds, 3.0)).count);
    }

    /* Every list query's time and plan, from the server's own query log,
     * before the runs below (so each list's first request builds its keyset) */
    log.file = fopen (log_path, "r");
    printf ("\n%-44s %5s %9s %9s %9s %9s  %s\n", "each list query (statement times, ms)", "pages",
            "p50", "p95", "max", "first", "slowest statement (first: keyset build)");
    if (log.file == NULL)
      printf ("(this server writes no query log: MP_SERVER_QUERY_LOG)\n");
    for (guint s = 0; log.file != NULL && s < n_scenarios; s++)
      {
        g_autoptr(GPtrArray) paths = scenario_paths (&scenarios[s]);

        measure_queries (scenarios[s].label, session, uncached_base, uncached_token, &log, paths);
      }
    g_clear_pointer (&log.file, fclose);
    g_hash_table_unref (log.plans);

    /* cache misses and filters against the bare server, in the same run */
    {
      BareServer *bare = bare_server_start ();
      guint s;

      printf ("\n%-44s %5s %9s %9s %9s | %-28s | ratio\n", "no page cache, limit=100", "conns", "req/s",
              "p50 ms", "p99 ms", "bare SoupServer, same bytes");
      for (s = 0; s < n_scenarios; s++)
        {
          g_autoptr(GPtrArray) paths = scenario_paths (&scenarios[s]);

          compare (scenarios[s].label, session, uncached_base, uncached_port, uncached_token, bare, paths, seconds);
        }
    }
    mp_test_server_free (uncached);
    g_unlink (log_path);
    g_rmdir (log_dir);
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
