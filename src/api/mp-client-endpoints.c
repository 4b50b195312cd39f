/* mp-client-endpoints.c: the marketplace's end points, over the client's requests
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists, single objects, orders (looking up, placing, watching) and the
 * marketplace list. The queue, retries, token and error mapping they go
 * through are in mp-client.c, behind mp-client-private.h.
 */

#define G_LOG_DOMAIN "mp-client"

#include "config.h"

#include "mp-client.h"

#include "mp-category.h"
#include "mp-client-private.h"
#include "mp-marketplace.h"
#include "mp-order-draft.h"

#define LONG_POLL_WAIT_S  25
#define WATCH_MAX_ERRORS  5

/* Marketplaces */

static void
marketplaces_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GListStore) store = g_list_store_new (MP_TYPE_MARKETPLACE);
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  const char *root_url = g_task_get_task_data (task);
  JsonNode *root;
  guint status;
  gconstpointer data;
  gsize size;

  bytes = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (bytes == NULL)
    {
      g_task_return_error (task, mp_client_map_transport_error (error, "/marketplaces"));
      return;
    }
  status = soup_message_get_status (message);
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      const char *correlation_id = soup_message_headers_get_one (
        soup_message_get_response_headers (message), "X-Correlation-ID");

      g_task_return_error (task, mp_client_error_new_from_response (status, "/marketplaces",
                                                                    correlation_id, bytes));
      return;
    }
  data = g_bytes_get_data (bytes, &size);
  if (!json_parser_load_from_data (parser, data, (gssize) size, NULL)
      || !JSON_NODE_HOLDS_OBJECT ((root = json_parser_get_root (parser))))
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE, status,
                                                      "/marketplaces", NULL,
                                                      "The list of marketplaces is not JSON"));
      return;
    }
  if (!mp_json_parse_into (mp_json_get_array (json_node_get_object (root), "data"), store,
                           (MpJsonParseFunc) mp_marketplace_new_from_json, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(MpMarketplace) marketplace = g_list_model_get_item (G_LIST_MODEL (store), i);

      mp_marketplace_set_root (marketplace, root_url);
    }
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

void
mp_client_list_marketplaces_async (const char          *root_url,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;
  g_autofree char *uri = NULL;

  g_return_if_fail (root_url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_list_marketplaces_async);
  root = mp_client_strip_slashes (root_url);
  uri = g_strconcat (root, "/marketplaces?limit=1000", NULL);
  g_task_set_task_data (task, g_steal_pointer (&root), g_free);
  if (!mp_client_check_url (uri, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  message = soup_message_new ("GET", uri);
  if (message == NULL)
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 0, NULL, NULL,
                                                      "The marketplace address is not a valid URL"));
      return;
    }
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept",
                                "application/json");
  session = soup_session_new_with_options ("timeout", 60, NULL);
  /* The session must outlive the request: the task keeps it. */
  g_object_set_data_full (G_OBJECT (task), "mp-session", g_object_ref (session), g_object_unref);
  soup_session_send_and_read_async (session, message, G_PRIORITY_DEFAULT, cancellable,
                                    marketplaces_cb, g_steal_pointer (&task));
}

GListModel *
mp_client_list_marketplaces_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_client_list_marketplaces_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Lists */

MpPagedList *
mp_client_list_categories (MpClient *self)
{
  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);

  return mp_paged_list_new (self, "/categories", NULL, MP_TYPE_CATEGORY,
                            (MpJsonParseFunc) mp_category_new_from_json);
}

MpPagedList *
mp_client_list_plans (MpClient   *self,
                      const char *category_id,
                      MpAudience  audience,
                      const char *search)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);

  query = mp_client_build_query ("categoryId", category_id,
                                 "audience", audience == MP_AUDIENCE_ANY ? NULL
                                             : mp_enum_to_nick (MP_TYPE_AUDIENCE, audience),
                                 "search", search, NULL);
  return mp_paged_list_new (self, "/plans", query, MP_TYPE_PLAN,
                            (MpJsonParseFunc) mp_plan_new_from_json);
}

