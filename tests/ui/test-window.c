/* test-window.c: the main window: sign-in, sections, actions, rendering.
 *
 * These tests drive the real window against the real demo marketplace,
 * which the window starts as a child process ($MP_SERVER_PROGRAM).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>

/* This program has names of its own (Fixture, Wait, TIMEOUT_MS, ...). */
#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"
#include "mp-api.h"
#include "mp-credentials.h"
#include "mp-orders-page.h"
#include "mp-provisioning-page.h"
#include "mp-reports-page.h"
#include "mp-preferences-window.h"
#include "mp-purchase-wizard.h"
#include "mp-customer-page.h"
#include "mp-customers-page.h"
#include "mp-storefront-page.h"
#include "mp-subscriptions-page.h"
#include "mp-subscription-page.h"
#include "mp-window.h"

typedef struct
{
  MpWindow *window;
  MpLoginPage *login;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autofree char *demo_dir = NULL;

  /* A database of its own: the last test's server may still be exiting. */
  demo_dir = g_build_filename (g_get_user_data_dir (), "demo", g_test_get_path (), NULL);
  g_setenv ("MP_DEMO_DATA_DIR", demo_dir, TRUE);
  fixture->window = mp_window_new (NULL);
  fixture->login = mp_window_get_login_page (fixture->window);
  gtk_window_present (GTK_WINDOW (fixture->window));
  MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), MP_TEST_TIMEOUT_MS);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  /* The next test's demo server needs the database: do not wait for the
   * window's last reference to go before this one stops.
   */
  mp_demo_server_stop (mp_window_get_demo_server (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
login_child (Fixture    *fixture,
             const char *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (fixture->login),
                                                  MP_TYPE_LOGIN_PAGE, name);
  g_assert_nonnull (child);
  return GTK_WIDGET (child);
}

static void
set_text (Fixture    *fixture,
          const char *row,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (login_child (fixture, row)), text);
}

static const char *
get_text (Fixture    *fixture,
          const char *row)
{
  return gtk_editable_get_text (GTK_EDITABLE (login_child (fixture, row)));
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GError) error = NULL;

  gboolean saved;

  gtk_test_widget_wait_for_draw (widget);
  saved = mp_test_render_png (widget, name, &error);
  g_assert_no_error (error);
  g_assert_true (saved);
}

static void
sign_in_demo (Fixture       *fixture,
              MpDemoAccount  account)
{
  mp_login_page_sign_in_demo (fixture->login, account);
  MP_WAIT_UNTIL (mp_window_get_signed_in (fixture->window), 30000);
  g_assert_nonnull (mp_window_get_session (fixture->window));
}

/* Waits until the demo server is up and the marketplace list is in. */
static void
wait_for_marketplaces (Fixture *fixture)
{
  AdwComboRow *row = ADW_COMBO_ROW (login_child (fixture, "marketplace_row"));

  MP_WAIT_UNTIL (adw_combo_row_get_selected_item (row) != NULL, 30000);
}

static void
test_login_page (Fixture       *fixture,
                 gconstpointer  data)
{
  g_assert_false (mp_window_get_signed_in (fixture->window));

  mp_login_page_restore (fixture->login);
  wait_for_marketplaces (fixture);

  /* Nothing typed: signing in is not possible yet. */
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->login), "login.sign-in", NULL) &&
                  mp_login_page_get_busy (fixture->login));
  set_text (fixture, "user_row", "demo-reseller");
  set_text (fixture, "key_row", "demo-subscription-key");
  save_png (GTK_WIDGET (fixture->window), "login.png");
}

static void
test_sections (Fixture       *fixture,
               gconstpointer  data)
{
  static const char *names[] = { "orders", "customers", "marketplace", "subscriptions" };
  GType types[G_N_ELEMENTS (names)];
  GtkWidget *root = GTK_WIDGET (fixture->window);
  AdwViewStack *stack;

  types[0] = MP_TYPE_ORDERS_PAGE;
  types[1] = MP_TYPE_CUSTOMERS_PAGE;
  types[2] = MP_TYPE_STOREFRONT_PAGE;
  types[3] = MP_TYPE_SUBSCRIPTIONS_PAGE;

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  stack = ADW_VIEW_STACK (mp_test_ui_find_widget (root, ADW_TYPE_VIEW_STACK));
  g_assert_nonnull (stack);
  g_assert_cmpstr (mp_window_get_visible_section (fixture->window), ==, "subscriptions");

  /* Only the section shown is built at sign-in: the others when first
   * shown, so the first list's page is asked for before anything else.
   */
  g_assert_nonnull (mp_test_ui_find_widget (root, MP_TYPE_SUBSCRIPTIONS_PAGE));
  for (guint i = 0; i < G_N_ELEMENTS (names) - 1; i++)
    g_assert_null (mp_test_ui_find_widget (root, types[i]));

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *child;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                                 "win.show-section", "s", names[i]));
      g_assert_cmpstr (mp_window_get_visible_section (fixture->window), ==, names[i]);
      child = adw_view_stack_get_visible_child (stack);
      MP_WAIT_UNTIL (gtk_widget_get_mapped (child), 2000);
      g_assert_nonnull (mp_test_ui_find_widget (child, types[i]));
    }

  /* An unknown section changes nothing. */
  g_test_expect_message ("mp-window", G_LOG_LEVEL_WARNING, "*No section called*");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section", "s", "nope");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (mp_window_get_visible_section (fixture->window), ==, "subscriptions");
}

