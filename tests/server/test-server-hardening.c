/* test-server-hardening.c: the real server probed as an attacker or a
 * clumsy integrator would (issue 13): odd JSON, odd paths, floods, shutdown
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <sqlite3.h>
#include <string.h>

#include "mp-server-test-util.h"

/* the server's limit (src/server/mp-server-validate.h) */
#define MP_MAX_BODY (1024 * 1024)

static MpTestServer *server;
static SoupSession *session;
static char *base;
static char *reseller_token;

static MpTestResponse *
call (const char *method,
      const char *path,
      const char *token,
      const char *body)
{
  g_autofree char *u = g_strconcat (base, path, NULL);

  return mp_test_request (session, method, u, token, body, NULL);
}

/* Item 4: json-glib cuts a string at an escaped NUL, so "us\u0000zz" would
 * be stored as "US": every such string is refused.
 */
static void
test_nul_escape (void)
{
  static const struct { const char *path; const char *body; } cases[] = {
    { "/customers",
      "{\"name\": \"Nul Ltd\", \"language\": \"en\", \"address\": {\"streetAddress\": \"a\","
      " \"postalCode\": \"1\", \"city\": \"c\", \"countryCode\": \"us\\u0000zz\"},"
      " \"contactPersons\": [{\"firstName\": \"a\", \"lastName\": \"b\", \"email\": \"a@b.c\","
      " \"phoneNumber\": \"1\"}]}" },
    { "/orders",
      "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"110\", \"poNumber\": \"PO-1\\u0000hidden\","
      " \"acceptedTerms\": [\"tc-marketplace\", \"tc-fabrikam-vendor\"],"
      " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 5}]}" },
    { "/orders/estimate",
      "{\"type\": \"sales\", \"customerId\": \"1000001\","
      " \"products\": [{\"mpn\": \"FAB-OB-USER\\u0000junk\", \"quantity\": 1}]}" },
    /* in a member name too */
    { "/orders/estimate",
      "{\"type\": \"sales\", \"customerId\": \"1000001\", \"po\\u0000Number\": \"x\","
      " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 1}]}" },
  };
  g_autoptr(MpTestResponse) r = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      r = call ("POST", cases[i].path, reseller_token, cases[i].body);
      mp_test_assert_error (r, 400);
      g_assert_nonnull (strstr (mp_test_string (mp_test_object (r), "message"), "NUL"));
      g_clear_pointer (&r, mp_test_response_free);
    }

  /* An escaped backslash before "u0000" is no NUL: the estimate goes through. */
  r = call ("POST", "/orders/estimate", reseller_token,
            "{\"type\": \"sales\", \"customerId\": \"1000001\", \"poNumber\": \"a\\\\u0000\","
            " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 1}]}");
  g_assert_cmpuint (r->status, ==, 200);
}

/* Item 5: PATCH /subscriptions/{id} keeps `attributes`. */
static void
test_subscription_attributes (void)
{
  g_autoptr(MpTestResponse) r = NULL;
  JsonObject *attributes;

  r = call ("PATCH", "/subscriptions/1000101", reseller_token,
            "{\"attributes\": {\"costCenter\": \"CC-7\", \"owner\": \"it\"}}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "attributes.costCenter"), ==, "CC-7");
  g_clear_pointer (&r, mp_test_response_free);

  /* kept, on the detail and in the list */
  r = call ("GET", "/subscriptions/1000101", reseller_token, NULL);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "attributes.owner"), ==, "it");
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("GET", "/subscriptions?limit=1000", reseller_token, NULL);
  {
    JsonArray *data = json_object_get_array_member (mp_test_object (r), "data");
    gboolean seen = FALSE;

    for (guint i = 0; i < json_array_get_length (data); i++)
      {
        JsonObject *s = json_array_get_object_element (data, i);

        if (g_strcmp0 (json_object_get_string_member (s, "id"), "1000101") == 0)
          {
            attributes = json_object_get_object_member (s, "attributes");
            g_assert_cmpstr (json_object_get_string_member (attributes, "costCenter"), ==, "CC-7");
            seen = TRUE;
          }
      }
    g_assert_true (seen);
  }
  g_clear_pointer (&r, mp_test_response_free);

  /* combined with renewalStatus: both take effect; the new map replaces the old */
  r = call ("PATCH", "/subscriptions/1000101", reseller_token,
            "{\"renewalStatus\": false, \"attributes\": {\"costCenter\": \"CC-8\"}}");
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_false (mp_test_int (mp_test_object (r), "renewalStatus"));
  attributes = json_object_get_object_member (mp_test_object (r), "attributes");
  g_assert_cmpstr (json_object_get_string_member (attributes, "costCenter"), ==, "CC-8");
  g_assert_false (json_object_has_member (attributes, "owner"));
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("PATCH", "/subscriptions/1000101", reseller_token, "{\"renewalStatus\": true}");
  g_assert_true (mp_test_int (mp_test_object (r), "renewalStatus"));
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "attributes.costCenter"), ==, "CC-8");
  g_clear_pointer (&r, mp_test_response_free);

  /* validated as a customer's attributes: strings only */
  r = call ("PATCH", "/subscriptions/1000101", reseller_token, "{\"attributes\": {\"n\": 5}}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("PATCH", "/subscriptions/1000101", reseller_token, "{\"attributes\": [\"x\"]}");
  mp_test_assert_error (r, 400);
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("GET", "/subscriptions/1000101", reseller_token, NULL);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "attributes.costCenter"), ==, "CC-8");
}

