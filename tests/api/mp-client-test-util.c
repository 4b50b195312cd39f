/* mp-client-test-util.c: helpers for the server-backed client tests
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-client-test-util.h"

void
mp_test_store_result (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

GAsyncResult *
mp_test_wait (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

static gboolean
set_true (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

void
mp_test_sleep (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

MpTestServer *
mp_test_start_server (const char *first_arg,
                      ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  MpTestServer *server;
  va_list ap;

  va_start (ap, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  server = mp_test_server_start ((const char * const *) args->pdata, &error);
  g_assert_no_error (error);
  g_assert_nonnull (server);
  return server;
}

MpClient *
mp_test_client_new (MpTestServer *server,
                    const char   *user,
                    const char   *password)
{
  g_autofree char *base = mp_test_server_get_base_url (server, "US");
  MpClient *client = mp_client_new (base, "US", user, password, "demo-subscription-key");

  /* Fast backoff: the tests' servers answer at once. */
  mp_client_set_retry_delay (client, 50);
  return client;
}

MpClient *
mp_test_login (MpTestServer *server,
               const char   *user,
               const char   *password)
{
  MpClient *client = mp_test_client_new (server, user, password);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpAccount) account = NULL;

  mp_client_login_async (client, NULL, mp_test_store_result, &result);
  account = mp_client_login_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (account);
  return client;
}

gboolean
mp_test_wait_list (MpPagedList  *list,
                   GError      **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_paged_list_wait_async (list, NULL, mp_test_store_result, &result);
  return mp_paged_list_wait_finish (list, mp_test_wait (&result), error);
}

gpointer
mp_test_get_plan (MpClient   *client,
                  const char *plan_id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MpPlan *plan;

  mp_client_get_plan_async (client, plan_id, NULL, mp_test_store_result, &result);
  plan = mp_client_get_plan_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  return plan;
}

MpSubscription *
mp_test_get_subscription (MpClient   *client,
                          const char *id)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MpSubscription *subscription;

  mp_client_get_subscription_async (client, id, NULL, mp_test_store_result, &result);
  subscription = mp_client_get_subscription_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  return subscription;
}

MpOrderDraft *
mp_test_customer_draft (MpClient   *client,
                        const char *plan_id,
                        const char *customer_id)
{
  g_autoptr(MpPlan) plan = mp_test_get_plan (client, plan_id);
  MpOrderDraft *draft = mp_order_draft_new ();
  GListModel *terms = mp_plan_get_terms (plan);
  g_autoptr(MpPeriod) period = g_list_model_get_item (mp_plan_get_periods (plan), 0);

  mp_order_draft_set_customer_id (draft, customer_id);
  mp_order_draft_set_plan (draft, plan);
  mp_order_draft_set_period (draft, period);
  for (guint i = 0; i < g_list_model_get_n_items (terms); i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);

      mp_order_draft_set_terms_accepted (draft, mp_terms_get_id (t), TRUE);
    }
  return draft;
}

guint
mp_test_count_orders_with_po (MpClient   *client,
                              const char *customer_id,
                              const char *po_number)
{
  g_autoptr(MpPagedList) orders = mp_client_list_orders (client, customer_id, NULL, NULL);
  g_autoptr(GError) error = NULL;
  guint count = 0;

  g_assert_true (mp_test_wait_list (orders, &error));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (orders)); i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (orders), i);

      if (g_strcmp0 (mp_order_get_po_number (order), po_number) == 0)
        count++;
    }
  return count;
}

/* Proxy */

#include <libsoup/soup.h>

struct _MpTestProxy
{
  SoupServer      *server;
  SoupSession     *session;
  char            *upstream;
  char            *root;
  MpTestProxyMode  mode;
  guint            dropped;
  guint            refuse;
  guint            order_gets;
  guint            prefer_gets;
  GPtrArray       *requests;    /* "METHOD /path" of every request forwarded or dropped */
  GPtrArray       *flights;     /* "+METHOD /path" when forwarded, "-METHOD /path" when answered */
  GCancellable    *cancellable; /* of the forwards, cancelled when the proxy goes */
};

