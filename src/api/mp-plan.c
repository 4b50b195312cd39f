/* mp-plan.c: a service plan (offer), with its periods and, as extensions, its products
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-plan.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpPlan
{
  GObject parent_instance;

  char       *id;
  char       *name;
  char       *short_description;
  char       *long_description;
  gboolean    published;
  char       *category_id;
  char       *category_name;
  char       *product_line_id;
  char       *product_line_name;
  char       *vendor;
  MpAudience  audience;
  char       *billing_model;
  GListStore *periods;
  GListStore *switches;      /* MpPlanSwitch */
  GListStore *resources;
  GListStore *resource_categories;
  GListStore *terms;
  gboolean    has_details;
};

G_DEFINE_FINAL_TYPE (MpPlan, mp_plan, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_SHORT_DESCRIPTION,
  PROP_LONG_DESCRIPTION,
  PROP_PUBLISHED,
  PROP_CATEGORY_ID,
  PROP_CATEGORY_NAME,
  PROP_PRODUCT_LINE_ID,
  PROP_PRODUCT_LINE_NAME,
  PROP_VENDOR,
  PROP_AUDIENCE,
  PROP_BILLING_MODEL,
  PROP_PERIODS,
  PROP_RESOURCES,
  PROP_RESOURCE_CATEGORIES,
  PROP_TERMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_plan_finalize (GObject *object)
{
  MpPlan *self = (MpPlan *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->short_description);
  g_free (self->long_description);
  g_free (self->category_id);
  g_free (self->category_name);
  g_free (self->product_line_id);
  g_free (self->product_line_name);
  g_free (self->vendor);
  g_free (self->billing_model);
  g_clear_object (&self->periods);
  g_clear_object (&self->switches);
  g_clear_object (&self->resources);
  g_clear_object (&self->resource_categories);
  g_clear_object (&self->terms);

  G_OBJECT_CLASS (mp_plan_parent_class)->finalize (object);
}

static void
mp_plan_get_property (GObject    *object,
                      guint       prop_id,
                      GValue     *value,
                      GParamSpec *pspec)
{
  MpPlan *self = MP_PLAN (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_SHORT_DESCRIPTION:
      g_value_set_string (value, self->short_description);
      break;

    case PROP_LONG_DESCRIPTION:
      g_value_set_string (value, self->long_description);
      break;

    case PROP_PUBLISHED:
      g_value_set_boolean (value, self->published);
      break;

    case PROP_CATEGORY_ID:
      g_value_set_string (value, self->category_id);
      break;

    case PROP_CATEGORY_NAME:
      g_value_set_string (value, self->category_name);
      break;

    case PROP_PRODUCT_LINE_ID:
      g_value_set_string (value, self->product_line_id);
      break;

    case PROP_PRODUCT_LINE_NAME:
      g_value_set_string (value, self->product_line_name);
      break;

    case PROP_VENDOR:
      g_value_set_string (value, self->vendor);
      break;

    case PROP_AUDIENCE:
      g_value_set_enum (value, self->audience);
      break;

    case PROP_BILLING_MODEL:
      g_value_set_string (value, self->billing_model);
      break;

    case PROP_PERIODS:
      g_value_set_object (value, self->periods);
      break;

    case PROP_RESOURCES:
      g_value_set_object (value, self->resources);
      break;

    case PROP_RESOURCE_CATEGORIES:
      g_value_set_object (value, self->resource_categories);
      break;

    case PROP_TERMS:
      g_value_set_object (value, self->terms);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_plan_class_init (MpPlanClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_plan_finalize;
  object_class->get_property = mp_plan_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHORT_DESCRIPTION] =
    g_param_spec_string ("short-description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LONG_DESCRIPTION] =
    g_param_spec_string ("long-description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PUBLISHED] =
    g_param_spec_boolean ("published", NULL, NULL, TRUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Extension */
  properties[PROP_CATEGORY_ID] =
    g_param_spec_string ("category-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATEGORY_NAME] =
    g_param_spec_string ("category-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRODUCT_LINE_ID] =
    g_param_spec_string ("product-line-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PRODUCT_LINE_NAME] =
    g_param_spec_string ("product-line-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VENDOR] =
    g_param_spec_string ("vendor", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* reseller or customer (extension); ANY when unknown */
  properties[PROP_AUDIENCE] =
    g_param_spec_enum ("audience", NULL, NULL, MP_TYPE_AUDIENCE, MP_AUDIENCE_ANY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BILLING_MODEL] =
    g_param_spec_string ("billing-model", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* MpPeriod items: the subscription periods on offer */
  properties[PROP_PERIODS] =
    g_param_spec_object ("periods", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* MpResource items (extension; empty on a plain SimpleAPI server) */
  properties[PROP_RESOURCES] =
    g_param_spec_object ("resources", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* MpCategory items */
  properties[PROP_RESOURCE_CATEGORIES] =
    g_param_spec_object ("resource-categories", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* MpTerms items to accept before buying */
  properties[PROP_TERMS] =
    g_param_spec_object ("terms", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_plan_init (MpPlan *self)
{
  self->published = TRUE;
  self->periods = g_list_store_new (MP_TYPE_PERIOD);
  self->switches = g_list_store_new (MP_TYPE_PLAN_SWITCH);
  self->resources = g_list_store_new (MP_TYPE_RESOURCE);
  self->resource_categories = g_list_store_new (MP_TYPE_CATEGORY);
  self->terms = g_list_store_new (MP_TYPE_TERMS);
}

const char *
mp_plan_get_id (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->id;
}

const char *
mp_plan_get_name (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->name;
}

const char *
mp_plan_get_short_description (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->short_description;
}

const char *
mp_plan_get_long_description (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->long_description;
}

gboolean
mp_plan_get_published (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), FALSE);

  return self->published;
}

const char *
mp_plan_get_category_id (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->category_id;
}

const char *
mp_plan_get_category_name (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->category_name;
}

const char *
mp_plan_get_product_line_id (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->product_line_id;
}

const char *
mp_plan_get_product_line_name (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->product_line_name;
}

const char *
mp_plan_get_vendor (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->vendor;
}

MpAudience
mp_plan_get_audience (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), MP_AUDIENCE_ANY);

  return self->audience;
}

const char *
mp_plan_get_billing_model (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return self->billing_model;
}

GListModel *
mp_plan_get_periods (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return G_LIST_MODEL (self->periods);
}

/**
 * mp_plan_offers_period:
 * @period: a subscription period
 *
 * Returns: whether the plan can be bought for @period (one of its periods
 *   has the same unit and duration)
 */
gboolean
mp_plan_offers_period (MpPlan   *self,
                       MpPeriod *period)
{
  GListModel *periods;

  g_return_val_if_fail (MP_IS_PLAN (self), FALSE);
  g_return_val_if_fail (MP_IS_PERIOD (period), FALSE);

  periods = G_LIST_MODEL (self->periods);
  for (guint i = 0; i < g_list_model_get_n_items (periods); i++)
    {
      g_autoptr(MpPeriod) p = g_list_model_get_item (periods, i);

      if (mp_period_equal (p, period))
        return TRUE;
    }
  return FALSE;
}

GListModel *
mp_plan_get_resources (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return G_LIST_MODEL (self->resources);
}

GListModel *
mp_plan_get_resource_categories (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return G_LIST_MODEL (self->resource_categories);
}

GListModel *
mp_plan_get_terms (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return G_LIST_MODEL (self->terms);
}

/**
 * mp_plan_new_from_json:
 *
 * Parses one service plan as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpPlan *
mp_plan_new_from_json (JsonObject  *object,
                      GError     **error)
{
  g_autoptr(MpPlan) self = g_object_new (MP_TYPE_PLAN, NULL);
  JsonObject *member;

  if (!mp_json_require_id (object, "id", "a plan", &self->id, error))
    return NULL;
  self->name = mp_json_dup_string (object, "name");
  self->short_description = mp_json_dup_string (object, "shortDescription");
  self->long_description = mp_json_dup_string (object, "longDescription");
  self->published = mp_json_get_bool (object, "published", TRUE);
  member = mp_json_get_object (object, "category");
  self->category_id = mp_json_dup_string (member, "id");
  self->category_name = mp_json_dup_string (member, "name");
  member = mp_json_get_object (object, "productLine");
  self->product_line_id = mp_json_dup_string (member, "id");
  self->product_line_name = mp_json_dup_string (member, "name");
  self->vendor = mp_json_dup_string (object, "vendor");
  self->audience = mp_json_get_enum (object, "audience", MP_TYPE_AUDIENCE, MP_AUDIENCE_ANY);
  self->billing_model = mp_json_dup_string (object, "billingModel");
  self->has_details = json_object_has_member (object, "products");

  if (!mp_json_parse_into (mp_json_get_array (object, "subscriptionPeriods"), self->periods,
                           (MpJsonParseFunc) mp_period_new_from_json, error)
      || !mp_json_parse_into (mp_json_get_array (object, "products"), self->resources,
                              (MpJsonParseFunc) mp_resource_new_from_json, error)
      || !mp_json_parse_into (mp_json_get_array (object, "resourceCategories"),
                              self->resource_categories,
                              (MpJsonParseFunc) mp_category_new_from_json, error)
      || !mp_json_parse_into (mp_json_get_array (object, "termsAndConditions"), self->terms,
                              (MpJsonParseFunc) mp_terms_new_from_json, error)
      || !mp_json_parse_into (mp_json_get_array (object, "planSwitches"), self->switches,
                              (MpJsonParseFunc) mp_plan_switch_new_from_json, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * mp_plan_get_switches:
 *
 * Returns: (transfer none): the MpPlanSwitch items of GET /plans/{id}'s
 * planSwitches[] (empty for a list row).
 */
GListModel *
mp_plan_get_switches (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  return G_LIST_MODEL (self->switches);
}

/* Returns: (transfer none) (nullable): the switch to @plan_id and @period
 * from @source_period, NULL if the plan has none.
 */
MpPlanSwitch *
mp_plan_find_switch (MpPlan     *self,
                     const char *plan_id,
                     MpPeriod   *period,
                     MpPeriod   *source_period)
{
  guint n;

  g_return_val_if_fail (MP_IS_PLAN (self), NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->switches));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPlanSwitch) s = g_list_model_get_item (G_LIST_MODEL (self->switches), i);
      MpPeriod *source = mp_plan_switch_get_source_period (s);

      if (g_strcmp0 (mp_plan_switch_get_plan_id (s), plan_id) == 0
          && mp_period_equal (mp_plan_switch_get_period (s), period)
          && (source == NULL || source_period == NULL || mp_period_equal (source, source_period)))
        return s;
    }
  return NULL;
}

/* TRUE when the plan came with its products (GET /plans/{id} on a server
 * with extensions), FALSE for a list row or a plain SimpleAPI plan.
 */
gboolean
mp_plan_has_details (MpPlan *self)
{
  g_return_val_if_fail (MP_IS_PLAN (self), FALSE);

  return self->has_details;
}

/* Returns: (transfer none) (nullable): the resource with @mpn. */
MpResource *
mp_plan_find_resource (MpPlan     *self,
                       const char *mpn)
{
  guint n;

  g_return_val_if_fail (MP_IS_PLAN (self), NULL);
  g_return_val_if_fail (mpn != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->resources));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpResource) resource = g_list_model_get_item (G_LIST_MODEL (self->resources), i);

      if (g_strcmp0 (mp_resource_get_mpn (resource), mpn) == 0)
        return resource;
    }
  return NULL;
}
