/* test-pages.c: the subscription and order pages against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <signal.h>

#include "mp-api.h"
#include "mp-error-box.h"
#include "mp-estimate-view.h"
#include "mp-limit-row.h"
#include "mp-limits-page.h"
#include "mp-order-page.h"
#include "mp-orders-page.h"
#include "mp-page-util.h"
#include "mp-provisioning-page.h"
#include "mp-session.h"
#include "mp-subscription-page.h"
#include "mp-subscriptions-page.h"
#include "mp-test-ui.h"

/* The customer of flow 5 (CUSTOMER) and its subscription with two resources. */
#define FABRIKAM_ID     "1000102"   /* FAB-OS-USER 40, FAB-OS-ADDON 5 */
#define WOODGROVE_ID    "1000103"   /* WGS-EP-DEVICE 40 */
#define IDSYNC_ID       "1000101"   /* IDS-C-USERS 50 (42 in use), IDS-C-CW-BILL 1, yearly */
#define RESELLER_IDSYNC_ID "1000100" /* the reseller's own: IDS-R-USERS 25, AT-BILL 1, AT-QS 1 */
#define FAILING_PLAN_ID "170"       /* "failProvisioning" in data/catalog */

/* Helpers */

static MpLimitRow *
limit_row (GtkWidget  *page,
           const char *mpn)
{
  GtkWidget *list = child (page, "resources_list");

  for (GtkWidget *w = gtk_widget_get_first_child (list); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (MP_IS_LIMIT_ROW (w) && g_strcmp0 (mp_limit_row_get_mpn (MP_LIMIT_ROW (w)), mpn) == 0)
      return MP_LIMIT_ROW (w);
  return NULL;
}

/* A part of the limits page's estimate view. */
static gpointer
estimate_child (GtkWidget  *page,
                const char *name)
{
  GtkWidget *view = child (page, "estimate_view");
  GObject *object = gtk_widget_get_template_child (view, MP_TYPE_ESTIMATE_VIEW, name);

  g_assert_nonnull (object);
  return object;
}

/* The estimate view's Retry, beside its error. */
static GtkWidget *
estimate_retry (GtkWidget *page)
{
  GtkWidget *button = gtk_widget_get_last_child (estimate_child (page, "failed_box"));

  g_assert_true (GTK_IS_BUTTON (button));
  return button;
}

static GtkLabel *
numeric_label (GtkWidget *root)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkLabel *found;

      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) && gtk_widget_has_css_class (w, "numeric"))
        return GTK_LABEL (w);
      if ((found = numeric_label (w)) != NULL)
        return found;
    }
  return NULL;
}

/* The figure of the visible price row titled TITLE below ROOT, or NULL. */
static const char *
price_figure (GtkWidget  *root,
              const char *title)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      const char *found;

      if (!gtk_widget_get_visible (w))
        continue;
      if (ADW_IS_PREFERENCES_ROW (w) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), title) == 0)
        {
          GtkLabel *label = numeric_label (w);

          if (label != NULL)
            return gtk_label_get_text (label);
        }
      if ((found = price_figure (w, title)) != NULL)
        return found;
    }
  return NULL;
}

/* Tests */

/* The name cells below ROOT (the labels that wrap) show their whole text,
 * and would say it in a tooltip if cut: made when asked for, never set per
 * bind (which costs a round trip to the display per cell). Returns how many
 * were looked at.
 */
static guint
assert_names_whole (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w) && gtk_label_get_wrap (GTK_LABEL (w)) &&
          *gtk_label_get_text (GTK_LABEL (w)) != '\0')
        {
          if (pango_layout_is_ellipsized (gtk_label_get_layout (GTK_LABEL (w))))
            g_error ("The name “%s” is cut off", gtk_label_get_text (GTK_LABEL (w)));
          g_assert_true (gtk_widget_get_has_tooltip (w));
          g_assert_null (gtk_widget_get_tooltip_text (w));
          n++;
        }
      n += assert_names_whole (w);
    }
  return n;
}

/* The label of the page's Buy More Services button. */
static GtkWidget *
buy_label (GtkWidget *page)
{
  GtkWidget *content = child (page, "buy_content");

  for (GtkWidget *w = gtk_widget_get_first_child (content); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LABEL (w))
      return w;
  g_assert_not_reached ();
}

static void
test_subscriptions_list (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  GListModel *model;
  g_autoptr(MpSubscription) first = NULL;
  g_autofree char *expected = NULL;
  guint n_all;

  show_page (fixture, page);
  /* Every subscription of the account, its customers' too. */
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0, TIMEOUT_MS);
  model = column_model (page);
  /* Every subscription the account has (the reseller: all its
   * customers' in US), as the client lists them.
   */
  n_all = count_subscriptions (fixture);
  g_assert_cmpuint (n_all, >=, 3);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == n_all, TIMEOUT_MS);
  g_assert_true (label_contains (page, "Fabrikam Office Standard"));
  render (GTK_WIDGET (fixture->window), "subscriptions.png");

  /* In an 800x600 window the names stay whole ("IDSync - Connector for
   * Resellers" and "… for Customer" differ at their end), on two lines.
   */
  gtk_window_set_default_size (fixture->window, 800, 600);
  MP_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (fixture->window)) == 800, TIMEOUT_MS);
  render (GTK_WIDGET (fixture->window), "subscriptions-800x600.png");
  g_assert_cmpuint (assert_names_whole (child (page, "column_view")), >=, n_all);
  /* There Buy More Services is its icon alone, so the search keeps its
   * room; the label is back in a wider window.
   */
  g_assert_false (gtk_widget_get_visible (buy_label (page)));
  g_assert_cmpint (gtk_widget_get_width (child (page, "search_entry")), >=, 160);
  gtk_window_set_default_size (fixture->window, 1000, 720);
  g_assert_true (gtk_widget_get_visible (buy_label (page)));

  /* Search as you type, on name, plan or ID. */
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "fabrikam");
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) < n_all && g_list_model_get_n_items (model) > 0, TIMEOUT_MS);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MpSubscription) s = g_list_model_get_item (model, i);
      g_autofree char *name = g_ascii_strdown (mp_subscription_get_name (s), -1);

      g_assert_nonnull (strstr (name, "fabrikam"));
    }
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), FABRIKAM_ID);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == 1, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "no such subscription");
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "no-results") == 0, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "");
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == n_all, TIMEOUT_MS);

  /* The status filter: the demo has no subscription on hold. */
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 3);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "no-results") == 0, TIMEOUT_MS);
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 1);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == n_all, TIMEOUT_MS);

  /* Sorting by a column header: names in order. */
  {
    GListModel *columns = gtk_column_view_get_columns (child (page, "column_view"));
    /* Column 0 holds the check boxes of selection mode. */
    g_autoptr(GtkColumnViewColumn) name_column = g_list_model_get_item (columns, 1);

    /* The filter sits above the sort, so that a keystroke never sorts. */
    GtkSortListModel *sort_model = GTK_SORT_LIST_MODEL (mp_filtered_list_get_model (
      MP_FILTERED_LIST (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (model)))));

    gtk_column_view_sort_by_column (child (page, "column_view"), name_column, GTK_SORT_ASCENDING);
    MP_WAIT_UNTIL (gtk_sort_list_model_get_sorter (sort_model) != NULL &&
                   gtk_sort_list_model_get_pending (sort_model) == 0, TIMEOUT_MS);
    for (guint i = 1; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(MpSubscription) a = g_list_model_get_item (model, i - 1);
        g_autoptr(MpSubscription) b = g_list_model_get_item (model, i);

        g_assert_cmpint (g_utf8_collate (mp_subscription_get_name (a), mp_subscription_get_name (b)), <=, 0);
      }
    render (GTK_WIDGET (fixture->window), "subscriptions-sorted.png");
  }

  /* Activating a row opens it. */
  first = g_list_model_get_item (model, 0);
  g_signal_emit_by_name (child (page, "column_view"), "activate", 0);
  expected = g_strdup_printf ("open-subscription %s", mp_subscription_get_id (first));
  g_assert_true (was_activated (fixture, expected));
}

