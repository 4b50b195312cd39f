/* mp-order-draft.c: an order being put together, before it is placed
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "mp-order-draft.h"

#include "mp-client-private.h"
#include "mp-order-line.h"
#include "mp-resource.h"
#include "mp-subscription-resource.h"
#include "mp-terms.h"

struct _MpOrderDraft
{
  GObject parent_instance;

  /* Owned */
  MpOrderType     kind;
  char           *customer_id;
  MpPlan         *plan;
  MpPeriod       *period;
  MpSubscription *subscription;
  char           *po_number;
  char           *reference;
  char           *reason;
  char           *idempotency_key;
  GHashTable     *quantities;  /* mpn -> gint64* */
  GHashTable     *accepted;    /* terms id set */
  GListStore     *lines;

  MpMoney         total;
  MpMoney         monthly_total;
  MpMoney         subscription_monthly_total;
  guint           generation;
  guint           estimates_pending;
  gboolean        has_total;
  gboolean        has_monthly_total;
  gboolean        has_subscription_monthly_total;
  gboolean        complete;
  gboolean        valid;
  gboolean        estimable;
  gboolean        fixed_key;
  gboolean        scheduled;
};

G_DEFINE_FINAL_TYPE (MpOrderDraft, mp_order_draft, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_CUSTOMER_ID,
  PROP_PLAN,
  PROP_PERIOD,
  PROP_SUBSCRIPTION,
  PROP_PO_NUMBER,
  PROP_COMPLETE,
  PROP_VALID,
  PROP_ESTIMABLE,
  PROP_REASON,
  PROP_ESTIMATING,
  PROP_TOTAL,
  PROP_MONTHLY_TOTAL,
  PROP_ESTIMATE_LINES,
  PROP_IDEMPOTENCY_KEY,
  PROP_SCHEDULED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
is_change (MpOrderDraft *self)
{
  return self->kind == MP_ORDER_TYPE_CHANGE;
}

/* A change order to another plan or period (mp_order_draft_new_switch ()). */
static gboolean
is_switch (MpOrderDraft *self)
{
  return self->kind == MP_ORDER_TYPE_CHANGE && self->plan != NULL;
}

/* The target plan's resource that @line's limit moves to: the same MPN,
 * else the first recurring one of the same resource category (as the
 * marketplace maps them, docs/api.md "Plan switches"). */
static MpResource *
switch_target_resource (MpPlan                 *plan,
                        MpSubscriptionResource *line)
{
  GListModel *resources = mp_plan_get_resources (plan);
  const char *category = mp_subscription_resource_get_resource_category_id (line);
  MpResource *same = mp_plan_find_resource (plan, mp_subscription_resource_get_mpn (line));

  if (same != NULL)
    return same;
  for (guint i = 0; category != NULL && i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);

      if (!mp_resource_get_one_time (r) && g_strcmp0 (mp_resource_get_resource_category_id (r), category) == 0)
        return r;
    }
  return NULL;
}

/* A change, a cancellation or a renewal: an order on an existing subscription. */
static gboolean
on_subscription (MpOrderDraft *self)
{
  return self->kind == MP_ORDER_TYPE_CHANGE || self->kind == MP_ORDER_TYPE_CANCELLATION
         || self->kind == MP_ORDER_TYPE_RENEWAL;
}

static void
notify (MpOrderDraft *self,
        guint         prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_reason (MpOrderDraft *self,
            gboolean      complete,
            gboolean      valid,
            gboolean      estimable,
            char         *reason)
{
  if (self->estimable != estimable)
    {
      self->estimable = estimable;
      notify (self, PROP_ESTIMABLE);
    }
  if (self->complete != complete)
    {
      self->complete = complete;
      notify (self, PROP_COMPLETE);
    }
  if (self->valid != valid)
    {
      self->valid = valid;
      notify (self, PROP_VALID);
    }
  if (mp_set_str (&self->reason, reason))
    notify (self, PROP_REASON);
  g_free (reason);
}

static char *
range_reason (const char *name,
              gint64      minimum,
              gint64      maximum)
{
  /* The numbers go in as strings: gettext cannot see through
   * G_GINT64_FORMAT.
   */
  g_autofree char *min_str = g_strdup_printf ("%" G_GINT64_FORMAT, minimum);
  g_autofree char *max_str = g_strdup_printf ("%" G_GINT64_FORMAT, maximum);

  if (maximum >= 0 && minimum == maximum)
    /* Translators: the first %s is a resource name, the second a number. */
    return g_strdup_printf (_("“%s” must be %s"), name, min_str);
  if (maximum >= 0)
    /* Translators: a resource name, then the smallest and largest amount. */
    return g_strdup_printf (_("“%s” must be between %s and %s"), name, min_str, max_str);
  /* Translators: a resource name, then the smallest amount. */
  return g_strdup_printf (_("“%s” must be at least %s"), name, min_str);
}

/* The quantities of a sales draft: each within its range, and at least
 * one product. NULL when they are, else why not.
 */
static char *
sales_quantities_reason (MpOrderDraft *self)
{
  GListModel *resources = mp_plan_get_resources (self->plan);
  guint n = g_list_model_get_n_items (resources);
  gboolean any = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      gint64 q = mp_order_draft_get_quantity (self, mp_resource_get_mpn (r));
      gint64 minimum, maximum;

      mp_order_draft_get_range (self, mp_resource_get_mpn (r), &minimum, &maximum);
      if (q < minimum || (maximum >= 0 && q > maximum))
        return range_reason (mp_resource_get_name (r), minimum, maximum);
      any = any || q > 0;
    }
  if (n > 0 && !any)
    return g_strdup (_("Choose at least one product"));
  return NULL;
}

