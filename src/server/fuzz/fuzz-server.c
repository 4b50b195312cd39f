/* fuzz-server.c: libFuzzer target over whole requests
 *
 * Runs the server in-process on a loopback port, on a temporary database
 * seeded with the demo catalogue, signed in once as the demo reseller and
 * once as a customer, and sends every input as one HTTP request through
 * libsoup: routing, authentication, the handlers, the SQL layer, pricing
 * and provisioning (one step per millisecond, run while requests are
 * answered) all see it. Nothing may crash, leak, misbehave or answer 5xx.
 *
 * An input is text: a first line "METHOD WHO PATH" (WHO: reseller,
 * customer or anything else for no token; PATH from the root, e.g.
 * /marketplace/US/orders?limit=5), then the body, sent as JSON (or as a
 * form for a path under /auth/).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mp-server.h"

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static MpServer *server;
static SoupSession *session;
static char *root;
static char *tokens[2];   /* reseller, customer */

typedef struct
{
  gboolean done;
  guint    status;
  GBytes  *body;
} Exchange;

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      data)
{
  Exchange *exchange = data;

  exchange->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, NULL);
  exchange->done = TRUE;
}

/* One request, the server answering it on this same thread. */
static guint
exchange (const char *method,
          const char *url,
          const char *token,
          const char *content_type,
          const char *body,
          gsize       length,
          GBytes    **answer)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  Exchange result = { 0 };

  if (msg == NULL)
    return 0;
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "X-Subscription-Key", "demo-subscription-key");
  if (token != NULL)
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", token, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, length);

      soup_message_set_request_body_from_bytes (msg, content_type, bytes);
    }
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  result.status = soup_message_get_status (msg);
  if (answer != NULL)
    *answer = g_steal_pointer (&result.body);
  g_clear_pointer (&result.body, g_bytes_unref);
  return result.status;
}

static char *
login (const char *credentials)
{
  g_autofree char *url = g_strconcat (root, "/marketplace/US/token", NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", url);
  g_autoptr(GBytes) body = g_bytes_new_static ("{\"marketplace\": \"us\"}", 21);
  g_autoptr(JsonParser) parser = json_parser_new ();
  Exchange result = { 0 };

  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", authorization);
  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Subscription-Key", "demo-subscription-key");
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert (result.body != NULL && soup_message_get_status (msg) == 200);
  g_assert (json_parser_load_from_data (parser, g_bytes_get_data (result.body, NULL),
                                        (gssize) g_bytes_get_size (result.body), NULL));
  g_bytes_unref (result.body);
  return g_strdup (json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)), "token"));
}

static void
start (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_dir = g_dir_make_tmp ("mp-fuzz-server-XXXXXX", &error);
  MpServerOptions options = { 0 };

  g_assert_no_error (error);
  options.listen = "127.0.0.1:0";
  options.data_dir = data_dir;
  options.catalog = MP_FUZZ_CATALOG;
  options.step_ms = 1;
  options.token_lifetime = 3600;
  options.extensions = TRUE;
  options.page_cache = TRUE;
  options.login_throttle = TRUE;
  server = mp_server_new (&options, &error);
  g_assert_no_error (error);
  if (!mp_server_start (server, &error))
    g_error ("cannot start the server: %s", error->message);
  root = mp_server_get_url (server);
  /* connections are kept; no proxy, no timeout (Prefer: wait cannot be sent) */
  session = soup_session_new_with_options ("max-conns", 8, "max-conns-per-host", 8, NULL);
  tokens[0] = login ("demo-reseller:Demo-Reseller-1");
  tokens[1] = login ("acme-admin:Demo-Customer-1");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *text = (const char *) data;
  const char *newline = memchr (data, '\n', size);
  g_autofree char *first = NULL;
  g_auto(GStrv) words = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) answer = NULL;
  const char *token = NULL;
  const char *body = NULL;
  gsize body_length = 0;
  guint status;
  const char *p;

  if (server == NULL)
    start ();
  if (newline == NULL || newline - text > 2048)
    return 0;
  first = g_strndup (text, (gsize) (newline - text));
  words = g_strsplit (first, " ", 3);
  if (g_strv_length (words) != 3 || words[0][0] == '\0' || strlen (words[0]) > 10 || words[2][0] != '/')
    return 0;
  for (p = words[0]; *p != '\0'; p++)
    if (!g_ascii_isupper (*p))
      return 0;
  /* no method with a body the client library refuses to send */
  if (strcmp (words[0], "CONNECT") == 0)
    return 0;
  if (strcmp (words[1], "reseller") == 0)
    token = tokens[0];
  else if (strcmp (words[1], "customer") == 0)
    token = tokens[1];
  if ((gsize) (newline - text) + 1 < size)
    {
      body = newline + 1;
      body_length = size - (gsize) (newline - text) - 1;
    }
  url = g_strconcat (root, words[2], NULL);
  status = exchange (words[0], url, token,
                     g_str_has_prefix (words[2], "/auth/") ? "application/x-www-form-urlencoded" : "application/json",
                     body, body_length, &answer);
  /* 0: the client would not send it (a bad URL) */
  if (status >= 500 && status != 503)
    g_error ("%u for %s %s: %.*s", status, words[0], words[2],
             answer != NULL ? (int) MIN (g_bytes_get_size (answer), 400) : 0,
             answer != NULL ? (const char *) g_bytes_get_data (answer, NULL) : "");
  return 0;
}
