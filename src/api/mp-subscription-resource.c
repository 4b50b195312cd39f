/* mp-subscription-resource.c: one product line of a subscription: limit, usage, min, max
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-subscription-resource.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpSubscriptionResource
{
  GObject parent_instance;

  char     *mpn;
  char     *name;
  gint64    quantity;
  gint64    usage;
  gint64    minimum;
  gint64    maximum;
  gint64    included;
  char     *resource_category_id;
  char     *resource_category_name;
  gboolean  one_time;
  MpMoney   unit_price;
  gboolean  has_unit_price;
};

G_DEFINE_FINAL_TYPE (MpSubscriptionResource, mp_subscription_resource, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MPN,
  PROP_NAME,
  PROP_QUANTITY,
  PROP_USAGE,
  PROP_MINIMUM,
  PROP_MAXIMUM,
  PROP_INCLUDED,
  PROP_RESOURCE_CATEGORY_ID,
  PROP_RESOURCE_CATEGORY_NAME,
  PROP_ONE_TIME,
  PROP_UNIT_PRICE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_subscription_resource_finalize (GObject *object)
{
  MpSubscriptionResource *self = (MpSubscriptionResource *) object;

  g_free (self->mpn);
  g_free (self->name);
  g_free (self->resource_category_id);
  g_free (self->resource_category_name);

  G_OBJECT_CLASS (mp_subscription_resource_parent_class)->finalize (object);
}

static void
mp_subscription_resource_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  MpSubscriptionResource *self = MP_SUBSCRIPTION_RESOURCE (object);

  switch (prop_id)
    {
    case PROP_MPN:
      g_value_set_string (value, self->mpn);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_QUANTITY:
      g_value_set_int64 (value, self->quantity);
      break;

    case PROP_USAGE:
      g_value_set_int64 (value, self->usage);
      break;

    case PROP_MINIMUM:
      g_value_set_int64 (value, self->minimum);
      break;

    case PROP_MAXIMUM:
      g_value_set_int64 (value, self->maximum);
      break;

    case PROP_INCLUDED:
      g_value_set_int64 (value, self->included);
      break;

    case PROP_RESOURCE_CATEGORY_ID:
      g_value_set_string (value, self->resource_category_id);
      break;

    case PROP_RESOURCE_CATEGORY_NAME:
      g_value_set_string (value, self->resource_category_name);
      break;

    case PROP_ONE_TIME:
      g_value_set_boolean (value, self->one_time);
      break;

    case PROP_UNIT_PRICE:
      g_value_set_boxed (value, self->has_unit_price ? &self->unit_price : NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_subscription_resource_class_init (MpSubscriptionResourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_subscription_resource_finalize;
  object_class->get_property = mp_subscription_resource_get_property;

  properties[PROP_MPN] =
    g_param_spec_string ("mpn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The limit */
  properties[PROP_QUANTITY] =
    g_param_spec_int64 ("quantity", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* -1 when unknown (a plain SimpleAPI server) */
  properties[PROP_USAGE] =
    g_param_spec_int64 ("usage", NULL, NULL, G_MININT64, G_MAXINT64, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MINIMUM] =
    g_param_spec_int64 ("minimum", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* -1 when there is no upper limit or it is unknown */
  properties[PROP_MAXIMUM] =
    g_param_spec_int64 ("maximum", NULL, NULL, G_MININT64, G_MAXINT64, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INCLUDED] =
    g_param_spec_int64 ("included", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE_CATEGORY_ID] =
    g_param_spec_string ("resource-category-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE_CATEGORY_NAME] =
    g_param_spec_string ("resource-category-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ONE_TIME] =
    g_param_spec_boolean ("one-time", NULL, NULL, FALSE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT_PRICE] =
    g_param_spec_boxed ("unit-price", NULL, NULL, MP_TYPE_MONEY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_subscription_resource_init (MpSubscriptionResource *self)
{
  self->usage = -1;
  self->maximum = -1;
}

const char *
mp_subscription_resource_get_mpn (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), NULL);

  return self->mpn;
}

const char *
mp_subscription_resource_get_name (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), NULL);

  return self->name;
}

gint64
mp_subscription_resource_get_quantity (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), 0);

  return self->quantity;
}

gint64
mp_subscription_resource_get_usage (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), 0);

  return self->usage;
}

/* The lowest limit a change order may set because of what is in use (the
 * demo server's rule, docs/api.md): the usage, or the current limit when
 * more is in use than that; 0 for a one-time service (its usage is not
 * tracked) or an unknown usage.
 */
gint64
mp_subscription_resource_get_usage_floor (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), 0);

  if (self->one_time || self->usage <= 0)
    return 0;
  return MIN (self->usage, self->quantity);
}

gint64
mp_subscription_resource_get_minimum (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), 0);

  return self->minimum;
}

gint64
mp_subscription_resource_get_maximum (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), 0);

  return self->maximum;
}

gint64
mp_subscription_resource_get_included (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), 0);

  return self->included;
}

const char *
mp_subscription_resource_get_resource_category_id (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), NULL);

  return self->resource_category_id;
}

const char *
mp_subscription_resource_get_resource_category_name (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), NULL);

  return self->resource_category_name;
}

gboolean
mp_subscription_resource_get_one_time (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), FALSE);

  return self->one_time;
}

const MpMoney *
mp_subscription_resource_get_unit_price (MpSubscriptionResource *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION_RESOURCE (self), NULL);

  return self->has_unit_price ? &self->unit_price : NULL;
}

/**
 * mp_subscription_resource_new_from_json:
 *
 * Parses one subscription line as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpSubscriptionResource *
mp_subscription_resource_new_from_json (JsonObject  *object,
                                       GError     **error)
{
  g_autoptr(MpSubscriptionResource) self = g_object_new (MP_TYPE_SUBSCRIPTION_RESOURCE, NULL);
  JsonObject *category;
  gboolean present;

  if (!mp_json_require_id (object, "mpn", "a subscription line", &self->mpn, error))
    return NULL;
  self->name = mp_json_dup_string (object, "name");
  self->quantity = mp_json_get_int (object, "quantity", 0);
  self->usage = mp_json_get_int (object, "usage", -1);
  self->minimum = mp_json_get_int (object, "minimumQuantity", 0);
  self->maximum = mp_json_get_int (object, "maximumQuantity", -1);
  self->included = mp_json_get_int (object, "includedQuantity", 0);
  category = mp_json_get_object (object, "resourceCategory");
  self->resource_category_id = mp_json_dup_string (category, "id");
  self->resource_category_name = mp_json_dup_string (category, "name");
  self->one_time = mp_json_get_bool (object, "oneTime", FALSE);
  if (self->one_time && (self->maximum < 0 || self->maximum > 1))
    self->maximum = 1;
  if (!mp_json_get_money (object, "unitPrice", &self->unit_price, &present, error))
    return NULL;
  self->has_unit_price = present;

  return g_steal_pointer (&self);
}
