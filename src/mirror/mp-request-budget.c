/* mp-request-budget.c: a token bucket for the requests of a background job
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-mirror"

#include "config.h"

#include "mp-request-budget.h"

#define MAX_IN_FLIGHT 4
#define FIRST_BACKOFF_MS 1000
#define MAX_BACKOFF_MS 15000
/* Refills are summed in floating point: 4 quarter-seconds are 4 tokens. */
#define TOKEN_EPSILON 1e-9

struct _MpRequestBudget
{
  GObject parent_instance;

  double   rate;
  guint    burst;
  guint    max_in_flight;
  guint    in_flight;
  guint    throttled;
  guint    backoff_attempt;

  double   tokens;
  gint64   refilled_at;
  gint64   paused_until;

  GQueue   waiting;     /* GTask, oldest first */
  guint    timer_id;

  MpRequestBudgetClock clock;
  gpointer             clock_data;
};

G_DEFINE_FINAL_TYPE (MpRequestBudget, mp_request_budget, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_RATE,
  PROP_BURST,
  PROP_MAX_IN_FLIGHT,
  PROP_IN_FLIGHT,
  PROP_WAITING,
  PROP_THROTTLED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

typedef struct
{
  MpRequestBudget *budget;  /* weak: cleared on dispose */
  gulong           cancel_id;
} Waiter;

static gint64
now_us (MpRequestBudget *self)
{
  return self->clock != NULL ? self->clock (self->clock_data) : g_get_monotonic_time ();
}

static void
refill (MpRequestBudget *self,
        gint64           now)
{
  if (now > self->refilled_at)
    {
      self->tokens += (double) (now - self->refilled_at) / G_USEC_PER_SEC * self->rate;
      self->tokens = MIN (self->tokens, (double) self->burst);
    }
  self->refilled_at = now;
}

static void
set_in_flight (MpRequestBudget *self,
               guint            in_flight)
{
  if (self->in_flight == in_flight)
    return;
  self->in_flight = in_flight;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_IN_FLIGHT]);
}

static void
disconnect_waiter (GTask *task)
{
  Waiter *waiter = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (waiter->cancel_id != 0 && cancellable != NULL)
    g_cancellable_disconnect (cancellable, waiter->cancel_id);
  waiter->cancel_id = 0;
}

static gboolean
timer_cb (gpointer user_data)
{
  MpRequestBudget *self = user_data;

  self->timer_id = 0;
  mp_request_budget_dispatch (self);
  return G_SOURCE_REMOVE;
}

void
mp_request_budget_dispatch (MpRequestBudget *self)
{
  gint64 now;
  guint waiting_before;

  g_return_if_fail (MP_IS_REQUEST_BUDGET (self));

  g_object_ref (self);
  waiting_before = self->waiting.length;
  now = now_us (self);
  refill (self, now);

  /* Cancelled waiters leave first, wherever they are in the queue. */
  for (GList *l = self->waiting.head; l != NULL;)
    {
      GList *next = l->next;
      GTask *task = l->data;

      if (g_cancellable_is_cancelled (g_task_get_cancellable (task)))
        {
          g_queue_delete_link (&self->waiting, l);
          disconnect_waiter (task);
          g_task_return_error_if_cancelled (task);
          g_object_unref (task);
        }
      l = next;
    }

  while (self->waiting.length > 0 && self->in_flight < self->max_in_flight
         && now >= self->paused_until && self->tokens >= 1.0 - TOKEN_EPSILON)
    {
      GTask *task = g_queue_pop_head (&self->waiting);

      self->tokens = MAX (self->tokens - 1.0, 0.0);
      set_in_flight (self, self->in_flight + 1);
      disconnect_waiter (task);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }

  if (self->waiting.length != waiting_before)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);

  g_clear_handle_id (&self->timer_id, g_source_remove);
  /* Waiting for a token or the end of a pause (a release wakes it up when
   * the in-flight limit is what holds it).
   */
  if (self->clock == NULL && self->waiting.length > 0 && self->in_flight < self->max_in_flight)
    {
      gint64 wait_us = 0;

      if (now < self->paused_until)
        wait_us = self->paused_until - now;
      else if (self->tokens < 1.0 - TOKEN_EPSILON)
        wait_us = (gint64) ((1.0 - self->tokens) / self->rate * G_USEC_PER_SEC) + 1;
      self->timer_id = g_timeout_add ((guint) MAX (1, (wait_us + 999) / 1000), timer_cb, self);
    }
  g_object_unref (self);
}