static void
validate_sales (MpOrderDraft *self)
{
  GListModel *terms;
  char *quantities_reason;
  guint n;

  if (self->plan == NULL)
    {
      set_reason (self, FALSE, FALSE, FALSE, g_strdup (_("Choose a service plan")));
      return;
    }
  if (self->period == NULL)
    {
      set_reason (self, FALSE, FALSE, FALSE, g_strdup (_("Choose a subscription period")));
      return;
    }
  /* The marketplace prices an order without its terms: estimable. */
  quantities_reason = sales_quantities_reason (self);
  terms = mp_plan_get_terms (self->plan);
  n = g_list_model_get_n_items (terms);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);

      if (!g_hash_table_contains (self->accepted, mp_terms_get_id (t)))
        {
          set_reason (self, FALSE, FALSE, quantities_reason == NULL,
                      g_strdup_printf (_("Accept the “%s”"), mp_terms_get_name (t)));
          g_free (quantities_reason);
          return;
        }
    }
  set_reason (self, TRUE, quantities_reason == NULL, quantities_reason == NULL, quantities_reason);
}

/* TRUE after setting the reason when an order is still pending on the
 * subscription (one change at a time). */
static gboolean
pending_reason (MpOrderDraft *self)
{
  const char *pending = mp_subscription_get_pending_order_id (self->subscription);

  if (pending == NULL)
    return FALSE;
  set_reason (self, TRUE, FALSE, FALSE,
              g_strdup_printf (_("Order %s is still changing this subscription; wait until it "
                                 "is completed"), pending));
  return TRUE;
}

static void
validate_change (MpOrderDraft *self)
{
  GListModel *lines = mp_subscription_get_resources (self->subscription);
  guint n = g_list_model_get_n_items (lines);
  gboolean any = FALSE;

  if (pending_reason (self))
    return;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      const char *mpn = mp_subscription_resource_get_mpn (line);
      gint64 q = mp_order_draft_get_quantity (self, mpn);
      gint64 minimum, maximum;

      mp_order_draft_get_range (self, mpn, &minimum, &maximum);
      if (q < mp_subscription_resource_get_usage_floor (line))
        {
          g_autofree char *usage = g_strdup_printf ("%" G_GINT64_FORMAT, mp_subscription_resource_get_usage (line));
          g_autofree char *floor = g_strdup_printf ("%" G_GINT64_FORMAT, minimum);

          set_reason (self, TRUE, FALSE, FALSE,
                      /* Translators: a resource name, how many are in use, the smallest new limit. */
                      g_strdup_printf (_("“%s”: %s in use, so the limit must be at least %s"),
                                       mp_subscription_resource_get_name (line), usage, floor));
          return;
        }
      if (q < minimum || (maximum >= 0 && q > maximum))
        {
          set_reason (self, TRUE, FALSE, FALSE,
                      range_reason (mp_subscription_resource_get_name (line), minimum, maximum));
          return;
        }
      any = any || q != mp_subscription_resource_get_quantity (line);
    }
  if (!any)
    {
      set_reason (self, TRUE, FALSE, FALSE, g_strdup (_("Change at least one amount")));
      return;
    }
  set_reason (self, TRUE, TRUE, TRUE, NULL);
}

/* A switch: every carried limit has a place on the target plan, within
 * its bounds (the marketplace refuses it otherwise: targetLimits). */
static void
validate_switch (MpOrderDraft *self)
{
  GListModel *lines = mp_subscription_get_resources (self->subscription);
  GListModel *resources = mp_plan_get_resources (self->plan);

  if (pending_reason (self))
    return;
  if (self->period == NULL)
    {
      set_reason (self, FALSE, FALSE, FALSE, g_strdup (_("Choose a subscription period")));
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);

      if (mp_subscription_resource_get_one_time (line) || mp_subscription_resource_get_quantity (line) <= 0)
        continue;
      if (switch_target_resource (self->plan, line) == NULL)
        {
          set_reason (self, TRUE, FALSE, FALSE,
                      /* Translators: a resource name, then a service plan name. */
                      g_strdup_printf (_("“%s” cannot be carried over: “%s” has no such resource"),
                                       mp_subscription_resource_get_name (line), mp_plan_get_name (self->plan)));
          return;
        }
    }
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      gint64 q = mp_order_draft_get_quantity (self, mp_resource_get_mpn (r));
      gint64 minimum = mp_resource_get_minimum (r), maximum = mp_resource_get_maximum (r);

      if (q < minimum || (maximum >= 0 && q > maximum))
        {
          g_autofree char *amount = g_strdup_printf ("%" G_GINT64_FORMAT, q);
          g_autofree char *range = range_reason (mp_resource_get_name (r), minimum, maximum);

          set_reason (self, TRUE, FALSE, FALSE,
                      /* Translators: how many the subscription has, then why that does not fit
                       * (e.g. "“Users” must be between 10 and 5000"). */
                      g_strdup_printf (_("This subscription has %s: %s on the new plan"), amount, range));
          return;
        }
    }
  set_reason (self, TRUE, TRUE, TRUE, NULL);
}

