/* mp-server.c: the demo marketplace server: HTTP, routing, authentication
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "mp-server-auth.h"
#include "mp-server-clock.h"
#include "mp-server-private.h"
#include "mp-server-throttle.h"
#include "mp-server-validate.h"

#define SUBSCRIPTION_KEY "demo-subscription-key"
#define OAUTH_CLIENT_ID "market-panel"
#define OAUTH_CLIENT_SECRET "demo-client-secret"

G_DEFINE_FINAL_TYPE (MpServer, mp_server, G_TYPE_OBJECT)

static void
mp_server_finalize (GObject *object)
{
  MpServer *self = (MpServer *) object;

  mp_server_stop (self);
  g_clear_object (&self->soup);
  g_clear_pointer (&self->db, mp_db_free);
  g_clear_pointer (&self->waiters, g_hash_table_unref);
  g_clear_pointer (&self->rate_counts, g_hash_table_unref);
  g_clear_pointer (&self->currencies, g_hash_table_unref);
  g_clear_pointer (&self->count_cache, g_hash_table_unref);
  g_clear_pointer (&self->page_cache, g_hash_table_unref);
  g_clear_pointer (&self->subscription_rows, mp_row_cache_free);
  g_clear_pointer (&self->order_rows, mp_row_cache_free);
  g_clear_pointer (&self->order_ids, g_hash_table_unref);
  g_clear_pointer (&self->keysets, g_hash_table_unref);
  g_clear_pointer (&self->keyset_ids, g_hash_table_unref);
  g_clear_pointer (&self->login_throttle, mp_throttle_free);
  g_clear_pointer (&self->address_throttle, mp_throttle_free);
  g_free (self->listen);
  g_free (self->data_dir);
  g_free (self->catalog);
  g_free (self->tls_cert);
  g_free (self->tls_key);

  G_OBJECT_CLASS (mp_server_parent_class)->finalize (object);
}

static void
mp_server_class_init (MpServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_server_finalize;
}

static void cached_page_free (gpointer data);

static void
mp_server_init (MpServer *self)
{
  self->rate_counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->currencies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->count_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->page_cache = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, cached_page_free);
  self->keysets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  self->order_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  self->keyset_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
  self->correlation_salt = g_random_int ();
}

gboolean
mp_server_cached_count (MpServer   *self,
                        const char *key,
                        gint64     *total)
{
  gint64 *value = g_hash_table_lookup (self->count_cache, key);

  if (value == NULL)
    return FALSE;
  *total = *value;
  return TRUE;
}

void
mp_server_cache_count (MpServer   *self,
                       const char *key,
                       gint64      total)
{
  if (g_hash_table_size (self->count_cache) > 10000)
    g_hash_table_remove_all (self->count_cache);
  g_hash_table_replace (self->count_cache, g_strdup (key), g_memdup2 (&total, sizeof total));
}

/* The page cache: whole answers, least recently used first out, at most
 * MP_PAGE_CACHE_BYTES in all.
 */
typedef struct
{
  char   *key;
  GBytes *page;
  GList   link;            /* in page_lru, most recent first; data: this */
} CachedPage;

static void
cached_page_free (gpointer data)
{
  CachedPage *entry = data;

  g_free (entry->key);
  g_bytes_unref (entry->page);
  g_free (entry);
}

static void
page_cache_remove (MpServer   *self,
                   CachedPage *entry)
{
  g_queue_unlink (&self->page_lru, &entry->link);
  self->page_cache_bytes -= g_bytes_get_size (entry->page);
  g_hash_table_remove (self->page_cache, entry->key);
}

GBytes *
mp_server_cached_page (MpServer   *self,
                       const char *key)
{
  CachedPage *entry;

  if (!self->use_page_cache)
    return NULL;
  entry = g_hash_table_lookup (self->page_cache, key);
  if (entry == NULL)
    return NULL;
  g_queue_unlink (&self->page_lru, &entry->link);
  g_queue_push_head_link (&self->page_lru, &entry->link);
  return entry->page;
}

void
mp_server_cache_page (MpServer   *self,
                      const char *key,
                      GBytes     *page)
{
  gsize size = g_bytes_get_size (page);
  CachedPage *entry;

  if (!self->use_page_cache || size > MP_PAGE_CACHE_BYTES / 4)
    return;
  entry = g_hash_table_lookup (self->page_cache, key);
  if (entry != NULL)
    page_cache_remove (self, entry);
  while (self->page_cache_bytes + size > MP_PAGE_CACHE_BYTES && self->page_lru.tail != NULL)
    page_cache_remove (self, self->page_lru.tail->data);
  entry = g_new0 (CachedPage, 1);
  entry->key = g_strdup (key);
  entry->page = g_bytes_ref (page);
  entry->link.data = entry;
  g_hash_table_insert (self->page_cache, entry->key, entry);
  g_queue_push_head_link (&self->page_lru, &entry->link);
  self->page_cache_bytes += size;
}

void
mp_server_forget_counts (MpServer *self)
{
  g_hash_table_remove_all (self->count_cache);
  g_queue_init (&self->page_lru);
  g_hash_table_remove_all (self->page_cache);
  self->page_cache_bytes = 0;
}

MpServer *
mp_server_new (const MpServerOptions  *options,
               GError                **error)
{
  MpServer *self = g_object_new (MP_TYPE_SERVER, NULL);

  self->listen = g_strdup (options->listen);
  self->data_dir = g_strdup (options->data_dir);
  self->catalog = g_strdup (options->catalog);
  self->tls_cert = g_strdup (options->tls_cert);
  self->tls_key = g_strdup (options->tls_key);
  self->step_ms = options->step_ms;
  self->token_lifetime = options->token_lifetime;
  self->rate_limit = options->rate_limit;
  self->seed_subscriptions = options->seed_subscriptions;
  self->demo_clock = options->demo_clock;
  mp_server_clock_set_offset_days (options->clock_offset_days);
  self->extensions = options->extensions;
  self->use_page_cache = options->page_cache;
  if (options->login_throttle)
    {
      self->login_throttle = mp_throttle_new (MP_LOGIN_ATTEMPTS, MP_LOGIN_WINDOW, MP_LOGIN_LOCKOUT);
      self->address_throttle = mp_throttle_new (MP_ADDRESS_ATTEMPTS, MP_LOGIN_WINDOW, MP_LOGIN_LOCKOUT);
    }
  return self;
}

/* Formatting */

char *
mp_format_date (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%d");
}

char *
mp_format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (unix_seconds);

  return g_date_time_format (dt, "%Y-%m-%dT%H:%M:%SZ");
}

/* Responses */

static void
add_common_headers (MpServer          *self,
                    SoupServerMessage *msg,
                    const char        *correlation_id)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (headers, "X-Correlation-ID", correlation_id);
  if (self->extensions)
    soup_message_headers_replace (headers, "X-Market-Panel-Extensions", "1");
  soup_message_headers_replace (headers, "Cache-Control", "no-store");
}

void
mp_request_reply (MpRequest    *req,
                  guint         status,
                  MpJsonWriter *writer)
{
  gsize length;
  char *data = mp_json_writer_steal (writer, &length);

  add_common_headers (req->server, req->msg, req->correlation_id);
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE, data, length);
}

void
mp_request_reply_bytes (MpRequest *req,
                        guint      status,
                        GBytes    *body)
{
  add_common_headers (req->server, req->msg, req->correlation_id);
  soup_server_message_set_status (req->msg, status, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (req->msg),
                                         "application/json", NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (req->msg), body);
}

static void
make_correlation_id (MpServer *self,
                     char     *buffer,
                     gsize     size)
{
  g_snprintf (buffer, size, "mp-%08x-%012" G_GINT64_MODIFIER "x",
              self->correlation_salt, (gint64) ++self->correlation_seq);
}

/* The error body of every error: {timeStamp, status, message, path,
 * correlationId}, the OAuth members first, the refusal last.
 */
