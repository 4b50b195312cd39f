/* test-switch.c: Switch Plan, against the real server: the allowed
 * targets in words, the estimate (every figure computed here from unit
 * prices and dates), the carried limits, a switch whose limits do not fit,
 * and the placed switch followed to the end
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mp-api.h"
#include "mp-client-test-util.h"
#include "mp-estimate-view.h"
#include "mp-page-util.h"
#include "mp-session.h"
#include "mp-subscription-page.h"
#include "mp-switch-plan-page.h"

#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"

#define TIMEOUT_MS 20000
/* Fabrikam Office Basic, 15 users, monthly: may switch to Standard */
#define BASIC_ID    "1000104"
/* Fabrikam Office Standard with 5 archive add-ons: Basic has none */
#define STANDARD_ID "1000102"

static gint64
monthly_price (MpPlan     *plan,
               const char *mpn)
{
  g_autoptr(MpPeriod) month = mp_period_new ("month", 1);
  MpMoney setup, recurring;

  g_assert_true (mp_resource_get_price (mp_plan_find_resource (plan, mpn), month, &setup, &recurring));
  return recurring.minor;
}

static GtkCheckButton *
target_check (GtkWidget *page)
{
  GtkListBox *targets = mp_test_ui_child (page, "targets_list");
  GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (targets));

  g_assert_nonnull (row);
  return mp_test_ui_find_widget (row, GTK_TYPE_CHECK_BUTTON);
}

/* The Switch Plan page of SUBSCRIPTION_ID, shown, with its one target listed */
static GtkWidget *
open_switch_page (MpTestUiFixture *fixture,
                  const char      *subscription_id)
{
  GtkWidget *page = mp_switch_plan_page_new (fixture->session, subscription_id);

  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (page), "content") == 0, TIMEOUT_MS);
  MP_WAIT_UNTIL (mp_test_ui_count_rows (mp_test_ui_child (page, "targets_list")) == 1, TIMEOUT_MS);
  return page;
}

static void
test_upgrade (MpTestUiFixture *fixture,
              gconstpointer    data)
{
  g_autoptr(MpSubscription) subscription = mp_test_ui_get_subscription (fixture, BASIC_ID);
  g_autoptr(MpPlan) basic = mp_test_get_plan (fixture->client, "110");
  g_autoptr(MpPlan) standard = mp_test_get_plan (fixture->client, "111");
  g_autoptr(GDate) end = g_date_new ();
  g_autoptr(GDate) start = NULL;
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *due_text = NULL;
  g_autofree char *recurring_text = NULL;
  GtkWidget *page = open_switch_page (fixture, BASIC_ID);
  GtkListBox *targets;
  AdwActionRow *row;
  GtkWidget *ok;
  MpMoney due, recurring;
  gint64 remaining, days;
  const char *order_id;

  targets = mp_test_ui_child (page, "targets_list");

  /* The one target, with its policy in words */
  row = ADW_ACTION_ROW (gtk_widget_get_first_child (GTK_WIDGET (targets)));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), "Fabrikam Office Standard"));
  g_assert_cmpstr (adw_action_row_get_subtitle (row), ==,
                   mp_switch_plan_page_describe (MP_BILLING_POLICY_PRORATE_KEEPING_EXP_DATE,
                                                 MP_SWITCH_EFFECTIVE_IMMEDIATELY));
  ok = mp_test_ui_child (page, "ok_button");
  g_assert_false (gtk_widget_is_sensitive (ok));

  gtk_check_button_set_active (target_check (page), TRUE);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (ok), TIMEOUT_MS);

  /* Due now: Standard to the renewal date less the unused Basic; then
   * 15 x Standard a month. */
  g_date_set_parse (end, mp_subscription_get_renewal_date (subscription));
  start = g_date_copy (end);
  g_date_subtract_months (start, 1);
  g_date_set_time_t (today, time (NULL));
  remaining = g_date_days_between (today, end);
  days = g_date_days_between (start, end);
  mp_money_init (&due, mp_test_prorate (15 * monthly_price (standard, "FAB-OS-USER"), remaining, days)
                       + mp_test_prorate (-15 * monthly_price (basic, "FAB-OB-USER"), remaining, days), "USD");
  mp_money_init (&recurring, 15 * monthly_price (standard, "FAB-OS-USER"), "USD");
  due_text = mp_page_format_money (&due);
  recurring_text = mp_page_format_money (&recurring);
  g_assert_nonnull (mp_test_ui_find_label (mp_test_ui_child (page, "estimate_view"), due_text));
  g_assert_true (mp_test_ui_label_contains (mp_test_ui_child (page, "estimate_view"), recurring_text));
  /* The limits carried over */
  g_assert_cmpuint (mp_test_ui_count_rows (mp_test_ui_child (page, "limits_list")), ==, 1);
  g_assert_nonnull (mp_test_ui_find_label (mp_test_ui_child (page, "limits_list"), "15"));
  mp_test_ui_render (GTK_WIDGET (fixture->window), "switch-plan.png");

  /* OK: placed, handed to the session, followed to the end */
  g_signal_emit_by_name (ok, "clicked");
  MP_WAIT_UNTIL (mp_test_ui_last_parameter (fixture, "open-order") != NULL, TIMEOUT_MS);
  order_id = mp_test_ui_last_parameter (fixture, "open-order");
  MP_WAIT_UNTIL (mp_session_lookup_order (fixture->session, order_id) != NULL
                 && mp_order_get_final (mp_session_lookup_order (fixture->session, order_id)), TIMEOUT_MS);
  g_assert_cmpint (mp_order_get_status (mp_session_lookup_order (fixture->session, order_id)), ==,
                   MP_ORDER_STATUS_COMPLETED);
  {
    g_autoptr(MpSubscription) after = mp_test_ui_get_subscription (fixture, BASIC_ID);

    g_assert_cmpstr (mp_subscription_get_plan_id (after), ==, "111");
  }
}

