/* test-cancel.c: Cancel Subscription on the subscription page, against
 * the real server: the rules in words and dates, the confirmation and its
 * refund, keyboard safety, the placed cancellation followed to the end,
 * and a closed window
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
#include "mp-journal.h"
#include "mp-page-util.h"
#include "mp-session.h"
#include "mp-subscription-page.h"

#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"

#define TIMEOUT_MS 20000
/* Adatum Cloud Backup: 14 days of full refund, 10 days into its month */
#define IN_WINDOW_ID "1000105"
/* Fabrikam Office Basic: 7 days, then prorated; past its window */
#define PRORATED_ID  "1000104"
/* Woodgrove Endpoint Protection: 7 days, then no cancellation; 30 days in */
#define CLOSED_ID    "1000103"

static gboolean
contains (const char *haystack,
          const char *needle)
{
  return haystack != NULL && strstr (haystack, needle) != NULL;
}

static void
get_customer_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MpTestUiWait *wait = user_data;

  wait->result = mp_client_get_customer_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static char *
customer_name (MpTestUiFixture *fixture,
               const char      *customer_id)
{
  MpTestUiWait wait = { 0 };
  g_autoptr(MpCustomer) customer = NULL;

  mp_client_get_customer_async (fixture->client, customer_id, NULL, get_customer_cb, &wait);
  MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
  g_assert_no_error (wait.error);
  customer = wait.result;
  return g_strdup (mp_customer_get_name (customer));
}

/* A full refund: the term's recurring price of every product, from the
 * plan's unit prices (computed here, not taken from an estimate).
 */
static gint64
full_refund (MpTestUiFixture *fixture,
             MpSubscription  *subscription)
{
  g_autoptr(MpPlan) plan = mp_test_get_plan (fixture->client, mp_subscription_get_plan_id (subscription));

  return mp_test_cancellation_refund (subscription, plan, 1, 1);
}

/* The journal's row of the cancellation placed for SUBSCRIPTION_ID, or
 * NULL while there is none.
 */
static MpJournalEntry *
find_cancellation (MpTestUiFixture *fixture,
                   const char      *subscription_id)
{
  GListModel *rows = G_LIST_MODEL (mp_session_get_journal (fixture->session));

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(MpJournalEntry) entry = g_list_model_get_item (rows, i);

      if (mp_journal_entry_get_order_type (entry) == MP_ORDER_TYPE_CANCELLATION &&
          g_strcmp0 (mp_journal_entry_get_subscription_id (entry), subscription_id) == 0)
        return entry;   /* the journal holds it */
    }
  return NULL;
}

static AdwMessageDialog *
open_confirmation (GtkWidget *page)
{
  GtkWidget *button = mp_test_ui_child (page, "cancel_button");
  AdwMessageDialog *dialog;

  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (button, "destructive-action"));
  g_signal_emit_by_name (button, "clicked");
  MP_WAIT_UNTIL (mp_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL, TIMEOUT_MS);
  dialog = mp_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT_MS);
  return dialog;
}