static void
test_subscription_details (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *page = mp_subscription_page_new (fixture->session, FABRIKAM_ID);
  GtkWidget *button;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  g_assert_cmpuint (count_rows (child (page, "resources_list")), ==, 2);
  g_assert_nonnull (find_label (child (page, "resources_list"), "40"));
  g_assert_nonnull (find_label (child (page, "resources_list"), "5"));
  g_assert_cmpstr (adw_window_title_get_title (child (page, "window_title")), ==, "Fabrikam Office Standard");
  /* Its orders: the seeded change order. */
  MP_WAIT_UNTIL (count_rows (child (page, "orders_list")) >= 1, TIMEOUT_MS);

  button = child (page, "change_button");
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_false (gtk_widget_get_visible (child (page, "pending_label")));
  render (GTK_WIDGET (fixture->window), "subscription.png");

  /* The read-only overview takes no Tab stop: Tab into the page's content
   * goes straight to the auto-renew switch.
   */
  {
    static const char * const info_rows[] = { "plan_row", "status_row", "period_row", "dates_row", "price_row" };
    GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (page));
    GtkWidget *renew = child (page, "auto_renew_switch");
    GtkWidget *focus;

    for (guint i = 0; i < G_N_ELEMENTS (info_rows); i++)
      g_assert_false (gtk_widget_get_focusable (child (page, info_rows[i])));

    gtk_window_set_focus (window, NULL);
    g_assert_true (gtk_widget_child_focus (child (page, "stack"), GTK_DIR_TAB_FORWARD));
    focus = gtk_window_get_focus (window);
    g_assert_true (focus == renew || gtk_widget_is_ancestor (renew, focus));
  }
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (was_activated (fixture, "change-limits " FABRIKAM_ID));

  /* Auto-renew goes to the server and stays. */
  gtk_switch_set_active (child (page, "auto_renew_switch"), FALSE);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (page, "auto_renew_switch")), TIMEOUT_MS);
  {
    g_autoptr(MpSubscription) s = get_subscription (fixture, FABRIKAM_ID);

    g_assert_false (mp_subscription_get_auto_renew (s));
  }
}

static void
test_change_limits (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *page = mp_limits_page_new (fixture->session, FABRIKAM_ID);
  GtkWidget *ok;
  GtkWidget *provisioning;
  GtkWidget *details;
  MpOrder *order;
  const char *order_id;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  ok = child (page, "ok_button");
  g_assert_nonnull (limit_row (page, "FAB-OS-USER"));
  g_assert_nonnull (limit_row (page, "FAB-OS-ADDON"));
  g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "FAB-OS-USER")), ==, 40);
  /* Nothing changed yet: nothing to order. */
  g_assert_false (gtk_widget_get_sensitive (ok));

  /* The spin buttons are bounded by the plan's range. */
  gtk_spin_button_set_value (mp_limit_row_get_spin_button (limit_row (page, "FAB-OS-USER")), 100000);
  g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "FAB-OS-USER")), ==, 300);

  /* Typed out of range, the value stays as typed, the row says what is
   * allowed, and OK stays insensitive: on Enter or focus-out
   * (gtk_spin_button_update) too.
   */
  {
    GtkWidget *row = GTK_WIDGET (limit_row (page, "FAB-OS-USER"));
    GtkSpinButton *spin = mp_limit_row_get_spin_button (MP_LIMIT_ROW (row));

    /* 37 of the 40 users are in use: the limit cannot go below 37. */
    g_assert_true (label_contains (row, "In use: 37"));
    g_assert_true (label_contains (row, "Allowed: 37–300"));
    gtk_editable_set_text (GTK_EDITABLE (spin), "9999");
    g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "FAB-OS-USER")), ==, 9999);
    g_assert_nonnull (find_label (row, "At most 300"));
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
    g_assert_false (gtk_widget_get_sensitive (ok));
    gtk_spin_button_update (spin);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "9999");
    g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "FAB-OS-USER")), ==, 9999);
    g_assert_nonnull (find_label (row, "At most 300"));
    g_assert_false (gtk_widget_get_sensitive (ok));
    render (GTK_WIDGET (fixture->window), "change-limits-out-of-range.png");

    /* Below the minimum the same, and below what is in use it says so. */
    gtk_editable_set_text (GTK_EDITABLE (spin), "0");
    gtk_spin_button_update (spin);
    g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "FAB-OS-USER")), ==, 0);
    g_assert_nonnull (find_label (row, "37 in use: at least 37"));
    g_assert_false (gtk_widget_get_sensitive (ok));

    /* Back in range: no error, and the buttons stop at the bounds again. */
    gtk_editable_set_text (GTK_EDITABLE (spin), "41");
    gtk_spin_button_update (spin);
    g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
    g_assert_null (find_label (row, "37 in use: at least 37"));
    g_assert_nonnull (find_label (row, "+1"));
    gtk_spin_button_set_value (spin, 100000);
    g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "FAB-OS-USER")), ==, 300);
  }

  mp_limit_row_set_value (limit_row (page, "FAB-OS-USER"), 45);
  mp_limit_row_set_value (limit_row (page, "FAB-OS-ADDON"), 7);
  g_assert_nonnull (find_label (page, "+5"));
  g_assert_nonnull (find_label (page, "+2"));
  /* The estimate arrives (debounced) with one line per change and a total. */
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (ok), TIMEOUT_MS);
  g_assert_cmpuint (count_rows (estimate_child (page, "lines_list")), ==, 2);
  g_assert_nonnull (price_figure (page, "Total Due Now"));
  render (GTK_WIDGET (fixture->window), "change-limits.png");

  /* A double click places one order. */
  g_signal_emit_by_name (ok, "clicked");
  g_assert_false (gtk_widget_get_sensitive (ok));
  g_signal_emit_by_name (ok, "clicked");
  MP_WAIT_UNTIL (count_prefix (fixture, "open-order ") > 0, TIMEOUT_MS);
  g_assert_cmpuint (count_prefix (fixture, "open-order "), ==, 1);
  order_id = last_parameter (fixture, "open-order");
  order = mp_session_lookup_order (fixture->session, order_id);
  g_assert_nonnull (order);
  g_assert_cmpint (mp_order_get_order_type (order), ==, MP_ORDER_TYPE_CHANGE);
  g_assert_false (gtk_widget_get_sensitive (ok));
  g_assert_true (gtk_widget_get_visible (child (page, "pending_box")));
  g_assert_true (label_contains (child (page, "pending_box"), mp_order_get_order_number (order)));

  /* The provisioning page follows the session's order to the end. */
  provisioning = mp_provisioning_page_new (fixture->session, order);
  show_page (fixture, provisioning);
  MP_WAIT_UNTIL (mp_order_get_step (order) >= 1 || mp_order_get_final (order), TIMEOUT_MS);
  if (!mp_order_get_final (order))
    render (GTK_WIDGET (fixture->window), "provisioning.png");
  MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (provisioning, "open_button")), TIMEOUT_MS);
  g_assert_cmpstr (gtk_label_get_text (child (provisioning, "heading_label")), ==, "Order Completed");
  render (GTK_WIDGET (fixture->window), "provisioning-done.png");
  g_signal_emit_by_name (child (provisioning, "open_button"), "clicked");
  g_assert_true (was_activated (fixture, "open-subscription " FABRIKAM_ID));

  /* A reloaded subscription page shows the new limits. */
  details = mp_subscription_page_new (fixture->session, FABRIKAM_ID);
  show_page (fixture, details);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (details), "content") == 0, TIMEOUT_MS);
  g_assert_nonnull (find_label (child (details, "resources_list"), "45"));
  g_assert_nonnull (find_label (child (details, "resources_list"), "7"));
  g_assert_true (gtk_widget_is_sensitive (child (details, "change_button")));
}

