/* test-store.c: the storefront and the cart (flow 1) against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>

#include "mp-a11y.h"

#include "mp-cart.h"
#include "mp-cart-button.h"
#include "mp-cart-line-row.h"
#include "mp-cart-window.h"
#include "mp-estimate-view.h"
#include "mp-resource-row.h"
#include "mp-plan-item.h"
#include "mp-product-row.h"
#include "mp-storefront-page.h"
#include "mp-terms-step.h"
#include "mp-test-ui.h"

static GtkWidget *header;
/* The sessions of the fixture's login, as the application has them. */
static MpSessionRegistry *sessions;

/* The page under a header bar with the cart button, as in the window. */
static GtkWidget *
show_storefront (Fixture *fixture)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *page;

  g_clear_object (&sessions);
  sessions = mp_session_registry_new ();
  mp_session_registry_sign_in (sessions, fixture->session);
  page = mp_storefront_page_new (sessions);

  header = adw_header_bar_new ();
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), mp_cart_button_new (fixture->session));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), page);
  show_page (fixture, box);
  return page;
}

static const char *
content (GtkWidget *page)
{
  return gtk_stack_get_visible_child_name (child (page, "content_stack"));
}

static void
choose_category (GtkWidget  *page,
                 const char *name)
{
  GtkListBox *list = child (page, "category_list");
  GtkListBoxRow *row = NULL;

  MP_WAIT_UNTIL (gtk_list_box_get_row_at_index (list, 0) != NULL, TIMEOUT_MS);
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (list)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LIST_BOX_ROW (w) &&
        g_strcmp0 (gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (w)))), name) == 0)
      row = GTK_LIST_BOX_ROW (w);
  g_assert_nonnull (row);
  gtk_list_box_select_row (list, row);
  MP_WAIT_UNTIL (g_strcmp0 (content (page), "products") == 0, TIMEOUT_MS);
}

static GtkWidget *
group_row (GtkWidget  *group,
           const char *name)
{
  GtkWidget *row = find_named (group, name);

  g_assert_nonnull (row);
  return row;
}

/* Opens a product as a click or Enter on its row does (the list view's
 * "list.activate-item" action on the row's position).
 */
static void
open_product (GtkWidget  *page,
              const char *product_line)
{
  GtkWidget *view = child (page, "products_list");
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  GtkWidget *row;
  guint position = G_MAXUINT;

  MP_WAIT_UNTIL (find_named (child (page, "products_group"), product_line) != NULL, TIMEOUT_MS);
  row = group_row (child (page, "products_group"), product_line);
  g_assert_true (MP_IS_PRODUCT_ROW (row));
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(MpPlanItem) item = g_list_model_get_item (shown, i);

      if (item == mp_product_row_get_item (MP_PRODUCT_ROW (row)))
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);
  g_assert_true (gtk_widget_activate_action (row, "list.activate-item", "u", position));
  MP_WAIT_UNTIL (g_strcmp0 (content (page), "product") == 0, TIMEOUT_MS);
}

static void
select_plan (GtkWidget  *page,
             const char *plan_id)
{
  MP_WAIT_UNTIL (mp_storefront_page_get_select_button (MP_STOREFRONT_PAGE (page), plan_id) != NULL, TIMEOUT_MS);
  g_signal_emit_by_name (mp_storefront_page_get_select_button (MP_STOREFRONT_PAGE (page), plan_id), "clicked");
  MP_WAIT_UNTIL (gtk_widget_get_visible (child (page, "options_box")) &&
                 (find_named (child (page, "resources_group"), "IDS-R-USERS") != NULL ||
                  find_named (child (page, "resources_group"), "IDS-C-USERS") != NULL), TIMEOUT_MS);
  /* The resource rows belong to the plan just selected. */
  MP_WAIT_UNTIL (find_named (child (page, "resources_group"), g_str_equal (plan_id, "100") ? "IDS-R-USERS" : "IDS-C-USERS") != NULL,
                 TIMEOUT_MS);
}

static void
set_spin (GtkWidget  *root,
          const char *mpn,
          double      value)
{
  GtkWidget *spin = find_named (root, mpn);

  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), value);
}

static void
add_to_cart (GtkWidget *page)
{
  g_assert_true (gtk_widget_activate_action (page, "store.add-to-cart", NULL));
}

static MpCart *
fixture_cart (Fixture *fixture)
{
  return mp_cart_get_for_client (fixture->client);
}

static void
teardown_store (Fixture       *fixture,
                gconstpointer  data)
{
  /* Signing out: every region's session stops following its orders. */
  if (sessions != NULL)
    mp_session_registry_close (sessions);
  g_clear_object (&sessions);
  teardown (fixture, data);
  mp_cart_forget_all ();
}

static void
setup_store (Fixture       *fixture,
             gconstpointer  data)
{
  g_autofree char *dir = NULL;
  g_autoptr(GFile) file = NULL;

  setup (fixture, data);
  /* Each test starts with no cart file. */
  dir = g_build_filename (g_get_user_data_dir (), "market-panel", "carts", "US-demo-reseller.json", NULL);
  file = g_file_new_for_path (dir);
  g_file_delete (file, NULL, NULL);
  mp_cart_forget_all ();
}

/* Ticks every terms box of the check-out page. */
static void
accept_all_terms (MpCartWindow *window)
{
  for (GtkWidget *w = gtk_widget_get_first_child (child (window, "checkout_box")); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (MP_IS_TERMS_STEP (w))
      {
        GListModel *terms = mp_plan_get_terms (mp_order_draft_get_plan (mp_terms_step_get_draft (MP_TERMS_STEP (w))));

        for (guint i = 0; i < g_list_model_get_n_items (terms); i++)
          {
            g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);

            gtk_check_button_set_active (mp_terms_step_get_check (MP_TERMS_STEP (w), mp_terms_get_id (t)), TRUE);
          }
      }
}

/* Every label below ROOT that is shown has the height its text needs at
 * the width it was given (nothing cut off), and every long one wraps.
 * Returns how many labels were looked at.
 */
static guint
assert_labels_fit (GtkWidget *root)
{
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (!gtk_widget_get_visible (w) || !gtk_widget_get_child_visible (w))
        continue;
      if (GTK_IS_LABEL (w))
        {
          const char *text = gtk_label_get_text (GTK_LABEL (w));
          int minimum = 0;

          /* Measured sizes count the margins, allocated ones do not. */
          int width = gtk_widget_get_width (w) + gtk_widget_get_margin_start (w) + gtk_widget_get_margin_end (w);
          int height = gtk_widget_get_height (w) + gtk_widget_get_margin_top (w) + gtk_widget_get_margin_bottom (w);

          gtk_widget_measure (w, GTK_ORIENTATION_VERTICAL, width, &minimum, NULL, NULL, NULL);
          if (height < minimum)
            g_error ("The label “%s” is %d pixels high for the %d it needs", text, height, minimum);
          if (g_utf8_strlen (text, -1) > 40 && !gtk_label_get_wrap (GTK_LABEL (w)) &&
              gtk_label_get_ellipsize (GTK_LABEL (w)) == PANGO_ELLIPSIZE_NONE)
            g_error ("The label “%s” neither wraps nor ellipsizes", text);
          n++;
        }
      n += assert_labels_fit (w);
    }
  return n;
}

