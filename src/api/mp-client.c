/* mp-client.c: the asynchronous SimpleAPI 1.15 client: the type and its transport
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Here: the request queue (at most MAX_IN_FLIGHT requests on the wire), 429
 * and 503 backoff and retry, one token shared by all requests and renewed
 * on expiry or a 401, the mapping of transport errors, and logging in. The
 * end points are in mp-client-endpoints.c (lists, objects) and
 * mp-client-orders.c (placing and watching orders).
 */

#define G_LOG_DOMAIN "mp-client"

#include "config.h"

#include "mp-client.h"

#include "mp-client-private.h"

#include <string.h>

#define MAX_IN_FLIGHT     4
#define MAX_RETRIES       5
#define MAX_RETRY_AFTER_S 60

struct _MpClient
{
  GObject parent_instance;

  /* Owned */
  char        *base_url;
  char        *marketplace;
  char        *user;
  char        *password;
  char        *subscription_key;
  char        *auth_url;
  char        *client_id;
  char        *client_secret;
  SoupSession *session;
  MpAccount   *account;
  char        *token;
  GQueue       ready;    /* GTask*, refs */
  GQueue       waiting;  /* GTask*, refs: waiting for a token */

  gint64       token_expiry;  /* monotonic µs */
  guint        page_size;
  guint        timeout;
  guint        retry_delay;
  guint        in_flight;
  guint        token_requests;
  guint        token_pending : 1;
  guint        use_extensions : 1;
  guint        has_extensions : 1;
};

G_DEFINE_FINAL_TYPE (MpClient, mp_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_MARKETPLACE,
  PROP_USER,
  PROP_PAGE_SIZE,
  PROP_TIMEOUT,
  PROP_RETRY_DELAY,
  PROP_USE_EXTENSIONS,
  PROP_HAS_EXTENSIONS,
  PROP_ACCOUNT,
  PROP_IN_FLIGHT,
  N_PROPS
};

enum {
  SIGNAL_NETWORK_ERROR,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* One HTTP request on its way through the queues: the task data of an
 * internal GTask whose result is an MpResponse.
 */
typedef struct
{
  char            *method;
  char            *uri;
  char            *path;
  GBytes          *body;
  char            *content_type;
  GStrv            headers;
  MpRequestFlags   flags;
  guint            attempt;
  gboolean         auth_retried;
  gboolean         is_token;
  gboolean         token_only;
  char            *token_used;
  SoupMessage     *message;
  GSource         *cancel_source;
  GSource         *sleep_source;
  GOutputStream   *sink;          /* mp_client_request_stream_async () */
} Request;

static void submit (MpClient *self, GTask *task);
static void pump (MpClient *self);

static void
request_free (gpointer data)
{
  Request *req = data;

  g_free (req->method);
  g_free (req->uri);
  g_free (req->path);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req->content_type);
  g_strfreev (req->headers);
  g_free (req->token_used);
  g_clear_object (&req->message);
  g_clear_object (&req->sink);
  if (req->cancel_source != NULL)
    {
      g_source_destroy (req->cancel_source);
      g_source_unref (req->cancel_source);
    }
  if (req->sleep_source != NULL)
    {
      g_source_destroy (req->sleep_source);
      g_source_unref (req->sleep_source);
    }
  g_free (req);
}

void
mp_response_free (MpResponse *response)
{
  if (response == NULL)
    return;
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->root, json_node_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_free (response);
}

/* Helpers */

static gboolean
host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autofree char *bare = NULL;

  if (host == NULL)
    return FALSE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  bare = g_strdup (host);
  if (bare[0] == '[')
    {
      memmove (bare, bare + 1, strlen (bare));
      if (bare[0] != '\0' && bare[strlen (bare) - 1] == ']')
        bare[strlen (bare) - 1] = '\0';
    }
  address = g_inet_address_new_from_string (bare);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
mp_client_check_url (const char  *url,
                     GError     **error)
{
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  if (url == NULL
      || (uri = g_uri_parse (url, G_URI_FLAGS_ENCODED, NULL)) == NULL
      || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_propagate_error (error, mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 0, NULL, NULL,
                                                     "The marketplace address is not a valid URL"));
      return FALSE;
    }
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "https") == 0)
    return TRUE;
  if (g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (host_is_loopback (g_uri_get_host (uri)))
        return TRUE;
      g_propagate_error (error, mp_client_error_new (MP_CLIENT_ERROR_FORBIDDEN, 0, NULL, NULL,
                                                     "Plain http:// is only allowed to this "
                                                     "computer; use an https:// address"));
      return FALSE;
    }
  g_propagate_error (error, mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 0, NULL, NULL,
                                                 "The marketplace address must start with https://"));
  return FALSE;
}