static void
validate_cancellation (MpOrderDraft *self)
{
  g_autofree char *closed = NULL;

  if (pending_reason (self))
    return;
  if (!mp_subscription_can_cancel (self->subscription, &closed))
    {
      set_reason (self, TRUE, FALSE, FALSE, g_steal_pointer (&closed));
      return;
    }
  set_reason (self, TRUE, TRUE, TRUE, NULL);
}

static void
validate_renewal (MpOrderDraft *self)
{
  if (pending_reason (self))
    return;
  if (!mp_subscription_get_manual_renewal (self->subscription))
    {
      set_reason (self, TRUE, FALSE, FALSE,
                  g_strdup (_("This subscription renews at the end of its term only")));
      return;
    }
  set_reason (self, TRUE, TRUE, TRUE, NULL);
}

static void
clear_estimate (MpOrderDraft *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  if (self->has_total)
    {
      self->has_total = FALSE;
      notify (self, PROP_TOTAL);
    }
  if (self->has_monthly_total)
    {
      self->has_monthly_total = FALSE;
      notify (self, PROP_MONTHLY_TOTAL);
    }
  self->has_subscription_monthly_total = FALSE;
  if (n > 0)
    g_list_store_remove_all (self->lines);
}

/* The order's content changed: validate again, forget the estimate and take
 * a new idempotency key (the server refuses an old key with another body).
 */
static void
content_changed (MpOrderDraft *self)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->generation++;
  if (!self->fixed_key)
    {
      g_free (self->idempotency_key);
      self->idempotency_key = g_uuid_string_random ();
      notify (self, PROP_IDEMPOTENCY_KEY);
    }
  clear_estimate (self);
  if (is_switch (self))
    validate_switch (self);
  else if (is_change (self))
    validate_change (self);
  else if (self->kind == MP_ORDER_TYPE_CANCELLATION)
    validate_cancellation (self);
  else if (self->kind == MP_ORDER_TYPE_RENEWAL)
    validate_renewal (self);
  else
    validate_sales (self);
  g_object_thaw_notify (G_OBJECT (self));
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
mp_order_draft_dispose (GObject *object)
{
  MpOrderDraft *self = MP_ORDER_DRAFT (object);

  g_clear_object (&self->plan);
  g_clear_object (&self->period);
  g_clear_object (&self->subscription);
  g_clear_object (&self->lines);

  G_OBJECT_CLASS (mp_order_draft_parent_class)->dispose (object);
}

static void
mp_order_draft_finalize (GObject *object)
{
  MpOrderDraft *self = MP_ORDER_DRAFT (object);

  g_free (self->customer_id);
  g_free (self->po_number);
  g_free (self->reference);
  g_free (self->reason);
  g_free (self->idempotency_key);
  g_hash_table_unref (self->quantities);
  g_hash_table_unref (self->accepted);

  G_OBJECT_CLASS (mp_order_draft_parent_class)->finalize (object);
}