/* The check-out page scrolls as one page: the only scrolled window
 * between the page and its terms is the page's own, so the wheel scrolls
 * it wherever the pointer is.
 */
static void
assert_checkout_scrolls_as_one (MpCartWindow *window)
{
  GtkWidget *box = child (window, "checkout_box");
  guint n_scrolled = 0;

  for (GtkWidget *w = gtk_widget_get_parent (box); w != NULL; w = gtk_widget_get_parent (w))
    if (GTK_IS_SCROLLED_WINDOW (w))
      n_scrolled++;
  g_assert_cmpuint (n_scrolled, ==, 1);
  g_assert_null (find_widget (box, GTK_TYPE_SCROLLED_WINDOW));
  g_assert_cmpuint (assert_labels_fit (box), >, 10);
}

/* The plan as the marketplace details it, asked for by the test itself. */
static MpPlan *
fetch_plan (Fixture    *fixture,
            const char *plan_id)
{
  Wait wait = { NULL, };

  mp_client_get_plan_async (fixture->client, plan_id, NULL, get_plan_cb, &wait);
  MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
  g_assert_no_error (wait.error);
  g_assert_nonnull (wait.result);
  return wait.result;
}

/* What PLAN costs for PERIOD with the amounts QUANTITY gives (an MPN's
 * amount, or -1 for the resource's minimum), computed here from the
 * plan's unit prices: due now, each unit's setup plus the term's
 * recurring price of the units above those included (a one-time service:
 * its price once); a month of the recurring prices, rounded once.
 */
typedef gint64 (*QuantityFunc) (gpointer    data,
                                const char *mpn);

static void
expected_price (MpPlan       *plan,
                MpPeriod     *period,
                QuantityFunc  quantity,
                gpointer      data,
                MpMoney      *due,
                MpMoney      *monthly)
{
  GListModel *resources = mp_plan_get_resources (plan);
  gint64 due_minor = 0, term_minor = 0;
  const char *currency = NULL;
  MpMoney setup, recurring;

  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      gint64 q = quantity (data, mp_resource_get_mpn (r));
      gint64 billable;

      if (q < 0)
        q = mp_resource_get_minimum (r);
      billable = MAX (0, q - mp_resource_get_included (r));
      g_assert_true (mp_resource_get_price (r, period, &setup, &recurring));
      currency = setup.currency;
      due_minor += q * setup.minor;
      if (!mp_resource_get_one_time (r))
        {
          due_minor += billable * recurring.minor;
          term_minor += billable * recurring.minor;
        }
    }
  g_assert_nonnull (currency);
  mp_money_init (due, due_minor, currency);
  mp_money_init (monthly, term_minor, currency);
  g_assert_cmpint (mp_period_get_months (period), >, 0);
  g_assert_true (mp_money_prorate (monthly, 1, mp_period_get_months (period), NULL));
}

static gint64
line_quantity (gpointer    data,
               const char *mpn)
{
  return mp_cart_line_get_quantity (data, mpn);
}

/* "$120.00 now, $60.00 a month", as the price labels say. */
static char *
price_text (const MpMoney *due,
            const MpMoney *monthly)
{
  g_autofree char *a = mp_money_format (due);
  g_autofree char *b = mp_money_format (monthly);

  return g_strdup_printf ("%s now, %s a month", a, b);
}

static void
collect_named (GtkWidget  *root,
               const char *name,
               GPtrArray  *found)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (g_strcmp0 (gtk_widget_get_name (w), name) == 0)
        g_ptr_array_add (found, w);
      collect_named (w, name, found);
    }
}

static void
collect_type (GtkWidget *root,
              GType      type,
              GPtrArray *found)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        g_ptr_array_add (found, w);
      collect_type (w, type, found);
    }
}

/* Each line's price and the sum in the window's action bar, against what
 * the test computes from the plans' unit prices: on the cart page, the
 * price label of each line and "Subtotal: ..."; at check-out, the
 * estimate view of each line (Total Due Now, Monthly Price) and
 * "Total: ...". One marketplace, one currency: one sum.
 */
static void
assert_cart_prices (Fixture      *fixture,
                    MpCartWindow *window,
                    gboolean      checkout)
{
  GListModel *cart = G_LIST_MODEL (fixture_cart (fixture));
  g_autoptr(GPtrArray) shown = g_ptr_array_new ();
  MpMoney sum;
  g_autofree char *sum_money = NULL;
  g_autofree char *sum_text = NULL;

  if (checkout)
    collect_type (child (window, "checkout_box"), MP_TYPE_ESTIMATE_VIEW, shown);
  else
    collect_named (child (window, "lines_list"), "price", shown);
  g_assert_cmpuint (shown->len, ==, g_list_model_get_n_items (cart));
  for (guint i = 0; i < shown->len; i++)
    {
      g_autoptr(MpCartLine) line = g_list_model_get_item (cart, i);
      g_autoptr(MpPlan) plan = fetch_plan (fixture, mp_cart_line_get_plan_id (line));
      g_autoptr(MpPeriod) period = mp_cart_line_dup_period (line);
      MpMoney due, monthly;

      expected_price (plan, period, line_quantity, line, &due, &monthly);
      if (checkout)
        {
          GtkWidget *view = g_ptr_array_index (shown, i);
          g_autofree char *due_text = mp_money_format (&due);
          g_autofree char *monthly_text = mp_money_format (&monthly);

          MP_WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (child (view, "total_label")), due_text) == 0 &&
                         g_strcmp0 (gtk_label_get_text (child (view, "recurring_label")), monthly_text) == 0,
                         TIMEOUT_MS);
        }
      else
        {
          g_autofree char *expected = price_text (&due, &monthly);

          MP_WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (g_ptr_array_index (shown, i)), expected) == 0, TIMEOUT_MS);
        }
      if (i == 0)
        sum = due;
      else
        {
          g_assert_cmpstr (sum.currency, ==, due.currency);
          g_assert_true (mp_money_add (&sum, &due, NULL));
        }
    }
  sum_money = mp_money_format (&sum);
  sum_text = g_strdup_printf ("%s: %s", checkout ? "Total" : "Subtotal", sum_money);
  MP_WAIT_UNTIL (label_contains (child (window, "action_bar"), sum_text), TIMEOUT_MS);
}

static gint64
spin_quantity (gpointer    data,
               const char *mpn)
{
  GtkWidget *spin = find_named (data, mpn);

  g_assert_true (GTK_IS_SPIN_BUTTON (spin));
  return gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin));
}

