/* mp-client-endpoints.c: the marketplace's end points, over the client's requests
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Lists, single objects, reachability and the marketplace list; placing
 * and following orders is in mp-client-orders.c. The queue, retries, token
 * and error mapping they go through are in mp-client.c, behind
 * mp-client-private.h.
 */

#define G_LOG_DOMAIN "mp-client"

#include "config.h"

#include "mp-client.h"

#include "mp-category.h"
#include "mp-client-private.h"
#include "mp-marketplace.h"


/* Marketplaces */

typedef struct
{
  char        *root_url;
  SoupSession *session;   /* outlives the request */
} MarketplacesData;

static void
marketplaces_data_free (MarketplacesData *data)
{
  g_free (data->root_url);
  g_clear_object (&data->session);
  g_free (data);
}

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
  const char *root_url = ((MarketplacesData *) g_task_get_task_data (task))->root_url;
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
  g_autofree char *uri = NULL;
  MarketplacesData *data;

  g_return_if_fail (root_url != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_list_marketplaces_async);
  data = g_new0 (MarketplacesData, 1);
  data->root_url = mp_client_strip_slashes (root_url);
  uri = g_strconcat (data->root_url, "/marketplaces?limit=1000", NULL);
  g_task_set_task_data (task, data, (GDestroyNotify) marketplaces_data_free);
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
  data->session = g_object_ref (session);
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
  /* An order answered (looked up, cancelled) keeps the answer's reference. */
  if (MP_IS_ORDER (item) && response->headers != NULL)
    mp_order_set_correlation_id (item, soup_message_headers_get_one (response->headers, "X-Correlation-ID"));
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

/* For the other files of end points (mp-client-private.h). */
void
mp_client_object_request (MpClient            *self,
                          const char          *method,
                          const char          *path,
                          JsonNode            *body,
                          MpJsonParseFunc      parse,
                          gpointer             source_tag,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  object_request (self, method, path, body, parse, source_tag, cancellable, callback, user_data);
}

gpointer
mp_client_object_finish (MpClient      *self,
                         GAsyncResult  *result,
                         gpointer       source_tag,
                         GError       **error)
{
  return object_finish (self, result, source_tag, error);
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

  path = mp_client_build_id_path ("/plans", plan_id, "");
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

  path = mp_client_build_id_path ("/subscriptions", subscription_id, "");
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
  path = mp_client_build_id_path ("/subscriptions", subscription_id, "");
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

  path = mp_client_build_id_path ("/customers", customer_id, "");
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

  path = mp_client_build_id_path ("/orders", order_id, "");
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
  path = mp_client_build_id_path ("/orders", order_id, "");
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