MpPagedList *
mp_client_list_customers (MpClient   *self,
                          const char *name)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);

  query = mp_client_build_query ("name", name, NULL);
  return mp_paged_list_new (self, "/customers", query, MP_TYPE_CUSTOMER,
                            (MpJsonParseFunc) mp_customer_new_from_json);
}

MpPagedList *
mp_client_list_subscriptions (MpClient   *self,
                              const char *customer_id,
                              const char *status)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);

  query = mp_client_build_query ("customerId", customer_id, "status", status, NULL);
  return mp_paged_list_new (self, "/subscriptions", query, MP_TYPE_SUBSCRIPTION,
                            (MpJsonParseFunc) mp_subscription_new_from_json);
}

MpPagedList *
mp_client_list_orders (MpClient   *self,
                       const char *customer_id,
                       const char *subscription_id,
                       const char *status)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);

  query = mp_client_build_query ("customerId", customer_id, "subscriptionId", subscription_id,
                                 "status", status, NULL);
  return mp_paged_list_new (self, "/orders", query, MP_TYPE_ORDER,
                            (MpJsonParseFunc) mp_order_new_from_json);
}

/* Single objects */

static void
object_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MpClient *self = MP_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  MpJsonParseFunc parse = (MpJsonParseFunc) g_task_get_task_data (task);
  gpointer item;

  response = mp_client_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE,
                                                      response->status, NULL, NULL,
                                                      "The marketplace sent no object"));
      return;
    }
  item = parse (json_node_get_object (response->root), &error);
  if (item == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task, item, g_object_unref);
}

static void
object_request (MpClient            *self,
                const char          *method,
                const char          *path,
                JsonNode            *body,
                MpJsonParseFunc      parse,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  MpRequestFlags flags = MP_REQUEST_AUTH;

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, (gpointer) (GCallback) parse, NULL);
  if (g_strcmp0 (method, "GET") == 0)
    flags |= MP_REQUEST_RETRY;
  mp_client_request_async (self, method, path, body, NULL, flags, cancellable, object_cb, task);
}