/* Item 9: paths are taken as sent; HEAD is GET without the body; every
 * error's path is below the marketplace base.
 */
static void
test_strict_paths (void)
{
  static const char *const not_found[] = {
    "/customers/",
    "/customers/1000001%2F",
    "/customers%2F1000001",
    "//customers",
    "/cust%00omers",
    "/customers/1000001%00",
  };
  g_autoptr(MpTestResponse) r = NULL;
  g_autoptr(MpTestResponse) get = NULL;
  g_autofree char *u = g_strconcat (base, "/orders", NULL);
  g_autofree char *authorization = g_strconcat ("Bearer ", reseller_token, NULL);
  g_autofree char *big = NULL;
  guint i;

  for (i = 0; i < G_N_ELEMENTS (not_found); i++)
    {
      r = call ("GET", not_found[i], reseller_token, NULL);
      mp_test_assert_error (r, 404);
      g_clear_pointer (&r, mp_test_response_free);
    }
  r = call ("GET", "/customers/", reseller_token, NULL);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "path"), ==, "/customers/");
  g_clear_pointer (&r, mp_test_response_free);
  {
    g_autofree char *root_slash = g_strconcat (mp_test_server_get_url (server), "/marketplaces/", NULL);

    r = mp_test_request (session, "GET", root_slash, NULL, NULL, NULL);
    mp_test_assert_error (r, 404);
    g_clear_pointer (&r, mp_test_response_free);
  }

  /* HEAD: the headers of the GET, no body */
  get = call ("GET", "/customers/1000001", reseller_token, NULL);
  r = call ("HEAD", "/customers/1000001", reseller_token, NULL);
  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (r->body, ==, "");
  g_assert_cmpstr (soup_message_headers_get_content_type (r->headers, NULL), ==, "application/json");
  g_assert_nonnull (soup_message_headers_get_one (r->headers, "X-Correlation-ID"));
  g_assert_cmpint (soup_message_headers_get_content_length (r->headers), ==, strlen (get->body));
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("HEAD", "/customers/9999999", reseller_token, NULL);
  g_assert_cmpuint (r->status, ==, 404);
  g_clear_pointer (&r, mp_test_response_free);

  /* 413: the path as in other errors */
  big = g_strnfill (MP_MAX_BODY + 10, ' ');
  r = mp_test_request_full (session, "POST", u, authorization, MP_DEMO_KEY, NULL, big, strlen (big), NULL);
  mp_test_assert_error (r, 413);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "path"), ==, "/orders");
}

/* Item 10: the page cache is bounded by bytes. 128 different pages of 1000
 * subscriptions (some 0.45 MB each) made the server keep 57 MB; now at most
 * 8 MiB of them stay, the least recently used going first.
 */
static gint64
rss_kib (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", (int) pid);
  g_autofree char *status = NULL;
  const char *line;

  g_assert_true (g_file_get_contents (path, &status, NULL, NULL));
  line = strstr (status, "VmRSS:");
  g_assert_nonnull (line);
  return g_ascii_strtoll (line + 6, NULL, 10);
}

static void
test_page_cache_bytes (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--seed-subscriptions", "1300", NULL };
  g_autoptr(MpTestServer) own = mp_test_server_start (args, &error);
  g_autofree char *us = NULL;
  g_autofree char *token = NULL;
  gint64 before, after;
  gsize page_bytes = 0;
  int i;

  g_assert_no_error (error);
  us = mp_test_server_get_base_url (own, "US");
  token = mp_test_login (session, us, "demo-reseller", "Demo-Reseller-1");
  before = rss_kib (mp_test_server_get_pid (own));
  for (i = 0; i < 128; i++)
    {
      g_autofree char *u = g_strdup_printf ("%s/subscriptions?limit=1000&offset=%d", us, i);
      g_autoptr(MpTestResponse) r = mp_test_request (session, "GET", u, token, NULL, NULL);

      g_assert_cmpuint (r->status, ==, 200);
      page_bytes += strlen (r->body);
    }
  after = rss_kib (mp_test_server_get_pid (own));
  g_test_message ("128 pages of %zu KiB on average: RSS %" G_GINT64_FORMAT " -> %" G_GINT64_FORMAT " KiB",
                  page_bytes / 128 / 1024, before, after);
  /* what the pages would take, against the bound plus room for the rest */
  g_assert_cmpuint (page_bytes / 1024, >, 48 * 1024);
#if defined(__SANITIZE_ADDRESS__)
  /* AddressSanitizer keeps freed memory in quarantine, so the server's RSS
   * says nothing about what its cache holds: the plain build of the same
   * suite checks the bound (CI runs both).
   */
  g_test_message ("RSS bound not checked under AddressSanitizer");
#else
  g_assert_cmpint (after - before, <, 28 * 1024);
#endif

  /* the most recent page is still served, and the same */
  {
    g_autofree char *u = g_strdup_printf ("%s/subscriptions?limit=1000&offset=127", us);
    g_autoptr(MpTestResponse) r1 = mp_test_request (session, "GET", u, token, NULL, NULL);
    g_autoptr(MpTestResponse) r2 = mp_test_request (session, "GET", u, token, NULL, NULL);

    g_assert_cmpstr (r1->body, ==, r2->body);
    g_assert_cmpint (mp_test_int (mp_test_object (r1), "pagination.offset"), ==, 127);
  }
}