/* The product page's running total is what the test computes from the
 * plan's unit prices for the period and amounts shown.
 */
static void
assert_product_total (Fixture    *fixture,
                      GtkWidget  *page,
                      const char *plan_id)
{
  g_autoptr(MpPlan) plan = fetch_plan (fixture, plan_id);
  g_autoptr(MpPeriod) period = g_list_model_get_item (mp_plan_get_periods (plan),
                                                      adw_combo_row_get_selected (child (page, "period_row")));
  g_autofree char *price = NULL;
  g_autofree char *expected = NULL;
  MpMoney due, monthly;

  expected_price (plan, period, spin_quantity, child (page, "resources_group"), &due, &monthly);
  price = price_text (&due, &monthly);
  expected = g_strdup_printf ("Total: %s", price);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (child (page, "total_label")), expected) == 0, TIMEOUT_MS);
}

/* Storefront > Cloud Services > Cloud Management Services > IDSync: one
 * line for the reseller itself, two customer plans for Acme; check out:
 * estimates, terms of every plan, three orders placed one by one and
 * provisioned together.
 */
static void
test_cart_checkout (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *page = show_storefront (fixture);
  MpCart *cart;
  MpCartWindow *window;
  GtkListBox *lines;
  GListModel *drafts;
  GListModel *orders;
  guint line = 0;

  MP_WAIT_UNTIL (mp_cart_get_loaded (fixture_cart (fixture)), TIMEOUT_MS);
  cart = fixture_cart (fixture);
  choose_category (page, "Cloud Management Services");
  render (GTK_WIDGET (fixture->window), "storefront.png");
  open_product (page, "idsync");

  /* Both variants are offered, whatever category they sit in. */
  MP_WAIT_UNTIL (find_named (child (page, "plans_group"), "100") != NULL &&
                 find_named (child (page, "plans_group"), "101") != NULL, TIMEOUT_MS);

  select_plan (page, "100");

  /* An amount typed out of range is said beside it, kept as typed (on
   * Enter too), and Add to Cart waits for a valid one.
   */
  {
    GtkWidget *spin = find_named (page, "IDS-R-USERS");
    GtkWidget *row = gtk_widget_get_ancestor (spin, MP_TYPE_RESOURCE_ROW);
    MpResource *resource = mp_resource_row_get_resource (MP_RESOURCE_ROW (row));
    g_autofree char *allowed = g_strdup_printf ("Allowed: %d–%d", (int) mp_resource_get_minimum (resource),
                                                (int) mp_resource_get_maximum (resource));
    g_autofree char *at_most = g_strdup_printf ("At most %d", (int) mp_resource_get_maximum (resource));

    g_assert_true (label_contains (row, allowed));
    g_assert_true (gtk_widget_is_sensitive (child (page, "add_button")));
    gtk_editable_set_text (GTK_EDITABLE (spin), "99999999999");
    g_assert_true (label_contains (row, at_most));
    g_assert_false (gtk_widget_is_sensitive (child (page, "add_button")));
    /* No running total for an amount out of range. */
    g_assert_cmpstr (gtk_label_get_text (child (page, "total_label")), ==, "");
    gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "99999999999");
    g_assert_true (label_contains (row, at_most));
    g_assert_false (gtk_widget_is_sensitive (child (page, "add_button")));
    render (GTK_WIDGET (fixture->window), "storefront-out-of-range.png");
    gtk_editable_set_text (GTK_EDITABLE (spin), "0");
    g_assert_true (label_contains (row, "At least 1"));
    g_assert_false (gtk_widget_is_sensitive (child (page, "add_button")));
    gtk_editable_set_text (GTK_EDITABLE (spin), "25");
    g_assert_false (label_contains (row, "At least 1"));
    g_assert_true (gtk_widget_is_sensitive (child (page, "add_button")));
  }
  set_spin (page, "IDS-R-USERS", 25);
  /* The running total follows the amounts and extras as they change. */
  assert_product_total (fixture, page, "100");
  set_spin (page, "IDS-R-AT-BILL", 1);
  assert_product_total (fixture, page, "100");
  set_spin (page, "IDS-R-AT-QS", 1);
  assert_product_total (fixture, page, "100");
  render (GTK_WIDGET (fixture->window), "product.png");
  add_to_cart (page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (cart)) == 1, TIMEOUT_MS);

  select_plan (page, "101");
  set_spin (page, "IDS-C-USERS", 10);
  add_to_cart (page);
  adw_combo_row_set_selected (child (page, "period_row"), 1);   /* 1 Year */
  set_spin (page, "IDS-C-USERS", 5);
  set_spin (page, "IDS-C-CW-BILL", 1);
  /* A year: due now for the year, the monthly price a twelfth of it. */
  assert_product_total (fixture, page, "101");
  add_to_cart (page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (cart)) == 3, TIMEOUT_MS);
  g_assert_true (label_contains (find_widget (header, MP_TYPE_CART_BUTTON), "3"));

  /* The header-bar button opens the cart. */
  g_signal_emit_by_name (find_widget (find_widget (header, MP_TYPE_CART_BUTTON), GTK_TYPE_BUTTON), "clicked");
  MP_WAIT_UNTIL ((window = find_toplevel (MP_TYPE_CART_WINDOW)) != NULL, TIMEOUT_MS);
  lines = child (window, "lines_list");
  MP_WAIT_UNTIL (count_rows (lines) == 3 && find_named (GTK_WIDGET (lines), "period") != NULL, TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);

  /* Buyers: the reseller itself, then Acme for both customer plans, once
   * the customers are listed (the rows are built again then).
   */
  MP_WAIT_UNTIL (g_list_model_get_n_items (adw_combo_row_get_model (find_named (GTK_WIDGET (lines), "buyer"))) >= 4,
                 TIMEOUT_MS);
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (lines)); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *buyer;
      GListModel *model;

      if (!ADW_IS_EXPANDER_ROW (w))
        continue;
      adw_expander_row_set_expanded (ADW_EXPANDER_ROW (w), TRUE);
      buyer = find_named (w, "buyer");
      g_assert_nonnull (buyer);
      if (line++ == 0)
        continue;
      MP_WAIT_UNTIL (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (buyer))) >= 4, TIMEOUT_MS);
      model = adw_combo_row_get_model (ADW_COMBO_ROW (buyer));
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (model), i), "Acme Corporation") == 0)
          adw_combo_row_set_selected (ADW_COMBO_ROW (buyer), i);
    }
  {
    g_autoptr(MpCartLine) second = g_list_model_get_item (G_LIST_MODEL (cart), 1);
    g_autoptr(MpCartLine) third = g_list_model_get_item (G_LIST_MODEL (cart), 2);
    g_autoptr(MpCartLine) first = g_list_model_get_item (G_LIST_MODEL (cart), 0);

    g_assert_null (mp_cart_line_get_customer_id (first));
    g_assert_cmpstr (mp_cart_line_get_customer_name (second), ==, "Acme Corporation");
    g_assert_cmpstr (mp_cart_line_get_customer_name (third), ==, "Acme Corporation");
    g_assert_cmpint (mp_cart_line_get_quantity (first, "IDS-R-USERS"), ==, 25);
  }
  /* Each line's price and the subtotal, before any check-out. */
  assert_cart_prices (fixture, window, FALSE);
  render (GTK_WIDGET (window), "cart.png");

  /* The cart's amounts say their range too, and keep an out-of-range one
   * out of the cart and the check-out.
   */
  {
    GtkWidget *spin = find_named (GTK_WIDGET (lines), "IDS-R-USERS");
    GtkWidget *row = gtk_widget_get_ancestor (spin, ADW_TYPE_ACTION_ROW);
    g_autoptr(MpCartLine) first = g_list_model_get_item (G_LIST_MODEL (cart), 0);

    g_assert_true (label_contains (row, "Allowed: "));
    gtk_editable_set_text (GTK_EDITABLE (spin), "99999999999");
    gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
    g_assert_true (label_contains (row, "At most "));
    g_assert_cmpint (mp_cart_line_get_quantity (first, "IDS-R-USERS"), ==, 25);
    g_assert_false (gtk_widget_is_sensitive (child (window, "primary_button")));
    gtk_editable_set_text (GTK_EDITABLE (spin), "25");
    gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
    g_assert_false (label_contains (row, "At most "));
    g_assert_true (gtk_widget_is_sensitive (child (window, "primary_button")));
  }

  /* Check Out: every line estimated, every plan's terms asked for. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.check-out", NULL));
  MP_WAIT_UNTIL (g_strcmp0 (mp_cart_window_get_page (window), "checkout") == 0, TIMEOUT_MS);
  drafts = mp_cart_window_get_drafts (window);
  g_assert_cmpuint (g_list_model_get_n_items (drafts), ==, 3);
  /* The prices and the total come before the terms are accepted; nothing
   * can be placed before.
   */
  assert_cart_prices (fixture, window, TRUE);
  g_assert_false (gtk_widget_is_sensitive (child (window, "primary_button")));
  render (GTK_WIDGET (window), "cart-checkout-terms.png");
  assert_checkout_scrolls_as_one (window);
  /* On an 800x600 screen: narrower, and still nothing cut off. */
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  MP_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (window)) <= 600, TIMEOUT_MS);
  render (GTK_WIDGET (window), "cart-checkout-terms-small.png");
  assert_checkout_scrolls_as_one (window);
  gtk_window_set_default_size (GTK_WINDOW (window), 720, 680);
  {
    guint n_steps = 0;

    for (GtkWidget *w = gtk_widget_get_first_child (child (window, "checkout_box")); w != NULL; w = gtk_widget_get_next_sibling (w))
      if (MP_IS_TERMS_STEP (w))
        {
          MpOrderDraft *draft = mp_terms_step_get_draft (MP_TERMS_STEP (w));
          GListModel *terms = mp_plan_get_terms (mp_order_draft_get_plan (draft));

          n_steps++;
          for (guint i = 0; i < g_list_model_get_n_items (terms); i++)
            {
              g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);

              gtk_check_button_set_active (mp_terms_step_get_check (MP_TERMS_STEP (w), mp_terms_get_id (t)), TRUE);
            }
        }
    g_assert_cmpuint (n_steps, ==, 3);
  }
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MpOrderDraft) draft = g_list_model_get_item (drafts, i);

      MP_WAIT_UNTIL (mp_order_draft_get_total (draft) != NULL, TIMEOUT_MS);
    }
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
  g_assert_true (label_contains (child (window, "action_bar"), "Total"));
  render (GTK_WIDGET (window), "cart-checkout.png");
  assert_checkout_scrolls_as_one (window);

  /* Place Orders: one by one, then followed together. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.place-orders", NULL));
  MP_WAIT_UNTIL (g_strcmp0 (mp_cart_window_get_page (window), "provisioning") == 0, TIMEOUT_MS);
  orders = mp_cart_window_get_orders (window);
  g_assert_cmpuint (g_list_model_get_n_items (orders), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 0);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (orders, i);

      MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
      g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
      g_assert_nonnull (mp_order_get_subscription_id (order));
    }
  {
    g_autoptr(MpOrder) first = g_list_model_get_item (orders, 0);
    g_autoptr(MpOrder) second = g_list_model_get_item (orders, 1);
    g_autoptr(MpOrder) third = g_list_model_get_item (orders, 2);

    g_assert_cmpstr (mp_order_get_customer_id (second), ==, mp_order_get_customer_id (third));
    g_assert_cmpstr (mp_order_get_customer_id (first), !=, mp_order_get_customer_id (second));
    g_assert_cmpstr (mp_order_get_plan_id (first), ==, "100");
  }
  /* The journal holds each of them, for its customer and plan, completed
   * (the first is the reseller's own purchase: no customer).
   */
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (orders, i);
      MpJournalEntry *entry = mp_journal_lookup_order (mp_session_get_journal (fixture->session),
                                                       mp_order_get_id (order));

      g_assert_nonnull (entry);
      g_assert_cmpint (mp_journal_entry_get_event (entry), ==, MP_JOURNAL_EVENT_PLACED);
      if (i == 0)
        g_assert_null (mp_journal_entry_get_customer_id (entry));
      else
        g_assert_cmpstr (mp_journal_entry_get_customer_id (entry), ==, mp_order_get_customer_id (order));
      g_assert_cmpstr (mp_journal_entry_get_plan_id (entry), ==, mp_order_get_plan_id (order));
      MP_WAIT_UNTIL (mp_journal_entry_get_status (entry) == MP_ORDER_STATUS_COMPLETED, TIMEOUT_MS);
    }
  render (GTK_WIDGET (window), "cart-provisioned.png");
}

