/* mp-period.c: a subscription period: {type, duration}
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-period.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpPeriod
{
  GObject parent_instance;

  MpPeriodUnit  unit;
  char         *unit_name;  /* as the marketplace wrote it, for JSON */
  gint64        duration;
  gboolean      trial;
  gboolean      active;
};

G_DEFINE_FINAL_TYPE (MpPeriod, mp_period, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_UNIT,
  PROP_DURATION,
  PROP_TRIAL,
  PROP_ACTIVE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_period_finalize (GObject *object)
{
  MpPeriod *self = (MpPeriod *) object;

  g_free (self->unit_name);

  G_OBJECT_CLASS (mp_period_parent_class)->finalize (object);
}

static void
mp_period_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MpPeriod *self = MP_PERIOD (object);

  switch (prop_id)
    {
    case PROP_UNIT:
      g_value_set_enum (value, self->unit);
      break;

    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;

    case PROP_TRIAL:
      g_value_set_boolean (value, self->trial);
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_period_class_init (MpPeriodClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_period_finalize;
  object_class->get_property = mp_period_get_property;

  /* day, month, year; UNKNOWN for what else the server says */
  properties[PROP_UNIT] =
    g_param_spec_enum ("unit", NULL, NULL, MP_TYPE_PERIOD_UNIT, MP_PERIOD_UNIT_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TRIAL] =
    g_param_spec_boolean ("trial", NULL, NULL, FALSE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, TRUE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_period_init (MpPeriod *self)
{
  self->active = TRUE;
}

MpPeriodUnit
mp_period_get_unit (MpPeriod *self)
{
  g_return_val_if_fail (MP_IS_PERIOD (self), MP_PERIOD_UNIT_UNKNOWN);

  return self->unit;
}

/* The unit as the marketplace names it ("month"), for JSON. */
const char *
mp_period_get_unit_name (MpPeriod *self)
{
  g_return_val_if_fail (MP_IS_PERIOD (self), NULL);

  return self->unit_name;
}

gint64
mp_period_get_duration (MpPeriod *self)
{
  g_return_val_if_fail (MP_IS_PERIOD (self), 0);

  return self->duration;
}

gboolean
mp_period_get_trial (MpPeriod *self)
{
  g_return_val_if_fail (MP_IS_PERIOD (self), FALSE);

  return self->trial;
}

gboolean
mp_period_get_active (MpPeriod *self)
{
  g_return_val_if_fail (MP_IS_PERIOD (self), FALSE);

  return self->active;
}

/**
 * mp_period_new_from_json:
 *
 * Parses one period as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpPeriod *
mp_period_new_from_json (JsonObject  *object,
                        GError     **error)
{
  g_autoptr(MpPeriod) self = g_object_new (MP_TYPE_PERIOD, NULL);
  self->unit_name = mp_json_dup_string (object, "type");
  self->unit = mp_enum_from_nick (MP_TYPE_PERIOD_UNIT, self->unit_name, MP_PERIOD_UNIT_UNKNOWN);
  self->duration = mp_json_get_int (object, "duration", -1);
  if (self->unit_name == NULL || self->duration < 0)
    {
      mp_json_set_bad_response (error, "The server sent a period without a type or duration");
      return NULL;
    }
  self->trial = mp_json_get_bool (object, "trial", FALSE);
  self->active = mp_json_get_bool (object, "active", TRUE);

  return g_steal_pointer (&self);
}

MpPeriod *
mp_period_new (const char *unit,
               gint64      duration)
{
  MpPeriod *self;

  g_return_val_if_fail (unit != NULL, NULL);

  self = g_object_new (MP_TYPE_PERIOD, NULL);
  self->unit_name = g_strdup (unit);
  self->unit = mp_enum_from_nick (MP_TYPE_PERIOD_UNIT, unit, MP_PERIOD_UNIT_UNKNOWN);
  self->duration = duration;
  return self;
}

gboolean
mp_period_equal (MpPeriod *a,
                 MpPeriod *b)
{
  g_return_val_if_fail (MP_IS_PERIOD (a) && MP_IS_PERIOD (b), FALSE);

  return a->duration == b->duration && g_strcmp0 (a->unit_name, b->unit_name) == 0;
}

gboolean
mp_period_matches_json (MpPeriod   *self,
                        JsonObject *object)
{
  g_autofree char *unit = NULL;

  g_return_val_if_fail (MP_IS_PERIOD (self), FALSE);

  if (object == NULL)
    return FALSE;
  unit = mp_json_dup_string (object, "type");
  return g_strcmp0 (unit, self->unit_name) == 0
         && mp_json_get_int (object, "duration", -1) == self->duration;
}

/* The period in whole months: 1 for a month, 12 for a year, 0 when it is
 * not a whole number of months (days).
 */
gint64
mp_period_get_months (MpPeriod *self)
{
  g_return_val_if_fail (MP_IS_PERIOD (self), 0);

  if (self->unit == MP_PERIOD_UNIT_MONTH)
    return self->duration;
  if (self->unit == MP_PERIOD_UNIT_YEAR)
    return self->duration * 12;
  return 0;
}

JsonNode *
mp_period_to_json (MpPeriod *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (MP_IS_PERIOD (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, self->unit_name);
  json_builder_set_member_name (builder, "duration");
  json_builder_add_int_value (builder, self->duration);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}