static char *
error_body (MpServer   *self,
            const char *correlation_id,
            const char *path,
            guint       status,
            const char *message,
            const char *oauth_error,
            const char *refusal_rule,
            const char *refusal_subject,
            gsize      *length)
{
  MpJsonWriter writer;
  GDateTime *now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y-%m-%dT%H:%M:%S");
  g_autofree char *stamp_full = g_strdup_printf ("%s.%03d+00:00", stamp,
                                                 g_date_time_get_microsecond (now) / 1000);

  g_date_time_unref (now);
  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  if (oauth_error != NULL)
    {
      mp_json_member_string (&writer, "error", oauth_error);
      mp_json_member_string (&writer, "error_description", message);
    }
  mp_json_member_string (&writer, "timeStamp", stamp_full);
  mp_json_member_int (&writer, "status", status);
  mp_json_member_string (&writer, "message", message);
  mp_json_member_string (&writer, "path", path);
  mp_json_member_string (&writer, "correlationId", correlation_id);
  if (refusal_rule != NULL && self->extensions)
    {
      mp_json_key (&writer, "refusal");
      mp_json_begin_object (&writer);
      mp_json_member_string (&writer, "rule", refusal_rule);
      if (refusal_subject != NULL)
        mp_json_member_string (&writer, "subject", refusal_subject);
      mp_json_end_object (&writer);
    }
  mp_json_end_object (&writer);
  return mp_json_writer_steal (&writer, length);
}

static void
reply_error (MpServer          *self,
             SoupServerMessage *msg,
             const char        *correlation_id,
             const char        *path,
             guint              status,
             const char        *message,
             const char        *oauth_error,
             const char        *refusal_rule,
             const char        *refusal_subject)
{
  gsize length;
  char *data = error_body (self, correlation_id, path, status, message, oauth_error,
                           refusal_rule, refusal_subject, &length);

  add_common_headers (self, msg, correlation_id);
  if (status == SOUP_STATUS_UNAUTHORIZED && oauth_error == NULL)
    soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                  "WWW-Authenticate", "Bearer realm=\"marketplace\"");
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, data, length);
}

/* Answering before the body is read. libsoup 3.2 reads a request's whole
 * body before it writes any answer, so the connection is taken from it
 * (soup_server_message_steal_connection(), allowed in any state), the
 * answer written on it, and what the client goes on sending is read and
 * dropped for a moment (so that closing does not reset the connection
 * under the answer) before it is closed.
 */

/* Limits of the request head, below libsoup's own 64 KiB, so that a head
 * too large gets an answer (libsoup drops the connection past 64 KiB). */
#define MP_MAX_URI_SIZE (8 * 1024)
#define MP_MAX_HEAD_SIZE (32 * 1024)

#define LINGER_SECONDS 2
#define LINGER_BYTES (4 * 1024 * 1024)

typedef struct
{
  GIOStream    *stream;
  char         *answer;
  gsize         answer_length;
  guint8        buffer[16384];
  gsize         dropped;
  GCancellable *cancellable;
  guint         timeout_id;
} Closing;

static void
closing_free (Closing *closing)
{
  g_clear_handle_id (&closing->timeout_id, g_source_remove);
  g_clear_object (&closing->cancellable);
  g_clear_object (&closing->stream);
  g_free (closing->answer);
  g_free (closing);
}

static void
on_closing_closed (GObject      *source,
                   GAsyncResult *result,
                   gpointer      data)
{
  g_io_stream_close_finish (G_IO_STREAM (source), result, NULL);
  closing_free (data);
}

static void
closing_close (Closing *closing)
{
  g_clear_handle_id (&closing->timeout_id, g_source_remove);
  g_io_stream_close_async (closing->stream, G_PRIORITY_DEFAULT, NULL, on_closing_closed, closing);
}

static gboolean
on_closing_timeout (gpointer data)
{
  Closing *closing = data;

  closing->timeout_id = 0;
  /* the pending read ends cancelled and closes */
  g_cancellable_cancel (closing->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_closing_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      data)
{
  Closing *closing = data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0 || (closing->dropped += (gsize) n) > LINGER_BYTES
      || g_cancellable_is_cancelled (closing->cancellable))
    {
      closing_close (closing);
      return;
    }
  g_input_stream_read_async (G_INPUT_STREAM (source), closing->buffer, sizeof closing->buffer,
                             G_PRIORITY_DEFAULT, closing->cancellable, on_closing_read, closing);
}

static void
on_closing_written (GObject      *source,
                    GAsyncResult *result,
                    gpointer      data)
{
  Closing *closing = data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      closing_close (closing);
      return;
    }
  closing->timeout_id = g_timeout_add_seconds (LINGER_SECONDS, on_closing_timeout, closing);
  g_input_stream_read_async (g_io_stream_get_input_stream (closing->stream), closing->buffer,
                             sizeof closing->buffer, G_PRIORITY_DEFAULT, closing->cancellable,
                             on_closing_read, closing);
}

/* Answers MSG with the error STATUS now, without reading the rest of its
 * request, and closes the connection. MSG may be gone after this.
 */
static void
answer_and_close (MpServer          *self,
                  SoupServerMessage *msg,
                  const char        *path,
                  guint              status,
                  const char        *message)
{
  char correlation_id[48];
  g_autofree char *body = NULL;
  g_autofree char *date = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GIOStream *stream;
  Closing *closing;
  gsize length;

  make_correlation_id (self, correlation_id, sizeof correlation_id);
  body = error_body (self, correlation_id, path, status, message, NULL, NULL, NULL, &length);
  date = soup_date_time_to_string (now, SOUP_DATE_HTTP);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  closing = g_new0 (Closing, 1);
  closing->stream = stream;
  closing->cancellable = g_cancellable_new ();
  closing->answer = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                                     "Date: %s\r\n"
                                     "Server: market-panel-server/" PACKAGE_VERSION "\r\n"
                                     "Content-Type: application/json\r\n"
                                     "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                                     "X-Correlation-ID: %s\r\n"
                                     "%s"
                                     "Cache-Control: no-store\r\n"
                                     "Connection: close\r\n"
                                     "\r\n%s",
                                     status,
                                     /* libsoup 3.2 has no phrase for 431 (RFC 6585) */
                                     status == 431 ? "Request Header Fields Too Large" : soup_status_get_phrase (status),
                                     date, length, correlation_id,
                                     self->extensions ? "X-Market-Panel-Extensions: 1\r\n" : "", body);
  closing->answer_length = strlen (closing->answer);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), closing->answer, closing->answer_length,
                                   G_PRIORITY_DEFAULT, NULL, on_closing_written, closing);
}

/* "/marketplace/US/orders" -> "/orders", as the errors of the handlers */
static const char *
path_below_base (const char *path)
{
  const char *code;
  const char *rest;

  if (!g_str_has_prefix (path, "/marketplace/"))
    return path;
  code = path + strlen ("/marketplace/");
  rest = strchr (code, '/');
  return rest != NULL && rest > code ? rest : path;
}

static void request_error_valist (MpRequest  *req,
                                  guint       status,
                                  const char *rule,
                                  const char *subject,
                                  const char *format,
                                  va_list     args) G_GNUC_PRINTF (5, 0);

static void
request_error_valist (MpRequest  *req,
                      guint       status,
                      const char *rule,
                      const char *subject,
                      const char *format,
                      va_list     args)
{
  g_autofree char *message = g_strdup_vprintf (format, args);
  const char *path = path_below_base (req->path);
  g_autofree char *short_path = NULL;

  /* Messages may quote the request (a path, a header): keep the JSON valid. */
  if (!g_utf8_validate (message, -1, NULL))
    {
      char *valid = g_utf8_make_valid (message, -1);

      g_free (message);
      message = valid;
    }

  /* As the real service: the path below the marketplace base. */
  if (req->n_parts > 0)
    {
      g_autofree char *joined = g_strjoinv ("/", req->parts);

      path = short_path = g_strconcat ("/", joined, NULL);
    }
  reply_error (req->server, req->msg, req->correlation_id, path, status, message, NULL, rule, subject);
}

void
mp_request_error (MpRequest  *req,
                  guint       status,
                  const char *format,
                  ...)
{
  va_list args;

  va_start (args, format);
  request_error_valist (req, status, NULL, NULL, format, args);
  va_end (args);
}

