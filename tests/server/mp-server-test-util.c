/* mp-server-test-util.c: HTTP helpers for the server tests
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mp-server-test-util.h"

void
mp_test_response_free (MpTestResponse *response)
{
  if (response == NULL)
    return;
  g_free (response->body);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_free (response);
}

MpTestResponse *
mp_test_request_full (SoupSession        *session,
                      const char         *method,
                      const char         *url,
                      const char         *authorization,
                      const char         *subscription_key,
                      const char         *content_type,
                      const char         *body,
                      gsize               body_length,
                      const char * const *headers)
{
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  MpTestResponse *response = g_new0 (MpTestResponse, 1);
  SoupMessageHeaders *request_headers;
  guint i;

  g_assert_nonnull (msg);
  request_headers = soup_message_get_request_headers (msg);
  if (authorization != NULL)
    soup_message_headers_replace (request_headers, "Authorization", authorization);
  if (subscription_key != NULL)
    soup_message_headers_replace (request_headers, "X-Subscription-Key", subscription_key);
  for (i = 0; headers != NULL && headers[i] != NULL && headers[i + 1] != NULL; i += 2)
    soup_message_headers_replace (request_headers, headers[i], headers[i + 1]);
  if (body != NULL)
    {
      g_autoptr(GBytes) request = g_bytes_new (body, body_length);

      soup_message_set_request_body_from_bytes (msg, content_type ? content_type : "application/json", request);
    }
  bytes = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  response->status = soup_message_get_status (msg);
  /* (an empty answer, as to HEAD, may have no data at all) */
  /* all its bytes (a file may hold NULs), and a NUL after them */
  response->length = g_bytes_get_size (bytes);
  response->body = g_malloc (response->length + 1);
  if (response->length > 0)
    memcpy (response->body, g_bytes_get_data (bytes, NULL), response->length);
  response->body[response->length] = '\0';
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));
  if (json_parser_load_from_data (parser, response->body, -1, NULL) && json_parser_get_root (parser) != NULL)
    response->json = json_node_copy (json_parser_get_root (parser));
  return response;
}

MpTestResponse *
mp_test_request (SoupSession *session,
                 const char  *method,
                 const char  *url,
                 const char  *token,
                 const char  *body,
                 ...)
{
  g_autoptr(GPtrArray) headers = g_ptr_array_new ();
  g_autofree char *authorization = token ? g_strconcat ("Bearer ", token, NULL) : NULL;
  const char *name;
  va_list args;

  va_start (args, body);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      g_ptr_array_add (headers, (gpointer) name);
      g_ptr_array_add (headers, va_arg (args, char *));
    }
  va_end (args);
  g_ptr_array_add (headers, NULL);
  return mp_test_request_full (session, method, url, authorization, MP_DEMO_KEY, NULL,
                               body, body ? strlen (body) : 0,
                               (const char * const *) headers->pdata);
}

MpTestResponse *
mp_test_token_request (SoupSession *session,
                       const char  *base,
                       const char  *login,
                       const char  *password)
{
  g_autofree char *url = g_strconcat (base, "/token", NULL);
  g_autofree char *pair = g_strconcat (login, ":", password, NULL);
  g_autofree char *encoded = g_base64_encode ((const guchar *) pair, strlen (pair));
  g_autofree char *authorization = g_strconcat ("Basic ", encoded, NULL);
  g_autofree char *code = g_ascii_strdown (strrchr (base, '/') + 1, -1);
  g_autofree char *body = g_strdup_printf ("{\"marketplace\": \"%s\"}", code);

  return mp_test_request_full (session, "POST", url, authorization, MP_DEMO_KEY, NULL,
                               body, strlen (body), NULL);
}

char *
mp_test_login (SoupSession *session,
               const char  *base,
               const char  *login,
               const char  *password)
{
  g_autoptr(MpTestResponse) response = mp_test_token_request (session, base, login, password);

  if (response->status != 200)
    g_printerr ("login %s: %u %s\n", login, response->status, response->body);
  g_assert_cmpuint (response->status, ==, 200);
  return g_strdup (mp_test_string (mp_test_object (response), "token"));
}