char *
mp_client_build_query (const char *first_name,
                       ...)
{
  g_autoptr(GString) query = g_string_new (NULL);
  const char *name = first_name;
  va_list args;

  va_start (args, first_name);
  while (name != NULL)
    {
      const char *value = va_arg (args, const char *);

      if (value != NULL)
        {
          g_autofree char *escaped = g_uri_escape_string (value, NULL, FALSE);

          g_string_append_c (query, query->len == 0 ? '?' : '&');
          g_string_append_printf (query, "%s=%s", name, escaped);
        }
      name = va_arg (args, const char *);
    }
  va_end (args);
  return g_string_free (g_steal_pointer (&query), FALSE);
}

char *
mp_client_build_id_path (const char *collection,
                         const char *id,
                         const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (collection, "/", escaped, suffix, NULL);
}

char *
mp_client_strip_slashes (const char *url)
{
  gsize len = strlen (url);

  while (len > 0 && url[len - 1] == '/')
    len--;
  return g_strndup (url, len);
}

GError *
mp_client_map_transport_error (GError     *error,
                               const char *path)
{
  g_autofree char *message = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);
  if (error->domain == G_TLS_ERROR)
    {
      message = g_strdup_printf ("The secure connection to the marketplace failed: %s",
                                 error->message);
      return mp_client_error_new (MP_CLIENT_ERROR_TLS, 0, path, NULL, message);
    }
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    message = g_strdup ("The marketplace did not answer in time");
  else
    message = g_strdup_printf ("Could not reach the marketplace: %s", error->message);
  return mp_client_error_new (MP_CLIENT_ERROR_NETWORK, 0, path, NULL, message);
}

/* Sleep */

typedef struct
{
  GSource *timeout;
  GSource *cancel;
} Sleep;

static void
sleep_free (gpointer data)
{
  Sleep *sleep = data;

  if (sleep->timeout != NULL)
    {
      g_source_destroy (sleep->timeout);
      g_source_unref (sleep->timeout);
    }
  if (sleep->cancel != NULL)
    {
      g_source_destroy (sleep->cancel);
      g_source_unref (sleep->cancel);
    }
  g_free (sleep);
}

static gboolean
sleep_done_cb (gpointer user_data)
{
  GTask *task = user_data;

  g_task_return_boolean (task, TRUE);
  /* Drop both sources now; the task may outlive this callback. */
  g_task_set_task_data (task, NULL, NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
sleep_cancelled_cb (GCancellable *cancellable,
                    gpointer      user_data)
{
  GTask *task = user_data;

  g_task_return_error_if_cancelled (task);
  g_task_set_task_data (task, NULL, NULL);
  return G_SOURCE_REMOVE;
}

void
mp_sleep_async (guint                milliseconds,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Sleep *sleep = g_new0 (Sleep, 1);

  g_task_set_source_tag (task, mp_sleep_async);
  g_task_set_task_data (task, sleep, sleep_free);
  /* The sources hold the task; whichever fires first returns it and the
   * task data (both sources) goes, dropping those references.
   */
  sleep->timeout = g_timeout_source_new (milliseconds);
  g_source_set_callback (sleep->timeout, sleep_done_cb, g_object_ref (task), g_object_unref);
  g_source_attach (sleep->timeout, g_task_get_context (task));
  if (cancellable != NULL)
    {
      sleep->cancel = g_cancellable_source_new (cancellable);
      g_source_set_callback (sleep->cancel, (GSourceFunc) (void (*) (void)) sleep_cancelled_cb,
                             g_object_ref (task), g_object_unref);
      g_source_attach (sleep->cancel, g_task_get_context (task));
    }
  g_object_unref (task);
}

gboolean
mp_sleep_finish (GAsyncResult  *result,
                 GError       **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Queues */

static void
set_in_flight (MpClient *self,
               guint     in_flight)
{
  if (self->in_flight == in_flight)
    return;
  self->in_flight = in_flight;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_FLIGHT]);
}

static void
clear_source (GSource **source)
{
  if (*source == NULL)
    return;
  g_source_destroy (*source);
  g_clear_pointer (source, g_source_unref);
}

static gboolean
queued_cancelled_cb (GCancellable *cancellable,
                     gpointer      user_data)
{
  GTask *task = user_data;
  MpClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);

  /* Removed from whichever queue holds it, with that queue's reference. */
  if (g_queue_remove (&self->ready, task) || g_queue_remove (&self->waiting, task))
    {
      clear_source (&req->cancel_source);
      g_task_return_error_if_cancelled (task);
      g_object_unref (task);
    }
  return G_SOURCE_REMOVE;
}

static void
watch_cancellation (GTask *task)
{
  Request *req = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (cancellable == NULL || req->cancel_source != NULL)
    return;
  req->cancel_source = g_cancellable_source_new (cancellable);
  g_source_set_callback (req->cancel_source, (GSourceFunc) (void (*) (void)) queued_cancelled_cb,
                         task, NULL);
  g_source_attach (req->cancel_source, g_task_get_context (task));
}

static gboolean
token_is_fresh (MpClient *self)
{
  return self->token != NULL && g_get_monotonic_time () < self->token_expiry;
}

