/* test-overview.c: who owns what and what it pays, against the real server:
 * My/All Subscriptions with the owner filter, the Customers list's Seats
 * and Monthly Total, the customer page's revenue, the reseller overview.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-bar-chart.h"
#include "mp-customer-page.h"
#include "mp-customers-page.h"
#include "mp-list-page.h"
#include "mp-overview-page.h"
#include "mp-subscriptions-page.h"
#include "mp-test-ui.h"

/* Acme Corporation and its Fabrikam Office Standard (FAB-OS-USER 40). */
#define ACME_ID "1000001"
#define ACME_FABRIKAM_ID "1000102"

/* What one owner has and pays, computed here from the unit prices of the
 * subscriptions' lines as the client lists them (not from their total
 * prices, nor from anything the screens compute).
 */
typedef struct
{
  guint   n_subscriptions;
  gint64  seats;
  gint64  monthly;    /* minor units */
  char    currency[4];
} Owner;

typedef struct
{
  GHashTable *owners;        /* customer ID -> Owner */
  GPtrArray  *subscriptions; /* every subscription of the account */
  guint       n_renewing;    /* still billed, renewing this month */
} Expected;

static gboolean
billed (MpSubscription *subscription)
{
  const char *status = mp_subscription_get_status (subscription);

  return g_strcmp0 (status, "terminated") != 0 && g_strcmp0 (status, "removed") != 0;
}

/* The term's price of SUBSCRIPTION from its lines: the units above those
 * included, at the unit price; one-time lines left out.
 */
static gint64
term_price (MpSubscription *subscription,
            char            currency[4])
{
  GListModel *lines = mp_subscription_get_resources (subscription);
  gint64 sum = 0;

  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      const MpMoney *unit = mp_subscription_resource_get_unit_price (line);

      if (unit == NULL || mp_subscription_resource_get_one_time (line))
        continue;
      g_strlcpy (currency, unit->currency, 4);
      sum += MAX (0, mp_subscription_resource_get_quantity (line) - mp_subscription_resource_get_included (line))
             * unit->minor;
    }
  return sum;
}

/* A / B rounded half away from zero. */
static gint64
divide_rounded (gint64 a,
                gint64 b)
{
  gint64 magnitude = (ABS (a) * 2 + b) / (2 * b);

  return a < 0 ? -magnitude : magnitude;
}

static void
expected_clear (Expected *expected)
{
  g_clear_pointer (&expected->owners, g_hash_table_unref);
  g_clear_pointer (&expected->subscriptions, g_ptr_array_unref);
}

static void
expected_init (Expected *expected,
               Fixture  *fixture)
{
  g_autoptr(MpPagedList) list = mp_client_list_subscriptions (fixture->client, NULL, NULL);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *month = g_date_time_format (now, "%Y-%m");

  mp_test_ui_wait_list (list);
  expected->owners = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  expected->subscriptions = g_ptr_array_new_with_free_func (g_object_unref);
  expected->n_renewing = 0;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (G_LIST_MODEL (list), i);
      const char *id = mp_subscription_get_customer_id (subscription);
      const char *renewal = mp_subscription_get_renewal_date (subscription);
      Owner *owner = g_hash_table_lookup (expected->owners, id);
      GListModel *lines = mp_subscription_get_resources (subscription);
      char currency[4] = "";
      gint64 term;

      g_ptr_array_add (expected->subscriptions, g_object_ref (subscription));
      if (owner == NULL)
        {
          owner = g_new0 (Owner, 1);
          g_hash_table_insert (expected->owners, g_strdup (id), owner);
        }
      owner->n_subscriptions++;
      if (!billed (subscription))
        continue;
      if (renewal != NULL && g_str_has_prefix (renewal, month))
        expected->n_renewing++;
      for (guint j = 0; j < g_list_model_get_n_items (lines); j++)
        {
          g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, j);

          if (!mp_subscription_resource_get_one_time (line))
            owner->seats += mp_subscription_resource_get_quantity (line);
        }
      term = term_price (subscription, currency);
      owner->monthly += divide_rounded (term, mp_test_ui_term_months (subscription));
      memcpy (owner->currency, currency, 4);
    }
}

static Owner *
owner_of (Expected   *expected,
          const char *id)
{
  Owner *owner = g_hash_table_lookup (expected->owners, id);

  g_assert_nonnull (owner);
  return owner;
}

static const char *
own_id (Fixture *fixture)
{
  const char *id = mp_account_get_id (mp_session_get_account (fixture->session));

  g_assert_nonnull (id);
  return id;
}

static char *
count_text (GtkWidget *page)
{
  return g_strdup (gtk_label_get_text (child (page, "count_label")));
}