static gpointer
object_finish (MpClient      *self,
               GAsyncResult  *result,
               gpointer       source_tag,
               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static char *
id_path (const char *collection,
         const char *id,
         const char *suffix)
{
  g_autofree char *escaped = g_uri_escape_string (id, NULL, FALSE);

  return g_strconcat (collection, "/", escaped, suffix, NULL);
}

void
mp_client_get_plan_async (MpClient            *self,
                          const char          *plan_id,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (plan_id != NULL);

  path = id_path ("/plans", plan_id, "");
  object_request (self, "GET", path, NULL, (MpJsonParseFunc) mp_plan_new_from_json,
                  mp_client_get_plan_async, cancellable, callback, user_data);
}

MpPlan *
mp_client_get_plan_finish (MpClient      *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  return object_finish (self, result, mp_client_get_plan_async, error);
}

void
mp_client_get_subscription_async (MpClient            *self,
                                  const char          *subscription_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (subscription_id != NULL);

  path = id_path ("/subscriptions", subscription_id, "");
  object_request (self, "GET", path, NULL, (MpJsonParseFunc) mp_subscription_new_from_json,
                  mp_client_get_subscription_async, cancellable, callback, user_data);
}

MpSubscription *
mp_client_get_subscription_finish (MpClient      *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return object_finish (self, result, mp_client_get_subscription_async, error);
}

void
mp_client_set_auto_renew_async (MpClient            *self,
                                const char          *subscription_id,
                                gboolean             auto_renew,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (subscription_id != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "renewalStatus");
  json_builder_add_boolean_value (builder, auto_renew);
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = id_path ("/subscriptions", subscription_id, "");
  object_request (self, "PATCH", path, body, (MpJsonParseFunc) mp_subscription_new_from_json,
                  mp_client_set_auto_renew_async, cancellable, callback, user_data);
}

MpSubscription *
mp_client_set_auto_renew_finish (MpClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return object_finish (self, result, mp_client_set_auto_renew_async, error);
}

void
mp_client_get_customer_async (MpClient            *self,
                              const char          *customer_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (customer_id != NULL);

  path = id_path ("/customers", customer_id, "");
  object_request (self, "GET", path, NULL, (MpJsonParseFunc) mp_customer_new_from_json,
                  mp_client_get_customer_async, cancellable, callback, user_data);
}

MpCustomer *
mp_client_get_customer_finish (MpClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return object_finish (self, result, mp_client_get_customer_async, error);
}

void
mp_client_create_customer_async (MpClient            *self,
                                 MpCustomer          *customer,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (MP_IS_CUSTOMER (customer));

  body = mp_customer_to_json (customer);
  object_request (self, "POST", "/customers", body, (MpJsonParseFunc) mp_customer_new_from_json,
                  mp_client_create_customer_async, cancellable, callback, user_data);
}

MpCustomer *
mp_client_create_customer_finish (MpClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return object_finish (self, result, mp_client_create_customer_async, error);
}

void
mp_client_get_order_async (MpClient            *self,
                           const char          *order_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (order_id != NULL);

  path = id_path ("/orders", order_id, "");
  object_request (self, "GET", path, NULL, (MpJsonParseFunc) mp_order_new_from_json,
                  mp_client_get_order_async, cancellable, callback, user_data);
}

MpOrder *
mp_client_get_order_finish (MpClient      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return object_finish (self, result, mp_client_get_order_async, error);
}

void
mp_client_cancel_order_async (MpClient            *self,
                              const char          *order_id,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autofree char *path = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (order_id != NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "statusCode");
  json_builder_add_string_value (builder, "CL");
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  path = id_path ("/orders", order_id, "");
  object_request (self, "PATCH", path, body, (MpJsonParseFunc) mp_order_new_from_json,
                  mp_client_cancel_order_async, cancellable, callback, user_data);
}

MpOrder *
mp_client_cancel_order_finish (MpClient      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return object_finish (self, result, mp_client_cancel_order_async, error);
}

/* Looking an order up: by idempotency key where the server has the
 * extension, then by customer and PO number.
 */

typedef struct
{
  char     *key;
  char     *po_number;
  char     *customer_id;
  gboolean  by_po;
} Lookup;

static void
lookup_free (gpointer data)
{
  Lookup *lookup = data;

  g_free (lookup->key);
  g_free (lookup->po_number);
  g_free (lookup->customer_id);
  g_free (lookup);
}

static void lookup_send (MpClient *self,
                         GTask    *task);

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MpClient *self = MP_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  Lookup *lookup = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  JsonArray *data = NULL;

  response = mp_client_request_finish (self, result, &error);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (response->root != NULL && JSON_NODE_HOLDS_OBJECT (response->root))
    data = mp_json_get_array (json_node_get_object (response->root), "data");

  for (guint i = 0; data != NULL && i < json_array_get_length (data); i++)
    {
      JsonNode *node = json_array_get_element (data, i);
      g_autofree char *po_number = NULL;
      MpOrder *order;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      po_number = mp_json_dup_string (json_node_get_object (node), "poNumber");
      /* The key filter is exact where the server has it; otherwise the
       * unique PO number is what identifies the order.
       */
      if (g_strcmp0 (po_number, lookup->po_number) != 0)
        continue;
      order = mp_order_new_from_json (json_node_get_object (node), &error);
      if (order == NULL)
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, order, g_object_unref);
      return;
    }
  if (!lookup->by_po)
    {
      lookup->by_po = TRUE;
      lookup_send (self, g_steal_pointer (&task));
      return;
    }
  g_task_return_pointer (task, NULL, NULL);
}