typedef struct
{
  MpTestProxy       *proxy;
  SoupServerMessage *msg;
  SoupMessage       *upstream;
  gboolean           drop;
  gboolean           delay;
  char              *line;       /* "METHOD /path" */
} Forward;

static gboolean
unpause_later (gpointer data)
{
  SoupServerMessage *msg = data;

  soup_server_message_unpause (msg);
  return G_SOURCE_REMOVE;
}

static void
drop_connection (SoupServerMessage *msg)
{
  GIOStream *stream = soup_server_message_steal_connection (msg);

  g_io_stream_close (stream, NULL, NULL);
  g_object_unref (stream);
}

static gboolean
skip_header (const char *name)
{
  return g_ascii_strcasecmp (name, "Host") == 0
         || g_ascii_strcasecmp (name, "Connection") == 0
         || g_ascii_strcasecmp (name, "Content-Length") == 0
         || g_ascii_strcasecmp (name, "Transfer-Encoding") == 0
         || g_ascii_strcasecmp (name, "Keep-Alive") == 0
         || g_ascii_strcasecmp (name, "Content-Type") == 0;
}

static void
forward_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Forward *forward = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  SoupMessageHeaders *out;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  /* The proxy is gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (forward->msg);
      g_object_unref (forward->upstream);
      g_free (forward->line);
      g_free (forward);
      return;
    }
  g_ptr_array_add (forward->proxy->flights, g_strconcat ("-", forward->line, NULL));
  if (bytes == NULL || forward->drop)
    {
      if (forward->drop)
        forward->proxy->dropped++;
      drop_connection (forward->msg);
    }
  else
    {
      const char *type = soup_message_headers_get_content_type (
        soup_message_get_response_headers (forward->upstream), NULL);

      out = soup_server_message_get_response_headers (forward->msg);
      soup_message_headers_iter_init (&iter, soup_message_get_response_headers (forward->upstream));
      while (soup_message_headers_iter_next (&iter, &name, &value))
        if (!skip_header (name))
          soup_message_headers_append (out, name, value);
      soup_server_message_set_status (forward->msg, soup_message_get_status (forward->upstream), NULL);
      soup_server_message_set_response (forward->msg, type ? type : "application/json",
                                        SOUP_MEMORY_COPY,
                                        g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      if (forward->delay)
        g_timeout_add_full (G_PRIORITY_DEFAULT, 3000, unpause_later, g_object_ref (forward->msg),
                            g_object_unref);
      else
        soup_server_message_unpause (forward->msg);
    }
  g_object_unref (forward->msg);
  g_object_unref (forward->upstream);
  g_free (forward->line);
  g_free (forward);
}

static void
proxy_handler (SoupServer        *server,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  MpTestProxy *self = user_data;
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  g_autofree char *target = NULL;
  SoupMessageBody *body;
  g_autoptr(GBytes) request = NULL;
  SoupMessageHeadersIter iter;
  const char *name, *value;
  Forward *forward;
  gboolean is_order = g_strcmp0 (method, "POST") == 0 && g_str_has_suffix (path, "/orders");
  MpTestProxyMode mode = is_order ? self->mode : MP_TEST_PROXY_PASS;

  if (is_order)
    self->mode = MP_TEST_PROXY_PASS;
  g_ptr_array_add (self->requests, g_strdup_printf ("%s %s", method, path));
  if (g_strcmp0 (method, "GET") == 0 && strstr (path, "/orders/") != NULL)
    {
      const char *prefer = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                         "Prefer");

      self->order_gets++;
      if (prefer != NULL && g_str_has_prefix (prefer, "wait="))
        self->prefer_gets++;
    }
  if (self->refuse > 0 && !g_str_has_suffix (path, "/token"))
    {
      const char *refusal = "{\"status\": 401, \"message\": \"The token is not valid.\"}";

      self->refuse--;
      soup_server_message_set_status (msg, 401, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, refusal,
                                        strlen (refusal));
      return;
    }
  if (mode == MP_TEST_PROXY_DROP_BEFORE)
    {
      self->dropped++;
      drop_connection (msg);
      return;
    }

  target = g_strconcat (self->upstream, path, g_uri_get_query (uri) ? "?" : "",
                        g_uri_get_query (uri) ? g_uri_get_query (uri) : "", NULL);
  forward = g_new0 (Forward, 1);
  forward->proxy = self;
  forward->msg = g_object_ref (msg);
  forward->upstream = soup_message_new (method, target);
  forward->drop = mode == MP_TEST_PROXY_DROP_AFTER;
  forward->delay = mode == MP_TEST_PROXY_DELAY_AFTER;
  forward->line = g_strdup_printf ("%s %s", method, path);
  g_ptr_array_add (self->flights, g_strconcat ("+", forward->line, NULL));
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    if (!skip_header (name))
      soup_message_headers_append (soup_message_get_request_headers (forward->upstream), name, value);
  body = soup_server_message_get_request_body (msg);
  request = soup_message_body_flatten (body);
  if (g_bytes_get_size (request) > 0)
    soup_message_set_request_body_from_bytes (forward->upstream,
                                              soup_message_headers_get_content_type (
                                                soup_server_message_get_request_headers (msg), NULL),
                                              request);
  soup_server_message_pause (msg);
  soup_session_send_and_read_async (self->session, forward->upstream, G_PRIORITY_DEFAULT, self->cancellable,
                                    forward_cb, forward);
}

MpTestProxy *
mp_test_proxy_new (const char *upstream_root)
{
  MpTestProxy *self = g_new0 (MpTestProxy, 1);
  g_autoptr(GError) error = NULL;
  GSList *uris;

  self->upstream = g_strdup (upstream_root);
  self->requests = g_ptr_array_new_with_free_func (g_free);
  self->flights = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  self->session = soup_session_new ();
  self->server = soup_server_new (NULL, NULL);
  soup_server_add_handler (self->server, NULL, proxy_handler, self, NULL);
  soup_server_listen_local (self->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (self->server);
  self->root = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return self;
}

char *
mp_test_proxy_get_base_url (MpTestProxy *self,
                            const char  *marketplace)
{
  return g_strconcat (self->root, "/marketplace/", marketplace, NULL);
}

void
mp_test_proxy_set_mode (MpTestProxy     *self,
                        MpTestProxyMode  mode)
{
  self->mode = mode;
}

guint
mp_test_proxy_count_requests (MpTestProxy *self,
                              const char  *method,
                              const char  *path_suffix)
{
  g_autofree char *prefix = g_strconcat (method, " ", NULL);
  guint count = 0;

  for (guint i = 0; i < self->requests->len; i++)
    {
      const char *request = g_ptr_array_index (self->requests, i);

      if (g_str_has_prefix (request, prefix) && g_str_has_suffix (request, path_suffix))
        count++;
    }
  return count;
}

GPtrArray *
mp_test_proxy_get_requests (MpTestProxy *self)
{
  return self->requests;
}

guint
mp_test_proxy_get_max_in_flight (MpTestProxy *self,
                                 const char  *method,
                                 const char  *path_part)
{
  g_autofree char *prefix = g_strconcat (method, " ", NULL);
  guint now = 0, most = 0;

  for (guint i = 0; i < self->flights->len; i++)
    {
      const char *flight = g_ptr_array_index (self->flights, i);

      if (!g_str_has_prefix (flight + 1, prefix) || strstr (flight + 1 + strlen (prefix), path_part) == NULL)
        continue;
      if (flight[0] == '+')
        {
          now++;
          most = MAX (most, now);
        }
      else
        now--;
    }
  return most;
}

void
mp_test_proxy_get_order_gets (MpTestProxy *self,
                              guint       *gets,
                              guint       *with_prefer)
{
  *gets = self->order_gets;
  *with_prefer = self->prefer_gets;
}

void
mp_test_proxy_refuse_tokens (MpTestProxy *self,
                             guint        count)
{
  self->refuse = count;
}

guint
mp_test_proxy_get_dropped (MpTestProxy *self)
{
  return self->dropped;
}

void
mp_test_proxy_free (MpTestProxy *self)
{
  g_cancellable_cancel (self->cancellable);
  g_object_unref (self->cancellable);
  soup_server_disconnect (self->server);
  g_object_unref (self->server);
  soup_session_abort (self->session);
  g_object_unref (self->session);
  g_ptr_array_unref (self->requests);
  g_ptr_array_unref (self->flights);
  g_free (self->upstream);
  g_free (self->root);
  g_free (self);
}

/* What a sales draft costs now, from the plan's unit prices: setup fees
 * and one-time services per unit, recurring prices above the included
 * units, for a full term.
 */