/* My Subscriptions lists the reseller's own subscriptions; All
 * Subscriptions every one, with the Owner column; the owner filter narrows
 * it; the count line says "N of M"; none of it loads the list again.
 */
static void
test_my_and_all (Fixture       *fixture,
                 gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  GListModel *model = column_model (page);
  GtkDropDown *show = child (page, "show_dropdown");
  GtkDropDown *owners = child (page, "owner_dropdown");
  GListModel *view_columns;
  g_autoptr(GtkColumnViewColumn) owner_column = NULL;
  MpListSource *list = mp_list_page_get_list (MP_LIST_PAGE (page));
  Expected expected = { NULL, };
  Owner *own, *acme;
  guint n_all, acme_index = 0;
  g_autofree char *text = NULL;

  expected_init (&expected, fixture);
  own = owner_of (&expected, own_id (fixture));
  acme = owner_of (&expected, ACME_ID);
  n_all = expected.subscriptions->len;
  g_assert_cmpuint (own->n_subscriptions, >=, 1);
  g_assert_cmpuint (own->n_subscriptions, <, n_all);

  show_page (fixture, page);
  gtk_test_accessible_assert_property (show, GTK_ACCESSIBLE_PROPERTY_LABEL, "Show");
  gtk_test_accessible_assert_property (owners, GTK_ACCESSIBLE_PROPERTY_LABEL, "Owner");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (show)));
  g_assert_cmpuint (gtk_drop_down_get_selected (show), ==, 0);

  /* My Subscriptions: the own ones only, counted as such. */
  MP_WAIT_UNTIL (!mp_list_source_get_loading (list) && g_list_model_get_n_items (model) == own->n_subscriptions,
                 TIMEOUT_MS);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (model, i);

      g_assert_cmpstr (mp_subscription_get_customer_id (subscription), ==, own_id (fixture));
    }
  text = g_strdup_printf (own->n_subscriptions == 1 ? "%u subscription" : "%u subscriptions", own->n_subscriptions);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (child (page, "count_label")), text) == 0, TIMEOUT_MS);
  g_clear_pointer (&text, g_free);
  view_columns = gtk_column_view_get_columns (child (page, "column_view"));
  owner_column = g_list_model_get_item (view_columns, 2);
  g_assert_cmpstr (gtk_column_view_column_get_title (owner_column), ==, "Owner");
  g_assert_false (gtk_column_view_column_get_visible (owner_column));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (owners)));

  /* All Subscriptions: every one, with its owner's name. */
  gtk_drop_down_set_selected (show, 1);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == n_all, TIMEOUT_MS);
  g_assert_true (gtk_column_view_column_get_visible (owner_column));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (owners)));
  text = g_strdup_printf ("%u subscriptions", n_all);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (child (page, "count_label")), text) == 0, TIMEOUT_MS);
  g_clear_pointer (&text, g_free);
  MP_WAIT_UNTIL (find_label (child (page, "column_view"), "Acme Corporation") != NULL, TIMEOUT_MS);
  g_assert_nonnull (find_label (child (page, "column_view"),
                                mp_account_get_name (mp_session_get_account (fixture->session))));
  render (GTK_WIDGET (fixture->window), "subscriptions-all.png");

  /* The owner filter: every owner, the account, then the customers. */
  MP_WAIT_UNTIL (g_list_model_get_n_items (gtk_drop_down_get_model (owners)) >= 3, TIMEOUT_MS);
  for (guint i = 0; i < g_list_model_get_n_items (gtk_drop_down_get_model (owners)); i++)
    if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (owners)), i),
                   "Acme Corporation") == 0)
      acme_index = i;
  g_assert_cmpuint (acme_index, >, 0);
  gtk_drop_down_set_selected (owners, acme_index);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == acme->n_subscriptions, TIMEOUT_MS);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (model, i);

      g_assert_cmpstr (mp_subscription_get_customer_id (subscription), ==, ACME_ID);
    }
  text = g_strdup_printf ("%u of %u subscriptions", acme->n_subscriptions, n_all);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_label_get_text (child (page, "count_label")), text) == 0, TIMEOUT_MS);
  g_clear_pointer (&text, g_free);

  /* The search narrows within the owner; the owner's name matches too. */
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "fabrikam");
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == 1, TIMEOUT_MS);
  gtk_drop_down_set_selected (owners, 0);
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "acme corp");
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == acme->n_subscriptions, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "");

  /* None of it fetched the list again: the same list, loaded once. */
  g_assert_true (mp_list_page_get_list (MP_LIST_PAGE (page)) == list);
  g_assert_false (mp_list_source_get_loading (list));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, n_all);

  /* Back to My Subscriptions. */
  gtk_drop_down_set_selected (show, 0);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == own->n_subscriptions, TIMEOUT_MS);
  g_assert_false (gtk_column_view_column_get_visible (owner_column));
  text = count_text (page);
  g_assert_false (g_str_has_suffix (text, "of 7 subscriptions"));

  expected_clear (&expected);
}

