/* mp-server-validate.c: request body parsing and validation
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <string.h>

#include "mp-server-validate.h"

G_DEFINE_QUARK (mp-validate-error-quark, mp_validate_error)

#define MAX_TEXT 1024

static gboolean
fail (GError     **error,
      int          code,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      int          code,
      const char  *format,
      ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, MP_VALIDATE_ERROR, code, message);
  g_free (message);
  return FALSE;
}

/* Nesting depth of JSON text, counted without trusting it: strings and
 * escapes are skipped so brackets inside them do not count.
 */
gboolean
mp_validate_depth (const char *data,
                   gsize       length,
                   guint       max_depth)
{
  guint depth = 0;
  gboolean in_string = FALSE;
  gsize i;

  for (i = 0; i < length; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        {
          if (++depth > max_depth)
            return FALSE;
        }
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
    }
  return TRUE;
}

/* Whether a JSON string in the text holds an escaped NUL (\u0000): json-glib
 * would cut the string there, so "PO-1\u0000hidden" would be taken as
 * "PO-1". Raw NUL bytes fail the UTF-8 check already.
 */
gboolean
mp_validate_has_nul_escape (const char *data,
                            gsize       length)
{
  gboolean in_string = FALSE;
  gsize i;

  for (i = 0; i < length; i++)
    {
      char c = data[i];

      if (!in_string)
        in_string = c == '"';
      else if (c == '"')
        in_string = FALSE;
      else if (c == '\\' && i + 1 < length)
        {
          if (data[i + 1] == 'u' && i + 5 < length && strncmp (data + i + 2, "0000", 4) == 0)
            return TRUE;
          i++;
        }
    }
  return FALSE;
}

JsonNode *
mp_validate_parse_body (const char  *data,
                        gsize        length,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (length > MP_MAX_BODY_SIZE)
    {
      fail (error, MP_VALIDATE_ERROR_TOO_LARGE,
            "The request body is larger than %d bytes.", MP_MAX_BODY_SIZE);
      return NULL;
    }
  if (data == NULL || length == 0)
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The request body is empty; a JSON object is expected.");
      return NULL;
    }
  if (!g_utf8_validate (data, length, NULL))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The request body is not valid UTF-8.");
      return NULL;
    }
  if (!mp_validate_depth (data, length, MP_MAX_JSON_DEPTH))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
            "The request body is nested deeper than %d levels.", MP_MAX_JSON_DEPTH);
      return NULL;
    }
  if (mp_validate_has_nul_escape (data, length))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The request body has a NUL character (\\u0000) in a string.");
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local_error))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The request body is not valid JSON: %s",
            local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The request body must be a JSON object.");
      return NULL;
    }
  return json_node_copy (root);
}

gboolean
mp_validate_id_string (const char *text,
                       gint64     *out)
{
  guint64 value = 0;
  const char *p;

  if (text == NULL || *text == '\0' || strlen (text) > 15)
    return FALSE;
  for (p = text; *p != '\0'; p++)
    {
      if (*p < '0' || *p > '9')
        return FALSE;
      value = value * 10 + (guint64) (*p - '0');
    }
  if (value == 0)
    return FALSE;
  *out = (gint64) value;
  return TRUE;
}

gboolean
mp_validate_id (JsonNode    *node,
                const char  *field,
                gint64      *out,
                GError     **error)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_STRING && mp_validate_id_string (json_node_get_string (node), out))
        return TRUE;
      if (type == G_TYPE_INT64 && json_node_get_int (node) > 0
          && json_node_get_int (node) < G_GINT64_CONSTANT (1000000000000000))
        {
          *out = json_node_get_int (node);
          return TRUE;
        }
    }
  return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
               "The field “%s” must be an ID: a string of digits.", field);
}

gboolean
mp_validate_quantity (JsonNode    *node,
                      const char  *field,
                      gint64      *out,
                      GError     **error)
{
  if (node != NULL && JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);
      gint64 value = -1;
      gboolean ok = FALSE;

      if (type == G_TYPE_INT64)
        {
          value = json_node_get_int (node);
          ok = TRUE;
        }
      else if (type == G_TYPE_DOUBLE)
        {
          double d = json_node_get_double (node);

          if (d >= -1e12 && d <= 1e12 && d == (double) (gint64) d)
            {
              value = (gint64) d;
              ok = TRUE;
            }
        }
      if (ok && value < 0)
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                     "The field “%s” must not be negative.", field);
      if (ok && value > MP_MAX_QUANTITY)
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                     "The field “%s” is larger than %d.", field, MP_MAX_QUANTITY);
      if (ok)
        {
          *out = value;
          return TRUE;
        }
    }
  return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
               "The field “%s” must be a whole number.", field);
}

