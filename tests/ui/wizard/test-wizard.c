/* test-wizard.c: the purchase pipeline against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <time.h>

#include "mp-api.h"
#include "mp-error-box.h"
#include "mp-estimate-view.h"
#include "mp-marketplace-page.h"
#include "mp-page-util.h"
#include "mp-plan-item.h"
#include "mp-product-row.h"
#include "mp-provisioning-page.h"
#include "mp-purchase-wizard.h"
#include "mp-resources-step.h"
#include "mp-service-step.h"
#include "mp-journal.h"
#include "mp-session.h"
#include "mp-summary-step.h"
#include "mp-term-step.h"
#include "mp-terms-step.h"
#include "mp-test-ui.h"
#include "mp-variant-step.h"

#define IDSYNC_R      "100"   /* IDSync - Connector for Resellers */
#define IDSYNC_C      "101"   /* IDSync - Connector for Customer */
#define FAILING_PLAN  "170"   /* Legacy Mail Archive: provisioning fails */

/* Helpers */

/* A German user (de_DE.UTF-8: its dates, money and digit grouping) on the
 * German marketplace. The locale must exist: build-aux/install-deps
 * generates it, and a missing one fails the test rather than skipping.
 */
static void
setup_german (Fixture       *fixture,
              gconstpointer  data)
{
  MpTestUiSetup options = { .marketplace = "DE", .user = RESELLER, .password = RESELLER_PW };

  if (setlocale (LC_ALL, "de_DE.UTF-8") == NULL)
    g_error ("The locale de_DE.UTF-8 is not installed: run build-aux/install-deps");
  mp_test_ui_fixture_setup (fixture, &options);
}

/* Plain SimpleAPI 1.15, as the real marketplace: no refusal reasons. */
static void
setup_reseller_plain (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const plain[] = { "--no-extensions", NULL };
  MpTestUiSetup options = { .user = RESELLER, .password = RESELLER_PW, .server_args = plain };

  mp_test_ui_fixture_setup (fixture, &options);
}

/* A client that gives up after 3 s. */static void
setup_reseller_short_timeout (Fixture       *fixture,
                              gconstpointer  data)
{
  MpTestUiSetup options = { .user = RESELLER, .password = RESELLER_PW, .timeout = 3 };

  mp_test_ui_fixture_setup (fixture, &options);
}

static void
teardown_german (Fixture       *fixture,
                 gconstpointer  data)
{
  teardown (fixture, data);
  setlocale (LC_ALL, "C.UTF-8");
}

static gboolean
complete (GtkWidget *step)
{
  gboolean value = FALSE;

  g_object_get (step, "complete", &value, NULL);
  return value;
}

static MpPurchaseWizard *
open_wizard (Fixture    *fixture,
             const char *customer_id,
             const char *plan_id)
{
  GtkWidget *wizard = mp_purchase_wizard_new (fixture->session, customer_id, plan_id);

  gtk_window_set_transient_for (GTK_WINDOW (wizard), fixture->window);
  gtk_window_present (GTK_WINDOW (wizard));
  MP_WAIT_UNTIL (gtk_widget_get_mapped (wizard), TIMEOUT_MS);
  return MP_PURCHASE_WIZARD (wizard);
}

static const char *
step (MpPurchaseWizard *wizard)
{
  return mp_purchase_wizard_get_step (wizard);
}

static GtkWidget *
step_widget (MpPurchaseWizard *wizard,
             const char       *name)
{
  return mp_purchase_wizard_get_step_widget (wizard, name);
}

static gboolean
next_sensitive (MpPurchaseWizard *wizard)
{
  return gtk_widget_get_sensitive (GTK_WIDGET (mp_purchase_wizard_get_next_button (wizard)));
}

/* Clicks Next as the user does. */
static void
click_next (MpPurchaseWizard *wizard)
{
  g_assert_true (next_sensitive (wizard));
  g_signal_emit_by_name (mp_purchase_wizard_get_next_button (wizard), "clicked");
}

static void
click_back (MpPurchaseWizard *wizard)
{
  g_signal_emit_by_name (mp_purchase_wizard_get_back_button (wizard), "clicked");
}

static void
accept_all_terms (MpPurchaseWizard *wizard)
{
  MpTermsStep *terms = MP_TERMS_STEP (step_widget (wizard, "terms"));
  MpPlan *plan = mp_order_draft_get_plan (mp_purchase_wizard_get_draft (wizard));
  GListModel *list = mp_plan_get_terms (plan);

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpTerms) t = g_list_model_get_item (list, i);
      GtkCheckButton *check = mp_terms_step_get_check (terms, mp_terms_get_id (t));

      g_assert_nonnull (check);
      gtk_check_button_set_active (check, TRUE);
    }
  g_assert_true (complete (GTK_WIDGET (terms)));
}

static void
set_amount (MpPurchaseWizard *wizard,
            const char       *category,
            const char       *mpn,
            int               amount)
{
  MpResourcesStep *resources = MP_RESOURCES_STEP (step_widget (wizard, "resources"));
  GtkSpinButton *spin;

  g_assert_true (mp_resources_step_choose_category (resources, category));
  spin = mp_resources_step_get_spin_button (resources, mpn);
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (spin, amount);
  g_assert_cmpint (mp_order_draft_get_quantity (mp_purchase_wizard_get_draft (wizard), mpn), ==, amount);
}

/* On the resources step's list of categories, each category's row names
 * the amounts chosen in it ("<resource> × <amount>"), read from the plan
 * and the draft.
 */
static void
assert_category_summaries (MpResourcesStep *resources,
                           GtkListBox      *list)
{
  MpOrderDraft *draft = mp_resources_step_get_draft (resources);
  MpPlan *plan = mp_order_draft_get_plan (draft);
  GListModel *categories = mp_plan_get_resource_categories (plan);
  GListModel *items = mp_plan_get_resources (plan);

  g_assert_cmpuint (g_list_model_get_n_items (categories), >, 1);
  for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr(MpCategory) c = g_list_model_get_item (categories, i);
      GtkListBoxRow *row = mp_test_ui_row_titled (list, mp_category_get_name (c));
      const char *subtitle;
      guint shown = 0;

      g_assert_nonnull (row);
      subtitle = adw_action_row_get_subtitle (ADW_ACTION_ROW (row));
      for (guint j = 0; j < g_list_model_get_n_items (items); j++)
        {
          g_autoptr(MpResource) r = g_list_model_get_item (items, j);
          gint64 q = mp_order_draft_get_quantity (draft, mp_resource_get_mpn (r));
          g_autofree char *part = g_strdup_printf ("%s × %d", mp_resource_get_name (r), (int) q);

          if (g_strcmp0 (mp_resource_get_resource_category_id (r), mp_category_get_id (c)) != 0 || q <= 0)
            continue;
          g_assert_nonnull (strstr (subtitle, part));
          shown++;
        }
      if (shown == 0)
        g_assert_cmpstr (subtitle, ==, "Nothing chosen");
    }
}

/* Waits for the wizard's purchase to be estimated; its amount due now. */
static char *
wait_estimate (MpPurchaseWizard *wizard)
{
  MpPurchase *purchase = mp_purchase_wizard_get_purchase (wizard);

  MP_WAIT_UNTIL (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY, TIMEOUT_MS);
  g_assert_nonnull (mp_purchase_get_due_now (purchase));
  return mp_money_to_string (mp_purchase_get_due_now (purchase));
}

static gboolean
estimate_has_kind (MpOrderDraft *draft,
                   const char   *kind)
{
  GListModel *lines = mp_order_draft_get_estimate_lines (draft);

  for (guint i = 0; lines != NULL && i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);

      if (g_strcmp0 (mp_order_line_get_kind (line), kind) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The position of ROW's item on the list view around it. */
static guint
row_position (GtkWidget *row)
{
  GtkWidget *view = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW);
  GListModel *shown;
  guint n;

  g_assert_nonnull (view);
  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  n = g_list_model_get_n_items (shown);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPlanItem) item = g_list_model_get_item (shown, i);

      if (item == mp_product_row_get_item (MP_PRODUCT_ROW (row)))
        return i;
    }
  g_assert_not_reached ();
}

/* Activates a product row as a click or Enter on it does (the list view's
 * "list.activate-item" action), scrolled to first as the user would.
 */
static void
activate_product (MpPurchaseWizard *wizard,
                  const char       *product_line)
{
  MpServiceStep *service = MP_SERVICE_STEP (step_widget (wizard, "service"));
  GtkWidget *view = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (service), MP_TYPE_SERVICE_STEP, "products_list"));
  GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (view)));
  GtkWidget *row = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(MpPlanItem) item = g_list_model_get_item (shown, i);

      if (g_str_equal (mp_plan_item_get_id (item), product_line))
        g_assert_true (gtk_widget_activate_action (view, "list.scroll-to-item", "u", i));
    }
  MP_WAIT_UNTIL ((row = mp_service_step_get_product_row (service, product_line)) != NULL, TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (row, "list.activate-item", "u", row_position (row)));
}

/* The headers of the service list as shown: a row shows its category
 * when the row before is of another one (or it is the first).
 */