gint64
mp_test_sales_due_now (MpOrderDraft *draft)
{
  MpPlan *plan = mp_order_draft_get_plan (draft);
  GListModel *resources = mp_plan_get_resources (plan);
  gint64 sum = 0;

  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      gint64 q = mp_order_draft_get_quantity (draft, mp_resource_get_mpn (r));
      MpMoney setup, recurring;

      g_assert_true (mp_resource_get_price (r, mp_order_draft_get_period (draft), &setup,
                                            &recurring));
      sum += q * setup.minor;
      if (!mp_resource_get_one_time (r))
        sum += MAX (0, q - mp_resource_get_included (r)) * recurring.minor;
    }
  return sum;
}

/* The recurring price per month of a subscription with the quantities of
 * @draft, from the plan's unit prices for the subscription's term: every
 * line, changed or not; rounded half up once, on the total.
 */
gint64
mp_test_change_recurring_per_month (MpOrderDraft *draft,
                            MpPlan       *plan)
{
  MpSubscription *subscription = mp_order_draft_get_subscription (draft);
  GListModel *lines = mp_subscription_get_resources (subscription);
  MpPeriod *period = mp_subscription_get_period (subscription);
  gint64 months = mp_period_get_months (period);
  gint64 per_term = 0;

  g_assert_cmpint (months, >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      const char *mpn = mp_subscription_resource_get_mpn (line);
      MpResource *r = mp_plan_find_resource (plan, mpn);
      MpMoney setup, recurring;

      g_assert_nonnull (r);
      g_assert_true (mp_resource_get_price (r, period, &setup, &recurring));
      if (!mp_resource_get_one_time (r))
        per_term += MAX (0, mp_order_draft_get_quantity (draft, mpn)
                            - mp_resource_get_included (r)) * recurring.minor;
    }
  return (per_term + months / 2) / months;
}