static gboolean
is_blank (const char *text)
{
  for (; *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

/* An optional string member; FALSE (and an error) if present but not a
 * string, or too long.
 */
static gboolean
get_string (JsonObject  *object,
            const char  *member,
            const char  *field,
            gboolean     required,
            char       **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “%s” is required.", field);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “%s” must be a string.", field);
  value = json_node_get_string (node);
  if (strlen (value) > MAX_TEXT)
    return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                 "The field “%s” is longer than %d characters.", field, MAX_TEXT);
  if (required && is_blank (value))
    return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “%s” must not be empty.", field);
  g_free (*out);
  *out = g_strdup (value);
  return TRUE;
}

static gboolean
get_object (JsonObject  *object,
            const char  *member,
            const char  *field,
            gboolean     required,
            JsonObject **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “%s” is required.", field);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “%s” must be an object.", field);
  *out = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject  *object,
           const char  *member,
           const char  *field,
           gboolean     required,
           JsonArray  **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “%s” is required.", field);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “%s” must be an array.", field);
  *out = json_node_get_array (node);
  return TRUE;
}

static void
order_line_free (gpointer data)
{
  MpOrderLineInput *line = data;

  g_free (line->mpn);
  g_free (line);
}

void
mp_order_input_free (MpOrderInput *input)
{
  if (input == NULL)
    return;
  g_free (input->type);
  g_free (input->period_type);
  g_free (input->po_number);
  g_strfreev (input->accepted_terms);
  g_clear_pointer (&input->lines, g_ptr_array_unref);
  g_free (input);
}

static gboolean
parse_optional_id (JsonObject  *object,
                   const char  *member,
                   gint64      *out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  return mp_validate_id (node, member, out, error);
}