/* A target the limits do not fit: the reason, and no OK */
static void
test_limits_do_not_fit (MpTestUiFixture *fixture,
                        gconstpointer    data)
{
  GtkWidget *page = open_switch_page (fixture, STANDARD_ID);
  GtkListBox *targets;

  targets = mp_test_ui_child (page, "targets_list");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (GTK_WIDGET (targets)))),
                   ==, mp_switch_plan_page_describe (MP_BILLING_POLICY_NO_REFUND,
                                                     MP_SWITCH_EFFECTIVE_NEXT_BILLING_PERIOD));
  gtk_check_button_set_active (target_check (page), TRUE);
  MP_WAIT_UNTIL (gtk_widget_get_visible (mp_test_ui_child (page, "reason_label")), TIMEOUT_MS);
  g_assert_nonnull (strstr (gtk_label_get_text (mp_test_ui_child (page, "reason_label")), "Fabrikam extra archive"));
  g_assert_false (gtk_widget_is_sensitive (mp_test_ui_child (page, "ok_button")));
  mp_test_ui_render (GTK_WIDGET (fixture->window), "switch-plan-limits.png");
}

/* IDSync for customers 1-year -> 1-month (1000101) takes effect at the
 * next renewal: the estimate (nothing now; 50 users and ConnectWise billing
 * at the monthly prices from then on), placed as a change scheduled for
 * the renewal */
static void
test_at_renewal (MpTestUiFixture *fixture,
                 gconstpointer    data)
{
  g_autoptr(MpPlan) idsync = mp_test_get_plan (fixture->client, "101");
  g_autofree char *recurring_text = NULL;
  GtkWidget *page = open_switch_page (fixture, "1000101");
  GtkListBox *targets;
  MpMoney recurring;

  targets = mp_test_ui_child (page, "targets_list");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (gtk_widget_get_first_child (GTK_WIDGET (targets)))),
                   ==, mp_switch_plan_page_describe (MP_BILLING_POLICY_NO_REFUND,
                                                     MP_SWITCH_EFFECTIVE_NEXT_SUBSCRIPTION_PERIOD));
  gtk_check_button_set_active (target_check (page), TRUE);
  mp_money_init (&recurring, 50 * monthly_price (idsync, "IDS-C-USERS") + monthly_price (idsync, "IDS-C-CW-BILL"),
                 "USD");
  recurring_text = mp_page_format_money (&recurring);
  MP_WAIT_UNTIL (mp_test_ui_label_contains (mp_test_ui_child (page, "estimate_view"), recurring_text), TIMEOUT_MS);
  /* It is a change scheduled for the renewal by itself: no choice of when,
   * OK places it, and it waits for the renewal date. */
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (mp_test_ui_child (page, "ok_button")), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (mp_test_ui_child (page, "reason_label")));
  g_assert_false (gtk_widget_get_visible (mp_test_ui_child (page, "when_group")));
  g_signal_emit_by_name (mp_test_ui_child (page, "ok_button"), "clicked");
  MP_WAIT_UNTIL (mp_test_ui_last_parameter (fixture, "open-order") != NULL, TIMEOUT_MS);
  {
    const char *order_id = mp_test_ui_last_parameter (fixture, "open-order");
    g_autoptr(MpSubscription) subscription = mp_test_ui_get_subscription (fixture, "1000101");
    MpOrder *order;

    MP_WAIT_UNTIL (mp_session_lookup_order (fixture->session, order_id) != NULL, TIMEOUT_MS);
    order = mp_session_lookup_order (fixture->session, order_id);
    g_assert_true (mp_order_get_scheduled (order));
    g_assert_cmpstr (mp_order_get_scheduled_date (order), ==, mp_subscription_get_renewal_date (subscription));
    g_assert_cmpstr (mp_subscription_get_scheduled_order_id (subscription), ==, order_id);
  }
}