/* The subscription's monthly price with MPN at QUANTITY, every other
 * resource as it is: computed here from the unit prices of its term,
 * rounded half away from zero once.
 */
static char *
expected_monthly (MpSubscription *subscription,
                  const char     *mpn,
                  gint64          quantity,
                  gint64         *minor_out)
{
  GListModel *resources = mp_subscription_get_resources (subscription);
  gint64 months = mp_test_ui_term_months (subscription);
  gint64 term = 0;
  MpMoney money;

  mp_money_init (&money, 0, "USD");
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpSubscriptionResource) r = g_list_model_get_item (resources, i);
      const MpMoney *unit = mp_subscription_resource_get_unit_price (r);
      gint64 q = g_strcmp0 (mp_subscription_resource_get_mpn (r), mpn) == 0
                 ? quantity : mp_subscription_resource_get_quantity (r);

      g_assert_nonnull (unit);
      g_assert_cmpstr (unit->currency, ==, "USD");
      if (mp_subscription_resource_get_one_time (r))
        continue;
      term += MAX (0, q - mp_subscription_resource_get_included (r)) * unit->minor;
    }
  money.minor = (term * 2 + months) / (2 * months);
  if (minor_out != NULL)
    *minor_out = money.minor;
  return mp_page_format_money (&money);
}

static char *
format_usd (gint64 minor)
{
  MpMoney money;

  mp_money_init (&money, minor, "USD");
  return mp_page_format_money (&money);
}

/* The figure of the estimate's first line, and its subtitle. */
static const char *
first_line_figure (GtkWidget   *page,
                   const char **subtitle)
{
  GtkWidget *row = gtk_widget_get_first_child (estimate_child (page, "lines_list"));

  g_assert_true (ADW_IS_ACTION_ROW (row));
  *subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
  return gtk_label_get_text (numeric_label (row));
}

/* Money right on the limits page: "New Monthly Price" is the whole
 * subscription's after the change, unchanged resources included, and a
 * smaller limit shows a credit, never a negative "Total Due Now".
 */
static void
test_limits_money (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MpSubscription) subscription = get_subscription (fixture, IDSYNC_ID);
  GtkWidget *page = mp_limits_page_new (fixture->session, IDSYNC_ID);
  g_autofree char *monthly = NULL;
  g_autofree char *credit = NULL;
  g_autofree char *due = NULL;
  g_autofree char *line = NULL;
  g_autofree char *unit = mp_page_format_money (mp_subscription_resource_get_unit_price (
                            mp_subscription_find_resource (subscription, "IDS-C-USERS")));
  const char *subtitle = NULL;
  GtkWidget *ok;
  gint64 minor, change;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  ok = child (page, "ok_button");
  g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "IDS-C-USERS")), ==, 50);
  g_assert_nonnull (limit_row (page, "IDS-C-CW-BILL"));

  /* 50 -> 60 users; the ConnectWise integration stays and is counted. */
  monthly = expected_monthly (subscription, "IDS-C-USERS", 60, &minor);
  g_assert_cmpint (minor, ==, 24658);   /* (60 × 44.00 + 319.00) / 12 */
  mp_limit_row_set_value (limit_row (page, "IDS-C-USERS"), 60);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (ok), TIMEOUT_MS);
  g_assert_cmpstr (price_figure (page, "New Monthly Price"), ==, monthly);
  g_assert_nonnull (price_figure (page, "Total Due Now"));
  g_assert_null (price_figure (page, "Credit"));
  /* What is due now is the prorated price of the ten users, on their line
   * (10 × the unit price of the term) and as the total.
   */
  due = format_usd (mp_test_ui_prorated_change (subscription, "IDS-C-USERS", 10));
  g_assert_cmpstr (price_figure (page, "Total Due Now"), ==, due);
  g_assert_cmpuint (count_rows (estimate_child (page, "lines_list")), ==, 1);
  g_assert_cmpstr (first_line_figure (page, &subtitle), ==, due);
  g_assert_nonnull (strstr (subtitle, unit));
  g_assert_nonnull (strstr (subtitle, "10 × "));
  render (GTK_WIDGET (fixture->window), "change-limits-monthly.png");

  /* 50 -> 45: a credit, as a positive amount under its name. */
  g_clear_pointer (&monthly, g_free);
  monthly = expected_monthly (subscription, "IDS-C-USERS", 45, NULL);
  change = mp_test_ui_prorated_change (subscription, "IDS-C-USERS", -5);
  g_assert_cmpint (change, <, 0);
  credit = format_usd (-change);
  line = format_usd (change);
  mp_limit_row_set_value (limit_row (page, "IDS-C-USERS"), 45);
  MP_WAIT_UNTIL (price_figure (page, "Credit") != NULL && gtk_widget_get_sensitive (ok), TIMEOUT_MS);
  g_assert_cmpstr (price_figure (page, "Credit"), ==, credit);
  /* The line itself is the reduction, signed. */
  g_assert_cmpstr (first_line_figure (page, &subtitle), ==, line);
  g_assert_nonnull (strstr (subtitle, unit));
  g_assert_null (strstr (credit, "−"));
  g_assert_null (strstr (credit, "-"));
  g_assert_null (price_figure (page, "Total Due Now"));
  g_assert_cmpstr (price_figure (page, "New Monthly Price"), ==, monthly);
  render (GTK_WIDGET (fixture->window), "change-limits-credit.png");

  /* 50 -> 10 with 42 in use: the buttons stop at 42; typed, the row says
   * why before OK, and OK stays off.
   */
  mp_limit_row_set_value (limit_row (page, "IDS-C-USERS"), 10);
  g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "IDS-C-USERS")), ==, 42);
  gtk_editable_set_text (GTK_EDITABLE (mp_limit_row_get_spin_button (limit_row (page, "IDS-C-USERS"))), "10");
  gtk_spin_button_update (mp_limit_row_get_spin_button (limit_row (page, "IDS-C-USERS")));
  g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "IDS-C-USERS")), ==, 10);
  g_assert_nonnull (find_label (GTK_WIDGET (limit_row (page, "IDS-C-USERS")), "42 in use: at least 42"));
  g_assert_false (gtk_widget_get_sensitive (ok));
  /* The estimate view says why there is no price. */
  MP_WAIT_UNTIL (mp_purchase_get_state (mp_estimate_view_get_purchase (child (page, "estimate_view")))
                 == MP_PURCHASE_STATE_IDLE, TIMEOUT_MS);
  g_assert_true (label_contains (child (page, "estimate_view"), "42 in use"));
  g_assert_false (gtk_widget_get_sensitive (ok));
  render (GTK_WIDGET (fixture->window), "change-limits-below-usage.png");

  /* Placed at 60 and completed: "In use" still reads 42, not 60. */
  mp_limit_row_set_value (limit_row (page, "IDS-C-USERS"), 60);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (ok), TIMEOUT_MS);
  g_signal_emit_by_name (ok, "clicked");
  MP_WAIT_UNTIL (count_prefix (fixture, "open-order ") == 1, TIMEOUT_MS);
  {
    MpOrder *order = mp_session_lookup_order (fixture->session, last_parameter (fixture, "open-order"));
    GtkWidget *again;

    g_assert_nonnull (order);
    MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
    g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
    again = mp_limits_page_new (fixture->session, IDSYNC_ID);
    show_page (fixture, again);
    MP_WAIT_UNTIL (g_strcmp0 (visible_name (again), "content") == 0, TIMEOUT_MS);
    g_assert_true (label_contains (GTK_WIDGET (limit_row (again, "IDS-C-USERS")), "Current limit: 60"));
    g_assert_true (label_contains (GTK_WIDGET (limit_row (again, "IDS-C-USERS")), "In use: 42"));
  }
}

/* A QuickStart removed from a $124/month subscription: the monthly price
 * is what remains, not 0.
 */