void
mp_request_refuse (MpRequest       *req,
                   guint            status,
                   MpServerRefusal  rule,
                   const char      *subject,
                   const char      *format,
                   ...)
{
  static const char *const rules[] = {
    [MP_SERVER_REFUSAL_TERMS] = "terms",
    [MP_SERVER_REFUSAL_PERIOD] = "period",
    [MP_SERVER_REFUSAL_QUANTITY] = "quantity",
    [MP_SERVER_REFUSAL_BELOW_USAGE] = "belowUsage",
    [MP_SERVER_REFUSAL_CREDIT_HOLD] = "creditHold",
    [MP_SERVER_REFUSAL_PENDING_CHANGE] = "pendingChange",
    [MP_SERVER_REFUSAL_PLAN] = "plan",
    [MP_SERVER_REFUSAL_FIELD] = "field",
    [MP_SERVER_REFUSAL_CANCELLATION_WINDOW] = "cancellationWindow",
    [MP_SERVER_REFUSAL_NOT_RENEWING] = "notRenewing",
    [MP_SERVER_REFUSAL_MANUAL_RENEWAL] = "manualRenewal",
    [MP_SERVER_REFUSAL_PLAN_SWITCH] = "planSwitch",
    [MP_SERVER_REFUSAL_TARGET_LIMITS] = "targetLimits",
  };
  va_list args;

  g_return_if_fail ((guint) rule < G_N_ELEMENTS (rules));

  va_start (args, format);
  request_error_valist (req, status, rules[rule], subject, format, args);
  va_end (args);
}

void
mp_request_gerror (MpRequest    *req,
                   const GError *error)
{
  guint status = 500;

  if (error->domain == MP_VALIDATE_ERROR)
    status = (guint) error->code;
  mp_request_error (req, status, "%s", error->message);
}

void
mp_request_write_list_end (MpJsonWriter *writer,
                           gint64        offset,
                           gint64        limit,
                           gint64        total)
{
  mp_json_end_array (writer);
  mp_json_key (writer, "pagination");
  mp_json_begin_object (writer);
  mp_json_member_int (writer, "offset", offset);
  mp_json_member_int (writer, "limit", limit);
  mp_json_member_int (writer, "total", total);
  mp_json_end_object (writer);
  mp_json_end_object (writer);
}

const char *
mp_request_query (MpRequest  *req,
                  const char *name)
{
  const char *value;

  if (req->query == NULL)
    return NULL;
  value = g_hash_table_lookup (req->query, name);
  return value != NULL && *value != '\0' ? value : NULL;
}