/* Apply at Renewal on a switch that could take effect now (Basic ->
 * Standard): the date in the choice, nothing due now, and the placed order
 * is scheduled for the renewal date; the plan stays until then. */
static void
test_upgrade_at_renewal (MpTestUiFixture *fixture,
                         gconstpointer    data)
{
  g_autoptr(MpSubscription) subscription = mp_test_ui_get_subscription (fixture, BASIC_ID);
  g_autofree char *date = mp_page_format_date (mp_subscription_get_renewal_date (subscription));
  g_autofree char *zero = NULL;
  GtkWidget *page = open_switch_page (fixture, BASIC_ID);
  GtkWidget *ok = mp_test_ui_child (page, "ok_button");
  const char *order_id;
  MpMoney none;

  gtk_check_button_set_active (target_check (page), TRUE);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (ok), TIMEOUT_MS);
  g_assert_true (gtk_widget_get_visible (mp_test_ui_child (page, "when_group")));
  g_assert_nonnull (strstr (adw_preferences_row_get_title (mp_test_ui_child (page, "renewal_row")), date));
  gtk_check_button_set_active (mp_test_ui_child (page, "renewal_check"), TRUE);
  mp_money_init (&none, 0, "USD");
  zero = mp_page_format_money (&none);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (ok)
                 && mp_test_ui_find_label (mp_test_ui_child (page, "estimate_view"), zero) != NULL, TIMEOUT_MS);
  g_signal_emit_by_name (ok, "clicked");
  MP_WAIT_UNTIL (mp_test_ui_last_parameter (fixture, "open-order") != NULL, TIMEOUT_MS);
  order_id = mp_test_ui_last_parameter (fixture, "open-order");
  MP_WAIT_UNTIL (mp_session_lookup_order (fixture->session, order_id) != NULL, TIMEOUT_MS);
  g_assert_true (mp_order_get_scheduled (mp_session_lookup_order (fixture->session, order_id)));
  {
    g_autoptr(MpSubscription) after = mp_test_ui_get_subscription (fixture, BASIC_ID);

    g_assert_cmpstr (mp_subscription_get_plan_id (after), ==, "110");
    g_assert_cmpstr (mp_subscription_get_scheduled_order_id (after), ==, order_id);
  }
}

/* The subscription page offers it as win.switch-plan with the subscription's ID */
static void
test_button (MpTestUiFixture *fixture,
             gconstpointer    data)
{
  GtkWidget *page = mp_subscription_page_new (fixture->session, BASIC_ID);
  GtkWidget *button;
  GVariant *target;

  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (page), "content") == 0, TIMEOUT_MS);
  button = mp_test_ui_child (page, "switch_button");
  MP_WAIT_UNTIL (g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (button)), "win.switch-plan") == 0,
                 TIMEOUT_MS);
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (button));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, BASIC_ID);
  g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (button)), ==, "Switch _Plan…");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (mp_test_ui_last_parameter (fixture, "switch-plan"), ==, BASIC_ID);
  mp_test_ui_render (GTK_WIDGET (fixture->window), "subscription-switch-plan.png");
}

int
main (int   argc,
      char *argv[])
{
  static const char * const quick_steps[] = { "--provision-step-ms=200", NULL };

  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/pages/switch/upgrade", MpTestUiFixture, quick_steps, mp_test_ui_setup_reseller,
              test_upgrade, mp_test_ui_teardown);
  g_test_add ("/pages/switch/limits-do-not-fit", MpTestUiFixture, NULL, mp_test_ui_setup_reseller,
              test_limits_do_not_fit, mp_test_ui_teardown);
  g_test_add ("/pages/switch/at-renewal", MpTestUiFixture, NULL, mp_test_ui_setup_reseller,
              test_at_renewal, mp_test_ui_teardown);
  g_test_add ("/pages/switch/upgrade-at-renewal", MpTestUiFixture, NULL, mp_test_ui_setup_reseller,
              test_upgrade_at_renewal, mp_test_ui_teardown);
  g_test_add ("/pages/switch/button", MpTestUiFixture, NULL, mp_test_ui_setup_reseller,
              test_button, mp_test_ui_teardown);
  return g_test_run ();
}