static void
test_limits_one_time (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(MpSubscription) subscription = get_subscription (fixture, RESELLER_IDSYNC_ID);
  GtkWidget *page = mp_limits_page_new (fixture->session, RESELLER_IDSYNC_ID);
  g_autofree char *monthly = expected_monthly (subscription, "IDS-R-AT-QS", 0, NULL);
  GtkWidget *ok;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  ok = child (page, "ok_button");
  /* One-time: in use, and still allowed to go (its usage is not tracked). */
  g_assert_true (label_contains (GTK_WIDGET (limit_row (page, "IDS-R-AT-QS")), "In use: 1"));
  mp_limit_row_set_value (limit_row (page, "IDS-R-AT-QS"), 0);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (ok), TIMEOUT_MS);
  g_assert_cmpstr (price_figure (page, "New Monthly Price"), ==, monthly);
  g_assert_cmpstr (monthly, !=, "$0.00");
}

static guint
count_change_orders (Fixture    *fixture,
                     const char *subscription_id)
{
  g_autoptr(MpPagedList) list = mp_client_list_orders (fixture->client, NULL, subscription_id, NULL);
  Wait wait = { NULL, };
  guint n = 0;

  mp_paged_list_wait_async (list, NULL, wait_list_cb, &wait);
  MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
  g_assert_no_error (wait.error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (mp_order_get_order_type (order) == MP_ORDER_TYPE_CHANGE &&
          g_strcmp0 (mp_order_get_subscription_id (order), subscription_id) == 0)
        n++;
    }
  return n;
}

/* Leaving the page while the change is being placed, and coming back:
 * the new page shows that placement (not an OK for a second order), and
 * the order is followed and opened once.
 */
static void
test_limits_leave_while_placing (Fixture       *fixture,
                                 gconstpointer  data)
{
  GtkWidget *page = mp_limits_page_new (fixture->session, IDSYNC_ID);
  GtkWidget *again;
  GPid pid = mp_test_server_get_pid (fixture->server);

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  mp_limit_row_set_value (limit_row (page, "IDS-C-USERS"), 55);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (page, "ok_button")), TIMEOUT_MS);

  /* The server holds the answer while the user goes away. */
  g_assert_cmpint (kill (pid, SIGSTOP), ==, 0);
  g_signal_emit_by_name (child (page, "ok_button"), "clicked");
  g_assert_true (gtk_spinner_get_spinning (child (page, "placing_spinner")));
  gtk_window_set_child (fixture->window, NULL);

  again = mp_limits_page_new (fixture->session, IDSYNC_ID);
  show_page (fixture, again);
  g_assert_cmpstr (visible_name (again), ==, "content");
  g_assert_true (gtk_spinner_get_spinning (child (again, "placing_spinner")));
  g_assert_false (gtk_widget_get_sensitive (child (again, "ok_button")));
  g_assert_false (gtk_widget_is_sensitive (child (again, "resources_group")));
  g_assert_cmpint (mp_limit_row_get_value (limit_row (again, "IDS-C-USERS")), ==, 55);
  render (GTK_WIDGET (fixture->window), "change-limits-placing.png");

  g_assert_cmpint (kill (pid, SIGCONT), ==, 0);
  MP_WAIT_UNTIL (count_prefix (fixture, "open-order ") >= 1, TIMEOUT_MS);
  g_assert_nonnull (mp_session_lookup_order (fixture->session, last_parameter (fixture, "open-order")));
  g_assert_true (gtk_widget_get_visible (child (again, "pending_box")));
  g_assert_false (gtk_spinner_get_spinning (child (again, "placing_spinner")));
  g_assert_false (gtk_widget_get_sensitive (child (again, "ok_button")));
  /* Let the first page's callback run too: still one order, opened once. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (count_prefix (fixture, "open-order "), ==, 1);
  g_assert_cmpuint (count_change_orders (fixture, IDSYNC_ID), ==, 1);
}

/* The server dies while the change is being placed: the answer is lost.
 * The page opened again shows the same change, with what was typed, and
 * its OK looks the order up before placing it: one order in the end.
 */
static void
test_limits_lost_answer (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page = mp_limits_page_new (fixture->session, IDSYNC_ID);
  GtkWidget *again;
  g_autoptr(GError) error = NULL;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  mp_limit_row_set_value (limit_row (page, "IDS-C-USERS"), 57);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (page, "ok_button")), TIMEOUT_MS);

  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGSTOP), ==, 0);
  g_signal_emit_by_name (child (page, "ok_button"), "clicked");
  mp_test_server_kill (fixture->server, SIGKILL);
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (page, "error_box")), TIMEOUT_MS);
  g_assert_cmpuint (count_prefix (fixture, "open-order "), ==, 0);
  g_assert_true (mp_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);

  /* Away and back: the same change, as typed, and OK to try again. */
  gtk_window_set_child (fixture->window, NULL);
  again = mp_limits_page_new (fixture->session, IDSYNC_ID);
  show_page (fixture, again);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (again), "content") == 0, TIMEOUT_MS);
  g_assert_cmpint (mp_limit_row_get_value (limit_row (again, "IDS-C-USERS")), ==, 57);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (again, "ok_button")), TIMEOUT_MS);
  g_signal_emit_by_name (child (again, "ok_button"), "clicked");
  MP_WAIT_UNTIL (count_prefix (fixture, "open-order ") == 1, TIMEOUT_MS);
  g_assert_nonnull (mp_session_lookup_order (fixture->session, last_parameter (fixture, "open-order")));
  g_assert_cmpuint (count_change_orders (fixture, IDSYNC_ID), ==, 1);
}

/* Plain SimpleAPI tells no usage: the cut below it is allowed on the
 * page, and the server's refusal shows where the price would be, before
 * OK, which stays off.
 */
static void
test_limits_below_usage_no_extensions (Fixture       *fixture,
                                       gconstpointer  data)
{
  GtkWidget *page = mp_limits_page_new (fixture->session, IDSYNC_ID);
  MpErrorBox *error_box;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  g_assert_false (label_contains (GTK_WIDGET (limit_row (page, "IDS-C-USERS")), "In use"));
  mp_limit_row_set_value (limit_row (page, "IDS-C-USERS"), 10);
  g_assert_cmpint (mp_limit_row_get_value (limit_row (page, "IDS-C-USERS")), ==, 10);
  error_box = estimate_child (page, "error_box");
  MP_WAIT_UNTIL (gtk_widget_is_visible (GTK_WIDGET (error_box)), TIMEOUT_MS);
  g_assert_nonnull (strstr (mp_error_box_get_message (error_box), "42 are in use"));
  g_assert_false (gtk_widget_get_sensitive (child (page, "ok_button")));
  render (GTK_WIDGET (fixture->window), "change-limits-below-usage-plain.png");
}