static void ensure_token (MpClient *self);

static void
submit (MpClient *self,
        GTask    *task)
{
  Request *req = g_task_get_task_data (task);

  if (g_task_return_error_if_cancelled (task))
    return;

  if ((req->flags & MP_REQUEST_AUTH) && !token_is_fresh (self))
    {
      g_queue_push_tail (&self->waiting, g_object_ref (task));
      watch_cancellation (task);
      ensure_token (self);
      return;
    }
  if (req->token_only)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }
  if (req->is_token)
    g_queue_push_head (&self->ready, g_object_ref (task));
  else
    g_queue_push_tail (&self->ready, g_object_ref (task));
  watch_cancellation (task);
  pump (self);
}

static void start (MpClient *self, GTask *task);

static void
pump (MpClient *self)
{
  /* Long polls skip the line: they sit idle on the server and would
   * otherwise starve everything else. Starting a request may complete
   * another one at once (and its callback may queue more), so the queue
   * is searched again from its head each time.
   */
  for (;;)
    {
      GList *l;

      for (l = self->ready.head; l != NULL; l = l->next)
        {
          Request *req = g_task_get_task_data (l->data);

          if ((req->flags & MP_REQUEST_LONG_POLL) || self->in_flight < MAX_IN_FLIGHT)
            break;
        }
      if (l == NULL)
        return;
      {
        GTask *task = l->data;
        Request *req = g_task_get_task_data (task);

        g_queue_delete_link (&self->ready, l);
        clear_source (&req->cancel_source);
        start (self, task);
        g_object_unref (task);
      }
    }
}

/* Responses */

guint
mp_client_backoff_ms (MpClient *self,
                      guint     attempt)
{
  guint64 delay = MAX (self->retry_delay, 1);

  for (guint i = 1; i < attempt && delay < MP_CLIENT_MAX_BACKOFF_MS; i++)
    delay *= 2;
  delay = MIN (delay, MP_CLIENT_MAX_BACKOFF_MS);
  /* Full jitter on the upper half, so that clients spread out. */
  return (guint) (delay / 2 + (guint64) g_random_int_range (0, (gint32) (delay / 2) + 1));
}

static guint
retry_after_ms (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  guint64 seconds;

  if (value == NULL)
    return 0;
  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT32, &seconds, NULL))
    return (guint) MIN (seconds, MAX_RETRY_AFTER_S) * 1000;
  else
    {
      g_autoptr(GDateTime) when = soup_date_time_new_from_http_string (value);
      g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

      if (when != NULL)
        {
          GTimeSpan span = g_date_time_difference (when, now);

          if (span <= 0)
            return 0;
          return (guint) MIN (span / 1000, MAX_RETRY_AFTER_S * 1000);
        }
    }
  return 0;
}

static gboolean
retry_sleep_done_cb (gpointer user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);
  MpClient *self = g_task_get_source_object (task);

  g_clear_pointer (&req->sleep_source, g_source_unref);
  clear_source (&req->cancel_source);
  submit (self, task);
  return G_SOURCE_REMOVE;
}

static gboolean
retry_sleep_cancelled_cb (GCancellable *cancellable,
                          gpointer      user_data)
{
  GTask *task = user_data;
  Request *req = g_task_get_task_data (task);

  g_clear_pointer (&req->cancel_source, g_source_unref);
  clear_source (&req->sleep_source);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static void
retry_later (GTask *task,
             guint  delay_ms)
{
  Request *req = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  g_debug ("Retrying %s %s in %u ms (attempt %u)", req->method, req->path, delay_ms,
           req->attempt + 1);
  /* The sources hold the task until one of them fires. */
  req->sleep_source = g_timeout_source_new (delay_ms);
  g_source_set_callback (req->sleep_source, retry_sleep_done_cb, g_object_ref (task),
                         g_object_unref);
  g_source_attach (req->sleep_source, g_task_get_context (task));
  if (cancellable != NULL)
    {
      req->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (req->cancel_source,
                             (GSourceFunc) (void (*) (void)) retry_sleep_cancelled_cb,
                             g_object_ref (task), g_object_unref);
      g_source_attach (req->cancel_source, g_task_get_context (task));
    }
}

static void handle_answer (GTask        *task,
                           GBytes       *bytes,
                           GError       *error);

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (!(req->flags & MP_REQUEST_LONG_POLL))
    set_in_flight (self, self->in_flight - 1);
  pump (self);
  handle_answer (g_steal_pointer (&task), bytes, error);
}

/* The answer to REQ's message: BYTES its body (NULL: ERROR). Retries,
 * renews the token, or returns the response or error. */
