/* test-bulk-change.c: Change Seats of several subscriptions at once
 * (issue 14 item 5), against the real server: selection mode on the
 * Subscriptions list, every line's prorated price and the total computed
 * here from the unit prices and dates, the refusals per line, one change
 * order per subscription with the others placed when one is refused
 * (a pending order), and the keyboard.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <string.h>

#include "mp-api.h"
#include "mp-bulk-change-dialog.h"
#include "mp-cart-order-row.h"
#include "mp-customer-page.h"
#include "mp-error-box.h"
#include "mp-page-util.h"
#include "mp-session.h"
#include "mp-subscriptions-page.h"

#include "mp-test-ui.h"

/* --seed-subscriptions 6 adds 2000001 ... 2000006; 2000001 and 2000005 are
 * Fabrikam Office Standard (plan 111, monthly) like the seed's 1000102,
 * each of another customer.
 */
#define FABRIKAM_ID  "1000102"   /* FAB-OS-USER 40 (37 in use), customer 1000001 */
#define GEN_A_ID     "2000001"   /* FAB-OS-USER 6 (4 in use), customer 1000002 */
#define GEN_B_ID     "2000005"   /* FAB-OS-USER 10 (8 in use), customer 1000003 */
#define WOODGROVE_ID "1000103"   /* no FAB-OS-USER */
#define MPN          "FAB-OS-USER"

static const char * const server_args[] = {
  "--seed-subscriptions", "6",
  /* Orders stay pending for the whole test. */
  "--provision-step-ms", "600000",
  NULL
};

static const char * const ids[] = { FABRIKAM_ID, GEN_A_ID, GEN_B_ID, WOODGROVE_ID, NULL };

static char *
format_minor (gint64 minor)
{
  MpMoney money;

  mp_money_init (&money, minor, "USD");
  return mp_page_format_money (&money);
}

static GtkWidget *
line_row (GtkWidget  *dialog,
          const char *id)
{
  GtkListBox *list = child (dialog, "lines_list");
  g_autofree char *suffix = g_strdup_printf ("(#%s)", id);

  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_str_has_suffix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), suffix))
      return row;
  g_error ("No line for %s", id);
}

/* The label below ROOT with the style class "numeric". */
static GtkLabel *
numeric_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "numeric"))
    return GTK_LABEL (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkLabel *label = numeric_label (c);

      if (label != NULL)
        return label;
    }
  return NULL;
}

/* The figure at the end of the line of subscription ID. */
static const char *
line_figure (GtkWidget  *dialog,
             const char *id)
{
  GtkLabel *label = numeric_label (line_row (dialog, id));

  g_assert_nonnull (label);
  return gtk_label_get_text (label);
}

static const char *
line_subtitle (GtkWidget  *dialog,
               const char *id)
{
  return adw_action_row_get_subtitle (ADW_ACTION_ROW (line_row (dialog, id)));
}

static const char *
total (GtkWidget *dialog)
{
  return gtk_label_get_text (child (dialog, "total_label"));
}

static gboolean
ok_sensitive (GtkWidget *dialog)
{
  return gtk_widget_get_sensitive (child (dialog, "ok_button"));
}

static GtkWidget *
open_dialog (Fixture *fixture)
{
  GtkWidget *dialog = mp_bulk_change_dialog_new (fixture->session, fixture->window, ids);

  gtk_window_present (GTK_WINDOW (dialog));
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (dialog), "edit") == 0, TIMEOUT_MS);
  return dialog;
}

static void
set_amount (GtkWidget *dialog,
            gint64     value)
{
  gtk_spin_button_set_value (child (dialog, "amount_spin"), (double) value);
}

/* Every line's price and the total, against sums computed here from the
 * unit prices and the subscriptions' dates; "Set To" and its refusals
 * (below usage), a credit said as a credit, a subscription without the
 * resource.
 */