/* Item 11: where the SimpleAPI 1.15 schema has a non-nullable string, an
 * empty field is left out instead of sent as null.
 */
static const char *const non_nullable[] = {
  "poNumber", "provisioningDate", "taxRegId", "externalId", "subscriptionId",
};

/* Counts the non-nullable members anywhere in NODE; fails on a null one. */
static guint
count_non_nullable (JsonNode   *node,
                    const char *where)
{
  guint found = 0;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        found += count_non_nullable (json_array_get_element (array, i), where);
    }
  else if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      g_autoptr(GList) members = json_object_get_members (object);

      for (GList *l = members; l != NULL; l = l->next)
        {
          JsonNode *member = json_object_get_member (object, l->data);

          for (guint k = 0; k < G_N_ELEMENTS (non_nullable); k++)
            if (strcmp (l->data, non_nullable[k]) == 0)
              {
                if (JSON_NODE_HOLDS_NULL (member))
                  g_error ("%s: '%s' is null", where, (const char *) l->data);
                found++;
              }
          found += count_non_nullable (member, where);
        }
    }
  return found;
}

static void
test_no_nulls (void)
{
  static const char *const paths[] = {
    "/orders?limit=100", "/customers?limit=100", "/customers/1000002",
    "/resellers/1000000", "/resellers/1000000/customers", "/resellers/1000000/orders",
  };
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *order_path = NULL;
  JsonObject *order;
  guint i;

  /* a new order, without a PO number, not provisioned yet */
  r = call ("POST", "/orders", reseller_token,
            "{\"type\": \"sales\", \"customerId\": \"1000002\", \"planId\": \"110\","
            " \"acceptedTerms\": [\"tc-marketplace\", \"tc-fabrikam-vendor\"],"
            " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 5}]}");
  g_assert_cmpuint (r->status, ==, 200);
  count_non_nullable (r->json, "POST /orders");
  order = mp_test_object (r);
  g_assert_false (json_object_has_member (order, "poNumber"));
  g_assert_false (json_object_has_member (order, "provisioningDate"));
  g_assert_false (json_object_has_member (order, "subscriptionId"));
  g_assert_false (json_object_has_member (json_array_get_object_element (json_object_get_array_member (order, "products"), 0),
                                          "subscriptionId"));
  order_path = g_strconcat ("/orders/", mp_test_string (order, "id"), NULL);
  g_clear_pointer (&r, mp_test_response_free);

  r = call ("GET", order_path, reseller_token, NULL);
  count_non_nullable (r->json, order_path);
  g_clear_pointer (&r, mp_test_response_free);
  for (i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      r = call ("GET", paths[i], reseller_token, NULL);
      g_assert_cmpuint (r->status, ==, 200);
      count_non_nullable (r->json, paths[i]);
      g_clear_pointer (&r, mp_test_response_free);
    }
  r = call ("POST", "/orders/estimate", reseller_token,
            "{\"type\": \"sales\", \"customerId\": \"1000002\","
            " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 5}]}");
  g_assert_cmpuint (r->status, ==, 200);
  count_non_nullable (r->json, "POST /orders/estimate");
  g_assert_false (json_object_has_member (mp_test_object (r), "subscriptionId"));
  g_clear_pointer (&r, mp_test_response_free);

  /* Globex has no tax ID; Acme has one, and an external ID: those are kept */
  r = call ("GET", "/customers/1000002", reseller_token, NULL);
  g_assert_false (json_object_has_member (mp_test_object (r), "taxRegId"));
  g_clear_pointer (&r, mp_test_response_free);
  r = call ("GET", "/customers/1000001", reseller_token, NULL);
  g_assert_cmpuint (count_non_nullable (r->json, "/customers/1000001"), ==, 2);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "taxRegId"), ==, "US-94-1234567");
}

/* Items 3 and 6: the HTTP layer. Raw requests on a socket, to send what no
 * HTTP client library would.
 */
typedef struct
{
  guint       status;
  char       *head;      /* status line and headers */
  JsonObject *error;     /* the error body, or NULL */
  JsonNode   *json;
} RawAnswer;

static void
raw_answer_free (RawAnswer *answer)
{
  g_free (answer->head);
  g_clear_pointer (&answer->json, json_node_unref);
  g_free (answer);
}

/* Sends REQUEST, then CHUNK up to TIMES times while no answer has come,
 * then reads the answer until the server closes (30 s at most: a server
 * that never answers fails the test instead of hanging it).
 */