/* The view switcher's tab for the section titled TITLE. */
static GtkWidget *
find_section_tab (GtkWidget  *root,
                  const char *title)
{
  GtkWidget *switcher = mp_test_ui_find_widget (root, ADW_TYPE_VIEW_SWITCHER);
  g_autoptr(GPtrArray) todo = g_ptr_array_new ();

  g_assert_nonnull (switcher);
  g_ptr_array_add (todo, switcher);
  while (todo->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

      if (GTK_IS_TOGGLE_BUTTON (w) && g_object_class_find_property (G_OBJECT_GET_CLASS (w), "label") != NULL)
        {
          g_autofree char *label = NULL;

          g_object_get (w, "label", &label, NULL);
          if (g_strcmp0 (label, title) == 0)
            return w;
        }
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
        g_ptr_array_add (todo, c);
    }
  return NULL;
}

/* A tab activated the way a screen reader does (no pointer, so no focus
 * on the tab) takes the section away from under the focus: the focus must
 * move into the section shown, never stay in the hidden page's search,
 * where typing would go into a list nobody sees.
 */
static void
test_section_tab_moves_focus (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkWidget *root = GTK_WIDGET (fixture->window);
  AdwViewStack *stack;
  GtkWidget *orders, *entry, *tab, *focus, *shown;

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  stack = ADW_VIEW_STACK (mp_test_ui_find_widget (root, ADW_TYPE_VIEW_STACK));
  g_assert_true (gtk_widget_activate_action (root, "win.show-section", "s", "orders"));
  orders = adw_view_stack_get_visible_child (stack);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (orders), 2000);
  entry = mp_test_ui_find_widget (orders, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (entry);
  gtk_widget_grab_focus (entry);
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (root)), orders));

  tab = find_section_tab (root, "My Subscriptions");
  g_assert_nonnull (tab);
  /* A button's activation clicks it a moment later, once drawn pressed. */
  gtk_widget_activate (tab);
  MP_WAIT_UNTIL (g_strcmp0 (mp_window_get_visible_section (fixture->window), "subscriptions") == 0, 2000);
  shown = adw_view_stack_get_visible_child (stack);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (shown) && !gtk_widget_get_mapped (orders), 2000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  focus = gtk_root_get_focus (GTK_ROOT (root));
  g_assert_nonnull (focus);
  g_assert_true (gtk_widget_get_mapped (focus));
  g_assert_false (gtk_widget_is_ancestor (focus, orders));
}

static GtkWidget *
find_action_button (GtkWidget  *root,
                    const char *action_name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) &&
          g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (child)), action_name) == 0)
        return child;
      if ((found = find_action_button (child, action_name)) != NULL)
        return found;
    }
  return NULL;
}

static gboolean
leaflet_settled (AdwLeaflet *leaflet)
{
  return !adw_leaflet_get_child_transition_running (leaflet);
}

static guint
leaflet_n_pages (AdwLeaflet *leaflet)
{
  g_autoptr(GtkSelectionModel) pages = adw_leaflet_get_pages (leaflet);

  return g_list_model_get_n_items (G_LIST_MODEL (pages));
}

/* Back from a drill-down page, with GTK's default animations on: by the
 * action (the Back button, Escape and Alt+Left are bound to it), from a
 * page opened from another page, and after the section switcher. The
 * leaflet must keep the sections however its "over" transition orders
 * the page widgets.
 */