static void
test_failing_product (Fixture       *fixture,
                      gconstpointer  data)
{
  Wait plan_wait = { NULL, };
  Wait place_wait = { NULL, };
  g_autoptr(MpPlan) plan = NULL;
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new ();
  g_autoptr(MpPeriod) period = NULL;
  g_autoptr(MpOrder) placed = NULL;
  GListModel *terms;
  GtkWidget *page;
  MpOrder *order;
  MpErrorBox *error_box;

  mp_client_get_plan_async (fixture->client, FAILING_PLAN_ID, NULL, get_plan_cb, &plan_wait);
  MP_WAIT_UNTIL (plan_wait.done, TIMEOUT_MS);
  g_assert_no_error (plan_wait.error);
  plan = plan_wait.result;
  mp_order_draft_set_plan (draft, plan);
  period = g_list_model_get_item (mp_plan_get_periods (plan), 0);
  mp_order_draft_set_period (draft, period);
  terms = mp_plan_get_terms (plan);
  for (guint i = 0; i < g_list_model_get_n_items (terms); i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);

      mp_order_draft_set_terms_accepted (draft, mp_terms_get_id (t), TRUE);
    }
  g_assert_true (mp_order_draft_get_valid (draft));
  mp_client_place_order_async (fixture->client, draft, NULL, place_cb, &place_wait);
  MP_WAIT_UNTIL (place_wait.done, TIMEOUT_MS);
  g_assert_no_error (place_wait.error);
  placed = place_wait.result;

  page = mp_provisioning_page_new (fixture->session, placed);
  order = mp_session_lookup_order (fixture->session, mp_order_get_id (placed));
  g_assert_nonnull (order);
  show_page (fixture, page);
  MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_ERROR);
  error_box = child (page, "error_box");
  MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_box)), TIMEOUT_MS);
  g_assert_nonnull (strstr (mp_error_box_get_message (error_box), "fails"));
  /* With the correlation ID of the answer that reported the failure. */
  g_assert_nonnull (mp_error_box_get_correlation_id (error_box));
  g_assert_true (label_contains (GTK_WIDGET (error_box), mp_error_box_get_correlation_id (error_box)));
  g_assert_cmpstr (gtk_label_get_text (child (page, "heading_label")), ==, "Order Failed");
  g_assert_false (gtk_widget_get_visible (child (page, "open_button")));
  render (GTK_WIDGET (fixture->window), "provisioning-failed.png");

  /* Copy puts the message and its reference on the clipboard. */
  {
    GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (error_box));
    Wait wait = { NULL, };

    g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (error_box), MP_TYPE_ERROR_BOX, "copy_button"),
                           "clicked");
    gdk_clipboard_read_text_async (clipboard, NULL, read_text_cb, &wait);
    MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
    g_assert_no_error (wait.error);
    g_assert_nonnull (strstr (wait.result, mp_error_box_get_message (error_box)));
    g_assert_nonnull (strstr (wait.result, mp_error_box_get_correlation_id (error_box)));
    g_free (wait.result);
  }

  /* The order page shows the same failure. */
  {
    GtkWidget *details = mp_order_page_new (fixture->session, mp_order_get_id (order));

    show_page (fixture, details);
    MP_WAIT_UNTIL (g_strcmp0 (visible_name (details), "content") == 0, TIMEOUT_MS);
    g_assert_true (gtk_widget_get_visible (child (details, "error_box")));
    g_assert_false (gtk_widget_get_visible (child (details, "follow_button")));
  }
}

static void
test_pending_change (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *other;
  GtkWidget *details;
  GtkWidget *limits;
  g_autoptr(MpOrder) pending = NULL;
  g_autoptr(MpOrder) sneaked = NULL;
  MpErrorBox *error_box;

  /* A limits page opened before the subscription got a change order... */
  other = mp_limits_page_new (fixture->session, IDSYNC_ID);
  show_page (fixture, other);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (other), "content") == 0, TIMEOUT_MS);
  mp_limit_row_set_value (limit_row (other, "IDS-C-USERS"), 55);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (other, "ok_button")), TIMEOUT_MS);
  g_object_ref (other);
  gtk_window_set_child (fixture->window, NULL);

  /* ... and one on another subscription, changed outside the session. */
  pending = mp_test_ui_place_change (fixture, FABRIKAM_ID, "FAB-OS-USER", 41);
  g_assert_false (mp_order_get_final (pending));

  details = mp_subscription_page_new (fixture->session, FABRIKAM_ID);
  show_page (fixture, details);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (details), "content") == 0, TIMEOUT_MS);
  g_assert_false (gtk_widget_is_sensitive (child (details, "change_button")));
  g_assert_true (gtk_widget_get_visible (child (details, "pending_label")));
  /* The reason names the order as users know it. */
  MP_WAIT_UNTIL (strstr (gtk_label_get_text (child (details, "pending_label")),
                         mp_order_get_order_number (pending)) != NULL, TIMEOUT_MS);

  limits = mp_limits_page_new (fixture->session, FABRIKAM_ID);
  show_page (fixture, limits);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (limits), "content") == 0, TIMEOUT_MS);
  g_assert_true (gtk_widget_get_visible (child (limits, "pending_box")));
  MP_WAIT_UNTIL (strstr (gtk_label_get_text (child (limits, "pending_label")),
                         mp_order_get_order_number (pending)) != NULL, TIMEOUT_MS);
  g_assert_false (gtk_widget_is_sensitive (child (limits, "ok_button")));
  g_assert_false (gtk_widget_is_sensitive (child (limits, "resources_group")));
  render (GTK_WIDGET (fixture->window), "change-limits-pending.png");

  /* The order page offers to follow the running order. */
  {
    GtkWidget *order_page = mp_order_page_new (fixture->session, mp_order_get_id (pending));
    g_autofree char *expected = g_strdup_printf ("open-order %s", mp_order_get_id (pending));

    show_page (fixture, order_page);
    MP_WAIT_UNTIL (g_strcmp0 (visible_name (order_page), "content") == 0, TIMEOUT_MS);
    g_assert_true (gtk_widget_get_visible (child (order_page, "follow_button")));
    g_signal_emit_by_name (child (order_page, "follow_button"), "clicked");
    g_assert_true (was_activated (fixture, expected));
    g_assert_nonnull (mp_session_lookup_order (fixture->session, mp_order_get_id (pending)));
    g_assert_true (mp_session_has_pending_change (fixture->session, FABRIKAM_ID));
  }

  /* The Orders section shows it in progress, live. */
  {
    GtkWidget *orders = mp_orders_page_new (fixture->session);
    GListModel *model;

    show_page (fixture, orders);
    MP_WAIT_UNTIL (g_strcmp0 (visible_name (orders), "list") == 0, TIMEOUT_MS);
    model = column_model (orders);
    gtk_drop_down_set_selected (child (orders, "status_dropdown"), 1);
    MP_WAIT_UNTIL (g_list_model_get_n_items (model) >= 1, TIMEOUT_MS);
    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(MpOrder) o = g_list_model_get_item (model, i);

        g_assert_false (mp_order_get_final (o));
      }
    MP_WAIT_UNTIL (label_contains (orders, "Processing") || label_contains (orders, "Submitted"), TIMEOUT_MS);
  }

  /* Forced: the first page still offers OK; the server refuses with 409. */
  sneaked = mp_test_ui_place_change (fixture, IDSYNC_ID, "IDS-C-USERS", 60);
  show_page (fixture, other);
  g_object_unref (other);
  g_signal_emit_by_name (child (other, "ok_button"), "clicked");
  error_box = child (other, "error_box");
  MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_box)), TIMEOUT_MS);
  g_assert_nonnull (strstr (mp_error_box_get_message (error_box), "already"));
  g_assert_nonnull (mp_error_box_get_correlation_id (error_box));
  g_assert_true (label_contains (GTK_WIDGET (error_box), mp_error_box_get_correlation_id (error_box)));
  g_assert_true (gtk_widget_get_visible (child (other, "pending_box")));
  g_assert_false (gtk_widget_get_sensitive (child (other, "ok_button")));
  /* What was typed is still there. */
  g_assert_cmpint (mp_limit_row_get_value (limit_row (other, "IDS-C-USERS")), ==, 55);
  /* Only the order page's "Follow Provisioning" opened an order. */
  g_assert_cmpuint (count_prefix (fixture, "open-order "), ==, 1);
  render (GTK_WIDGET (fixture->window), "change-limits-conflict.png");
}