static gboolean
parse_count (const char *text,
             gint64     *out)
{
  guint64 value = 0;
  const char *p;

  if (*text == '\0' || strlen (text) > 9)
    return FALSE;
  for (p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  *out = (gint64) value;
  return TRUE;
}

gboolean
mp_request_paging (MpRequest *req,
                   gint64    *offset,
                   gint64    *limit)
{
  const char *text;

  *offset = 0;
  *limit = 10;
  text = mp_request_query (req, "offset");
  if (text != NULL && !parse_count (text, offset))
    {
      mp_request_error (req, 400, "The parameter “offset” must be a whole number of 0 or more.");
      return FALSE;
    }
  text = mp_request_query (req, "limit");
  if (text != NULL && (!parse_count (text, limit) || *limit < 1 || *limit > 1000))
    {
      mp_request_error (req, 400, "The parameter “limit” must be a whole number from 1 to 1000.");
      return FALSE;
    }
  return TRUE;
}

gboolean
mp_request_id_param (MpRequest  *req,
                     const char *name,
                     gint64     *out)
{
  const char *text = mp_request_query (req, name);

  *out = 0;
  if (text == NULL)
    return TRUE;
  if (!mp_validate_id_string (text, out))
    {
      mp_request_error (req, 400, "The parameter “%s” must be an ID: a string of digits.", name);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
mp_request_body (MpRequest *req)
{
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  JsonNode *node = mp_validate_parse_body (data, length, &error);

  if (node == NULL)
    mp_request_gerror (req, error);
  return node;
}

gboolean
mp_request_can_see (MpRequest *req,
                    gint64     account_id)
{
  MpServer *self = req->server;
  sqlite3_stmt *stmt;
  gboolean ok;

  if (account_id == req->account_id)
    return TRUE;
  if (req->who != MP_PRINCIPAL_RESELLER)
    return FALSE;
  stmt = mp_db_prepare (self->db, "SELECT 1 FROM accounts WHERE id = ? AND reseller_id = ?");
  sqlite3_bind_int64 (stmt, 1, account_id);
  sqlite3_bind_int64 (stmt, 2, req->account_id);
  ok = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return ok;
}

/* Authentication */

static const char *
header (MpRequest  *req,
        const char *name)
{
  return soup_message_headers_get_one (soup_server_message_get_request_headers (req->msg), name);
}

static gboolean
check_subscription_key (MpRequest *req)
{
  const char *key = header (req, "X-Subscription-Key");

  if (key == NULL)
    {
      mp_request_error (req, 401, "Access denied due to missing subscription key. Make sure to include the subscription key when making requests to an API.");
      return FALSE;
    }
  if (!mp_auth_constant_equal (key, SUBSCRIPTION_KEY))
    {
      mp_request_error (req, 401, "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.");
      return FALSE;
    }
  return TRUE;
}

static gboolean
load_principal (MpRequest *req,
                gint64     account_id)
{
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db,
                                      "SELECT type, reseller_id FROM accounts WHERE id = ?");
  gboolean ok = FALSE;

  sqlite3_bind_int64 (stmt, 1, account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      ok = TRUE;
      req->account_id = account_id;
      if (strcmp (mp_db_text (stmt, 0), "reseller") == 0)
        req->who = MP_PRINCIPAL_RESELLER;
      else
        {
          req->who = MP_PRINCIPAL_CUSTOMER;
          req->reseller_id = sqlite3_column_int64 (stmt, 1);
        }
    }
  sqlite3_reset (stmt);
  return ok;
}

static gboolean
authenticate (MpRequest *req)
{
  MpServer *self = req->server;
  const char *authorization = header (req, "Authorization");
  g_autofree char *digest = NULL;
  sqlite3_stmt *stmt;
  gint64 account_id = 0;
  gint64 expires = 0;
  gboolean found = FALSE;

  if (!check_subscription_key (req))
    return FALSE;
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Bearer ", 7) != 0
      || authorization[7] == '\0')
    {
      mp_request_error (req, 401, "Authentication is required: send “Authorization: Bearer TOKEN”.");
      return FALSE;
    }
  digest = mp_auth_token_digest (authorization + 7);
  stmt = mp_db_prepare (self->db,
                        "SELECT account_id, marketplace, expires FROM tokens WHERE digest = ?");
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = strcmp (mp_db_text (stmt, 1), req->marketplace) == 0;
      account_id = sqlite3_column_int64 (stmt, 0);
      expires = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (!found)
    {
      mp_request_error (req, 401, "The token is not valid for this marketplace.");
      return FALSE;
    }
  if (expires <= g_get_real_time () / G_USEC_PER_SEC)
    {
      mp_request_error (req, 401, "The token has expired; request a new one.");
      return FALSE;
    }
  if (!load_principal (req, account_id))
    {
      mp_request_error (req, 401, "The account of this token no longer exists.");
      return FALSE;
    }
  if (req->who == MP_PRINCIPAL_CUSTOMER && !self->extensions)
    {
      mp_request_error (req, 401, "Customer logins are not available on this marketplace.");
      return FALSE;
    }
  return TRUE;
}

static char *
issue_token (MpServer    *self,
             gint64       account_id,
             const char  *marketplace,
             GError     **error)
{
  g_autofree char *token = mp_auth_new_token (error);
  g_autofree char *digest = NULL;
  sqlite3_stmt *stmt;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  if (token == NULL)
    return NULL;
  digest = mp_auth_token_digest (token);
  stmt = mp_db_prepare (self->db, "DELETE FROM tokens WHERE expires < ?");
  sqlite3_bind_int64 (stmt, 1, now);
  if (!mp_db_step_done (self->db, stmt, error))
    return NULL;
  stmt = mp_db_prepare (self->db,
                        "INSERT INTO tokens (digest, account_id, marketplace, expires) VALUES (?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, digest, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, account_id);
  sqlite3_bind_text (stmt, 3, marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, now + self->token_lifetime);
  if (!mp_db_step_done (self->db, stmt, error))
    return NULL;
  return g_steal_pointer (&token);
}

static void
oauth_error (MpRequest  *req,
             guint       status,
             const char *code,
             const char *message)
{
  reply_error (req->server, req->msg, req->correlation_id, req->path, status, message, code, NULL, NULL);
}

/* Sign-in: the password check runs on the auth pool's threads while the
 * message is paused; attempts are throttled per login and per address.
 */

typedef enum
{
  LOGIN_BASIC,    /* POST {base}/token */
  LOGIN_OAUTH,    /* the OpenID Connect token endpoint */
} LoginKind;

typedef struct
{
  MpServer          *server;
  SoupServerMessage *msg;
  gulong             finished_id;
  gboolean           gone;           /* the client went away */
  LoginKind          kind;
  char              *path;
  char             **parts;          /* as MpRequest's; NULL for OAuth */
  char              *login_key;
  char              *address;
  /* The accounts with this login, one per realm (see mp-db.c), in the
   * order of the hashes checked; none: no such login. */
  GArray            *account_ids;    /* gint64 */
  GArray            *allowed;        /* gboolean; FALSE: a customer login without extensions */
  char               correlation_id[48];
  char               marketplace[8];
} LoginJob;

/* Spent on logins that do not exist, so they take as long as others. */
#define DUMMY_HASH "$y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7"

static void
login_job_free (LoginJob *job)
{
  g_clear_signal_handler (&job->finished_id, job->msg);
  g_clear_object (&job->msg);
  g_clear_object (&job->server);
  g_free (job->path);
  g_strfreev (job->parts);
  g_free (job->login_key);
  g_free (job->address);
  g_array_unref (job->account_ids);
  g_array_unref (job->allowed);
  g_free (job);
}

static void
login_refuse (MpRequest  *req,
              LoginKind   kind,
              guint       status,
              const char *oauth_code,
              const char *message)
{
  if (kind == LOGIN_OAUTH)
    oauth_error (req, status, oauth_code, message);
  else
    mp_request_error (req, status, "%s", message);
}

static void
login_reply (MpRequest  *req,
             LoginKind   kind,
             gint64      account_id)
{
  MpServer *self = req->server;
  g_autoptr(GError) error = NULL;
  g_autofree char *token = issue_token (self, account_id, req->marketplace, &error);
  MpJsonWriter writer;

  if (token == NULL)
    {
      login_refuse (req, kind, 500, "server_error", error->message);
      return;
    }
  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  if (kind == LOGIN_OAUTH)
    {
      mp_json_member_string (&writer, "access_token", token);
      mp_json_member_string (&writer, "token_type", "Bearer");
      mp_json_member_int (&writer, "expires_in", self->token_lifetime);
      mp_json_member_string (&writer, "scope", "openid");
    }
  else
    {
      mp_json_member_string (&writer, "token", token);
      mp_json_member_int (&writer, "expiresInSeconds", self->token_lifetime);
    }
  mp_json_end_object (&writer);
  mp_request_reply (req, 200, &writer);
}

static void
on_login_finished (SoupServerMessage *msg,
                   gpointer           data)
{
  LoginJob *job = data;

  job->gone = TRUE;
}

static void
on_login_checked (int      match,
                  gpointer data)
{
  LoginJob *job = data;
  MpServer *self = job->server;
  gboolean ok = match >= 0 && (guint) match < job->account_ids->len
                && g_array_index (job->allowed, gboolean, match);
  MpRequest req = { 0 };

  if (ok && self->login_throttle != NULL)
    {
      mp_throttle_forget (self->login_throttle, job->login_key);
      mp_throttle_succeeded (self->address_throttle, job->address);
    }
  if (job->gone)
    {
      login_job_free (job);
      return;
    }

  req.server = self;
  req.msg = job->msg;
  req.method = "POST";
  req.path = job->path;
  req.parts = job->parts;
  req.n_parts = job->parts != NULL ? g_strv_length (job->parts) : 0;
  g_strlcpy (req.correlation_id, job->correlation_id, sizeof req.correlation_id);
  g_strlcpy (req.marketplace, job->marketplace, sizeof req.marketplace);
  if (!ok && job->kind == LOGIN_OAUTH)
    login_refuse (&req, job->kind, 401, "invalid_grant", "Invalid user credentials.");
  else if (!ok)
    login_refuse (&req, job->kind, 401, NULL, "The login or password is incorrect.");
  else
    login_reply (&req, job->kind, g_array_index (job->account_ids, gint64, match));
  soup_server_message_unpause (job->msg);
  login_job_free (job);
}

/* A refusal held back for a moment: a client flooding a locked-out login
 * gets one answer a second per connection instead of as many as it asks.
 */
typedef struct
{
  SoupServerMessage *msg;
  gulong             finished_id;
  guint              timeout_id;
} Delayed;

static void
delayed_free (Delayed *delayed)
{
  g_clear_handle_id (&delayed->timeout_id, g_source_remove);
  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  g_clear_object (&delayed->msg);
  g_free (delayed);
}

static void
on_delayed_finished (SoupServerMessage *msg,
                     gpointer           data)
{
  /* the client went away */
  delayed_free (data);
}

static gboolean
on_delayed_timeout (gpointer data)
{
  Delayed *delayed = data;

  delayed->timeout_id = 0;
  g_clear_signal_handler (&delayed->finished_id, delayed->msg);
  soup_server_message_unpause (delayed->msg);
  delayed_free (delayed);
  return G_SOURCE_REMOVE;
}

/* Sends the answer already set on MSG after MS milliseconds. */
static void
delay_answer (SoupServerMessage *msg,
              guint              ms)
{
  Delayed *delayed = g_new0 (Delayed, 1);

  delayed->msg = g_object_ref (msg);
  delayed->finished_id = g_signal_connect (msg, "finished", G_CALLBACK (on_delayed_finished), delayed);
  delayed->timeout_id = g_timeout_add (ms, on_delayed_timeout, delayed);
  soup_server_message_pause (msg);
}

/* Checks LOGIN and PASSWORD off the main thread and answers with a token,
 * 401, or 429 (after a second) while the login or the client's address is
 * locked out.
 */
static void
start_login (MpRequest  *req,
             LoginKind   kind,
             const char *login,
             const char *password)
{
  MpServer *self = req->server;
  const char *address = soup_server_message_get_remote_host (req->msg);
  g_autofree char *folded = g_utf8_casefold (login, -1);
  g_autofree char *login_key = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folded, -1);
  gint64 now = g_get_monotonic_time ();
  g_autoptr(GPtrArray) hashes = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  LoginJob *job;
  guint wait = 0;

  if (address == NULL)
    address = "";
  if (self->login_throttle != NULL)
    wait = MAX (mp_throttle_check (self->login_throttle, login_key, now),
                mp_throttle_check (self->address_throttle, address, now));
  if (wait > 0)
    {
      g_autofree char *seconds = g_strdup_printf ("%u", wait);
      g_autofree char *message = g_strdup_printf ("Too many failed sign-ins for this login or from this address; "
                                                  "try again in %u seconds.", wait);

      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", seconds);
      login_refuse (req, kind, 429, "temporarily_unavailable", message);
      delay_answer (req->msg, 1000);
      return;
    }

  job = g_new0 (LoginJob, 1);
  job->account_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  job->allowed = g_array_new (FALSE, FALSE, sizeof (gboolean));
  /* The same login may exist in several realms (two resellers' customers):
   * the password tells which account it is. */
  stmt = mp_db_prepare (self->db,
                        "SELECT u.hash, u.account_id, a.type FROM users u"
                        " JOIN accounts a ON a.id = u.account_id WHERE u.login = ? ORDER BY u.realm");
  sqlite3_bind_text (stmt, 1, login, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 account_id = sqlite3_column_int64 (stmt, 1);
      gboolean allowed = self->extensions || strcmp (mp_db_text (stmt, 2), "customer") != 0;

      g_ptr_array_add (hashes, g_strdup (mp_db_text (stmt, 0)));
      g_array_append_val (job->account_ids, account_id);
      g_array_append_val (job->allowed, allowed);
    }
  sqlite3_reset (stmt);
  if (hashes->len == 0)
    g_ptr_array_add (hashes, g_strdup (DUMMY_HASH));
  g_ptr_array_add (hashes, NULL);

  if (!mp_auth_pool_check (self->auth_pool, password, (const char * const *) hashes->pdata, on_login_checked, job))
    {
      login_job_free (job);
      soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", "1");
      login_refuse (req, kind, 503, "temporarily_unavailable",
                    "The server is busy checking other sign-ins; try again in a second.");
      return;
    }
  if (self->login_throttle != NULL)
    {
      mp_throttle_attempt (self->login_throttle, login_key, now);
      mp_throttle_attempt (self->address_throttle, address, now);
    }
  job->server = g_object_ref (self);
  job->msg = g_object_ref (req->msg);
  job->kind = kind;
  job->path = g_strdup (req->path);
  job->parts = kind == LOGIN_BASIC ? g_strdupv (req->parts) : NULL;
  job->login_key = g_steal_pointer (&login_key);
  job->address = g_strdup (address);
  g_strlcpy (job->correlation_id, req->correlation_id, sizeof job->correlation_id);
  g_strlcpy (job->marketplace, req->marketplace, sizeof job->marketplace);
  job->finished_id = g_signal_connect (req->msg, "finished", G_CALLBACK (on_login_finished), job);
  soup_server_message_pause (req->msg);
}

static void
handle_token (MpRequest *req)
{
  const char *authorization = header (req, "Authorization");
  g_autoptr(JsonNode) body = NULL;
  g_autofree guchar *decoded = NULL;
  g_autofree char *credentials = NULL;
  JsonNode *marketplace;
  gsize length = 0;
  char *colon;

  if (!check_subscription_key (req))
    return;
  if (authorization == NULL || g_ascii_strncasecmp (authorization, "Basic ", 6) != 0)
    {
      mp_request_error (req, 401, "Send the API user's login and password with HTTP Basic authentication.");
      return;
    }
  decoded = g_base64_decode (authorization + 6, &length);
  credentials = g_strndup ((const char *) decoded, length);
  colon = strchr (credentials, ':');
  if (colon == NULL || length == 0 || strlen (credentials) != length || !g_utf8_validate (credentials, -1, NULL))
    {
      mp_request_error (req, 401, "The Basic authentication header is malformed.");
      return;
    }
  *colon = '\0';

  body = mp_request_body (req);
  if (body == NULL)
    return;
  marketplace = json_object_get_member (json_node_get_object (body), "marketplace");
  if (marketplace == NULL || !JSON_NODE_HOLDS_VALUE (marketplace)
      || json_node_get_value_type (marketplace) != G_TYPE_STRING)
    {
      mp_request_error (req, 400, "The field “marketplace” is required: the marketplace code, e.g. “%s”.",
                        req->marketplace);
      return;
    }
  if (g_ascii_strcasecmp (json_node_get_string (marketplace), req->marketplace) != 0)
    {
      mp_request_error (req, 400, "The marketplace “%s” in the body does not match the marketplace “%s” of the address.",
                        json_node_get_string (marketplace), req->marketplace);
      return;
    }

  start_login (req, LOGIN_BASIC, credentials, colon + 1);
  memset (credentials, 0, length);
}

static void
handle_oauth_token (MpRequest  *req,
                    const char *realm)
{
  MpServer *self = req->server;
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GHashTable) form = NULL;
  g_autofree char *text = NULL;
  g_autofree char *code = g_ascii_strup (realm, -1);
  const char *content_type;
  const char *grant, *username, *password, *client_id, *client_secret;

  if (strcmp (req->method, "POST") != 0)
    {
      oauth_error (req, 405, "invalid_request", "Use POST.");
      return;
    }
  if (!g_hash_table_contains (self->currencies, code))
    {
      oauth_error (req, 404, "invalid_request", "No such realm.");
      return;
    }
  g_strlcpy (req->marketplace, code, sizeof req->marketplace);
  content_type = soup_message_headers_get_content_type (soup_server_message_get_request_headers (req->msg), NULL);
  if (content_type == NULL || g_ascii_strcasecmp (content_type, "application/x-www-form-urlencoded") != 0)
    {
      oauth_error (req, 400, "invalid_request", "The body must be application/x-www-form-urlencoded.");
      return;
    }
  if (g_bytes_get_size (bytes) > 8192)
    {
      oauth_error (req, 400, "invalid_request", "The request body is too large.");
      return;
    }
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (!g_utf8_validate (text, -1, NULL))
    {
      oauth_error (req, 400, "invalid_request", "The request body is not UTF-8.");
      return;
    }
  form = soup_form_decode (text);
  grant = g_hash_table_lookup (form, "grant_type");
  username = g_hash_table_lookup (form, "username");
  password = g_hash_table_lookup (form, "password");
  client_id = g_hash_table_lookup (form, "client_id");
  client_secret = g_hash_table_lookup (form, "client_secret");
  if (grant == NULL || strcmp (grant, "password") != 0)
    {
      oauth_error (req, 400, "unsupported_grant_type", "Only grant_type=password is supported.");
      return;
    }
  if (username == NULL || password == NULL || client_id == NULL)
    {
      oauth_error (req, 400, "invalid_request", "username, password and client_id are required.");
      return;
    }
  if (strcmp (client_id, OAUTH_CLIENT_ID) != 0 || client_secret == NULL
      || !mp_auth_constant_equal (client_secret, OAUTH_CLIENT_SECRET))
    {
      oauth_error (req, 401, "invalid_client", "Invalid client credentials.");
      return;
    }
  start_login (req, LOGIN_OAUTH, username, password);
}