static void
test_drill_down_back (Fixture       *fixture,
                      gconstpointer  data)
{
  static const struct { const char *action; const char *id; } opens[] = {
    { "win.open-subscription", "1000102" },
    { "win.open-customer", "1000001" },
    { "win.change-limits", "1000102" },
  };
  AdwLeaflet *leaflet;
  GtkWidget *sections;
  gboolean animations;

  g_object_get (gtk_settings_get_default (), "gtk-enable-animations", &animations, NULL);
  g_assert_true (animations);

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  leaflet = ADW_LEAFLET (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                        MP_TYPE_WINDOW, "leaflet"));
  sections = mp_window_get_visible_page (fixture->window);
  g_assert_cmpuint (leaflet_n_pages (leaflet), ==, 1);
  /* Until the leaflet has its size it is not folded, and shows pages
   * without a transition: wait for it, as a user sees the window first.
   */
  MP_WAIT_UNTIL (gtk_widget_get_width (GTK_WIDGET (leaflet)) > 0 && adw_leaflet_get_folded (leaflet), MP_TEST_TIMEOUT_MS);

  for (guint i = 0; i < G_N_ELEMENTS (opens); i++)
    {
      GtkWidget *page;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                                 opens[i].action, "s", opens[i].id));
      page = mp_window_get_visible_page (fixture->window);
      g_assert_true (page != sections);
      /* With animations on, the page slides in. */
      MP_WAIT_UNTIL (adw_leaflet_get_child_transition_running (leaflet), MP_TEST_TIMEOUT_MS);
      MP_WAIT_UNTIL (leaflet_settled (leaflet) && gtk_widget_get_mapped (page), MP_TEST_TIMEOUT_MS);
      g_assert_cmpuint (leaflet_n_pages (leaflet), ==, 2);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL));
      MP_WAIT_UNTIL (leaflet_settled (leaflet), MP_TEST_TIMEOUT_MS);
      g_assert_true (mp_window_get_visible_page (fixture->window) == sections);
      MP_WAIT_UNTIL (leaflet_n_pages (leaflet) == 1, MP_TEST_TIMEOUT_MS);
    }

  /* A double click on a single-click list activates its row twice: the
   * second page is pushed while the first one slides in.
   */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-customer", "s", "1000001");
  MP_WAIT_UNTIL (adw_leaflet_get_child_transition_running (leaflet), MP_TEST_TIMEOUT_MS);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-customer", "s", "1000001");
  MP_WAIT_UNTIL (leaflet_settled (leaflet), MP_TEST_TIMEOUT_MS);
  g_assert_true (MP_IS_CUSTOMER_PAGE (mp_window_get_visible_page (fixture->window)));
  g_assert_cmpuint (leaflet_n_pages (leaflet), ==, 2);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
  MP_WAIT_UNTIL (leaflet_settled (leaflet) && leaflet_n_pages (leaflet) == 1, MP_TEST_TIMEOUT_MS);
  g_assert_true (mp_window_get_visible_page (fixture->window) == sections);

  /* A page opened while the last one still slides in (a quick second
   * click): the leaflet reports the first slide over from inside the
   * second one; the page being shown must stay.
   */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-customer", "s", "1000001");
  MP_WAIT_UNTIL (adw_leaflet_get_child_transition_running (leaflet), MP_TEST_TIMEOUT_MS);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-subscription", "s", "1000102");
  MP_WAIT_UNTIL (leaflet_settled (leaflet), MP_TEST_TIMEOUT_MS);
  g_assert_true (MP_IS_SUBSCRIPTION_PAGE (mp_window_get_visible_page (fixture->window)));
  MP_WAIT_UNTIL (gtk_widget_get_mapped (mp_window_get_visible_page (fixture->window)), MP_TEST_TIMEOUT_MS);
  g_assert_cmpuint (leaflet_n_pages (leaflet), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
  MP_WAIT_UNTIL (leaflet_settled (leaflet) && leaflet_n_pages (leaflet) == 2, MP_TEST_TIMEOUT_MS);
  g_assert_true (MP_IS_CUSTOMER_PAGE (mp_window_get_visible_page (fixture->window)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
  MP_WAIT_UNTIL (leaflet_settled (leaflet) && leaflet_n_pages (leaflet) == 1, MP_TEST_TIMEOUT_MS);

  /* Focus returns to what opened the page. */
  {
    GtkWidget *opener = find_action_button (GTK_WIDGET (fixture->window), "win.buy-services");

    MP_WAIT_UNTIL (gtk_widget_get_mapped (opener), MP_TEST_TIMEOUT_MS);
    g_assert_true (gtk_widget_grab_focus (opener));
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-subscription", "s", "1000102");
    MP_WAIT_UNTIL (leaflet_settled (leaflet), MP_TEST_TIMEOUT_MS);
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
    MP_WAIT_UNTIL (leaflet_settled (leaflet) && leaflet_n_pages (leaflet) == 1, MP_TEST_TIMEOUT_MS);
    MP_WAIT_UNTIL (gtk_root_get_focus (GTK_ROOT (fixture->window)) == opener, MP_TEST_TIMEOUT_MS);
  }

  /* A page opened from a page: Back returns one level at a time. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-subscription", "s", "1000102");
  MP_WAIT_UNTIL (leaflet_settled (leaflet), MP_TEST_TIMEOUT_MS);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.change-limits", "s", "1000102");
  MP_WAIT_UNTIL (leaflet_settled (leaflet), MP_TEST_TIMEOUT_MS);
  g_assert_cmpuint (leaflet_n_pages (leaflet), ==, 3);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
  MP_WAIT_UNTIL (leaflet_settled (leaflet) && leaflet_n_pages (leaflet) == 2, MP_TEST_TIMEOUT_MS);
  g_assert_true (MP_IS_SUBSCRIPTION_PAGE (mp_window_get_visible_page (fixture->window)));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL);
  MP_WAIT_UNTIL (leaflet_settled (leaflet) && leaflet_n_pages (leaflet) == 1, MP_TEST_TIMEOUT_MS);
  g_assert_true (mp_window_get_visible_page (fixture->window) == sections);

  /* The section switcher (Alt+1..4) leaves a drill-down page too. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-order", "s", "1");
  MP_WAIT_UNTIL (leaflet_settled (leaflet), MP_TEST_TIMEOUT_MS);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.show-section", "s", "customers"));
  MP_WAIT_UNTIL (leaflet_settled (leaflet) && leaflet_n_pages (leaflet) == 1, MP_TEST_TIMEOUT_MS);
  g_assert_true (mp_window_get_visible_page (fixture->window) == sections);
  g_assert_cmpstr (mp_window_get_visible_section (fixture->window), ==, "customers");
}

/* The shortcut for ACCEL in the window's shortcuts window, or NULL. */
static GtkWidget *
find_shortcut (GtkWidget  *root,
               const char *accel)
{
  g_autofree char *accelerator = NULL;

  if (GTK_IS_SHORTCUTS_SHORTCUT (root))
    {
      g_object_get (root, "accelerator", &accelerator, NULL);
      if (g_strcmp0 (accelerator, accel) == 0)
        return root;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shortcut (child, accel);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The shortcuts window lists the sections of the account's role, by their
 * names in the switcher, and the other bindings of the window (the
 * shortcuts window copies each shortcut into its search page: the first
 * one found may be the copy).
 */
static void
assert_shortcuts (Fixture    *fixture,
                  const char *first_section,
                  gboolean    customers)
{
  GtkWidget *overlay = GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
  g_autofree char *title = NULL;

  g_assert_nonnull (overlay);
  g_object_get (find_shortcut (overlay, "<Alt>1"), "title", &title, NULL);
  g_assert_cmpstr (title, ==, first_section);
  /* Not even among the window's search results. */
  g_assert_true ((find_shortcut (overlay, "<Alt>2") != NULL) == customers);
  g_assert_nonnull (find_shortcut (overlay, "<Alt>3"));
  g_assert_nonnull (find_shortcut (overlay, "Escape <Alt>Left"));
  g_assert_nonnull (find_shortcut (overlay, "F5 <Control>r"));
  g_assert_nonnull (find_shortcut (overlay, "<Control>f"));
}

static void
test_reseller_and_customer (Fixture       *fixture,
                            gconstpointer  data)
{
  AdwViewStack *stack;
  AdwViewStackPage *page;
  MpAccount *account;

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  account = mp_session_get_account (mp_window_get_session (fixture->window));
  g_assert_true (mp_account_is_reseller (account));
  stack = ADW_VIEW_STACK (mp_test_ui_find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_VIEW_STACK));
  page = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "subscriptions"));
  g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, "My Subscriptions");
  page = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "customers"));
  g_assert_true (adw_view_stack_page_get_visible (page));
  assert_shortcuts (fixture, "My Subscriptions", TRUE);
  save_png (GTK_WIDGET (fixture->window), "signed-in-reseller.png");

  /* The switcher lists the reseller's own subscription, and searches it
   * whatever the case of what is typed.
   */
  {
    GtkEditable *search = GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                      MP_TYPE_WINDOW, "switcher_search"));
    GtkListView *list = GTK_LIST_VIEW (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                     MP_TYPE_WINDOW, "switcher_list"));
    GListModel *model;
    GtkStack *switcher_stack = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                        MP_TYPE_WINDOW, "switcher_stack"));
    GtkMenuButton *switcher_button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                   MP_TYPE_WINDOW, "switcher_button"));
    GtkMenuButton *account_button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (fixture->window),
                                                                                  MP_TYPE_WINDOW, "account_button"));

    /* Its list is not asked for at sign-in, but when it opens. */
    g_assert_null (gtk_list_view_get_model (list));

    /* The tooltip stays off the popover it belongs to while it is open. */
    g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (switcher_button)));
    gtk_menu_button_popup (switcher_button);
    MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (switcher_button))), MP_TEST_TIMEOUT_MS);
    g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (switcher_button)));
    g_assert_nonnull (gtk_list_view_get_model (list));
    model = G_LIST_MODEL (gtk_list_view_get_model (list));
    MP_WAIT_UNTIL (g_list_model_get_n_items (model) == 1, 30000);
    MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (switcher_stack), "list") == 0, MP_TEST_TIMEOUT_MS);

    gtk_editable_set_text (search, "connector FOR resellers");
    MP_WAIT_UNTIL (g_list_model_get_n_items (model) == 1, MP_TEST_TIMEOUT_MS);
    gtk_editable_set_text (search, "no such subscription");
    MP_WAIT_UNTIL (g_list_model_get_n_items (model) == 0, MP_TEST_TIMEOUT_MS);
    /* Not an empty popover: it says that nothing matches. */
    MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (switcher_stack), "no-results") == 0, MP_TEST_TIMEOUT_MS);
    save_png (GTK_WIDGET (gtk_menu_button_get_popover (switcher_button)), "switcher-no-results.png");
    gtk_editable_set_text (search, "");
    MP_WAIT_UNTIL (g_list_model_get_n_items (model) == 1, MP_TEST_TIMEOUT_MS);
    MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (switcher_stack), "list") == 0, MP_TEST_TIMEOUT_MS);
    gtk_menu_button_popdown (switcher_button);
    MP_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (switcher_button))), MP_TEST_TIMEOUT_MS);
    g_assert_true (gtk_widget_get_has_tooltip (GTK_WIDGET (switcher_button)));

    /* The account menu (its popover is made anew with each account). */
    gtk_menu_button_popup (account_button);
    MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (gtk_menu_button_get_popover (account_button))), MP_TEST_TIMEOUT_MS);
    g_assert_false (gtk_widget_get_has_tooltip (GTK_WIDGET (account_button)));
    gtk_menu_button_popdown (account_button);
    MP_WAIT_UNTIL (gtk_widget_get_has_tooltip (GTK_WIDGET (account_button)), MP_TEST_TIMEOUT_MS);
  }

  /* The subscriptions list keeps a local copy of the account's lists
   * (mode 0600), kept by the demo marketplace's data folder rather than by
   * its address (another port at each start) ...
   */
  {
    MpSession *session = mp_window_get_session (fixture->window);
    MpClient *client = mp_session_get_client (session);
    g_autofree char *key = g_strconcat ("demo:", g_getenv ("MP_DEMO_DATA_DIR"), NULL);
    g_autofree char *mirror = mp_mirror_build_path (key, mp_client_get_marketplace (client),
                                                    mp_client_get_user (client));
    g_autofree char *by_url = mp_mirror_build_path (mp_client_get_base_url (client),
                                                    mp_client_get_marketplace (client),
                                                    mp_client_get_user (client));
    GStatBuf st;

    g_assert_cmpstr (mp_session_get_mirror_key (session), ==, key);
    g_assert_cmpstr (mp_mirror_get_path (mp_session_get_mirror (session)), ==, mirror);
    MP_WAIT_UNTIL (g_file_test (mirror, G_FILE_TEST_EXISTS), MP_TEST_TIMEOUT_MS);
    g_assert_false (g_file_test (by_url, G_FILE_TEST_EXISTS));
    g_assert_cmpint (g_stat (mirror, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);

    /* Signing out goes back to the form, which forgot the password; the
     * copy is gone.
     */
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL));
    g_assert_false (g_file_test (mirror, G_FILE_TEST_EXISTS));
  }
  g_assert_false (mp_window_get_signed_in (fixture->window));
  g_assert_null (mp_window_get_session (fixture->window));
  g_assert_cmpstr (get_text (fixture, "password_row"), ==, "");
  g_assert_cmpstr (get_text (fixture, "user_row"), ==, "demo-reseller");

  /* A customer has no Customers section, and its shortcut does nothing. */
  sign_in_demo (fixture, MP_DEMO_ACCOUNT_CUSTOMER);
  account = mp_session_get_account (mp_window_get_session (fixture->window));
  g_assert_false (mp_account_is_reseller (account));
  g_assert_cmpstr (mp_account_get_name (account), ==, "Acme Corporation");
  page = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "subscriptions"));
  g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, "Subscriptions");
  page = adw_view_stack_get_page (stack, adw_view_stack_get_child_by_name (stack, "customers"));
  g_assert_false (adw_view_stack_page_get_visible (page));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section", "s", "customers");
  g_assert_cmpstr (mp_window_get_visible_section (fixture->window), ==, "subscriptions");
  assert_shortcuts (fixture, "Subscriptions", FALSE);
}