static void
test_server_stopped (Fixture       *fixture,
                     gconstpointer  data)
{
  GtkWidget *details = mp_subscription_page_new (fixture->session, WOODGROVE_ID);
  GtkWidget *limits = mp_limits_page_new (fixture->session, WOODGROVE_ID);
  GtkWidget *list;
  GtkSwitch *renew;
  MpErrorBox *error_box;
  g_autoptr(GError) error = NULL;

  show_page (fixture, details);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (details), "content") == 0, TIMEOUT_MS);
  g_object_ref (details);
  show_page (fixture, limits);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (limits), "content") == 0, TIMEOUT_MS);
  error_box = child (limits, "error_box");
  mp_limit_row_set_value (limit_row (limits, "WGS-EP-DEVICE"), 42);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (limits, "ok_button")), TIMEOUT_MS);

  mp_test_server_kill (fixture->server, SIGTERM);

  /* OK fails clearly, and nothing is lost. */
  g_signal_emit_by_name (child (limits, "ok_button"), "clicked");
  MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_box)), TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (limits, "ok_button")), TIMEOUT_MS);
  g_assert_cmpuint (count_prefix (fixture, "open-order "), ==, 0);
  g_assert_cmpint (mp_limit_row_get_value (limit_row (limits, "WGS-EP-DEVICE")), ==, 42);

  /* A new value cannot be priced: the failure shows in place, OK waits
   * for a price, and the typed value stays.
   */
  mp_error_box_clear (error_box);
  mp_limit_row_set_value (limit_row (limits, "WGS-EP-DEVICE"), 43);
  MP_WAIT_UNTIL (gtk_widget_is_visible (estimate_child (limits, "error_box")), TIMEOUT_MS);
  g_assert_true (gtk_widget_is_visible (estimate_retry (limits)));
  g_assert_false (gtk_widget_get_sensitive (child (limits, "ok_button")));
  g_assert_cmpint (mp_limit_row_get_value (limit_row (limits, "WGS-EP-DEVICE")), ==, 43);
  render (GTK_WIDGET (fixture->window), "change-limits-offline.png");

  /* Auto-renew cannot change: the switch goes back to what the server
   * has, and the page keeps what it showed.
   */
  g_object_ref (limits);
  show_page (fixture, details);
  renew = child (details, "auto_renew_switch");
  g_assert_true (gtk_switch_get_active (renew));
  gtk_switch_set_active (renew, FALSE);
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (GTK_WIDGET (renew)) && gtk_switch_get_active (renew), TIMEOUT_MS);
  g_assert_cmpstr (visible_name (details), ==, "content");
  show_page (fixture, limits);
  g_object_unref (limits);

  /* The list shows the outage with a Retry. */
  list = mp_subscriptions_page_new (fixture->session);
  g_object_ref (limits);
  show_page (fixture, list);
  /* Every subscription of the account, its customers' too. */
  gtk_drop_down_set_selected (child (list, "show_dropdown"), 1);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (list), "error") == 0, TIMEOUT_MS);

  /* Back on the same port: Retry recovers. */
  g_assert_true (mp_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (child (list, "retry_button"), "clicked");
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (list), "list") == 0, TIMEOUT_MS);
  MP_WAIT_UNTIL (g_list_model_get_n_items (column_model (list)) == count_subscriptions (fixture), TIMEOUT_MS);

  show_page (fixture, limits);
  g_object_unref (limits);
  g_signal_emit_by_name (estimate_retry (limits), "clicked");
  MP_WAIT_UNTIL (gtk_widget_get_sensitive (child (limits, "ok_button")), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_box)));
  g_assert_false (gtk_widget_is_visible (estimate_child (limits, "error_box")));
  g_assert_cmpint (mp_limit_row_get_value (limit_row (limits, "WGS-EP-DEVICE")), ==, 43);
  g_signal_emit_by_name (child (limits, "ok_button"), "clicked");
  MP_WAIT_UNTIL (count_prefix (fixture, "open-order ") == 1, TIMEOUT_MS);
  g_object_unref (details);
}

static void
test_orders (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *page = mp_orders_page_new (fixture->session);
  GListModel *model;
  guint n_all;
  g_autoptr(MpOrder) first = NULL;
  g_autofree char *expected = NULL;
  GtkWidget *details;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0, TIMEOUT_MS);
  model = column_model (page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) > 2, TIMEOUT_MS);
  n_all = g_list_model_get_n_items (model);
  render (GTK_WIDGET (fixture->window), "orders.png");

  /* Failed only: the seeded failure of the fail-flagged product. */
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 3);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == 1, TIMEOUT_MS);
  first = g_list_model_get_item (model, 0);
  g_assert_cmpint (mp_order_get_status (first), ==, MP_ORDER_STATUS_ERROR);
  g_signal_emit_by_name (child (page, "column_view"), "activate", 0);
  expected = g_strdup_printf ("open-order %s", mp_order_get_id (first));
  g_assert_true (was_activated (fixture, expected));
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 0);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == n_all, TIMEOUT_MS);

  details = mp_order_page_new (fixture->session, mp_order_get_id (first));
  show_page (fixture, details);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (details), "content") == 0, TIMEOUT_MS);
  g_assert_true (gtk_widget_get_visible (child (details, "error_box")));
  render (GTK_WIDGET (fixture->window), "order.png");
}

static void
test_provisioning_server_restart (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(MpOrder) placed = mp_test_ui_place_change (fixture, WOODGROVE_ID, "WGS-EP-DEVICE", 44);
  MpOrder *order = mp_session_track_order (fixture->session, placed);
  GtkWidget *page = mp_provisioning_page_new (fixture->session, order);
  g_autoptr(GError) error = NULL;

  show_page (fixture, page);
  MP_WAIT_UNTIL (mp_order_get_step (order) >= 1, TIMEOUT_MS);
  mp_test_server_kill (fixture->server, SIGTERM);
  /* The outage is said, not hidden behind a spinner. */
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (page, "error_box")), TIMEOUT_MS);
  g_assert_false (mp_order_get_final (order));
  render (GTK_WIDGET (fixture->window), "provisioning-offline.png");

  /* The page offers to follow it again at once. */
  MP_WAIT_UNTIL (mp_session_get_offline (fixture->session), TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (page, "follow_button")), TIMEOUT_MS);

  g_assert_true (mp_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (child (page, "follow_button"), "clicked");
  MP_WAIT_UNTIL (!mp_session_get_offline (fixture->session), TIMEOUT_MS);
  MP_WAIT_UNTIL (mp_order_get_final (order), 60000);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (page, "open_button")), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (child (page, "error_box")));
}

/* The status the Orders page shows for ORDER_ID's row, and its row. */
static MpOrder *
orders_row (GtkWidget  *page,
            const char *order_id)
{
  GListModel *model = column_model (page);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MpOrder) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (mp_order_get_id (row), order_id) == 0)
        return row;
    }
  return NULL;
}

static gboolean
row_has_status (GtkWidget     *page,
                const char    *order_id,
                MpOrderStatus  status)
{
  MpOrder *row = orders_row (page, order_id);

  return row != NULL && mp_order_get_status (row) == status;
}

/* A remote marketplace (no child process) stops mid-provisioning, then
 * starts again: nothing is clicked, yet the order is followed to the end,
 * the lists reload, and the Orders list agrees with the order's page.
 * The order was placed elsewhere (another run of the app): the session
 * learns of it from the list.
 */