MpOrderInput *
mp_order_input_parse (JsonNode  *root,
                      GError   **error)
{
  g_autoptr(MpOrderInput) input = g_new0 (MpOrderInput, 1);
  JsonObject *object;
  JsonObject *period = NULL;
  JsonArray *products = NULL;
  JsonArray *terms = NULL;
  guint i, n;

  input->lines = g_ptr_array_new_with_free_func (order_line_free);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The request body must be a JSON object.");
      return NULL;
    }
  object = json_node_get_object (root);

  if (!get_string (object, "type", "type", TRUE, &input->type, error))
    return NULL;
  if (strcmp (input->type, "sales") != 0 && strcmp (input->type, "change") != 0
      && strcmp (input->type, "cancellation") != 0 && strcmp (input->type, "renewal") != 0)
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
            "The order type “%s” is not supported; use sales, change, cancellation or renewal.", input->type);
      return NULL;
    }
  if (!parse_optional_id (object, "customerId", &input->customer_id, error)
      || !parse_optional_id (object, "planId", &input->plan_id, error)
      || !parse_optional_id (object, "subscriptionId", &input->subscription_id, error)
      || !get_string (object, "poNumber", "poNumber", FALSE, &input->po_number, error))
    return NULL;
  {
    g_autofree char *scheduled_on = NULL;

    if (!get_string (object, "scheduledOn", "scheduledOn", FALSE, &scheduled_on, error))
      return NULL;
    if (scheduled_on != NULL && (strcmp (scheduled_on, "renewal") != 0 || strcmp (input->type, "change") != 0))
      {
        fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
              "“scheduledOn” can only be “renewal”, on a change order.");
        return NULL;
      }
    input->scheduled = scheduled_on != NULL;
  }

  if (!get_object (object, "subscriptionPeriod", "subscriptionPeriod", FALSE, &period, error))
    return NULL;
  if (period != NULL)
    {
      JsonNode *duration = json_object_get_member (period, "duration");

      if (!get_string (period, "type", "subscriptionPeriod.type", TRUE, &input->period_type, error))
        return NULL;
      if (strcmp (input->period_type, "month") != 0 && strcmp (input->period_type, "year") != 0
          && strcmp (input->period_type, "day") != 0)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                "The subscription period type “%s” is not one of day, month, year.", input->period_type);
          return NULL;
        }
      if (duration == NULL)
        input->period_duration = 1;
      else if (!mp_validate_quantity (duration, "subscriptionPeriod.duration", &input->period_duration, error))
        return NULL;
      if (input->period_duration < 1 || input->period_duration > 100)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                "The subscription period duration must be between 1 and 100.");
          return NULL;
        }
    }

  if (!get_array (object, "acceptedTerms", "acceptedTerms", FALSE, &terms, error))
    return NULL;
  n = terms != NULL ? json_array_get_length (terms) : 0;
  if (n > 100)
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “acceptedTerms” has too many entries.");
      return NULL;
    }
  input->has_accepted_terms = terms != NULL;
  input->accepted_terms = g_new0 (char *, n + 1);
  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (terms, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “acceptedTerms” must list strings.");
          return NULL;
        }
      input->accepted_terms[i] = g_strdup (json_node_get_string (node));
    }

  if (!get_array (object, "products", "products", FALSE, &products, error))
    return NULL;
  n = products != NULL ? json_array_get_length (products) : 0;
  if (n > MP_MAX_ORDER_LINES)
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "An order takes at most %d product lines.", MP_MAX_ORDER_LINES);
      return NULL;
    }
  for (i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (products, i);
      MpOrderLineInput *line;
      JsonObject *line_object;
      JsonNode *quantity;
      g_autofree char *field = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The entry products[%u] must be an object.", i);
          return NULL;
        }
      line_object = json_node_get_object (node);
      line = g_new0 (MpOrderLineInput, 1);
      g_ptr_array_add (input->lines, line);
      field = g_strdup_printf ("products[%u].mpn", i);
      if (!get_string (line_object, "mpn", field, TRUE, &line->mpn, error))
        return NULL;
      g_free (field);
      field = g_strdup_printf ("products[%u].quantity", i);
      quantity = json_object_get_member (line_object, "quantity");
      if (quantity == NULL)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “%s” is required.", field);
          return NULL;
        }
      if (!mp_validate_quantity (quantity, field, &line->quantity, error))
        return NULL;
      g_free (field);
      field = g_strdup_printf ("products[%u].subscriptionId", i);
      if (json_object_has_member (line_object, "subscriptionId")
          && !JSON_NODE_HOLDS_NULL (json_object_get_member (line_object, "subscriptionId"))
          && !mp_validate_id (json_object_get_member (line_object, "subscriptionId"), field,
                              &line->subscription_id, error))
        return NULL;
    }

  /* Per type. */
  if (strcmp (input->type, "sales") == 0)
    {
      if (input->lines->len == 0 && input->plan_id == 0)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                "A sales order needs “planId” or at least one entry in “products”.");
          return NULL;
        }
    }
  else
    {
      /* change and cancellation: the subscription, top level or per line */
      if (input->subscription_id == 0)
        for (i = 0; i < input->lines->len; i++)
          {
            MpOrderLineInput *line = g_ptr_array_index (input->lines, i);

            if (line->subscription_id != 0)
              {
                input->subscription_id = line->subscription_id;
                break;
              }
          }
      if (input->subscription_id == 0)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                "A %s order needs “subscriptionId”.", input->type);
          return NULL;
        }
      for (i = 0; i < input->lines->len; i++)
        {
          MpOrderLineInput *line = g_ptr_array_index (input->lines, i);

          if (line->subscription_id != 0 && line->subscription_id != input->subscription_id)
            {
              fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                    "All lines of a %s order must name the same subscription.", input->type);
              return NULL;
            }
        }
      /* SimpleAPI: renewal and cancellation orders carry no products. */
      if (strcmp (input->type, "renewal") == 0 && input->lines->len > 0)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                "A renewal order carries no “products”: it renews the subscription as it is.");
          return NULL;
        }
      /* A plan or period switch carries the limits over by itself. */
      if (strcmp (input->type, "change") == 0 && input->lines->len == 0
          && input->plan_id == 0 && input->period_type == NULL)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                "A change order needs at least one entry in “products”, or “planId” or “subscriptionPeriod” "
                "for a plan switch.");
          return NULL;
        }
    }
  for (i = 0; i < input->lines->len; i++)
    {
      MpOrderLineInput *a = g_ptr_array_index (input->lines, i);
      guint j;

      for (j = i + 1; j < input->lines->len; j++)
        {
          MpOrderLineInput *b = g_ptr_array_index (input->lines, j);

          if (strcmp (a->mpn, b->mpn) == 0)
            {
              fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                    "The MPN “%s” appears twice in “products”.", a->mpn);
              return NULL;
            }
        }
    }
  return g_steal_pointer (&input);
}

