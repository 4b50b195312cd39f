/* mp-purchase.c: one purchase, estimated and placed, that views show
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-purchase.h"

#include "mp-client-error.h"
#include "mp-period.h"
#include "mp-subscription-resource.h"
#include "mp-subscription.h"

#define DEFAULT_DEBOUNCE_MS 300

struct _MpPurchase
{
  GObject parent_instance;

  /* Owned */
  MpClient        *client;
  MpOrderDraft    *draft;
  char            *idempotency_key;
  GError          *error;
  GCancellable    *estimate_cancellable;
  MpOrder         *order;
  GPtrArray       *waiters;       /* Waiter*: views waiting for the placement */

  MpMoney          credit_amount;
  MpMoney          recurring_total;
  MpPurchaseState  state;
  guint            debounce_ms;
  guint            estimate_id;
  gulong           changed_id;
  gboolean         has_recurring_total;
  gboolean         placing;
  /* The order may exist already (a lost answer, or a stored key): look it
   * up before placing it again.
   */
  gboolean         uncertain;
};

G_DEFINE_FINAL_TYPE (MpPurchase, mp_purchase, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_DRAFT,
  PROP_IDEMPOTENCY_KEY,
  PROP_DEBOUNCE_MS,
  PROP_STATE,
  PROP_ERROR,
  PROP_LINES,
  PROP_DUE_NOW,
  PROP_CREDIT,
  PROP_RECURRING_TOTAL,
  PROP_PLACING,
  PROP_ORDER,
  N_PROPS
};

enum {
  PLACED,
  REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  MpPurchase   *purchase;   /* unowned: the purchase owns the waiter */
  GTask        *task;
  GCancellable *cancellable;
  gulong        cancelled_id;
  guint         idle_id;
} Waiter;

static void
notify (MpPurchase *self,
        guint       prop)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* Estimates */

static void
set_state (MpPurchase      *self,
           MpPurchaseState  state,
           GError          *error)
{
  const MpMoney *due = mp_order_draft_get_total (self->draft);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->error != NULL || error != NULL)
    {
      g_clear_error (&self->error);
      self->error = error;
      notify (self, PROP_ERROR);
    }
  if (self->state != state)
    {
      self->state = state;
      notify (self, PROP_STATE);
    }
  if (state != MP_PURCHASE_STATE_READY)
    self->has_recurring_total = FALSE;
  if (state == MP_PURCHASE_STATE_READY && due != NULL && due->minor < 0)
    mp_money_init (&self->credit_amount, -due->minor, due->currency);
  else
    self->credit_amount.minor = 0;
  /* "due-now", "credit" and "recurring-total" follow the state. */
  notify (self, PROP_DUE_NOW);
  notify (self, PROP_CREDIT);
  notify (self, PROP_RECURRING_TOTAL);
  g_object_thaw_notify (G_OBJECT (self));
}

/* The recurring price per month of a change order's result: every line of
 * the subscription (not only the changed ones) at its new quantity, above
 * the included units, at the subscription's unit price of its term; rounded
 * once, on the total, as the server does.
 */
static gboolean
compute_change_recurring (MpPurchase *self,
                          MpMoney    *out)
{
  MpSubscription *subscription = mp_order_draft_get_subscription (self->draft);
  GListModel *lines = mp_subscription_get_resources (subscription);
  MpPeriod *period = mp_subscription_get_period (subscription);
  guint n = g_list_model_get_n_items (lines);
  gboolean any = FALSE;
  gint64 months;

  if (period == NULL)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      const MpMoney *unit = mp_subscription_resource_get_unit_price (line);
      gint64 quantity = mp_order_draft_get_quantity (self->draft,
                                                     mp_subscription_resource_get_mpn (line));
      gint64 billable = MAX (0, quantity - mp_subscription_resource_get_included (line));
      MpMoney amount;

      if (unit == NULL)
        return FALSE;
      if (!any)
        mp_money_init (out, 0, unit->currency);
      any = TRUE;
      if (mp_subscription_resource_get_one_time (line))
        continue;
      amount = *unit;
      if (!mp_money_multiply (&amount, billable, NULL) || !mp_money_add (out, &amount, NULL))
        return FALSE;
    }
  if (!any)
    return FALSE;
  months = mp_period_get_months (period);
  if (months > 0)
    return mp_money_prorate (out, 1, months, NULL);
  if (mp_period_get_unit (period) == MP_PERIOD_UNIT_DAY)
    return mp_money_prorate (out, 30, MAX (1, mp_period_get_duration (period)), NULL);
  return FALSE;
}