static void
mp_order_draft_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MpOrderDraft *self = MP_ORDER_DRAFT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;

    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;

    case PROP_PLAN:
      g_value_set_object (value, self->plan);
      break;

    case PROP_PERIOD:
      g_value_set_object (value, self->period);
      break;

    case PROP_SUBSCRIPTION:
      g_value_set_object (value, self->subscription);
      break;

    case PROP_PO_NUMBER:
      g_value_set_string (value, self->po_number);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;

    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;

    case PROP_ESTIMABLE:
      g_value_set_boolean (value, self->estimable);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_ESTIMATING:
      g_value_set_boolean (value, self->estimates_pending > 0);
      break;

    case PROP_TOTAL:
      g_value_set_boxed (value, mp_order_draft_get_total (self));
      break;

    case PROP_MONTHLY_TOTAL:
      g_value_set_boxed (value, mp_order_draft_get_monthly_total (self));
      break;

    case PROP_ESTIMATE_LINES:
      g_value_set_object (value, self->lines);
      break;

    case PROP_IDEMPOTENCY_KEY:
      g_value_set_string (value, self->idempotency_key);
      break;

    case PROP_SCHEDULED:
      g_value_set_boolean (value, self->scheduled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_order_draft_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MpOrderDraft *self = MP_ORDER_DRAFT (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;

    case PROP_CUSTOMER_ID:
      mp_order_draft_set_customer_id (self, g_value_get_string (value));
      break;

    case PROP_PLAN:
      mp_order_draft_set_plan (self, g_value_get_object (value));
      break;

    case PROP_PERIOD:
      mp_order_draft_set_period (self, g_value_get_object (value));
      break;

    case PROP_SUBSCRIPTION:
      self->subscription = g_value_dup_object (value);
      break;

    case PROP_PO_NUMBER:
      mp_order_draft_set_po_number (self, g_value_get_string (value));
      break;

    case PROP_SCHEDULED:
      mp_order_draft_set_scheduled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_order_draft_constructed (GObject *object)
{
  MpOrderDraft *self = MP_ORDER_DRAFT (object);

  G_OBJECT_CLASS (mp_order_draft_parent_class)->constructed (object);

  if (on_subscription (self) && self->subscription != NULL)
    {
      g_free (self->customer_id);
      self->customer_id = g_strdup (mp_subscription_get_customer_id (self->subscription));
    }
  content_changed (self);
}

static void
mp_order_draft_class_init (MpOrderDraftClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_order_draft_dispose;
  object_class->finalize = mp_order_draft_finalize;
  object_class->constructed = mp_order_draft_constructed;
  object_class->get_property = mp_order_draft_get_property;
  object_class->set_property = mp_order_draft_set_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, MP_TYPE_ORDER_TYPE, MP_ORDER_TYPE_SALES,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAN] =
    g_param_spec_object ("plan", NULL, NULL, MP_TYPE_PLAN,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PERIOD] =
    g_param_spec_object ("period", NULL, NULL, MP_TYPE_PERIOD,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBSCRIPTION] =
    g_param_spec_object ("subscription", NULL, NULL, MP_TYPE_SUBSCRIPTION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PO_NUMBER] =
    g_param_spec_string ("po-number", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ESTIMABLE] =
    g_param_spec_boolean ("estimable", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REASON] =
    g_param_spec_string ("reason", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ESTIMATING] =
    g_param_spec_boolean ("estimating", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TOTAL] =
    g_param_spec_boxed ("total", NULL, NULL, MP_TYPE_MONEY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MONTHLY_TOTAL] =
    g_param_spec_boxed ("monthly-total", NULL, NULL, MP_TYPE_MONEY,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ESTIMATE_LINES] =
    g_param_spec_object ("estimate-lines", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDEMPOTENCY_KEY] =
    g_param_spec_string ("idempotency-key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SCHEDULED] =
    g_param_spec_boolean ("scheduled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MpOrderDraft::changed:
   *
   * The body of the order changed; any estimate is gone.
   */
  signals[CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mp_order_draft_init (MpOrderDraft *self)
{
  guint32 a = g_random_int (), b = g_random_int ();

  self->kind = MP_ORDER_TYPE_SALES;
  self->quantities = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->lines = g_list_store_new (MP_TYPE_ORDER_LINE);
  /* A reference unique enough to find the order again by PO number. */
  self->reference = g_strdup_printf ("MP-%08X%04X", a, b & 0xffff);
}

/* Public API */

MpOrderDraft *
mp_order_draft_new (void)
{
  return g_object_new (MP_TYPE_ORDER_DRAFT, NULL);
}

MpOrderDraft *
mp_order_draft_new_change (MpSubscription *subscription)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), NULL);

  return g_object_new (MP_TYPE_ORDER_DRAFT,
                       "kind", MP_ORDER_TYPE_CHANGE,
                       "subscription", subscription,
                       NULL);
}

/**
 * mp_order_draft_new_switch:
 * @subscription: the subscription to switch
 * @target: the target plan, with its products (GET /plans/{id})
 * @target_period: the target subscription period
 *
 * A change order to another plan and/or period (one of the source plan's
 * planSwitches), carrying the subscription's limits over: each to the
 * target's resource with the same MPN, else of the same resource category.
 * Not valid (with the reason) while a carried amount is outside the
 * target's bounds or has no place on it.
 */
MpOrderDraft *
mp_order_draft_new_switch (MpSubscription *subscription,
                           MpPlan         *target,
                           MpPeriod       *target_period)
{
  MpOrderDraft *self;
  GListModel *lines;
  GListModel *resources;

  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), NULL);
  g_return_val_if_fail (MP_IS_PLAN (target), NULL);
  g_return_val_if_fail (MP_IS_PERIOD (target_period), NULL);

  self = g_object_new (MP_TYPE_ORDER_DRAFT,
                       "kind", MP_ORDER_TYPE_CHANGE,
                       "subscription", subscription,
                       NULL);
  self->plan = g_object_ref (target);
  self->period = g_object_ref (target_period);
  resources = mp_plan_get_resources (target);
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      gint64 *q = g_new0 (gint64, 1);

      g_hash_table_insert (self->quantities, g_strdup (mp_resource_get_mpn (r)), q);
    }
  lines = mp_subscription_get_resources (subscription);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      MpResource *r;
      gint64 *q;

      if (mp_subscription_resource_get_one_time (line))
        continue;
      r = switch_target_resource (target, line);
      if (r == NULL)
        continue;
      q = g_hash_table_lookup (self->quantities, mp_resource_get_mpn (r));
      *q += mp_subscription_resource_get_quantity (line);
    }
  content_changed (self);
  return self;
}