static void
test_money (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(MpSubscription) fab = get_subscription (fixture, FABRIKAM_ID);
  g_autoptr(MpSubscription) a = get_subscription (fixture, GEN_A_ID);
  g_autoptr(MpSubscription) b = get_subscription (fixture, GEN_B_ID);
  GtkWidget *dialog = open_dialog (fixture);
  gint64 due_fab = mp_test_ui_prorated_change (fab, MPN, 3);
  gint64 due_a = mp_test_ui_prorated_change (a, MPN, 3);
  gint64 due_b = mp_test_ui_prorated_change (b, MPN, 3);
  g_autofree char *expected_fab = format_minor (due_fab);
  g_autofree char *expected_a = format_minor (due_a);
  g_autofree char *expected_b = format_minor (due_b);
  g_autofree char *sum = format_minor (due_fab + due_a + due_b);
  g_autofree char *expected_total = g_strdup_printf ("Total Due Now: %s", sum);
  g_autofree char *credit = NULL;
  g_autofree char *credit_total = NULL;
  gint64 credit_a;

  g_assert_cmpint (mp_subscription_resource_get_quantity (mp_subscription_find_resource (fab, MPN)), ==, 40);
  g_assert_cmpint (mp_subscription_resource_get_quantity (mp_subscription_find_resource (a, MPN)), ==, 6);
  g_assert_cmpint (mp_subscription_resource_get_quantity (mp_subscription_find_resource (b, MPN)), ==, 10);
  g_assert_cmpstr (mp_subscription_get_plan_id (a), ==, "111");
  g_assert_cmpstr (mp_subscription_get_plan_id (b), ==, "111");

  /* The resource most of them have is chosen; nothing to place at +0. */
  g_assert_cmpuint (adw_combo_row_get_selected (child (dialog, "resource_row")), ==, 0);
  g_assert_true (label_contains (dialog, "(FAB-OS-USER)"));
  g_assert_false (ok_sensitive (dialog));
  g_assert_cmpstr (total (dialog), ==, "Enter how many seats to add or remove");

  /* Add 3 to each. */
  set_amount (dialog, 3);
  MP_WAIT_UNTIL (ok_sensitive (dialog), TIMEOUT_MS);
  g_assert_cmpstr (line_figure (dialog, FABRIKAM_ID), ==, expected_fab);
  g_assert_cmpstr (line_figure (dialog, GEN_A_ID), ==, expected_a);
  g_assert_cmpstr (line_figure (dialog, GEN_B_ID), ==, expected_b);
  g_assert_cmpstr (line_figure (dialog, WOODGROVE_ID), ==, "Not changed");
  g_assert_nonnull (strstr (line_subtitle (dialog, WOODGROVE_ID), "Does not have this resource"));
  g_assert_cmpstr (total (dialog), ==, expected_total);
  /* Current -> new amount and the customer, by name. */
  g_assert_nonnull (strstr (line_subtitle (dialog, FABRIKAM_ID), "40 → 43"));
  g_assert_nonnull (strstr (line_subtitle (dialog, GEN_A_ID), "6 → 9"));
  MP_WAIT_UNTIL (!g_str_has_prefix (line_subtitle (dialog, GEN_A_ID), "1000002"), TIMEOUT_MS);
  render (dialog, "bulk-change.png");

  /* Set to 5: 40 with 37 in use and 10 with 8 in use cannot; 6 -> 5 is a
   * credit, said as one, and the only line of the total.
   */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (adw_action_row_get_activatable_widget (child (dialog, "set_row"))), TRUE);
  set_amount (dialog, 5);
  credit_a = mp_test_ui_prorated_change (a, MPN, -1);
  g_assert_cmpint (credit_a, <, 0);
  credit = format_minor (-credit_a);
  MP_WAIT_UNTIL (ok_sensitive (dialog) && g_str_has_prefix (line_figure (dialog, GEN_A_ID), "Credit"), TIMEOUT_MS);
  {
    g_autofree char *expected = g_strdup_printf ("Credit %s", credit);

    g_assert_cmpstr (line_figure (dialog, GEN_A_ID), ==, expected);
  }
  g_assert_cmpstr (line_figure (dialog, FABRIKAM_ID), ==, "Not changed");
  g_assert_nonnull (strstr (line_subtitle (dialog, FABRIKAM_ID), "37 in use"));
  g_assert_nonnull (strstr (line_subtitle (dialog, GEN_B_ID), "8 in use"));
  credit_total = g_strdup_printf ("Credit: %s", credit);
  g_assert_cmpstr (total (dialog), ==, credit_total);
  g_assert_true (strstr (adw_action_row_get_subtitle (child (dialog, "amount_row")), "1 to 300") != NULL);

  /* Out of the plan's range. */
  set_amount (dialog, 301);
  MP_WAIT_UNTIL (!ok_sensitive (dialog) && g_strcmp0 (total (dialog), "No subscription can be changed this way") == 0,
                 TIMEOUT_MS);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* The refusals of orders for SUBSCRIPTION_ID in JOURNAL, each with the
 * server's message.
 */