static void
estimate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MpPurchase) self = user_data;
  g_autoptr(GError) error = NULL;
  const MpMoney *monthly;

  if (!mp_order_draft_estimate_finish (MP_ORDER_DRAFT (object), result, &error))
    {
      /* Cancelled: a newer estimate, or a newer content of the draft,
       * takes its place.
       */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_state (self, MP_PURCHASE_STATE_FAILED, g_steal_pointer (&error));
      return;
    }
  if (mp_order_draft_get_kind (self->draft) == MP_ORDER_TYPE_CHANGE)
    {
      /* The server's figure for the whole subscription when it gives one. */
      if ((monthly = mp_order_draft_get_subscription_monthly_total (self->draft)) != NULL)
        {
          self->recurring_total = *monthly;
          self->has_recurring_total = TRUE;
        }
      else
        self->has_recurring_total = compute_change_recurring (self, &self->recurring_total);
    }
  else if ((monthly = mp_order_draft_get_monthly_total (self->draft)) != NULL)
    {
      self->recurring_total = *monthly;
      self->has_recurring_total = TRUE;
    }
  set_state (self, MP_PURCHASE_STATE_READY, NULL);
}

void
mp_purchase_estimate (MpPurchase *self)
{
  g_return_if_fail (MP_IS_PURCHASE (self));

  g_clear_handle_id (&self->estimate_id, g_source_remove);
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  if (self->order != NULL || self->placing)
    return;
  if (!mp_order_draft_get_estimable (self->draft))
    {
      set_state (self, MP_PURCHASE_STATE_IDLE, NULL);
      return;
    }
  set_state (self, MP_PURCHASE_STATE_ESTIMATING, NULL);
  self->estimate_cancellable = g_cancellable_new ();
  mp_order_draft_estimate_async (self->draft, self->client, self->estimate_cancellable,
                                 estimate_cb, g_object_ref (self));
}

static gboolean
estimate_timeout_cb (gpointer user_data)
{
  MpPurchase *self = user_data;

  self->estimate_id = 0;
  mp_purchase_estimate (self);
  return G_SOURCE_REMOVE;
}

static void
draft_changed_cb (MpPurchase *self)
{
  if (self->order != NULL || self->placing)
    return;
  g_clear_handle_id (&self->estimate_id, g_source_remove);
  /* Estimated before the terms are accepted: only placing needs them. */
  if (!mp_order_draft_get_estimable (self->draft))
    {
      g_cancellable_cancel (self->estimate_cancellable);
      g_clear_object (&self->estimate_cancellable);
      set_state (self, MP_PURCHASE_STATE_IDLE, NULL);
      return;
    }
  /* Due: views show that an estimate is coming. */
  set_state (self, MP_PURCHASE_STATE_ESTIMATING, NULL);
  self->estimate_id = g_timeout_add (self->debounce_ms, estimate_timeout_cb, self);
  g_source_set_name_by_id (self->estimate_id, "[mp] estimate purchase");
}

/* Placement */

static void
waiter_free (gpointer data)
{
  Waiter *waiter = data;

  g_clear_handle_id (&waiter->idle_id, g_source_remove);
  if (waiter->cancelled_id != 0)
    g_cancellable_disconnect (waiter->cancellable, waiter->cancelled_id);
  g_clear_object (&waiter->cancellable);
  g_clear_object (&waiter->task);
  g_free (waiter);
}