MpOrderDraft *
mp_order_draft_new_cancellation (MpSubscription *subscription)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), NULL);

  return g_object_new (MP_TYPE_ORDER_DRAFT,
                       "kind", MP_ORDER_TYPE_CANCELLATION,
                       "subscription", subscription,
                       NULL);
}

MpOrderDraft *
mp_order_draft_new_renewal (MpSubscription *subscription)
{
  g_return_val_if_fail (MP_IS_SUBSCRIPTION (subscription), NULL);

  return g_object_new (MP_TYPE_ORDER_DRAFT,
                       "kind", MP_ORDER_TYPE_RENEWAL,
                       "subscription", subscription,
                       NULL);
}

MpOrderType
mp_order_draft_get_kind (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), MP_ORDER_TYPE_UNKNOWN);
  return self->kind;
}

const char *
mp_order_draft_get_customer_id (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->customer_id;
}

void
mp_order_draft_set_customer_id (MpOrderDraft *self,
                                const char   *customer_id)
{
  g_return_if_fail (MP_IS_ORDER_DRAFT (self));

  if (!mp_set_str (&self->customer_id, customer_id))
    return;
  notify (self, PROP_CUSTOMER_ID);
  content_changed (self);
}

MpPlan *
mp_order_draft_get_plan (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->plan;
}

void
mp_order_draft_set_plan (MpOrderDraft *self,
                         MpPlan       *plan)
{
  GListModel *resources;

  g_return_if_fail (MP_IS_ORDER_DRAFT (self));
  g_return_if_fail (plan == NULL || MP_IS_PLAN (plan));

  if (!g_set_object (&self->plan, plan))
    return;

  g_object_freeze_notify (G_OBJECT (self));
  g_hash_table_remove_all (self->quantities);
  g_hash_table_remove_all (self->accepted);
  if (plan != NULL)
    {
      GListModel *periods = mp_plan_get_periods (plan);

      resources = mp_plan_get_resources (plan);
      for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
        {
          g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
          gint64 *q = g_new (gint64, 1);

          *q = MAX (mp_resource_get_minimum (r), 0);
          g_hash_table_insert (self->quantities, g_strdup (mp_resource_get_mpn (r)), q);
        }
      /* Keep the period if the new plan has it too; take the only one. */
      if (self->period != NULL && !mp_plan_offers_period (plan, self->period))
        {
          g_clear_object (&self->period);
          notify (self, PROP_PERIOD);
        }
      if (self->period == NULL && g_list_model_get_n_items (periods) == 1)
        {
          self->period = g_list_model_get_item (periods, 0);
          notify (self, PROP_PERIOD);
        }
    }
  notify (self, PROP_PLAN);
  content_changed (self);
  g_object_thaw_notify (G_OBJECT (self));
}

MpPeriod *
mp_order_draft_get_period (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->period;
}

void
mp_order_draft_set_period (MpOrderDraft *self,
                           MpPeriod     *period)
{
  g_return_if_fail (MP_IS_ORDER_DRAFT (self));
  g_return_if_fail (period == NULL || MP_IS_PERIOD (period));

  if (self->period == period
      || (self->period != NULL && period != NULL && mp_period_equal (self->period, period)))
    return;
  g_set_object (&self->period, period);
  notify (self, PROP_PERIOD);
  content_changed (self);
}

MpSubscription *
mp_order_draft_get_subscription (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->subscription;
}

const char *
mp_order_draft_get_po_number (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->po_number;
}

void
mp_order_draft_set_po_number (MpOrderDraft *self,
                              const char   *po_number)
{
  g_return_if_fail (MP_IS_ORDER_DRAFT (self));

  if (po_number != NULL && *po_number == '\0')
    po_number = NULL;
  if (!mp_set_str (&self->po_number, po_number))
    return;
  notify (self, PROP_PO_NUMBER);
  content_changed (self);
}

gboolean
mp_order_draft_get_scheduled (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), FALSE);
  return self->scheduled;
}

void
mp_order_draft_set_scheduled (MpOrderDraft *self,
                              gboolean      scheduled)
{
  g_return_if_fail (MP_IS_ORDER_DRAFT (self));
  g_return_if_fail (!scheduled || is_change (self));

  scheduled = !!scheduled;
  if (self->scheduled == scheduled)
    return;
  self->scheduled = scheduled;
  notify (self, PROP_SCHEDULED);
  content_changed (self);
}

const char *
mp_order_draft_get_effective_po_number (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->po_number ? self->po_number : self->reference;
}

gint64
mp_order_draft_get_quantity (MpOrderDraft *self,
                             const char   *mpn)
{
  gint64 *q;

  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), 0);
  g_return_val_if_fail (mpn != NULL, 0);

  q = g_hash_table_lookup (self->quantities, mpn);
  if (q != NULL)
    return *q;
  if (self->subscription != NULL)
    {
      MpSubscriptionResource *line = mp_subscription_find_resource (self->subscription, mpn);

      if (line != NULL)
        return mp_subscription_resource_get_quantity (line);
    }
  return 0;
}