/* The demo sign-in does not wait for the marketplace list: it goes to the
 * last demo marketplace, or the demo's first when the last sign-in was to
 * another server, and the list then shows the same one.
 */
static void
test_demo_sign_in_marketplace (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  AdwComboRow *row = ADW_COMBO_ROW (login_child (fixture, "marketplace_row"));
  MpClient *client;

  g_settings_set_string (settings, "last-server-url", "");
  g_settings_set_string (settings, "last-marketplace", "DE");
  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  client = mp_session_get_client (mp_window_get_session (fixture->window));
  g_assert_cmpstr (mp_client_get_marketplace (client), ==, "DE");
  g_assert_true (g_str_has_suffix (mp_client_get_base_url (client), "/marketplace/DE"));
  MP_WAIT_UNTIL (adw_combo_row_get_selected_item (row) != NULL, 30000);
  g_assert_cmpstr (mp_marketplace_get_code (adw_combo_row_get_selected_item (row)), ==, "DE");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.sign-out", NULL));

  /* On the next start, after a sign-in to another server: its
   * marketplace code means nothing here. */
  teardown (fixture, data);
  g_settings_set_string (settings, "last-server-url", "https://api.example.com/marketplace/fr");
  g_settings_set_string (settings, "last-marketplace", "FR");
  setup (fixture, data);
  sign_in_demo (fixture, MP_DEMO_ACCOUNT_CUSTOMER);
  client = mp_session_get_client (mp_window_get_session (fixture->window));
  g_assert_cmpstr (mp_client_get_marketplace (client), ==, "US");
  {
    g_autofree char *last = g_settings_get_string (settings, "last-marketplace");

    g_assert_cmpstr (last, ==, "US");
  }

  g_settings_reset (settings, "last-server-url");
  g_settings_reset (settings, "last-marketplace");
}

