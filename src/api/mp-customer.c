/* mp-customer.c: a customer account of the reseller
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-customer.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpCustomer
{
  GObject parent_instance;

  char *id;
  char *status;
  char *reseller_id;
  char *name;
  char *external_id;
  char *language;
  char *tax_reg_id;
  char *street_address;
  char *postal_code;
  char *city;
  char *state;
  char *country_code;
  char *first_name;
  char *last_name;
  char *email;
  char *phone;
  char *login;
  char *password;
};

G_DEFINE_FINAL_TYPE (MpCustomer, mp_customer, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_STATUS,
  PROP_RESELLER_ID,
  PROP_NAME,
  PROP_EXTERNAL_ID,
  PROP_LANGUAGE,
  PROP_TAX_REG_ID,
  PROP_STREET_ADDRESS,
  PROP_POSTAL_CODE,
  PROP_CITY,
  PROP_STATE,
  PROP_COUNTRY_CODE,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_EMAIL,
  PROP_PHONE,
  PROP_LOGIN,
  PROP_PASSWORD,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_customer_finalize (GObject *object)
{
  MpCustomer *self = (MpCustomer *) object;

  g_free (self->id);
  g_free (self->status);
  g_free (self->reseller_id);
  g_free (self->name);
  g_free (self->external_id);
  g_free (self->language);
  g_free (self->tax_reg_id);
  g_free (self->street_address);
  g_free (self->postal_code);
  g_free (self->city);
  g_free (self->state);
  g_free (self->country_code);
  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->email);
  g_free (self->phone);
  g_free (self->login);
  g_free (self->password);

  G_OBJECT_CLASS (mp_customer_parent_class)->finalize (object);
}

static void
mp_customer_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MpCustomer *self = MP_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_RESELLER_ID:
      g_value_set_string (value, self->reseller_id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_EXTERNAL_ID:
      g_value_set_string (value, self->external_id);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    case PROP_TAX_REG_ID:
      g_value_set_string (value, self->tax_reg_id);
      break;

    case PROP_STREET_ADDRESS:
      g_value_set_string (value, self->street_address);
      break;

    case PROP_POSTAL_CODE:
      g_value_set_string (value, self->postal_code);
      break;

    case PROP_CITY:
      g_value_set_string (value, self->city);
      break;

    case PROP_STATE:
      g_value_set_string (value, self->state);
      break;

    case PROP_COUNTRY_CODE:
      g_value_set_string (value, self->country_code);
      break;

    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;

    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;

    case PROP_EMAIL:
      g_value_set_string (value, self->email);
      break;

    case PROP_PHONE:
      g_value_set_string (value, self->phone);
      break;

    case PROP_LOGIN:
      g_value_set_string (value, self->login);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_customer_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MpCustomer *self = MP_CUSTOMER (object);

  switch (prop_id)
    {
    case PROP_NAME:
      mp_customer_set_name (self, g_value_get_string (value));
      break;

    case PROP_EXTERNAL_ID:
      mp_customer_set_external_id (self, g_value_get_string (value));
      break;

    case PROP_LANGUAGE:
      mp_customer_set_language (self, g_value_get_string (value));
      break;

    case PROP_TAX_REG_ID:
      mp_customer_set_tax_reg_id (self, g_value_get_string (value));
      break;

    case PROP_STREET_ADDRESS:
      mp_customer_set_street_address (self, g_value_get_string (value));
      break;

    case PROP_POSTAL_CODE:
      mp_customer_set_postal_code (self, g_value_get_string (value));
      break;

    case PROP_CITY:
      mp_customer_set_city (self, g_value_get_string (value));
      break;

    case PROP_STATE:
      mp_customer_set_state (self, g_value_get_string (value));
      break;

    case PROP_COUNTRY_CODE:
      mp_customer_set_country_code (self, g_value_get_string (value));
      break;

    case PROP_FIRST_NAME:
      mp_customer_set_first_name (self, g_value_get_string (value));
      break;

    case PROP_LAST_NAME:
      mp_customer_set_last_name (self, g_value_get_string (value));
      break;

    case PROP_EMAIL:
      mp_customer_set_email (self, g_value_get_string (value));
      break;

    case PROP_PHONE:
      mp_customer_set_phone (self, g_value_get_string (value));
      break;

    case PROP_LOGIN:
      mp_customer_set_login (self, g_value_get_string (value));
      break;

    case PROP_PASSWORD:
      mp_customer_set_password (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_customer_class_init (MpCustomerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_customer_finalize;
  object_class->get_property = mp_customer_get_property;
  object_class->set_property = mp_customer_set_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* active, creditHold, ... */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESELLER_ID] =
    g_param_spec_string ("reseller-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXTERNAL_ID] =
    g_param_spec_string ("external-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TAX_REG_ID] =
    g_param_spec_string ("tax-reg-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STREET_ADDRESS] =
    g_param_spec_string ("street-address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_POSTAL_CODE] =
    g_param_spec_string ("postal-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CITY] =
    g_param_spec_string ("city", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_string ("state", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* ISO 3166 alpha-2 */
  properties[PROP_COUNTRY_CODE] =
    g_param_spec_string ("country-code", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Of the admin contact */
  properties[PROP_FIRST_NAME] =
    g_param_spec_string ("first-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LAST_NAME] =
    g_param_spec_string ("last-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EMAIL] =
    g_param_spec_string ("email", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PHONE] =
    g_param_spec_string ("phone", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The admin contact login, only sent on creation */
  properties[PROP_LOGIN] =
    g_param_spec_string ("login", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The admin contact password, only sent on creation; never readable */
  properties[PROP_PASSWORD] =
    g_param_spec_string ("password", NULL, NULL, NULL,
                         G_PARAM_WRITABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_customer_init (MpCustomer *self)
{
}

const char *
mp_customer_get_id (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->id;
}

const char *
mp_customer_get_status (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->status;
}

const char *
mp_customer_get_reseller_id (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->reseller_id;
}

const char *
mp_customer_get_name (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->name;
}

const char *
mp_customer_get_external_id (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->external_id;
}

const char *
mp_customer_get_language (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->language;
}

const char *
mp_customer_get_tax_reg_id (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->tax_reg_id;
}

const char *
mp_customer_get_street_address (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->street_address;
}

const char *
mp_customer_get_postal_code (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->postal_code;
}

const char *
mp_customer_get_city (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->city;
}

const char *
mp_customer_get_state (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->state;
}

const char *
mp_customer_get_country_code (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->country_code;
}

const char *
mp_customer_get_first_name (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->first_name;
}

const char *
mp_customer_get_last_name (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->last_name;
}

const char *
mp_customer_get_email (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->email;
}

const char *
mp_customer_get_phone (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->phone;
}

const char *
mp_customer_get_login (MpCustomer *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  return self->login;
}

void
mp_customer_set_name (MpCustomer *self,
                       const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

void
mp_customer_set_external_id (MpCustomer *self,
                              const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->external_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTERNAL_ID]);
}

void
mp_customer_set_language (MpCustomer *self,
                           const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->language, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LANGUAGE]);
}

void
mp_customer_set_tax_reg_id (MpCustomer *self,
                             const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->tax_reg_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TAX_REG_ID]);
}

void
mp_customer_set_street_address (MpCustomer *self,
                                 const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->street_address, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STREET_ADDRESS]);
}

void
mp_customer_set_postal_code (MpCustomer *self,
                              const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->postal_code, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_POSTAL_CODE]);
}

void
mp_customer_set_city (MpCustomer *self,
                       const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->city, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CITY]);
}

void
mp_customer_set_state (MpCustomer *self,
                        const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->state, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

void
mp_customer_set_country_code (MpCustomer *self,
                               const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->country_code, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTRY_CODE]);
}

void
mp_customer_set_first_name (MpCustomer *self,
                             const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->first_name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_NAME]);
}