void
mp_order_draft_set_quantity (MpOrderDraft *self,
                             const char   *mpn,
                             gint64        quantity)
{
  gint64 *q;

  g_return_if_fail (MP_IS_ORDER_DRAFT (self));
  g_return_if_fail (mpn != NULL);

  if (g_hash_table_contains (self->quantities, mpn)
      && mp_order_draft_get_quantity (self, mpn) == quantity)
    return;
  q = g_new (gint64, 1);
  *q = quantity;
  g_hash_table_insert (self->quantities, g_strdup (mpn), q);
  content_changed (self);
}

gboolean
mp_order_draft_get_range (MpOrderDraft *self,
                          const char   *mpn,
                          gint64       *minimum,
                          gint64       *maximum)
{
  gint64 lo = 0, hi = -1;
  gboolean found = FALSE;

  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), FALSE);
  g_return_val_if_fail (mpn != NULL, FALSE);

  if (self->subscription != NULL)
    {
      MpSubscriptionResource *line = mp_subscription_find_resource (self->subscription, mpn);

      if (line != NULL)
        {
          lo = MAX (mp_subscription_resource_get_minimum (line), 0);
          /* A change may not cut below what is in use. */
          lo = MAX (lo, mp_subscription_resource_get_usage_floor (line));
          hi = mp_subscription_resource_get_maximum (line);
          found = TRUE;
        }
    }
  else if (self->plan != NULL)
    {
      MpResource *r = mp_plan_find_resource (self->plan, mpn);

      if (r != NULL)
        {
          lo = MAX (mp_resource_get_minimum (r), 0);
          hi = mp_resource_get_maximum (r);
          found = TRUE;
        }
    }
  if (minimum != NULL)
    *minimum = lo;
  if (maximum != NULL)
    *maximum = hi;
  return found;
}

gboolean
mp_order_draft_get_terms_accepted (MpOrderDraft *self,
                                   const char   *terms_id)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), FALSE);
  g_return_val_if_fail (terms_id != NULL, FALSE);

  return g_hash_table_contains (self->accepted, terms_id);
}

void
mp_order_draft_set_terms_accepted (MpOrderDraft *self,
                                   const char   *terms_id,
                                   gboolean      accepted)
{
  g_return_if_fail (MP_IS_ORDER_DRAFT (self));
  g_return_if_fail (terms_id != NULL);

  if (!!accepted == g_hash_table_contains (self->accepted, terms_id))
    return;
  if (accepted)
    g_hash_table_add (self->accepted, g_strdup (terms_id));
  else
    g_hash_table_remove (self->accepted, terms_id);
  content_changed (self);
}

gboolean
mp_order_draft_get_complete (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), FALSE);
  return self->complete;
}

gboolean
mp_order_draft_get_valid (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), FALSE);
  return self->valid;
}

gboolean
mp_order_draft_get_estimable (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), FALSE);
  return self->estimable;
}

const char *
mp_order_draft_get_reason (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->reason;
}

gboolean
mp_order_draft_get_estimating (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), FALSE);
  return self->estimates_pending > 0;
}

const MpMoney *
mp_order_draft_get_total (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->has_total ? &self->total : NULL;
}

const MpMoney *
mp_order_draft_get_monthly_total (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->has_monthly_total ? &self->monthly_total : NULL;
}

/* For a change order, the subscription's new recurring price per month
 * over all its products, when the server says it (the extension
 * subscriptionMonthlyTotal of the estimate); set with "total".
 */
const MpMoney *
mp_order_draft_get_subscription_monthly_total (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->has_subscription_monthly_total ? &self->subscription_monthly_total : NULL;
}

GListModel *
mp_order_draft_get_estimate_lines (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return G_LIST_MODEL (self->lines);
}

const char *
mp_order_draft_get_idempotency_key (MpOrderDraft *self)
{
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  return self->idempotency_key;
}

void
mp_order_draft_set_idempotency_key (MpOrderDraft *self,
                                    const char   *key)
{
  g_autofree char *digest = NULL;

  g_return_if_fail (MP_IS_ORDER_DRAFT (self));
  g_return_if_fail (key != NULL && *key != '\0');

  self->fixed_key = TRUE;
  /* The unique reference follows from the key, so that the same key
   * always sends the same PO number (and finds the order by it).
   */
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  digest[12] = '\0';
  g_free (self->reference);
  self->reference = g_ascii_strup (digest, -1);
  g_free (digest);
  digest = g_strconcat ("MP-", self->reference, NULL);
  g_free (self->reference);
  self->reference = g_steal_pointer (&digest);
  if (mp_set_str (&self->idempotency_key, key))
    notify (self, PROP_IDEMPOTENCY_KEY);
}

static void
add_line (JsonBuilder *builder,
          const char  *mpn,
          gint64       quantity,
          const char  *subscription_id)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "mpn");
  json_builder_add_string_value (builder, mpn);
  json_builder_set_member_name (builder, "quantity");
  json_builder_add_int_value (builder, quantity);
  if (subscription_id != NULL)
    {
      json_builder_set_member_name (builder, "subscriptionId");
      json_builder_add_string_value (builder, subscription_id);
    }
  json_builder_end_object (builder);
}