/* The demo marketplace starts on another port each time: its local copy is
 * the same file from one start to the next, opened before the refresh.
 */
static void
test_demo_mirror_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *first_url = NULL;
  MpSession *session;
  MpMirror *mirror;

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  session = mp_window_get_session (fixture->window);
  mirror = mp_session_get_mirror (session);
  path = g_strdup (mp_mirror_get_path (mirror));
  first_url = g_strdup (mp_client_get_base_url (mp_session_get_client (session)));
  MP_WAIT_UNTIL (mp_mirror_get_updated (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS) != NULL &&
                 !mp_mirror_get_refreshing (mirror), 30000);

  /* Quit and start again, on the same data folder. */
  teardown (fixture, data);
  setup (fixture, data);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  session = mp_window_get_session (fixture->window);
  g_test_message ("first start %s, second %s", first_url,
                  mp_client_get_base_url (mp_session_get_client (session)));
  mirror = mp_session_get_mirror (session);
  g_assert_cmpstr (mp_mirror_get_path (mirror), ==, path);
  /* Nothing was rebuilt: the rows of the first start are there. */
  MP_WAIT_UNTIL (mp_mirror_get_updated (mirror, MP_MIRROR_KIND_SUBSCRIPTIONS) != NULL, 30000);
  g_assert_cmpuint (mp_mirror_get_rebuilds (mirror), ==, 0);
}

static void
test_wrong_password (Fixture       *fixture,
                     gconstpointer  data)
{
  mp_login_page_restore (fixture->login);
  wait_for_marketplaces (fixture);

  set_text (fixture, "user_row", "demo-reseller");
  set_text (fixture, "password_row", "not-the-password");
  set_text (fixture, "key_row", "demo-subscription-key");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->login), "login.sign-in", NULL));
  MP_WAIT_UNTIL (mp_login_page_get_busy (fixture->login), 2000);
  MP_WAIT_UNTIL (!mp_login_page_get_busy (fixture->login), 30000);

  g_assert_false (mp_window_get_signed_in (fixture->window));
  g_assert_nonnull (mp_login_page_get_error_text (fixture->login));
  g_assert_nonnull (strstr (mp_login_page_get_error_text (fixture->login), "not right"));
  /* What was typed is still there to correct. */
  g_assert_cmpstr (get_text (fixture, "user_row"), ==, "demo-reseller");
  g_assert_cmpstr (get_text (fixture, "password_row"), ==, "not-the-password");
  g_assert_cmpstr (get_text (fixture, "key_row"), ==, "demo-subscription-key");
  save_png (GTK_WIDGET (fixture->window), "login-wrong-password.png");

  /* Corrected, it signs in. */
  set_text (fixture, "password_row", "Demo-Reseller-1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->login), "login.sign-in", NULL));
  MP_WAIT_UNTIL (mp_window_get_signed_in (fixture->window), 30000);
  g_assert_null (mp_login_page_get_error_text (fixture->login));
}

static void
test_custom_server_errors (Fixture       *fixture,
                           gconstpointer  data)
{
  GtkWidget *url_row;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *closed_url = NULL;

  /* A port that was free a moment ago: nothing listens there. */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  closed_url = g_strdup_printf ("http://127.0.0.1:%u/marketplace/us",
                                g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  g_socket_close (socket, NULL);

  url_row = login_child (fixture, "url_row");
  set_text (fixture, "user_row", "someone");
  set_text (fixture, "password_row", "secret");
  set_text (fixture, "key_row", "key");

  /* Plain HTTP to another machine is refused as it is typed. */
  mp_login_page_use_server (fixture->login, "http://marketplace.example.com/marketplace/us");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_false (gtk_widget_activate_action (GTK_WIDGET (fixture->login), "login.sign-in", NULL) &&
                  mp_login_page_get_busy (fixture->login));

  /* An unreachable server gets a clear message, and the form is kept. */
  mp_login_page_use_server (fixture->login, closed_url);
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->login), "login.sign-in", NULL));
  MP_WAIT_UNTIL (mp_login_page_get_error_text (fixture->login) != NULL, 30000);
  MP_WAIT_UNTIL (!mp_login_page_get_busy (fixture->login), 30000);
  g_assert_nonnull (strstr (mp_login_page_get_error_text (fixture->login), "cannot be reached"));
  g_assert_cmpstr (get_text (fixture, "user_row"), ==, "someone");
  g_assert_cmpstr (get_text (fixture, "password_row"), ==, "secret");
  g_assert_false (mp_window_get_signed_in (fixture->window));
}