static void
assert_headers (GListModel *shown)
{
  guint n = g_list_model_get_n_items (shown);
  g_autoptr(MpPlanItem) before = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpPlanItem) item = g_list_model_get_item (shown, i);
      const char *category = mp_plan_get_category_name (mp_plan_item_get_plan (item));

      if (before != NULL && g_strcmp0 (category, mp_plan_get_category_name (mp_plan_item_get_plan (before))) == 0)
        g_assert_null (mp_plan_item_get_header (item));
      else
        g_assert_cmpstr (mp_plan_item_get_header (item), ==, category != NULL ? category : "Other Services");
      g_set_object (&before, item);
    }
}

static gboolean
weak_gone (GWeakRef *weak)
{
  g_autoptr(GObject) object = g_weak_ref_get (weak);

  return object == NULL;
}

/* The journal holds the order the wizard placed: the reseller's own
 * purchase (no customer) of IDSync with the 10 users typed, the estimate
 * shown (ESTIMATE, due now), the order's number and correlation ID, and
 * its final status. Its lines add up: each unit price times its quantity
 * is the line's price, and the lines sum to the estimate.
 */
static void
assert_journaled (Fixture    *fixture,
                  MpOrder    *order,
                  const char *estimate)
{
  MpJournalEntry *entry = mp_journal_lookup_order (mp_session_get_journal (fixture->session),
                                                   mp_order_get_id (order));
  gint64 sum = 0;
  gint64 users = 0;
  g_autofree char *shown = NULL;

  g_assert_nonnull (entry);
  g_assert_cmpint (mp_journal_entry_get_event (entry), ==, MP_JOURNAL_EVENT_PLACED);
  g_assert_cmpint (mp_journal_entry_get_order_type (entry), ==, MP_ORDER_TYPE_SALES);
  g_assert_null (mp_journal_entry_get_customer_id (entry));
  g_assert_cmpstr (mp_journal_entry_get_login (entry), ==, RESELLER);
  g_assert_cmpstr (mp_journal_entry_get_plan_id (entry), ==, IDSYNC_R);
  g_assert_cmpstr (mp_journal_entry_get_order_number (entry), ==, mp_order_get_order_number (order));
  g_assert_nonnull (mp_journal_entry_get_correlation_id (entry));
  g_assert_cmpuint (mp_journal_entry_get_n_lines (entry), >, 0);
  for (guint i = 0; i < mp_journal_entry_get_n_lines (entry); i++)
    {
      const MpMoney *unit = mp_journal_entry_get_line_unit_price (entry, i);
      const MpMoney *extended = mp_journal_entry_get_line_extended_price (entry, i);
      gint64 quantity = mp_journal_entry_get_line_quantity (entry, i);

      g_assert_nonnull (unit);
      g_assert_nonnull (extended);
      g_assert_cmpint (unit->minor * quantity, ==, extended->minor);
      sum += unit->minor * quantity;
      if (g_strcmp0 (mp_journal_entry_get_line_mpn (entry, i), "IDS-R-USERS") == 0)
        users = quantity;
    }
  g_assert_cmpint (users, ==, 10);
  g_assert_nonnull (mp_journal_entry_get_estimate (entry));
  g_assert_cmpint (mp_journal_entry_get_estimate (entry)->minor, ==, sum);
  shown = mp_money_to_string (mp_journal_entry_get_estimate (entry));
  g_assert_cmpstr (shown, ==, estimate);
  MP_WAIT_UNTIL (mp_journal_entry_get_status (entry) == MP_ORDER_STATUS_COMPLETED, TIMEOUT_MS);
}