static void
test_remote_outage (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *orders = mp_orders_page_new (fixture->session);
  g_autoptr(MpOrder) placed = NULL;
  GtkWidget *subscriptions;
  GtkWidget *page;
  MpOrder *order;
  g_autoptr(GError) error = NULL;

  g_object_ref_sink (orders);
  show_page (fixture, orders);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (orders), "list") == 0, TIMEOUT_MS);

  placed = mp_test_ui_place_change (fixture, WOODGROVE_ID, "WGS-EP-DEVICE", 45);
  g_assert_null (mp_session_lookup_order (fixture->session, mp_order_get_id (placed)));
  mp_session_notify_changed (fixture->session);
  /* Listed in progress, it is followed: the row moves with it. */
  MP_WAIT_UNTIL (mp_session_lookup_order (fixture->session, mp_order_get_id (placed)) != NULL, TIMEOUT_MS);
  order = mp_session_lookup_order (fixture->session, mp_order_get_id (placed));
  MP_WAIT_UNTIL (orders_row (orders, mp_order_get_id (order)) == order, TIMEOUT_MS);

  page = mp_provisioning_page_new (fixture->session, order);
  show_page (fixture, page);
  MP_WAIT_UNTIL (mp_order_get_step (order) >= 1, TIMEOUT_MS);
  mp_test_server_kill (fixture->server, SIGKILL);
  MP_WAIT_UNTIL (mp_session_get_offline (fixture->session), TIMEOUT_MS);
  MP_WAIT_UNTIL (label_contains (page, "Lost contact"), TIMEOUT_MS);
  g_assert_false (mp_order_get_final (order));

  /* Reloading while it is down keeps the rows of the local copy and says
   * the outage above them; a list with nothing kept shows it alone. */
  g_object_ref (page);
  show_page (fixture, orders);
  mp_list_page_reload (MP_LIST_PAGE (orders));
  MP_WAIT_UNTIL (gtk_info_bar_get_revealed (child (orders, "info_bar")), TIMEOUT_MS);
  g_assert_cmpstr (visible_name (orders), ==, "list");
  g_assert_nonnull (orders_row (orders, mp_order_get_id (order)));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (orders, "info_label")),
                                   "Not every order could be loaded: "));
  subscriptions = mp_subscriptions_page_new (fixture->session);
  show_page (fixture, subscriptions);
  /* Every subscription of the account, its customers' too. */
  gtk_drop_down_set_selected (child (subscriptions, "show_dropdown"), 1);
  MP_WAIT_UNTIL (gtk_info_bar_get_revealed (child (subscriptions, "info_bar")), TIMEOUT_MS);
  g_assert_cmpstr (visible_name (subscriptions), ==, "list");

  /* Back: no Retry, no Follow Again. */
  g_assert_true (mp_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  MP_WAIT_UNTIL (!gtk_info_bar_get_revealed (child (subscriptions, "info_bar")), 60000);
  g_assert_cmpstr (visible_name (subscriptions), ==, "list");
  g_assert_false (mp_session_get_offline (fixture->session));
  MP_WAIT_UNTIL (mp_order_get_final (order), 60000);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);

  show_page (fixture, page);
  g_object_unref (page);
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (page, "open_button")), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (child (page, "error_box")));
  g_assert_false (gtk_widget_get_visible (child (page, "follow_button")));

  /* The list was reloaded from the server and says the same. */
  show_page (fixture, orders);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (orders), "list") == 0, TIMEOUT_MS);
  MP_WAIT_UNTIL (row_has_status (orders, mp_order_get_id (order), MP_ORDER_STATUS_COMPLETED), TIMEOUT_MS);
  MP_WAIT_UNTIL (!gtk_info_bar_get_revealed (child (orders, "info_bar")), TIMEOUT_MS);
  g_assert_true (orders_row (orders, mp_order_get_id (order)) != order);
  render (GTK_WIDGET (fixture->window), "orders-after-outage.png");
  g_object_unref (orders);
}

/* The marketplace comes back on another port (as the demo marketplace does
 * when its old one was taken): the session moves its client there, and the
 * order is followed to the end.
 */
static void
test_marketplace_moved (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MpOrder) placed = mp_test_ui_place_change (fixture, WOODGROVE_ID, "WGS-EP-DEVICE", 46);
  MpOrder *order = mp_session_track_order (fixture->session, placed);
  GtkWidget *page = mp_provisioning_page_new (fixture->session, order);
  g_autofree char *old_root = g_strdup (mp_test_server_get_url (fixture->server));
  g_autofree char *new_base = NULL;
  g_autoptr(GError) error = NULL;

  show_page (fixture, page);
  MP_WAIT_UNTIL (mp_order_get_step (order) >= 1, TIMEOUT_MS);
  mp_test_server_kill (fixture->server, SIGKILL);
  MP_WAIT_UNTIL (mp_session_get_offline (fixture->session), TIMEOUT_MS);

  /* Not on a fixed port: it comes back elsewhere. */
  g_assert_true (mp_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  new_base = mp_test_server_get_base_url (fixture->server, "US");
  mp_session_marketplace_moved (fixture->session, old_root, mp_test_server_get_url (fixture->server));
  g_assert_cmpstr (mp_client_get_base_url (fixture->client), ==, new_base);

  MP_WAIT_UNTIL (mp_order_get_final (order), 60000);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  MP_WAIT_UNTIL (!mp_session_get_offline (fixture->session), TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (page, "open_button")), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (child (page, "error_box")));
}

/* 100,000 rows arrive and are searched; a 10 ms timer logs the longest
 * main-loop stall, for the record.
 */
typedef struct
{
  gint64 last;
  gint64 longest;
} Stall;

static gboolean
stall_cb (gpointer user_data)
{
  Stall *stall = user_data;
  gint64 now = g_get_monotonic_time ();

  if (stall->last != 0)
    stall->longest = MAX (stall->longest, now - stall->last);
  stall->last = now;
  return G_SOURCE_CONTINUE;
}

static void
test_many_subscriptions (Fixture       *fixture,
                         gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  GListModel *model;
  GListModel *list;
  guint expected = 0;
  Stall stall = { 0, 0 };
  guint stall_id;
  gint64 start;
  guint n_all;

  show_page (fixture, page);
  /* Every subscription of the account, its customers' too. */
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  stall_id = g_timeout_add (10, stall_cb, &stall);
  start = g_get_monotonic_time ();
  model = column_model (page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) >= 100000, 120000);
  n_all = g_list_model_get_n_items (model);
  g_test_message ("%u rows in %.1f s; longest main loop stall %.0f ms", n_all,
                  (g_get_monotonic_time () - start) / 1e6, stall.longest / 1e3);
  render (GTK_WIDGET (fixture->window), "subscriptions-100000.png");

  /* Keystroke to filtered list. */
  stall.longest = 0;
  stall.last = 0;
  start = g_get_monotonic_time ();
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "fabrikam office");
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) < n_all, 60000);
  g_test_message ("Filtered to %u rows in %.0f ms; longest stall %.0f ms",
                  g_list_model_get_n_items (model),
                  (g_get_monotonic_time () - start) / 1e3, stall.longest / 1e3);
  g_source_remove (stall_id);
  /* Exactly the rows whose name, plan or ID holds the words, any case. */
  list = G_LIST_MODEL (mp_list_page_get_list (MP_LIST_PAGE (page)));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpSubscription) s = g_list_model_get_item (list, i);
      g_autofree char *name = g_ascii_strdown (mp_subscription_get_name (s), -1);
      g_autofree char *plan = g_ascii_strdown (mp_subscription_get_plan_name (s) ?: "", -1);

      if (strstr (name, "fabrikam office") != NULL || strstr (plan, "fabrikam office") != NULL)
        expected++;
    }
  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, n_all);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected);
  /* The stall is a figure for the log, not a pass mark: speed is measured
   * by bench/ui (bench-ui), never asserted against the clock in a test.
   */
}

/* The subscriptions list opens from the local copy at once, says how fresh
 * it is, and keeps its rows when the marketplace is gone.
 */
static void
test_subscriptions_mirror (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  GtkWidget *again;
  GListModel *model;
  MpListSource *list;
  guint n_all;

  show_page (fixture, page);
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  model = column_model (page);
  n_all = count_subscriptions (fixture);
  list = mp_list_page_get_list (MP_LIST_PAGE (page));
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == n_all && !mp_list_source_get_loading (list),
                 TIMEOUT_MS);
  g_assert_nonnull (mp_list_source_get_updated (list));
  g_assert_true (label_contains (page, "Updated just now"));

  /* The marketplace goes away: a new list shows the copy's rows, their
   * seats and prices, and says the refresh failed.
   */
  mp_test_server_kill (fixture->server, SIGKILL);
  again = mp_subscriptions_page_new (fixture->session);
  show_page (fixture, again);
  gtk_drop_down_set_selected (child (again, "show_dropdown"), 1);
  model = column_model (again);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == n_all, TIMEOUT_MS);
  g_assert_true (label_contains (again, "Fabrikam Office Standard"));
  for (guint i = 0; i < n_all; i++)
    {
      g_autoptr(MpSubscription) s = g_list_model_get_item (model, i);

      g_assert_nonnull (mp_subscription_get_total_price (s));
      g_assert_cmpuint (g_list_model_get_n_items (mp_subscription_get_resources (s)), >, 0);
    }
  MP_WAIT_UNTIL (gtk_info_bar_get_revealed (child (again, "info_bar")), TIMEOUT_MS);
  g_assert_cmpstr (visible_name (again), ==, "list");
  render (GTK_WIDGET (fixture->window), "subscriptions-offline-copy.png");
}