JsonObject *
mp_test_object (MpTestResponse *response)
{
  if (response->json == NULL || !JSON_NODE_HOLDS_OBJECT (response->json))
    g_error ("Not a JSON object (%u): %s", response->status, response->body);
  return json_node_get_object (response->json);
}

/* "a.b.0.c" */
static JsonNode *
lookup (JsonObject *object,
        const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, ".", -1);
  JsonNode *node = NULL;
  guint i;

  for (i = 0; parts[i] != NULL; i++)
    {
      if (i == 0)
        node = json_object_get_member (object, parts[i]);
      else if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        node = json_object_get_member (json_node_get_object (node), parts[i]);
      else if (node != NULL && JSON_NODE_HOLDS_ARRAY (node))
        {
          guint index = (guint) g_ascii_strtoull (parts[i], NULL, 10);
          JsonArray *array = json_node_get_array (node);

          node = index < json_array_get_length (array) ? json_array_get_element (array, index) : NULL;
        }
      else
        node = NULL;
      if (node == NULL)
        return NULL;
    }
  return node;
}

const char *
mp_test_string (JsonObject *object,
                const char *path)
{
  JsonNode *node = lookup (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gint64
mp_test_int (JsonObject *object,
             const char *path)
{
  JsonNode *node = lookup (object, path);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return G_MININT64;
  if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (node);
  return json_node_get_int (node);
}

void
mp_test_assert_error (MpTestResponse *response,
                      guint           status)
{
  JsonObject *object;

  if (response->status != status)
    g_printerr ("expected %u, got %u: %s\n", status, response->status, response->body);
  g_assert_cmpuint (response->status, ==, status);
  object = mp_test_object (response);
  g_assert_cmpint (mp_test_int (object, "status"), ==, status);
  g_assert_nonnull (mp_test_string (object, "message"));
  g_assert_nonnull (mp_test_string (object, "timeStamp"));
  g_assert_nonnull (mp_test_string (object, "path"));
  g_assert_nonnull (mp_test_string (object, "correlationId"));
  g_assert_cmpstr (soup_message_headers_get_one (response->headers, "X-Correlation-ID"), ==,
                   mp_test_string (object, "correlationId"));
}

MpTestResponse *
mp_test_wait_order (SoupSession *session,
                    const char  *base,
                    const char  *token,
                    const char  *order_id,
                    int          timeout_s)
{
  g_autofree char *url = g_strconcat (base, "/orders/", order_id, NULL);
  gint64 deadline = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  for (;;)
    {
      MpTestResponse *response = mp_test_request (session, "GET", url, token, NULL, NULL);
      const char *status;

      g_assert_cmpuint (response->status, ==, 200);
      status = mp_test_string (mp_test_object (response), "status");
      if (g_strcmp0 (status, "completed") == 0 || g_strcmp0 (status, "error") == 0
          || g_strcmp0 (status, "cancelled") == 0)
        return response;
      mp_test_response_free (response);
      if (g_get_monotonic_time () > deadline)
        g_error ("order %s did not finish within %d s", order_id, timeout_s);
      g_usleep (20000);
    }
}

gint64
mp_test_minor_units (const char *amount)
{
  gboolean negative;
  g_auto(GStrv) parts = NULL;
  gint64 minor;

  g_assert_nonnull (amount);
  negative = amount[0] == '-';
  parts = g_strsplit (amount + (negative ? 1 : 0), ".", 2);
  g_assert_nonnull (parts[1]);
  minor = g_ascii_strtoll (parts[0], NULL, 10) * 100 + g_ascii_strtoll (parts[1], NULL, 10);
  return negative ? -minor : minor;
}

GDate *
mp_test_parse_date (const char *text)
{
  GDate *date = g_date_new ();

  g_assert_nonnull (text);
  g_date_set_parse (date, text);
  g_assert_true (g_date_valid (date));
  return date;
}

char *
mp_test_date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}