static void
test_window_state_settings (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  int width;

  g_settings_set_int (settings, "window-width", 900);
  g_object_get (fixture->window, "default-width", &width, NULL);
  g_assert_cmpint (width, ==, 900);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = mp_test_artifact_path ("main-window.png");
  g_autofree guchar *pixels = NULL;
  int width, height;
  gsize stride;
  gboolean varied = FALSE;

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  save_png (GTK_WIDGET (fixture->window), "main-window.png");

  /* The file is a real picture of the window, not one flat colour. */
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (height, >, 200);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * (gsize) height && !varied; i += 4)
    varied = memcmp (pixels, pixels + i, 4) != 0;
  g_assert_true (varied);
}

static GtkWindow *
find_wizard (GListModel *toplevels)
{
  guint n = g_list_model_get_n_items (toplevels);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (MP_IS_PURCHASE_WIZARD (window))
        return GTK_WINDOW (window);
    }
  return NULL;
}


/* My Subscriptions > Buy More Services opens the purchase wizard, modal
 * over the window, for the account itself.
 */
static void
test_buy_more_services (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *button;
  GtkWindow *wizard = NULL;
  GListModel *toplevels;

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  button = find_action_button (GTK_WIDGET (fixture->window), "win.buy-services");
  g_assert_nonnull (button);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (button), MP_TEST_TIMEOUT_MS);
  g_assert_true (gtk_widget_is_sensitive (button));

  g_signal_emit_by_name (button, "clicked");
  toplevels = gtk_window_get_toplevels ();
  MP_WAIT_UNTIL ((wizard = find_wizard (toplevels)) != NULL, MP_TEST_TIMEOUT_MS);
  g_assert_true (gtk_window_get_transient_for (wizard) == GTK_WINDOW (fixture->window));
  g_assert_true (gtk_window_get_modal (wizard));
  gtk_window_destroy (wizard);
}

typedef struct
{
  gboolean   done;
  MpSecrets *secrets;
  GError    *error;
} Lookup;

static void
lookup_done_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Lookup *lookup = user_data;

  lookup->secrets = mp_credentials_lookup_finish (MP_CREDENTIALS (object), result, &lookup->error);
  lookup->done = TRUE;
}

static MpSecrets *
lookup_demo_secrets (const char  *user,
                     GError     **error)
{
  g_autoptr(MpCredentials) credentials = mp_credentials_new ();
  g_autofree char *id = mp_login_page_credentials_id ("", "US");
  Lookup lookup = { 0 };

  mp_credentials_lookup_async (credentials, id, user, NULL, lookup_done_cb, &lookup);
  MP_WAIT_UNTIL (lookup.done, 10000);
  if (lookup.error != NULL)
    g_propagate_error (error, lookup.error);
  return lookup.secrets;
}

/* "Remember Me" puts the password in the keyring, and the next start
 * signs in with it at once. Needs the Secret Service: CI provides one
 * (MP_REQUIRE_KEYRING=1) and there the test fails rather than skip.
 */
static void
test_remember_me (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSecrets) secrets = NULL;
  g_autofree char *last_user = NULL;
  MpWindow *second;
  gint64 deadline;

  gtk_switch_set_active (GTK_SWITCH (login_child (fixture, "remember_switch")), TRUE);
  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);

  /* The store is asynchronous: wait for the item to appear. */
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (secrets == NULL && g_get_monotonic_time () < deadline)
    {
      g_clear_error (&error);
      secrets = lookup_demo_secrets ("demo-reseller", &error);
      if (g_error_matches (error, MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_NO_KEYRING))
        break;
    }
  if (g_error_matches (error, MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_NO_KEYRING) &&
      g_getenv ("MP_REQUIRE_KEYRING") == NULL)
    {
      g_test_skip ("No Secret Service (run under build-aux/keyring-run.sh)");
      return;
    }
  g_assert_no_error (error);
  g_assert_nonnull (secrets);
  g_assert_cmpstr (secrets->password, ==, "Demo-Reseller-1");
  g_assert_cmpstr (secrets->subscription_key, ==, "demo-subscription-key");
  last_user = g_settings_get_string (settings, "last-user");
  g_assert_cmpstr (last_user, ==, "demo-reseller");

  /* A new window (the next start) goes straight to the main window. */
  mp_demo_server_stop (mp_window_get_demo_server (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  {
    /* The same user's next start; its own database, as above. */
    g_autofree char *demo_dir = g_build_filename (g_get_user_data_dir (), "demo",
                                                  g_test_get_path (), "second", NULL);

    g_setenv ("MP_DEMO_DATA_DIR", demo_dir, TRUE);
  }
  second = mp_window_new (NULL);
  fixture->window = second;
  fixture->login = mp_window_get_login_page (second);
  gtk_window_present (GTK_WINDOW (second));
  mp_login_page_restore (fixture->login);
  MP_WAIT_UNTIL (mp_window_get_signed_in (second), 30000);
  g_assert_true (mp_account_is_reseller (mp_session_get_account (mp_window_get_session (second))));

  /* Signing out forgets the password at once: quitting now, the next
   * start would ask for it.
   */
  gtk_widget_activate_action (GTK_WIDGET (second), "win.sign-out", NULL);
  g_assert_false (mp_window_get_signed_in (second));
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (login_child (fixture, "remember_switch"))));
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  do
    {
      g_clear_pointer (&secrets, mp_secrets_free);
      secrets = lookup_demo_secrets ("demo-reseller", &error);
      g_assert_no_error (error);
    }
  while (secrets != NULL && g_get_monotonic_time () < deadline);
  g_assert_null (secrets);
}