static void
handle_marketplaces (MpRequest *req)
{
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db,
                                      "SELECT code, name, country, currency, language FROM marketplaces ORDER BY position");
  MpJsonWriter writer;
  gint64 n = 0;

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      mp_json_begin_object (&writer);
      mp_json_member_string (&writer, "code", mp_db_text (stmt, 0));
      mp_json_member_string (&writer, "name", mp_db_text (stmt, 1));
      mp_json_member_string (&writer, "country", mp_db_text (stmt, 2));
      mp_json_member_string (&writer, "currency", mp_db_text (stmt, 3));
      mp_json_member_string (&writer, "language", mp_db_text (stmt, 4));
      mp_json_end_object (&writer);
      n++;
    }
  sqlite3_reset (stmt);
  mp_request_write_list_end (&writer, 0, MAX (n, 1), n);
  mp_request_reply (req, 200, &writer);
}

static void
handle_me (MpRequest *req)
{
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db, "SELECT name FROM accounts WHERE id = ?");
  MpJsonWriter writer;

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_member_string (&writer, "type", req->who == MP_PRINCIPAL_RESELLER ? "reseller" : "customer");
  mp_json_member_id (&writer, "id", req->account_id);
  sqlite3_bind_int64 (stmt, 1, req->account_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    mp_json_member_string (&writer, "name", mp_db_text (stmt, 0));
  sqlite3_reset (stmt);
  if (req->who == MP_PRINCIPAL_CUSTOMER)
    mp_json_member_id (&writer, "resellerId", req->reseller_id);
  mp_json_member_string (&writer, "marketplace", req->marketplace);
  mp_json_member_string (&writer, "currency", req->currency);
  mp_json_end_object (&writer);
  mp_request_reply (req, 200, &writer);
}

/* Routing */

static gboolean
method_is (MpRequest   *req,
           const char  *allowed)
{
  g_auto(GStrv) methods = NULL;
  guint i;

  methods = g_strsplit (allowed, ",", -1);
  for (i = 0; methods[i] != NULL; i++)
    if (strcmp (methods[i], req->method) == 0)
      return TRUE;
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Allow", allowed);
  mp_request_error (req, 405, "The method %s is not allowed here; use %s.", req->method, allowed);
  return FALSE;
}

static gboolean
parse_path_id (MpRequest  *req,
               const char *text,
               const char *what,
               gint64     *out)
{
  if (!mp_validate_id_string (text, out))
    {
      mp_request_error (req, 404, "No entity has been found: %s “%s”.", what, text);
      return FALSE;
    }
  return TRUE;
}

static void
not_found (MpRequest *req)
{
  mp_request_error (req, 404, "The resource %s does not exist.", req->path);
}