static gboolean
dispatch_idle_cb (gpointer user_data)
{
  mp_request_budget_dispatch (user_data);
  return G_SOURCE_REMOVE;
}

static void
cancelled_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  Waiter *waiter = user_data;

  /* May run in another thread: the queue is dealt with on the budget's. */
  if (waiter->budget != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, dispatch_idle_cb, g_object_ref (waiter->budget),
                     g_object_unref);
}

void
mp_request_budget_acquire_async (MpRequestBudget     *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;
  Waiter *waiter;

  g_return_if_fail (MP_IS_REQUEST_BUDGET (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_request_budget_acquire_async);
  waiter = g_new0 (Waiter, 1);
  waiter->budget = self;
  g_task_set_task_data (task, waiter, g_free);
  if (cancellable != NULL)
    waiter->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (cancelled_cb), waiter, NULL);
  g_queue_push_tail (&self->waiting, task);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WAITING]);
  mp_request_budget_dispatch (self);
}

gboolean
mp_request_budget_acquire_finish (MpRequestBudget  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mp_request_budget_release (MpRequestBudget *self,
                           guint            status,
                           guint            retry_after_ms)
{
  g_return_if_fail (MP_IS_REQUEST_BUDGET (self));
  g_return_if_fail (self->in_flight > 0);

  set_in_flight (self, self->in_flight - 1);
  if (status == 429)
    {
      guint delay = retry_after_ms;
      gint64 now = now_us (self);

      if (delay == 0)
        {
          delay = FIRST_BACKOFF_MS;
          for (guint i = 0; i < self->backoff_attempt && delay < MAX_BACKOFF_MS; i++)
            delay *= 2;
          delay = MIN (delay, MAX_BACKOFF_MS);
        }
      self->backoff_attempt++;
      refill (self, now);
      self->tokens = 0;
      self->paused_until = MAX (self->paused_until, now + (gint64) delay * 1000);
      self->throttled++;
      g_debug ("429: pausing requests for %u ms", delay);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THROTTLED]);
    }
  else if (status >= 200 && status < 300)
    self->backoff_attempt = 0;
  mp_request_budget_dispatch (self);
}

MpRequestBudget *
mp_request_budget_new (double rate,
                       guint  burst)
{
  return g_object_new (MP_TYPE_REQUEST_BUDGET, "rate", rate, "burst", burst, NULL);
}

double
mp_request_budget_get_rate (MpRequestBudget *self)
{
  g_return_val_if_fail (MP_IS_REQUEST_BUDGET (self), 0);
  return self->rate;
}

void
mp_request_budget_set_rate (MpRequestBudget *self,
                            double           rate)
{
  g_return_if_fail (MP_IS_REQUEST_BUDGET (self));

  rate = CLAMP (rate, 0.01, 10000.0);
  if (self->rate == rate)
    return;
  refill (self, now_us (self));
  self->rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RATE]);
  mp_request_budget_dispatch (self);
}

guint
mp_request_budget_get_burst (MpRequestBudget *self)
{
  g_return_val_if_fail (MP_IS_REQUEST_BUDGET (self), 0);
  return self->burst;
}

void
mp_request_budget_set_burst (MpRequestBudget *self,
                             guint            burst)
{
  g_return_if_fail (MP_IS_REQUEST_BUDGET (self));

  burst = CLAMP (burst, 1, 10000);
  if (self->burst == burst)
    return;
  self->burst = burst;
  self->tokens = MIN (self->tokens, (double) burst);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BURST]);
  mp_request_budget_dispatch (self);
}

guint
mp_request_budget_get_max_in_flight (MpRequestBudget *self)
{
  g_return_val_if_fail (MP_IS_REQUEST_BUDGET (self), 0);
  return self->max_in_flight;
}

void
mp_request_budget_set_max_in_flight (MpRequestBudget *self,
                                     guint            max_in_flight)
{
  g_return_if_fail (MP_IS_REQUEST_BUDGET (self));

  max_in_flight = CLAMP (max_in_flight, 1, MAX_IN_FLIGHT);
  if (self->max_in_flight == max_in_flight)
    return;
  self->max_in_flight = max_in_flight;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_IN_FLIGHT]);
  mp_request_budget_dispatch (self);
}