/* The view went away: finish its call, not the placement. */
static gboolean
waiter_detach_cb (gpointer data)
{
  Waiter *waiter = data;
  MpPurchase *self = waiter->purchase;
  g_autoptr(GTask) task = g_steal_pointer (&waiter->task);

  waiter->idle_id = 0;
  g_ptr_array_remove (self->waiters, waiter);
  g_task_return_error_if_cancelled (task);
  return G_SOURCE_REMOVE;
}

static void
waiter_cancelled_cb (GCancellable *cancellable,
                     gpointer      data)
{
  Waiter *waiter = data;

  /* Not from here: the handler may not disconnect itself. */
  if (waiter->idle_id == 0)
    waiter->idle_id = g_idle_add (waiter_detach_cb, waiter);
}

static void
finish_waiters (MpPurchase   *self,
                const GError *error)
{
  g_autoptr(GPtrArray) waiters = g_steal_pointer (&self->waiters);

  self->waiters = g_ptr_array_new_with_free_func (waiter_free);
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *waiter = g_ptr_array_index (waiters, i);
      g_autoptr(GTask) task = g_steal_pointer (&waiter->task);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_pointer (task, g_object_ref (self->order), g_object_unref);
    }
}

static void
placement_done (MpPurchase *self,
                MpOrder    *order,
                GError     *error)
{
  g_object_freeze_notify (G_OBJECT (self));
  self->placing = FALSE;
  notify (self, PROP_PLACING);
  if (order != NULL)
    {
      self->order = g_object_ref (order);
      self->uncertain = FALSE;
      notify (self, PROP_ORDER);
    }
  else if ((error->domain == MP_CLIENT_ERROR && error->code == MP_CLIENT_ERROR_NETWORK)
           || mp_client_error_get_status (error) == 422)
    /* The answer was lost, and maybe the order was placed; or the key was
     * used already (by an order whose answer was lost).
     */
    self->uncertain = TRUE;
  g_object_thaw_notify (G_OBJECT (self));
  if (order != NULL)
    g_signal_emit (self, signals[PLACED], 0, order);
  else
    g_signal_emit (self, signals[REFUSED], 0, error);
  finish_waiters (self, error);
  g_clear_error (&error);
  /* The reference taken for the placement. */
  g_object_unref (self);
}

static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MpPurchase *self = user_data;
  GError *error = NULL;
  g_autoptr(MpOrder) order = NULL;

  order = mp_client_place_order_finish (MP_CLIENT (object), result, &error);
  placement_done (self, order, error);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MpPurchase *self = user_data;
  GError *error = NULL;
  g_autoptr(MpOrder) order = NULL;

  order = mp_client_find_placed_order_finish (MP_CLIENT (object), result, &error);
  if (order != NULL || error != NULL)
    {
      if (error != NULL)
        g_debug ("Could not look the order up: %s", error->message);
      placement_done (self, order, error);
      return;
    }
  g_debug ("The order %s was not placed yet; placing it", self->idempotency_key);
  mp_client_place_order_async (self->client, self->draft, NULL, place_cb, self);
}

void
mp_purchase_place_async (MpPurchase          *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Waiter *waiter;

  g_return_if_fail (MP_IS_PURCHASE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_purchase_place_async);
  if (self->order != NULL)
    {
      g_task_return_pointer (task, g_object_ref (self->order), g_object_unref);
      return;
    }
  if (!self->placing && !mp_order_draft_get_valid (self->draft))
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 0, "/orders",
                                                      NULL, mp_order_draft_get_reason (self->draft)));
      return;
    }

  waiter = g_new0 (Waiter, 1);
  waiter->purchase = self;
  waiter->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    {
      waiter->cancellable = g_object_ref (cancellable);
      waiter->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (waiter_cancelled_cb),
                                                    waiter, NULL);
    }
  g_ptr_array_add (self->waiters, waiter);
  if (self->placing)
    return;

  /* What is placed is the draft as it is now: an estimate still due is
   * asked for now, so that its figures are those of the order; later
   * changes are not estimated.
   */
  if (self->estimate_id != 0)
    mp_purchase_estimate (self);
  self->placing = TRUE;
  notify (self, PROP_PLACING);
  /* Released by placement_done(), whoever still holds the purchase. */
  g_object_ref (self);
  if (self->uncertain)
    mp_client_find_placed_order_async (self->client, self->draft, NULL, lookup_cb, self);
  else
    mp_client_place_order_async (self->client, self->draft, NULL, place_cb, self);
}

