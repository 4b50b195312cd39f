/* mp-marketplace.c: a marketplace (region) of the login screen
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-marketplace.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

#include <string.h>

struct _MpMarketplace
{
  GObject parent_instance;

  char *code;
  char *name;
  char *country;
  char *currency;
  char *language;
  char *base_url;
};

G_DEFINE_FINAL_TYPE (MpMarketplace, mp_marketplace, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CODE,
  PROP_NAME,
  PROP_COUNTRY,
  PROP_CURRENCY,
  PROP_LANGUAGE,
  PROP_BASE_URL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_marketplace_finalize (GObject *object)
{
  MpMarketplace *self = (MpMarketplace *) object;

  g_free (self->code);
  g_free (self->name);
  g_free (self->country);
  g_free (self->currency);
  g_free (self->language);
  g_free (self->base_url);

  G_OBJECT_CLASS (mp_marketplace_parent_class)->finalize (object);
}

static void
mp_marketplace_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MpMarketplace *self = MP_MARKETPLACE (object);

  switch (prop_id)
    {
    case PROP_CODE:
      g_value_set_string (value, self->code);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_COUNTRY:
      g_value_set_string (value, self->country);
      break;

    case PROP_CURRENCY:
      g_value_set_string (value, self->currency);
      break;

    case PROP_LANGUAGE:
      g_value_set_string (value, self->language);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_marketplace_class_init (MpMarketplaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_marketplace_finalize;
  object_class->get_property = mp_marketplace_get_property;

  properties[PROP_CODE] =
    g_param_spec_string ("code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* ISO 3166 alpha-2 code, for the flag */
  properties[PROP_COUNTRY] =
    g_param_spec_string ("country", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CURRENCY] =
    g_param_spec_string ("currency", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LANGUAGE] =
    g_param_spec_string ("language", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* {root}/marketplace/{code}, set by mp_marketplace_set_root() */
  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_marketplace_init (MpMarketplace *self)
{
}

const char *
mp_marketplace_get_code (MpMarketplace *self)
{
  g_return_val_if_fail (MP_IS_MARKETPLACE (self), NULL);

  return self->code;
}

const char *
mp_marketplace_get_name (MpMarketplace *self)
{
  g_return_val_if_fail (MP_IS_MARKETPLACE (self), NULL);

  return self->name;
}

const char *
mp_marketplace_get_country (MpMarketplace *self)
{
  g_return_val_if_fail (MP_IS_MARKETPLACE (self), NULL);

  return self->country;
}

const char *
mp_marketplace_get_currency (MpMarketplace *self)
{
  g_return_val_if_fail (MP_IS_MARKETPLACE (self), NULL);

  return self->currency;
}

const char *
mp_marketplace_get_language (MpMarketplace *self)
{
  g_return_val_if_fail (MP_IS_MARKETPLACE (self), NULL);

  return self->language;
}

const char *
mp_marketplace_get_base_url (MpMarketplace *self)
{
  g_return_val_if_fail (MP_IS_MARKETPLACE (self), NULL);

  return self->base_url;
}

/**
 * mp_marketplace_new_from_json:
 *
 * Parses one marketplace as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpMarketplace *
mp_marketplace_new_from_json (JsonObject  *object,
                             GError     **error)
{
  g_autoptr(MpMarketplace) self = g_object_new (MP_TYPE_MARKETPLACE, NULL);
  if (!mp_json_require_id (object, "code", "a marketplace", &self->code, error))
    return NULL;
  self->name = mp_json_dup_string (object, "name");
  self->country = mp_json_dup_string (object, "country");
  self->currency = mp_json_dup_string (object, "currency");
  self->language = mp_json_dup_string (object, "language");

  return g_steal_pointer (&self);
}

/* Sets base-url to {root}/marketplace/{code}. */
void
mp_marketplace_set_root (MpMarketplace *self,
                         const char    *root_url)
{
  g_autofree char *url = NULL;
  gsize len;

  g_return_if_fail (MP_IS_MARKETPLACE (self));
  g_return_if_fail (root_url != NULL);

  len = strlen (root_url);
  while (len > 0 && root_url[len - 1] == '/')
    len--;
  url = g_strdup_printf ("%.*s/marketplace/%s", (int) len, root_url, self->code);
  if (mp_set_str (&self->base_url, url))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}