static void
route_marketplace (MpRequest *req)
{
  MpServer *self = req->server;
  const char *first;
  gint64 id;

  if (req->n_parts == 0)
    {
      not_found (req);
      return;
    }
  first = req->parts[0];
  if (strcmp (first, "token") == 0 && req->n_parts == 1)
    {
      if (method_is (req, "POST"))
        handle_token (req);
      return;
    }

  if (!authenticate (req))
    return;

  if (strcmp (first, "me") == 0 && req->n_parts == 1 && self->extensions)
    {
      if (method_is (req, "GET"))
        handle_me (req);
    }
  else if (strcmp (first, "categories") == 0 && req->n_parts == 1 && self->extensions)
    {
      if (method_is (req, "GET"))
        mp_server_handle_categories (req);
    }
  else if (strcmp (first, "plans") == 0 && req->n_parts == 1)
    {
      if (method_is (req, "GET"))
        mp_server_handle_plans (req);
    }
  else if (strcmp (first, "plans") == 0 && req->n_parts == 2)
    {
      if (method_is (req, "GET") && parse_path_id (req, req->parts[1], "plan", &id))
        mp_server_handle_plan (req, id);
    }
  else if (strcmp (first, "products") == 0 && req->n_parts == 1)
    {
      if (method_is (req, "GET"))
        mp_server_handle_products (req);
    }
  else if (strcmp (first, "customers") == 0 && req->n_parts == 1)
    {
      if (method_is (req, "GET,POST"))
        mp_server_handle_customers (req, 0);
    }
  else if (strcmp (first, "customers") == 0 && req->n_parts == 2)
    {
      if (method_is (req, "GET,PATCH") && parse_path_id (req, req->parts[1], "customer", &id))
        mp_server_handle_customer (req, id);
    }
  else if (strcmp (first, "resellers") == 0 && req->n_parts == 1)
    {
      /* Sub-resellers: the demo has none. */
      if (method_is (req, "GET"))
        {
          MpJsonWriter writer;
          gint64 offset, limit;

          if (req->who != MP_PRINCIPAL_RESELLER)
            mp_request_error (req, 403, "Only resellers can list resellers.");
          else if (mp_request_paging (req, &offset, &limit))
            {
              mp_json_writer_init (&writer);
              mp_json_begin_object (&writer);
              mp_json_key (&writer, "data");
              mp_json_begin_array (&writer);
              mp_request_write_list_end (&writer, offset, limit, 0);
              mp_request_reply (req, 200, &writer);
            }
        }
    }
  else if (strcmp (first, "resellers") == 0 && req->n_parts == 2)
    {
      if (method_is (req, "GET") && parse_path_id (req, req->parts[1], "reseller", &id))
        mp_server_handle_resellers (req);
    }
  else if (strcmp (first, "resellers") == 0 && req->n_parts == 3
           && strcmp (req->parts[2], "customers") == 0)
    {
      if (method_is (req, "GET,POST") && parse_path_id (req, req->parts[1], "reseller", &id))
        mp_server_handle_customers (req, id);
    }
  else if (strcmp (first, "resellers") == 0 && req->n_parts == 3
           && strcmp (req->parts[2], "orders") == 0)
    {
      if (method_is (req, "GET") && parse_path_id (req, req->parts[1], "reseller", &id))
        mp_server_handle_orders (req, id);
    }
  else if (strcmp (first, "orders") == 0 && req->n_parts == 1)
    {
      if (method_is (req, "GET,POST"))
        mp_server_handle_orders (req, 0);
    }
  else if (strcmp (first, "orders") == 0 && req->n_parts == 2 && strcmp (req->parts[1], "estimate") == 0)
    {
      if (method_is (req, "POST"))
        mp_server_handle_estimate (req);
    }
  else if (strcmp (first, "orders") == 0 && req->n_parts == 2)
    {
      if (method_is (req, "GET,PATCH") && parse_path_id (req, req->parts[1], "order", &id))
        mp_server_handle_order (req, id);
    }
  else if (strcmp (first, "clock") == 0 && req->n_parts == 1 && self->demo_clock && self->extensions)
    {
      if (method_is (req, "GET,POST"))
        mp_server_handle_clock (req);
    }
  else if (strcmp (first, "reports") == 0 && req->n_parts == 1)
    {
      if (method_is (req, "GET,POST"))
        mp_server_handle_reports (req);
    }
  else if (strcmp (first, "reports") == 0 && req->n_parts == 2)
    {
      if (method_is (req, "GET"))
        mp_server_handle_report (req, req->parts[1], FALSE);
    }
  else if (strcmp (first, "reports") == 0 && req->n_parts == 3 && strcmp (req->parts[2], "file") == 0)
    {
      if (method_is (req, "GET"))
        mp_server_handle_report (req, req->parts[1], TRUE);
    }
  else if (strcmp (first, "subscriptions") == 0 && req->n_parts == 1)
    {
      if (method_is (req, "GET"))
        mp_server_handle_subscriptions (req);
    }
  else if (strcmp (first, "subscriptions") == 0 && req->n_parts == 2)
    {
      if (method_is (req, "GET,PATCH") && parse_path_id (req, req->parts[1], "subscription", &id))
        mp_server_handle_subscription (req, id);
    }
  else
    not_found (req);
}

/* Counted per X-Subscription-Key, or per client address for the token
 * endpoints (the OAuth one ignores the key: a new key per request must not
 * get around the limit).
 */
static gboolean
rate_limited (MpRequest *req,
              gboolean   by_address)
{
  MpServer *self = req->server;
  g_autofree char *address_key = NULL;
  const char *key;
  gint64 window = g_get_monotonic_time () / G_USEC_PER_SEC;
  guint count;

  if (self->rate_limit <= 0)
    return FALSE;
  if (window != self->rate_window)
    {
      g_hash_table_remove_all (self->rate_counts);
      self->rate_window = window;
    }
  if (by_address)
    key = address_key = g_strconcat ("address ", soup_server_message_get_remote_host (req->msg), NULL);
  else
    key = header (req, "X-Subscription-Key");
  if (key == NULL)
    key = "";
  count = GPOINTER_TO_UINT (g_hash_table_lookup (self->rate_counts, key)) + 1;
  g_hash_table_replace (self->rate_counts, g_strdup (key), GUINT_TO_POINTER (count));
  if (count <= (guint) self->rate_limit)
    return FALSE;
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg), "Retry-After", "1");
  mp_request_error (req, 429, "Rate limit is exceeded. Try again in 1 seconds.");
  return TRUE;
}

static void
server_callback (SoupServer        *soup,
                 SoupServerMessage *msg,
                 const char        *path,
                 GHashTable        *query,
                 gpointer           user_data)
{
  MpServer *self = user_data;
  MpRequest req = { 0 };
  g_auto(GStrv) parts = NULL;
  gboolean oauth;
  guint n, i;

  req.server = self;
  req.msg = msg;
  req.method = soup_server_message_get_method (msg);
  req.path = path;
  req.query = query;
  make_correlation_id (self, req.correlation_id, sizeof req.correlation_id);
  /* Catalogue texts in English unless the request is for a marketplace. */
  mp_db_set_marketplace (self->db, NULL);

  /* HEAD is GET without the body (libsoup leaves the body out). */
  if (strcmp (req.method, "HEAD") == 0)
    req.method = "GET";
  /* The path as sent, still percent-encoded (raw-paths): "1000001%2F" is
   * no ID. An empty segment ("/customers/", "//customers") is no path.
   */
  parts = g_strsplit (path + (path[0] == '/'), "/", -1);
  n = g_strv_length (parts);
  for (i = 0; i < n; i++)
    if (parts[i][0] == '\0')
      {
        not_found (&req);
        return;
      }
  oauth = n == 6 && strcmp (parts[0], "auth") == 0 && strcmp (parts[1], "realms") == 0
          && strcmp (parts[3], "protocol") == 0 && strcmp (parts[4], "openid-connect") == 0
          && strcmp (parts[5], "token") == 0;
  if (rate_limited (&req, oauth || (n == 3 && strcmp (parts[0], "marketplace") == 0 && strcmp (parts[2], "token") == 0)))
    return;

  if (n == 1 && strcmp (parts[0], "marketplaces") == 0 && self->extensions)
    {
      if (method_is (&req, "GET"))
        handle_marketplaces (&req);
      return;
    }
  if (oauth)
    {
      handle_oauth_token (&req, parts[2]);
      return;
    }
  if (n >= 2 && strcmp (parts[0], "marketplace") == 0)
    {
      g_autofree char *code = g_ascii_strup (parts[1], -1);
      const char *currency = g_hash_table_lookup (self->currencies, code);

      if (currency == NULL)
        {
          mp_request_error (&req, 404, "The marketplace “%s” does not exist.", parts[1]);
          return;
        }
      g_strlcpy (req.marketplace, code, sizeof req.marketplace);
      g_strlcpy (req.currency, currency, sizeof req.currency);
      mp_db_set_marketplace (self->db, code);
      req.parts = parts + 2;
      req.n_parts = n - 2;
      route_marketplace (&req);
      return;
    }
  not_found (&req);
}