/* The cart survives a restart: a new session and new widgets read it back
 * from the file, which holds no secret.
 */
static void
test_cart_restored (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *page = show_storefront (fixture);
  MpCart *cart;
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  MpCartWindow *window;
  GtkWidget *button;

  MP_WAIT_UNTIL (mp_cart_get_loaded (fixture_cart (fixture)), TIMEOUT_MS);
  cart = fixture_cart (fixture);
  choose_category (page, "Cloud Management Services");
  open_product (page, "idsync");
  select_plan (page, "100");
  set_spin (page, "IDS-R-USERS", 7);
  add_to_cart (page);
  select_plan (page, "101");
  set_spin (page, "IDS-C-USERS", 3);
  add_to_cart (page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (cart)) == 2 && !mp_cart_get_saving (cart), TIMEOUT_MS);

  path = mp_cart_get_path (cart);
  g_assert_true (g_str_has_prefix (path, g_get_user_data_dir ()));
  g_assert_true (g_str_has_suffix (path, "/market-panel/carts/US-demo-reseller.json"));
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "IDS-R-USERS"));
  g_assert_null (strstr (contents, RESELLER_PW));
  g_assert_null (strstr (contents, KEY));

  /* "Restart": forget everything in memory, sign in again. */
  gtk_window_set_child (fixture->window, NULL);
  mp_session_close (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->client);
  mp_cart_forget_all ();
  fixture->client = login (fixture, "US", RESELLER, RESELLER_PW);
  fixture->session = mp_session_new (fixture->client);

  button = mp_cart_button_new (fixture->session);
  show_page (fixture, button);
  MP_WAIT_UNTIL (label_contains (button, "2"), TIMEOUT_MS);
  g_signal_emit_by_name (find_widget (button, GTK_TYPE_BUTTON), "clicked");
  MP_WAIT_UNTIL ((window = find_toplevel (MP_TYPE_CART_WINDOW)) != NULL, TIMEOUT_MS);
  MP_WAIT_UNTIL (count_rows (child (window, "lines_list")) == 2, TIMEOUT_MS);
  {
    g_autoptr(MpCartLine) first = g_list_model_get_item (G_LIST_MODEL (fixture_cart (fixture)), 0);

    g_assert_cmpstr (mp_cart_line_get_plan_id (first), ==, "100");
    g_assert_cmpint (mp_cart_line_get_quantity (first, "IDS-R-USERS"), ==, 7);
  }

  /* Removing a line (its trash button) is saved too. */
  {
    g_autoptr(MpCartLine) first = g_list_model_get_item (G_LIST_MODEL (fixture_cart (fixture)), 0);
    GtkWidget *remove = find_named (child (window, "lines_list"), "remove");

    g_assert_nonnull (remove);
    g_assert_true (mp_cart_line_row_get_line (MP_CART_LINE_ROW (gtk_widget_get_ancestor (remove, MP_TYPE_CART_LINE_ROW))) == first);
    g_signal_emit_by_name (remove, "clicked");
  }
  MP_WAIT_UNTIL (count_rows (child (window, "lines_list")) == 1, TIMEOUT_MS);
  MP_WAIT_UNTIL (!mp_cart_get_saving (fixture_cart (fixture)), TIMEOUT_MS);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_null (strstr (contents, "IDS-R-USERS"));
  g_assert_nonnull (strstr (contents, "IDS-C-USERS"));
}