static void
handle_answer (GTask        *task_in,
               GBytes       *bytes,
               GError       *error)
{
  g_autoptr(GTask) task = task_in;
  MpClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(MpResponse) response = NULL;
  SoupMessageHeaders *headers;
  const char *correlation_id;
  guint status;
  gsize size = 0;
  gconstpointer data;

  if (bytes == NULL)
    {
      GError *mapped = mp_client_map_transport_error (error, req->path);

      /* Told before the caller hears of it, so that whoever retries on
       * "network-error" knows by then.
       */
      if (g_error_matches (mapped, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK))
        g_signal_emit (self, signals[SIGNAL_NETWORK_ERROR], 0, mapped);
      g_task_return_error (task, mapped);
      return;
    }

  status = soup_message_get_status (req->message);
  headers = soup_message_get_response_headers (req->message);
  correlation_id = soup_message_headers_get_one (headers, "X-Correlation-ID");

  if (status == SOUP_STATUS_UNAUTHORIZED && (req->flags & MP_REQUEST_AUTH) && !req->auth_retried)
    {
      /* The token ran out early, or the server restarted: get a new one
       * (once for all waiting calls) and try again, once.
       */
      req->auth_retried = TRUE;
      if (g_strcmp0 (self->token, req->token_used) == 0)
        g_clear_pointer (&self->token, g_free);
      submit (self, task);
      return;
    }

  if ((status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
      && (req->flags & MP_REQUEST_RETRY) && req->attempt < MAX_RETRIES)
    {
      guint delay;

      req->attempt++;
      delay = MAX (retry_after_ms (headers), mp_client_backoff_ms (self, req->attempt));
      retry_later (task, delay);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status) && status != SOUP_STATUS_NOT_MODIFIED)
    {
      GError *http_error = mp_client_error_new_from_response (status, req->path, correlation_id,
                                                              bytes);

      if (status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        mp_client_error_set_retry_after (http_error, retry_after_ms (headers));

      g_debug ("%s %s: %u %s (correlation ID %s)", req->method, req->path, status,
               http_error->message, correlation_id ? correlation_id : "none");
      g_task_return_error (task, http_error);
      return;
    }

  response = g_new0 (MpResponse, 1);
  response->status = status;
  response->headers = soup_message_headers_ref (headers);
  data = g_bytes_get_data (bytes, &size);
  if (req->flags & MP_REQUEST_RAW)
    response->body = g_bytes_ref (bytes);
  else if (size > 0 && status != SOUP_STATUS_NOT_MODIFIED)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) parse_error = NULL;

      gint64 parse_start = g_get_monotonic_time ();
      gboolean parsed = json_parser_load_from_data (parser, data, (gssize) size, &parse_error);

      if (size > 100000)
        g_debug ("%s %s: %" G_GSIZE_FORMAT " bytes of JSON parsed in %.1f ms", req->method,
                 req->path, size, (g_get_monotonic_time () - parse_start) / 1000.0);
      if (!parsed)
        {
          g_autofree char *message = g_strdup_printf ("The marketplace sent an answer that is "
                                                       "not JSON: %s", parse_error->message);

          g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE, status,
                                                          req->path, correlation_id, message));
          return;
        }
      response->root = json_parser_steal_root (parser);
    }
  g_task_return_pointer (task, g_steal_pointer (&response), (GDestroyNotify) mp_response_free);
}

/* Streamed requests: a successful answer's body goes to the sink as it
 * arrives, never held whole; any other answer is read (it is small) and
 * handled as every answer. */

static void
stream_error_read_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  g_input_stream_close (G_INPUT_STREAM (object), NULL, NULL);
  handle_answer (user_data, bytes, error);
}

static void
stream_splice_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gssize written = g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error);
  MpResponse *response;

  if (written < 0)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, mp_client_map_transport_error (error, req->path));
      return;
    }
  response = g_new0 (MpResponse, 1);
  response->status = soup_message_get_status (req->message);
  response->headers = soup_message_headers_ref (soup_message_get_response_headers (req->message));
  response->written = written;
  g_task_return_pointer (task, response, (GDestroyNotify) mp_response_free);
}

static void
stream_send_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpClient *self = g_task_get_source_object (task);
  Request *req = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) input = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  guint status;

  if (!(req->flags & MP_REQUEST_LONG_POLL))
    set_in_flight (self, self->in_flight - 1);
  pump (self);
  if (input == NULL)
    {
      handle_answer (g_steal_pointer (&task), NULL, error);
      return;
    }
  status = soup_message_get_status (req->message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_input_stream_read_bytes_async (input, 64 * 1024, G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                       stream_error_read_cb, g_object_ref (task));
      return;
    }
  g_output_stream_splice_async (req->sink, input, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE, G_PRIORITY_DEFAULT,
                                g_task_get_cancellable (task), stream_splice_cb, g_object_ref (task));
}