/* Flow 2: a reseller buys IDSync for itself through every step. */
static void
test_reseller_self (Fixture       *fixture,
                    gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, NULL);
  MpOrderDraft *draft = mp_purchase_wizard_get_draft (wizard);
  MpServiceStep *service = MP_SERVICE_STEP (step_widget (wizard, "service"));
  MpResourcesStep *resources;
  MpSummaryStep *summary;
  GWeakRef weak;
  g_autofree char *total_month = NULL;
  g_autofree char *total_year = NULL;
  g_autofree char *subscription_id = NULL;
  GtkButton *place;
  gint64 orders_before;
  MpOrder *order;
  GtkSpinButton *spin;
  double lower, upper;
  guint all;

  /* 1 Service: the list, search as you type, the category filter. */
  g_assert_cmpstr (step (wizard), ==, "service");
  g_assert_false (next_sensitive (wizard));
  MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) > 5, TIMEOUT_MS);
  all = mp_service_step_get_n_shown (service);
  {
    GtkListView *view = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (service), MP_TYPE_SERVICE_STEP,
                                                                      "products_list"));
    GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (view));
    g_autoptr(MpPlanItem) first = NULL;

    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, all);
    assert_headers (shown);
    first = g_list_model_get_item (shown, 0);
    g_assert_nonnull (mp_plan_item_get_header (first));
    /* Typed one key at a time: narrowing, then widening again. */
    mp_service_step_set_search (service, "i");
    mp_service_step_set_search (service, "iden");
    mp_service_step_set_search (service, "identity");
    MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) == 1, TIMEOUT_MS);
    assert_headers (shown);
    {
      g_autoptr(MpPlanItem) idsync = g_list_model_get_item (shown, 0);

      /* Found by its long description, folded: "Identity Synchronizer". */
      g_assert_cmpstr (mp_plan_item_get_id (idsync), ==, "idsync");
      g_assert_nonnull (mp_plan_item_get_header (idsync));
      /* Its row is on screen, named after the product for a screen reader. */
      MP_WAIT_UNTIL (mp_service_step_get_product_row (service, "idsync") != NULL, TIMEOUT_MS);
    }
    mp_service_step_set_search (service, "iden");
    MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) >= 1, TIMEOUT_MS);
    assert_headers (shown);
  }
  mp_service_step_set_search (service, "no such service at all");
  MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) == 0, TIMEOUT_MS);
  mp_service_step_set_search (service, NULL);
  MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) == all, TIMEOUT_MS);
  mp_service_step_set_category (service, "14");   /* Security */
  MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) < all, TIMEOUT_MS);
  g_assert_cmpuint (mp_service_step_get_n_shown (service), >, 0);
  mp_service_step_set_category (service, NULL);
  MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) == all, TIMEOUT_MS);
  MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) == all, TIMEOUT_MS);
  assert_headers (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (
    gtk_widget_get_template_child (GTK_WIDGET (service), MP_TYPE_SERVICE_STEP, "products_list")))));
  activate_product (wizard, "idsync");
  MP_WAIT_UNTIL (complete (GTK_WIDGET (service)), TIMEOUT_MS);
  g_assert_true (next_sensitive (wizard));
  /* The chosen row says so: its check mark, its selected state. */
  {
    GtkWidget *row = mp_service_step_get_product_row (service, "idsync");

    g_assert_nonnull (row);
    g_assert_true (mp_plan_item_get_chosen (mp_product_row_get_item (MP_PRODUCT_ROW (row))));
    g_assert_true (gtk_widget_get_visible (mp_test_ui_find_widget (row, GTK_TYPE_IMAGE)));
  }
  screenshot (GTK_WIDGET (wizard), "wizard-1-service.png");
  click_next (wizard);

  /* 2 Variant: both exist; the reseller variant is chosen for itself. */
  g_assert_cmpstr (step (wizard), ==, "variant");
  MP_WAIT_UNTIL (complete (step_widget (wizard, "variant")), TIMEOUT_MS);
  g_assert_cmpint (mp_plan_get_audience (mp_order_draft_get_plan (draft)), ==, MP_AUDIENCE_RESELLER);
  g_assert_true (mp_variant_step_choose (MP_VARIANT_STEP (step_widget (wizard, "variant")), "customer"));
  MP_WAIT_UNTIL (complete (step_widget (wizard, "variant")) &&
                 g_strcmp0 (mp_plan_get_id (mp_order_draft_get_plan (draft)), IDSYNC_C) == 0, TIMEOUT_MS);
  g_assert_true (mp_variant_step_choose (MP_VARIANT_STEP (step_widget (wizard, "variant")), "reseller"));
  MP_WAIT_UNTIL (complete (step_widget (wizard, "variant")) &&
                 g_strcmp0 (mp_plan_get_id (mp_order_draft_get_plan (draft)), IDSYNC_R) == 0, TIMEOUT_MS);
  screenshot (GTK_WIDGET (wizard), "wizard-2-variant.png");
  click_next (wizard);

  /* 3 Term: two periods; nothing chosen yet; a period the plan lacks is
   * explained and does not let the user on.
   */
  g_assert_cmpstr (step (wizard), ==, "term");
  g_assert_false (next_sensitive (wizard));
  g_assert_false (mp_term_step_choose (MP_TERM_STEP (step_widget (wizard, "term")), "year", 3));
  g_assert_false (complete (step_widget (wizard, "term")));
  g_assert_false (next_sensitive (wizard));
  g_assert_true (mp_term_step_choose (MP_TERM_STEP (step_widget (wizard, "term")), "month", 1));
  g_assert_true (next_sensitive (wizard));
  screenshot (GTK_WIDGET (wizard), "wizard-3-term.png");
  click_next (wizard);

  /* 4 Terms: Next stays off until every document is accepted. */
  g_assert_cmpstr (step (wizard), ==, "terms");
  g_assert_false (next_sensitive (wizard));
  mp_purchase_wizard_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "terms");
  gtk_check_button_set_active (mp_terms_step_get_check (MP_TERMS_STEP (step_widget (wizard, "terms")), "tc-marketplace"), TRUE);
  g_assert_false (next_sensitive (wizard));
  screenshot (GTK_WIDGET (wizard), "wizard-4-terms.png");
  accept_all_terms (wizard);
  g_assert_true (next_sensitive (wizard));
  click_next (wizard);

  /* 5 Resources: categories, then amounts bounded by min and max. */
  g_assert_cmpstr (step (wizard), ==, "resources");
  resources = MP_RESOURCES_STEP (step_widget (wizard, "resources"));
  g_assert_true (complete (GTK_WIDGET (resources)));   /* one user at least, by default */
  set_amount (wizard, "idsync-users", "IDS-R-USERS", 5);
  spin = mp_resources_step_get_spin_button (resources, "IDS-R-USERS");
  gtk_spin_button_get_range (spin, &lower, &upper);
  g_assert_cmpfloat (lower, ==, 1);
  g_assert_cmpfloat (upper, ==, 1000);
  /* Typed out of range: explained at once, and the draft says why too. */
  gtk_editable_set_text (GTK_EDITABLE (spin), "5000");
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-R-USERS"), ==, 5000);
  g_assert_false (complete (GTK_WIDGET (resources)));
  g_assert_false (next_sensitive (wizard));
  g_assert_nonnull (mp_resources_step_get_problem (resources));
  g_assert_nonnull (strstr (mp_resources_step_get_problem (resources), "5000"));
  g_assert_false (mp_order_draft_get_valid (draft));
  g_assert_nonnull (strstr (mp_order_draft_get_reason (draft), "between 1 and 1000"));
  /* Beside the amount, where the user types: what is allowed. */
  g_assert_true (find_label (gtk_widget_get_ancestor (GTK_WIDGET (spin), ADW_TYPE_ACTION_ROW), "At most 1000"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
  screenshot (GTK_WIDGET (wizard), "wizard-5-resources-invalid.png");
  /* Enter or focus-out neither clamp nor revert it without a word. */
  gtk_spin_button_update (spin);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (spin)), ==, "5000");
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-R-USERS"), ==, 5000);
  g_assert_false (complete (GTK_WIDGET (resources)));
  g_assert_false (next_sensitive (wizard));
  g_assert_true (find_label (gtk_widget_get_ancestor (GTK_WIDGET (spin), ADW_TYPE_ACTION_ROW), "At most 1000"));
  gtk_editable_set_text (GTK_EDITABLE (spin), "5");
  gtk_spin_button_update (spin);
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-R-USERS"), ==, 5);
  g_assert_true (complete (GTK_WIDGET (resources)));
  g_assert_false (find_label (gtk_widget_get_ancestor (GTK_WIDGET (spin), ADW_TYPE_ACTION_ROW), "At most 1000"));
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (spin), "error"));
  /* The buttons stop at the bounds again. */
  gtk_spin_button_get_range (spin, &lower, &upper);
  g_assert_cmpfloat (upper, ==, 1000);
  gtk_spin_button_set_value (spin, 5);
  g_assert_true (complete (GTK_WIDGET (resources)));
  set_amount (wizard, "idsync-autotask", "IDS-R-AT-BILL", 1);
  set_amount (wizard, "idsync-autotask", "IDS-R-AT-QS", 1);
  gtk_spin_button_get_range (mp_resources_step_get_spin_button (resources, "IDS-R-AT-QS"), &lower, &upper);
  g_assert_cmpfloat (upper, ==, 1);
  g_assert_true (next_sensitive (wizard));
  screenshot (GTK_WIDGET (wizard), "wizard-5-resources.png");
  /* Back on the list of categories: each row sums up its amounts; its
   * radio button, activated with the row, picks what Choose Category shows.
   */
  {
    GListModel *categories = mp_plan_get_resource_categories (mp_order_draft_get_plan (draft));
    GtkListBox *list;
    GtkListBoxRow *users = NULL;
    GtkWidget *choose;

    mp_resources_step_show_categories (resources);
    {
      g_autoptr(MpCategory) first = g_list_model_get_item (categories, 0);
      GtkWidget *title = mp_test_ui_find_label (GTK_WIDGET (resources), mp_category_get_name (first));

      /* The categories page comes first: the first label is its row's title. */
      g_assert_nonnull (title);
      list = GTK_LIST_BOX (gtk_widget_get_ancestor (title, GTK_TYPE_LIST_BOX));
    }
    g_assert_true (GTK_IS_LIST_BOX (list));
    assert_category_summaries (resources, list);
    choose = mp_test_ui_find_label (GTK_WIDGET (resources), "Choose Category");
    choose = choose != NULL ? gtk_widget_get_ancestor (choose, GTK_TYPE_BUTTON) : NULL;
    g_assert_nonnull (choose);
    for (guint i = 0; users == NULL && i < g_list_model_get_n_items (categories); i++)
      {
        g_autoptr(MpCategory) c = g_list_model_get_item (categories, i);

        if (g_strcmp0 (mp_category_get_id (c), "idsync-users") == 0)
          users = mp_test_ui_row_titled (list, mp_category_get_name (c));
      }
    g_assert_nonnull (users);
    adw_action_row_activate (ADW_ACTION_ROW (users));
    g_assert_true (gtk_widget_get_sensitive (choose));
    g_signal_emit_by_name (choose, "clicked");
    g_assert_nonnull (mp_resources_step_get_spin_button (resources, "IDS-R-USERS"));
    g_assert_null (mp_resources_step_get_spin_button (resources, "IDS-R-AT-BILL"));
    g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-R-USERS"), ==, 5);
  }
  click_next (wizard);

  /* 6 Summary: the estimate with its one-time line. */
  g_assert_cmpstr (step (wizard), ==, "summary");
  summary = MP_SUMMARY_STEP (step_widget (wizard, "summary"));
  place = mp_summary_step_get_place_button (summary);
  g_assert_cmpstr (gtk_button_get_label (place), ==, "_Place Order");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (mp_purchase_wizard_get_next_button (wizard))));
  total_month = wait_estimate (wizard);
  g_assert_true (estimate_has_kind (draft, "recurring"));
  g_assert_true (estimate_has_kind (draft, "nonProvisioningItem") || estimate_has_kind (draft, "setup"));
  g_assert_nonnull (mp_purchase_get_recurring_total (mp_purchase_wizard_get_purchase (wizard)));

  /* Back to the term and the resources: the draft survives, the estimate
   * follows the changes.
   */
  click_back (wizard);
  g_assert_cmpstr (step (wizard), ==, "resources");
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-R-AT-QS"), ==, 1);
  click_back (wizard);
  g_assert_cmpstr (step (wizard), ==, "terms");
  g_assert_true (complete (step_widget (wizard, "terms")));
  click_back (wizard);
  g_assert_cmpstr (step (wizard), ==, "term");
  g_assert_true (mp_term_step_choose (MP_TERM_STEP (step_widget (wizard, "term")), "year", 1));
  click_next (wizard);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "resources");
  set_amount (wizard, "idsync-users", "IDS-R-USERS", 10);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "summary");
  total_year = wait_estimate (wizard);
  g_assert_cmpstr (total_year, !=, total_month);
  mp_order_draft_set_po_number (draft, "PO-WIZARD-1");
  g_free (total_year);
  total_year = wait_estimate (wizard);
  screenshot (GTK_WIDGET (wizard), "wizard-6-summary.png");

  /* Place Order activated twice (a double click, and Enter): one order. */
  orders_before = count_orders (fixture);
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (place)));
  g_signal_emit_by_name (place, "clicked");
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (place)));
  g_signal_emit_by_name (place, "clicked");
  mp_summary_step_place (summary);
  g_assert_false (gtk_widget_get_sensitive (GTK_WIDGET (mp_purchase_wizard_get_back_button (wizard))));
  MP_WAIT_UNTIL (mp_purchase_wizard_get_order (wizard) != NULL, TIMEOUT_MS);

  /* 7 Provisioning, to the end. */
  g_assert_cmpstr (step (wizard), ==, "provisioning");
  order = mp_purchase_wizard_get_order (wizard);
  g_assert_cmpstr (mp_order_get_po_number (order), ==, "PO-WIZARD-1");
  MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  MP_WAIT_UNTIL (mp_order_get_subscription_id (order) != NULL, TIMEOUT_MS);
  subscription_id = g_strdup (mp_order_get_subscription_id (order));
  MP_WAIT_UNTIL (fixture->changed > 0, TIMEOUT_MS);
  screenshot (GTK_WIDGET (wizard), "wizard-7-provisioning.png");
  g_assert_cmpint (count_orders (fixture), ==, orders_before + 1);
  g_assert_true (has_subscription (fixture, subscription_id));
  assert_journaled (fixture, order, total_year);

  /* Open Subscription: the wizard closes, the main window opens it. */
  g_weak_ref_init (&weak, wizard);
  gtk_widget_activate_action (GTK_WIDGET (step_widget (wizard, "provisioning")), "win.open-subscription", "s",
                              subscription_id);
  MP_WAIT_UNTIL (was_activated_prefix (fixture, "open-subscription"), TIMEOUT_MS);
  {
    g_autofree char *expected = g_strdup_printf ("open-subscription %s", subscription_id);

    g_assert_cmpstr (g_ptr_array_index (fixture->activations, 0), ==, expected);
  }
  MP_WAIT_UNTIL (weak_gone (&weak), TIMEOUT_MS);
  g_weak_ref_clear (&weak);
}