/* The region switch: the UK marketplace, its currency and its catalogue,
 * with a session the registry opens with the same login (the page is given
 * no password); switching back leaves it open, with its orders.
 */
static void
test_region_switch (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *page = show_storefront (fixture);
  GtkDropDown *regions = child (page, "region_dropdown");
  GListModel *labels;
  guint uk = G_MAXUINT;
  g_autofree char *marketplace = NULL;
  g_autofree char *order_id = NULL;
  MpSession *uk_session;

  MP_WAIT_UNTIL ((labels = gtk_drop_down_get_model (regions)) != NULL && g_list_model_get_n_items (labels) >= 3,
                 TIMEOUT_MS);
  MP_WAIT_UNTIL (label_contains (page, "Prices in USD"), TIMEOUT_MS);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    {
      const char *text = gtk_string_list_get_string (GTK_STRING_LIST (labels), i);

      if (strstr (text, "GBP") != NULL)
        {
          uk = i;
          /* The flag of the United Kingdom, from its country code. */
          g_assert_nonnull (strstr (text, "\xF0\x9F\x87\xAC\xF0\x9F\x87\xA7"));
        }
    }
  g_assert_cmpuint (uk, !=, G_MAXUINT);

  choose_category (page, "Cloud Management Services");
  open_product (page, "idsync");
  select_plan (page, "100");
  MP_WAIT_UNTIL (label_contains (child (page, "resources_group"), "$"), TIMEOUT_MS);

  gtk_drop_down_set_selected (regions, uk);
  MP_WAIT_UNTIL (label_contains (page, "Prices in GBP"), TIMEOUT_MS);
  g_object_get (page, "marketplace", &marketplace, NULL);
  g_assert_cmpstr (marketplace, ==, "UK");
  uk_session = mp_session_registry_lookup (sessions, "UK");
  g_assert_nonnull (uk_session);
  g_assert_true (uk_session != fixture->session);
  g_assert_cmpstr (mp_client_get_user (mp_session_get_client (uk_session)), ==, RESELLER);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_registry_get_sessions (sessions)), ==, 2);

  /* The catalogue reloads from the UK marketplace, in pounds. */
  MP_WAIT_UNTIL (g_strcmp0 (content (page), "products") == 0, TIMEOUT_MS);
  open_product (page, "idsync");
  select_plan (page, "100");
  MP_WAIT_UNTIL (label_contains (child (page, "resources_group"), "£"), TIMEOUT_MS);
  g_assert_false (label_contains (child (page, "resources_group"), "$"));
  render (GTK_WIDGET (fixture->window), "storefront-uk.png");

  /* The UK cart is another cart. */
  add_to_cart (page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (mp_cart_get ("UK", RESELLER))) == 1, TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture_cart (fixture))), ==, 0);
  MP_WAIT_UNTIL (!mp_cart_get_saving (mp_cart_get ("UK", RESELLER)), TIMEOUT_MS);

  /* It checks out on the UK marketplace, in pounds. */
  {
    MpCartWindow *window;
    GListModel *drafts;
    g_autoptr(MpOrderDraft) draft = NULL;
    g_autoptr(MpOrder) order = NULL;

    g_assert_true (gtk_widget_activate_action (page, "store.view-cart", NULL));
    MP_WAIT_UNTIL ((window = find_toplevel (MP_TYPE_CART_WINDOW)) != NULL, TIMEOUT_MS);
    MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.check-out", NULL));
    drafts = mp_cart_window_get_drafts (window);
    draft = g_list_model_get_item (drafts, 0);
    accept_all_terms (window);
    MP_WAIT_UNTIL (mp_order_draft_get_total (draft) != NULL, TIMEOUT_MS);
    g_assert_cmpstr (mp_order_draft_get_total (draft)->currency, ==, "GBP");
    MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.place-orders", NULL));
    MP_WAIT_UNTIL (g_strcmp0 (mp_cart_window_get_page (window), "provisioning") == 0, TIMEOUT_MS);
    order = g_list_model_get_item (mp_cart_window_get_orders (window), 0);
    MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
    g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
    g_assert_cmpstr (mp_order_get_total (order)->currency, ==, "GBP");
    order_id = g_strdup (mp_order_get_id (order));
    gtk_window_destroy (GTK_WINDOW (window));
  }

  /* And back: the UK session stays open, and knows its order. */
  gtk_drop_down_set_selected (regions, 0);
  MP_WAIT_UNTIL (label_contains (page, "Prices in USD"), TIMEOUT_MS);
  g_assert_true (mp_session_registry_lookup (sessions, "UK") == uk_session);
  g_assert_nonnull (mp_session_lookup_order (uk_session, order_id));
  g_assert_true (mp_session_registry_lookup_order (sessions, order_id) == uk_session);

  /* To the UK again: the same session, no second sign-in. */
  gtk_drop_down_set_selected (regions, uk);
  MP_WAIT_UNTIL (label_contains (page, "Prices in GBP"), TIMEOUT_MS);
  g_assert_true (mp_session_registry_lookup (sessions, "UK") == uk_session);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_registry_get_sessions (sessions)), ==, 2);
}

