/* test-customers.c: the reseller's Customers section against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-customer-editor.h"
#include "mp-customer-page.h"
#include "mp-customers-page.h"
#include "mp-error-box.h"
#include "mp-plan-item.h"
#include "mp-plan-lookup-dialog.h"
#include "mp-product-row.h"
#include "mp-purchase-wizard.h"
#include "mp-summary-step.h"
#include "mp-term-step.h"
#include "mp-terms-step.h"
#include "mp-test-ui.h"

static void
set_field (GtkWidget  *editor,
           const char *key,
           const char *text)
{
  GtkWidget *row = find_named (editor, key);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
field_has_error (GtkWidget  *editor,
                 const char *key)
{
  return gtk_widget_has_css_class (find_named (editor, key), "error");
}

static gboolean
create_enabled (GtkWidget *editor)
{
  return gtk_widget_get_sensitive (child (editor, "create_button"));
}

static guint
n_shown (GtkWidget *page)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (child (page, "column_view"))));
}

/* Lists, searches (name, e-mail, external ID) and opens a customer. */
static void
test_list_and_search (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *page = mp_customers_page_new (fixture->session);
  GtkWidget *search;
  GtkColumnView *view;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (child (page, "stack")), "list") == 0 &&
                 n_shown (page) >= 3, TIMEOUT_MS);
  render (GTK_WIDGET (fixture->window), "customers.png");

  search = child (page, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "acme");
  MP_WAIT_UNTIL (n_shown (page) == 1, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (search), "globex-nope");
  MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (child (page, "stack")), "no-results") == 0, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  MP_WAIT_UNTIL (n_shown (page) >= 3, TIMEOUT_MS);

  view = child (page, "column_view");
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_nonnull (last_parameter (fixture, "open-customer"));
}

/* Bad input is caught as the user types; the server's refusal (a login
 * already taken) goes to its field; fixing it creates the customer.
 */
static void
test_create_customer (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *page = mp_customers_page_new (fixture->session);
  GtkWidget *editor;
  GtkWidget *search;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (child (page, "stack")), "list") == 0, TIMEOUT_MS);

  g_assert_true (gtk_widget_activate_action (page, "customers.new", NULL));
  MP_WAIT_UNTIL ((editor = find_toplevel (MP_TYPE_CUSTOMER_EDITOR)) != NULL, TIMEOUT_MS);
  /* Tall enough for the screenshot to show every field. */
  gtk_window_set_default_size (GTK_WINDOW (editor), 560, 1240);
  g_assert_false (create_enabled (editor));

  set_field (editor, "name", "Contoso Pharmaceuticals");
  set_field (editor, "externalId", "CRM-4711");
  set_field (editor, "streetAddress", "1 Main Street");
  set_field (editor, "postalCode", "98052");
  set_field (editor, "city", "Redmond");
  set_field (editor, "state", "WA");
  set_field (editor, "countryCode", "USA");
  set_field (editor, "firstName", "Jane");
  set_field (editor, "lastName", "Doe");
  set_field (editor, "email", "jane.doe@");
  set_field (editor, "phoneNumber", "+1 425 555 0100");
  set_field (editor, "login", "acme-admin");
  set_field (editor, "password", "Contoso-Pass-1");

  /* Checked as typed: a three-letter country and a half e-mail. */
  g_assert_true (field_has_error (editor, "countryCode"));
  g_assert_true (field_has_error (editor, "email"));
  g_assert_false (field_has_error (editor, "city"));
  g_assert_false (create_enabled (editor));

  set_field (editor, "countryCode", "us");
  set_field (editor, "email", "jane.doe@contoso.example");
  g_assert_false (field_has_error (editor, "countryCode"));
  g_assert_false (field_has_error (editor, "email"));
  g_assert_true (create_enabled (editor));

  /* The login is taken: the server refuses (409), the Login row says so. */
  g_assert_true (gtk_widget_activate_action (editor, "editor.create", NULL));
  MP_WAIT_UNTIL (field_has_error (editor, "login"), TIMEOUT_MS);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (find_named (editor, "login")), "already taken"));
  g_assert_true (label_contains (editor, "already taken"));
  g_assert_false (create_enabled (editor));
  render (editor, "new-customer.png");

  set_field (editor, "login", "contoso-admin");
  g_assert_false (field_has_error (editor, "login"));
  g_assert_true (create_enabled (editor));
  g_assert_true (gtk_widget_activate_action (editor, "editor.create", NULL));
  MP_WAIT_UNTIL (find_toplevel (MP_TYPE_CUSTOMER_EDITOR) == NULL, TIMEOUT_MS);

  /* The list reloads with the new customer, found by its external ID. */
  search = child (page, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "crm-4711");
  MP_WAIT_UNTIL (n_shown (page) == 1, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (search), "jane.doe@contoso");
  MP_WAIT_UNTIL (n_shown (page) == 1, TIMEOUT_MS);

  /* The new login works. */
  {
    g_autoptr(MpClient) customer = login (fixture, "US", "contoso-admin", "Contoso-Pass-1");

    g_assert_false (mp_account_is_reseller (mp_client_get_account (customer)));
    g_assert_cmpstr (mp_account_get_name (mp_client_get_account (customer)), ==, "Contoso Pharmaceuticals");
  }
}

