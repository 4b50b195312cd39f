/* mp-terms.c: terms and conditions of a plan (extension)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-terms.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpTerms
{
  GObject parent_instance;

  char *id;
  char *name;
  char *kind;
  char *url;
  char *text;
};

G_DEFINE_FINAL_TYPE (MpTerms, mp_terms, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_KIND,
  PROP_URL,
  PROP_TEXT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_terms_finalize (GObject *object)
{
  MpTerms *self = (MpTerms *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->kind);
  g_free (self->url);
  g_free (self->text);

  G_OBJECT_CLASS (mp_terms_parent_class)->finalize (object);
}

static void
mp_terms_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MpTerms *self = MP_TERMS (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_terms_class_init (MpTermsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_terms_finalize;
  object_class->get_property = mp_terms_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "marketplace" or "vendor" */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_terms_init (MpTerms *self)
{
}

const char *
mp_terms_get_id (MpTerms *self)
{
  g_return_val_if_fail (MP_IS_TERMS (self), NULL);

  return self->id;
}

const char *
mp_terms_get_name (MpTerms *self)
{
  g_return_val_if_fail (MP_IS_TERMS (self), NULL);

  return self->name;
}

const char *
mp_terms_get_kind (MpTerms *self)
{
  g_return_val_if_fail (MP_IS_TERMS (self), NULL);

  return self->kind;
}

const char *
mp_terms_get_url (MpTerms *self)
{
  g_return_val_if_fail (MP_IS_TERMS (self), NULL);

  return self->url;
}

const char *
mp_terms_get_text (MpTerms *self)
{
  g_return_val_if_fail (MP_IS_TERMS (self), NULL);

  return self->text;
}

/**
 * mp_terms_new_from_json:
 *
 * Parses one terms and conditions as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpTerms *
mp_terms_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(MpTerms) self = g_object_new (MP_TYPE_TERMS, NULL);
  if (!mp_json_require_id (object, "id", "terms and conditions", &self->id, error))
    return NULL;
  self->name = mp_json_dup_string (object, "name");
  self->kind = mp_json_dup_string (object, "kind");
  self->url = mp_json_dup_string (object, "url");
  self->text = mp_json_dup_string (object, "text");

  return g_steal_pointer (&self);
}