static void
test_cancel_in_window (MpTestUiFixture *fixture,
                       gconstpointer    data)
{
  g_autoptr(MpSubscription) subscription = mp_test_ui_get_subscription (fixture, IN_WINDOW_ID);
  g_autoptr(GDate) until = g_date_new ();
  g_autofree char *until_iso = NULL;
  g_autofree char *until_text = NULL;
  g_autofree char *customer = customer_name (fixture, mp_subscription_get_customer_id (subscription));
  g_autofree char *refund_text = NULL;
  GtkWidget *page = mp_subscription_page_new (fixture->session, IN_WINDOW_ID);
  AdwMessageDialog *dialog;
  MpEstimateView *view;
  MpMoney refund;

  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (page), "content") == 0, TIMEOUT_MS);

  /* The rules in words, with the date computed here: the term's start
   * (renewal less one month) plus the plan's 14 days.
   */
  g_date_set_parse (until, mp_subscription_get_renewal_date (subscription));
  g_assert_true (g_date_valid (until));
  g_date_subtract_months (until, 1);
  g_date_add_days (until, 14);
  until_iso = g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (until), g_date_get_month (until),
                               g_date_get_day (until));
  until_text = mp_page_format_date (until_iso);
  {
    g_autofree char *expected = g_strdup_printf ("Full refund until %s, then no refund", until_text);

    g_assert_cmpstr (adw_action_row_get_subtitle (mp_test_ui_child (page, "cancel_rules_row")), ==, expected);
  }
  g_assert_false (gtk_widget_get_visible (mp_test_ui_child (page, "cancel_reason_label")));
  mp_test_ui_render (GTK_WIDGET (fixture->window), "cancel-page.png");

  /* The confirmation names the subscription and the customer and says
   * the rules; Enter and Escape keep the subscription.
   */
  dialog = open_confirmation (page);
  g_assert_true (contains (adw_message_dialog_get_body (dialog), mp_subscription_get_name (subscription)));
  g_assert_true (contains (adw_message_dialog_get_body (dialog), customer));
  g_assert_true (contains (adw_message_dialog_get_body (dialog), until_text));
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  g_assert_cmpstr (adw_message_dialog_get_close_response (dialog), ==, "keep");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "cancel-subscription"), ==,
                   ADW_RESPONSE_DESTRUCTIVE);
  /* Nothing destructive has the focus: Enter cannot cancel it. */
  {
    GtkWidget *focus = gtk_window_get_focus (GTK_WINDOW (dialog));

    if (focus != NULL && GTK_IS_BUTTON (focus))
      g_assert_cmpstr (gtk_button_get_label (GTK_BUTTON (focus)), !=, "_Cancel Subscription");
  }

  /* The refund, from the cancellation's estimate, as a credit of the
   * whole term's price.
   */
  view = mp_test_ui_find_widget (GTK_WIDGET (dialog), MP_TYPE_ESTIMATE_VIEW);
  g_assert_nonnull (view);
  MP_WAIT_UNTIL (adw_message_dialog_get_response_enabled (dialog, "cancel-subscription"), TIMEOUT_MS);
  mp_money_init (&refund, full_refund (fixture, subscription), "USD");
  g_assert_cmpint (refund.minor, >, 0);
  refund_text = mp_page_format_money (&refund);
  g_assert_nonnull (mp_test_ui_find_label (GTK_WIDGET (view), refund_text));
  g_assert_true (mp_test_ui_label_contains (GTK_WIDGET (view), "Credit"));
  mp_test_ui_render (GTK_WIDGET (dialog), "cancel-dialog.png");

  /* Escape (bound to window.close) keeps the subscription. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL));
  MP_WAIT_UNTIL (mp_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, TIMEOUT_MS);
  {
    g_autoptr(MpSubscription) still = mp_test_ui_get_subscription (fixture, IN_WINDOW_ID);

    g_assert_cmpstr (mp_subscription_get_status (still), ==, "active");
  }

  /* Confirmed: placed, followed by the session, and the page shows the
   * subscription as ended.
   */
  dialog = open_confirmation (page);
  MP_WAIT_UNTIL (adw_message_dialog_get_response_enabled (dialog, "cancel-subscription"), TIMEOUT_MS);
  mp_test_ui_click_response (dialog, "_Cancel Subscription");
  MP_WAIT_UNTIL (mp_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, TIMEOUT_MS);
  MP_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (mp_test_ui_child (page, "status_row")),
                            mp_page_subscription_status ("terminated")) == 0, TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (mp_test_ui_child (page, "cancel_group")));
  /* an ended subscription is neither changed nor renewed */
  g_assert_false (gtk_widget_is_sensitive (mp_test_ui_child (page, "change_button")));
  g_assert_false (gtk_widget_is_sensitive (mp_test_ui_child (page, "auto_renew_switch")));
  {
    g_autoptr(MpSubscription) ended = mp_test_ui_get_subscription (fixture, IN_WINDOW_ID);

    g_assert_cmpstr (mp_subscription_get_status (ended), ==, "terminated");
  }
  /* The journal: the cancellation for the customer, the refund shown as
   * its estimate (a credit: the full refund computed above, negative),
   * the order's number, and the order completed.
   */
  {
    MpJournalEntry *entry = find_cancellation (fixture, IN_WINDOW_ID);

    g_assert_nonnull (entry);
    g_assert_cmpint (mp_journal_entry_get_event (entry), ==, MP_JOURNAL_EVENT_PLACED);
    g_assert_cmpstr (mp_journal_entry_get_customer_id (entry), ==, mp_subscription_get_customer_id (subscription));
    /* its name may be asked for after the order is journaled */
    MP_WAIT_UNTIL (g_strcmp0 (mp_journal_entry_get_customer_name (entry), customer) == 0, TIMEOUT_MS);
    g_assert_cmpstr (mp_journal_entry_get_plan_id (entry), ==, mp_subscription_get_plan_id (subscription));
    g_assert_nonnull (mp_journal_entry_get_order_number (entry));
    g_assert_nonnull (mp_journal_entry_get_correlation_id (entry));
    g_assert_nonnull (mp_journal_entry_get_estimate (entry));
    g_assert_cmpint (mp_journal_entry_get_estimate (entry)->minor, ==, -refund.minor);
    MP_WAIT_UNTIL (mp_journal_entry_get_status (entry) == MP_ORDER_STATUS_COMPLETED, TIMEOUT_MS);
  }
  mp_test_ui_render (GTK_WIDGET (fixture->window), "cancel-done.png");
}