static RawAnswer *
raw_exchange (const char *request,
              const char *chunk,
              guint       times)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GUri) uri = g_uri_parse (mp_test_server_get_url (server), G_URI_FLAGS_NONE, NULL);
  g_autoptr(GString) in = g_string_new (NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  RawAnswer *answer = g_new0 (RawAnswer, 1);
  GSocket *socket;
  const char *end;
  char buffer[16384];
  guint i;

  g_socket_client_set_timeout (client, 30);
  connection = g_socket_client_connect_to_host (client, g_uri_get_host (uri), (guint16) g_uri_get_port (uri), NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (connection);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                            request, strlen (request), NULL, NULL, &error));
  for (i = 0; chunk != NULL && i < times; i++)
    {
      if (g_socket_condition_check (socket, G_IO_IN) & G_IO_IN)
        break;
      /* the server may close while we write: then read what it said */
      if (!g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                                      chunk, strlen (chunk), NULL, NULL, NULL))
        break;
    }
  for (;;)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, &error);

      if (n <= 0)
        break;
      g_string_append_len (in, buffer, n);
    }
  if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    g_assert_cmpuint (in->len, >, 0);   /* a reset after the answer is fine */
  g_assert_true (g_str_has_prefix (in->str, "HTTP/1."));
  answer->status = (guint) g_ascii_strtoull (in->str + 9, NULL, 10);
  end = strstr (in->str, "\r\n\r\n");
  g_assert_nonnull (end);
  answer->head = g_strndup (in->str, (gsize) (end - in->str) + 2);
  if (json_parser_load_from_data (parser, end + 4, -1, NULL) && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      answer->json = json_node_copy (json_parser_get_root (parser));
      answer->error = json_node_get_object (answer->json);
    }
  return answer;
}