static void
on_request_chunk (SoupServerMessage *msg,
                  GBytes            *chunk,
                  gpointer           user_data)
{
  MpServer *self = user_data;
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  /* A chunked body: refused as soon as it passes the limit. */
  if (body->length > MP_MAX_BODY_SIZE && soup_server_message_get_status (msg) == 0)
    {
      g_autofree char *message = g_strdup_printf ("The request body is larger than %d bytes.", MP_MAX_BODY_SIZE);
      g_autoptr(GUri) uri = g_uri_ref (soup_server_message_get_uri (msg));

      g_signal_handlers_disconnect_by_func (msg, on_request_chunk, user_data);
      answer_and_close (self, msg, path_below_base (g_uri_get_path (uri)), 413, message);
    }
}

/* Content-Length as sent: digits, the same in every copy of the header. */
static gboolean
content_length_valid (SoupMessageHeaders *headers)
{
  const char *value = soup_message_headers_get_list (headers, "Content-Length");
  g_auto(GStrv) copies = NULL;
  guint i;

  if (value == NULL)
    return TRUE;
  copies = g_strsplit (value, ",", -1);
  for (i = 0; copies[i] != NULL; i++)
    {
      const char *p = g_strstrip (copies[i]);

      if (*p == '\0' || strlen (p) > 18 || strcmp (p, g_strstrip (copies[0])) != 0)
        return FALSE;
      for (; *p != '\0'; p++)
        if (!g_ascii_isdigit (*p))
          return FALSE;
    }
  return TRUE;
}

/* The size of the request head as sent, near enough: the request line and
 * every header line. */
static gsize
head_size (SoupServerMessage *msg,
           const char        *path)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeadersIter iter;
  const char *name, *value;
  GUri *uri = soup_server_message_get_uri (msg);
  gsize size = strlen (path) + 32;

  if (g_uri_get_query (uri) != NULL)
    size += strlen (g_uri_get_query (uri)) + 1;
  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    size += strlen (name) + strlen (value) + 4;
  return size;
}

/* libsoup answers some requests itself, before any handler: a request
 * line or a header it cannot parse (400), an unknown Transfer-Encoding
 * (501). Each request starts with the API's error body ready, so that
 * those answers carry it and a correlation ID too; early_callback() clears
 * it for every request that gets as far as its handlers.
 *
 * A request head over libsoup's own 64 KiB is worse: libsoup drops the
 * connection with no answer and no signal before it closes the socket. So
 * each request also holds a duplicate of the socket's descriptor until it
 * finishes: the connection outlives libsoup's close, and the 431 goes out
 * on it (after what the client sent is read, so that the close does not
 * reset the connection under the answer).
 */
typedef struct
{
  MpServer *server;
  int       fd;
} HeadGuard;

static void
head_guard_close (HeadGuard *guard)
{
  if (guard->fd >= 0)
    close (guard->fd);
  guard->fd = -1;
}

static void
head_guard_free (gpointer data,
                 GClosure *closure)
{
  head_guard_close (data);
  g_free (data);
}

static void
answer_head_too_big (HeadGuard *guard)
{
  char correlation_id[48];
  g_autofree char *body = NULL;
  g_autofree char *answer = NULL;
  char buffer[16384];
  gsize length, sent = 0;
  int rounds;

  /* The rest of the head, without waiting for more. */
  for (rounds = 0; rounds < 256; rounds++)
    if (recv (guard->fd, buffer, sizeof buffer, MSG_DONTWAIT) <= 0)
      break;
  make_correlation_id (guard->server, correlation_id, sizeof correlation_id);
  body = error_body (guard->server, correlation_id, "", 431,
                     "The request head is larger than 64 KiB: the address may have at most 8 KiB, "
                     "the request line and headers together at most 32 KiB.",
                     NULL, NULL, NULL, &length);
  answer = g_strdup_printf ("HTTP/1.1 431 Request Header Fields Too Large\r\n"
                            "Server: market-panel-server/" PACKAGE_VERSION "\r\n"
                            "Content-Type: application/json\r\n"
                            "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                            "X-Correlation-ID: %s\r\n"
                            "%s"
                            "Cache-Control: no-store\r\n"
                            "Connection: close\r\n"
                            "\r\n%s",
                            length, correlation_id,
                            guard->server->extensions ? "X-Market-Panel-Extensions: 1\r\n" : "", body);
  length = strlen (answer);
  /* A small answer into an empty send buffer: a client that does not read
   * it loses it, as it would any answer. */
  for (rounds = 0; sent < length && rounds < 64; rounds++)
    {
      gssize n = send (guard->fd, answer + sent, length - sent, MSG_DONTWAIT | MSG_NOSIGNAL);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      sent += n;
    }
  shutdown (guard->fd, SHUT_WR);
}

static void
on_request_finished (SoupServerMessage *msg,
                     HeadGuard         *guard)
{
  if (guard->fd >= 0 && soup_server_message_get_method (msg) == NULL
      && soup_server_message_get_status (msg) == 500
      && g_strcmp0 (soup_server_message_get_reason_phrase (msg),
                    g_dgettext ("libsoup-3.0", "Header too big")) == 0)
    answer_head_too_big (guard);
  head_guard_close (guard);
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  MpServer *self = user_data;
  GSocket *socket = soup_server_message_get_socket (msg);
  HeadGuard *guard;
  char correlation_id[48];
  char *body;
  gsize length;

  make_correlation_id (self, correlation_id, sizeof correlation_id);
  body = error_body (self, correlation_id, "", 400,
                     "The request could not be read: its request line or a header is malformed.",
                     NULL, NULL, NULL, &length);
  add_common_headers (self, msg, correlation_id);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, body, length);

  if (socket == NULL)
    return;
  guard = g_new0 (HeadGuard, 1);
  guard->server = self;
  guard->fd = fcntl (g_socket_get_fd (socket), F_DUPFD_CLOEXEC, 0);
  /* A head too big ends in "disconnected" only; any other in "finished"
   * first. The guard lives as long as the message. */
  g_signal_connect (msg, "disconnected", G_CALLBACK (on_request_finished), guard);
  g_signal_connect_data (msg, "finished", G_CALLBACK (on_request_finished), guard, head_guard_free, 0);
}

static void
early_callback (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  MpServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response_headers = soup_server_message_get_response_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  goffset length;

  /* Parsed: the handlers write their own answer (see on_request_started). */
  soup_message_body_truncate (soup_server_message_get_response_body (msg));
  soup_message_headers_remove (response_headers, "Content-Type");
  soup_message_headers_remove (response_headers, "X-Correlation-ID");

  if (strlen (g_uri_get_path (uri)) + (g_uri_get_query (uri) != NULL ? strlen (g_uri_get_query (uri)) : 0)
      > MP_MAX_URI_SIZE)
    {
      answer_and_close (self, msg, "", 414, "The address is longer than 8 KiB.");
      return;
    }
  if (head_size (msg, path) > MP_MAX_HEAD_SIZE)
    {
      answer_and_close (self, msg, path_below_base (path), 431,
                        "The request line and headers together are larger than 32 KiB.");
      return;
    }
  if (!content_length_valid (headers))
    {
      answer_and_close (self, msg, path_below_base (path), 400,
                        "The Content-Length header must be one whole number of bytes.");
      return;
    }
  length = soup_message_headers_get_content_length (headers);
  if (length > MP_MAX_BODY_SIZE)
    {
      g_autofree char *message = g_strdup_printf ("The request body is larger than %d bytes.", MP_MAX_BODY_SIZE);

      answer_and_close (self, msg, path_below_base (path), 413, message);
    }
  else if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CHUNKED)
    g_signal_connect_object (msg, "got-chunk", G_CALLBACK (on_request_chunk), self, G_CONNECT_DEFAULT);
}