void
mp_customer_set_last_name (MpCustomer *self,
                            const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->last_name, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_NAME]);
}

void
mp_customer_set_email (MpCustomer *self,
                        const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->email, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EMAIL]);
}

void
mp_customer_set_phone (MpCustomer *self,
                        const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->phone, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PHONE]);
}

void
mp_customer_set_login (MpCustomer *self,
                        const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->login, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOGIN]);
}

void
mp_customer_set_password (MpCustomer *self,
                           const char *value)
{
  g_return_if_fail (MP_IS_CUSTOMER (self));

  if (mp_set_str (&self->password, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PASSWORD]);
}

/* A new, empty customer to fill with the setters and create with
 * mp_client_create_customer_async().
 */
MpCustomer *
mp_customer_new (void)
{
  return g_object_new (MP_TYPE_CUSTOMER, NULL);
}

/**
 * mp_customer_new_from_json:
 *
 * Parses one customer as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpCustomer *
mp_customer_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(MpCustomer) self = g_object_new (MP_TYPE_CUSTOMER, NULL);
  JsonObject *address;
  JsonArray *contacts;

  if (!mp_json_require_id (object, "id", "a customer", &self->id, error))
    return NULL;
  self->status = mp_json_dup_string (object, "status");
  self->reseller_id = mp_json_dup_string (object, "resellerId");
  self->name = mp_json_dup_string (object, "name");
  self->external_id = mp_json_dup_string (object, "externalId");
  self->language = mp_json_dup_string (object, "language");
  self->tax_reg_id = mp_json_dup_string (object, "taxRegId");
  address = mp_json_get_object (object, "address");
  self->street_address = mp_json_dup_string (address, "streetAddress");
  self->postal_code = mp_json_dup_string (address, "postalCode");
  self->city = mp_json_dup_string (address, "city");
  self->state = mp_json_dup_string (address, "state");
  self->country_code = mp_json_dup_string (address, "countryCode");
  contacts = mp_json_get_array (object, "contactPersons");
  for (guint i = 0; contacts != NULL && i < json_array_get_length (contacts); i++)
    {
      JsonNode *node = json_array_get_element (contacts, i);
      JsonObject *contact;
      g_autofree char *type = NULL;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      contact = json_node_get_object (node);
      type = mp_json_dup_string (contact, "type");
      if (type != NULL && g_strcmp0 (type, "admin") != 0)
        continue;
      self->first_name = mp_json_dup_string (contact, "firstName");
      self->last_name = mp_json_dup_string (contact, "lastName");
      self->email = mp_json_dup_string (contact, "email");
      self->phone = mp_json_dup_string (contact, "phoneNumber");
      self->login = mp_json_dup_string (contact, "login");
      break;
    }

  return g_steal_pointer (&self);
}

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

/* The body of POST /customers. The contact phone number is sent as given. */
JsonNode *
mp_customer_to_json (MpCustomer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (MP_IS_CUSTOMER (self), NULL);

  json_builder_begin_object (builder);
  add_string (builder, "name", self->name);
  add_string (builder, "externalId", self->external_id);
  add_string (builder, "language", self->language ? self->language : "en");
  add_string (builder, "taxRegId", self->tax_reg_id);
  json_builder_set_member_name (builder, "address");
  json_builder_begin_object (builder);
  add_string (builder, "streetAddress", self->street_address);
  add_string (builder, "postalCode", self->postal_code);
  add_string (builder, "city", self->city);
  add_string (builder, "state", self->state);
  add_string (builder, "countryCode", self->country_code);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "contactPersons");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  add_string (builder, "type", "admin");
  add_string (builder, "firstName", self->first_name);
  add_string (builder, "lastName", self->last_name);
  add_string (builder, "email", self->email);
  add_string (builder, "phoneNumber", self->phone);
  add_string (builder, "login", self->login);
  add_string (builder, "password", self->password);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