guint
mp_request_budget_get_in_flight (MpRequestBudget *self)
{
  g_return_val_if_fail (MP_IS_REQUEST_BUDGET (self), 0);
  return self->in_flight;
}

guint
mp_request_budget_get_waiting (MpRequestBudget *self)
{
  g_return_val_if_fail (MP_IS_REQUEST_BUDGET (self), 0);
  return self->waiting.length;
}

guint
mp_request_budget_get_throttled (MpRequestBudget *self)
{
  g_return_val_if_fail (MP_IS_REQUEST_BUDGET (self), 0);
  return self->throttled;
}

gint64
mp_request_budget_get_paused_until (MpRequestBudget *self)
{
  g_return_val_if_fail (MP_IS_REQUEST_BUDGET (self), 0);
  return self->paused_until;
}

void
mp_request_budget_set_clock (MpRequestBudget      *self,
                             MpRequestBudgetClock  clock,
                             gpointer              user_data)
{
  g_return_if_fail (MP_IS_REQUEST_BUDGET (self));

  self->clock = clock;
  self->clock_data = user_data;
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->refilled_at = now_us (self);
  self->paused_until = 0;
}

static void
mp_request_budget_dispose (GObject *object)
{
  MpRequestBudget *self = MP_REQUEST_BUDGET (object);
  GTask *task;

  g_clear_handle_id (&self->timer_id, g_source_remove);
  while ((task = g_queue_pop_head (&self->waiting)) != NULL)
    {
      Waiter *waiter = g_task_get_task_data (task);

      disconnect_waiter (task);
      waiter->budget = NULL;
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The request budget was dropped");
      g_object_unref (task);
    }

  G_OBJECT_CLASS (mp_request_budget_parent_class)->dispose (object);
}

static void
mp_request_budget_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MpRequestBudget *self = MP_REQUEST_BUDGET (object);

  switch (prop_id)
    {
    case PROP_RATE:
      g_value_set_double (value, self->rate);
      break;
    case PROP_BURST:
      g_value_set_uint (value, self->burst);
      break;
    case PROP_MAX_IN_FLIGHT:
      g_value_set_uint (value, self->max_in_flight);
      break;
    case PROP_IN_FLIGHT:
      g_value_set_uint (value, self->in_flight);
      break;
    case PROP_WAITING:
      g_value_set_uint (value, self->waiting.length);
      break;
    case PROP_THROTTLED:
      g_value_set_uint (value, self->throttled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_request_budget_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MpRequestBudget *self = MP_REQUEST_BUDGET (object);

  switch (prop_id)
    {
    case PROP_RATE:
      mp_request_budget_set_rate (self, g_value_get_double (value));
      break;
    case PROP_BURST:
      mp_request_budget_set_burst (self, g_value_get_uint (value));
      break;
    case PROP_MAX_IN_FLIGHT:
      mp_request_budget_set_max_in_flight (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_request_budget_constructed (GObject *object)
{
  MpRequestBudget *self = MP_REQUEST_BUDGET (object);

  G_OBJECT_CLASS (mp_request_budget_parent_class)->constructed (object);
  /* A new budget starts with a full bucket. */
  self->tokens = self->burst;
}

static void
mp_request_budget_class_init (MpRequestBudgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mp_request_budget_constructed;
  object_class->dispose = mp_request_budget_dispose;
  object_class->get_property = mp_request_budget_get_property;
  object_class->set_property = mp_request_budget_set_property;

  properties[PROP_RATE] =
    g_param_spec_double ("rate", NULL, NULL, 0.01, 10000.0, 10.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BURST] =
    g_param_spec_uint ("burst", NULL, NULL, 1, 10000, 20,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MAX_IN_FLIGHT] =
    g_param_spec_uint ("max-in-flight", NULL, NULL, 1, MAX_IN_FLIGHT, MAX_IN_FLIGHT,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_IN_FLIGHT] =
    g_param_spec_uint ("in-flight", NULL, NULL, 0, MAX_IN_FLIGHT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_WAITING] =
    g_param_spec_uint ("waiting", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_THROTTLED] =
    g_param_spec_uint ("throttled", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_request_budget_init (MpRequestBudget *self)
{
  self->rate = 10.0;
  self->burst = 20;
  self->max_in_flight = MAX_IN_FLIGHT;
  self->tokens = self->burst;
  self->refilled_at = g_get_monotonic_time ();
  g_queue_init (&self->waiting);
}