static void
lookup_send (MpClient *self,
             GTask    *task)
{
  Lookup *lookup = g_task_get_task_data (task);
  g_autofree char *query = NULL;
  g_autofree char *path = NULL;

  if (!lookup->by_po)
    query = mp_client_build_query ("idempotencyKey", lookup->key, "limit", "10", NULL);
  else
    query = mp_client_build_query ("customerId", lookup->customer_id, "limit", "100", NULL);
  path = g_strconcat ("/orders", query, NULL);
  mp_client_request_async (self, "GET", path, NULL, NULL, MP_REQUEST_AUTH | MP_REQUEST_RETRY,
                           g_task_get_cancellable (task), lookup_cb, task);
}

void
mp_client_find_placed_order_async (MpClient            *self,
                                   MpOrderDraft        *draft,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  Lookup *lookup;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (MP_IS_ORDER_DRAFT (draft));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_find_placed_order_async);
  lookup = g_new0 (Lookup, 1);
  lookup->key = g_strdup (mp_order_draft_get_idempotency_key (draft));
  lookup->po_number = g_strdup (mp_order_draft_get_effective_po_number (draft));
  body = mp_order_draft_to_json (draft, mp_client_get_account (self), FALSE);
  lookup->customer_id = mp_json_dup_string (json_node_get_object (body), "customerId");
  lookup->by_po = !mp_client_get_has_extensions (self);
  g_task_set_task_data (task, lookup, lookup_free);
  lookup_send (self, g_steal_pointer (&task));
}

MpOrder *
mp_client_find_placed_order_finish (MpClient      *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result))
                        == mp_client_find_placed_order_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Placing orders */

typedef struct
{
  MpOrderDraft *draft;
  char         *key;
  GError       *post_error;
} Place;

static void
place_free (gpointer data)
{
  Place *place = data;

  g_clear_object (&place->draft);
  g_free (place->key);
  g_clear_error (&place->post_error);
  g_free (place);
}

static gboolean
is_lost_connection (const GError *error)
{
  guint status = mp_client_error_get_status (error);

  if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK))
    return TRUE;
  /* A gateway that gave up waiting: the order may be placed behind it. */
  return g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_SERVER)
         && (status == 502 || status == 503 || status == 504);
}

static void
place_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MpClient *self = MP_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  Place *place = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) order = NULL;
  GError *final_error;

  order = mp_client_find_placed_order_finish (self, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (order != NULL)
    {
      g_debug ("Order %s was placed before the connection was lost", mp_order_get_id (order));
      g_task_return_pointer (task, g_steal_pointer (&order), g_object_unref);
      return;
    }

  if (error == NULL)
    {
      final_error = mp_client_error_new (MP_CLIENT_ERROR_NETWORK,
                                         mp_client_error_get_status (place->post_error), "/orders",
                                         mp_client_error_get_correlation_id (place->post_error),
                                         "The connection was lost while placing the order. "
                                         "The marketplace has no such order, so it is safe to "
                                         "place it again.");
      mp_client_error_set_retry_safe (final_error, TRUE);
    }
  else
    {
      final_error = mp_client_error_new (MP_CLIENT_ERROR_NETWORK,
                                         mp_client_error_get_status (place->post_error), "/orders",
                                         mp_client_error_get_correlation_id (place->post_error),
                                         "The connection was lost while placing the order, and "
                                         "the marketplace could not be asked whether it arrived. "
                                         "Check the orders before placing it again.");
      /* With an idempotency key, sending it again returns the first one. */
      mp_client_error_set_retry_safe (final_error, mp_client_get_has_extensions (self));
    }
  g_task_return_error (task, final_error);
}

