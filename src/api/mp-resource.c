/* mp-resource.c: a product (resource) inside a plan, with its prices per period
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-resource.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

typedef struct
{
  char    *unit;
  gint64   duration;
  MpMoney  setup;
  gboolean has_setup;
  MpMoney  recurring;
  gboolean has_recurring;
} Price;

struct _MpResource
{
  GObject parent_instance;

  char     *mpn;
  char     *name;
  char     *resource_category_id;
  char     *resource_category_name;
  char     *unit_of_measure;
  gint64    included;
  gint64    minimum;
  gint64    maximum;
  gboolean  one_time;
  GArray   *prices;
};

G_DEFINE_FINAL_TYPE (MpResource, mp_resource, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MPN,
  PROP_NAME,
  PROP_RESOURCE_CATEGORY_ID,
  PROP_RESOURCE_CATEGORY_NAME,
  PROP_UNIT_OF_MEASURE,
  PROP_INCLUDED,
  PROP_MINIMUM,
  PROP_MAXIMUM,
  PROP_ONE_TIME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
clear_price (gpointer data)
{
  Price *p = data;

  g_free (p->unit);
}

static void
mp_resource_finalize (GObject *object)
{
  MpResource *self = (MpResource *) object;

  g_free (self->mpn);
  g_free (self->name);
  g_free (self->resource_category_id);
  g_free (self->resource_category_name);
  g_free (self->unit_of_measure);
  g_array_unref (self->prices);

  G_OBJECT_CLASS (mp_resource_parent_class)->finalize (object);
}

static void
mp_resource_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MpResource *self = MP_RESOURCE (object);

  switch (prop_id)
    {
    case PROP_MPN:
      g_value_set_string (value, self->mpn);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_RESOURCE_CATEGORY_ID:
      g_value_set_string (value, self->resource_category_id);
      break;

    case PROP_RESOURCE_CATEGORY_NAME:
      g_value_set_string (value, self->resource_category_name);
      break;

    case PROP_UNIT_OF_MEASURE:
      g_value_set_string (value, self->unit_of_measure);
      break;

    case PROP_INCLUDED:
      g_value_set_int64 (value, self->included);
      break;

    case PROP_MINIMUM:
      g_value_set_int64 (value, self->minimum);
      break;

    case PROP_MAXIMUM:
      g_value_set_int64 (value, self->maximum);
      break;

    case PROP_ONE_TIME:
      g_value_set_boolean (value, self->one_time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_resource_class_init (MpResourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_resource_finalize;
  object_class->get_property = mp_resource_get_property;

  properties[PROP_MPN] =
    g_param_spec_string ("mpn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE_CATEGORY_ID] =
    g_param_spec_string ("resource-category-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RESOURCE_CATEGORY_NAME] =
    g_param_spec_string ("resource-category-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT_OF_MEASURE] =
    g_param_spec_string ("unit-of-measure", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Free of charge; recurring prices are per unit above it */
  properties[PROP_INCLUDED] =
    g_param_spec_int64 ("included", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MINIMUM] =
    g_param_spec_int64 ("minimum", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* -1 when there is no upper limit */
  properties[PROP_MAXIMUM] =
    g_param_spec_int64 ("maximum", NULL, NULL, G_MININT64, G_MAXINT64, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A one-time service (QuickStart): setup price only, 0 or 1 */
  properties[PROP_ONE_TIME] =
    g_param_spec_boolean ("one-time", NULL, NULL, FALSE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_resource_init (MpResource *self)
{
  self->maximum = -1;
  self->prices = g_array_new (FALSE, TRUE, sizeof (Price));
  g_array_set_clear_func (self->prices, clear_price);
}

const char *
mp_resource_get_mpn (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), NULL);

  return self->mpn;
}

const char *
mp_resource_get_name (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), NULL);

  return self->name;
}

const char *
mp_resource_get_resource_category_id (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), NULL);

  return self->resource_category_id;
}

const char *
mp_resource_get_resource_category_name (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), NULL);

  return self->resource_category_name;
}