static char *
find_customer_id (MpClient   *client,
                  const char *name)
{
  g_autoptr(MpPagedList) list = mp_client_list_customers (client, name);

  MP_WAIT_UNTIL (!mp_paged_list_get_loading (list), TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >=, 1);
  {
    g_autoptr(MpCustomer) customer = g_list_model_get_item (G_LIST_MODEL (list), 0);

    return g_strdup (mp_customer_get_id (customer));
  }
}

static gboolean
wizard_at (MpPurchaseWizard *wizard,
           const char       *step)
{
  return g_strcmp0 (mp_purchase_wizard_get_step (wizard), step) == 0;
}

static gboolean
next_enabled (MpPurchaseWizard *wizard)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (mp_purchase_wizard_get_next_button (wizard)));
}

/* The row on screen of the one plan VIEW lists, if its title has TEXT. */
static MpProductRow *
only_row (GtkWidget  *view,
          const char *text)
{
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  g_autoptr(MpPlanItem) item = NULL;

  if (g_list_model_get_n_items (shown) != 1)
    return NULL;
  item = g_list_model_get_item (shown, 0);
  if (strstr (mp_plan_item_get_title (item), text) == NULL)
    return NULL;
  return mp_product_row_find (view, mp_plan_item_get_id (item));
}

/* Flow 3: Customers > Acme > Orders > Add New Order > the plan look-up >
 * the wizard with Acme as buyer > provisioning > the subscription in the
 * customer's tab, and in Acme's own view.
 */
