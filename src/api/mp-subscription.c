/* mp-subscription.c: a subscription with its per-resource limits and usage
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mp-subscription.h"

#include "mp-client-error.h"
#include "mp-json-private.h"

struct _MpSubscription
{
  GObject parent_instance;

  char       *id;
  char       *name;
  char       *customer_id;
  char       *status;
  char       *plan_id;
  char       *plan_name;
  MpPeriod   *period;
  gboolean    auto_renew;
  char       *creation_date;
  char       *expiration_date;
  char       *renewal_date;
  char       *pending_order_id;
  char       *scheduled_order_id;
  gboolean    manual_renewal;
  /* cancellationPolicy (extension) */
  gboolean    has_cancellation_policy;
  char       *full_refund_until;
  char       *after_refund_window;
  MpMoney     total_price;
  gboolean    has_total_price;
  GListStore *resources;
};

G_DEFINE_FINAL_TYPE (MpSubscription, mp_subscription, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_NAME,
  PROP_CUSTOMER_ID,
  PROP_STATUS,
  PROP_PLAN_ID,
  PROP_PLAN_NAME,
  PROP_PERIOD,
  PROP_AUTO_RENEW,
  PROP_CREATION_DATE,
  PROP_EXPIRATION_DATE,
  PROP_RENEWAL_DATE,
  PROP_PENDING_ORDER_ID,
  PROP_SCHEDULED_ORDER_ID,
  PROP_TOTAL_PRICE,
  PROP_RESOURCES,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
mp_subscription_finalize (GObject *object)
{
  MpSubscription *self = (MpSubscription *) object;

  g_free (self->id);
  g_free (self->name);
  g_free (self->customer_id);
  g_free (self->status);
  g_free (self->plan_id);
  g_free (self->plan_name);
  g_clear_object (&self->period);
  g_free (self->creation_date);
  g_free (self->expiration_date);
  g_free (self->renewal_date);
  g_free (self->full_refund_until);
  g_free (self->after_refund_window);
  g_free (self->pending_order_id);
  g_free (self->scheduled_order_id);
  g_clear_object (&self->resources);

  G_OBJECT_CLASS (mp_subscription_parent_class)->finalize (object);
}

static void
mp_subscription_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MpSubscription *self = MP_SUBSCRIPTION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;

    case PROP_STATUS:
      g_value_set_string (value, self->status);
      break;

    case PROP_PLAN_ID:
      g_value_set_string (value, self->plan_id);
      break;

    case PROP_PLAN_NAME:
      g_value_set_string (value, self->plan_name);
      break;

    case PROP_PERIOD:
      g_value_set_object (value, self->period);
      break;

    case PROP_AUTO_RENEW:
      g_value_set_boolean (value, self->auto_renew);
      break;

    case PROP_CREATION_DATE:
      g_value_set_string (value, self->creation_date);
      break;

    case PROP_EXPIRATION_DATE:
      g_value_set_string (value, self->expiration_date);
      break;

    case PROP_RENEWAL_DATE:
      g_value_set_string (value, self->renewal_date);
      break;

    case PROP_PENDING_ORDER_ID:
      g_value_set_string (value, self->pending_order_id);
      break;

    case PROP_SCHEDULED_ORDER_ID:
      g_value_set_string (value, self->scheduled_order_id);
      break;

    case PROP_TOTAL_PRICE:
      g_value_set_boxed (value, self->has_total_price ? &self->total_price : NULL);
      break;

    case PROP_RESOURCES:
      g_value_set_object (value, self->resources);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_subscription_class_init (MpSubscriptionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_subscription_finalize;
  object_class->get_property = mp_subscription_get_property;

  properties[PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* pending, active, hold, terminated, removed */
  properties[PROP_STATUS] =
    g_param_spec_string ("status", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN_ID] =
    g_param_spec_string ("plan-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN_NAME] =
    g_param_spec_string ("plan-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD] =
    g_param_spec_object ("period", NULL, NULL, MP_TYPE_PERIOD,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* renewalStatus */
  properties[PROP_AUTO_RENEW] =
    g_param_spec_boolean ("auto-renew", NULL, NULL, FALSE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* YYYY-MM-DD */
  properties[PROP_CREATION_DATE] =
    g_param_spec_string ("creation-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPIRATION_DATE] =
    g_param_spec_string ("expiration-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RENEWAL_DATE] =
    g_param_spec_string ("renewal-date", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A change order not final yet (extension): no other change until it is */
  properties[PROP_PENDING_ORDER_ID] =
    g_param_spec_string ("pending-order-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A change order waiting for the renewal (extension) */
  properties[PROP_SCHEDULED_ORDER_ID] =
    g_param_spec_string ("scheduled-order-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL_PRICE] =
    g_param_spec_boxed ("total-price", NULL, NULL, MP_TYPE_MONEY,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* MpSubscriptionResource items (empty in list rows) */
  properties[PROP_RESOURCES] =
    g_param_spec_object ("resources", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_subscription_init (MpSubscription *self)
{
  self->resources = g_list_store_new (MP_TYPE_SUBSCRIPTION_RESOURCE);
}

const char *
mp_subscription_get_id (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->id;
}

const char *
mp_subscription_get_name (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->name;
}

const char *
mp_subscription_get_customer_id (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->customer_id;
}

const char *
mp_subscription_get_status (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->status;
}

const char *
mp_subscription_get_plan_id (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->plan_id;
}

const char *
mp_subscription_get_plan_name (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->plan_name;
}

MpPeriod *
mp_subscription_get_period (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->period;
}

gboolean
mp_subscription_get_auto_renew (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), FALSE);

  return self->auto_renew;
}

const char *
mp_subscription_get_creation_date (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->creation_date;
}

const char *
mp_subscription_get_expiration_date (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->expiration_date;
}

const char *
mp_subscription_get_renewal_date (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->renewal_date;
}

const char *
mp_subscription_get_pending_order_id (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->pending_order_id;
}

/* The change order scheduled for the renewal (extension); NULL: none. */
const char *
mp_subscription_get_scheduled_order_id (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->scheduled_order_id;
}

/* The plan allows a renewal order now (extension "manualRenewal"). */
gboolean
mp_subscription_get_manual_renewal (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), FALSE);

  return self->manual_renewal;
}

const MpMoney *
mp_subscription_get_total_price (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->has_total_price ? &self->total_price : NULL;
}

GListModel *
mp_subscription_get_resources (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return G_LIST_MODEL (self->resources);
}

/**
 * mp_subscription_new_from_json:
 *
 * Parses one subscription as the server sends it. Returns NULL with an
 * MP_CLIENT_ERROR_BAD_RESPONSE error when a required member is missing.
 */
MpSubscription *
mp_subscription_new_from_json (JsonObject  *object,
                              GError     **error)
{
  g_autoptr(MpSubscription) self = g_object_new (MP_TYPE_SUBSCRIPTION, NULL);
  JsonObject *period;
  gboolean present;

  if (!mp_json_require_id (object, "id", "a subscription", &self->id, error))
    return NULL;
  self->name = mp_json_dup_string (object, "name");
  self->customer_id = mp_json_dup_string (object, "customerId");
  self->status = mp_json_dup_string (object, "status");
  self->plan_id = mp_json_dup_string (object, "planId");
  self->plan_name = mp_json_dup_string (object, "planName");
  period = mp_json_get_object (object, "subscriptionPeriod");
  if (period != NULL && (self->period = mp_period_new_from_json (period, error)) == NULL)
    return NULL;
  self->auto_renew = mp_json_get_bool (object, "renewalStatus", FALSE);
  self->creation_date = mp_json_dup_string (object, "creationDate");
  self->expiration_date = mp_json_dup_string (object, "expirationDate");
  self->renewal_date = mp_json_dup_string (object, "renewalDate");
  self->pending_order_id = mp_json_dup_string (object, "pendingOrderId");
  self->scheduled_order_id = mp_json_dup_string (object, "scheduledOrderId");
  self->manual_renewal = mp_json_get_bool (object, "manualRenewal", FALSE);
  {
    JsonObject *policy = mp_json_get_object (object, "cancellationPolicy");

    self->has_cancellation_policy = policy != NULL;
    if (policy != NULL)
      {
        self->full_refund_until = mp_json_dup_string (policy, "fullRefundUntil");
        self->after_refund_window = mp_json_dup_string (policy, "afterRefundWindow");
      }
  }
  if (!mp_json_get_money (object, "totalPrice", &self->total_price, &present, error))
    return NULL;
  self->has_total_price = present;
  if (!mp_json_parse_into (mp_json_get_array (object, "products"), self->resources,
                           (MpJsonParseFunc) mp_subscription_resource_new_from_json, error))
    return NULL;

  return g_steal_pointer (&self);
}

/* Returns: (transfer none) (nullable): the line with @mpn. */
MpSubscriptionResource *
mp_subscription_find_resource (MpSubscription *self,
                               const char     *mpn)
{
  guint n;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);
  g_return_val_if_fail (mpn != NULL, NULL);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->resources));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (G_LIST_MODEL (self->resources), i);

      if (g_strcmp0 (mp_subscription_resource_get_mpn (line), mpn) == 0)
        return line;
    }
  return NULL;
}

gboolean
mp_subscription_has_cancellation_policy (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), FALSE);

  return self->has_cancellation_policy;
}

const char *
mp_subscription_get_full_refund_until (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  return self->full_refund_until;
}

const char *
mp_subscription_get_after_refund_window (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), NULL);

  if (g_strcmp0 (self->after_refund_window, "prorated") == 0
      || g_strcmp0 (self->after_refund_window, "refused") == 0)
    return self->after_refund_window;
  return "none";
}

/* Whether the refund window is still open today (local date). */
static gboolean
in_refund_window (MpSubscription *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate until, today;

  if (self->full_refund_until == NULL)
    return FALSE;
  g_date_clear (&until, 1);
  g_date_set_parse (&until, self->full_refund_until);
  if (!g_date_valid (&until))
    return FALSE;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  return g_date_compare (&today, &until) <= 0;
}

gboolean
mp_subscription_get_full_refund (MpSubscription *self)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), FALSE);

  return in_refund_window (self);
}

gboolean
mp_subscription_can_cancel (MpSubscription  *self,
                            char           **reason)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (self), FALSE);

  if (g_strcmp0 (self->status, "active") != 0)
    {
      if (reason != NULL)
        *reason = g_strdup (_("Only an active subscription can be cancelled"));
      return FALSE;
    }
  if (strcmp (mp_subscription_get_after_refund_window (self), "refused") == 0 && !in_refund_window (self))
    {
      if (reason != NULL)
        *reason = g_strdup (_("The plan allows a cancellation only during its refund window, "
                              "which has closed; turn off automatic renewal instead"));
      return FALSE;
    }
  if (reason != NULL)
    *reason = NULL;
  return TRUE;
}