MpOrder *
mp_purchase_place_finish (MpPurchase    *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_purchase_place_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* GObject */

static void
mp_purchase_constructed (GObject *object)
{
  MpPurchase *self = MP_PURCHASE (object);

  G_OBJECT_CLASS (mp_purchase_parent_class)->constructed (object);

  g_assert (MP_IS_CLIENT (self->client));
  g_assert (MP_IS_ORDER_DRAFT (self->draft));
  if (self->idempotency_key == NULL)
    self->idempotency_key = g_uuid_string_random ();
  else
    /* A stored key: the order may have been placed before. */
    self->uncertain = TRUE;
  mp_order_draft_set_idempotency_key (self->draft, self->idempotency_key);
  self->changed_id = g_signal_connect_swapped (self->draft, "changed",
                                               G_CALLBACK (draft_changed_cb), self);
  draft_changed_cb (self);
}

static void
mp_purchase_dispose (GObject *object)
{
  MpPurchase *self = MP_PURCHASE (object);

  g_clear_handle_id (&self->estimate_id, g_source_remove);
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);
  g_clear_signal_handler (&self->changed_id, self->draft);
  g_clear_object (&self->order);

  G_OBJECT_CLASS (mp_purchase_parent_class)->dispose (object);
}

static void
mp_purchase_finalize (GObject *object)
{
  MpPurchase *self = MP_PURCHASE (object);

  g_clear_pointer (&self->waiters, g_ptr_array_unref);
  g_clear_object (&self->draft);
  g_clear_object (&self->client);
  g_clear_error (&self->error);
  g_free (self->idempotency_key);

  G_OBJECT_CLASS (mp_purchase_parent_class)->finalize (object);
}

