/* mp-category.c: a catalogue category (extension), also used for resource categories
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-category.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpCategory
{
  GObject parent_instance;

  char *id;
  char *name;
  char *parent_id;
  char *description;
};

G_DEFINE_FINAL_TYPE (MpCategory, mp_category, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_PARENT_ID,
  PROP_DESCRIPTION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_category_finalize (GObject *object)
{
  MpCategory *self = (MpCategory *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->parent_id);
  g_free (self->description);

  G_OBJECT_CLASS (mp_category_parent_class)->finalize (object);
}

static void
mp_category_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MpCategory *self = MP_CATEGORY (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PARENT_ID:
      g_value_set_string (value, self->parent_id);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_category_class_init (MpCategoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_category_finalize;
  object_class->get_property = mp_category_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* NULL for a top-level category */
  properties[PROP_PARENT_ID] =
    g_param_spec_string ("parent-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_category_init (MpCategory *self)
{
}

const char *
mp_category_get_id (MpCategory *self)
{
  g_return_val_if_fail (MP_IS_CATEGORY (self), NULL);

  return self->id;
}

const char *
mp_category_get_name (MpCategory *self)
{
  g_return_val_if_fail (MP_IS_CATEGORY (self), NULL);

  return self->name;
}

const char *
mp_category_get_parent_id (MpCategory *self)
{
  g_return_val_if_fail (MP_IS_CATEGORY (self), NULL);

  return self->parent_id;
}

const char *
mp_category_get_description (MpCategory *self)
{
  g_return_val_if_fail (MP_IS_CATEGORY (self), NULL);

  return self->description;
}

/**
 * mp_category_tree_contains:
 * @parents: (element-type utf8 utf8): the parent ID of each category ID
 *   that has a parent
 * @ancestor_id: a category ID
 * @category_id: (nullable): a category ID
 *
 * Returns: whether @category_id is @ancestor_id or one of the categories
 *   below it. A loop in @parents ends the search after 32 levels.
 */
gboolean
mp_category_tree_contains (GHashTable *parents,
                           const char *ancestor_id,
                           const char *category_id)
{
  const char *id = category_id;

  g_return_val_if_fail (parents != NULL, FALSE);
  g_return_val_if_fail (ancestor_id != NULL, FALSE);

  for (guint depth = 0; id != NULL && depth < 32; depth++)
    {
      if (g_str_equal (id, ancestor_id))
        return TRUE;
      id = g_hash_table_lookup (parents, id);
    }
  return FALSE;
}

/**
 * mp_category_new_from_json:
 *
 * Parses one category as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpCategory *
mp_category_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(MpCategory) self = g_object_new (MP_TYPE_CATEGORY, NULL);
  if (!mp_json_require_id (object, "id", "a category", &self->id, error))
    return NULL;
  self->name = mp_json_dup_string (object, "name");
  self->parent_id = mp_json_dup_string (object, "parentId");
  self->description = mp_json_dup_string (object, "description");

  return g_steal_pointer (&self);
}
