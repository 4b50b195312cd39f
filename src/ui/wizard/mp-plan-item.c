/* mp-plan-item.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-plan-item"

#include "config.h"

#include <string.h>

#include "mp-plan-item.h"

struct _MpPlanItem
{
  GObject     parent_instance;

  char       *id;
  char       *title;
  char       *subtitle;
  GListModel *plans;
  char       *folded;     /* the search text, folded once */
  char       *sort_key;
  char       *header;
  gboolean    chosen;
};

G_DEFINE_FINAL_TYPE (MpPlanItem, mp_plan_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_HEADER,
  PROP_CHOSEN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
append_folded (GString    *text,
               const char *part)
{
  g_autofree char *folded = NULL;

  if (part == NULL || *part == '\0')
    return;
  folded = g_utf8_casefold (part, -1);
  /* A line break between the parts: no match runs across two of them. */
  g_string_append (text, folded);
  g_string_append_c (text, '\n');
}

static void
mp_plan_item_finalize (GObject *object)
{
  MpPlanItem *self = MP_PLAN_ITEM (object);

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_object (&self->plans);
  g_clear_pointer (&self->folded, g_free);
  g_clear_pointer (&self->sort_key, g_free);
  g_clear_pointer (&self->header, g_free);

  G_OBJECT_CLASS (mp_plan_item_parent_class)->finalize (object);
}

static void
mp_plan_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MpPlanItem *self = MP_PLAN_ITEM (object);

  switch (prop_id)
    {
    case PROP_HEADER:
      g_value_set_string (value, self->header);
      break;

    case PROP_CHOSEN:
      g_value_set_boolean (value, self->chosen);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_plan_item_class_init (MpPlanItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_plan_item_finalize;
  object_class->get_property = mp_plan_item_get_property;

  properties[PROP_HEADER] =
    g_param_spec_string ("header", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CHOSEN] =
    g_param_spec_boolean ("chosen", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_plan_item_init (MpPlanItem *self)
{
}

MpPlanItem *
mp_plan_item_new (const char *id,
                  const char *title,
                  const char *subtitle,
                  GListModel *plans)
{
  MpPlanItem *self;
  GString *text = g_string_new (NULL);
  guint n;

  g_return_val_if_fail (id != NULL, NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (plans) && g_list_model_get_n_items (plans) > 0, NULL);

  self = g_object_new (MP_TYPE_PLAN_ITEM, NULL);
  self->id = g_strdup (id);
  self->title = g_strdup (title);
  self->subtitle = g_strdup (subtitle);
  self->plans = g_object_ref (plans);
  self->sort_key = g_utf8_collate_key (title != NULL ? title : "", -1);

  n = g_list_model_get_n_items (plans);
  append_folded (text, title);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (plans, i);

      append_folded (text, mp_plan_get_name (plan));
      append_folded (text, mp_plan_get_product_line_name (plan));
      append_folded (text, mp_plan_get_short_description (plan));
      append_folded (text, mp_plan_get_long_description (plan));
      append_folded (text, mp_plan_get_vendor (plan));
      append_folded (text, mp_plan_get_category_name (plan));
    }
  self->folded = g_string_free (text, FALSE);
  return self;
}

const char *
mp_plan_item_get_id (MpPlanItem *self)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), NULL);
  return self->id;
}

const char *
mp_plan_item_get_title (MpPlanItem *self)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), NULL);
  return self->title;
}

const char *
mp_plan_item_get_subtitle (MpPlanItem *self)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), NULL);
  return self->subtitle;
}

const char *
mp_plan_item_get_sort_key (MpPlanItem *self)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), NULL);
  return self->sort_key;
}

GListModel *
mp_plan_item_get_plans (MpPlanItem *self)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), NULL);
  return self->plans;
}

MpPlan *
mp_plan_item_get_plan (MpPlanItem *self)
{
  MpPlan *plan;

  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), NULL);

  plan = g_list_model_get_item (self->plans, 0);
  g_object_unref (plan);   /* self->plans holds it */
  return plan;
}

const char *
mp_plan_item_get_category_name (MpPlanItem *self)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), NULL);
  return mp_plan_get_category_name (mp_plan_item_get_plan (self));
}

gboolean
mp_plan_item_matches (MpPlanItem *self,
                      const char *folded)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), FALSE);
  return folded == NULL || strstr (self->folded, folded) != NULL;
}

const char *
mp_plan_item_get_header (MpPlanItem *self)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), NULL);
  return self->header;
}

void
mp_plan_item_set_header (MpPlanItem *self,
                         const char *header)
{
  g_return_if_fail (MP_IS_PLAN_ITEM (self));

  if (g_strcmp0 (self->header, header) == 0)
    return;
  g_free (self->header);
  self->header = g_strdup (header);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HEADER]);
}

gboolean
mp_plan_item_get_chosen (MpPlanItem *self)
{
  g_return_val_if_fail (MP_IS_PLAN_ITEM (self), FALSE);
  return self->chosen;
}

void
mp_plan_item_set_chosen (MpPlanItem *self,
                         gboolean    chosen)
{
  g_return_if_fail (MP_IS_PLAN_ITEM (self));

  chosen = !!chosen;
  if (self->chosen == chosen)
    return;
  self->chosen = chosen;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
}