JsonNode *
mp_order_draft_to_json (MpOrderDraft *self,
                        MpAccount    *account,
                        gboolean      with_extensions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *customer_id;

  g_return_val_if_fail (MP_IS_ORDER_DRAFT (self), NULL);
  g_return_val_if_fail (account == NULL || MP_IS_ACCOUNT (account), NULL);

  customer_id = self->customer_id;
  if (customer_id == NULL && account != NULL)
    customer_id = mp_account_get_id (account);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, mp_enum_to_nick (MP_TYPE_ORDER_TYPE, self->kind));
  if (customer_id != NULL)
    {
      json_builder_set_member_name (builder, "customerId");
      json_builder_add_string_value (builder, customer_id);
    }
  json_builder_set_member_name (builder, "poNumber");
  json_builder_add_string_value (builder, mp_order_draft_get_effective_po_number (self));

  if (is_change (self))
    {
      GListModel *lines = mp_subscription_get_resources (self->subscription);
      const char *subscription_id = mp_subscription_get_id (self->subscription);

      json_builder_set_member_name (builder, "subscriptionId");
      json_builder_add_string_value (builder, subscription_id);
      if (is_switch (self))
        {
          /* The target plan and period, with the carried limits */
          GListModel *resources = mp_plan_get_resources (self->plan);

          json_builder_set_member_name (builder, "planId");
          json_builder_add_string_value (builder, mp_plan_get_id (self->plan));
          json_builder_set_member_name (builder, "subscriptionPeriod");
          json_builder_add_value (builder, mp_period_to_json (self->period));
          lines = NULL;
          json_builder_set_member_name (builder, "products");
          json_builder_begin_array (builder);
          for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
            {
              g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
              gint64 q = mp_order_draft_get_quantity (self, mp_resource_get_mpn (r));

              if (q > 0 && !mp_resource_get_one_time (r))
                add_line (builder, mp_resource_get_mpn (r), q, subscription_id);
            }
        }
      else
        {
          json_builder_set_member_name (builder, "products");
          json_builder_begin_array (builder);
        }
      for (guint i = 0; lines != NULL && i < g_list_model_get_n_items (lines); i++)
        {
          g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
          const char *mpn = mp_subscription_resource_get_mpn (line);
          gint64 q = mp_order_draft_get_quantity (self, mpn);

          /* The new absolute quantity, only for the lines that change. */
          if (q != mp_subscription_resource_get_quantity (line))
            add_line (builder, mpn, q, subscription_id);
        }
      json_builder_end_array (builder);
      if (self->scheduled)
        {
          /* SimpleAPI: applied on the renewal date, not now. */
          json_builder_set_member_name (builder, "scheduledOn");
          json_builder_add_string_value (builder, "renewal");
        }
    }
  else if (self->kind == MP_ORDER_TYPE_CANCELLATION || self->kind == MP_ORDER_TYPE_RENEWAL)
    {
      /* The whole subscription ends, or renews as it is: no lines. */
      json_builder_set_member_name (builder, "subscriptionId");
      json_builder_add_string_value (builder, mp_subscription_get_id (self->subscription));
    }
  else
    {
      if (self->plan != NULL)
        {
          GListModel *resources = mp_plan_get_resources (self->plan);

          json_builder_set_member_name (builder, "planId");
          json_builder_add_string_value (builder, mp_plan_get_id (self->plan));
          json_builder_set_member_name (builder, "products");
          json_builder_begin_array (builder);
          for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
            {
              g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
              gint64 q = mp_order_draft_get_quantity (self, mp_resource_get_mpn (r));

              if (q > 0)
                add_line (builder, mp_resource_get_mpn (r), q, NULL);
            }
          json_builder_end_array (builder);
        }
      if (self->period != NULL)
        {
          json_builder_set_member_name (builder, "subscriptionPeriod");
          json_builder_add_value (builder, mp_period_to_json (self->period));
        }
      if (with_extensions && self->plan != NULL)
        {
          GListModel *terms = mp_plan_get_terms (self->plan);

          json_builder_set_member_name (builder, "acceptedTerms");
          json_builder_begin_array (builder);
          for (guint i = 0; i < g_list_model_get_n_items (terms); i++)
            {
              g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);

              if (g_hash_table_contains (self->accepted, mp_terms_get_id (t)))
                json_builder_add_string_value (builder, mp_terms_get_id (t));
            }
          json_builder_end_array (builder);
        }
    }
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

/* Estimates */

static void
set_estimating (MpOrderDraft *self,
                gboolean      start)
{
  gboolean before = self->estimates_pending > 0;

  if (start)
    self->estimates_pending++;
  else
    self->estimates_pending--;
  if (before != (self->estimates_pending > 0))
    notify (self, PROP_ESTIMATING);
}

/* The recurring price per month, when the server does not say: the
 * recurring lines of a sales order over the months of its period.
 */