/* Flow 3's start (issue 7): a reseller buying for a customer gets the
 * customer variant by default, from the same steps.
 */
static void
test_reseller_for_customer (Fixture       *fixture,
                            gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, "1000001", NULL);
  MpOrderDraft *draft = mp_purchase_wizard_get_draft (wizard);
  MpServiceStep *service = MP_SERVICE_STEP (step_widget (wizard, "service"));

  g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (wizard)), ==, "Add New Order");
  g_assert_cmpstr (mp_order_draft_get_customer_id (draft), ==, "1000001");
  MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) > 5, TIMEOUT_MS);
  activate_product (wizard, "idsync");
  MP_WAIT_UNTIL (complete (GTK_WIDGET (service)), TIMEOUT_MS);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "variant");
  MP_WAIT_UNTIL (complete (step_widget (wizard, "variant")), TIMEOUT_MS);
  g_assert_cmpstr (mp_plan_get_id (mp_order_draft_get_plan (draft)), ==, IDSYNC_C);

  /* A product with one plan has no variant step. */
  click_back (wizard);
  g_assert_cmpstr (step (wizard), ==, "service");
  activate_product (wizard, "fab-ob");
  MP_WAIT_UNTIL (complete (GTK_WIDGET (service)) &&
                 g_strcmp0 (mp_plan_get_id (mp_order_draft_get_plan (draft)), "110") == 0, TIMEOUT_MS);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "term");
  click_back (wizard);
  g_assert_cmpstr (step (wizard), ==, "service");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* Goes from the term step (a preselected plan) to the summary with the
 * first period, every terms document accepted and the given users.
 */
static void
walk_to_summary (MpPurchaseWizard *wizard,
                 const char       *users_category,
                 const char       *users_mpn,
                 int               users)
{
  MP_WAIT_UNTIL (g_strcmp0 (step (wizard), "term") == 0, TIMEOUT_MS);
  g_assert_true (mp_term_step_choose (MP_TERM_STEP (step_widget (wizard, "term")), "month", 1));
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "terms");
  accept_all_terms (wizard);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "resources");
  set_amount (wizard, users_category, users_mpn, users);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "summary");
}

/* The first error box below ROOT. */
static MpErrorBox *
find_error_box (GtkWidget *root)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      MpErrorBox *found;

      if (MP_IS_ERROR_BOX (child))
        return MP_ERROR_BOX (child);
      if ((found = find_error_box (child)) != NULL)
        return found;
    }
  return NULL;
}

/* The marketplace's operator changes its catalogue behind the wizard's
 * back: the server stops, SQL changes its database, and it comes back
 * (maybe on another port: the session follows, as the demo does).
 */
static void
change_catalogue (Fixture    *fixture,
                  const char *sql)
{
  g_autofree char *path = g_build_filename (mp_test_server_get_data_dir (fixture->server), "marketplace.db", NULL);
  g_autofree char *old_url = g_strdup (mp_test_server_get_url (fixture->server));
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  char *message = NULL;

  mp_test_server_kill (fixture->server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (fixture->server));
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
  g_assert_true (mp_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  mp_session_marketplace_moved (fixture->session, old_url, mp_test_server_get_url (fixture->server));
}

/* Places the order as the user does and waits for the marketplace's no. */
static void
place_refused (MpPurchaseWizard *wizard,
               const char       *expected_step)
{
  MpSummaryStep *summary = MP_SUMMARY_STEP (step_widget (wizard, "summary"));

  g_assert_cmpstr (step (wizard), ==, "summary");
  g_signal_emit_by_name (mp_summary_step_get_place_button (summary), "clicked");
  MP_WAIT_UNTIL (!mp_summary_step_get_placing (summary), TIMEOUT_MS);
  g_assert_null (mp_purchase_wizard_get_order (wizard));
  g_assert_cmpstr (step (wizard), ==, expected_step);
}

/* The refusal is shown on its step: the server's message (naming NEEDLE)
 * and its correlation ID.
 */
static void
assert_refusal_shown (MpPurchaseWizard *wizard,
                      const char       *name,
                      const char       *needle)
{
  MpErrorBox *box = find_error_box (step_widget (wizard, name));

  g_assert_nonnull (box);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (box)));
  g_assert_nonnull (mp_error_box_get_message (box));
  g_assert_nonnull (strstr (mp_error_box_get_message (box), needle));
  g_assert_nonnull (mp_error_box_get_correlation_id (box));
}

static gboolean
has_focus_in (GtkWidget *widget)
{
  GtkWidget *focus = gtk_root_get_focus (gtk_widget_get_root (widget));

  return focus != NULL && (focus == widget || gtk_widget_is_ancestor (focus, widget));
}

/* The real marketplace refuses, for a reason code, what the wizard checked
 * against a plan that changed since: each refusal goes to the step that
 * mends it, however its message is worded. The resource refused is named
 * with the words "terms" and "period", which sent the old word matching
 * to the terms step.
 */
static void
test_refusal_by_reason (Fixture       *fixture,
                        gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, IDSYNC_R);
  MpOrderDraft *draft = mp_purchase_wizard_get_draft (wizard);
  MpResourcesStep *resources;
  MpTermsStep *terms;
  GtkSpinButton *spin;
  gint64 orders_before;

  walk_to_summary (wizard, "idsync-users", "IDS-R-USERS", 3);
  click_back (wizard);
  set_amount (wizard, "idsync-autotask", "IDS-R-AT-BILL", 1);
  click_next (wizard);
  g_free (wait_estimate (wizard));
  orders_before = count_orders (fixture);

  /* Quantity: the billing integration is no longer sold. The user
   * closes the window while the order is on its way: it comes back with
   * the refusal.
   */
  change_catalogue (fixture, "UPDATE products SET name = 'IDSync terms and period archive', maximum = 0"
                             " WHERE mpn = 'IDS-R-AT-BILL'");
  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGSTOP), ==, 0);
  g_signal_emit_by_name (mp_summary_step_get_place_button (MP_SUMMARY_STEP (step_widget (wizard, "summary"))),
                         "clicked");
  g_assert_true (mp_purchase_get_placing (mp_purchase_wizard_get_purchase (wizard)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "window.close", NULL));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (wizard)));
  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGCONT), ==, 0);
  MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (wizard)), TIMEOUT_MS);
  g_assert_null (mp_purchase_wizard_get_order (wizard));
  g_assert_cmpstr (step (wizard), ==, "resources");
  assert_refusal_shown (wizard, "resources", "IDSync terms and period archive");
  resources = MP_RESOURCES_STEP (step_widget (wizard, "resources"));
  spin = mp_resources_step_get_spin_button (resources, "IDS-R-AT-BILL");
  g_assert_nonnull (spin);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (spin)));
  g_assert_true (has_focus_in (GTK_WIDGET (spin)));
  screenshot (GTK_WIDGET (wizard), "wizard-5-resources-refused.png");
  change_catalogue (fixture, "UPDATE products SET name = 'IDSync Autotask Billing Integration', maximum = 1"
                             " WHERE mpn = 'IDS-R-AT-BILL'");
  click_next (wizard);

  /* Period: the monthly term is withdrawn. */
  change_catalogue (fixture, "UPDATE plan_periods SET duration = 2 WHERE plan_id = " IDSYNC_R
                             " AND type = 'month' AND duration = 1");
  place_refused (wizard, "term");
  assert_refusal_shown (wizard, "term", "1 month term");
  screenshot (GTK_WIDGET (wizard), "wizard-3-term-refused.png");
  change_catalogue (fixture, "UPDATE plan_periods SET duration = 1 WHERE plan_id = " IDSYNC_R
                             " AND type = 'month' AND duration = 2");
  click_next (wizard);
  click_next (wizard);
  click_next (wizard);

  /* Terms: a document the plan did not have when it was loaded (its
   * amounts are on the plan as loaded again).
   */
  change_catalogue (fixture, "INSERT INTO terms (id, name, kind, url, text) VALUES ('tc-idsync-dpa',"
                             " 'IDSync Data Processing Addendum', 'vendor', 'https://example.com/dpa', '');"
                             "INSERT INTO plan_terms (plan_id, term_id, position) VALUES (" IDSYNC_R ", 'tc-idsync-dpa', 9)");
  place_refused (wizard, "terms");
  assert_refusal_shown (wizard, "terms", "tc-idsync-dpa");
  /* The plan is loaded again to offer it, the user's choices kept. */
  terms = MP_TERMS_STEP (step_widget (wizard, "terms"));
  MP_WAIT_UNTIL (mp_terms_step_get_check (terms, "tc-idsync-dpa") != NULL, TIMEOUT_MS);
  g_assert_false (gtk_check_button_get_active (mp_terms_step_get_check (terms, "tc-idsync-dpa")));
  g_assert_true (gtk_check_button_get_active (mp_terms_step_get_check (terms, "tc-marketplace")));
  g_assert_true (mp_order_draft_get_terms_accepted (draft, "tc-idsync-vendor"));
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-R-USERS"), ==, 3);
  g_assert_cmpint (mp_order_draft_get_quantity (draft, "IDS-R-AT-BILL"), ==, 1);
  g_assert_false (next_sensitive (wizard));
  assert_refusal_shown (wizard, "terms", "tc-idsync-dpa");
  screenshot (GTK_WIDGET (wizard), "wizard-4-terms-added.png");
  gtk_check_button_set_active (mp_terms_step_get_check (terms, "tc-idsync-dpa"), TRUE);
  click_next (wizard);
  click_next (wizard);

  /* Mended: the one order. */
  g_signal_emit_by_name (mp_summary_step_get_place_button (MP_SUMMARY_STEP (step_widget (wizard, "summary"))),
                         "clicked");
  MP_WAIT_UNTIL (mp_purchase_wizard_get_order (wizard) != NULL, TIMEOUT_MS);
  g_assert_cmpint (count_orders (fixture), ==, orders_before + 1);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* A marketplace that gives no reason code (plain SimpleAPI, as the real
 * one), to a reseller ordering for a customer (plain SimpleAPI orders
 * name the customer): its refusal of the period stays on the summary with its message
 * and correlation ID; the wizard does not guess the step from the words.
 */