static void
mp_purchase_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  MpPurchase *self = MP_PURCHASE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;

    case PROP_IDEMPOTENCY_KEY:
      g_value_set_string (value, self->idempotency_key);
      break;

    case PROP_DEBOUNCE_MS:
      g_value_set_uint (value, self->debounce_ms);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_LINES:
      g_value_set_object (value, mp_purchase_get_lines (self));
      break;

    case PROP_DUE_NOW:
      g_value_set_boxed (value, mp_purchase_get_due_now (self));
      break;

    case PROP_CREDIT:
      g_value_set_boolean (value, mp_purchase_get_credit (self));
      break;

    case PROP_RECURRING_TOTAL:
      g_value_set_boxed (value, mp_purchase_get_recurring_total (self));
      break;

    case PROP_PLACING:
      g_value_set_boolean (value, self->placing);
      break;

    case PROP_ORDER:
      g_value_set_object (value, self->order);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_purchase_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  MpPurchase *self = MP_PURCHASE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_DRAFT:
      self->draft = g_value_dup_object (value);
      break;

    case PROP_IDEMPOTENCY_KEY:
      self->idempotency_key = g_value_dup_string (value);
      break;

    case PROP_DEBOUNCE_MS:
      mp_purchase_set_debounce_ms (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_purchase_class_init (MpPurchaseClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mp_purchase_constructed;
  object_class->dispose = mp_purchase_dispose;
  object_class->finalize = mp_purchase_finalize;
  object_class->get_property = mp_purchase_get_property;
  object_class->set_property = mp_purchase_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MP_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, MP_TYPE_ORDER_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IDEMPOTENCY_KEY] =
    g_param_spec_string ("idempotency-key", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEBOUNCE_MS] =
    g_param_spec_uint ("debounce-ms", NULL, NULL, 0, 60000, DEFAULT_DEBOUNCE_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, MP_TYPE_PURCHASE_STATE, MP_PURCHASE_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINES] =
    g_param_spec_object ("lines", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_DUE_NOW] =
    g_param_spec_boxed ("due-now", NULL, NULL, MP_TYPE_MONEY,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREDIT] =
    g_param_spec_boolean ("credit", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_RECURRING_TOTAL] =
    g_param_spec_boxed ("recurring-total", NULL, NULL, MP_TYPE_MONEY,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACING] =
    g_param_spec_boolean ("placing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER] =
    g_param_spec_object ("order", NULL, NULL, MP_TYPE_ORDER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[PLACED] =
    g_signal_new ("placed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MP_TYPE_ORDER);
  /* The placement failed with the GError (the server's refusal, or a lost
   * answer); placing again may still succeed.
   */
  signals[REFUSED] =
    g_signal_new ("refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
mp_purchase_init (MpPurchase *self)
{
  self->debounce_ms = DEFAULT_DEBOUNCE_MS;
  self->waiters = g_ptr_array_new_with_free_func (waiter_free);
}

/* Public API */

MpPurchase *
mp_purchase_new (MpClient     *client,
                 MpOrderDraft *draft)
{
  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (draft), NULL);

  return g_object_new (MP_TYPE_PURCHASE, "client", client, "draft", draft, NULL);
}

MpPurchase *
mp_purchase_new_with_key (MpClient     *client,
                          MpOrderDraft *draft,
                          const char   *idempotency_key)
{
  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (draft), NULL);
  g_return_val_if_fail (idempotency_key != NULL && *idempotency_key != '\0', NULL);

  return g_object_new (MP_TYPE_PURCHASE, "client", client, "draft", draft,
                       "idempotency-key", idempotency_key, NULL);
}

MpClient *
mp_purchase_get_client (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  return self->client;
}

MpOrderDraft *
mp_purchase_get_draft (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  return self->draft;
}

const char *
mp_purchase_get_idempotency_key (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  return self->idempotency_key;
}

guint
mp_purchase_get_debounce_ms (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), 0);
  return self->debounce_ms;
}

void
mp_purchase_set_debounce_ms (MpPurchase *self,
                             guint       debounce_ms)
{
  g_return_if_fail (MP_IS_PURCHASE (self));

  if (self->debounce_ms == debounce_ms)
    return;
  self->debounce_ms = debounce_ms;
  notify (self, PROP_DEBOUNCE_MS);
}

MpPurchaseState
mp_purchase_get_state (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), MP_PURCHASE_STATE_IDLE);
  return self->state;
}

const GError *
mp_purchase_get_error (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  return self->error;
}

GListModel *
mp_purchase_get_lines (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  return mp_order_draft_get_estimate_lines (self->draft);
}

const MpMoney *
mp_purchase_get_due_now (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  if (self->state != MP_PURCHASE_STATE_READY)
    return NULL;
  return mp_order_draft_get_total (self->draft);
}

gboolean
mp_purchase_get_credit (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), FALSE);
  return self->state == MP_PURCHASE_STATE_READY && self->credit_amount.minor > 0;
}

const MpMoney *
mp_purchase_get_credit_amount (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  return mp_purchase_get_credit (self) ? &self->credit_amount : NULL;
}

const MpMoney *
mp_purchase_get_recurring_total (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  if (self->state != MP_PURCHASE_STATE_READY || !self->has_recurring_total)
    return NULL;
  return &self->recurring_total;
}

gboolean
mp_purchase_get_placing (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), FALSE);
  return self->placing;
}

MpOrder *
mp_purchase_get_order (MpPurchase *self)
{
  g_return_val_if_fail (MP_IS_PURCHASE (self), NULL);
  return self->order;
}