gint64
mp_test_billed_total (MpClient   *client,
                      const char *start,
                      const char *end,
                      guint      *n_lines)
{
  g_autoptr(MpPagedList) list = mp_client_list_subscriptions (client, NULL, NULL);
  g_autoptr(GError) error = NULL;
  gint64 total = 0;
  guint lines = 0;

  g_assert_true (mp_test_wait_list (list, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MpSubscription) row = g_list_model_get_item (G_LIST_MODEL (list), i);
      g_autoptr(MpSubscription) sub = NULL;
      g_autofree char *created = g_strndup (mp_subscription_get_creation_date (row), 10);
      g_autofree char *renews = g_strndup (mp_subscription_get_renewal_date (row), 10);
      const char *status = mp_subscription_get_status (row);
      g_autoptr(GArray) months = NULL;
      GListModel *resources;
      MpPeriod *period;
      gint64 term_months;

      if (g_strcmp0 (status, "active") != 0 && g_strcmp0 (status, "hold") != 0)
        continue;
      months = mp_test_billed_months (created, renews, start, end);
      if (months->len == 0)
        continue;
      sub = mp_test_get_subscription (client, mp_subscription_get_id (row));
      period = mp_subscription_get_period (sub);
      term_months = mp_period_get_duration (period) * (g_strcmp0 (mp_period_get_unit_name (period), "year") == 0 ? 12 : 1);
      g_assert_cmpint (term_months, >, 0);
      resources = mp_subscription_get_resources (sub);
      for (guint j = 0; j < g_list_model_get_n_items (resources); j++)
        {
          g_autoptr(MpSubscriptionResource) r = g_list_model_get_item (resources, j);
          gint64 price;

          if (mp_subscription_resource_get_one_time (r))
            continue;
          price = MAX (0, mp_subscription_resource_get_quantity (r) - mp_subscription_resource_get_included (r))
                  * mp_subscription_resource_get_unit_price (r)->minor;
          for (guint m = 0; m < months->len; m++)
            {
              total += mp_test_month_share (price, g_array_index (months, guint, m), term_months);
              lines++;
            }
        }
    }
  if (n_lines != NULL)
    *n_lines = lines;
  return total;
}