static gboolean
compute_monthly (MpOrderDraft *self,
                 MpMoney      *monthly)
{
  gint64 months;
  gboolean any = FALSE;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->lines));

  if (is_change (self) || self->period == NULL
      || (months = mp_period_get_months (self->period)) <= 0)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (G_LIST_MODEL (self->lines), i);
      const MpMoney *price = mp_order_line_get_extended_price (line);

      if (g_strcmp0 (mp_order_line_get_kind (line), "recurring") != 0 || price == NULL)
        continue;
      if (!any)
        mp_money_init (monthly, 0, price->currency);
      any = TRUE;
      if (!mp_money_add (monthly, price, NULL))
        return FALSE;
    }
  return any && mp_money_prorate (monthly, 1, months, NULL);
}

/* Estimate lines name their product only in an English description; the
 * estimate's products[] names each MPN (in the marketplace's language), so
 * that the line can be written in the user's language.
 */
static void
name_lines (GListModel *lines,
            JsonArray  *products)
{
  guint n = products != NULL ? json_array_get_length (products) : 0;

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);

      for (guint j = 0; j < n; j++)
        {
          JsonNode *node = json_array_get_element (products, j);
          JsonObject *product = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
          g_autofree char *mpn = product != NULL ? mp_json_dup_string (product, "mpn") : NULL;

          if (mpn != NULL && g_strcmp0 (mpn, mp_order_line_get_mpn (line)) == 0)
            {
              g_autofree char *name = mp_json_dup_string (product, "name");

              mp_order_line_set_name (line, name);
              break;
            }
        }
    }
}

static void
estimate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpOrderDraft *self = g_task_get_source_object (task);
  guint generation = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = NULL;
  g_autoptr(GListStore) lines = g_list_store_new (MP_TYPE_ORDER_LINE);
  JsonObject *root;
  MpMoney total, monthly, subscription_monthly;
  gboolean has_total, has_monthly, has_subscription_monthly;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

  response = mp_client_request_finish (MP_CLIENT (object), result, &error);
  set_estimating (self, FALSE);
  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (generation != self->generation)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The order changed while it was being estimated");
      return;
    }
  root = response->root && JSON_NODE_HOLDS_OBJECT (response->root)
         ? json_node_get_object (response->root) : NULL;
  if (root == NULL
      || !mp_json_get_money (root, "total", &total, &has_total, &error)
      || !mp_json_get_money (root, "monthlyTotal", &monthly, &has_monthly, &error)
      || !mp_json_get_money (root, "subscriptionMonthlyTotal", &subscription_monthly,
                             &has_subscription_monthly, &error)
      || !mp_json_parse_into (mp_json_get_array (root, "details"), lines,
                              (MpJsonParseFunc) mp_order_line_new_from_json, &error))
    {
      if (error == NULL)
        mp_json_set_bad_response (&error, "The marketplace sent no estimate");
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (!has_total)
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_BAD_RESPONSE,
                                                      response->status, "/orders/estimate", NULL,
                                                      "The estimate has no total"));
      return;
    }

  name_lines (G_LIST_MODEL (lines), mp_json_get_array (root, "products"));
  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (lines)); i++)
    g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (lines), i));
  g_list_store_splice (self->lines, 0, g_list_model_get_n_items (G_LIST_MODEL (self->lines)),
                       items->pdata, items->len);
  self->total = total;
  self->has_total = TRUE;
  notify (self, PROP_TOTAL);
  if (!has_monthly)
    has_monthly = compute_monthly (self, &monthly);
  self->has_monthly_total = has_monthly;
  if (has_monthly)
    self->monthly_total = monthly;
  /* Extension: a change order's whole subscription, unchanged products too. */
  self->has_subscription_monthly_total = has_subscription_monthly && on_subscription (self);
  if (self->has_subscription_monthly_total)
    self->subscription_monthly_total = subscription_monthly;
  notify (self, PROP_MONTHLY_TOTAL);
  g_object_thaw_notify (G_OBJECT (self));
  g_task_return_boolean (task, TRUE);
}

void
mp_order_draft_estimate_async (MpOrderDraft        *self,
                               MpClient            *client,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(JsonNode) body = NULL;

  g_return_if_fail (MP_IS_ORDER_DRAFT (self));
  g_return_if_fail (MP_IS_CLIENT (client));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_order_draft_estimate_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (self->generation), NULL);
  if (!self->estimable)
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 0,
                                                      "/orders/estimate", NULL, self->reason));
      return;
    }
  body = mp_order_draft_to_json (self, mp_client_get_account (client),
                                 mp_client_get_has_extensions (client));
  set_estimating (self, TRUE);
  /* An estimate changes nothing on the server, so it may be retried. */
  mp_client_request_async (client, "POST", "/orders/estimate", body, NULL,
                           MP_REQUEST_AUTH | MP_REQUEST_RETRY, cancellable, estimate_cb,
                           g_steal_pointer (&task));
}

gboolean
mp_order_draft_estimate_finish (MpOrderDraft  *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_order_draft_estimate_async,
                        FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