static guint
count_refusals (MpJournal  *journal,
                const char *subscription_id)
{
  guint n = 0;

  /* What the file held comes in first. */
  MP_WAIT_UNTIL (mp_journal_get_loaded (journal), TIMEOUT_MS);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (journal)); i++)
    {
      g_autoptr(MpJournalEntry) e = g_list_model_get_item (G_LIST_MODEL (journal), i);

      if (mp_journal_entry_get_event (e) == MP_JOURNAL_EVENT_REFUSED &&
          g_strcmp0 (mp_journal_entry_get_subscription_id (e), subscription_id) == 0)
        {
          g_assert_nonnull (mp_journal_entry_get_message (e));
          n++;
        }
    }
  return n;
}

/* One subscription gets a pending order after the prices were shown:
 * OK (Enter) places the other two, each its own order; the refusal stays
 * on its line with the server's message and correlation ID.
 */
static void
test_pending_refused (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *dialog = open_dialog (fixture);
  g_autoptr(MpOrder) elsewhere = NULL;
  g_autoptr(MpSubscription) fab = NULL;
  g_autoptr(MpSubscription) a = NULL;
  g_autoptr(MpSubscription) b = NULL;
  GtkListBox *orders;
  GtkWidget *row;
  MpOrder *first = NULL, *second = NULL;
  guint n_order_rows = 0, n_refused = 0;
  gint64 before = count_orders (fixture);
  guint refused_before = count_refusals (mp_session_get_journal (fixture->session), GEN_B_ID);

  set_amount (dialog, 2);
  MP_WAIT_UNTIL (ok_sensitive (dialog), TIMEOUT_MS);
  elsewhere = mp_test_ui_place_change (fixture, GEN_B_ID, MPN, 11);
  g_assert_nonnull (elsewhere);

  /* Enter in the amount is OK. */
  gtk_widget_grab_focus (child (dialog, "amount_spin"));
  mp_test_ui_press_key (dialog, "mp-a11y-enter", GDK_KEY_Return, 0);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (dialog), "progress") == 0, TIMEOUT_MS);
  orders = child (dialog, "orders_list");
  MP_WAIT_UNTIL (find_widget (GTK_WIDGET (orders), MP_TYPE_ERROR_BOX) != NULL &&
                 count_rows (orders) == 3 && find_widget (GTK_WIDGET (orders), GTK_TYPE_SPINNER) == NULL,
                 TIMEOUT_MS);

  for (row = gtk_widget_get_first_child (GTK_WIDGET (orders)); row != NULL; row = gtk_widget_get_next_sibling (row))
    {
      if (MP_IS_CART_ORDER_ROW (row))
        {
          MpOrder *order = mp_cart_order_row_get_order (MP_CART_ORDER_ROW (row));

          if (first == NULL)
            first = order;
          else
            second = order;
          n_order_rows++;
          /* The session follows it. */
          g_assert_true (mp_session_lookup_order (fixture->session, mp_order_get_id (order)) == order);
        }
      else
        {
          MpErrorBox *box = find_widget (row, MP_TYPE_ERROR_BOX);

          g_assert_nonnull (box);
          g_assert_true (label_contains (row, GEN_B_ID));
          g_assert_nonnull (mp_error_box_get_message (box));
          g_assert_nonnull (mp_error_box_get_correlation_id (box));
          n_refused++;
        }
    }
  g_assert_cmpuint (n_order_rows, ==, 2);
  g_assert_cmpuint (n_refused, ==, 1);
  g_assert_cmpstr (mp_order_get_id (first), !=, mp_order_get_id (second));
  render (dialog, "bulk-change-placed.png");

  /* On the server: one order each (and the one placed elsewhere). */
  g_assert_cmpint (count_orders (fixture), ==, before + 3);
  fab = get_subscription (fixture, FABRIKAM_ID);
  a = get_subscription (fixture, GEN_A_ID);
  b = get_subscription (fixture, GEN_B_ID);
  g_assert_nonnull (mp_subscription_get_pending_order_id (fab));
  g_assert_nonnull (mp_subscription_get_pending_order_id (a));
  g_assert_cmpstr (mp_subscription_get_pending_order_id (b), ==, mp_order_get_id (elsewhere));
  g_assert_cmpstr (mp_subscription_get_pending_order_id (fab), !=, mp_subscription_get_pending_order_id (a));

  /* The journal holds what this app did: both orders, each for its
   * subscription with its new seat count, and the refusal with the
   * server's message; not the order placed elsewhere.
   */
  {
    MpJournal *journal = mp_session_get_journal (fixture->session);
    MpJournalEntry *entry;
    guint n_refused_entries = 0;

    g_assert_nonnull (journal);
    entry = mp_journal_lookup_order (journal, mp_order_get_id (first));
    g_assert_nonnull (entry);
    g_assert_cmpint (mp_journal_entry_get_event (entry), ==, MP_JOURNAL_EVENT_PLACED);
    g_assert_true (g_strcmp0 (mp_journal_entry_get_subscription_id (entry), FABRIKAM_ID) == 0 ||
                   g_strcmp0 (mp_journal_entry_get_subscription_id (entry), GEN_A_ID) == 0);
    g_assert_nonnull (mp_journal_lookup_order (journal, mp_order_get_id (second)));
    g_assert_null (mp_journal_lookup_order (journal, mp_order_get_id (elsewhere)));
    n_refused_entries = count_refusals (journal, GEN_B_ID);
    g_assert_cmpuint (n_refused_entries, ==, refused_before + 1);
  }

  /* Escape closes; the orders go on, followed by the session. */
  g_assert_true (mp_test_ui_press_key (dialog, "mp-bulk-keys", GDK_KEY_Escape, 0));
  MP_WAIT_UNTIL (find_toplevel (MP_TYPE_BULK_CHANGE_DIALOG) == NULL, TIMEOUT_MS);
  g_assert_nonnull (mp_session_lookup_order (fixture->session, mp_order_get_id (first)));

  /* A new dialog knows of the pending orders before asking the server. */
  dialog = open_dialog (fixture);
  set_amount (dialog, 1);
  MP_WAIT_UNTIL (g_strcmp0 (total (dialog), "No subscription can be changed this way") == 0, TIMEOUT_MS);
  g_assert_nonnull (strstr (line_subtitle (dialog, FABRIKAM_ID), "A change order is in progress on this subscription"));
  g_assert_nonnull (strstr (line_subtitle (dialog, GEN_B_ID), "A change order is in progress on this subscription"));
  g_assert_false (ok_sensitive (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Closing the window right after OK cancels nothing: every order is
 * placed and followed by the session.
 */
static void
test_closed_while_placing (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *dialog = open_dialog (fixture);
  GListModel *active = mp_session_get_active_orders (fixture->session);
  guint before = g_list_model_get_n_items (active);
  gint64 orders_before = count_orders (fixture);
  const char * const changed[] = { FABRIKAM_ID, GEN_A_ID, GEN_B_ID };

  set_amount (dialog, 1);
  MP_WAIT_UNTIL (ok_sensitive (dialog), TIMEOUT_MS);
  g_signal_emit_by_name (child (dialog, "ok_button"), "clicked");
  g_assert_cmpstr (visible_name (dialog), ==, "progress");
  gtk_window_destroy (GTK_WINDOW (dialog));

  MP_WAIT_UNTIL (g_list_model_get_n_items (active) == before + 3, TIMEOUT_MS);
  g_assert_cmpint (count_orders (fixture), ==, orders_before + 3);
  for (guint i = 0; i < G_N_ELEMENTS (changed); i++)
    {
      g_autoptr(MpSubscription) subscription = get_subscription (fixture, changed[i]);

      g_assert_nonnull (mp_subscription_get_pending_order_id (subscription));
      g_assert_nonnull (mp_session_lookup_order (fixture->session, mp_subscription_get_pending_order_id (subscription)));
    }
}

/* Selection mode on the Subscriptions list: Select, check boxes, Ctrl+A,
 * "N selected", Change Seats… opens the dialog on the selection, Escape
 * leaves selection mode.
 */
static void
test_selection (Fixture       *fixture,
                gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  GListModel *model = column_model (page);
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) check_column = NULL;
  GtkWidget *dialog;
  guint n;

  show_page (fixture, page);
  /* Every subscription of the account, its customers' too. */
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0 && g_list_model_get_n_items (model) > 8, TIMEOUT_MS);
  n = g_list_model_get_n_items (model);
  columns = gtk_column_view_get_columns (child (page, "column_view"));
  check_column = g_list_model_get_item (columns, 0);
  g_assert_false (gtk_column_view_column_get_visible (check_column));
  g_assert_false (gtk_action_bar_get_revealed (child (page, "selection_bar")));

  /* Select: the check boxes and the action bar. */
  gtk_toggle_button_set_active (child (page, "select_button"), TRUE);
  g_assert_true (gtk_column_view_column_get_visible (check_column));
  g_assert_true (gtk_action_bar_get_revealed (child (page, "selection_bar")));
  g_assert_cmpstr (gtk_label_get_text (child (page, "selected_label")), ==, "0 selected");
  g_assert_false (gtk_widget_get_sensitive (child (page, "change_seats_button")));

  /* Enter on a row selects it in selection mode, instead of opening it. */
  g_signal_emit_by_name (child (page, "column_view"), "activate", 0);
  g_assert_cmpstr (gtk_label_get_text (child (page, "selected_label")), ==, "1 selected");
  g_assert_false (was_activated_prefix (fixture, "open-subscription"));
  g_signal_emit_by_name (child (page, "column_view"), "activate", 0);
  g_assert_cmpstr (gtk_label_get_text (child (page, "selected_label")), ==, "0 selected");
  render (GTK_WIDGET (fixture->window), "subscriptions-selection.png");

  /* Escape leaves it; Ctrl+A selects every row shown. */
  g_assert_true (mp_test_ui_press_key (page, "mp-subscriptions-keys", GDK_KEY_Escape, 0));
  g_assert_false (gtk_toggle_button_get_active (child (page, "select_button")));
  g_assert_false (mp_test_ui_press_key (page, "mp-subscriptions-keys", GDK_KEY_Escape, 0));
  g_assert_true (mp_test_ui_press_key (page, "mp-subscriptions-keys", GDK_KEY_a, GDK_CONTROL_MASK));
  g_assert_true (gtk_toggle_button_get_active (child (page, "select_button")));
  {
    g_autofree char *expected = g_strdup_printf ("%u selected", n);

    g_assert_cmpstr (gtk_label_get_text (child (page, "selected_label")), ==, expected);
  }

  g_assert_true (gtk_widget_get_sensitive (child (page, "change_seats_button")));
  g_signal_emit_by_name (child (page, "change_seats_button"), "clicked");
  dialog = find_toplevel (MP_TYPE_BULK_CHANGE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == fixture->window);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (dialog), "edit") == 0, TIMEOUT_MS);
  g_assert_cmpuint (count_rows (child (dialog, "lines_list")), ==, n);
  /* Leaving for the dialog ends selection mode. */
  g_assert_false (gtk_toggle_button_get_active (child (page, "select_button")));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* A customer's Subscriptions tab: Change Seats… for all of them. */