gint64
mp_test_cancellation_refund (MpSubscription *subscription,
                             MpPlan         *plan,
                             gint64          remaining_days,
                             gint64          period_days)
{
  GListModel *lines = mp_subscription_get_resources (subscription);
  MpPeriod *period = mp_subscription_get_period (subscription);
  gint64 refund = 0;

  g_assert_cmpint (period_days, >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      MpResource *r = mp_plan_find_resource (plan, mp_subscription_resource_get_mpn (line));
      MpMoney setup, recurring;
      gint64 term;

      g_assert_nonnull (r);
      g_assert_true (mp_resource_get_price (r, period, &setup, &recurring));
      if (mp_resource_get_one_time (r))
        continue;
      term = MAX (0, mp_subscription_resource_get_quantity (line) - mp_resource_get_included (r)) * recurring.minor;
      refund += (term * remaining_days * 2 + period_days) / (2 * period_days);
    }
  return refund;
}

/* The recurring price per month of the subscription a sales draft would
 * create, from the plan's unit prices for the draft's term; rounded half up
 * once, on the total.
 */
gint64
mp_test_sales_per_month (MpOrderDraft *draft)
{
  MpPlan *plan = mp_order_draft_get_plan (draft);
  MpPeriod *period = mp_order_draft_get_period (draft);
  GListModel *resources = mp_plan_get_resources (plan);
  gint64 months = mp_period_get_months (period);
  gint64 per_term = 0;

  g_assert_cmpint (months, >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      gint64 q = mp_order_draft_get_quantity (draft, mp_resource_get_mpn (r));
      MpMoney setup, recurring;

      g_assert_true (mp_resource_get_price (r, period, &setup, &recurring));
      if (!mp_resource_get_one_time (r))
        per_term += MAX (0, q - mp_resource_get_included (r)) * recurring.minor;
    }
  return (per_term + months / 2) / months;
}

MpOrder *
mp_test_place_and_follow (MpClient   *client,
                  MpPurchase *purchase)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MpOrder *order;

  mp_purchase_place_async (purchase, NULL, mp_test_store_result, &result);
  order = mp_purchase_place_finish (purchase, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_clear_object (&result);
  mp_client_watch_order_async (client, order, NULL, mp_test_store_result, &result);
  g_assert_true (mp_client_watch_order_finish (client, mp_test_wait (&result), &error));
  g_assert_no_error (error);
  return order;
}

gint64
mp_test_prorate (gint64 amount,
                 gint64 remaining,
                 gint64 period)
{
  gint64 magnitude = (ABS (amount) * remaining * 2 + period) / (2 * period);

  return amount < 0 ? -magnitude : magnitude;
}