/* A login that cannot be reused (the main client holds no password): the
 * storefront asks once for the other region's password and subscription
 * key, and hands them to the registry, which signs in there.
 */
static void
test_region_asks_secrets (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *base = mp_test_server_get_base_url (fixture->server, "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", RESELLER, NULL, KEY);
  g_autoptr(MpSession) session = mp_session_new (client);
  GtkWidget *page;
  GtkDropDown *regions;
  GListModel *labels;
  AdwMessageDialog *dialog;
  GtkWidget *password;
  GtkWidget *key;
  MpSession *uk_session;
  guint uk = G_MAXUINT;

  g_clear_object (&sessions);
  sessions = mp_session_registry_new ();
  mp_session_registry_sign_in (sessions, session);
  page = mp_storefront_page_new (sessions);
  show_page (fixture, page);
  regions = child (page, "region_dropdown");
  MP_WAIT_UNTIL ((labels = gtk_drop_down_get_model (regions)) != NULL && g_list_model_get_n_items (labels) >= 3,
                 TIMEOUT_MS);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (strstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), "GBP") != NULL)
      uk = i;
  g_assert_cmpuint (uk, !=, G_MAXUINT);

  /* Cancelled: the storefront stays in the US. */
  gtk_drop_down_set_selected (regions, uk);
  MP_WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, TIMEOUT_MS);
  adw_message_dialog_response (dialog, "cancel");
  gtk_window_close (GTK_WINDOW (dialog));
  MP_WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, TIMEOUT_MS);
  g_assert_cmpuint (gtk_drop_down_get_selected (regions), !=, uk);
  g_assert_null (mp_session_registry_lookup (sessions, "UK"));

  /* Asked again, and answered. */
  gtk_drop_down_set_selected (regions, uk);
  MP_WAIT_UNTIL ((dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG)) != NULL, TIMEOUT_MS);
  g_assert_null (mp_session_registry_lookup (sessions, "UK"));
  password = gtk_widget_get_first_child (adw_message_dialog_get_extra_child (dialog));
  key = gtk_widget_get_next_sibling (password);
  g_assert_true (GTK_IS_PASSWORD_ENTRY (password) && GTK_IS_PASSWORD_ENTRY (key));
  gtk_editable_set_text (GTK_EDITABLE (password), RESELLER_PW);
  gtk_editable_set_text (GTK_EDITABLE (key), KEY);
  /* As Enter in the key's entry does: the response, then the dialog
   * closes, with the focus in a password entry (which GTK 4.8 does not
   * survive unless the focus is taken away first).
   */
  gtk_widget_grab_focus (key);
  adw_message_dialog_response (dialog, "sign-in");
  gtk_window_close (GTK_WINDOW (dialog));
  MP_WAIT_UNTIL (find_toplevel (ADW_TYPE_MESSAGE_DIALOG) == NULL, TIMEOUT_MS);

  MP_WAIT_UNTIL (label_contains (page, "Prices in GBP"), TIMEOUT_MS);
  uk_session = mp_session_registry_lookup (sessions, "UK");
  g_assert_nonnull (uk_session);
  g_assert_cmpstr (mp_client_get_user (mp_session_get_client (uk_session)), ==, RESELLER);
  g_assert_nonnull (mp_client_get_account (mp_session_get_client (uk_session)));
  MP_WAIT_UNTIL (g_strcmp0 (content (page), "products") == 0 || g_strcmp0 (content (page), "empty") == 0,
                 TIMEOUT_MS);
}

/* A line whose provisioning fails shows its error among the others. */
static void
test_cart_failed_order (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *button = mp_cart_button_new (fixture->session);
  MpCart *cart = fixture_cart (fixture);
  g_autoptr(MpPeriod) month = mp_period_new ("month", 1);
  g_autoptr(MpCartLine) good = mp_cart_line_new ("100", "IDSync - Connector for Resellers", month);
  g_autoptr(MpCartLine) bad = mp_cart_line_new ("170", "Legacy Mail Archive", month);
  MpCartWindow *window;
  GListModel *drafts;

  show_page (fixture, button);
  MP_WAIT_UNTIL (mp_cart_get_loaded (cart), TIMEOUT_MS);
  mp_cart_line_set_quantity (good, "IDS-R-USERS", 3);
  mp_cart_add_line (cart, good);
  mp_cart_add_line (cart, bad);
  MP_WAIT_UNTIL (label_contains (button, "2"), TIMEOUT_MS);

  g_signal_emit_by_name (find_widget (button, GTK_TYPE_BUTTON), "clicked");
  MP_WAIT_UNTIL ((window = find_toplevel (MP_TYPE_CART_WINDOW)) != NULL, TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.check-out", NULL));
  drafts = mp_cart_window_get_drafts (window);
  accept_all_terms (window);
  for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
    {
      g_autoptr(MpOrderDraft) draft = g_list_model_get_item (drafts, i);

      MP_WAIT_UNTIL (mp_order_draft_get_total (draft) != NULL, TIMEOUT_MS);
    }
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.place-orders", NULL));
  MP_WAIT_UNTIL (g_strcmp0 (mp_cart_window_get_page (window), "provisioning") == 0, TIMEOUT_MS);
  {
    g_autoptr(MpOrder) first = g_list_model_get_item (mp_cart_window_get_orders (window), 0);
    g_autoptr(MpOrder) second = g_list_model_get_item (mp_cart_window_get_orders (window), 1);

    MP_WAIT_UNTIL (mp_order_get_final (first) && mp_order_get_final (second), TIMEOUT_MS);
    g_assert_cmpint (mp_order_get_status (first), ==, MP_ORDER_STATUS_COMPLETED);
    g_assert_cmpint (mp_order_get_status (second), ==, MP_ORDER_STATUS_ERROR);
    MP_WAIT_UNTIL (label_contains (child (window, "orders_group"), mp_order_get_error_message (second)), TIMEOUT_MS);
  }
}

/* The IDs of the orders on the server, as the fixture's own client lists them. */
static GHashTable *
order_ids (Fixture *fixture)
{
  g_autoptr(MpPagedList) orders = mp_client_list_orders (fixture->client, NULL, NULL, NULL);
  GHashTable *ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  mp_test_ui_wait_list (orders);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (orders)); i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (orders), i);

      g_hash_table_add (ids, g_strdup (mp_order_get_id (order)));
    }
  g_assert_cmpuint (g_hash_table_size (ids), ==, mp_paged_list_get_total (orders));
  return ids;
}