const char *
mp_resource_get_unit_of_measure (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), NULL);

  return self->unit_of_measure;
}

gint64
mp_resource_get_included (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), 0);

  return self->included;
}

gint64
mp_resource_get_minimum (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), 0);

  return self->minimum;
}

gint64
mp_resource_get_maximum (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), 0);

  return self->maximum;
}

gboolean
mp_resource_get_one_time (MpResource *self)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), FALSE);

  return self->one_time;
}

/**
 * mp_resource_new_from_json:
 *
 * Parses one resource as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpResource *
mp_resource_new_from_json (JsonObject  *object,
                          GError     **error)
{
  g_autoptr(MpResource) self = g_object_new (MP_TYPE_RESOURCE, NULL);
  JsonObject *category;
  JsonArray *prices;

  if (!mp_json_require_id (object, "mpn", "a product", &self->mpn, error))
    return NULL;
  self->name = mp_json_dup_string (object, "name");
  category = mp_json_get_object (object, "resourceCategory");
  self->resource_category_id = mp_json_dup_string (category, "id");
  self->resource_category_name = mp_json_dup_string (category, "name");
  self->unit_of_measure = mp_json_dup_string (object, "unitOfMeasure");
  self->included = mp_json_get_int (object, "includedQuantity", 0);
  self->minimum = mp_json_get_int (object, "minimumQuantity", 0);
  self->maximum = mp_json_get_int (object, "maximumQuantity", -1);
  self->one_time = mp_json_get_bool (object, "oneTime", FALSE);
  if (self->one_time && (self->maximum < 0 || self->maximum > 1))
    self->maximum = 1;

  prices = mp_json_get_array (object, "prices");
  for (guint i = 0; prices != NULL && i < json_array_get_length (prices); i++)
    {
      JsonNode *node = json_array_get_element (prices, i);
      JsonObject *price;
      JsonObject *period;
      Price p = { 0 };
      gboolean present;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      price = json_node_get_object (node);
      period = mp_json_get_object (price, "period");
      p.unit = mp_json_dup_string (period, "type");
      p.duration = mp_json_get_int (period, "duration", 1);
      if (!mp_json_get_money (price, "setup", &p.setup, &present, error)
          || !mp_json_get_money (price, "recurring", &p.recurring, &p.has_recurring, error))
        {
          g_free (p.unit);
          return NULL;
        }
      p.has_setup = present;
      g_array_append_val (self->prices, p);
    }

  return g_steal_pointer (&self);
}

/**
 * mp_resource_get_price:
 * @period: (nullable): the subscription period; NULL takes the first price
 * @setup: (out) (optional): the one-time setup price per unit
 * @recurring: (out) (optional): the recurring price per unit above the
 *   included amount, for one @period
 *
 * Returns: TRUE when the resource has a price for @period. A missing setup
 * or recurring part is returned as zero in the price's currency.
 */
gboolean
mp_resource_get_price (MpResource *self,
                       MpPeriod   *period,
                       MpMoney    *setup,
                       MpMoney    *recurring)
{
  g_return_val_if_fail (MP_IS_RESOURCE (self), FALSE);

  for (guint i = 0; i < self->prices->len; i++)
    {
      Price *p = &g_array_index (self->prices, Price, i);
      const char *currency;

      if (period != NULL
          && (g_strcmp0 (p->unit, mp_period_get_unit_name (period)) != 0
              || p->duration != mp_period_get_duration (period)))
        continue;
      currency = p->has_setup ? p->setup.currency
                 : p->has_recurring ? p->recurring.currency : "USD";
      if (setup != NULL)
        {
          if (p->has_setup)
            *setup = p->setup;
          else
            mp_money_init (setup, 0, currency);
        }
      if (recurring != NULL)
        {
          if (p->has_recurring)
            *recurring = p->recurring;
          else
            mp_money_init (recurring, 0, currency);
        }
      return TRUE;
    }
  return FALSE;
}