static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MpClient *self = MP_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  Place *place = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  g_autoptr(MpOrder) order = NULL;
  GCancellable *cancellable;

  response = mp_client_request_finish (self, result, &error);
  if (response == NULL)
    {
      if (!is_lost_connection (error) || g_task_return_error_if_cancelled (task))
        {
          /* A refusal (4xx) means it was not placed: safe to fix and retry. */
          if (error->domain == MP_CLIENT_ERROR && mp_client_error_get_status (error) >= 400
              && mp_client_error_get_status (error) < 500)
            mp_client_error_set_retry_safe (error, TRUE);
          if (!g_task_had_error (task))
            g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Placing the order failed (%s); looking it up", error->message);
      place->post_error = g_steal_pointer (&error);
      cancellable = g_task_get_cancellable (task);
      mp_client_find_placed_order_async (self, place->draft, cancellable, place_lookup_cb,
                                         g_steal_pointer (&task));
      return;
    }
  if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE,
                                                      response->status, "/orders", NULL,
                                                      "The marketplace did not return the order"));
      return;
    }
  order = mp_order_new_from_json (json_node_get_object (response->root), &error);
  if (order == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, g_steal_pointer (&order), g_object_unref);
}

void
mp_client_place_order_async (MpClient            *self,
                             MpOrderDraft        *draft,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;
  Place *place;
  const char *headers[3];

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (MP_IS_ORDER_DRAFT (draft));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_place_order_async);

  if (!mp_order_draft_get_valid (draft))
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 0, "/orders",
                                                      NULL, mp_order_draft_get_reason (draft)));
      return;
    }

  place = g_new0 (Place, 1);
  place->draft = g_object_ref (draft);
  place->key = g_strdup (mp_order_draft_get_idempotency_key (draft));
  body = mp_order_draft_to_json (draft, mp_client_get_account (self),
                                 mp_client_get_has_extensions (self));
  g_task_set_task_data (task, place, place_free);

  headers[0] = "Idempotency-Key";
  headers[1] = place->key;
  headers[2] = NULL;
  mp_client_request_async (self, "POST", "/orders", body, headers, MP_REQUEST_AUTH, cancellable,
                           place_cb, g_steal_pointer (&task));
}