static void
test_preferences (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  GtkWidget *prefs;
  AdwComboRow *style_row;
  GtkSpinButton *spin;
  GtkWidget *forget;
  g_autofree char *scheme = NULL;

  /* Earlier tests of this program signed in; start as a new user. */
  g_settings_reset (settings, "last-user");
  prefs = mp_preferences_window_new (GTK_WINDOW (fixture->window));
  gtk_window_present (GTK_WINDOW (prefs));
  MP_WAIT_UNTIL (gtk_widget_get_mapped (prefs), MP_TEST_TIMEOUT_MS);
  style_row = ADW_COMBO_ROW (gtk_widget_get_template_child (prefs, MP_TYPE_PREFERENCES_WINDOW, "style_row"));
  spin = GTK_SPIN_BUTTON (gtk_widget_get_template_child (prefs, MP_TYPE_PREFERENCES_WINDOW, "page_size_spin"));
  forget = GTK_WIDGET (gtk_widget_get_template_child (prefs, MP_TYPE_PREFERENCES_WINDOW, "forget_button"));

  /* Both ways between the widgets and the settings. */
  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 0);
  adw_combo_row_set_selected (style_row, 2);
  scheme = g_settings_get_string (settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");
  g_settings_set_string (settings, "color-scheme", "light");
  g_assert_cmpuint (adw_combo_row_get_selected (style_row), ==, 1);
  g_settings_set_string (settings, "color-scheme", "default");

  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 500);
  gtk_spin_button_set_value (spin, 100);
  g_assert_cmpuint (g_settings_get_uint (settings, "page-size"), ==, 100);
  /* Out of range is clamped by the widget, never stored. */
  gtk_spin_button_set_value (spin, 5);
  g_assert_cmpuint (g_settings_get_uint (settings, "page-size"), ==, 50);
  g_settings_reset (settings, "page-size");

  /* Nobody signed in yet: there is no password to forget. */
  g_assert_false (gtk_widget_get_sensitive (forget));
  save_png (prefs, "preferences.png");
  gtk_window_destroy (GTK_WINDOW (prefs));
}

/* The demo marketplace dies (kill -9) while an order is being provisioned. */

#define HEAL_TIMEOUT_MS 30000
/* The demo customer's Woodgrove subscription, with WGS-EP-DEVICE 40. */
#define WOODGROVE_ID    "1000103"

typedef struct
{
  gboolean  done;
  gpointer  result;
  GError   *error;
} Wait;

static void
subscription_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = mp_client_get_subscription_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = mp_client_place_order_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

/* A change order placed the way the limits page does. */
static MpOrder *
place_change (MpClient *client)
{
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(MpOrderDraft) draft = NULL;
  Wait wait = { FALSE, NULL, NULL };

  mp_client_get_subscription_async (client, WOODGROVE_ID, NULL, subscription_cb, &wait);
  MP_WAIT_UNTIL (wait.done, HEAL_TIMEOUT_MS);
  g_assert_no_error (wait.error);
  subscription = wait.result;

  draft = mp_order_draft_new_change (subscription);
  mp_order_draft_set_quantity (draft, "WGS-EP-DEVICE", 44);
  g_assert_true (mp_order_draft_get_valid (draft));
  wait = (Wait) { FALSE, NULL, NULL };
  mp_client_place_order_async (client, draft, NULL, place_cb, &wait);
  MP_WAIT_UNTIL (wait.done, HEAL_TIMEOUT_MS);
  g_assert_no_error (wait.error);
  return wait.result;
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static gpointer
page_child (GtkWidget  *page,
            GType       type,
            const char *name)
{
  GObject *child = gtk_widget_get_template_child (page, type, name);

  g_assert_nonnull (child);
  return child;
}

/* The Orders section's row of ORDER_ID, or NULL. */
static MpOrder *
orders_row (GtkWidget  *orders_page,
            const char *order_id)
{
  GtkColumnView *view = page_child (orders_page, MP_TYPE_ORDERS_PAGE, "column_view");
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MpOrder) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (mp_order_get_id (row), order_id) == 0)
        return row;
    }
  return NULL;
}

static MpOrderStatus
row_status (GtkWidget  *orders_page,
            const char *order_id)
{
  MpOrder *row = orders_row (orders_page, order_id);

  return row != NULL ? mp_order_get_status (row) : MP_ORDER_STATUS_UNKNOWN;
}

/* kill -9 of the demo server mid-provisioning: the window says so in one
 * line, the server comes back on the same address and data, the order
 * completes without a click, and the Orders list agrees with its page.
 */
