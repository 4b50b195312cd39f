/* mp-json.c: tolerant JSON readers shared by the model types
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-json-private.h"

#include "mp-client-error.h"

#include <stdlib.h>
#include <string.h>

gboolean
mp_set_str (char       **field,
            const char  *value)
{
  if (g_strcmp0 (*field, value) == 0)
    return FALSE;
  g_free (*field);
  *field = g_strdup (value);
  return TRUE;
}

void
mp_json_set_bad_response (GError     **error,
                          const char  *format,
                          ...)
{
  g_autofree char *message = NULL;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_propagate_error (error, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE, 0, NULL,
                                                 NULL, message));
}

static JsonNode *
member_node (JsonObject *object,
             const char *member)
{
  JsonNode *node;

  if (object == NULL)
    return NULL;
  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  return node;
}

char *
mp_json_dup_string (JsonObject *object,
                    const char *member)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      return g_strdup (json_node_get_string (node));
    case G_TYPE_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
    default:
      return NULL;
    }
}

int
mp_json_get_enum (JsonObject *object,
                  const char *member,
                  GType       enum_type,
                  int         fallback)
{
  g_autofree char *nick = mp_json_dup_string (object, member);

  return mp_enum_from_nick (enum_type, nick, fallback);
}

gint64
mp_json_get_int (JsonObject *object,
                 const char *member,
                 gint64      fallback)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return fallback;
  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      return json_node_get_int (node);
    case G_TYPE_DOUBLE:
      {
        double d = json_node_get_double (node);
        if (d >= (double) G_MININT64 && d <= (double) G_MAXINT64 && d == (double) (gint64) d)
          return (gint64) d;
        return fallback;
      }
    case G_TYPE_STRING:
      {
        const char *s = json_node_get_string (node);
        gint64 v;

        /* "2.0" is how one CloudBlue example writes a quantity. */
        if (s != NULL && g_str_has_suffix (s, ".0"))
          {
            g_autofree char *t = g_strndup (s, strlen (s) - 2);
            if (g_ascii_string_to_signed (t, 10, G_MININT64, G_MAXINT64, &v, NULL))
              return v;
            return fallback;
          }
        if (s != NULL && g_ascii_string_to_signed (s, 10, G_MININT64, G_MAXINT64, &v, NULL))
          return v;
        return fallback;
      }
    default:
      return fallback;
    }
}

gboolean
mp_json_get_bool (JsonObject *object,
                  const char *member,
                  gboolean    fallback)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fallback;
  return json_node_get_boolean (node);
}

JsonObject *
mp_json_get_object (JsonObject *object,
                    const char *member)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_node_get_object (node);
}

JsonArray *
mp_json_get_array (JsonObject *object,
                   const char *member)
{
  JsonNode *node = member_node (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;
  return json_node_get_array (node);
}

gboolean
mp_json_get_money (JsonObject  *object,
                   const char  *member,
                   MpMoney     *out,
                   gboolean    *present,
                   GError     **error)
{
  JsonNode *node = member_node (object, member);
  JsonObject *money;
  g_autofree char *amount = NULL;
  g_autofree char *currency = NULL;
  g_autoptr(GError) local_error = NULL;

  *present = FALSE;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      mp_json_set_bad_response (error, "“%s” is not an amount of money", member);
      return FALSE;
    }
  money = json_node_get_object (node);
  currency = mp_json_dup_string (money, "currency");
  /* The amount is a decimal string; a JSON number would have gone through
   * floating point somewhere, but integers are exact and accepted.
   */
  amount = mp_json_dup_string (money, "amount");
  if (amount == NULL || currency == NULL)
    {
      mp_json_set_bad_response (error, "“%s” lacks an amount or a currency", member);
      return FALSE;
    }
  if (!mp_money_parse (amount, currency, out, &local_error))
    {
      mp_json_set_bad_response (error, "“%s”: %s", member, local_error->message);
      return FALSE;
    }
  *present = TRUE;
  return TRUE;
}

gboolean
mp_json_require_id (JsonObject  *object,
                    const char  *member,
                    const char  *what,
                    char       **out,
                    GError     **error)
{
  char *value = mp_json_dup_string (object, member);

  if (value == NULL || *value == '\0')
    {
      g_free (value);
      mp_json_set_bad_response (error, "The server sent %s without “%s”", what, member);
      return FALSE;
    }
  g_free (*out);
  *out = value;
  return TRUE;
}

gboolean
mp_json_parse_into (JsonArray        *array,
                    GListStore       *store,
                    MpJsonParseFunc   func,
                    GError          **error)
{
  guint n;
  g_autoptr(GPtrArray) items = NULL;

  if (array == NULL)
    return TRUE;
  n = json_array_get_length (array);
  items = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      gpointer item;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          mp_json_set_bad_response (error, "A list holds something other than objects");
          return FALSE;
        }
      item = func (json_node_get_object (node), error);
      if (item == NULL)
        return FALSE;
      g_ptr_array_add (items, item);
    }
  g_list_store_splice (store, g_list_model_get_n_items (G_LIST_MODEL (store)), 0,
                       items->pdata, items->len);
  return TRUE;
}