/* A request has reached the (stopped) server: the kernel holds bytes of
 * it that the server has not read, on a connection to its port.
 */
static gboolean
server_has_unread_request (Fixture *fixture)
{
  const char *url = mp_test_server_get_url (fixture->server);
  guint port = (guint) g_ascii_strtoull (strrchr (url, ':') + 1, NULL, 10);
  g_autofree char *table = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (g_file_get_contents ("/proc/net/tcp", &table, NULL, NULL));
  lines = g_strsplit (table, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)
    {
      unsigned int local_port = 0, state = 0;
      unsigned long tx = 0, rx = 0;

      /* "  sl  local_address rem_address   st tx_queue:rx_queue ..." */
      if (sscanf (lines[i], " %*u: %*x:%x %*x:%*x %x %lx:%lx", &local_port, &state, &tx, &rx) == 4 &&
          local_port == port && state == 0x01 && rx > 0)
        return TRUE;
    }
  return FALSE;
}

/* One line for the reseller itself in the cart, its window open on the cart page. */
static MpCartWindow *
open_cart_with_one_line (Fixture *fixture)
{
  GtkWidget *button = mp_cart_button_new (fixture->session);
  MpCart *cart = fixture_cart (fixture);
  g_autoptr(MpPeriod) month = mp_period_new ("month", 1);
  g_autoptr(MpCartLine) line = mp_cart_line_new ("100", "IDSync - Connector for Resellers", month);
  MpCartWindow *window;

  show_page (fixture, button);
  MP_WAIT_UNTIL (mp_cart_get_loaded (cart), TIMEOUT_MS);
  mp_cart_line_set_quantity (line, "IDS-R-USERS", 4);
  mp_cart_add_line (cart, line);
  MP_WAIT_UNTIL (label_contains (button, "1"), TIMEOUT_MS);
  g_signal_emit_by_name (find_widget (button, GTK_TYPE_BUTTON), "clicked");
  MP_WAIT_UNTIL ((window = find_toplevel (MP_TYPE_CART_WINDOW)) != NULL, TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
  return window;
}

/* Check Out, the terms ticked, the estimates on their way; Back and Check
 * Out again before they arrive. The first check-out's estimates then come
 * back after its widgets are gone: they must not write into them (an
 * invalid read in gtk_label_set_text from estimate_cb under valgrind or the
 * sanitizer, before the check-out was a view of MpPurchase).
 */
static void
test_checkout_back_again (Fixture       *fixture,
                          gconstpointer  data)
{
  MpCartWindow *window = open_cart_with_one_line (fixture);
  GListModel *drafts;
  g_autoptr(GPtrArray) first = g_ptr_array_new_with_free_func (g_object_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.check-out", NULL));
  MP_WAIT_UNTIL (g_strcmp0 (mp_cart_window_get_page (window), "checkout") == 0, TIMEOUT_MS);
  drafts = mp_cart_window_get_drafts (window);
  for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
    g_ptr_array_add (first, g_list_model_get_item (drafts, i));
  g_assert_cmpuint (first->len, ==, 1);
  accept_all_terms (window);
  /* No main-loop turn in between: the estimate cannot have arrived. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.back", NULL));
  g_assert_cmpstr (mp_cart_window_get_page (window), ==, "cart");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.check-out", NULL));
  g_assert_cmpstr (mp_cart_window_get_page (window), ==, "checkout");

  /* Every estimate of the first check-out has come back (or was dropped). */
  for (guint i = 0; i < first->len; i++)
    MP_WAIT_UNTIL (!mp_order_draft_get_estimating (g_ptr_array_index (first, i)), TIMEOUT_MS);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  /* The check-out shown works: a price, and Place Orders once the terms are ticked. */
  accept_all_terms (window);
  drafts = mp_cart_window_get_drafts (window);
  for (guint i = 0; i < g_list_model_get_n_items (drafts); i++)
    {
      g_autoptr(MpOrderDraft) draft = g_list_model_get_item (drafts, i);

      MP_WAIT_UNTIL (mp_order_draft_get_total (draft) != NULL, TIMEOUT_MS);
    }
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
  g_assert_true (label_contains (child (window, "action_bar"), "Total"));
}

/* Place Orders, and the window is closed before the answer comes: the
 * order the server made is followed by the session and its line leaves
 * the cart. Before, closing cancelled the request, the line stayed, and
 * placing it again made a second order.
 */
static void
test_close_while_placing (Fixture       *fixture,
                          gconstpointer  data)
{
  MpCartWindow *window = open_cart_with_one_line (fixture);
  MpCart *cart = fixture_cart (fixture);
  g_autoptr(GHashTable) before = order_ids (fixture);
  g_autoptr(GHashTable) after = NULL;
  GHashTableIter iter;
  const char *id;
  guint n_new = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.check-out", NULL));
  MP_WAIT_UNTIL (g_strcmp0 (mp_cart_window_get_page (window), "checkout") == 0, TIMEOUT_MS);
  accept_all_terms (window);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);

  /* The server gets the order but cannot answer before the window closes. */
  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGSTOP), ==, 0);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.place-orders", NULL));
  MP_WAIT_UNTIL (server_has_unread_request (fixture), TIMEOUT_MS);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  gtk_window_close (GTK_WINDOW (window));
  MP_WAIT_UNTIL (find_toplevel (MP_TYPE_CART_WINDOW) == NULL, TIMEOUT_MS);
  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGCONT), ==, 0);

  /* The answer is not lost on the way: the line leaves the cart. */
  MP_WAIT_UNTIL (g_list_model_get_n_items (G_LIST_MODEL (cart)) == 0, TIMEOUT_MS);
  after = order_ids (fixture);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before) + 1);
  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, (gpointer *) &id, NULL))
    if (!g_hash_table_contains (before, id))
      {
        n_new++;
        /* Followed by the session, as if the window had stayed open. */
        g_assert_nonnull (mp_session_lookup_order (fixture->session, id));
      }
  g_assert_cmpuint (n_new, ==, 1);

  /* Nothing is left to place again: the cart opens empty. */
  g_signal_emit_by_name (find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON), "clicked");
  MP_WAIT_UNTIL ((window = find_toplevel (MP_TYPE_CART_WINDOW)) != NULL, TIMEOUT_MS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (child (window, "cart_stack")), ==, "empty");
  g_assert_false (gtk_widget_is_sensitive (child (window, "primary_button")));
  g_clear_pointer (&after, g_hash_table_unref);
  after = order_ids (fixture);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before) + 1);
}

static void
store_place_purchase_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  MpOrder **order = user_data;
  g_autoptr(GError) error = NULL;

  *order = mp_purchase_place_finish (MP_PURCHASE (object), result, &error);
  g_assert_no_error (error);
}