/* Against a marketplace whose list rows carry no resource lines (the real
 * one), the background refresh fetches each subscription's details: every
 * row then shows its seats and the price its lines' unit prices make.
 */
static void
test_subscriptions_no_extensions (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  GListModel *model;
  MpListSource *list;
  guint n_all;

  show_page (fixture, page);
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  model = column_model (page);
  list = mp_list_page_get_list (MP_LIST_PAGE (page));
  n_all = count_subscriptions (fixture);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == n_all && !mp_list_source_get_loading (list),
                 TIMEOUT_MS);
  g_assert_null (mp_list_source_get_error (list));
  for (guint i = 0; i < n_all; i++)
    {
      g_autoptr(MpSubscription) row = g_list_model_get_item (model, i);
      /* The server's own answer for it, apart from the list. */
      g_autoptr(MpSubscription) detail = get_subscription (fixture, mp_subscription_get_id (row));
      GListModel *lines = mp_subscription_get_resources (detail);
      const char *currency = NULL;
      gint64 seats = 0, price = 0;
      g_autofree char *seats_text = NULL;
      g_autofree char *price_text = NULL;

      for (guint j = 0; j < g_list_model_get_n_items (lines); j++)
        {
          g_autoptr(MpSubscriptionResource) r = g_list_model_get_item (lines, j);

          if (mp_subscription_resource_get_one_time (r))
            continue;
          seats += mp_subscription_resource_get_quantity (r);
          price += MAX (0, mp_subscription_resource_get_quantity (r) - mp_subscription_resource_get_included (r)) *
                   mp_subscription_resource_get_unit_price (r)->minor;
          currency = mp_subscription_resource_get_unit_price (r)->currency;
        }
      g_assert_nonnull (currency);
      seats_text = g_strdup_printf ("%" G_GINT64_FORMAT, seats);
      price_text = mp_test_ui_format_cents (price, currency);
      g_test_message ("%s: %s seats, %s", mp_subscription_get_name (row), seats_text, price_text);
      /* The row on screen says both. */
      g_assert_cmpint (mp_page_subscription_seats (row), ==, seats);
      g_assert_true (label_contains (page, price_text));
      g_assert_true (label_contains (page, seats_text));
    }
  render (GTK_WIDGET (fixture->window), "subscriptions-no-extensions.png");
}

/* A list that stops loading part way keeps the rows it has, says why in
 * the bar above them, and Retry there loads it again (MpListPage).
 */
static void
setup_many_fixed_port (Fixture       *fixture,
                       gconstpointer  data)
{
  MpTestUiSetup options = {
    .user = RESELLER, .password = RESELLER_PW, .server_args = data, .fixed_port = TRUE,
  };

  mp_test_ui_fixture_setup (fixture, &options);
}

static void
test_partial_load (Fixture       *fixture,
                   gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  GtkInfoBar *bar = child (page, "info_bar");
  g_autoptr(GError) error = NULL;
  GListModel *model;
  guint n_loaded;

  show_page (fixture, page);
  /* Every subscription of the account, its customers' too. */
  gtk_drop_down_set_selected (child (page, "show_dropdown"), 1);
  model = column_model (page);
  /* Some pages are in, more are coming: the server goes away. */
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) > 0 &&
                 g_strcmp0 (visible_name (page), "list") == 0, TIMEOUT_MS);
  mp_test_server_kill (fixture->server, SIGKILL);
  MP_WAIT_UNTIL (gtk_info_bar_get_revealed (bar), TIMEOUT_MS);
  n_loaded = g_list_model_get_n_items (model);
  g_assert_cmpuint (n_loaded, >, 0);
  g_assert_cmpuint (n_loaded, <, 100000);
  g_assert_cmpstr (visible_name (page), ==, "list");
  g_assert_true (g_str_has_prefix (gtk_label_get_text (child (page, "info_label")),
                                   "Not every subscription could be loaded: "));
  render (GTK_WIDGET (fixture->window), "subscriptions-partial.png");

  /* Back on the same port, Retry in the bar loads the list again. */
  g_assert_true (mp_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  g_signal_emit_by_name (bar, "response", 1);
  MP_WAIT_UNTIL (!gtk_info_bar_get_revealed (bar) && g_list_model_get_n_items (model) > 0, TIMEOUT_MS);
  g_assert_null (mp_list_source_get_error (mp_list_page_get_list (MP_LIST_PAGE (page))));
}

int
main (int   argc,
      char *argv[])
{
  /* Slow enough to see each provisioning step; slow enough to stay pending. */
  static const char * const slow_steps[] = { "--provision-step-ms", "400", NULL };
  static const char * const very_slow_steps[] = { "--provision-step-ms", "5000", NULL };
  /* Slow enough to stop the server mid-provisioning. */
  static const char * const medium_steps[] = { "--provision-step-ms", "1500", NULL };
  static const char * const no_extensions[] = { "--no-extensions", NULL };
  static const char * const many_subscriptions[] = { "--seed-subscriptions", "100000", NULL };

  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/pages/subscriptions/list", Fixture, NULL, setup_reseller, test_subscriptions_list, teardown);
  g_test_add ("/pages/subscriptions/mirror", Fixture, NULL, setup_reseller, test_subscriptions_mirror, teardown);
  g_test_add ("/pages/subscription/details", Fixture, NULL, setup_customer, test_subscription_details, teardown);
  g_test_add ("/pages/limits/change-and-provision", Fixture, slow_steps, setup_customer, test_change_limits, teardown);
  g_test_add ("/pages/limits/money", Fixture, slow_steps, setup_customer, test_limits_money, teardown);
  g_test_add ("/pages/limits/one-time", Fixture, NULL, setup_reseller, test_limits_one_time, teardown);
  g_test_add ("/pages/subscriptions/no-extensions", Fixture, no_extensions, setup_reseller,
              test_subscriptions_no_extensions, teardown);
  g_test_add ("/pages/limits/below-usage-no-extensions", Fixture, no_extensions, setup_reseller,
              test_limits_below_usage_no_extensions, teardown);
  g_test_add ("/pages/limits/lost-answer", Fixture, NULL, setup_fixed_port, test_limits_lost_answer, teardown);
  g_test_add ("/pages/limits/leave-while-placing", Fixture, NULL, setup_customer, test_limits_leave_while_placing, teardown);
  g_test_add ("/pages/provisioning/failing-product", Fixture, NULL, setup_customer, test_failing_product, teardown);
  g_test_add ("/pages/limits/pending-change", Fixture, very_slow_steps, setup_customer, test_pending_change, teardown);
  g_test_add ("/pages/limits/server-stopped", Fixture, NULL, setup_fixed_port, test_server_stopped, teardown);
  g_test_add ("/pages/provisioning/server-restart", Fixture, slow_steps, setup_fixed_port, test_provisioning_server_restart, teardown);
  g_test_add ("/pages/orders/list", Fixture, NULL, setup_reseller, test_orders, teardown);
  g_test_add ("/pages/orders/remote-outage", Fixture, medium_steps, setup_fixed_port, test_remote_outage, teardown);
  g_test_add ("/pages/provisioning/marketplace-moved", Fixture, medium_steps, setup_customer, test_marketplace_moved, teardown);
  g_test_add ("/pages/subscriptions/100000", Fixture, many_subscriptions, setup_reseller, test_many_subscriptions, teardown);
  g_test_add ("/pages/subscriptions/partial-load", Fixture, many_subscriptions, setup_many_fixed_port, test_partial_load, teardown);

  return g_test_run ();
}