/* A customer sees its own subscriptions only: no Show choice. */
static void
test_customer_sees_own (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *page = mp_subscriptions_page_new (fixture->session);
  GListModel *model = column_model (page);
  MpListSource *list = mp_list_page_get_list (MP_LIST_PAGE (page));

  show_page (fixture, page);
  MP_WAIT_UNTIL (!mp_list_source_get_loading (list) && g_list_model_get_n_items (model) > 0 &&
                 g_list_model_get_n_items (model) == g_list_model_get_n_items (G_LIST_MODEL (list)), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (child (page, "show_dropdown")));
}

static char *
format_minor (gint64      minor,
              const char *currency)
{
  return mp_test_ui_format_cents (minor, currency);
}

/* Seats and Monthly Total per customer, against the unit prices. */
static void
test_customers_columns (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *page = mp_customers_page_new (fixture->session);
  GListModel *model = column_model (page);
  GtkWidget *view = child (page, "column_view");
  Expected expected = { NULL, };

  expected_init (&expected, fixture);
  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0 && g_list_model_get_n_items (model) >= 3, TIMEOUT_MS);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (find_button (page, "_Overview"))), ==, "win.open-overview");

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MpCustomer) customer = g_list_model_get_item (model, i);
      Owner *owner = g_hash_table_lookup (expected.owners, mp_customer_get_id (customer));
      g_autofree char *seats = NULL;
      g_autofree char *monthly = NULL;

      if (owner == NULL)
        continue;
      g_assert_cmpint (owner->monthly, >, 0);
      seats = g_strdup_printf ("%" G_GINT64_FORMAT, owner->seats);
      monthly = format_minor (owner->monthly, owner->currency);
      g_test_message ("%s: %s seats, %s a month", mp_customer_get_name (customer), seats, monthly);
      MP_WAIT_UNTIL (find_label (view, monthly) != NULL, TIMEOUT_MS);
      g_assert_nonnull (find_label (view, seats));
    }
  /* Acme: its three subscriptions, one of them yearly. */
  g_assert_cmpuint (owner_of (&expected, ACME_ID)->n_subscriptions, ==, 3);
  render (GTK_WIDGET (fixture->window), "customers.png");
  expected_clear (&expected);
}

static const char *
subtitle (GtkWidget  *page,
          const char *row)
{
  return adw_action_row_get_subtitle (child (page, row));
}

/* The customer page's monthly total, seats and change this month; a change
 * order placed now shows there as the difference of its line's price.
 */
static void
test_customer_revenue (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *page = mp_customer_page_new (fixture->session, ACME_ID);
  g_autoptr(MpSubscription) fabrikam = get_subscription (fixture, ACME_FABRIKAM_ID);
  MpSubscriptionResource *users = mp_subscription_find_resource (fabrikam, "FAB-OS-USER");
  Expected expected = { NULL, };
  Owner *acme;
  g_autofree char *monthly = NULL;
  g_autofree char *seats = NULL;
  g_autofree char *change = NULL;
  g_autofree char *money = NULL;
  g_autoptr(MpOrder) order = NULL;
  gint64 old_quantity, new_quantity, included, unit, effect;

  expected_init (&expected, fixture);
  acme = owner_of (&expected, ACME_ID);
  monthly = format_minor (acme->monthly, acme->currency);
  seats = g_strdup_printf ("%" G_GINT64_FORMAT, acme->seats);

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (subtitle (page, "monthly_row"), monthly) == 0, TIMEOUT_MS);
  g_assert_cmpstr (subtitle (page, "seats_row"), ==, seats);
  MP_WAIT_UNTIL (g_strcmp0 (subtitle (page, "change_row"), "No orders this month") == 0, TIMEOUT_MS);
  render (GTK_WIDGET (fixture->window), "customer-revenue.png");

  /* Two more users on the monthly Fabrikam Office Standard. */
  g_assert_nonnull (users);
  old_quantity = mp_subscription_resource_get_quantity (users);
  new_quantity = old_quantity + 2;
  included = mp_subscription_resource_get_included (users);
  unit = mp_subscription_resource_get_unit_price (users)->minor;
  effect = divide_rounded ((MAX (0, new_quantity - included) - MAX (0, old_quantity - included)) * unit,
                           mp_test_ui_term_months (fabrikam));
  g_assert_cmpint (effect, >, 0);
  order = mp_test_ui_place_change (fixture, ACME_FABRIKAM_ID, "FAB-OS-USER", new_quantity);
  mp_session_notify_changed (fixture->session);
  money = format_minor (effect, acme->currency);
  change = g_strdup_printf ("+%s from 1 order", money);
  MP_WAIT_UNTIL (g_strcmp0 (subtitle (page, "change_row"), change) == 0, TIMEOUT_MS);

  expected_clear (&expected);
}