/* The application stopped just after a line's order was placed, before
 * the line left the cart: the cart file still has the line, with its
 * idempotency key. Checking it out again finds that order (by the key)
 * and orders nothing twice.
 */
static void
test_placed_before_restart (Fixture       *fixture,
                            gconstpointer  data)
{
  MpCart *cart = fixture_cart (fixture);
  g_autoptr(MpPlan) plan = fetch_plan (fixture, "100");
  g_autoptr(MpPeriod) month = mp_period_new ("month", 1);
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new ();
  g_autoptr(MpPurchase) purchase = NULL;
  g_autoptr(MpOrder) placed = NULL;
  g_autoptr(MpCartLine) line = mp_cart_line_new ("100", "IDSync - Connector for Resellers", month);
  g_autoptr(GHashTable) before = NULL;
  g_autoptr(GHashTable) after = NULL;
  GtkWidget *button = mp_cart_button_new (fixture->session);
  GListModel *terms = mp_plan_get_terms (plan);
  MpCartWindow *window;
  MpOrder *order;

  /* The order as the application placed it before it stopped. */
  mp_order_draft_set_plan (draft, plan);
  mp_order_draft_set_period (draft, month);
  mp_order_draft_set_quantity (draft, "IDS-R-USERS", 4);
  for (guint i = 0; i < g_list_model_get_n_items (terms); i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);

      mp_order_draft_set_terms_accepted (draft, mp_terms_get_id (t), TRUE);
    }
  purchase = mp_purchase_new (fixture->client, draft);
  mp_purchase_place_async (purchase, NULL, store_place_purchase_cb, &placed);
  MP_WAIT_UNTIL (placed != NULL, TIMEOUT_MS);
  before = order_ids (fixture);

  /* Its line, still in the cart file, with the purchase's key. */
  show_page (fixture, button);
  MP_WAIT_UNTIL (mp_cart_get_loaded (cart), TIMEOUT_MS);
  mp_cart_line_set_quantity (line, "IDS-R-USERS", 4);
  mp_cart_line_set_idempotency_key (line, mp_purchase_get_idempotency_key (purchase));
  mp_cart_add_line (cart, line);
  MP_WAIT_UNTIL (!mp_cart_get_saving (cart), TIMEOUT_MS);
  {
    g_autofree char *path = mp_cart_get_path (cart);
    g_autofree char *contents = NULL;

    g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
    g_assert_nonnull (strstr (contents, mp_purchase_get_idempotency_key (purchase)));
  }

  g_signal_emit_by_name (find_widget (button, GTK_TYPE_BUTTON), "clicked");
  MP_WAIT_UNTIL ((window = find_toplevel (MP_TYPE_CART_WINDOW)) != NULL, TIMEOUT_MS);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.check-out", NULL));
  {
    g_autoptr(MpOrderDraft) again = g_list_model_get_item (mp_cart_window_get_drafts (window), 0);

    /* The same key, so the same order. */
    g_assert_cmpstr (mp_order_draft_get_idempotency_key (again), ==, mp_purchase_get_idempotency_key (purchase));
  }
  accept_all_terms (window);
  MP_WAIT_UNTIL (gtk_widget_is_sensitive (child (window, "primary_button")), TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "cart.place-orders", NULL));
  MP_WAIT_UNTIL (g_strcmp0 (mp_cart_window_get_page (window), "provisioning") == 0, TIMEOUT_MS);
  order = g_list_model_get_item (mp_cart_window_get_orders (window), 0);
  g_assert_cmpstr (mp_order_get_id (order), ==, mp_order_get_id (placed));
  g_object_unref (order);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (cart)), ==, 0);
  after = order_ids (fixture);
  g_assert_cmpuint (g_hash_table_size (after), ==, g_hash_table_size (before));
}

/* The storefront's search looks through the whole catalogue (a plan of
 * another category than the one chosen); an empty search shows the
 * chosen category again, and choosing a category ends a search. Ctrl+F
 * (mp_a11y_focus_search) puts the focus in it.
 */
static void
test_search (Fixture       *fixture,
             gconstpointer  data)
{
  GtkWidget *page = show_storefront (fixture);
  GtkWidget *products = child (page, "products_group");
  GtkEditable *search = child (page, "search_entry");

  choose_category (page, "Cloud Management Services");
  MP_WAIT_UNTIL (find_named (products, "idsync") != NULL, TIMEOUT_MS);
  g_assert_null (find_named (products, "tsp-db"));

  g_assert_true (mp_a11y_focus_search (GTK_WIDGET (gtk_widget_get_root (page))));
  g_assert_true (gtk_widget_has_focus (GTK_WIDGET (search)) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (page)), GTK_WIDGET (search)));
  gtk_editable_set_text (search, "tailspin docs");
  MP_WAIT_UNTIL (find_named (products, "tsp-db") != NULL, TIMEOUT_MS);
  g_assert_null (find_named (products, "idsync"));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (products)), ==,
                   "Results for “tailspin docs”");

  gtk_editable_set_text (search, "");
  MP_WAIT_UNTIL (find_named (products, "idsync") != NULL, TIMEOUT_MS);
  g_assert_null (find_named (products, "tsp-db"));
  g_assert_cmpstr (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (products)), ==,
                   "Cloud Management Services");

  /* A click on the chosen category (it is activated, not selected again). */
  gtk_editable_set_text (search, "tailspin docs");
  MP_WAIT_UNTIL (find_named (products, "tsp-db") != NULL, TIMEOUT_MS);
  g_signal_emit_by_name (child (page, "category_list"), "row-activated",
                         gtk_list_box_get_selected_row (GTK_LIST_BOX (child (page, "category_list"))));
  MP_WAIT_UNTIL (find_named (products, "idsync") != NULL, TIMEOUT_MS);
  g_assert_cmpstr (gtk_editable_get_text (search), ==, "");
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/ui/store/cart-checkout", Fixture, NULL, setup_store, test_cart_checkout, teardown_store);
  g_test_add ("/ui/store/cart-restored", Fixture, NULL, setup_store, test_cart_restored, teardown_store);
  g_test_add ("/ui/store/cart-failed-order", Fixture, NULL, setup_store, test_cart_failed_order, teardown_store);
  g_test_add ("/ui/store/checkout-back-again", Fixture, NULL, setup_store, test_checkout_back_again, teardown_store);
  g_test_add ("/ui/store/close-while-placing", Fixture, NULL, setup_store, test_close_while_placing, teardown_store);
  g_test_add ("/ui/store/placed-before-restart", Fixture, NULL, setup_store, test_placed_before_restart, teardown_store);
  g_test_add ("/ui/store/search", Fixture, NULL, setup_store, test_search, teardown_store);
  g_test_add ("/ui/store/region-switch", Fixture, NULL, setup_store, test_region_switch, teardown_store);
  g_test_add ("/ui/store/region-asks-secrets", Fixture, NULL, setup_store, test_region_asks_secrets,
              teardown_store);

  return g_test_run ();
}