static void
start (MpClient *self,
       GTask    *task)
{
  Request *req = g_task_get_task_data (task);
  SoupMessageHeaders *headers;

  g_clear_object (&req->message);
  req->message = soup_message_new (req->method, req->uri);
  if (req->message == NULL)
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 0, req->path,
                                                      NULL, "The marketplace address is not a valid URL"));
      return;
    }
  headers = soup_message_get_request_headers (req->message);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (!req->is_token || self->auth_url == NULL)
    {
      if (self->subscription_key != NULL && *self->subscription_key != '\0')
        soup_message_headers_replace (headers, "X-Subscription-Key", self->subscription_key);
    }
  if (req->flags & MP_REQUEST_AUTH)
    {
      g_autofree char *bearer = g_strdup_printf ("Bearer %s", self->token);

      soup_message_headers_replace (headers, "Authorization", bearer);
      g_free (req->token_used);
      req->token_used = g_strdup (self->token);
    }
  for (guint i = 0; req->headers != NULL && req->headers[i] != NULL && req->headers[i + 1] != NULL;
       i += 2)
    soup_message_headers_replace (headers, req->headers[i], req->headers[i + 1]);
  if (req->body != NULL)
    soup_message_set_request_body_from_bytes (req->message, req->content_type, req->body);

  if (!(req->flags & MP_REQUEST_LONG_POLL))
    set_in_flight (self, self->in_flight + 1);
  if (req->sink != NULL)
    {
      soup_session_send_async (self->session, req->message, G_PRIORITY_DEFAULT,
                               g_task_get_cancellable (task), stream_send_cb, g_object_ref (task));
      return;
    }
  soup_session_send_and_read_async (self->session, req->message, G_PRIORITY_DEFAULT,
                                    g_task_get_cancellable (task), send_cb, g_object_ref (task));
}

static GTask *
new_request_task (MpClient            *self,
                  const char          *method,
                  const char          *uri,
                  const char          *path,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  Request *req = g_new0 (Request, 1);

  g_task_set_source_tag (task, mp_client_request_async);
  req->method = g_strdup (method);
  req->uri = g_strdup (uri);
  req->path = g_strdup (path);
  g_task_set_task_data (task, req, request_free);
  return task;
}

static GBytes *
json_to_bytes (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *data;

  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);
  return g_bytes_new_take (data, length);
}

