/* test-estimate-view.c: MpEstimateView shows an MpPurchase's estimate from
 * the real server; every figure on screen is checked against a sum this
 * test computes from the plan's unit prices.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <signal.h>

#include "mp-api.h"
#include "mp-client-test-util.h"
#include "mp-estimate-view.h"
#include "mp-page-util.h"
/* This program has names of its own (TIMEOUT_MS, count_rows, ...). */
#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"

#define TIMEOUT_MS 20000

static MpTestServer *server;

static MpClient *
reseller (void)
{
  MpClient *client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");

  mp_client_set_timeout (client, 20);
  return client;
}

static GtkWidget *
show (GtkWidget *view)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 700, 600);
  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

/* The label that is the suffix figure of the row titled TITLE. */
static GtkLabel *
figure_of (GtkWidget  *root,
           const char *title)
{
  GtkWidget *found = NULL;
  GtkWidget *child;

  if (ADW_IS_ACTION_ROW (root) && gtk_widget_get_visible (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    {
      GtkWidget *iter = root;

      /* The last label below the row is its figure. */
      while (iter != NULL)
        {
          if (GTK_IS_LABEL (iter) && gtk_widget_has_css_class (iter, "numeric"))
            found = iter;
          if (gtk_widget_get_first_child (iter) != NULL)
            iter = gtk_widget_get_first_child (iter);
          else
            {
              while (iter != root && gtk_widget_get_next_sibling (iter) == NULL)
                iter = gtk_widget_get_parent (iter);
              iter = iter == root ? NULL : gtk_widget_get_next_sibling (iter);
            }
        }
      return found != NULL ? GTK_LABEL (found) : NULL;
    }
  for (child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = figure_of (child, title);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static void
assert_figure (GtkWidget  *view,
               const char *title,
               gint64      minor,
               const char *currency)
{
  GtkLabel *label = figure_of (view, title);
  MpMoney money;
  g_autofree char *expected = NULL;

  g_assert_nonnull (label);
  mp_money_init (&money, minor, currency);
  expected = mp_page_format_money (&money);
  g_test_message ("%s: %s (expected %s)", title, gtk_label_get_text (label), expected);
  g_assert_cmpstr (gtk_label_get_text (label), ==, expected);
}

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c != NULL; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

/* A new subscription: Total Due Now and Monthly Price from the unit
 * prices; the old figures stay (dimmed) while a new estimate comes.
 */
static void
test_sales (void)
{
  g_autoptr(MpClient) client = reseller ();
  g_autoptr(MpOrderDraft) draft = mp_test_customer_draft (client, "101", "1000001");
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  GtkWidget *view = mp_estimate_view_new (purchase);
  GtkWidget *window = show (view);
  const char *currency;

  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 7);
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY, TIMEOUT_MS);
  currency = mp_purchase_get_due_now (purchase)->currency;
  assert_figure (view, "Total Due Now", mp_test_sales_due_now (draft), currency);
  assert_figure (view, "Monthly Price", mp_test_sales_per_month (draft), currency);
  g_assert_null (figure_of (view, "Credit"));
  /* One row per line of the estimate. */
  g_assert_cmpuint (count_rows (gtk_widget_get_first_child (gtk_widget_get_first_child (view))), ==,
                    g_list_model_get_n_items (mp_purchase_get_lines (purchase)));
  mp_test_render_png (window, "estimate-view-sales", NULL);

  /* Another quantity: new figures, again from the unit prices. */
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 12);
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_ESTIMATING, TIMEOUT_MS);
  /* The old total stays on screen, dimmed, until the new one comes. */
  {
    GtkWidget *total = GTK_WIDGET (figure_of (view, "Total Due Now"));

    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (total)), !=, "—");
    g_assert_true (gtk_widget_has_css_class (gtk_widget_get_ancestor (total, GTK_TYPE_LIST_BOX), "dim-label"));
  }
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY, TIMEOUT_MS);
  assert_figure (view, "Total Due Now", mp_test_sales_due_now (draft), currency);
  assert_figure (view, "Monthly Price", mp_test_sales_per_month (draft), currency);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A change order: the new monthly price of the whole subscription; a
 * seat cut is a credit, said as one, with a positive amount.
 */
static void
test_change_and_credit (void)
{
  g_autoptr(MpClient) client = reseller ();
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000101");
  g_autoptr(MpPlan) plan = mp_test_get_plan (client, mp_subscription_get_plan_id (subscription));
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (subscription);
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  GtkWidget *view = mp_estimate_view_new (purchase);
  GtkWidget *window = show (view);
  GListModel *lines;
  const char *currency;
  gint64 sum = 0;

  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 60);
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY, TIMEOUT_MS);
  currency = mp_purchase_get_due_now (purchase)->currency;
  assert_figure (view, "New Monthly Price", mp_test_change_recurring_per_month (draft, plan), currency);
  mp_test_render_png (window, "estimate-view-change", NULL);

  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 45);
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_ESTIMATING, TIMEOUT_MS);
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY, TIMEOUT_MS);
  lines = mp_purchase_get_lines (purchase);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);

      sum += mp_order_line_get_extended_price (line)->minor;
    }
  g_assert_cmpint (sum, <, 0);
  /* "Credit" and the amount returned, not "Total Due Now −$8.00". */
  g_assert_null (figure_of (view, "Total Due Now"));
  assert_figure (view, "Credit", -sum, currency);
  assert_figure (view, "New Monthly Price", mp_test_change_recurring_per_month (draft, plan), currency);
  mp_test_render_png (window, "estimate-view-credit", NULL);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A failed estimate: the server's message with its correlation ID and a
 * Retry button; no figure is left that belongs to other values.
 */
static void
test_failed (void)
{
  g_autoptr(MpClient) client = reseller ();
  g_autoptr(MpSubscription) subscription = mp_test_get_subscription (client, "1000101");
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (subscription);
  g_autoptr(MpPurchase) purchase = mp_purchase_new (client, draft);
  GtkWidget *view = mp_estimate_view_new (purchase);
  GtkWidget *window = show (view);

  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 60);
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY, TIMEOUT_MS);
  g_assert_cmpint (kill (mp_test_server_get_pid (server), SIGSTOP), ==, 0);
  mp_client_set_timeout (client, 1);
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 61);
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_FAILED, TIMEOUT_MS);
  g_assert_cmpint (kill (mp_test_server_get_pid (server), SIGCONT), ==, 0);
  g_assert_cmpstr (gtk_label_get_text (figure_of (view, "Total Due Now")), ==, "—");
  g_assert_cmpstr (gtk_label_get_text (figure_of (view, "New Monthly Price")), ==, "—");
  mp_test_render_png (window, "estimate-view-failed", NULL);

  mp_client_set_timeout (client, 20);
  mp_purchase_estimate (purchase);
  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY, TIMEOUT_MS);
  g_assert_cmpstr (gtk_label_get_text (figure_of (view, "Total Due Now")), !=, "—");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!mp_test_init_gtk (&argc, &argv))
    return 0;
  server = mp_test_start_server (NULL, NULL);
  g_test_add_func ("/estimate-view/sales", test_sales);
  g_test_add_func ("/estimate-view/change-and-credit", test_change_and_credit);
  g_test_add_func ("/estimate-view/failed", test_failed);
  status = g_test_run ();
  mp_test_server_free (server);
  return status;
}
