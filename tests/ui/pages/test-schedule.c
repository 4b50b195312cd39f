/* test-schedule.c: "Apply at renewal" on Change Resource Limits, against
 * the real server: the choice names the renewal date, the estimate says
 * what is charged then (a whole term of the added units, computed here
 * from the plan's unit price), the placed order is shown as "Scheduled for
 * DATE" on its page; a subscription that does not renew offers only "now".
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mp-api.h"
#include "mp-client-test-util.h"
#include "mp-limit-row.h"
#include "mp-estimate-view.h"
#include "mp-limits-page.h"
#include "mp-order-page.h"
#include "mp-page-util.h"
#include "mp-session.h"
#include "mp-subscription-page.h"

#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"

#define TIMEOUT_MS 20000
/* Fabrikam Office Standard: monthly, renews */
#define RENEWS_ID "1000102"
/* Wingtip Cloud PBX: renewal off */
#define ENDS_ID   "1000106"
/* Adatum Cloud Backup: its plan allows a renewal by hand */
#define MANUAL_ID "1000105"

static MpLimitRow *
limit_row (GtkWidget  *page,
           const char *mpn)
{
  GtkWidget *list = mp_test_ui_child (page, "resources_list");

  for (GtkWidget *w = gtk_widget_get_first_child (list); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (MP_IS_LIMIT_ROW (w) && g_strcmp0 (mp_limit_row_get_mpn (MP_LIMIT_ROW (w)), mpn) == 0)
      return MP_LIMIT_ROW (w);
  g_error ("no row for %s", mpn);
}

static void
test_apply_at_renewal (MpTestUiFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(MpSubscription) subscription = mp_test_ui_get_subscription (fixture, RENEWS_ID);
  g_autoptr(MpPlan) plan = mp_test_get_plan (fixture->client, mp_subscription_get_plan_id (subscription));
  g_autoptr(MpSubscription) after = NULL;
  g_autofree char *date = mp_page_format_date (mp_subscription_get_renewal_date (subscription));
  g_autofree char *title = g_strdup_printf ("Apply at _Renewal (%s)", date);
  g_autofree char *scheduled = g_strdup_printf ("Scheduled for %s", date);
  g_autofree char *due_text = NULL;
  GtkWidget *page = mp_limits_page_new (fixture->session, RENEWS_ID);
  GtkWidget *ok, *view, *order_page;
  MpResource *users = mp_plan_find_resource (plan, "FAB-OS-USER");
  MpMoney setup, recurring;
  const char *order_id;
  MpOrder *order;

  g_assert_nonnull (users);
  g_assert_true (mp_resource_get_price (users, mp_subscription_get_period (subscription), &setup, &recurring));
  /* 5 more users for a whole term from the renewal date */
  due_text = mp_test_ui_format_cents (5 * recurring.minor + 5 * setup.minor, recurring.currency);

  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (page), "content") == 0, TIMEOUT_MS);
  ok = mp_test_ui_child (page, "ok_button");
  view = mp_test_ui_child (page, "estimate_view");
  g_assert_true (gtk_widget_get_visible (mp_test_ui_child (page, "when_group")));
  g_assert_true (gtk_check_button_get_active (mp_test_ui_child (page, "now_check")));
  g_assert_cmpstr (adw_preferences_row_get_title (mp_test_ui_child (page, "renewal_row")), ==, title);

  mp_limit_row_set_value (limit_row (page, "FAB-OS-USER"), 45);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (ok), TIMEOUT_MS);

  /* The user picks the renewal, as with the keyboard: the row activates its check. */
  g_assert_true (adw_action_row_get_activatable_widget (mp_test_ui_child (page, "renewal_row"))
                 == mp_test_ui_child (page, "renewal_check"));
  gtk_widget_activate (mp_test_ui_child (page, "renewal_check"));
  g_assert_true (gtk_check_button_get_active (mp_test_ui_child (page, "renewal_check")));
  g_assert_false (gtk_check_button_get_active (mp_test_ui_child (page, "now_check")));
  MP_WAIT_UNTIL (mp_test_ui_row_shows (view, "Added at Renewal", due_text) && gtk_widget_get_sensitive (ok),
                 TIMEOUT_MS);
  g_assert_true (mp_test_ui_label_contains (view, date));
  mp_test_ui_render (GTK_WIDGET (fixture->window), "change-limits-at-renewal.png");

  g_signal_emit_by_name (ok, "clicked");
  MP_WAIT_UNTIL (mp_test_ui_count_prefix (fixture, "open-order ") > 0, TIMEOUT_MS);
  order_id = mp_test_ui_last_parameter (fixture, "open-order");
  order = mp_session_lookup_order (fixture->session, order_id);
  g_assert_nonnull (order);
  g_assert_true (mp_order_get_scheduled (order));
  g_assert_cmpstr (mp_order_get_scheduled_date (order), ==, mp_subscription_get_renewal_date (subscription));

  /* Its page: "Scheduled for DATE", the total charged then */
  order_page = mp_order_page_new (fixture->session, order_id);
  mp_test_ui_show_page (fixture, order_page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (order_page), "content") == 0, TIMEOUT_MS);
  g_assert_cmpstr (adw_action_row_get_subtitle (mp_test_ui_child (order_page, "status_row")), ==, scheduled);
  g_assert_cmpstr (adw_action_row_get_subtitle (mp_test_ui_child (order_page, "total_row")), ==, due_text);
  g_assert_false (gtk_widget_get_visible (mp_test_ui_child (order_page, "follow_button")));
  /* the line: the new total, not a difference */
  g_assert_true (mp_test_ui_label_contains (mp_test_ui_child (order_page, "lines_list"), "Quantity: 45"));
  g_assert_false (mp_test_ui_label_contains (mp_test_ui_child (order_page, "lines_list"), "+45"));
  mp_test_ui_render (GTK_WIDGET (fixture->window), "order-scheduled.png");

  /* Nothing changed yet */
  after = mp_test_ui_get_subscription (fixture, RENEWS_ID);
  g_assert_cmpstr (mp_subscription_get_scheduled_order_id (after), ==, order_id);
  g_assert_cmpint (mp_subscription_resource_get_quantity (mp_subscription_find_resource (after, "FAB-OS-USER")), ==, 40);

  /* The subscription page shows it, and cancels it after a confirmation. */
  {
    GtkWidget *details = mp_subscription_page_new (fixture->session, RENEWS_ID);
    g_autoptr(MpSubscription) cancelled = NULL;
    AdwMessageDialog *dialog;

    mp_test_ui_show_page (fixture, details);
    MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (details), "content") == 0, TIMEOUT_MS);
    g_assert_true (gtk_widget_get_visible (mp_test_ui_child (details, "scheduled_group")));
    g_assert_true (strstr (adw_action_row_get_subtitle (mp_test_ui_child (details, "scheduled_row")), date) != NULL);
    /* it does not hold up a change now */
    g_assert_false (gtk_widget_get_visible (mp_test_ui_child (details, "pending_label")));
    g_assert_true (gtk_widget_is_sensitive (mp_test_ui_child (details, "change_button")));
    /* the group is below the fold at this size: shown on its own */
    mp_test_ui_render (GTK_WIDGET (fixture->window), "subscription-scheduled.png");
    mp_test_ui_render (mp_test_ui_child (details, "scheduled_group"), "subscription-scheduled-group.png");

    g_signal_emit_by_name (mp_test_ui_child (details, "scheduled_cancel_button"), "clicked");
    MP_WAIT_UNTIL ((dialog = mp_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, TIMEOUT_MS);
    /* Enter and Escape keep the change */
    g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
    g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "keep");
    mp_test_ui_render (GTK_WIDGET (dialog), "subscription-cancel-scheduled.png");
    mp_test_ui_click_response (dialog, "_Cancel Change");
    MP_WAIT_UNTIL (!gtk_widget_get_visible (mp_test_ui_child (details, "scheduled_group")), TIMEOUT_MS);
    cancelled = mp_test_ui_get_subscription (fixture, RENEWS_ID);
    g_assert_null (mp_subscription_get_scheduled_order_id (cancelled));
  }
}

