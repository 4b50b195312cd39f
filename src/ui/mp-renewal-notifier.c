/* mp-renewal-notifier.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-renewal-notifier"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-page-util.h"
#include "mp-renewal-notifier.h"

/* How often the subscriptions are looked at while the application runs. */
#define CHECK_INTERVAL_S (60 * 60)

struct _MpRenewalNotifier
{
  GObject              parent_instance;

  /* Borrowed References */
  GApplication        *application;

  /* Owned References */
  MpSessionRegistry   *sessions;
  GSettings           *settings;
  MpRenewalMonitor    *monitor;
  MpPagedList         *list;           /* the look under way */

  MpRenewalNotifyFunc  notify_func;
  gpointer             notify_data;
  guint                timeout_id;
  guint                check_id;        /* a check waiting for the main loop to be idle */
};

G_DEFINE_FINAL_TYPE (MpRenewalNotifier, mp_renewal_notifier, G_TYPE_OBJECT)

enum {
  SIGNAL_CHECKED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_day (const GDate *day)
{
  g_autofree char *iso = mp_renewal_day_to_string (day);

  return mp_page_format_date (iso);
}

static void
send_default (const char     *id,
              GNotification  *notification,
              MpSubscription *subscription,
              gpointer        user_data)
{
  MpRenewalNotifier *self = user_data;

  g_application_send_notification (self->application, id, notification);
}

static GNotification *
build_notification (MpSubscription *subscription)
{
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *last_text = NULL;
  g_autofree char *renewal_text = NULL;
  GNotification *notification;
  GDate last, renewal;

  mp_renewal_get_last_change_day (subscription, &last);
  mp_renewal_get_renewal_day (subscription, &renewal);
  last_text = format_day (&last);
  renewal_text = format_day (&renewal);
  /* Translators: %s is a subscription's name, %s a date. */
  title = g_strdup_printf (_("“%s” can be reduced or cancelled until %s"),
                           mp_subscription_get_name (subscription), last_text);
  /* Translators: %s is a date. */
  body = g_strdup_printf (_("It renews automatically on %s. Open it to change seats or turn off auto-renew."),
                          renewal_text);
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-subscription", "s",
                                                mp_subscription_get_id (subscription));
  return notification;
}

static void
list_loaded_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MpRenewalNotifier) self = user_data;
  MpPagedList *list = MP_PAGED_LIST (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) due = NULL;
  g_auto(GStrv) sent = NULL;
  GDate today;

  mp_renewal_get_today (&today);
  if (!mp_paged_list_wait_finish (list, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("The renewals could not be looked at: %s", error->message);
      if (self->list == list)
        g_clear_object (&self->list);
      return;
    }
  if (self->list != list)
    return;

  due = mp_renewal_monitor_check (self->monitor, G_LIST_MODEL (list), &today);
  for (guint i = 0; i < due->len; i++)
    {
      MpSubscription *subscription = g_ptr_array_index (due, i);
      g_autoptr(GNotification) notification = build_notification (subscription);
      g_autofree char *key = mp_renewal_monitor_get_key (self->monitor, subscription);
      g_autofree char *id = g_strdup_printf ("renewal-%s", key);

      self->notify_func (id, notification, subscription, self->notify_data);
      mp_renewal_monitor_mark_sent (self->monitor, subscription);
    }
  sent = mp_renewal_monitor_get_sent (self->monitor, &today);
  g_settings_set_strv (self->settings, "renewal-warnings-sent", (const char * const *) sent);
  g_clear_object (&self->list);
  g_signal_emit (self, signals[SIGNAL_CHECKED], 0, due->len);
}

void
mp_renewal_notifier_check (MpRenewalNotifier *self)
{
  MpSession *session;
  g_auto(GStrv) sent = NULL;

  g_return_if_fail (MP_IS_RENEWAL_NOTIFIER (self));

  if (self->list != NULL)
    {
      mp_paged_list_cancel (self->list);
      g_clear_object (&self->list);
    }
  session = mp_session_registry_get_main (self->sessions);
  if (session == NULL || !g_settings_get_boolean (self->settings, "renewal-warnings"))
    return;

  /* Another instance may have sent some meanwhile. */
  sent = g_settings_get_strv (self->settings, "renewal-warnings-sent");
  mp_renewal_monitor_set_sent (self->monitor, (const char * const *) sent);
  mp_renewal_monitor_set_days (self->monitor, g_settings_get_uint (self->settings, "renewal-warning-days"));
  self->list = mp_client_list_subscriptions (mp_session_get_client (session), NULL, "active");
  mp_paged_list_wait_async (self->list, NULL, list_loaded_cb, g_object_ref (self));
}

static gboolean
timeout_cb (gpointer user_data)
{
  mp_renewal_notifier_check (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
check_idle_cb (gpointer user_data)
{
  MpRenewalNotifier *self = user_data;

  self->check_id = 0;
  mp_renewal_notifier_check (self);
  return G_SOURCE_REMOVE;
}

/* The check's list waits until what the change set going is under way: at
 * sign-in, the window asks for the first page of the list on screen first.
 */
static void
sessions_changed_cb (MpRenewalNotifier *self)
{
  if (self->check_id == 0)
    self->check_id = g_idle_add_full (G_PRIORITY_LOW, check_idle_cb, self, NULL);
}

static void
mp_renewal_notifier_dispose (GObject *object)
{
  MpRenewalNotifier *self = MP_RENEWAL_NOTIFIER (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->list != NULL)
    mp_paged_list_cancel (self->list);
  g_clear_object (&self->list);
  g_clear_object (&self->sessions);
  g_clear_object (&self->settings);
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (mp_renewal_notifier_parent_class)->dispose (object);
}

static void
mp_renewal_notifier_class_init (MpRenewalNotifierClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_renewal_notifier_dispose;

  signals[SIGNAL_CHECKED] =
    g_signal_new ("checked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
mp_renewal_notifier_init (MpRenewalNotifier *self)
{
  self->monitor = mp_renewal_monitor_new (7);
  self->notify_func = send_default;
  self->notify_data = self;
}

MpRenewalNotifier *
mp_renewal_notifier_new (GApplication      *application,
                         MpSessionRegistry *sessions,
                         GSettings         *settings)
{
  MpRenewalNotifier *self;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MP_IS_SESSION_REGISTRY (sessions), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (MP_TYPE_RENEWAL_NOTIFIER, NULL);
  self->application = application;
  self->sessions = g_object_ref (sessions);
  self->settings = g_object_ref (settings);

  g_signal_connect_object (mp_session_registry_get_sessions (sessions), "items-changed",
                           G_CALLBACK (sessions_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::renewal-warnings", G_CALLBACK (sessions_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::renewal-warning-days", G_CALLBACK (sessions_changed_cb), self,
                           G_CONNECT_SWAPPED);
  self->timeout_id = g_timeout_add_seconds (CHECK_INTERVAL_S, timeout_cb, self);
  return self;
}

void
mp_renewal_notifier_set_notify_func (MpRenewalNotifier   *self,
                                     MpRenewalNotifyFunc  func,
                                     gpointer             user_data)
{
  g_return_if_fail (MP_IS_RENEWAL_NOTIFIER (self));

  self->notify_func = func != NULL ? func : send_default;
  self->notify_data = func != NULL ? user_data : self;
}