static void
test_customer_page (Fixture       *fixture,
                    gconstpointer  data)
{
  /* Acme Corporation (1000001): 1000101 to 1000103, and 2000003, 2000006. */
  GtkWidget *page = mp_customer_page_new (fixture->session, "1000001");
  GtkListBox *subscriptions = child (page, "subscriptions_list");
  GtkWidget *dialog;

  show_page (fixture, page);
  MP_WAIT_UNTIL (count_rows (subscriptions) == 5, TIMEOUT_MS);
  g_assert_nonnull (find_button (page, "Change _Seats…"));
  g_signal_emit_by_name (find_button (page, "Change _Seats…"), "clicked");
  dialog = find_toplevel (MP_TYPE_BULK_CHANGE_DIALOG);
  g_assert_nonnull (dialog);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (dialog), "edit") == 0, TIMEOUT_MS);
  g_assert_cmpuint (count_rows (child (dialog, "lines_list")), ==, 5);
  g_assert_cmpstr (line_figure (dialog, FABRIKAM_ID), ==, "Not changed");
  gtk_window_destroy (GTK_WINDOW (dialog));
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/bulk-change/money", Fixture, server_args, setup_reseller, test_money, teardown);
  g_test_add ("/bulk-change/pending-refused", Fixture, server_args, setup_reseller, test_pending_refused, teardown);
  g_test_add ("/bulk-change/closed-while-placing", Fixture, server_args, setup_reseller, test_closed_while_placing,
              teardown);
  g_test_add ("/bulk-change/selection", Fixture, server_args, setup_reseller, test_selection, teardown);
  g_test_add ("/bulk-change/customer-page", Fixture, server_args, setup_reseller, test_customer_page, teardown);
  return g_test_run ();
}