/* The error contract over a raw answer: the body and X-Correlation-ID. */
static void
assert_raw_error (RawAnswer  *answer,
                  guint       status,
                  const char *path)
{
  g_autofree char *header = NULL;

  g_assert_cmpuint (answer->status, ==, status);
  g_assert_nonnull (answer->error);
  g_assert_cmpint (json_object_get_int_member (answer->error, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (answer->error, "path"), ==, path);
  header = g_strdup_printf ("X-Correlation-ID: %s\r\n", json_object_get_string_member (answer->error, "correlationId"));
  g_assert_nonnull (strstr (answer->head, header));
}

#define RAW_POST \
  "POST /marketplace/US/orders HTTP/1.1\r\nHost: 127.0.0.1\r\n" \
  "X-Subscription-Key: demo-subscription-key\r\nContent-Type: application/json\r\n"

static void
test_http_layer (void)
{
  g_autofree char *chunk = NULL;
  g_autofree char *filler = g_strnfill (16384 - 8, 'x');
  RawAnswer *answer;

  /* 100 MB announced: refused from the Content-Length, the body never sent */
  answer = raw_exchange (RAW_POST "Content-Length: 100000000\r\n\r\n", NULL, 0);
  assert_raw_error (answer, 413, "/orders");
  g_assert_nonnull (strstr (answer->head, "Connection: close\r\n"));
  raw_answer_free (answer);

  /* an endless chunked body: refused once past the limit, not at its end */
  chunk = g_strdup_printf ("%x\r\n%s\r\n", (guint) strlen (filler), filler);
  answer = raw_exchange (RAW_POST "Transfer-Encoding: chunked\r\n\r\n", chunk, 400);
  assert_raw_error (answer, 413, "/orders");
  raw_answer_free (answer);

  /* Content-Length -1, or twice with two values: 400, not a held connection
   * or a guess */
  answer = raw_exchange (RAW_POST "Content-Length: -1\r\n\r\n{}", NULL, 0);
  assert_raw_error (answer, 400, "/orders");
  raw_answer_free (answer);
  answer = raw_exchange (RAW_POST "Content-Length: 2\r\nContent-Length: 5\r\n\r\n{}abc", NULL, 0);
  assert_raw_error (answer, 400, "/orders");
  raw_answer_free (answer);

  /* %00 in a path: the error body (libsoup alone answered 400 with none) */
  answer = raw_exchange ("GET /marketplace/US/cust%00omers HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", NULL, 0);
  assert_raw_error (answer, 401, "/cust%00omers");
  raw_answer_free (answer);
  answer = raw_exchange ("GET /market%00place HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", NULL, 0);
  assert_raw_error (answer, 404, "/market%00place");
  raw_answer_free (answer);

  /* What libsoup answers itself carries the error body too: a request
   * line it cannot parse ... */
  answer = raw_exchange ("GARBAGE\r\n\r\n", NULL, 0);
  assert_raw_error (answer, 400, "");
  raw_answer_free (answer);
  answer = raw_exchange ("GET /marketplace/US/customers HTTP/1.1\r\nHost: 127.0.0.1/x\r\n\r\n", NULL, 0);
  assert_raw_error (answer, 400, "");
  raw_answer_free (answer);

  /* ... and heads too large get 414 and 431 (below libsoup's own 64 KiB). */
  {
    g_autofree char *long_path = g_strnfill (10 * 1024, 'a');
    g_autofree char *request = g_strdup_printf ("GET /marketplace/US/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                                                long_path);

    answer = raw_exchange (request, NULL, 0);
    assert_raw_error (answer, 414, "");
    raw_answer_free (answer);
  }
  {
    g_autofree char *big = g_strnfill (40 * 1024, 'b');
    g_autofree char *request = g_strdup_printf ("GET /marketplace/US/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                                "X-Filler: %s\r\n\r\n", big);

    answer = raw_exchange (request, NULL, 0);
    assert_raw_error (answer, 431, "/customers");
    raw_answer_free (answer);
  }
  /* ... and above libsoup's 64 KiB, where libsoup drops the connection
   * itself: a 100 KB header, a 100 KB address. */
  {
    g_autofree char *big = g_strnfill (100 * 1000, 'c');
    g_autofree char *header = g_strdup_printf ("GET /marketplace/US/customers HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                               "X-Filler: %s\r\n\r\n", big);
    g_autofree char *address = g_strdup_printf ("GET /marketplace/US/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", big);

    answer = raw_exchange (header, NULL, 0);
    assert_raw_error (answer, 431, "");
    raw_answer_free (answer);
    answer = raw_exchange (address, NULL, 0);
    assert_raw_error (answer, 431, "");
    raw_answer_free (answer);
  }
}

/* Items 1 and 2: sign-ins */

/* A session whose connections come from ADDRESS (any 127.x.y.z is the
 * loopback interface), to stand for another client machine.
 */
static SoupSession *
session_from (const char *address)
{
  g_autoptr(GInetAddress) inet = g_inet_address_new_from_string (address);
  g_autoptr(GSocketAddress) local = g_inet_socket_address_new (inet, 0);

  return soup_session_new_with_options ("local-address", local, "max-conns", 64, "max-conns-per-host", 64, NULL);
}

static MpTestResponse *
oauth (SoupSession *from,
       const char  *root,
       const char  *login,
       const char  *password,
       const char  *subscription_key)
{
  g_autofree char *u = g_strconcat (root, "/auth/realms/us/protocol/openid-connect/token", NULL);
  g_autofree char *body = g_strdup_printf ("grant_type=password&username=%s&password=%s"
                                           "&client_id=market-panel&client_secret=demo-client-secret",
                                           login, password);

  return mp_test_request_full (from, "POST", u, NULL, subscription_key,
                               "application/x-www-form-urlencoded", body, strlen (body), NULL);
}

static void
assert_locked_out (MpTestResponse *r)
{
  const char *retry;

  mp_test_assert_error (r, 429);
  retry = soup_message_headers_get_one (r->headers, "Retry-After");
  g_assert_nonnull (retry);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >=, 1);
}

/* Item 8: a customer login is unique among its reseller's customers only.
 * Another reseller cannot learn that a login exists by trying to create it,
 * and each of the two accounts signs in with its own password.
 */
#define CUSTOMER_WITH_LOGIN(login, password) \
  "{\"name\": \"Realm Test\", \"language\": \"en\"," \
  " \"address\": {\"streetAddress\": \"1 Main St\", \"postalCode\": \"1\", \"city\": \"Town\", \"countryCode\": \"US\"}," \
  " \"contactPersons\": [{\"type\": \"admin\", \"firstName\": \"A\", \"lastName\": \"B\", \"email\": \"a@b.example\"," \
  " \"phoneNumber\": \"1\", \"login\": \"" login "\", \"password\": \"" password "\"}]}"

static char *
customer_of (const char *token)
{
  g_autoptr(MpTestResponse) r = call ("GET", "/customers", token, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpint (mp_test_int (mp_test_object (r), "pagination.total"), ==, 1);
  return g_strdup (mp_test_string (mp_test_object (r), "data.0.id"));
}

static void
test_login_realms (void)
{
  g_autofree char *other_token = mp_test_login (session, base, "other-reseller", "Demo-Reseller-2");
  g_autofree char *acme_token = NULL;
  g_autofree char *twin_token = NULL;
  g_autofree char *acme = NULL;
  g_autofree char *twin = NULL;
  g_autofree char *twin_id = NULL;
  MpTestResponse *r;

  /* The other reseller creates "acme-admin", which this one's customer
   * Acme already has: no 409, nothing learnt. */
  r = call ("POST", "/customers", other_token, CUSTOMER_WITH_LOGIN ("ACME-admin", "Twin-Pass-1"));
  g_assert_cmpuint (r->status, ==, 200);
  twin_id = g_strdup (mp_test_string (mp_test_object (r), "id"));
  mp_test_response_free (r);
  /* ... while a login taken among its own customers still is a 409. */
  r = call ("POST", "/customers", other_token, CUSTOMER_WITH_LOGIN ("umbrella-admin", "Other-Pass-1"));
  mp_test_assert_error (r, 409);
  g_assert_nonnull (strstr (r->body, "umbrella-admin"));
  mp_test_response_free (r);
  r = call ("POST", "/customers", other_token, CUSTOMER_WITH_LOGIN ("acme-admin", "Other-Pass-2"));
  mp_test_assert_error (r, 409);
  mp_test_response_free (r);
  /* And the first reseller cannot probe the other's "umbrella-admin". */
  r = call ("POST", "/customers", reseller_token, CUSTOMER_WITH_LOGIN ("umbrella-admin", "Other-Pass-3"));
  g_assert_cmpuint (r->status, ==, 200);
  mp_test_response_free (r);

  /* The password tells the two "acme-admin" apart. */
  acme_token = mp_test_login (session, base, "acme-admin", "Demo-Customer-1");
  twin_token = mp_test_login (session, base, "acme-admin", "Twin-Pass-1");
  acme = customer_of (acme_token);
  twin = customer_of (twin_token);
  g_assert_cmpstr (acme, ==, "1000001");
  g_assert_cmpstr (twin, ==, twin_id);
  r = mp_test_token_request (session, base, "acme-admin", "Other-Pass-2");
  g_assert_cmpuint (r->status, ==, 401);
  mp_test_response_free (r);
  r = mp_test_token_request (session, base, "umbrella-admin", "Demo-Customer-4");
  g_assert_cmpuint (r->status, ==, 200);
  mp_test_response_free (r);
}

/* A data file from before the realms: the server moves each customer's
 * login into its reseller's realm when it opens the file.
 */
static void
test_login_realms_migration (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) own = mp_test_server_start (NULL, &error);
  g_autofree char *db_path = NULL;
  g_autofree char *us = NULL;
  g_autofree char *token = NULL;
  g_autofree char *other_token = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  char *message = NULL;
  MpTestResponse *r;

  g_assert_no_error (error);
  mp_test_server_kill (own, SIGTERM);
  db_path = g_build_filename (mp_test_server_get_data_dir (own), "marketplace.db", NULL);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  /* The users table as it was: one global login each. */
  g_assert_cmpint (sqlite3_exec (db,
                                 "CREATE TABLE old_users (login TEXT PRIMARY KEY COLLATE NOCASE,"
                                 " hash TEXT NOT NULL, account_id INTEGER NOT NULL);"
                                 "INSERT INTO old_users SELECT login, hash, account_id FROM users;"
                                 "DROP TABLE users; ALTER TABLE old_users RENAME TO users;",
                                 NULL, NULL, &message), ==, SQLITE_OK);
  g_assert_null (message);
  sqlite3_close (db);

  g_assert_true (mp_test_server_restart (own, &error));
  g_assert_no_error (error);
  us = mp_test_server_get_base_url (own, "US");
  token = mp_test_login (session, us, "acme-admin", "Demo-Customer-1");
  {
    g_autofree char *u = g_strconcat (us, "/customers", NULL);

    r = mp_test_request (session, "GET", u, token, NULL, NULL);
    g_assert_cmpstr (mp_test_string (mp_test_object (r), "data.0.id"), ==, "1000001");
    mp_test_response_free (r);
  }
  /* Acme's login moved into its reseller's realm: the other may take it. */
  other_token = mp_test_login (session, us, "other-reseller", "Demo-Reseller-2");
  {
    g_autofree char *u = g_strconcat (us, "/customers", NULL);

    r = mp_test_request (session, "POST", u, other_token, CUSTOMER_WITH_LOGIN ("acme-admin", "Twin-Pass-1"), NULL);
    g_assert_cmpuint (r->status, ==, 200);
    mp_test_response_free (r);
  }
  mp_test_server_kill (own, SIGTERM);
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT realm FROM users WHERE login = 'demo-reseller'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT count (*) FROM users WHERE login = 'acme-admin'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 0), ==, 2);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static void
test_login_throttle (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MpTestServer) own = mp_test_server_start (NULL, &error);
  g_autoptr(SoupSession) a = session_from ("127.0.0.2");
  g_autoptr(SoupSession) b = session_from ("127.0.0.3");
  g_autoptr(SoupSession) c = session_from ("127.0.0.4");
  g_autoptr(SoupSession) d = session_from ("127.0.0.5");
  g_autofree char *us = NULL;
  const char *root;
  MpTestResponse *r;
  int i;

  g_assert_no_error (error);
  root = mp_test_server_get_url (own);
  us = mp_test_server_get_base_url (own, "US");

  /* Per login: five wrong passwords, then the login is locked out ... */
  for (i = 0; i < 5; i++)
    {
      r = oauth (a, root, "acme-admin", "wrong", NULL);
      g_assert_cmpuint (r->status, ==, 401);
      g_assert_cmpstr (mp_test_string (mp_test_object (r), "error"), ==, "invalid_grant");
      mp_test_response_free (r);
    }
  r = oauth (a, root, "acme-admin", "wrong", NULL);
  assert_locked_out (r);
  mp_test_response_free (r);
  /* ... also for the right password from another address, on both endpoints,
   * and whatever the case of the login */
  r = oauth (b, root, "acme-admin", "Demo-Customer-1", NULL);
  assert_locked_out (r);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "error"), ==, "temporarily_unavailable");
  mp_test_response_free (r);
  r = mp_test_token_request (b, us, "ACME-admin", "Demo-Customer-1");
  assert_locked_out (r);
  g_assert_cmpstr (mp_test_string (mp_test_object (r), "path"), ==, "/token");
  mp_test_response_free (r);
  /* Other logins are not concerned, from that address either. */
  r = oauth (a, root, "globex-admin", "Demo-Customer-2", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  mp_test_response_free (r);

  /* A right password resets the count of its login. */
  for (i = 0; i < 4; i++)
    mp_test_response_free (mp_test_token_request (d, us, "initech-admin", "wrong"));
  r = mp_test_token_request (d, us, "initech-admin", "Demo-Customer-3");
  g_assert_cmpuint (r->status, ==, 200);
  mp_test_response_free (r);
  for (i = 0; i < 4; i++)
    {
      r = mp_test_token_request (d, us, "initech-admin", "wrong");
      mp_test_assert_error (r, 401);
      mp_test_response_free (r);
    }

  /* Per address: twenty failures with as many logins (that need not exist)
   * lock the address out, even for a right password; other addresses are
   * not concerned.
   */
  for (i = 0; i < 20; i++)
    {
      g_autofree char *login = g_strdup_printf ("nobody-%d", i);

      r = mp_test_token_request (c, us, login, "wrong");
      mp_test_assert_error (r, 401);
      mp_test_response_free (r);
    }
  r = mp_test_token_request (c, us, "demo-reseller", "Demo-Reseller-1");
  assert_locked_out (r);
  mp_test_response_free (r);
  r = oauth (c, root, "demo-reseller", "Demo-Reseller-1", NULL);
  assert_locked_out (r);
  mp_test_response_free (r);
  r = mp_test_token_request (b, us, "demo-reseller", "Demo-Reseller-1");
  g_assert_cmpuint (r->status, ==, 200);
  mp_test_response_free (r);
}