void
mp_client_request_async (MpClient            *self,
                         const char          *method,
                         const char          *path,
                         JsonNode            *body,
                         const char * const  *headers,
                         MpRequestFlags       flags,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  Request *req;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (method != NULL && path != NULL);

  uri = g_strconcat (self->base_url, path, NULL);
  task = new_request_task (self, method, uri, path, cancellable, callback, user_data);
  req = g_task_get_task_data (task);
  req->flags = flags;
  req->headers = g_strdupv ((char **) headers);
  if (body != NULL)
    {
      req->body = json_to_bytes (body);
      req->content_type = g_strdup ("application/json");
    }
  if (!mp_client_check_url (uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  submit (self, task);
}

void
mp_client_request_stream_async (MpClient            *self,
                                const char          *url,
                                GOutputStream       *sink,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  const char *path;
  Request *req;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (url != NULL);
  g_return_if_fail (G_IS_OUTPUT_STREAM (sink));

  /* Below the base URL: a request of this client, with its token; any
   * other (a storage URL signed by the marketplace) without. */
  if (g_str_has_prefix (url, self->base_url) && url[strlen (self->base_url)] == '/')
    path = url + strlen (self->base_url);
  else if (g_str_has_prefix (url, "/"))
    path = url;
  else
    path = NULL;
  uri = path != NULL ? g_strconcat (self->base_url, path, NULL) : g_strdup (url);
  task = new_request_task (self, "GET", uri, path != NULL ? path : url, cancellable, callback, user_data);
  req = g_task_get_task_data (task);
  req->flags = path != NULL ? MP_REQUEST_AUTH : MP_REQUEST_NONE;
  req->sink = g_object_ref (sink);
  if (!mp_client_check_url (uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  submit (self, task);
}

MpResponse *
mp_client_request_finish (MpClient      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Tokens */

static void
fail_waiting (MpClient     *self,
              const GError *error)
{
  GTask *task;

  while ((task = g_queue_pop_head (&self->waiting)) != NULL)
    {
      Request *req = g_task_get_task_data (task);

      clear_source (&req->cancel_source);
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

static void
token_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  JsonObject *root;
  g_autofree char *token = NULL;
  gint64 lifetime;
  gint64 margin;
  GTask *task;
  GQueue waiting;
  const char *extensions;

  self->token_pending = FALSE;
  response = g_task_propagate_pointer (G_TASK (result), &error);
  if (response == NULL)
    {
      if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND))
        {
          g_autoptr(GError) not_found = g_steal_pointer (&error);

          error = mp_client_error_new (MP_CLIENT_ERROR_NOT_FOUND, 404,
                                       mp_client_error_get_path (not_found),
                                       mp_client_error_get_correlation_id (not_found),
                                       "There is no marketplace API at this address");
        }
      fail_waiting (self, error);
      return;
    }

  root = response->root && JSON_NODE_HOLDS_OBJECT (response->root)
         ? json_node_get_object (response->root) : NULL;
  token = mp_json_dup_string (root, self->auth_url ? "access_token" : "token");
  lifetime = mp_json_get_int (root, self->auth_url ? "expires_in" : "expiresInSeconds", 1500);
  if (token == NULL || *token == '\0')
    {
      g_autoptr(GError) bad = mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE, response->status,
                                                   "/token", NULL,
                                                   "The marketplace sent no token");
      fail_waiting (self, bad);
      return;
    }

  extensions = soup_message_headers_get_one (response->headers, "X-Market-Panel-Extensions");
  if (self->use_extensions && g_strcmp0 (extensions, "1") == 0 && !self->has_extensions)
    {
      self->has_extensions = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_EXTENSIONS]);
    }

  /* Renew a minute before the end, or a fifth of the lifetime for short
   * ones (tests use 2 seconds).
   */
  lifetime = MAX (lifetime, 1);
  margin = MIN (60, lifetime) * G_USEC_PER_SEC / (lifetime <= 300 ? 5 : 1);
  if (lifetime > 300)
    margin = 60 * G_USEC_PER_SEC;
  g_free (self->token);
  self->token = g_steal_pointer (&token);
  self->token_expiry = g_get_monotonic_time () + lifetime * G_USEC_PER_SEC - margin;

  /* Resubmitted from a copy: a call that needs yet another token goes
   * back to the (new) waiting list instead of looping here.
   */
  waiting = self->waiting;
  g_queue_init (&self->waiting);
  while ((task = g_queue_pop_head (&waiting)) != NULL)
    {
      Request *req = g_task_get_task_data (task);

      clear_source (&req->cancel_source);
      submit (self, task);
      g_object_unref (task);
    }
}

static void
ensure_token (MpClient *self)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  Request *req;

  if (self->token_pending)
    return;

  if (self->auth_url != NULL)
    {
      g_autofree char *base = mp_client_strip_slashes (self->auth_url);
      g_autofree char *form = NULL;

      uri = g_str_has_suffix (base, "/token") ? g_strdup (base) : g_strconcat (base, "/token", NULL);
      task = new_request_task (self, "POST", uri, "/token", NULL, token_cb, g_object_ref (self));
      req = g_task_get_task_data (task);
      form = soup_form_encode ("grant_type", "password",
                               "username", self->user ? self->user : "",
                               "password", self->password ? self->password : "",
                               "client_id", self->client_id ? self->client_id : "",
                               "client_secret", self->client_secret ? self->client_secret : "",
                               "scope", "openid",
                               NULL);
      req->content_type = g_strdup ("application/x-www-form-urlencoded");
      req->body = g_bytes_new_take (g_steal_pointer (&form), strlen (form));
    }
  else
    {
      g_autofree char *credentials = NULL;
      g_autofree char *encoded = NULL;
      g_autofree char *basic = NULL;
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) body = NULL;

      uri = g_strconcat (self->base_url, "/token", NULL);
      task = new_request_task (self, "POST", uri, "/token", NULL, token_cb, g_object_ref (self));
      req = g_task_get_task_data (task);
      credentials = g_strdup_printf ("%s:%s", self->user ? self->user : "",
                                     self->password ? self->password : "");
      encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
      memset (credentials, 0, strlen (credentials));
      basic = g_strdup_printf ("Basic %s", encoded);
      req->headers = g_new0 (char *, 3);
      req->headers[0] = g_strdup ("Authorization");
      req->headers[1] = g_steal_pointer (&basic);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "marketplace");
      json_builder_add_string_value (builder, self->marketplace ? self->marketplace : "");
      json_builder_end_object (builder);
      body = json_builder_get_root (builder);
      req->body = json_to_bytes (body);
      req->content_type = g_strdup ("application/json");
    }
  req->is_token = TRUE;

  if (!mp_client_check_url (uri, &error))
    {
      fail_waiting (self, error);
      return;
    }
  self->token_pending = TRUE;
  self->token_requests++;
  submit (self, task);
}

/* GObject */

static void
mp_client_dispose (GObject *object)
{
  MpClient *self = MP_CLIENT (object);

  /* Pending tasks hold a reference on the client, so both queues are empty
   * by the time it is disposed.
   */
  g_assert (g_queue_is_empty (&self->ready));
  g_assert (g_queue_is_empty (&self->waiting));
  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->account);

  G_OBJECT_CLASS (mp_client_parent_class)->dispose (object);
}

