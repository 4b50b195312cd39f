/* test-renewal-notifier.c: the notifications before commitment windows
 * close, over the real server's subscriptions.
 *
 * Here the notifications go to a capturing function (a test double) rather
 * than g_application_send_notification(), as a GNotification cannot be read
 * back: what is sent, for which subscription and window, once across
 * restarts, and by the days set. The real way, through the desktop's
 * notification server (a stand-in on the session bus) and back with a
 * click, is tested in test-application.c.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-renewal-notifier.h"
#include "mp-session-registry.h"
#include "mp-test-ui.h"

typedef struct
{
  GPtrArray *ids;        /* notification IDs */
  GPtrArray *subjects;   /* subscription IDs */
  guint      checks;
} Captured;

static void
capture_cb (const char     *id,
            GNotification  *notification,
            MpSubscription *subscription,
            gpointer        user_data)
{
  Captured *captured = user_data;

  g_assert_true (G_IS_NOTIFICATION (notification));
  g_ptr_array_add (captured->ids, g_strdup (id));
  g_ptr_array_add (captured->subjects, g_strdup (mp_subscription_get_id (subscription)));
}

static void
checked_cb (MpRenewalNotifier *notifier,
            guint              n_sent,
            Captured          *captured)
{
  captured->checks++;
}

/* The subscriptions of the account that renew automatically and whose
 * window (through the day before renewal; the refund window for a plan that
 * refuses later cancellations) closes within DAYS days from today, by ID.
 */
static GHashTable *
expected_due (Fixture *fixture,
              guint    days)
{
  g_autoptr(MpPagedList) list = mp_client_list_subscriptions (fixture->client, NULL, "active");
  GHashTable *due = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  GDate today;

  mp_renewal_get_today (&today);
  mp_test_ui_wait_list (list);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MpSubscription) s = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *date = mp_subscription_get_renewal_date (s);
      GDate last;
      int left;

      if (!mp_subscription_get_auto_renew (s))
        continue;
      g_date_clear (&last, 1);
      if (g_strcmp0 (mp_subscription_get_after_refund_window (s), "refused") == 0)
        {
          if (mp_subscription_get_full_refund_until (s) == NULL)
            continue;
          g_date_set_parse (&last, mp_subscription_get_full_refund_until (s));
        }
      else
        {
          g_date_set_parse (&last, date);
          g_date_subtract_days (&last, 1);
        }
      g_assert_true (g_date_valid (&last));
      left = g_date_days_between (&today, &last);
      if (left >= 0 && left < (int) days)
        g_hash_table_add (due, g_strdup (mp_subscription_get_id (s)));
    }
  return due;
}

static MpRenewalNotifier *
start_notifier (GApplication      *app,
                MpSessionRegistry *sessions,
                GSettings         *settings,
                Captured          *captured)
{
  MpRenewalNotifier *notifier = mp_renewal_notifier_new (app, sessions, settings);

  mp_renewal_notifier_set_notify_func (notifier, capture_cb, captured);
  g_signal_connect (notifier, "checked", G_CALLBACK (checked_cb), captured);
  return notifier;
}

static void
test_notifier (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GApplication) app = g_application_new ("io.github.marketpanel.MarketPanel.Test", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(MpSessionRegistry) sessions = mp_session_registry_new ();
  g_autoptr(MpRenewalNotifier) notifier = NULL;
  g_autoptr(GHashTable) due = expected_due (fixture, 30);
  Captured captured = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free), 0 };
  g_auto(GStrv) sent = NULL;

  g_settings_set_boolean (settings, "renewal-warnings", TRUE);
  g_settings_set_uint (settings, "renewal-warning-days", 30);
  g_settings_set_strv (settings, "renewal-warnings-sent", NULL);
  /* The demo's monthly subscriptions renew within a month. */
  g_assert_cmpuint (g_hash_table_size (due), >=, 2);

  /* Signing in looks at the subscriptions: one notification each. */
  notifier = start_notifier (app, sessions, settings, &captured);
  mp_session_registry_sign_in (sessions, fixture->session);
  MP_WAIT_UNTIL (captured.checks == 1, TIMEOUT_MS);
  g_assert_cmpuint (captured.subjects->len, ==, g_hash_table_size (due));
  for (guint i = 0; i < captured.subjects->len; i++)
    {
      const char *id = g_ptr_array_index (captured.subjects, i);
      g_autofree char *prefix = g_strdup_printf ("renewal-%s:", id);

      g_assert_true (g_hash_table_contains (due, id));
      g_assert_true (g_str_has_prefix (g_ptr_array_index (captured.ids, i), prefix));
    }
  sent = g_settings_get_strv (settings, "renewal-warnings-sent");
  g_assert_cmpuint (g_strv_length (sent), ==, g_hash_table_size (due));

  /* Looking again sends nothing new. */
  mp_renewal_notifier_check (notifier);
  MP_WAIT_UNTIL (captured.checks == 2, TIMEOUT_MS);
  g_assert_cmpuint (captured.subjects->len, ==, g_hash_table_size (due));

  /* Nor after a restart: what was sent is in the settings. */
  g_clear_object (&notifier);
  notifier = start_notifier (app, sessions, settings, &captured);
  mp_renewal_notifier_check (notifier);
  MP_WAIT_UNTIL (captured.checks == 3, TIMEOUT_MS);
  g_assert_cmpuint (captured.subjects->len, ==, g_hash_table_size (due));
}

static void
test_notifier_days (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GApplication) app = g_application_new ("io.github.marketpanel.MarketPanel.Test", G_APPLICATION_NON_UNIQUE);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(MpSessionRegistry) sessions = mp_session_registry_new ();
  g_autoptr(MpRenewalNotifier) notifier = NULL;
  Captured captured = { g_ptr_array_new_with_free_func (g_free), g_ptr_array_new_with_free_func (g_free), 0 };
  g_autoptr(GHashTable) due_1 = expected_due (fixture, 1);
  g_autoptr(GHashTable) due_30 = expected_due (fixture, 30);

  g_settings_set_strv (settings, "renewal-warnings-sent", NULL);
  g_settings_set_uint (settings, "renewal-warning-days", 1);
  /* Off: nothing is looked at. */
  g_settings_set_boolean (settings, "renewal-warnings", FALSE);
  notifier = start_notifier (app, sessions, settings, &captured);
  mp_session_registry_sign_in (sessions, fixture->session);
  mp_renewal_notifier_check (notifier);
  g_assert_cmpuint (captured.checks, ==, 0);

  /* On, one day ahead: only the windows that close today. */
  g_settings_set_boolean (settings, "renewal-warnings", TRUE);
  MP_WAIT_UNTIL (captured.checks == 1, TIMEOUT_MS);
  g_assert_cmpuint (captured.subjects->len, ==, g_hash_table_size (due_1));

  /* Thirty days: the others too, once. */
  g_settings_set_uint (settings, "renewal-warning-days", 30);
  MP_WAIT_UNTIL (captured.checks == 2, TIMEOUT_MS);
  g_assert_cmpuint (captured.subjects->len, ==, g_hash_table_size (due_30));
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/renewal-notifier/once", Fixture, NULL, setup_reseller, test_notifier, teardown);
  g_test_add ("/renewal-notifier/days", Fixture, NULL, setup_reseller, test_notifier_days, teardown);

  return g_test_run ();
}