static void
test_add_new_order (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *acme_id = find_customer_id (fixture->client, "Acme");
  GtkWidget *page = mp_customer_page_new (fixture->session, acme_id);
  GtkListBox *subscriptions = child (page, "subscriptions_list");
  GtkWidget *dialog;
  MpPurchaseWizard *wizard;
  MpOrderDraft *draft;
  GListModel *terms;
  MpOrder *order;
  guint n_before;
  const char *subscription_id;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (child (page, "details_stack")), "details") == 0, TIMEOUT_MS);
  g_assert_true (label_contains (page, "Acme Corporation"));
  MP_WAIT_UNTIL (count_rows (subscriptions) > 0, TIMEOUT_MS);
  n_before = count_rows (subscriptions);

  adw_view_stack_set_visible_child_name (child (page, "view_stack"), "orders");
  MP_WAIT_UNTIL (count_rows (child (page, "orders_list")) > 0, TIMEOUT_MS);

  /* Add New Order: the magnifier pop-up, searched. */
  g_assert_true (gtk_widget_activate_action (page, "customer.add-order", NULL));
  MP_WAIT_UNTIL ((dialog = find_toplevel (MP_TYPE_PLAN_LOOKUP_DIALOG)) != NULL, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (child (dialog, "search_entry")), "Connector for Customer");
  {
    GtkWidget *view = child (dialog, "list_view");
    MpProductRow *row = NULL;
    MpPlanItem *item;

    /* One plan found (by the server), its row on screen and named after it. */
    MP_WAIT_UNTIL ((row = only_row (view, "Connector for Customer")) != NULL, TIMEOUT_MS);
    item = mp_product_row_get_item (row);
    g_assert_nonnull (mp_test_ui_find_label (GTK_WIDGET (row), mp_plan_item_get_title (item)));
    g_assert_nonnull (strstr (mp_plan_item_get_subtitle (item), "For customers"));
    render (dialog, "plan-lookup.png");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (row), "list.activate-item", "u", 0));
  }

  /* The wizard, with Acme as the buyer and the plan chosen. */
  MP_WAIT_UNTIL ((wizard = find_toplevel (MP_TYPE_PURCHASE_WIZARD)) != NULL, TIMEOUT_MS);
  g_assert_null (find_toplevel (MP_TYPE_PLAN_LOOKUP_DIALOG));
  draft = mp_purchase_wizard_get_draft (wizard);
  g_assert_cmpstr (mp_order_draft_get_customer_id (draft), ==, acme_id);
  MP_WAIT_UNTIL (wizard_at (wizard, "term"), TIMEOUT_MS);
  g_assert_nonnull (strstr (mp_plan_get_name (mp_order_draft_get_plan (draft)), "Connector for Customer"));
  g_assert_true (mp_term_step_choose (MP_TERM_STEP (mp_purchase_wizard_get_step_widget (wizard, "term")), "month", 1));
  MP_WAIT_UNTIL (next_enabled (wizard), TIMEOUT_MS);
  mp_purchase_wizard_next (wizard);

  MP_WAIT_UNTIL (wizard_at (wizard, "terms"), TIMEOUT_MS);
  terms = mp_plan_get_terms (mp_order_draft_get_plan (draft));
  for (guint i = 0; i < g_list_model_get_n_items (terms); i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (terms, i);
      GtkCheckButton *check = mp_terms_step_get_check (MP_TERMS_STEP (mp_purchase_wizard_get_step_widget (wizard, "terms")),
                                                       mp_terms_get_id (t));

      g_assert_nonnull (check);
      gtk_check_button_set_active (check, TRUE);
    }
  MP_WAIT_UNTIL (next_enabled (wizard), TIMEOUT_MS);
  mp_purchase_wizard_next (wizard);

  MP_WAIT_UNTIL (wizard_at (wizard, "resources"), TIMEOUT_MS);
  mp_order_draft_set_quantity (draft, "IDS-C-USERS", 10);
  MP_WAIT_UNTIL (next_enabled (wizard), TIMEOUT_MS);
  mp_purchase_wizard_next (wizard);

  MP_WAIT_UNTIL (wizard_at (wizard, "summary"), TIMEOUT_MS);
  MP_WAIT_UNTIL (mp_summary_step_get_complete (MP_SUMMARY_STEP (mp_purchase_wizard_get_step_widget (wizard, "summary"))),
                 TIMEOUT_MS);
  mp_purchase_wizard_next (wizard);

  MP_WAIT_UNTIL ((order = mp_purchase_wizard_get_order (wizard)) != NULL, TIMEOUT_MS);
  g_assert_cmpstr (mp_order_get_customer_id (order), ==, acme_id);
  MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  subscription_id = mp_order_get_subscription_id (order);
  g_assert_nonnull (subscription_id);

  /* The customer's Subscriptions tab shows it without any reload by hand. */
  MP_WAIT_UNTIL (count_rows (subscriptions) == n_before + 1, TIMEOUT_MS);
  adw_view_stack_set_visible_child_name (child (page, "view_stack"), "subscriptions");
  render (GTK_WIDGET (fixture->window), "customer.png");
  {
    gboolean opened = FALSE;

    /* One of the rows opens the new subscription. */
    for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (subscriptions)); w != NULL && !opened;
         w = gtk_widget_get_next_sibling (w))
      {
        g_signal_emit_by_name (subscriptions, "row-activated", w);
        opened = g_strcmp0 (last_parameter (fixture, "open-subscription"), subscription_id) == 0;
      }
    g_assert_true (opened);
  }

  /* Acme's own login sees it. */
  {
    g_autoptr(MpClient) acme = login (fixture, "US", "acme-admin", "Demo-Customer-1");
    g_autoptr(MpPagedList) list = mp_client_list_subscriptions (acme, NULL, NULL);
    gboolean found = FALSE;

    MP_WAIT_UNTIL (!mp_paged_list_get_loading (list), TIMEOUT_MS);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
      {
        g_autoptr(MpSubscription) s = g_list_model_get_item (G_LIST_MODEL (list), i);

        found |= g_strcmp0 (mp_subscription_get_id (s), subscription_id) == 0;
      }
    g_assert_true (found);
  }
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;
  /* GTK 4.8's cursor blink warns when a window loses the focus without a
   * window manager to say so (Xvfb); blinking is not what is tested.
   */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/ui/customers/list-and-search", Fixture, NULL, setup, test_list_and_search, teardown);
  g_test_add ("/ui/customers/create", Fixture, NULL, setup, test_create_customer, teardown);
  g_test_add ("/ui/customers/add-new-order", Fixture, NULL, setup, test_add_new_order, teardown);

  return g_test_run ();
}
