/* mp-client-error.c: the one error domain of the marketplace client
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-client-error.h"

#include <json-glib/json-glib.h>
#include <string.h>

/* G_DEFINE_EXTENDED_ERROR's private-data getter may return NULL (from its
 * g_return_val_if_fail), which -Wnull-dereference flags wherever it is
 * inlined; here the domain is always right.
 */
#pragma GCC diagnostic ignored "-Wnull-dereference"

/* The extra data of every MP_CLIENT_ERROR GError. Copied along with the
 * error by g_error_copy(), so it survives g_task_propagate_error().
 */
typedef struct
{
  char    *correlation_id;
  char    *path;
  char    *refusal_subject;
  guint    status;
  MpRefusal refusal;
  gboolean retry_safe;
  guint    retry_after_ms;
} MpClientErrorPrivate;

static void
mp_client_error_private_init (MpClientErrorPrivate *priv)
{
  priv->correlation_id = NULL;
  priv->path = NULL;
  priv->refusal_subject = NULL;
  priv->status = 0;
  priv->refusal = MP_REFUSAL_NONE;
  priv->retry_safe = FALSE;
  priv->retry_after_ms = 0;
}

static void
mp_client_error_private_copy (const MpClientErrorPrivate *src,
                              MpClientErrorPrivate       *dest)
{
  dest->correlation_id = g_strdup (src->correlation_id);
  dest->path = g_strdup (src->path);
  dest->refusal_subject = g_strdup (src->refusal_subject);
  dest->status = src->status;
  dest->refusal = src->refusal;
  dest->retry_safe = src->retry_safe;
  dest->retry_after_ms = src->retry_after_ms;
}

static void
mp_client_error_private_clear (MpClientErrorPrivate *priv)
{
  g_clear_pointer (&priv->correlation_id, g_free);
  g_clear_pointer (&priv->path, g_free);
  g_clear_pointer (&priv->refusal_subject, g_free);
}

G_DEFINE_EXTENDED_ERROR (MpClientError, mp_client_error)

static MpClientErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != MP_CLIENT_ERROR)
    return NULL;
  return mp_client_error_get_private (error);
}

const char *
mp_client_error_get_correlation_id (const GError *error)
{
  MpClientErrorPrivate *priv = get_private (error);

  return priv ? priv->correlation_id : NULL;
}

guint
mp_client_error_get_status (const GError *error)
{
  MpClientErrorPrivate *priv = get_private (error);

  return priv ? priv->status : 0;
}

const char *
mp_client_error_get_path (const GError *error)
{
  MpClientErrorPrivate *priv = get_private (error);

  return priv ? priv->path : NULL;
}

gboolean
mp_client_error_get_retry_safe (const GError *error)
{
  MpClientErrorPrivate *priv = get_private (error);

  return priv ? priv->retry_safe : FALSE;
}

guint
mp_client_error_get_retry_after (const GError *error)
{
  MpClientErrorPrivate *priv = get_private (error);

  return priv ? priv->retry_after_ms : 0;
}

void
mp_client_error_set_retry_after (GError *error,
                                 guint   milliseconds)
{
  MpClientErrorPrivate *priv = get_private (error);

  if (priv != NULL)
    priv->retry_after_ms = milliseconds;
}

MpRefusal
mp_client_error_get_refusal (const GError  *error,
                             const char   **subject)
{
  MpClientErrorPrivate *priv = get_private (error);

  if (subject != NULL)
    *subject = priv != NULL ? priv->refusal_subject : NULL;
  return priv != NULL ? priv->refusal : MP_REFUSAL_NONE;
}

void
mp_client_error_set_refusal (GError     *error,
                             MpRefusal   refusal,
                             const char *subject)
{
  MpClientErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  priv->refusal = refusal;
  g_free (priv->refusal_subject);
  priv->refusal_subject = refusal != MP_REFUSAL_NONE ? g_strdup (subject) : NULL;
}

/* The rules of the demo server's "refusal" member (docs/api.md); an
 * unknown rule is MP_REFUSAL_NONE, so a newer server never misroutes.
 */
static MpRefusal
parse_refusal (JsonObject  *object,
               const char **subject)
{
  static const struct { const char *rule; MpRefusal refusal; } rules[] = {
    { "terms", MP_REFUSAL_TERMS },
    { "period", MP_REFUSAL_PERIOD },
    { "quantity", MP_REFUSAL_QUANTITY },
    { "belowUsage", MP_REFUSAL_BELOW_USAGE },
    { "creditHold", MP_REFUSAL_CREDIT_HOLD },
    { "pendingChange", MP_REFUSAL_PENDING_CHANGE },
    { "plan", MP_REFUSAL_PLAN },
    { "field", MP_REFUSAL_FIELD },
    { "cancellationWindow", MP_REFUSAL_CANCELLATION_WINDOW },
    { "notRenewing", MP_REFUSAL_NOT_RENEWING },
    { "manualRenewal", MP_REFUSAL_MANUAL_RENEWAL },
    { "planSwitch", MP_REFUSAL_PLAN_SWITCH },
    { "targetLimits", MP_REFUSAL_TARGET_LIMITS },
  };
  JsonNode *node = json_object_get_member (object, "refusal");
  JsonObject *refusal;
  const char *rule;

  *subject = NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return MP_REFUSAL_NONE;
  refusal = json_node_get_object (node);
  node = json_object_get_member (refusal, "rule");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return MP_REFUSAL_NONE;
  rule = json_node_get_string (node);
  node = json_object_get_member (refusal, "subject");
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
      && *json_node_get_string (node) != '\0')
    *subject = json_node_get_string (node);
  for (guint i = 0; i < G_N_ELEMENTS (rules); i++)
    if (g_strcmp0 (rule, rules[i].rule) == 0)
      return rules[i].refusal;
  *subject = NULL;
  return MP_REFUSAL_NONE;
}