static void
wipe (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
mp_client_finalize (GObject *object)
{
  MpClient *self = MP_CLIENT (object);

  g_free (self->base_url);
  g_free (self->marketplace);
  g_free (self->user);
  wipe (&self->password);
  wipe (&self->subscription_key);
  g_free (self->auth_url);
  g_free (self->client_id);
  wipe (&self->client_secret);
  wipe (&self->token);

  G_OBJECT_CLASS (mp_client_parent_class)->finalize (object);
}

static void
mp_client_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MpClient *self = MP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_MARKETPLACE:
      g_value_set_string (value, self->marketplace);
      break;

    case PROP_USER:
      g_value_set_string (value, self->user);
      break;

    case PROP_PAGE_SIZE:
      g_value_set_uint (value, self->page_size);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;

    case PROP_USE_EXTENSIONS:
      g_value_set_boolean (value, self->use_extensions);
      break;

    case PROP_HAS_EXTENSIONS:
      g_value_set_boolean (value, self->has_extensions);
      break;

    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;

    case PROP_IN_FLIGHT:
      g_value_set_uint (value, self->in_flight);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_client_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MpClient *self = MP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      {
        const char *url = g_value_get_string (value);

        g_free (self->base_url);
        self->base_url = url ? mp_client_strip_slashes (url) : g_strdup ("");
      }
      break;

    case PROP_MARKETPLACE:
      self->marketplace = g_value_dup_string (value);
      break;

    case PROP_USER:
      self->user = g_value_dup_string (value);
      break;

    case PROP_PAGE_SIZE:
      mp_client_set_page_size (self, g_value_get_uint (value));
      break;

    case PROP_TIMEOUT:
      mp_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_RETRY_DELAY:
      mp_client_set_retry_delay (self, g_value_get_uint (value));
      break;

    case PROP_USE_EXTENSIONS:
      mp_client_set_use_extensions (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_client_class_init (MpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_client_dispose;
  object_class->finalize = mp_client_finalize;
  object_class->get_property = mp_client_get_property;
  object_class->set_property = mp_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS);
  properties[PROP_MARKETPLACE] =
    g_param_spec_string ("marketplace", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAGE_SIZE] =
    g_param_spec_uint ("page-size", NULL, NULL, 1, 1000, 500,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL, 1, 3600, 120,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL, 1, 60000, 1000,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USE_EXTENSIONS] =
    g_param_spec_boolean ("use-extensions", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_EXTENSIONS] =
    g_param_spec_boolean ("has-extensions", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACCOUNT] =
    g_param_spec_object ("account", NULL, NULL, MP_TYPE_ACCOUNT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_FLIGHT] =
    g_param_spec_uint ("in-flight", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* A request could not reach the marketplace (the argument, a GError, is
   * what its caller gets): the connection failed or timed out.
   */
  signals[SIGNAL_NETWORK_ERROR] =
    g_signal_new ("network-error", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
mp_client_init (MpClient *self)
{
  self->page_size = 500;
  self->timeout = 120;
  self->retry_delay = 1000;
  self->use_extensions = TRUE;
  g_queue_init (&self->ready);
  g_queue_init (&self->waiting);
  /* Room for the in-flight limit plus long polls of watched orders. */
  self->session = soup_session_new_with_options ("max-conns-per-host", MAX_IN_FLIGHT + 4,
                                                 "max-conns", MAX_IN_FLIGHT + 8,
                                                 "timeout", self->timeout,
                                                 "user-agent", "MarketPanel/" PACKAGE_VERSION " ",
                                                 NULL);
}

/* Public API: configuration */

MpClient *
mp_client_new (const char *base_url,
               const char *marketplace,
               const char *user,
               const char *password,
               const char *subscription_key)
{
  MpClient *self;

  g_return_val_if_fail (base_url != NULL, NULL);

  self = g_object_new (MP_TYPE_CLIENT,
                       "base-url", base_url,
                       "marketplace", marketplace,
                       "user", user,
                       NULL);
  self->password = g_strdup (password);
  self->subscription_key = g_strdup (subscription_key);
  return self;
}

/* A client for another marketplace (region) of the same login: BASE_URL
 * and CODE, with the user, password, subscription key, OAuth settings and
 * configuration CLIENT holds for renewing its token, copied here so that
 * no caller ever handles them. Not logged in. Returns NULL when CLIENT has
 * no password to renew a token with (then ask the user for it and use
 * mp_client_new()).
 */
MpClient *
mp_client_new_for_marketplace (MpClient   *client,
                               const char *base_url,
                               const char *code)
{
  MpClient *self;

  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);
  g_return_val_if_fail (base_url != NULL, NULL);

  if (client->password == NULL || *client->password == '\0')
    return NULL;

  self = mp_client_new (base_url, code, client->user, client->password, client->subscription_key);
  if (client->auth_url != NULL)
    mp_client_set_oauth (self, client->auth_url, client->client_id, client->client_secret);
  mp_client_set_page_size (self, client->page_size);
  mp_client_set_timeout (self, client->timeout);
  mp_client_set_retry_delay (self, client->retry_delay);
  mp_client_set_use_extensions (self, client->use_extensions);
  return self;
}

void
mp_client_set_oauth (MpClient   *self,
                     const char *auth_url,
                     const char *client_id,
                     const char *client_secret)
{
  g_return_if_fail (MP_IS_CLIENT (self));

  g_free (self->auth_url);
  self->auth_url = g_strdup (auth_url);
  g_free (self->client_id);
  self->client_id = g_strdup (client_id);
  wipe (&self->client_secret);
  self->client_secret = g_strdup (client_secret);
  wipe (&self->token);
}

/* The marketplace moved (the demo marketplace restarted on another port):
 * later requests go to BASE_URL. The token is renewed if it is refused.
 */
void
mp_client_set_base_url (MpClient   *self,
                        const char *base_url)
{
  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (base_url != NULL);

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;
  g_free (self->base_url);
  self->base_url = mp_client_strip_slashes (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

const char *
mp_client_get_base_url (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);
  return self->base_url;
}

const char *
mp_client_get_marketplace (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);
  return self->marketplace;
}

const char *
mp_client_get_user (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);
  return self->user;
}

guint
mp_client_get_page_size (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), 0);
  return self->page_size;
}