/* After the window of a prorated plan: the unused days of the term, from
 * the plan's unit prices and the term's dates; Keep leaves it.
 */
static void
test_prorated (MpTestUiFixture *fixture,
               gconstpointer    data)
{
  g_autoptr(MpSubscription) subscription = mp_test_ui_get_subscription (fixture, PRORATED_ID);
  g_autoptr(MpPlan) plan = mp_test_get_plan (fixture->client, mp_subscription_get_plan_id (subscription));
  g_autoptr(GDate) start = g_date_new ();
  g_autoptr(GDate) end = g_date_new ();
  g_autoptr(GDate) today = g_date_new ();
  g_autofree char *refund_text = NULL;
  GtkWidget *page = mp_subscription_page_new (fixture->session, PRORATED_ID);
  AdwMessageDialog *dialog;
  MpMoney refund;

  g_date_set_parse (end, mp_subscription_get_renewal_date (subscription));
  g_assert_true (g_date_valid (end));
  *start = *end;
  g_date_subtract_months (start, 1);
  g_date_set_time_t (today, time (NULL));
  mp_money_init (&refund, mp_test_cancellation_refund (subscription, plan, g_date_days_between (today, end),
                                                       g_date_days_between (start, end)), "USD");
  g_assert_cmpint (refund.minor, >, 0);
  refund_text = mp_page_format_money (&refund);

  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (page), "content") == 0, TIMEOUT_MS);
  g_assert_true (contains (adw_action_row_get_subtitle (mp_test_ui_child (page, "cancel_rules_row")),
                           "the unused part of the term is refunded"));
  dialog = open_confirmation (page);
  MP_WAIT_UNTIL (adw_message_dialog_get_response_enabled (dialog, "cancel-subscription"), TIMEOUT_MS);
  g_assert_nonnull (mp_test_ui_find_label (GTK_WIDGET (dialog), refund_text));
  mp_test_ui_click_response (dialog, "_Keep Subscription");
  MP_WAIT_UNTIL (mp_test_ui_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, TIMEOUT_MS);
  {
    g_autoptr(MpSubscription) still = mp_test_ui_get_subscription (fixture, PRORATED_ID);

    g_assert_cmpstr (mp_subscription_get_status (still), ==, "active");
  }
}

/* After a closed window the action says why, without a dialog. */
static void
test_window_closed (MpTestUiFixture *fixture,
                    gconstpointer    data)
{
  GtkWidget *page = mp_subscription_page_new (fixture->session, CLOSED_ID);
  GtkWidget *button;
  GtkWidget *reason;

  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (mp_test_ui_visible_name (page), "content") == 0, TIMEOUT_MS);
  button = mp_test_ui_child (page, "cancel_button");
  reason = mp_test_ui_child (page, "cancel_reason_label");
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_false (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_get_visible (reason));
  g_assert_true (contains (gtk_label_get_text (GTK_LABEL (reason)), "refund window"));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (button), ==, gtk_label_get_text (GTK_LABEL (reason)));
  g_assert_true (contains (adw_action_row_get_subtitle (mp_test_ui_child (page, "cancel_rules_row")),
                                        "Cancellation was possible until"));
  mp_test_ui_render (GTK_WIDGET (fixture->window), "cancel-closed.png");
}

int
main (int   argc,
      char *argv[])
{
  static const char * const quick_steps[] = { "--provision-step-ms=200", NULL };

  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/pages/cancel/in-window", MpTestUiFixture, quick_steps, mp_test_ui_setup_reseller,
              test_cancel_in_window, mp_test_ui_teardown);
  g_test_add ("/pages/cancel/prorated", MpTestUiFixture, NULL, mp_test_ui_setup_reseller,
              test_prorated, mp_test_ui_teardown);
  g_test_add ("/pages/cancel/window-closed", MpTestUiFixture, NULL, mp_test_ui_setup_reseller,
              test_window_closed, mp_test_ui_teardown);
  return g_test_run ();
}