/* --rate-limit counts the OAuth endpoint per client address: a new
 * subscription key per request does not get around it.
 */
static void
test_oauth_rate_limit (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--rate-limit", "5", NULL };
  g_autoptr(MpTestServer) own = mp_test_server_start (args, &error);
  g_autoptr(SoupSession) from = session_from ("127.0.0.6");
  guint limited = 0;
  int i;

  g_assert_no_error (error);
  for (i = 0; i < 20; i++)
    {
      g_autofree char *key = g_strdup_printf ("random-key-%08x", g_random_int ());
      g_autofree char *u = g_strconcat (mp_test_server_get_url (own),
                                        "/auth/realms/us/protocol/openid-connect/token", NULL);
      /* refused at once (no grant type): the requests cost the server little */
      g_autoptr(MpTestResponse) r = mp_test_request_full (from, "POST", u, NULL, key,
                                                          "application/x-www-form-urlencoded",
                                                          "username=x", 10, NULL);

      if (r->status == 429)
        {
          assert_locked_out (r);
          limited++;
        }
      else
        g_assert_cmpuint (r->status, ==, 400);
    }
  g_assert_cmpuint (limited, >, 0);
}

typedef struct
{
  GMainLoop *loop;
  guint      written;
  guint      wanted;
} Sent;