/* Renew Now… where the plan allows it (Adatum Cloud Backup): the
 * confirmation's estimate is one whole term of every product at its unit
 * price, computed here; confirmed, the renewal order is followed to its
 * end and the renewal date moves one month.
 */
static void
test_renew_now (MpTestUiFixture *fixture,
                gconstpointer    data)
{
  g_autoptr(MpSubscription) subscription = mp_test_ui_get_subscription (fixture, MANUAL_ID);
  g_autoptr(MpPlan) plan = mp_test_get_plan (fixture->client, mp_subscription_get_plan_id (subscription));
  g_autoptr(MpSubscription) renewed = NULL;
  g_autoptr(GDate) next = g_date_new ();
  g_autofree char *term_text = NULL;
  g_autofree char *next_text = NULL;
  GtkWidget *page = mp_subscription_page_new (fixture->session, MANUAL_ID);
  GtkWidget *other = NULL;
  GtkWidget *view;
  AdwMessageDialog *dialog;
  MpOrder *order;

  g_assert_true (mp_subscription_get_manual_renewal (subscription));
  /* a whole term of what it has: the same sum as a full refund */
  term_text = mp_test_ui_format_cents (mp_test_cancellation_refund (subscription, plan, 1, 1),
                                       mp_subscription_get_total_price (subscription)->currency);
  g_date_set_parse (next, mp_subscription_get_renewal_date (subscription));
  g_date_add_months (next, 1);
  next_text = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (next), g_date_get_month (next),
                               g_date_get_day (next));

  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (page), "content") == 0, TIMEOUT_MS);
  g_assert_true (gtk_widget_get_visible (mp_test_ui_child (page, "renew_now_row")));
  mp_test_ui_render (GTK_WIDGET (fixture->window), "subscription-renew-ahead.png");
  g_signal_emit_by_name (mp_test_ui_child (page, "renew_button"), "clicked");
  MP_WAIT_UNTIL ((dialog = mp_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, TIMEOUT_MS);
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "cancel");
  MP_WAIT_UNTIL (adw_message_dialog_get_response_enabled (dialog, "renew"), TIMEOUT_MS);
  view = mp_test_ui_find_widget (GTK_WIDGET (dialog), MP_TYPE_ESTIMATE_VIEW);
  g_assert_nonnull (view);
  g_assert_true (mp_test_ui_row_shows (view, "Total Due Now", term_text));
  mp_test_ui_render (GTK_WIDGET (dialog), "subscription-renew-now.png");
  mp_test_ui_click_response (dialog, "_Renew");

  MP_WAIT_UNTIL (mp_test_ui_count_prefix (fixture, "open-order ") > 0, TIMEOUT_MS);
  order = mp_session_lookup_order (fixture->session, mp_test_ui_last_parameter (fixture, "open-order"));
  g_assert_nonnull (order);
  g_assert_cmpint (mp_order_get_order_type (order), ==, MP_ORDER_TYPE_RENEWAL);
  MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  renewed = mp_test_ui_get_subscription (fixture, MANUAL_ID);
  g_assert_cmpstr (mp_subscription_get_renewal_date (renewed), ==, next_text);

  /* A plan without it: no Renew Now */
  other = mp_subscription_page_new (fixture->session, RENEWS_ID);
  mp_test_ui_show_page (fixture, other);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (other), "content") == 0, TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (mp_test_ui_child (other, "renew_now_row")));
}

static void
test_not_renewing (MpTestUiFixture *fixture,
                   gconstpointer    data)
{
  GtkWidget *page = mp_limits_page_new (fixture->session, ENDS_ID);

  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (page), "content") == 0, TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (mp_test_ui_child (page, "when_group")));
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 1;
  g_test_add ("/ui/schedule/apply-at-renewal", MpTestUiFixture, NULL,
              mp_test_ui_setup_reseller, test_apply_at_renewal, mp_test_ui_teardown);
  g_test_add ("/ui/schedule/renew-now", MpTestUiFixture, NULL,
              mp_test_ui_setup_reseller, test_renew_now, mp_test_ui_teardown);
  g_test_add ("/ui/schedule/not-renewing", MpTestUiFixture, NULL,
              mp_test_ui_setup_reseller, test_not_renewing, mp_test_ui_teardown);
  return g_test_run ();
}