MpOrder *
mp_client_place_order_finish (MpClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_client_place_order_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Reachability */

static void
ping_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(MpResponse) response = NULL;
  GError *error = NULL;

  response = mp_client_request_finish (MP_CLIENT (object), result, &error);
  if (response == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mp_client_ping_async (MpClient            *self,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;
  g_autofree char *path = mp_client_build_query ("offset", "0", "limit", "1", NULL);
  g_autofree char *orders = g_strconcat ("/orders", path, NULL);

  g_return_if_fail (MP_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_ping_async);
  mp_client_request_async (self, "GET", orders, NULL, NULL, MP_REQUEST_AUTH | MP_REQUEST_RAW,
                           cancellable, ping_cb, task);
}

gboolean
mp_client_ping_finish (MpClient      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_client_ping_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Watching orders */

typedef struct
{
  MpOrder  *order;
  char     *etag;
  gint64    started;
  guint     delay;
  guint     errors;
  gboolean  long_poll;
} Watch;

static void
watch_free (gpointer data)
{
  Watch *watch = data;

  g_clear_object (&watch->order);
  g_free (watch->etag);
  g_free (watch);
}

static void watch_step (GTask *task);

static char *
order_signature (MpOrder *order)
{
  return g_strdup_printf ("%d/%s/%" G_GINT64_FORMAT "/%" G_GINT64_FORMAT,
                          (int) mp_order_get_status (order), mp_order_get_status_code (order),
                          mp_order_get_progress (order), mp_order_get_step (order));
}

static void
watch_sleep_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!mp_sleep_finish (result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    watch_step (task);
}

static void
watch_sleep (GTask *task,
             guint  delay)
{
  mp_sleep_async (delay, g_task_get_cancellable (task), watch_sleep_cb, g_object_ref (task));
}

static void
watch_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MpClient *self = MP_CLIENT (object);
  g_autoptr(GTask) task = user_data;
  Watch *watch = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  gboolean changed = FALSE;
  g_autofree char *before = NULL;
  gint64 elapsed;

  response = mp_client_request_finish (self, result, &error);
  if (response == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK)
              || g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_SERVER)
              || g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_RATE_LIMITED))
          && watch->errors < WATCH_MAX_ERRORS)
        {
          /* The server may be restarting; orders survive that. */
          watch->errors++;
          watch_sleep (task, mp_client_backoff_ms (self, watch->errors));
          return;
        }
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  watch->errors = 0;

  if (response->status != SOUP_STATUS_NOT_MODIFIED)
    {
      const char *etag = soup_message_headers_get_one (response->headers, "ETag");

      if (response->root == NULL || !JSON_NODE_HOLDS_OBJECT (response->root))
        {
          g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE,
                                                          response->status, NULL, NULL,
                                                          "The marketplace sent no order"));
          return;
        }
      before = order_signature (watch->order);
      /* First the ID, so that whoever hears of the new status has it. */
      mp_order_set_correlation_id (watch->order,
                                   soup_message_headers_get_one (response->headers,
                                                                 "X-Correlation-ID"));
      if (!mp_order_update_from_json (watch->order, json_node_get_object (response->root),
                                      &error))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (etag != NULL)
        changed = g_strcmp0 (etag, watch->etag) != 0;
      else
        {
          /* No ETag (plain SimpleAPI): compare what the user sees. */
          g_autofree char *seen = order_signature (watch->order);

          changed = g_strcmp0 (seen, before) != 0;
        }
      g_free (watch->etag);
      watch->etag = g_strdup (etag);
    }

  if (mp_order_get_final (watch->order))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (watch->long_poll
      && soup_message_headers_get_one (response->headers, "Preference-Applied") == NULL)
    {
      g_debug ("The server ignores Prefer: wait; polling order %s instead",
               mp_order_get_id (watch->order));
      watch->long_poll = FALSE;
    }

  elapsed = (g_get_monotonic_time () - watch->started) / 1000;
  if (watch->long_poll && (changed || elapsed >= 1000))
    {
      watch_step (task);
      return;
    }
  if (changed)
    watch->delay = mp_client_get_retry_delay (self);
  watch_sleep (task, watch->delay);
  watch->delay = MIN (watch->delay * 2, MP_CLIENT_MAX_BACKOFF_MS);
}

static void
watch_step (GTask *task)
{
  MpClient *self = g_task_get_source_object (task);
  Watch *watch = g_task_get_task_data (task);
  g_autofree char *path = NULL;
  g_autofree char *prefer = NULL;
  const char *headers[5] = { NULL, };
  MpRequestFlags flags = MP_REQUEST_AUTH | MP_REQUEST_RETRY;

  if (mp_order_get_final (watch->order))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  path = id_path ("/orders", mp_order_get_id (watch->order), "");
  if (watch->long_poll)
    {
      guint wait = MIN (LONG_POLL_WAIT_S, MAX (mp_client_get_timeout (self), 6) - 5);

      prefer = g_strdup_printf ("wait=%u", wait);
      headers[0] = "Prefer";
      headers[1] = prefer;
      if (watch->etag != NULL)
        {
          headers[2] = "If-None-Match";
          headers[3] = watch->etag;
        }
      flags |= MP_REQUEST_LONG_POLL;
    }
  watch->started = g_get_monotonic_time ();
  mp_client_request_async (self, "GET", path, NULL, headers, flags, g_task_get_cancellable (task),
                           watch_cb, g_object_ref (task));
}

void
mp_client_watch_order_async (MpClient            *self,
                             MpOrder             *order,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Watch *watch;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (MP_IS_ORDER (order));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_watch_order_async);
  watch = g_new0 (Watch, 1);
  watch->order = g_object_ref (order);
  watch->delay = mp_client_get_retry_delay (self);
  watch->long_poll = mp_client_get_has_extensions (self);
  g_task_set_task_data (task, watch, watch_free);
  watch_step (task);
}

gboolean
mp_client_watch_order_finish (MpClient      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_client_watch_order_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