static void
test_refusal_without_reason (Fixture       *fixture,
                             gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, "1000001", IDSYNC_C);

  MP_WAIT_UNTIL (g_strcmp0 (step (wizard), "term") == 0, TIMEOUT_MS);
  g_assert_true (mp_term_step_choose (MP_TERM_STEP (step_widget (wizard, "term")), "month", 1));
  click_next (wizard);
  /* Neither terms nor resources without the extensions. */
  g_assert_cmpstr (step (wizard), ==, "summary");
  g_free (wait_estimate (wizard));

  change_catalogue (fixture, "UPDATE plan_periods SET duration = 2 WHERE plan_id = " IDSYNC_C
                             " AND type = 'month' AND duration = 1");
  place_refused (wizard, "summary");
  assert_refusal_shown (wizard, "summary", "1 month term");
  screenshot (GTK_WIDGET (wizard), "wizard-6-summary-refused-plain.png");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* A plan this buyer may not order (a customer opening a reseller plan, as
 * from an old link): refused for the plan, shown on the summary, where
 * nothing can mend it but another plan.
 */
static void
test_refusal_of_plan (Fixture       *fixture,
                      gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, IDSYNC_R);

  walk_to_summary (wizard, "idsync-users", "IDS-R-USERS", 2);
  place_refused (wizard, "summary");
  assert_refusal_shown (wizard, "summary", "resellers only");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

static GError *
refusal_new (MpRefusal   refusal,
             const char *subject,
             const char *correlation_id,
             const char *message)
{
  GError *error = mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 400, "/orders", correlation_id, message);

  if (refusal != MP_REFUSAL_NONE)
    mp_client_error_set_refusal (error, refusal, subject);
  return error;
}

/* Messages built to hold every word the old matching looked for: the
 * reason code alone decides. A terms refusal ticks that document off; a
 * credit hold, and a refusal without a reason (a server without the
 * extension), stay on the summary with the message and correlation ID.
 */
static void
test_refusal_not_by_words (Fixture       *fixture,
                           gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, IDSYNC_R);
  MpOrderDraft *draft = mp_purchase_wizard_get_draft (wizard);
  const char *words = "The quantity of IDS-R-USERS for this period breaks the terms (tc-marketplace)";
  g_autoptr(GError) none = refusal_new (MP_REFUSAL_NONE, NULL, "mp-test-0001", words);
  g_autoptr(GError) terms = refusal_new (MP_REFUSAL_TERMS, "tc-idsync-vendor", "mp-test-0002", words);
  g_autoptr(GError) hold = refusal_new (MP_REFUSAL_CREDIT_HOLD, NULL, "mp-test-0003", words);
  MpErrorBox *box;

  walk_to_summary (wizard, "idsync-users", "IDS-R-USERS", 3);
  g_assert_true (mp_order_draft_get_valid (draft));

  g_signal_emit_by_name (step_widget (wizard, "summary"), "order-refused", none);
  g_assert_cmpstr (step (wizard), ==, "summary");
  box = find_error_box (step_widget (wizard, "summary"));
  g_assert_cmpstr (mp_error_box_get_message (box), ==, words);
  g_assert_cmpstr (mp_error_box_get_correlation_id (box), ==, "mp-test-0001");
  screenshot (GTK_WIDGET (wizard), "wizard-6-summary-refused.png");

  g_signal_emit_by_name (step_widget (wizard, "summary"), "order-refused", hold);
  g_assert_cmpstr (step (wizard), ==, "summary");
  g_assert_cmpstr (mp_error_box_get_correlation_id (box), ==, "mp-test-0003");

  g_signal_emit_by_name (step_widget (wizard, "summary"), "order-refused", terms);
  g_assert_cmpstr (step (wizard), ==, "terms");
  g_assert_false (mp_order_draft_get_terms_accepted (draft, "tc-idsync-vendor"));
  g_assert_true (mp_order_draft_get_terms_accepted (draft, "tc-marketplace"));
  g_assert_false (next_sensitive (wizard));
  g_assert_true (has_focus_in (GTK_WIDGET (mp_terms_step_get_check (MP_TERMS_STEP (step_widget (wizard, "terms")),
                                                                   "tc-idsync-vendor"))));
  box = find_error_box (step_widget (wizard, "terms"));
  g_assert_cmpstr (mp_error_box_get_correlation_id (box), ==, "mp-test-0002");
  screenshot (GTK_WIDGET (wizard), "wizard-4-terms-refused.png");
  accept_all_terms (wizard);
  click_next (wizard);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "summary");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* A product that fails provisioning: the error on the provisioning step,
 * the order on the server in error, no subscription.
 */
static void
test_failing_product (Fixture       *fixture,
                      gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, FAILING_PLAN);
  MpOrder *order;
  MpErrorBox *error_box;
  GtkWidget *page;

  walk_to_summary (wizard, "licences", "OLD-ARC-USER", 2);
  g_free (wait_estimate (wizard));
  g_signal_emit_by_name (mp_summary_step_get_place_button (MP_SUMMARY_STEP (step_widget (wizard, "summary"))), "clicked");
  MP_WAIT_UNTIL (mp_purchase_wizard_get_order (wizard) != NULL, TIMEOUT_MS);
  order = mp_purchase_wizard_get_order (wizard);
  MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_ERROR);
  g_assert_nonnull (mp_order_get_error_message (order));
  g_assert_null (mp_order_get_subscription_id (order));

  /* The provisioning page shows the server's message. */
  page = step_widget (wizard, "provisioning");
  error_box = find_error_box (page);
  g_assert_nonnull (error_box);
  MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (error_box)), TIMEOUT_MS);
  g_assert_cmpstr (mp_error_box_get_message (error_box), ==, mp_order_get_error_message (order));
  screenshot (GTK_WIDGET (wizard), "wizard-7-provisioning-failed.png");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* The marketplace stops answering while the order is on its way: the
 * client times out, cannot find out whether it arrived, and says so; Place
 * Order again, once the marketplace is back, gives the one order.
 */
static void
test_lost_connection (Fixture       *fixture,
                      gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, IDSYNC_R);
  MpSummaryStep *summary;
  GtkButton *place;
  gint64 orders_before;
  MpErrorBox *error_box;

  walk_to_summary (wizard, "idsync-users", "IDS-R-USERS", 7);
  g_free (wait_estimate (wizard));
  summary = MP_SUMMARY_STEP (step_widget (wizard, "summary"));
  place = mp_summary_step_get_place_button (summary);
  orders_before = count_orders (fixture);

  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGSTOP), ==, 0);
  g_signal_emit_by_name (place, "clicked");
  g_assert_true (mp_summary_step_get_placing (summary));
  MP_WAIT_UNTIL (!mp_summary_step_get_placing (summary), 30000);
  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGCONT), ==, 0);
  g_assert_null (mp_purchase_wizard_get_order (wizard));
  g_assert_cmpstr (step (wizard), ==, "summary");
  g_assert_true (gtk_widget_get_sensitive (GTK_WIDGET (place)));
  error_box = find_error_box (GTK_WIDGET (summary));
  g_assert_nonnull (error_box);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_box)));
  screenshot (GTK_WIDGET (wizard), "wizard-6-summary-lost-connection.png");

  /* Back again: the same draft, the same key, one order. */
  g_signal_emit_by_name (place, "clicked");
  MP_WAIT_UNTIL (mp_purchase_wizard_get_order (wizard) != NULL, TIMEOUT_MS);
  MP_WAIT_UNTIL (mp_order_get_final (mp_purchase_wizard_get_order (wizard)), TIMEOUT_MS);
  g_assert_cmpint (count_orders (fixture), ==, orders_before + 1);
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* Flow 4: the customer's Marketplace section > Cloud Enablement Services >
 * IDSync - Connector for Customer > period > users > Finish.
 */