void
mp_client_error_set_retry_safe (GError   *error,
                                gboolean  retry_safe)
{
  MpClientErrorPrivate *priv = get_private (error);

  g_return_if_fail (priv != NULL);

  priv->retry_safe = retry_safe;
}

GError *
mp_client_error_new (MpClientError  code,
                     guint          status,
                     const char    *path,
                     const char    *correlation_id,
                     const char    *message)
{
  GError *error = g_error_new_literal (MP_CLIENT_ERROR, code, message);
  MpClientErrorPrivate *priv = mp_client_error_get_private (error);

  priv->status = status;
  priv->path = g_strdup (path);
  priv->correlation_id = g_strdup (correlation_id);
  return error;
}

static MpClientError
code_for_status (guint       status,
                 const char *message)
{
  switch (status)
    {
    case 400:
    case 422:
      return MP_CLIENT_ERROR_VALIDATION;
    case 401:
      return MP_CLIENT_ERROR_UNAUTHORIZED;
    case 403:
      return MP_CLIENT_ERROR_FORBIDDEN;
    case 404:
    case 410:
      return MP_CLIENT_ERROR_NOT_FOUND;
    case 409:
      return MP_CLIENT_ERROR_CONFLICT;
    case 429:
      return MP_CLIENT_ERROR_RATE_LIMITED;
    default:
      break;
    }
  /* The real service answers a second change order on a subscription with
   * a 500; it is a conflict all the same.
   */
  if (status == 500 && message != NULL
      && strstr (message, "Cannot Upgrade/Downgrade") != NULL)
    return MP_CLIENT_ERROR_CONFLICT;
  /* The real service sometimes says "not found" with a 400. */
  if (status == 400 && message != NULL && strstr (message, "No entity has been found") != NULL)
    return MP_CLIENT_ERROR_NOT_FOUND;
  if (status >= 500)
    return MP_CLIENT_ERROR_SERVER;
  return MP_CLIENT_ERROR_VALIDATION;
}

static const char *
default_message (MpClientError code)
{
  switch (code)
    {
    case MP_CLIENT_ERROR_UNAUTHORIZED:
      return "The login, password or subscription key was not accepted";
    case MP_CLIENT_ERROR_FORBIDDEN:
      return "This account is not allowed to do that";
    case MP_CLIENT_ERROR_NOT_FOUND:
      return "It was not found on the marketplace";
    case MP_CLIENT_ERROR_CONFLICT:
      return "It conflicts with something that is still in progress";
    case MP_CLIENT_ERROR_RATE_LIMITED:
      return "The marketplace is receiving too many requests; try again in a moment";
    case MP_CLIENT_ERROR_SERVER:
      return "The marketplace had an internal error";
    case MP_CLIENT_ERROR_VALIDATION:
      return "The marketplace refused the request";
    case MP_CLIENT_ERROR_NETWORK:
    case MP_CLIENT_ERROR_TLS:
    case MP_CLIENT_ERROR_BAD_RESPONSE:
    default:
      return "The marketplace answered with an error";
    }
}

/**
 * mp_client_error_new_from_response:
 * @body: (nullable): the error body, if any
 *
 * Maps an HTTP error answer to an MP_CLIENT_ERROR error, keeping the
 * server's message and correlation ID. Both spellings of the body are read:
 * {message, timeStamp} (SimpleAPI) and {error, timestamp} (seen in
 * clients). The correlation ID of the body wins over the header.
 */
GError *
mp_client_error_new_from_response (guint       status,
                                   const char *path,
                                   const char *correlation_id_header,
                                   GBytes     *body)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *message = NULL;
  g_autofree char *correlation_id = g_strdup (correlation_id_header);
  g_autofree char *body_path = NULL;
  g_autofree char *refusal_subject = NULL;
  MpRefusal refusal = MP_REFUSAL_NONE;
  MpClientError code;
  GError *error;
  gconstpointer data;
  gsize size = 0;

  data = body ? g_bytes_get_data (body, &size) : NULL;
  if (data != NULL && size > 0
      && json_parser_load_from_data (parser, data, (gssize) size, NULL)
      && JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      JsonObject *object = json_node_get_object (json_parser_get_root (parser));
      const char *members[] = { "message", "error", "error_description", "detail" };

      for (guint i = 0; i < G_N_ELEMENTS (members) && message == NULL; i++)
        {
          JsonNode *node = json_object_get_member (object, members[i]);

          if (node != NULL && JSON_NODE_HOLDS_VALUE (node)
              && json_node_get_value_type (node) == G_TYPE_STRING
              && *json_node_get_string (node) != '\0')
            message = g_strdup (json_node_get_string (node));
        }
      if (json_object_has_member (object, "correlationId"))
        {
          JsonNode *node = json_object_get_member (object, "correlationId");

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            {
              g_free (correlation_id);
              correlation_id = g_strdup (json_node_get_string (node));
            }
        }
      if (json_object_has_member (object, "path"))
        {
          JsonNode *node = json_object_get_member (object, "path");

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            body_path = g_strdup (json_node_get_string (node));
        }
      if (status >= 400 && status < 500)
        {
          const char *subject = NULL;

          refusal = parse_refusal (object, &subject);
          refusal_subject = g_strdup (subject);
        }
    }

  code = code_for_status (status, message);
  error = mp_client_error_new (code, status, path ? path : body_path, correlation_id,
                               message ? message : default_message (code));
  if (refusal != MP_REFUSAL_NONE)
    mp_client_error_set_refusal (error, refusal, refusal_subject);
  return error;
}