void
mp_client_set_page_size (MpClient *self,
                         guint     page_size)
{
  g_return_if_fail (MP_IS_CLIENT (self));

  page_size = CLAMP (page_size, 1, 1000);
  if (self->page_size == page_size)
    return;
  self->page_size = page_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE_SIZE]);
}

guint
mp_client_get_timeout (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), 0);
  return self->timeout;
}

void
mp_client_set_timeout (MpClient *self,
                       guint     seconds)
{
  g_return_if_fail (MP_IS_CLIENT (self));

  seconds = MAX (seconds, 1);
  if (self->timeout == seconds)
    return;
  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
mp_client_get_retry_delay (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), 0);
  return self->retry_delay;
}

void
mp_client_set_retry_delay (MpClient *self,
                           guint     milliseconds)
{
  g_return_if_fail (MP_IS_CLIENT (self));

  milliseconds = MAX (milliseconds, 1);
  if (self->retry_delay == milliseconds)
    return;
  self->retry_delay = milliseconds;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETRY_DELAY]);
}

gboolean
mp_client_get_use_extensions (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), FALSE);
  return self->use_extensions;
}

void
mp_client_set_use_extensions (MpClient *self,
                              gboolean  use_extensions)
{
  g_return_if_fail (MP_IS_CLIENT (self));

  use_extensions = !!use_extensions;
  if (self->use_extensions == (guint) use_extensions)
    return;
  self->use_extensions = use_extensions;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USE_EXTENSIONS]);
  if (!use_extensions && self->has_extensions)
    {
      self->has_extensions = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_EXTENSIONS]);
    }
}

gboolean
mp_client_get_has_extensions (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), FALSE);
  return self->has_extensions;
}

MpAccount *
mp_client_get_account (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);
  return self->account;
}

guint
mp_client_get_in_flight (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), 0);
  return self->in_flight;
}

guint
mp_client_get_token_requests (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), 0);
  return self->token_requests;
}

/* Login */

static void
set_account (MpClient  *self,
             MpAccount *account)
{
  if (g_set_object (&self->account, account))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCOUNT]);
}

static void
login_me_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MpClient *self = MP_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  g_autoptr(MpAccount) account = NULL;

  response = mp_client_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE,
                                                      response->status, "/me", NULL,
                                                      "The marketplace did not say who is logged in"));
      return;
    }
  account = mp_account_new_from_json (json_node_get_object (response->root), &error);
  if (account == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mp_account_set_user (account, self->user);
  set_account (self, account);
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

static void
login_token_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  MpClient *self = MP_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  g_autoptr(MpAccount) account = NULL;

  response = g_task_propagate_pointer (G_TASK (result), &error);
  if (error != NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->has_extensions)
    {
      GCancellable *cancellable = g_task_get_cancellable (task);

      mp_client_request_async (self, "GET", "/me", NULL, NULL, MP_REQUEST_AUTH | MP_REQUEST_RETRY,
                               cancellable, login_me_cb, g_steal_pointer (&task));
      return;
    }
  account = mp_account_new_reseller (self->user);
  set_account (self, account);
  g_task_return_pointer (task, g_steal_pointer (&account), g_object_unref);
}

void
mp_client_login_async (MpClient            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) token_task = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  Request *req;

  g_return_if_fail (MP_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_login_async);

  mp_client_logout (self);
  uri = g_strconcat (self->base_url, "/token", NULL);
  if (!mp_client_check_url (uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A request that only waits for the token. */
  token_task = new_request_task (self, "POST", uri, "/token", cancellable, login_token_cb,
                                 g_steal_pointer (&task));
  req = g_task_get_task_data (token_task);
  req->flags = MP_REQUEST_AUTH;
  req->token_only = TRUE;
  submit (self, token_task);
}

MpAccount *
mp_client_login_finish (MpClient      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_client_login_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
mp_client_logout (MpClient *self)
{
  g_return_if_fail (MP_IS_CLIENT (self));

  wipe (&self->token);
  set_account (self, NULL);
  if (self->has_extensions)
    {
      self->has_extensions = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_EXTENSIONS]);
    }
}