static void
test_customer_marketplace (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *page = mp_marketplace_page_new (fixture->session);
  GListModel *plans = mp_marketplace_page_get_plans (MP_MARKETPLACE_PAGE (page));
  MpPurchaseWizard *wizard;
  MpOrderDraft *draft;
  GtkButton *finish;
  MpOrder *order;
  gboolean found = FALSE;
  gint64 orders_before;
  guint all;

  gtk_window_set_child (fixture->window, page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (plans) > 5, TIMEOUT_MS);
  all = g_list_model_get_n_items (plans);
  /* Customer plans only. */
  for (guint i = 0; i < all; i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (plans, i);

      g_assert_cmpint (mp_plan_get_audience (plan), ==, MP_AUDIENCE_CUSTOMER);
    }
  mp_marketplace_page_set_category (MP_MARKETPLACE_PAGE (page), "11");   /* Cloud Enablement Services */
  g_assert_cmpuint (g_list_model_get_n_items (plans), <, all);
  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (plans, i);

      found = found || g_strcmp0 (mp_plan_get_id (plan), IDSYNC_C) == 0;
    }
  g_assert_true (found);
  screenshot (GTK_WIDGET (fixture->window), "marketplace-customer.png");
  /* The chosen branch's description, as the marketplace has it, heads its
   * plans; choosing All Categories on the list brings every plan back.
   */
  {
    g_autoptr(MpPagedList) categories = mp_client_list_categories (mp_session_get_client (fixture->session));
    const char *description = NULL;
    GtkWidget *all_label;
    GtkWidget *all_row;

    mp_test_ui_wait_list (categories);
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (categories)); i++)
      {
        g_autoptr(MpCategory) c = g_list_model_get_item (G_LIST_MODEL (categories), i);

        if (g_strcmp0 (mp_category_get_id (c), "11") == 0)
          description = g_intern_string (mp_category_get_description (c));
      }
    g_assert_nonnull (description);
    MP_WAIT_UNTIL (mp_test_ui_find_label (page, description) != NULL, TIMEOUT_MS);
    /* The list's row comes before the heading above the plans. */
    all_label = mp_test_ui_find_label (page, "All Categories");
    g_assert_nonnull (all_label);
    all_row = gtk_widget_get_ancestor (all_label, GTK_TYPE_LIST_BOX_ROW);
    g_assert_nonnull (all_row);
    gtk_list_box_select_row (GTK_LIST_BOX (gtk_widget_get_parent (all_row)), GTK_LIST_BOX_ROW (all_row));
    g_assert_cmpuint (g_list_model_get_n_items (plans), ==, all);
    g_assert_null (mp_test_ui_find_label (page, description));
    g_assert_nonnull (mp_test_ui_find_label (page, "Every service you can buy"));
    mp_marketplace_page_set_category (MP_MARKETPLACE_PAGE (page), "11");
    g_assert_nonnull (mp_test_ui_find_label (page, description));
  }

  orders_before = count_orders (fixture);
  /* Activate the plan's row, as a click or Enter does. */
  {
    GtkListBoxRow *row = mp_marketplace_page_get_plan_row (MP_MARKETPLACE_PAGE (page), IDSYNC_C);
    GListModel *toplevels;   /* transfer none */

    g_assert_nonnull (row);
    g_signal_emit_by_name (gtk_widget_get_parent (GTK_WIDGET (row)), "row-activated", row);
    toplevels = gtk_window_get_toplevels ();
    wizard = NULL;
    for (guint i = 0; i < g_list_model_get_n_items (toplevels) && wizard == NULL; i++)
      {
        g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

        if (MP_IS_PURCHASE_WIZARD (w))
          wizard = MP_PURCHASE_WIZARD (w);
      }
    g_assert_nonnull (wizard);
  }
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (wizard)) == fixture->window);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (wizard)), TIMEOUT_MS);
  draft = mp_purchase_wizard_get_draft (wizard);
  walk_to_summary (wizard, "idsync-users", "IDS-C-USERS", 12);
  g_assert_null (mp_order_draft_get_customer_id (draft));
  finish = mp_summary_step_get_place_button (MP_SUMMARY_STEP (step_widget (wizard, "summary")));
  g_assert_cmpstr (gtk_button_get_label (finish), ==, "_Finish");
  g_free (wait_estimate (wizard));
  screenshot (GTK_WIDGET (wizard), "wizard-6-summary-customer.png");
  g_signal_emit_by_name (finish, "clicked");
  MP_WAIT_UNTIL (mp_purchase_wizard_get_order (wizard) != NULL, TIMEOUT_MS);
  order = mp_purchase_wizard_get_order (wizard);
  MP_WAIT_UNTIL (mp_order_get_final (order), TIMEOUT_MS);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  MP_WAIT_UNTIL (mp_order_get_subscription_id (order) != NULL, TIMEOUT_MS);
  g_assert_true (has_subscription (fixture, mp_order_get_subscription_id (order)));
  g_assert_cmpint (count_orders (fixture), ==, orders_before + 1);
  screenshot (GTK_WIDGET (wizard), "wizard-7-provisioning-customer.png");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* The question the wizard asks before it discards the user's choices:
 * the AdwMessageDialog transient for it, or NULL.
 */
static AdwMessageDialog *
discard_dialog (MpPurchaseWizard *wizard)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_window_get_transient_for (GTK_WINDOW (w)) == GTK_WINDOW (wizard) &&
          gtk_widget_get_visible (GTK_WIDGET (w)))
        return ADW_MESSAGE_DIALOG (w);
    }
  return NULL;
}

/* Escape is bound to window.close, as the Cancel button closes it. */
static void
press_escape (MpPurchaseWizard *wizard)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (wizard), "window.close", NULL));
}

/* Escape, Cancel and the close button ask before discarding choices, and
 * close at once when there are none, or when the order is on its way or
 * placed: the placement outlives the window.
 */
static void
test_discard_question (Fixture       *fixture,
                       gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, NULL);
  MpServiceStep *service = MP_SERVICE_STEP (step_widget (wizard, "service"));
  AdwMessageDialog *dialog;
  MpSummaryStep *summary;
  MpPurchase *purchase;
  GtkEditable *po;
  gint64 orders_before;
  GWeakRef weak;

  /* Nothing chosen yet: Escape closes at once. */
  g_weak_ref_init (&weak, wizard);
  press_escape (wizard);
  MP_WAIT_UNTIL (weak_gone (&weak), TIMEOUT_MS);
  g_weak_ref_clear (&weak);

  /* A service chosen: Escape asks; Keep Editing keeps everything. */
  wizard = open_wizard (fixture, NULL, NULL);
  service = MP_SERVICE_STEP (step_widget (wizard, "service"));
  MP_WAIT_UNTIL (mp_service_step_get_n_shown (service) > 5, TIMEOUT_MS);
  activate_product (wizard, "idsync");
  MP_WAIT_UNTIL (complete (GTK_WIDGET (service)), TIMEOUT_MS);
  press_escape (wizard);
  dialog = discard_dialog (wizard);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Discard This Order?");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "keep"), ==, "_Keep Editing");
  g_assert_cmpstr (adw_message_dialog_get_response_label (dialog, "discard"), ==, "_Discard");
  g_assert_cmpint (adw_message_dialog_get_response_appearance (dialog, "discard"), ==, ADW_RESPONSE_DESTRUCTIVE);
  g_assert_cmpstr (adw_message_dialog_get_default_response (dialog), ==, "keep");
  MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (dialog)), TIMEOUT_MS);
  screenshot (GTK_WIDGET (dialog), "wizard-discard-question.png");
  click_response (dialog, "_Keep Editing");
  MP_WAIT_UNTIL (discard_dialog (wizard) == NULL, TIMEOUT_MS);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (wizard)));
  g_assert_cmpstr (step (wizard), ==, "service");
  g_assert_true (complete (GTK_WIDGET (service)));

  /* Cancel asks the same; Discard closes. */
  g_signal_emit_by_name (gtk_widget_get_template_child (GTK_WIDGET (wizard), MP_TYPE_PURCHASE_WIZARD, "cancel_button"),
                         "clicked");
  dialog = discard_dialog (wizard);
  g_assert_nonnull (dialog);
  g_weak_ref_init (&weak, wizard);
  click_response (dialog, "_Discard");
  MP_WAIT_UNTIL (weak_gone (&weak), TIMEOUT_MS);
  g_weak_ref_clear (&weak);

  /* Opened on a plan (the storefront, the plan look-up): the term step
   * alone is no choice to lose; past it there is.
   */
  wizard = open_wizard (fixture, NULL, IDSYNC_R);
  MP_WAIT_UNTIL (g_strcmp0 (step (wizard), "term") == 0, TIMEOUT_MS);
  walk_to_summary (wizard, "idsync-users", "IDS-R-USERS", 4);
  g_free (wait_estimate (wizard));
  press_escape (wizard);
  dialog = discard_dialog (wizard);
  g_assert_nonnull (dialog);
  click_response (dialog, "_Keep Editing");
  MP_WAIT_UNTIL (discard_dialog (wizard) == NULL, TIMEOUT_MS);

  /* While the order is being placed, Escape closes without a question:
   * the window hides, the placement goes on, and once placed the window
   * goes and the session follows the order.
   */
  purchase = g_object_ref (mp_purchase_wizard_get_purchase (wizard));
  orders_before = count_orders (fixture);
  summary = MP_SUMMARY_STEP (step_widget (wizard, "summary"));
  po = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (summary), MP_TYPE_SUMMARY_STEP, "po_row"));
  /* The PO number is the user's until the order leaves. */
  g_assert_true (gtk_editable_get_editable (po));
  gtk_editable_set_text (po, "PO-ESCAPED");
  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGSTOP), ==, 0);
  g_signal_emit_by_name (mp_summary_step_get_place_button (summary), "clicked");
  g_assert_true (mp_summary_step_get_placing (summary));
  g_assert_false (gtk_editable_get_editable (po));
  g_weak_ref_init (&weak, wizard);
  press_escape (wizard);
  g_assert_null (discard_dialog (wizard));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (wizard)));
  g_assert_true (mp_purchase_get_placing (purchase));
  g_assert_cmpint (kill (mp_test_server_get_pid (fixture->server), SIGCONT), ==, 0);
  /* Placed: the hidden window goes. */
  MP_WAIT_UNTIL (weak_gone (&weak), TIMEOUT_MS);
  g_weak_ref_clear (&weak);
  g_assert_nonnull (mp_purchase_get_order (purchase));
  g_assert_nonnull (mp_session_lookup_order (fixture->session, mp_order_get_id (mp_purchase_get_order (purchase))));
  g_assert_cmpstr (mp_order_get_po_number (mp_purchase_get_order (purchase)), ==, "PO-ESCAPED");
  g_assert_cmpint (count_orders (fixture), ==, orders_before + 1);
  g_clear_object (&purchase);

  /* A placed order is no choice to lose: it goes on in the marketplace. */
  wizard = open_wizard (fixture, NULL, IDSYNC_R);
  walk_to_summary (wizard, "idsync-users", "IDS-R-USERS", 2);
  g_free (wait_estimate (wizard));
  g_signal_emit_by_name (mp_summary_step_get_place_button (MP_SUMMARY_STEP (step_widget (wizard, "summary"))),
                         "clicked");
  MP_WAIT_UNTIL (mp_purchase_wizard_get_order (wizard) != NULL, TIMEOUT_MS);
  g_weak_ref_init (&weak, wizard);
  press_escape (wizard);
  g_assert_null (discard_dialog (wizard));
  MP_WAIT_UNTIL (weak_gone (&weak), TIMEOUT_MS);
  g_weak_ref_clear (&weak);
}