static void
on_wrote_body (SoupMessage *msg,
               gpointer     data)
{
  Sent *sent = data;

  if (++sent->written == sent->wanted)
    g_main_loop_quit (sent->loop);
}

typedef struct
{
  GMainLoop *loop;
  guint      pending;
  guint      logins_done;
  guint      logins_done_before_get;  /* G_MAXUINT until the GET is answered */
} Race;

static void
on_race_login (GObject      *source,
               GAsyncResult *result,
               gpointer      data)
{
  Race *race = data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  g_assert_nonnull (body);
  race->logins_done++;
  if (--race->pending == 0)
    g_main_loop_quit (race->loop);
}

static void
on_race_get (GObject      *source,
             GAsyncResult *result,
             gpointer      data)
{
  Race *race = data;
  g_autoptr(GBytes) body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);

  g_assert_nonnull (body);
  race->logins_done_before_get = race->logins_done;
  if (--race->pending == 0)
    g_main_loop_quit (race->loop);
}

/* Password checks leave the main thread free: a GET sent once a burst of
 * 16 sign-ins is on the wire is answered before half of them are (they take
 * some 20 ms each; the GET well under one). On one thread, the GET waits for
 * every sign-in read before it.
 */
static void
test_login_off_main_thread (void)
{
  g_autoptr(SoupSession) from = session_from ("127.0.0.7");
  g_autofree char *root = g_strdup (mp_test_server_get_url (server));
  g_autofree char *marketplaces = g_strconcat (root, "/marketplaces", NULL);
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GMainContext) context = g_main_context_new ();
  Race race = { 0 };
  Sent sent = { 0 };
  SoupMessage *msg;
  int i;

  g_main_context_push_thread_default (context);
  race.loop = sent.loop = g_main_loop_new (context, FALSE);
  sent.wanted = 16;
  race.logins_done_before_get = G_MAXUINT;
  for (i = 0; i < 16; i++)
    {
      g_autofree char *u = g_strconcat (root, "/auth/realms/us/protocol/openid-connect/token", NULL);
      g_autofree char *body = g_strdup_printf ("grant_type=password&username=race-%d&password=x"
                                               "&client_id=market-panel&client_secret=demo-client-secret", i);
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      msg = soup_message_new ("POST", u);
      soup_message_set_request_body_from_bytes (msg, "application/x-www-form-urlencoded", bytes);
      g_signal_connect (msg, "wrote-body", G_CALLBACK (on_wrote_body), &sent);
      g_ptr_array_add (messages, msg);
      soup_session_send_and_read_async (from, msg, G_PRIORITY_DEFAULT, NULL, on_race_login, &race);
      race.pending++;
    }
  g_main_loop_run (sent.loop);
  msg = soup_message_new ("GET", marketplaces);
  g_ptr_array_add (messages, msg);
  soup_session_send_and_read_async (from, msg, G_PRIORITY_LOW, NULL, on_race_get, &race);
  race.pending++;
  g_main_loop_run (race.loop);
  g_main_loop_unref (race.loop);
  g_main_context_pop_thread_default (context);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpuint (race.logins_done, ==, 16);
  g_test_message ("sign-ins answered before the GET: %u of 16", race.logins_done_before_get);
  g_assert_cmpuint (race.logins_done_before_get, <=, 8);
}

/* Item 7: SIGTERM answers every Prefer: wait waiter with the order as it
 * stands before the server exits.
 */
typedef struct
{
  GMainLoop *loop;
  guint      pending;
  GPtrArray *bodies;
} Answers;

static void
on_answer (GObject      *source,
           GAsyncResult *result,
           gpointer      data)
{
  Answers *answers = data;
  g_autoptr(GError) error = NULL;
  GBytes *body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);

  if (error != NULL)
    g_test_message ("a waiter got no answer: %s", error->message);
  g_ptr_array_add (answers->bodies, body);
  if (--answers->pending == 0)
    g_main_loop_quit (answers->loop);
}