void
mp_customer_input_free (MpCustomerInput *input)
{
  if (input == NULL)
    return;
  g_free (input->name);
  g_free (input->external_id);
  g_free (input->tax_reg_id);
  g_free (input->language);
  g_free (input->status);
  g_free (input->address_json);
  g_free (input->contacts_json);
  g_free (input->attributes_json);
  g_free (input->emails);
  g_free (input->admin_login);
  if (input->admin_password != NULL)
    memset (input->admin_password, 0, strlen (input->admin_password));
  g_free (input->admin_password);
  g_free (input);
}

static char *
node_to_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, NULL);
}

static gboolean
parse_address (JsonObject       *address,
               MpCustomerInput  *input,
               GError          **error)
{
  static const struct { const char *member; gboolean required; } fields[] = {
    { "streetAddress", TRUE }, { "addressExtension", FALSE }, { "postalCode", TRUE },
    { "city", TRUE }, { "state", FALSE }, { "countryCode", TRUE },
  };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  guint i;

  json_builder_begin_object (builder);
  for (i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      g_autofree char *value = NULL;
      g_autofree char *field = g_strconcat ("address.", fields[i].member, NULL);

      if (!get_string (address, fields[i].member, field, fields[i].required, &value, error))
        return FALSE;
      if (value == NULL)
        continue;
      if (strcmp (fields[i].member, "countryCode") == 0
          && (strlen (value) != 2 || !g_ascii_isalpha (value[0]) || !g_ascii_isalpha (value[1])))
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                     "The field “address.countryCode” must be an ISO 3166 alpha-2 code.");
      if (strcmp (fields[i].member, "countryCode") == 0)
        {
          value[0] = g_ascii_toupper (value[0]);
          value[1] = g_ascii_toupper (value[1]);
        }
      json_builder_set_member_name (builder, fields[i].member);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  input->address_json = node_to_json (node);
  return TRUE;
}

static gboolean
parse_contacts (JsonArray        *contacts,
                MpCustomerInput  *input,
                GError          **error)
{
  static const char *required[] = { "firstName", "lastName", "email", "phoneNumber" };
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) emails = g_string_new (NULL);
  guint i, j, n = json_array_get_length (contacts);

  if (n == 0)
    return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “contactPersons” needs at least one contact.");
  if (n > 20)
    return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “contactPersons” has too many entries.");

  json_builder_begin_array (builder);
  for (i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (contacts, i);
      JsonObject *contact;
      g_autofree char *type = NULL;
      g_autofree char *login = NULL;
      g_autofree char *password = NULL;
      g_autofree char *field = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The entry contactPersons[%u] must be an object.", i);
      contact = json_node_get_object (element);

      field = g_strdup_printf ("contactPersons[%u].type", i);
      if (!get_string (contact, "type", field, FALSE, &type, error))
        return FALSE;
      if (type == NULL)
        type = g_strdup ("admin");
      if (strcmp (type, "admin") != 0 && strcmp (type, "billing") != 0 && strcmp (type, "technical") != 0)
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                     "The field “%s” must be admin, billing or technical.", field);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, type);
      for (j = 0; j < G_N_ELEMENTS (required); j++)
        {
          g_autofree char *value = NULL;

          g_free (field);
          field = g_strdup_printf ("contactPersons[%u].%s", i, required[j]);
          if (!get_string (contact, required[j], field, TRUE, &value, error))
            return FALSE;
          if (strcmp (required[j], "email") == 0)
            {
              const char *at = strchr (value, '@');

              if (at == NULL || at == value || at[1] == '\0' || strchr (value, ' ') != NULL)
                return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                             "The field “%s” is not an e-mail address.", field);
              if (emails->len > 0)
                g_string_append_c (emails, '\n');
              g_string_append (emails, value);
            }
          json_builder_set_member_name (builder, required[j]);
          json_builder_add_string_value (builder, value);
        }
      json_builder_end_object (builder);

      g_free (field);
      field = g_strdup_printf ("contactPersons[%u].login", i);
      if (!get_string (contact, "login", field, FALSE, &login, error))
        return FALSE;
      g_free (field);
      field = g_strdup_printf ("contactPersons[%u].password", i);
      if (!get_string (contact, "password", field, FALSE, &password, error))
        return FALSE;
      if ((login != NULL || password != NULL) && strcmp (type, "admin") != 0)
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                     "Only the admin contact takes a login and password.");
      if ((login == NULL) != (password == NULL))
        return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST,
                     "The admin contact's login and password go together.");
      if (login != NULL)
        {
          if (input->admin_login != NULL)
            return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "Only one contact may have a login.");
          if (strlen (login) < 3 || strlen (login) > 64)
            return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "A login has 3 to 64 characters.");
          if (strlen (password) < 8)
            return fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "A password has at least 8 characters.");
          input->admin_login = g_steal_pointer (&login);
          input->admin_password = g_steal_pointer (&password);
        }
      if (password != NULL)
        memset (password, 0, strlen (password));
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  input->contacts_json = node_to_json (node);
  input->emails = g_utf8_strdown (emails->str, -1);
  return TRUE;
}