/* The first row below ROOT whose title starts with PREFIX. */
static AdwActionRow *
find_row_titled (GtkWidget  *root,
                 const char *prefix)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwActionRow *found;

      if (ADW_IS_ACTION_ROW (child)
          && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), prefix))
        return ADW_ACTION_ROW (child);
      if ((found = find_row_titled (child, prefix)) != NULL)
        return found;
    }
  return NULL;
}

/* "1. Dez." is for the translators; the untranslated format writes the
 * locale's abbreviated month (LC_TIME) after the day: "1 Dez 2026".
 */
static char *
german_date (const GDate *date)
{
  return g_strdup_printf ("%d %s %d", g_date_get_day (date),
                          nl_langinfo (ABMON_1 + g_date_get_month (date) - 1), g_date_get_year (date));
}

/* An amount in euros as German writes it, by this test's own arithmetic. */
static char *
german_euros (gint64 cents)
{
  g_assert_cmpint (cents, >=, 0);
  g_assert_cmpint (cents, <, 100000); /* no digit grouping needed */
  return g_strdup_printf ("%" G_GINT64_FORMAT ",%02d\u00a0€", cents / 100, (int) (cents % 100));
}

/* On German, the summary's estimate line reads in German from its
 * structured fields (the server's description is English): the German
 * product name, the term, the charged days as German dates, and the price
 * as German money, checked against 12 × the plan's unit price.
 */
static void
test_german_summary (Fixture       *fixture,
                     gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, IDSYNC_R);
  MpOrderDraft *draft = mp_purchase_wizard_get_draft (wizard);
  g_autoptr(MpPeriod) month = mp_period_new ("month", 1);
  GtkWidget *summary;
  MpResource *users;
  AdwActionRow *row;
  MpMoney setup_price, unit;
  GDate today, last;
  g_autofree char *total = NULL;
  g_autofree char *line_price = NULL;
  g_autofree char *from = NULL;
  g_autofree char *through = NULL;
  g_autofree char *unit_text = NULL;
  const char *title;

  walk_to_summary (wizard, "idsync-users", "IDS-R-USERS", 12);
  g_free (wait_estimate (wizard));
  summary = step_widget (wizard, "summary");

  users = mp_plan_find_resource (mp_order_draft_get_plan (draft), "IDS-R-USERS");
  g_assert_nonnull (users);
  /* The DE catalogue is German. */
  g_assert_cmpstr (mp_plan_get_name (mp_order_draft_get_plan (draft)), ==, "IDSync - Connector für Wiederverkäufer");
  g_assert_cmpstr (mp_resource_get_name (users), ==, "IDSync-Benutzer");
  g_assert_true (mp_resource_get_price (users, month, &setup_price, &unit));
  g_assert_cmpstr (unit.currency, ==, "EUR");

  row = find_row_titled (summary, mp_resource_get_name (users));
  g_assert_nonnull (row);
  title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));

  /* The charged days: today through the day before a month from now. */
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  last = today;
  g_date_add_months (&last, 1);
  g_date_subtract_days (&last, 1);
  from = german_date (&today);
  through = german_date (&last);
  g_assert_nonnull (strstr (title, from));
  g_assert_nonnull (strstr (title, through));
  /* Nothing of the server's English description, no ISO dates. */
  g_assert_null (strstr (title, "Recurring"));
  g_assert_null (strstr (title, "through"));
  g_assert_null (strstr (title, "Month(s)"));
  g_assert_false (g_regex_match_simple ("[0-9]{4}-[0-9]{2}-[0-9]{2}", title, 0, 0));

  /* The money, from the unit price: 12 users, nothing else billed. */
  line_price = german_euros (12 * unit.minor);
  total = german_euros (12 * unit.minor + 12 * setup_price.minor);
  unit_text = german_euros (unit.minor);
  g_assert_true (find_label (GTK_WIDGET (row), line_price));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (row), unit_text));
  g_assert_true (find_label (summary, total));
  screenshot (GTK_WIDGET (wizard), "wizard-6-summary-german.png");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

static void
customer_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MpCustomer **customer = user_data;
  g_autoptr(GError) error = NULL;

  *customer = mp_client_get_customer_finish (MP_CLIENT (object), result, &error);
  g_assert_no_error (error);
}

/* Flow 3: the summary names the customer the reseller orders for, by the
 * name the marketplace has for it.
 */
static void
test_summary_names_customer (Fixture       *fixture,
                             gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, "1000001", IDSYNC_C);
  g_autoptr(MpCustomer) customer = NULL;
  GtkWidget *summary;
  AdwActionRow *row;

  mp_client_get_customer_async (fixture->client, "1000001", NULL, customer_cb, &customer);
  MP_WAIT_UNTIL (customer != NULL, TIMEOUT_MS);
  g_assert_nonnull (mp_customer_get_name (customer));
  g_assert_cmpstr (mp_customer_get_name (customer), !=, "1000001");

  walk_to_summary (wizard, "idsync-users", "IDS-C-USERS", 3);
  summary = step_widget (wizard, "summary");
  row = find_row_titled (summary, "For");
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "For");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (row)));
  MP_WAIT_UNTIL (g_strcmp0 (adw_action_row_get_subtitle (row), mp_customer_get_name (customer)) == 0, TIMEOUT_MS);
  g_free (wait_estimate (wizard));
  screenshot (GTK_WIDGET (wizard), "wizard-6-summary-for-customer.png");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

/* Whether some row below ROOT titled from PREFIX shows TEXT. */
static gboolean
row_shows (GtkWidget  *root,
           const char *prefix,
           const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (ADW_IS_ACTION_ROW (child) && gtk_widget_get_visible (child)
          && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (child)), prefix)
          && find_label (child, text))
        return TRUE;
      if (row_shows (child, prefix, text))
        return TRUE;
    }
  return FALSE;
}

static char *
format_cents (gint64      minor,
              const char *currency)
{
  MpMoney money;

  mp_money_init (&money, minor, currency);
  return mp_page_format_money (&money);
}

/* Flow 2's money on the summary, by this test's own arithmetic from the
 * plan's unit prices: every line, Total Due Now (setup and the first
 * month) and New Monthly Price (the recurring units above the included
 * amount); a self-order names no customer.
 */
