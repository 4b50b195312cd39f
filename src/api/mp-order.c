/* mp-order.c: an order (sales, change, ...) and its provisioning progress
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-order.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpOrder
{
  GObject parent_instance;

  char          *id;
  char          *order_number;
  MpOrderType    order_type;
  char          *customer_id;
  char          *plan_id;
  char          *po_number;
  char          *creation_date;
  MpOrderStatus  status;
  char          *status_code;
  gboolean       final;
  char          *subscription_id;
  char          *provisioning_date;
  MpMoney        total;
  gboolean       has_total;
  gint64         progress;
  gint64         step;
  GStrv          steps;
  char          *error_message;
  char          *correlation_id;
  char          *scheduled_date;
  char          *cancellation_reason;
  GListStore    *lines;
};

G_DEFINE_FINAL_TYPE (MpOrder, mp_order, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_ORDER_NUMBER,
  PROP_ORDER_TYPE,
  PROP_CUSTOMER_ID,
  PROP_PLAN_ID,
  PROP_PO_NUMBER,
  PROP_CREATION_DATE,
  PROP_STATUS,
  PROP_STATUS_CODE,
  PROP_FINAL,
  PROP_SUBSCRIPTION_ID,
  PROP_PROVISIONING_DATE,
  PROP_TOTAL,
  PROP_PROGRESS,
  PROP_STEP,
  PROP_STEPS,
  PROP_ERROR_MESSAGE,
  PROP_LINES,
  PROP_CORRELATION_ID,
  PROP_SCHEDULED_DATE,
  PROP_CANCELLATION_REASON,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_order_set_status (MpOrder       *self,
                     MpOrderStatus  value)
{
  if (self->status == value)
    return;
  self->status = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

static void
mp_order_set_status_code (MpOrder *self,
                           const char *value)
{
  if (mp_set_str (&self->status_code, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS_CODE]);
}

static void
mp_order_set_final (MpOrder *self,
                     gboolean    value)
{
  value = !!value;
  if (self->final == value)
    return;
  self->final = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FINAL]);
}

static void
mp_order_set_subscription_id (MpOrder *self,
                               const char *value)
{
  if (mp_set_str (&self->subscription_id, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBSCRIPTION_ID]);
}

static void
mp_order_set_provisioning_date (MpOrder *self,
                                 const char *value)
{
  if (mp_set_str (&self->provisioning_date, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROVISIONING_DATE]);
}

static void
mp_order_set_total (MpOrder *self,
                     const MpMoney *value)
{
  if (value == NULL ? !self->has_total
      : (self->has_total && mp_money_equal (&self->total, value)))
    return;
  self->has_total = value != NULL;
  if (value != NULL)
    self->total = *value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TOTAL]);
}

static void
mp_order_set_progress (MpOrder *self,
                        gint64      value)
{
  if (self->progress == value)
    return;
  self->progress = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROGRESS]);
}

static void
mp_order_set_step (MpOrder *self,
                    gint64      value)
{
  if (self->step == value)
    return;
  self->step = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEP]);
}

static void
mp_order_set_steps (MpOrder *self,
                     const char * const *value)
{
  if (value == NULL ? self->steps == NULL
      : (self->steps != NULL && g_strv_equal ((const char * const *) self->steps, value)))
    return;
  g_strfreev (self->steps);
  self->steps = g_strdupv ((char **) value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STEPS]);
}

static void
mp_order_set_error_message (MpOrder *self,
                             const char *value)
{
  if (mp_set_str (&self->error_message, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR_MESSAGE]);
}

static void
mp_order_set_scheduled_date (MpOrder    *self,
                             const char *value)
{
  if (mp_set_str (&self->scheduled_date, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULED_DATE]);
}

static void
mp_order_set_cancellation_reason (MpOrder    *self,
                                  const char *value)
{
  if (mp_set_str (&self->cancellation_reason, value))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CANCELLATION_REASON]);
}

static void
mp_order_finalize (GObject *object)
{
  MpOrder *self = (MpOrder *) object;

  g_free (self->scheduled_date);
  g_free (self->cancellation_reason);

  g_free (self->id);
  g_free (self->order_number);
  g_free (self->customer_id);
  g_free (self->plan_id);
  g_free (self->po_number);
  g_free (self->creation_date);
  g_free (self->status_code);
  g_free (self->subscription_id);
  g_free (self->provisioning_date);
  g_strfreev (self->steps);
  g_free (self->error_message);
  g_free (self->correlation_id);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (mp_order_parent_class)->finalize (object);
}

static void
mp_order_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  MpOrder *self = MP_ORDER (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_ORDER_NUMBER:
      g_value_set_string (value, self->order_number);
      break;

    case PROP_ORDER_TYPE:
      g_value_set_enum (value, self->order_type);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;

    case PROP_PLAN_ID:
      g_value_set_string (value, self->plan_id);
      break;

    case PROP_PO_NUMBER:
      g_value_set_string (value, self->po_number);
      break;

    case PROP_CREATION_DATE:
      g_value_set_string (value, self->creation_date);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    case PROP_STATUS_CODE:
      g_value_set_string (value, self->status_code);
      break;

    case PROP_FINAL:
      g_value_set_boolean (value, self->final);
      break;

    case PROP_SUBSCRIPTION_ID:
      g_value_set_string (value, self->subscription_id);
      break;

    case PROP_PROVISIONING_DATE:
      g_value_set_string (value, self->provisioning_date);
      break;

    case PROP_TOTAL:
      g_value_set_boxed (value, self->has_total ? &self->total : NULL);
      break;

    case PROP_PROGRESS:
      g_value_set_int64 (value, self->progress);
      break;

    case PROP_STEP:
      g_value_set_int64 (value, self->step);
      break;

    case PROP_STEPS:
      g_value_set_boxed (value, self->steps);
      break;

    case PROP_ERROR_MESSAGE:
      g_value_set_string (value, self->error_message);
      break;

    case PROP_SCHEDULED_DATE:
      g_value_set_string (value, self->scheduled_date);
      break;

    case PROP_CANCELLATION_REASON:
      g_value_set_string (value, self->cancellation_reason);
      break;

    case PROP_LINES:
      g_value_set_object (value, self->lines);
      break;

    case PROP_CORRELATION_ID:
      g_value_set_string (value, self->correlation_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_order_class_init (MpOrderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_order_finalize;
  object_class->get_property = mp_order_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* SO000012, CH000003, ... */
  properties[PROP_ORDER_NUMBER] =
    g_param_spec_string ("order-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* sales, change, renewal, cancellation, migration */
  properties[PROP_ORDER_TYPE] =
    g_param_spec_enum ("order-type", NULL, NULL, MP_TYPE_ORDER_TYPE, MP_ORDER_TYPE_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN_ID] =
    g_param_spec_string ("plan-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PO_NUMBER] =
    g_param_spec_string ("po-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATION_DATE] =
    g_param_spec_string ("creation-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* submitted, processing, completed, error, cancelled */
  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MP_TYPE_ORDER_STATUS, MP_ORDER_STATUS_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The two-letter BSS code: AS, LO, CP, PF, CL, ... */
  properties[PROP_STATUS_CODE] =
    g_param_spec_string ("status-code", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* TRUE once status is completed, error or cancelled */
  properties[PROP_FINAL] =
    g_param_spec_boolean ("final", NULL, NULL, FALSE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The subscription created or changed */
  properties[PROP_SUBSCRIPTION_ID] =
    g_param_spec_string ("subscription-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROVISIONING_DATE] =
    g_param_spec_string ("provisioning-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_boxed ("total", NULL, NULL, MP_TYPE_MONEY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Provisioning progress 0 ... 100 (extension), -1 when unknown */
  properties[PROP_PROGRESS] =
    g_param_spec_int64 ("progress", NULL, NULL, G_MININT64, G_MAXINT64, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The current provisioning step, as the server counts it (extension), -1 when unknown */
  properties[PROP_STEP] =
    g_param_spec_int64 ("step", NULL, NULL, G_MININT64, G_MAXINT64, -1,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The names of the provisioning steps (extension) */
  properties[PROP_STEPS] =
    g_param_spec_boxed ("steps", NULL, NULL, G_TYPE_STRV,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the order failed */
  properties[PROP_ERROR_MESSAGE] =
    g_param_spec_string ("error-message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* MpOrderLine items */
  properties[PROP_LINES] =
    g_param_spec_object ("lines", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /* The X-Correlation-ID of the answer the order was last read from: what
   * the marketplace's support asks for when an order failed.
   */
  properties[PROP_CORRELATION_ID] =
    g_param_spec_string ("correlation-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "YYYY-MM-DD": a change applied at the renewal (scheduledOn); NULL: not scheduled */
  properties[PROP_SCHEDULED_DATE] =
    g_param_spec_string ("scheduled-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* Why the server cancelled a scheduled change (its subscription ended first) */
  properties[PROP_CANCELLATION_REASON] =
    g_param_spec_string ("cancellation-reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_order_init (MpOrder *self)
{
  self->progress = -1;
  self->step = -1;
  self->lines = g_list_store_new (MP_TYPE_ORDER_LINE);
}

const char *
mp_order_get_id (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->id;
}

const char *
mp_order_get_order_number (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->order_number;
}

MpOrderType
mp_order_get_order_type (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), MP_ORDER_TYPE_UNKNOWN);

  return self->order_type;
}

const char *
mp_order_get_customer_id (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->customer_id;
}

const char *
mp_order_get_plan_id (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->plan_id;
}

const char *
mp_order_get_po_number (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->po_number;
}

const char *
mp_order_get_creation_date (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->creation_date;
}

MpOrderStatus
mp_order_get_status (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), MP_ORDER_STATUS_UNKNOWN);

  return self->status;
}

const char *
mp_order_get_status_code (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->status_code;
}

gboolean
mp_order_get_final (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), FALSE);

  return self->final;
}

const char *
mp_order_get_subscription_id (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->subscription_id;
}

const char *
mp_order_get_provisioning_date (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->provisioning_date;
}

const MpMoney *
mp_order_get_total (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->has_total ? &self->total : NULL;
}

gint64
mp_order_get_progress (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), 0);

  return self->progress;
}

gint64
mp_order_get_step (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), 0);

  return self->step;
}

const char * const *
mp_order_get_steps (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return (const char * const *) self->steps;
}

const char *
mp_order_get_error_message (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->error_message;
}

/**
 * mp_order_get_scheduled_date:
 *
 * For a change scheduled for the renewal (SimpleAPI scheduledOn:
 * "renewal"): the renewal date, "YYYY-MM-DD" ("" when the server does not
 * say); NULL for an order that is not scheduled.
 */
const char *
mp_order_get_scheduled_date (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->scheduled_date;
}

gboolean
mp_order_get_scheduled (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), FALSE);

  return self->scheduled_date != NULL;
}

/* Why the server cancelled a scheduled change; NULL: it did not. */
const char *
mp_order_get_cancellation_reason (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->cancellation_reason;
}

const char *
mp_order_get_correlation_id (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return self->correlation_id;
}

void
mp_order_set_correlation_id (MpOrder    *self,
                             const char *correlation_id)
{
  g_return_if_fail (MP_IS_ORDER (self));

  if (mp_set_str (&self->correlation_id, correlation_id))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CORRELATION_ID]);
}

GListModel *
mp_order_get_lines (MpOrder *self)
{
  g_return_val_if_fail (MP_IS_ORDER (self), NULL);

  return G_LIST_MODEL (self->lines);
}

static gboolean
update (MpOrder     *self,
        JsonObject  *object,
        GError     **error)
{
  MpOrderStatus status = mp_json_get_enum (object, "status", MP_TYPE_ORDER_STATUS,
                                           MP_ORDER_STATUS_UNKNOWN);
  g_autofree char *status_code = mp_json_dup_string (object, "statusCode");
  g_autofree char *subscription_id = mp_json_dup_string (object, "subscriptionId");
  g_autofree char *provisioning_date = mp_json_dup_string (object, "provisioningDate");
  g_autofree char *error_message = mp_json_dup_string (object, "errorMessage");
  g_auto(GStrv) steps = NULL;
  JsonObject *provisioning = mp_json_get_object (object, "provisioning");
  JsonArray *steps_array = mp_json_get_array (provisioning, "steps");
  MpMoney total;
  gboolean has_total;
  g_autoptr(GListStore) lines = g_list_store_new (MP_TYPE_ORDER_LINE);

  if (!mp_json_get_money (object, "total", &total, &has_total, error))
    return FALSE;
  if (!mp_json_parse_into (mp_json_get_array (object, "products"), lines,
                           (MpJsonParseFunc) mp_order_line_new_from_json, error))
    return FALSE;
  if (steps_array != NULL)
    {
      g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

      for (guint i = 0; i < json_array_get_length (steps_array); i++)
        {
          JsonNode *node = json_array_get_element (steps_array, i);

          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
            g_strv_builder_add (builder, json_node_get_string (node));
        }
      steps = g_strv_builder_end (builder);
    }

  g_object_freeze_notify (G_OBJECT (self));
  mp_order_set_status (self, status);
  mp_order_set_status_code (self, status_code);
  mp_order_set_final (self, mp_order_status_is_final (status));
  if (subscription_id != NULL)
    mp_order_set_subscription_id (self, subscription_id);
  mp_order_set_provisioning_date (self, provisioning_date);
  if (has_total)
    mp_order_set_total (self, &total);
  if (provisioning != NULL)
    {
      mp_order_set_progress (self, mp_json_get_int (provisioning, "progress", -1));
      mp_order_set_step (self, mp_json_get_int (provisioning, "step", -1));
      if (steps != NULL)
        mp_order_set_steps (self, (const char * const *) steps);
    }
  else if (status == MP_ORDER_STATUS_COMPLETED)
    {
      mp_order_set_progress (self, 100);
    }
  mp_order_set_error_message (self, error_message);
  {
    g_autofree char *scheduled_on = mp_json_dup_string (object, "scheduledOn");
    g_autofree char *scheduled_date = mp_json_dup_string (object, "scheduledDate");
    g_autofree char *reason = mp_json_dup_string (object, "cancellationReason");

    /* Without the extension date, "scheduled" still shows: an empty date. */
    if (g_strcmp0 (scheduled_on, "renewal") == 0 && scheduled_date == NULL)
      scheduled_date = g_strdup ("");
    mp_order_set_scheduled_date (self, g_strcmp0 (scheduled_on, "renewal") == 0 ? scheduled_date : NULL);
    mp_order_set_cancellation_reason (self, reason);
  }
  if (g_list_model_get_n_items (G_LIST_MODEL (lines)) > 0
      || g_list_model_get_n_items (G_LIST_MODEL (self->lines)) > 0)
    {
      guint n_new = g_list_model_get_n_items (G_LIST_MODEL (lines));
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

      for (guint i = 0; i < n_new; i++)
        g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (lines), i));
      g_list_store_splice (self->lines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->lines)),
                           items->pdata, items->len);
    }
  g_object_thaw_notify (G_OBJECT (self));
  return TRUE;
}