char *
mp_validate_attributes (JsonObject  *attributes,
                        GError     **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GList) members = json_object_get_members (attributes);
  GList *l;

  if (g_list_length (members) > 50)
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “attributes” has too many entries.");
      return NULL;
    }
  json_builder_begin_object (builder);
  for (l = members; l != NULL; l = l->next)
    {
      g_autofree char *value = NULL;
      g_autofree char *field = g_strconcat ("attributes.", l->data, NULL);

      if (!get_string (attributes, l->data, field, FALSE, &value, error))
        return NULL;
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, value != NULL ? value : "");
    }
  json_builder_end_object (builder);
  node = json_builder_get_root (builder);
  return node_to_json (node);
}

MpCustomerInput *
mp_customer_input_parse (JsonNode  *root,
                         gboolean   for_update,
                         GError   **error)
{
  g_autoptr(MpCustomerInput) input = g_new0 (MpCustomerInput, 1);
  JsonObject *object;
  JsonObject *address = NULL;
  JsonObject *attributes = NULL;
  JsonArray *contacts = NULL;
  gboolean required = !for_update;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The request body must be a JSON object.");
      return NULL;
    }
  object = json_node_get_object (root);
  if (!get_string (object, "name", "name", required, &input->name, error)
      || !get_string (object, "externalId", "externalId", FALSE, &input->external_id, error)
      || !get_string (object, "taxRegId", "taxRegId", FALSE, &input->tax_reg_id, error)
      || !get_string (object, "language", "language", required, &input->language, error)
      || !get_string (object, "status", "status", FALSE, &input->status, error)
      || !get_object (object, "address", "address", required, &address, error)
      || !get_array (object, "contactPersons", "contactPersons", required, &contacts, error)
      || !get_object (object, "attributes", "attributes", FALSE, &attributes, error))
    return NULL;
  if (input->name != NULL && is_blank (input->name))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “name” must not be empty.");
      return NULL;
    }
  if (input->language != NULL
      && (strlen (input->language) < 2 || strlen (input->language) > 5 || !g_ascii_isalpha (input->language[0])))
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “language” must be a language code such as “en”.");
      return NULL;
    }
  if (input->status != NULL)
    {
      if (!for_update)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “status” cannot be set on a new customer.");
          return NULL;
        }
      if (strcmp (input->status, "active") != 0 && strcmp (input->status, "creditHold") != 0)
        {
          fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "The field “status” must be active or creditHold.");
          return NULL;
        }
    }
  if (address != NULL && !parse_address (address, input, error))
    return NULL;
  if (contacts != NULL && !parse_contacts (contacts, input, error))
    return NULL;
  if (for_update && input->admin_login != NULL)
    {
      fail (error, MP_VALIDATE_ERROR_BAD_REQUEST, "A login can only be set when the customer is created.");
      return NULL;
    }
  if (attributes != NULL && (input->attributes_json = mp_validate_attributes (attributes, error)) == NULL)
    return NULL;
  return g_steal_pointer (&input);
}