static gboolean
load_marketplaces (MpServer  *self,
                   GError   **error)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT code, currency FROM marketplaces");

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_replace (self->currencies, g_strdup (mp_db_text (stmt, 0)),
                          g_strdup (mp_db_text (stmt, 1)));
  sqlite3_reset (stmt);
  if (g_hash_table_size (self->currencies) == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "The database has no marketplaces");
      return FALSE;
    }
  return TRUE;
}

static GSocketAddress *
parse_listen (const char  *listen,
              GError     **error)
{
  g_autofree char *host = NULL;
  const char *colon = strrchr (listen, ':');
  const char *port_text;
  g_autoptr(GInetAddress) address = NULL;
  guint64 port;
  char *end = NULL;

  if (colon == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "--listen wants HOST:PORT, not “%s”", listen);
      return NULL;
    }
  host = g_strndup (listen, (gsize) (colon - listen));
  port_text = colon + 1;
  if (host[0] == '[' && host[strlen (host) - 1] == ']')
    {
      memmove (host, host + 1, strlen (host));
      host[strlen (host) - 1] = '\0';
    }
  if (strcmp (host, "localhost") == 0)
    {
      g_free (host);
      host = g_strdup ("127.0.0.1");
    }
  port = g_ascii_strtoull (port_text, &end, 10);
  if (*port_text == '\0' || end == NULL || *end != '\0' || port > 65535)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Bad port in “%s”", listen);
      return NULL;
    }
  address = g_inet_address_new_from_string (host);
  if (address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", host);
      return NULL;
    }
  return g_inet_socket_address_new (address, (guint16) port);
}

gboolean
mp_server_start (MpServer  *self,
                 GError   **error)
{
  g_autofree char *db_path = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GSocket) socket = NULL;
  gboolean created = FALSE;
  gboolean loopback;
  SoupServerListenOptions listen_options = 0;

  address = parse_listen (self->listen, error);
  if (address == NULL)
    return FALSE;
  loopback = g_inet_address_get_is_loopback (g_inet_socket_address_get_address (G_INET_SOCKET_ADDRESS (address)));
  if (self->tls_cert != NULL)
    {
      certificate = g_tls_certificate_new_from_files (self->tls_cert, self->tls_key, error);
      if (certificate == NULL)
        return FALSE;
      listen_options |= SOUP_SERVER_LISTEN_HTTPS;
    }
  else if (!loopback)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED,
                   "Refusing to serve plain HTTP on the non-loopback address %s; "
                   "give --tls-cert and --tls-key", self->listen);
      return FALSE;
    }

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot create %s", self->data_dir);
      return FALSE;
    }
  db_path = g_build_filename (self->data_dir, "marketplace.db", NULL);
  self->db = mp_db_open (db_path, &created, error);
  if (self->db == NULL)
    return FALSE;
  if (created)
    {
      gint64 start = g_get_monotonic_time ();

      if (!mp_server_seed_catalog (self, self->catalog, error))
        return FALSE;
      g_message ("Seeded %s from %s in %.2f s", db_path, self->catalog,
                 (g_get_monotonic_time () - start) / 1e6);
    }
  else if (!mp_server_seed_missing_translations (self, self->catalog, error))
    return FALSE;
  if (self->seed_subscriptions > 0)
    {
      gint64 start = g_get_monotonic_time ();

      if (!mp_server_seed_bulk (self, self->seed_subscriptions, error))
        return FALSE;
      g_message ("Seeded %d subscriptions in %.3f s", self->seed_subscriptions,
                 (g_get_monotonic_time () - start) / 1e6);
    }
  if (!load_marketplaces (self, error))
    return FALSE;
  mp_server_start_renewals (self);

  /* One thread is left for the main loop; at most 64 checks queued. */
  self->auth_pool = mp_auth_pool_new (CLAMP (g_get_num_processors () - 1, 1, 4), 64);
  self->soup = soup_server_new ("server-header", "market-panel-server/" PACKAGE_VERSION " ",
                                "tls-certificate", certificate,
                                "raw-paths", TRUE,
                                NULL);
  g_signal_connect_object (self->soup, "request-started", G_CALLBACK (on_request_started), self, G_CONNECT_DEFAULT);
  soup_server_add_early_handler (self->soup, NULL, early_callback, self, NULL);
  soup_server_add_handler (self->soup, NULL, server_callback, self, NULL);
  /* Our own socket: GSocketListener's backlog of 10 drops bursts of
   * connections (the client then retries a second later).
   */
  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, 1024);
  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error)
      || !soup_server_listen_socket (self->soup, socket, listen_options, error))
    return FALSE;

  /* Resume orders left unfinished by a previous run. */
  mp_server_schedule_tick (self);
  return TRUE;
}

char *
mp_server_get_url (MpServer *self)
{
  GSList *uris = soup_server_get_uris (self->soup);
  char *url = NULL;

  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);

      if (strchr (host, ':') != NULL)
        url = g_strdup_printf ("%s://[%s]:%d", g_uri_get_scheme (uri), host, g_uri_get_port (uri));
      else
        url = g_strdup_printf ("%s://%s:%d", g_uri_get_scheme (uri), host, g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

static void
drain_done (MpServer *self)
{
  GSourceFunc drained = self->drained;

  g_clear_handle_id (&self->drain_timeout_id, g_source_remove);
  g_clear_handle_id (&self->drain_quiet_id, g_source_remove);
  g_clear_signal_handler (&self->request_finished_id, self->soup);
  g_clear_signal_handler (&self->request_started_id, self->soup);
  g_clear_pointer (&self->draining_msgs, g_ptr_array_unref);
  self->drained = NULL;
  if (drained != NULL)
    drained (self->drained_data);
}

/* Nothing was going out for DRAIN_QUIET_MS: every request that had
 * arrived was read and answered. */
#define DRAIN_QUIET_MS 100

static gboolean
on_drain_quiet (gpointer user_data)
{
  MpServer *self = user_data;

  self->drain_quiet_id = 0;
  drain_done (self);
  return G_SOURCE_REMOVE;
}

static void
wait_for_quiet (MpServer *self)
{
  g_clear_handle_id (&self->drain_quiet_id, g_source_remove);
  self->drain_quiet_id = g_timeout_add (DRAIN_QUIET_MS, on_drain_quiet, self);
}

/* A request that had arrived before the signal, read only now (the main
 * loop reads ready sockets in no set order): answered before the end. */
static void
on_drain_request_started (SoupServer        *soup,
                          SoupServerMessage *msg,
                          gpointer           user_data)
{
  MpServer *self = user_data;

  g_clear_handle_id (&self->drain_quiet_id, g_source_remove);
  g_ptr_array_add (self->draining_msgs, g_object_ref (msg));
}

static void
on_drain_request_finished (SoupServer        *soup,
                           SoupServerMessage *msg,
                           gpointer           user_data)
{
  MpServer *self = user_data;

  if (g_ptr_array_remove_fast (self->draining_msgs, msg) && self->draining_msgs->len == 0)
    wait_for_quiet (self);
}

static gboolean
on_drain_timeout (gpointer user_data)
{
  MpServer *self = user_data;

  self->drain_timeout_id = 0;
  g_message ("%u answers were still going out at shutdown", self->draining_msgs->len);
  drain_done (self);
  return G_SOURCE_REMOVE;
}

void
mp_server_drain (MpServer    *self,
                 GSourceFunc  drained,
                 gpointer     user_data)
{
  g_return_if_fail (self->drained == NULL);

  self->draining = TRUE;
  self->drained = drained;
  self->drained_data = user_data;
  self->draining_msgs = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->soup != NULL)
    {
      self->request_finished_id = g_signal_connect (self->soup, "request-finished",
                                                    G_CALLBACK (on_drain_request_finished), self);
      self->request_started_id = g_signal_connect (self->soup, "request-started",
                                                   G_CALLBACK (on_drain_request_started), self);
      mp_server_answer_waiters (self, self->draining_msgs);
    }
  if (self->draining_msgs->len == 0)
    wait_for_quiet (self);
  self->drain_timeout_id = g_timeout_add_seconds (5, on_drain_timeout, self);
}

void
mp_server_stop (MpServer *self)
{
  if (self->drained != NULL)
    {
      self->drained = NULL;
      drain_done (self);
    }
  mp_server_cancel_waiters (self);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_pointer (&self->auth_pool, mp_auth_pool_free);
}