/* TRUE for the statuses an order never leaves. */
gboolean
mp_order_status_is_final (MpOrderStatus status)
{
  return status == MP_ORDER_STATUS_COMPLETED
         || status == MP_ORDER_STATUS_ERROR
         || status == MP_ORDER_STATUS_CANCELLED;
}

/**
 * mp_order_update_from_json:
 *
 * Applies a newer answer for the same order: the changing properties
 * (status, status-code, progress, ...) are set and notified, only when they
 * changed. The ID must match.
 */
gboolean
mp_order_update_from_json (MpOrder     *self,
                           JsonObject  *object,
                           GError     **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (MP_IS_ORDER (self), FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  id = mp_json_dup_string (object, "id");
  if (g_strcmp0 (id, self->id) != 0)
    {
      mp_json_set_bad_response (error, "The server answered with order “%s” instead of “%s”",
                                id ? id : "", self->id);
      return FALSE;
    }
  return update (self, object, error);
}

/**
 * mp_order_new_from_json:
 *
 * Parses one order as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpOrder *
mp_order_new_from_json (JsonObject  *object,
                       GError     **error)
{
  g_autoptr(MpOrder) self = g_object_new (MP_TYPE_ORDER, NULL);
  if (!mp_json_require_id (object, "id", "an order", &self->id, error))
    return NULL;
  self->order_number = mp_json_dup_string (object, "orderNumber");
  self->order_type = mp_json_get_enum (object, "type", MP_TYPE_ORDER_TYPE, MP_ORDER_TYPE_UNKNOWN);
  self->customer_id = mp_json_dup_string (object, "customerId");
  self->plan_id = mp_json_dup_string (object, "planId");
  self->po_number = mp_json_dup_string (object, "poNumber");
  self->creation_date = mp_json_dup_string (object, "creationDate");
  if (!update (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}