static guint
count_children (GtkWidget *list)
{
  return count_rows (GTK_LIST_BOX (list));
}

/* The overview: the total across customers, the chart and its list, the
 * subscriptions renewing this month; the chart's accessible description.
 */
static void
test_overview (Fixture       *fixture,
               gconstpointer  data)
{
  GtkWidget *page = mp_overview_page_new (fixture->session);
  Expected expected = { NULL, };
  GHashTableIter iter;
  gpointer key, value;
  gint64 total = 0;
  guint n_paying = 0;
  const char *currency = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *own_text = NULL;
  g_autofree char *acme_text = NULL;
  g_autofree char *acme_bar = NULL;
  Owner *own, *acme;
  MpBarChart *chart;
  GtkListBoxRow *first;

  expected_init (&expected, fixture);
  g_hash_table_iter_init (&iter, expected.owners);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      Owner *owner = value;

      if (g_strcmp0 (key, own_id (fixture)) == 0 || owner->monthly == 0)
        continue;
      total += owner->monthly;
      currency = owner->currency;
      n_paying++;
    }
  g_assert_nonnull (currency);
  total_text = format_minor (total, currency);
  own = owner_of (&expected, own_id (fixture));
  own_text = format_minor (own->monthly, own->currency);
  acme = owner_of (&expected, ACME_ID);
  acme_text = format_minor (acme->monthly, acme->currency);

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "content") == 0, TIMEOUT_MS);
  g_assert_cmpstr (subtitle (page, "total_row"), ==, total_text);
  g_assert_cmpstr (subtitle (page, "own_row"), ==, own_text);
  g_assert_cmpstr (subtitle (page, "change_row"), ==, "No orders this month");

  /* The chart and the same figures in the list, most first: Acme. */
  chart = child (page, "chart");
  g_assert_cmpuint (mp_bar_chart_get_n_bars (chart), ==, MIN (n_paying, 5));
  g_assert_cmpuint (count_children (child (page, "top_list")), ==, MIN (n_paying, 5));
  acme_bar = g_strdup_printf ("Acme Corporation: %s", acme_text);
  g_assert_true (g_str_has_prefix (mp_bar_chart_get_description (chart), acme_bar));
  gtk_test_accessible_assert_role (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_ROLE_IMG);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Top customers by monthly recurring total");
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                       mp_bar_chart_get_description (chart));
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (child (page, "top_list")), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       "Top customers");
  first = gtk_list_box_get_row_at_index (child (page, "top_list"), 0);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (first)), ==, "Acme Corporation");
  g_assert_nonnull (find_label (GTK_WIDGET (first), acme_text));
  g_signal_emit_by_name (first, "activate");
  g_assert_cmpstr (last_parameter (fixture, "open-customer"), ==, ACME_ID);

  /* Renewing this month, as the subscriptions' dates say. */
  if (expected.n_renewing > 0)
    {
      g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "renewing_stack")), ==, "list");
      g_assert_cmpuint (count_children (child (page, "renewing_list")), ==, expected.n_renewing);
    }
  else
    g_assert_cmpstr (gtk_stack_get_visible_child_name (child (page, "renewing_stack")), ==, "empty");
  render (GTK_WIDGET (fixture->window), "overview.png");

  expected_clear (&expected);
}

int
main (int   argc,
      char *argv[])
{
  /* The suite runs with GTK_A11Y=none, which leaves widgets no accessible
   * context to check the names on; the test context keeps them.
   */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/ui/overview/my-and-all", Fixture, NULL, setup, test_my_and_all, teardown);
  g_test_add ("/ui/overview/customer-sees-own", Fixture, NULL, setup_customer, test_customer_sees_own, teardown);
  g_test_add ("/ui/overview/customers-columns", Fixture, NULL, setup, test_customers_columns, teardown);
  g_test_add ("/ui/overview/customer-revenue", Fixture, NULL, setup, test_customer_revenue, teardown);
  g_test_add ("/ui/overview/overview", Fixture, NULL, setup, test_overview, teardown);

  return g_test_run ();
}
