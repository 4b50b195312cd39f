/* mp-client-orders.c: placing orders and following them
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Looking a placed order up (by idempotency key, then by PO number),
 * placing one without ever placing it twice, and watching one to a final
 * status (long polls where the server has them). Over the client's
 * requests (mp-client-private.h).
 */

#define G_LOG_DOMAIN "mp-client"

#include "config.h"

#include "mp-client.h"

#include "mp-client-private.h"
#include "mp-order-draft.h"

#define LONG_POLL_WAIT_S  25
#define WATCH_MAX_ERRORS  5

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
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* The placement's own reference (the journal keeps it). */
  if (response->headers != NULL)
    mp_order_set_correlation_id (order, soup_message_headers_get_one (response->headers, "X-Correlation-ID"));
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

  path = mp_client_build_id_path ("/orders", mp_order_get_id (watch->order), "");
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