static void
test_sigterm_answers_waiters (void)
{
  g_autoptr(GError) error = NULL;
  const char *args[] = { "--provision-step-ms", "600000", NULL };
  g_autoptr(MpTestServer) own = mp_test_server_start (args, &error);
  g_autoptr(SoupSession) waiting = soup_session_new_with_options ("max-conns", 64, "max-conns-per-host", 64, "timeout", 30, NULL);
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(MpTestResponse) r = NULL;
  g_autofree char *us = NULL;
  g_autofree char *token = NULL;
  g_autofree char *order_url = NULL;
  g_autofree char *orders = NULL;
  g_autofree char *authorization = NULL;
  const char *order_id;
  Sent sent = { 0 };
  Answers answers = { 0 };
  guint i;

  g_assert_no_error (error);
  us = mp_test_server_get_base_url (own, "US");
  token = mp_test_login (session, us, "demo-reseller", "Demo-Reseller-1");
  authorization = g_strconcat ("Bearer ", token, NULL);
  orders = g_strconcat (us, "/orders", NULL);
  r = mp_test_request (session, "POST", orders, token,
                       "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"110\","
                       " \"acceptedTerms\": [\"tc-marketplace\", \"tc-fabrikam-vendor\"],"
                       " \"products\": [{\"mpn\": \"FAB-OB-USER\", \"quantity\": 5}]}", NULL);
  g_assert_cmpuint (r->status, ==, 200);
  order_id = mp_test_string (mp_test_object (r), "id");
  order_url = g_strconcat (us, "/orders/", order_id, NULL);

  /* 20 waiters, each sent whole before the signal */
  g_main_context_push_thread_default (context);
  sent.loop = answers.loop = g_main_loop_new (context, FALSE);
  sent.wanted = answers.pending = 20;
  answers.bodies = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (i = 0; i < 20; i++)
    {
      SoupMessage *msg = soup_message_new ("GET", order_url);
      SoupMessageHeaders *headers = soup_message_get_request_headers (msg);

      soup_message_headers_replace (headers, "Authorization", authorization);
      soup_message_headers_replace (headers, "X-Subscription-Key", MP_DEMO_KEY);
      soup_message_headers_replace (headers, "Prefer", "wait=60");
      g_signal_connect (msg, "wrote-body", G_CALLBACK (on_wrote_body), &sent);
      g_ptr_array_add (messages, msg);
      soup_session_send_and_read_async (waiting, msg, G_PRIORITY_DEFAULT, NULL, on_answer, &answers);
    }
  g_main_loop_run (sent.loop);
  /* One more request, on a new connection, answered: the server has read
   * the 20, whose sockets were readable before this one existed.
   */
  {
    g_autofree char *marketplaces = g_strconcat (mp_test_server_get_url (own), "/marketplaces", NULL);
    g_autoptr(MpTestResponse) ping = mp_test_request (session, "GET", marketplaces, NULL, NULL, NULL);

    g_assert_cmpuint (ping->status, ==, 200);
  }

  mp_test_server_kill (own, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (own));
  g_main_loop_run (answers.loop);
  g_main_loop_unref (answers.loop);
  g_main_context_pop_thread_default (context);

  g_assert_cmpuint (answers.bodies->len, ==, 20);
  for (i = 0; i < 20; i++)
    {
      SoupMessage *msg = g_ptr_array_index (messages, i);
      GBytes *body = g_ptr_array_index (answers.bodies, i);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *order;

      g_assert_nonnull (body);
      g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                                 (gssize) g_bytes_get_size (body), NULL));
      order = json_node_get_object (json_parser_get_root (parser));
      g_assert_cmpstr (json_object_get_string_member (order, "id"), ==, order_id);
      g_assert_cmpstr (json_object_get_string_member (order, "status"), ==, "submitted");
    }
  g_ptr_array_unref (answers.bodies);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_server_start (NULL, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  base = mp_test_server_get_base_url (server, "US");
  reseller_token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");

  g_test_add_func ("/server/hardening/nul-escape", test_nul_escape);
  g_test_add_func ("/server/hardening/subscription-attributes", test_subscription_attributes);
  g_test_add_func ("/server/hardening/strict-paths", test_strict_paths);
  g_test_add_func ("/server/hardening/page-cache-bytes", test_page_cache_bytes);
  g_test_add_func ("/server/hardening/no-nulls", test_no_nulls);
  g_test_add_func ("/server/hardening/http-layer", test_http_layer);
  g_test_add_func ("/server/hardening/login-realms", test_login_realms);
  g_test_add_func ("/server/hardening/login-realms-migration", test_login_realms_migration);
  g_test_add_func ("/server/hardening/login-throttle", test_login_throttle);
  g_test_add_func ("/server/hardening/oauth-rate-limit", test_oauth_rate_limit);
  g_test_add_func ("/server/hardening/login-off-main-thread", test_login_off_main_thread);
  g_test_add_func ("/server/hardening/sigterm-answers-waiters", test_sigterm_answers_waiters);
  status = g_test_run ();

  g_free (reseller_token);
  g_free (base);
  g_object_unref (session);
  mp_test_server_free (server);
  return status;
}