static void
test_killed_mid_provisioning (Fixture       *fixture,
                              gconstpointer  data)
{
  MpDemoServer *demo = mp_window_get_demo_server (fixture->window);
  MpSession *session;
  MpClient *client;
  g_autoptr(MpOrder) placed = NULL;
  g_autofree char *url = NULL;
  g_autofree char *base_url = NULL;
  MpOrder *order;
  GtkWidget *orders_page;
  GtkWidget *provisioning;

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_CUSTOMER);
  session = mp_window_get_session (fixture->window);
  client = mp_session_get_client (session);
  url = g_strdup (mp_demo_server_get_url (demo));
  base_url = g_strdup (mp_client_get_base_url (client));

  /* The Orders section is loaded before the order is placed. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section", "s", "orders");
  orders_page = mp_test_ui_find_widget (GTK_WIDGET (fixture->window), MP_TYPE_ORDERS_PAGE);
  g_assert_nonnull (orders_page);

  placed = place_change (client);
  order = mp_session_track_order (session, placed);
  MP_WAIT_UNTIL (row_status (orders_page, mp_order_get_id (order)) == MP_ORDER_STATUS_SUBMITTED ||
                 row_status (orders_page, mp_order_get_id (order)) == MP_ORDER_STATUS_PROCESSING,
                 HEAL_TIMEOUT_MS);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-order", "s", mp_order_get_id (order));
  MP_WAIT_UNTIL (MP_IS_PROVISIONING_PAGE (mp_window_get_visible_page (fixture->window)), HEAL_TIMEOUT_MS);
  provisioning = mp_window_get_visible_page (fixture->window);
  MP_WAIT_UNTIL (mp_order_get_step (order) >= 1, HEAL_TIMEOUT_MS);
  g_assert_false (mp_order_get_final (order));

  g_assert_nonnull (mp_demo_server_get_identifier (demo));
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (mp_demo_server_get_identifier (demo), NULL, 10),
                         SIGKILL), ==, 0);

  /* One line says what happened; the server is back where it was. */
  MP_WAIT_UNTIL (has_label (GTK_WIDGET (fixture->window),
                            "The demo marketplace stopped and was restarted"), HEAL_TIMEOUT_MS);
  g_assert_true (mp_demo_server_get_running (demo));
  g_assert_cmpstr (mp_demo_server_get_url (demo), ==, url);
  g_assert_cmpstr (mp_client_get_base_url (client), ==, base_url);
  save_png (GTK_WIDGET (fixture->window), "demo-restarted.png");

  /* No click: the order is followed to the end. */
  MP_WAIT_UNTIL (mp_order_get_final (order), 60000);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  MP_WAIT_UNTIL (gtk_widget_get_visible (page_child (provisioning, MP_TYPE_PROVISIONING_PAGE,
                                                     "open_button")), HEAL_TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (page_child (provisioning, MP_TYPE_PROVISIONING_PAGE,
                                                      "error_box")));
  g_assert_false (mp_session_get_offline (session));

  /* The list, reloaded from the server, says the same as the page. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section", "s", "orders");
  MP_WAIT_UNTIL (row_status (orders_page, mp_order_get_id (order)) == MP_ORDER_STATUS_COMPLETED,
                 HEAL_TIMEOUT_MS);
  g_assert_true (orders_row (orders_page, mp_order_get_id (order)) != order);
  save_png (GTK_WIDGET (fixture->window), "demo-restarted-orders.png");
}

/* Billing Reports: an item of the primary menu, win.reports, opens the
 * reports page as a drill-down; Back returns to the sections. */
static void
test_billing_reports (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkMenuButton *menu_button;
  GMenuModel *menu;
  GtkWidget *sections;
  gboolean listed = FALSE;

  sign_in_demo (fixture, MP_DEMO_ACCOUNT_RESELLER);
  sections = mp_window_get_visible_page (fixture->window);
  menu_button = GTK_MENU_BUTTON (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), MP_TYPE_WINDOW,
                                                                "menu_button"));
  menu = gtk_menu_button_get_menu_model (menu_button);
  for (int i = 0; i < g_menu_model_get_n_items (menu) && !listed; i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);

      for (int j = 0; section != NULL && j < g_menu_model_get_n_items (section); j++)
        {
          g_autofree char *action = NULL;
          g_autofree char *label = NULL;

          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_ACTION, "s", &action);
          g_menu_model_get_item_attribute (section, j, G_MENU_ATTRIBUTE_LABEL, "s", &label);
          if (g_strcmp0 (action, "win.reports") == 0)
            {
              g_assert_cmpstr (label, ==, "_Billing Reports");
              listed = TRUE;
            }
        }
    }
  g_assert_true (listed);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.reports", NULL));
  g_assert_true (MP_IS_REPORTS_PAGE (mp_window_get_visible_page (fixture->window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL));
  MP_WAIT_UNTIL (mp_window_get_visible_page (fixture->window) == sections, MP_TEST_TIMEOUT_MS);
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/window/login-page", Fixture, NULL, setup, test_login_page, teardown);
  g_test_add ("/window/sections", Fixture, NULL, setup, test_sections, teardown);
  g_test_add ("/window/section-tab-moves-focus", Fixture, NULL, setup, test_section_tab_moves_focus, teardown);
  g_test_add ("/window/drill-down-back", Fixture, NULL, setup, test_drill_down_back, teardown);
  g_test_add ("/window/reseller-and-customer", Fixture, NULL, setup, test_reseller_and_customer, teardown);
  g_test_add ("/window/demo-sign-in-marketplace", Fixture, NULL, setup, test_demo_sign_in_marketplace, teardown);
  g_test_add ("/window/demo-mirror-kept", Fixture, NULL, setup, test_demo_mirror_kept, teardown);
  g_test_add ("/window/wrong-password", Fixture, NULL, setup, test_wrong_password, teardown);
  g_test_add ("/window/custom-server-errors", Fixture, NULL, setup, test_custom_server_errors, teardown);
  g_test_add ("/window/state-settings", Fixture, NULL, setup, test_window_state_settings, teardown);
  g_test_add ("/window/buy-more-services", Fixture, NULL, setup, test_buy_more_services, teardown);
  g_test_add ("/window/remember-me", Fixture, NULL, setup, test_remember_me, teardown);
  g_test_add ("/window/preferences", Fixture, NULL, setup, test_preferences, teardown);
  g_test_add ("/window/billing-reports", Fixture, NULL, setup, test_billing_reports, teardown);
  g_test_add ("/window/render", Fixture, NULL, setup, test_render, teardown);
  g_test_add ("/window/demo-killed-mid-provisioning", Fixture, NULL, setup,
              test_killed_mid_provisioning, teardown);

  return g_test_run ();
}