static void
test_summary_money (Fixture       *fixture,
                    gconstpointer  data)
{
  MpPurchaseWizard *wizard = open_wizard (fixture, NULL, IDSYNC_R);
  MpOrderDraft *draft = mp_purchase_wizard_get_draft (wizard);
  g_autoptr(MpPeriod) month = mp_period_new ("month", 1);
  const struct { const char *category, *mpn; int amount; } amounts[] = {
    { "idsync-users", "IDS-R-USERS", 7 },
    { "idsync-autotask", "IDS-R-AT-BILL", 1 },
    { "idsync-autotask", "IDS-R-AT-QS", 1 },
  };
  gint64 due = 0, monthly = 0;
  const char *currency = NULL;
  GtkWidget *summary;
  GtkWidget *view;
  GListModel *resources;
  AdwActionRow *row;
  g_autofree char *due_text = NULL;
  g_autofree char *monthly_text = NULL;

  MP_WAIT_UNTIL (g_strcmp0 (step (wizard), "term") == 0, TIMEOUT_MS);
  g_assert_true (mp_term_step_choose (MP_TERM_STEP (step_widget (wizard, "term")), "month", 1));
  click_next (wizard);
  accept_all_terms (wizard);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "resources");
  for (guint i = 0; i < G_N_ELEMENTS (amounts); i++)
    set_amount (wizard, amounts[i].category, amounts[i].mpn, amounts[i].amount);
  click_next (wizard);
  g_assert_cmpstr (step (wizard), ==, "summary");
  g_free (wait_estimate (wizard));
  summary = step_widget (wizard, "summary");

  resources = mp_plan_get_resources (mp_order_draft_get_plan (draft));
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      gint64 quantity = mp_order_draft_get_quantity (draft, mp_resource_get_mpn (r));
      gint64 billable = MAX (quantity - mp_resource_get_included (r), 0);
      MpMoney setup, unit;

      g_assert_true (mp_resource_get_price (r, month, &setup, &unit));
      currency = unit.currency;
      due += quantity * setup.minor;
      if (!mp_resource_get_one_time (r))
        {
          due += billable * unit.minor;
          monthly += billable * unit.minor;
        }
      /* Its line, at its own price. */
      if (billable > 0 && unit.minor > 0 && !mp_resource_get_one_time (r))
        {
          g_autofree char *line = format_cents (billable * unit.minor, unit.currency);

          g_assert_true (row_shows (summary, mp_resource_get_name (r), line));
        }
      if (quantity > 0 && setup.minor > 0)
        {
          g_autofree char *line = format_cents (quantity * setup.minor, setup.currency);

          g_assert_true (row_shows (summary, mp_resource_get_name (r), line));
        }
    }
  /* Something is billed each month, and once more now (the QuickStart). */
  g_assert_cmpint (monthly, >, 0);
  g_assert_cmpint (due, >, monthly);
  due_text = format_cents (due, currency);
  monthly_text = format_cents (monthly, currency);
  /* In the purchase's estimate view, and beside the button. */
  view = GTK_WIDGET (gtk_widget_get_template_child (summary, MP_TYPE_SUMMARY_STEP, "estimate_view"));
  g_assert_true (MP_IS_ESTIMATE_VIEW (view));
  g_assert_true (mp_estimate_view_get_purchase (MP_ESTIMATE_VIEW (view)) == mp_purchase_wizard_get_purchase (wizard));
  g_assert_true (row_shows (view, "Total Due Now", due_text));
  g_assert_true (row_shows (view, "New Monthly Price", monthly_text) || row_shows (view, "Monthly Price", monthly_text));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (gtk_widget_get_template_child (summary, MP_TYPE_SUMMARY_STEP,
                                                                                 "due_label"))), ==, due_text);

  /* Bought for itself: no customer named. */
  row = find_row_titled (summary, "For");
  g_assert_true (row == NULL || !gtk_widget_get_visible (GTK_WIDGET (row)));
  screenshot (GTK_WIDGET (wizard), "wizard-6-summary-money.png");
  gtk_window_destroy (GTK_WINDOW (wizard));
}

static MpPlan *
plan_from_json (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  g_autoptr(GError) error = NULL;
  MpPlan *plan;

  g_assert_nonnull (node);
  plan = mp_plan_new_from_json (json_node_get_object (node), &error);
  g_assert_no_error (error);
  return plan;
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

/* A plan list's item: its search text is every plan's names,
 * descriptions, vendor and category, folded (case and accents of the
 * locale's casefold) once; a match never runs across two of them; the
 * header and the chosen state notify only when they change.
 */
static void
test_plan_item (void)
{
  g_autoptr(GListStore) plans = g_list_store_new (MP_TYPE_PLAN);
  g_autoptr(MpPlan) reseller = plan_from_json ("{\"id\": \"1\", \"name\": \"Connector for Resellers\","
                                               " \"shortDescription\": \"Bills through your PSA\","
                                               " \"vendor\": \"IDSync Inc.\","
                                               " \"category\": {\"id\": \"12\", \"name\": \"Cloud Management\"},"
                                               " \"productLine\": {\"id\": \"idsync\", \"name\": \"IDSync\"}}");
  g_autoptr(MpPlan) customer = plan_from_json ("{\"id\": \"2\", \"name\": \"Connector for Customers\","
                                               " \"longDescription\": \"Straße und STRASSE\","
                                               " \"category\": {\"id\": \"13\", \"name\": \"Enablement\"},"
                                               " \"productLine\": {\"id\": \"idsync\", \"name\": \"IDSync\"}}");
  g_autoptr(MpPlanItem) item = NULL;
  g_autofree char *folded = NULL;
  guint headers = 0, chosen = 0;

  g_list_store_append (plans, reseller);
  g_list_store_append (plans, customer);
  item = mp_plan_item_new ("idsync", "IDSync", "IDSync Inc.", G_LIST_MODEL (plans));
  g_assert_cmpstr (mp_plan_item_get_id (item), ==, "idsync");
  g_assert_true (mp_plan_item_get_plan (item) == reseller);
  g_assert_cmpstr (mp_plan_item_get_category_name (item), ==, "Cloud Management");

  g_assert_true (mp_plan_item_matches (item, NULL));
  g_assert_true (mp_plan_item_matches (item, "connector for res"));
  g_assert_true (mp_plan_item_matches (item, "psa"));             /* a short description */
  g_assert_true (mp_plan_item_matches (item, "idsync inc"));      /* the vendor */
  g_assert_true (mp_plan_item_matches (item, "enablement"));      /* the second plan's category */
  folded = g_utf8_casefold ("STRASSE", -1);
  g_assert_true (mp_plan_item_matches (item, folded));
  g_assert_false (mp_plan_item_matches (item, "resellers connector"));
  /* Not across the end of one part and the start of the next. */
  g_assert_false (mp_plan_item_matches (item, "psa idsync"));
  g_assert_false (mp_plan_item_matches (item, "psaidsync"));

  g_signal_connect (item, "notify::header", G_CALLBACK (count_notify_cb), &headers);
  g_signal_connect (item, "notify::chosen", G_CALLBACK (count_notify_cb), &chosen);
  mp_plan_item_set_header (item, "Cloud Management");
  mp_plan_item_set_header (item, "Cloud Management");
  g_assert_cmpuint (headers, ==, 1);
  mp_plan_item_set_header (item, NULL);
  g_assert_null (mp_plan_item_get_header (item));
  g_assert_cmpuint (headers, ==, 2);
  mp_plan_item_set_chosen (item, TRUE);
  mp_plan_item_set_chosen (item, TRUE);
  g_assert_true (mp_plan_item_get_chosen (item));
  g_assert_cmpuint (chosen, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add_func ("/wizard/plan-item", test_plan_item);
  g_test_add ("/wizard/reseller-for-itself", Fixture, NULL, setup_reseller, test_reseller_self, teardown);
  g_test_add ("/wizard/reseller-for-customer", Fixture, NULL, setup_reseller, test_reseller_for_customer, teardown);
  g_test_add ("/wizard/refusal-by-reason", Fixture, NULL, setup_reseller, test_refusal_by_reason, teardown);
  g_test_add ("/wizard/refusal-without-reason", Fixture, NULL, setup_reseller_plain, test_refusal_without_reason, teardown);
  g_test_add ("/wizard/refusal-of-plan", Fixture, NULL, setup_customer, test_refusal_of_plan, teardown);
  g_test_add ("/wizard/refusal-not-by-words", Fixture, NULL, setup_reseller, test_refusal_not_by_words, teardown);
  g_test_add ("/wizard/lost-connection-one-order", Fixture, NULL, setup_reseller_short_timeout, test_lost_connection, teardown);
  g_test_add ("/wizard/failing-product", Fixture, NULL, setup_reseller, test_failing_product, teardown);
  g_test_add ("/wizard/customer-marketplace", Fixture, NULL, setup_customer, test_customer_marketplace, teardown);
  g_test_add ("/wizard/discard-question", Fixture, NULL, setup_reseller, test_discard_question, teardown);
  g_test_add ("/wizard/summary-names-the-customer", Fixture, NULL, setup_reseller, test_summary_names_customer, teardown);
  g_test_add ("/wizard/summary-money", Fixture, NULL, setup_reseller, test_summary_money, teardown);
  g_test_add ("/wizard/german-summary", Fixture, NULL, setup_german, test_german_summary, teardown_german);
  return g_test_run ();
}
