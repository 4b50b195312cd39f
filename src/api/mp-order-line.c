/* mp-order-line.c: one line of an order or of a price estimate
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-order-line.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpOrderLine
{
  GObject parent_instance;

  char     *kind;
  char     *mpn;
  char     *description;
  gint64    quantity;
  MpMoney   unit_price;
  gboolean  has_unit_price;
  MpMoney   extended_price;
  gboolean  has_extended_price;
  char     *duration;
  MpPeriod *period;
  char     *name;
  char     *start_date;
  char     *end_date;
};

G_DEFINE_FINAL_TYPE (MpOrderLine, mp_order_line, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_MPN,
  PROP_DESCRIPTION,
  PROP_QUANTITY,
  PROP_UNIT_PRICE,
  PROP_EXTENDED_PRICE,
  PROP_DURATION,
  PROP_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_order_line_finalize (GObject *object)
{
  MpOrderLine *self = (MpOrderLine *) object;

  g_free (self->kind);
  g_free (self->mpn);
  g_free (self->description);
  g_free (self->duration);
  g_clear_object (&self->period);
  g_free (self->name);
  g_free (self->start_date);
  g_free (self->end_date);

  G_OBJECT_CLASS (mp_order_line_parent_class)->finalize (object);
}

static void
mp_order_line_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MpOrderLine *self = MP_ORDER_LINE (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_string (value, self->kind);
      break;

    case PROP_MPN:
      g_value_set_string (value, self->mpn);
      break;

    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;

    case PROP_QUANTITY:
      g_value_set_int64 (value, self->quantity);
      break;

    case PROP_UNIT_PRICE:
      g_value_set_boxed (value, self->has_unit_price ? &self->unit_price : NULL);
      break;

    case PROP_EXTENDED_PRICE:
      g_value_set_boxed (value, self->has_extended_price ? &self->extended_price : NULL);
      break;

    case PROP_DURATION:
      g_value_set_string (value, self->duration);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_order_line_class_init (MpOrderLineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_order_line_finalize;
  object_class->get_property = mp_order_line_get_property;

  /* "product" for an order line; the charge type of an estimate line: setup, recurring, nonProvisioningItem, ... */
  properties[PROP_KIND] =
    g_param_spec_string ("kind", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MPN] =
    g_param_spec_string ("mpn", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The product name, or the estimate line text (show it verbatim) */
  properties[PROP_DESCRIPTION] =
    g_param_spec_string ("description", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* For change orders returned by the server: the signed difference */
  properties[PROP_QUANTITY] =
    g_param_spec_int64 ("quantity", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UNIT_PRICE] =
    g_param_spec_boxed ("unit-price", NULL, NULL, MP_TYPE_MONEY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXTENDED_PRICE] =
    g_param_spec_boxed ("extended-price", NULL, NULL, MP_TYPE_MONEY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* For estimate lines: e.g. "1 month" */
  properties[PROP_DURATION] =
    g_param_spec_string ("duration", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The product's name, for an estimate line (from the estimate's
   * products[]); NULL when the marketplace did not name it. */
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_order_line_init (MpOrderLine *self)
{
}

const char *
mp_order_line_get_kind (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->kind;
}

const char *
mp_order_line_get_mpn (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->mpn;
}

const char *
mp_order_line_get_description (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->description;
}

gint64
mp_order_line_get_quantity (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), 0);

  return self->quantity;
}

const MpMoney *
mp_order_line_get_unit_price (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->has_unit_price ? &self->unit_price : NULL;
}

const MpMoney *
mp_order_line_get_extended_price (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->has_extended_price ? &self->extended_price : NULL;
}

const char *
mp_order_line_get_duration (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->duration;
}

/* The term of an estimate line ("duration"); NULL when it has none. */
MpPeriod *
mp_order_line_get_period (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->period;
}

const char *
mp_order_line_get_name (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->name;
}

void
mp_order_line_set_name (MpOrderLine *self,
                        const char  *name)
{
  g_return_if_fail (MP_IS_ORDER_LINE (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;
  g_free (self->name);
  self->name = g_strdup (name);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

/* The first and last day ("YYYY-MM-DD") a recurring estimate line charges
 * for (market-panel-server's extension); NULL when not sent. */
const char *
mp_order_line_get_start_date (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->start_date;
}

const char *
mp_order_line_get_end_date (MpOrderLine *self)
{
  g_return_val_if_fail (MP_IS_ORDER_LINE (self), NULL);

  return self->end_date;
}

/**
 * mp_order_line_new_from_json:
 *
 * Parses one order line as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpOrderLine *
mp_order_line_new_from_json (JsonObject  *object,
                            GError     **error)
{
  g_autoptr(MpOrderLine) self = g_object_new (MP_TYPE_ORDER_LINE, NULL);
  JsonObject *duration;
  gboolean present;
  g_autofree char *type = NULL;

  self->mpn = mp_json_dup_string (object, "mpn");
  type = mp_json_dup_string (object, "type");
  /* Order products carry a name; estimate details a type and description. */
  if (json_object_has_member (object, "description"))
    {
      self->kind = g_steal_pointer (&type);
      self->description = mp_json_dup_string (object, "description");
    }
  else
    {
      self->kind = g_strdup ("product");
      self->description = mp_json_dup_string (object, "name");
    }
  if (self->description == NULL)
    self->description = g_strdup (self->mpn);
  self->quantity = mp_json_get_int (object, "quantity", 0);
  if (!mp_json_get_money (object, "unitPrice", &self->unit_price, &present, error))
    return NULL;
  self->has_unit_price = present;
  if (!mp_json_get_money (object, "extendedPrice", &self->extended_price, &present, error))
    return NULL;
  self->has_extended_price = present;
  duration = mp_json_get_object (object, "duration");
  if (duration != NULL)
    {
      g_autofree char *unit = mp_json_dup_string (duration, "type");

      self->duration = g_strdup_printf ("%" G_GINT64_FORMAT " %s",
                                        mp_json_get_int (duration, "duration", 1),
                                        unit ? unit : "");
      if (unit != NULL)
        self->period = mp_period_new (unit, mp_json_get_int (duration, "duration", 1));
    }
  self->start_date = mp_json_dup_string (object, "startDate");
  self->end_date = mp_json_dup_string (object, "endDate");

  return g_steal_pointer (&self);
}
