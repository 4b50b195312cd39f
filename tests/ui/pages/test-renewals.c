/* test-renewals.c: the Renewals section against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "mp-a11y.h"
#include "mp-api.h"
#include "mp-client-test-util.h"
#include "mp-mirror-list.h"
#include "mp-page-util.h"
#include "mp-renewals-page.h"
#include "mp-session.h"
#include "mp-test-ui.h"

/* Helpers */

/* Whether S is active and renews within DAYS days of today, worked out
 * here from its date rather than by the page's rules.
 */
static gboolean
renews_within (MpSubscription *s,
               guint           days)
{
  GDate today;
  GDate renewal;
  int ahead;

  mp_renewal_get_today (&today);
  if (g_strcmp0 (mp_subscription_get_status (s), "active") != 0)
    return FALSE;
  g_date_clear (&renewal, 1);
  g_date_set_parse (&renewal, mp_subscription_get_renewal_date (s));
  g_assert_true (g_date_valid (&renewal));
  ahead = g_date_days_between (&today, &renewal);
  return ahead >= 0 && ahead <= (int) days;
}

/* The subscriptions of the account that renew within DAYS, as the client lists them. */
static GPtrArray *
expected_renewals (Fixture    *fixture,
                   guint       days,
                   const char *customer_id)
{
  g_autoptr(MpPagedList) list = mp_client_list_subscriptions (fixture->client, NULL, NULL);
  GPtrArray *result = g_ptr_array_new_with_free_func (g_object_unref);

  mp_test_ui_wait_list (list);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MpSubscription) s = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (renews_within (s, days) &&
          (customer_id == NULL || g_strcmp0 (mp_subscription_get_customer_id (s), customer_id) == 0))
        g_ptr_array_add (result, g_steal_pointer (&s));
    }
  return result;
}

/* The total charged at the renewal of subscription ID, summed here from its
 * lines' unit prices: (limit - included) x unit price of each recurring
 * line; one-time services are not charged again. "—" when it does not
 * renew automatically.
 */
static char *
expected_total (Fixture    *fixture,
                const char *id)
{
  g_autoptr(MpSubscription) s = get_subscription (fixture, id);
  GListModel *lines = mp_subscription_get_resources (s);
  gint64 minor = 0;
  MpMoney total;
  const char *currency = NULL;

  if (!mp_subscription_get_auto_renew (s))
    return g_strdup ("—");
  g_assert_cmpuint (g_list_model_get_n_items (lines), >, 0);
  for (guint i = 0; i < g_list_model_get_n_items (lines); i++)
    {
      g_autoptr(MpSubscriptionResource) line = g_list_model_get_item (lines, i);
      const MpMoney *unit = mp_subscription_resource_get_unit_price (line);

      g_assert_nonnull (unit);
      currency = unit->currency;
      if (mp_subscription_resource_get_one_time (line))
        continue;
      minor += MAX (0, mp_subscription_resource_get_quantity (line) - mp_subscription_resource_get_included (line))
               * unit->minor;
    }
  mp_money_init (&total, minor, currency);
  return mp_money_format (&total);
}

static void
get_customer_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = mp_client_get_customer_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static int
compare_texts (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The texts of the Recurring Total cells on screen equal EXPECTED (in any order). */
static gboolean
totals_shown (GtkWidget *page,
              GPtrArray *expected)
{
  g_autoptr(GPtrArray) shown = collect_labels (child (page, "column_view"), "numeric");

  if (shown->len != expected->len)
    return FALSE;
  g_ptr_array_sort (shown, compare_texts);
  g_ptr_array_sort (expected, compare_texts);
  for (guint i = 0; i < shown->len; i++)
    if (g_strcmp0 (g_ptr_array_index (shown, i), g_ptr_array_index (expected, i)) != 0)
      return FALSE;
  return TRUE;
}

static void
assert_rows (GListModel *model,
             GPtrArray  *expected)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, expected->len);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MpSubscription) row = g_list_model_get_item (model, i);
      gboolean found = FALSE;

      for (guint j = 0; j < expected->len && !found; j++)
        found = g_strcmp0 (mp_subscription_get_id (g_ptr_array_index (expected, j)), mp_subscription_get_id (row)) == 0;
      g_assert_true (found);
      /* Soonest first. */
      if (i > 0)
        {
          g_autoptr(MpSubscription) before = g_list_model_get_item (model, i - 1);

          g_assert_cmpstr (mp_subscription_get_renewal_date (before), <=, mp_subscription_get_renewal_date (row));
        }
    }
}

/* The menu button of the row of subscription ID. */
static GtkMenuButton *
row_menu_button (GtkWidget  *root,
                 const char *id)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkMenuButton *found;

      if (GTK_IS_MENU_BUTTON (w) && g_strcmp0 (g_object_get_data (G_OBJECT (w), "mp-subscription-id"), id) == 0)
        return GTK_MENU_BUTTON (w);
      if ((found = row_menu_button (w, id)) != NULL)
        return found;
    }
  return NULL;
}

/* The item of MENU (sections included) labelled LABEL: its action and target. */
static gboolean
menu_item (GMenuModel  *menu,
           const char  *label,
           char       **action,
           GVariant   **target)
{
  for (int i = 0; i < g_menu_model_get_n_items (menu); i++)
    {
      g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, i, G_MENU_LINK_SECTION);
      g_autofree char *text = NULL;

      if (section != NULL && menu_item (section, label, action, target))
        return TRUE;
      if (g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_LABEL, "s", &text) &&
          g_strcmp0 (text, label) == 0)
        {
          g_menu_model_get_item_attribute (menu, i, G_MENU_ATTRIBUTE_ACTION, "s", action);
          *target = g_menu_model_get_item_attribute_value (menu, i, G_MENU_ATTRIBUTE_TARGET, NULL);
          return TRUE;
        }
    }
  return FALSE;
}

/* Tests */

static void
test_renewals_list (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkWidget *page = mp_renewals_page_new (fixture->session);
  g_autoptr(GPtrArray) in_30 = expected_renewals (fixture, 30, NULL);
  g_autoptr(GPtrArray) in_90 = expected_renewals (fixture, 90, NULL);
  g_autoptr(GPtrArray) totals = g_ptr_array_new_with_free_func (g_free);
  GListModel *model;

  /* The demo's monthly subscriptions all renew within a month. */
  g_assert_cmpuint (in_30->len, >=, 2);
  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0, TIMEOUT_MS);
  model = column_model (page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == in_30->len, TIMEOUT_MS);
  assert_rows (model, in_30);

  /* The totals come from each subscription's details. */
  for (guint i = 0; i < in_30->len; i++)
    g_ptr_array_add (totals, expected_total (fixture, mp_subscription_get_id (g_ptr_array_index (in_30, i))));
  MP_WAIT_UNTIL (totals_shown (page, totals), TIMEOUT_MS);
  g_assert_true (label_contains (page, "On"));
  render (GTK_WIDGET (fixture->window), "renewals.png");

  /* 90 days: the yearly ones that renew by then as well. */
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 2);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == in_90->len, TIMEOUT_MS);
  assert_rows (model, in_90);
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 0);
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == in_30->len, TIMEOUT_MS);

  /* By customer: the first customer that has a renewal. */
  {
    MpSubscription *first = g_ptr_array_index (in_30, 0);
    g_autoptr(GPtrArray) theirs = expected_renewals (fixture, 30, mp_subscription_get_customer_id (first));
    GtkDropDown *customers = child (page, "customer_dropdown");
    GListModel *names = gtk_drop_down_get_model (customers);
    g_autoptr(MpCustomer) customer = NULL;
    guint position = GTK_INVALID_LIST_POSITION;

    {
      Wait wait = { NULL, };

      mp_client_get_customer_async (fixture->client, mp_subscription_get_customer_id (first), NULL,
                                    get_customer_cb, &wait);
      MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
      g_assert_no_error (wait.error);
      customer = wait.result;
    }
    MP_WAIT_UNTIL (g_list_model_get_n_items (names) > 1, TIMEOUT_MS);
    for (guint i = 1; i < g_list_model_get_n_items (names); i++)
      if (g_strcmp0 (gtk_string_list_get_string (GTK_STRING_LIST (names), i), mp_customer_get_name (customer)) == 0)
        position = i;
    g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
    /* The customer column names it. */
    g_assert_true (label_contains (page, mp_customer_get_name (customer)));
    gtk_drop_down_set_selected (customers, position);
    MP_WAIT_UNTIL (g_list_model_get_n_items (model) == theirs->len, TIMEOUT_MS);
    assert_rows (model, theirs);
    gtk_drop_down_set_selected (customers, 0);
    MP_WAIT_UNTIL (g_list_model_get_n_items (model) == in_30->len, TIMEOUT_MS);
  }

  /* Nothing found: the empty state names the time span. */
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "no such subscription");
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "no-results") == 0, TIMEOUT_MS);
  g_assert_cmpstr (adw_status_page_get_title (child (page, "no_results_page")), ==, "No Renewals in the Next 30 Days");
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 1);
  g_assert_cmpstr (adw_status_page_get_title (child (page, "no_results_page")), ==, "No Renewals in the Next 60 Days");
  render (GTK_WIDGET (fixture->window), "renewals-empty.png");
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 0);
  gtk_editable_set_text (GTK_EDITABLE (child (page, "search_entry")), "");
  MP_WAIT_UNTIL (g_list_model_get_n_items (model) == in_30->len, TIMEOUT_MS);

  /* Enter opens the subscription. */
  {
    g_autoptr(MpSubscription) row = g_list_model_get_item (model, 0);
    g_autofree char *expected = g_strdup_printf ("open-subscription %s", mp_subscription_get_id (row));

    g_signal_emit_by_name (child (page, "column_view"), "activate", 0);
    g_assert_true (was_activated (fixture, expected));
  }
}

static void
test_renewals_actions (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkWidget *page = mp_renewals_page_new (fixture->session);
  g_autoptr(GPtrArray) in_30 = expected_renewals (fixture, 30, NULL);
  g_autoptr(MpSubscription) target = NULL;
  g_autoptr(GMenuModel) menu = NULL;
  g_autofree char *action = NULL;
  g_autoptr(GVariant) parameter = NULL;
  g_autofree char *expected = NULL;
  GtkMenuButton *button;
  const char *id;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_list_model_get_n_items (column_model (page)) == in_30->len, TIMEOUT_MS);
  /* One that renews automatically. */
  for (guint i = 0; i < in_30->len && target == NULL; i++)
    if (mp_subscription_get_auto_renew (g_ptr_array_index (in_30, i)))
      target = g_object_ref (g_ptr_array_index (in_30, i));
  g_assert_nonnull (target);
  id = mp_subscription_get_id (target);

  /* The row's menu: its button, named for screen readers. */
  MP_WAIT_UNTIL ((button = row_menu_button (child (page, "column_view"), id)) != NULL, TIMEOUT_MS);
  gtk_menu_button_popup (button);
  MP_WAIT_UNTIL (gtk_menu_button_get_menu_model (button) != NULL, TIMEOUT_MS);
  menu = g_object_ref (gtk_menu_button_get_menu_model (button));
  g_assert_true (menu_item (menu, "Change _Seats…", &action, &parameter));
  g_assert_cmpstr (action, ==, "win.change-limits");
  g_assert_cmpstr (g_variant_get_string (parameter, NULL), ==, id);
  g_clear_pointer (&action, g_free);
  g_clear_pointer (&parameter, g_variant_unref);
  g_assert_true (menu_item (menu, "Switch _Plan…", &action, &parameter));
  g_assert_cmpstr (action, ==, "win.switch-plan");
  g_clear_pointer (&action, g_free);
  g_clear_pointer (&parameter, g_variant_unref);
  g_assert_true (menu_item (menu, "Schedule for _Renewal…", &action, &parameter));
  g_assert_cmpstr (action, ==, "win.change-limits");
  g_clear_pointer (&action, g_free);
  g_clear_pointer (&parameter, g_variant_unref);

  gtk_menu_button_popdown (button);
  MP_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))), TIMEOUT_MS);

  /* The Menu key and Shift+F10 open the selected row's menu. */
  {
    GListModel *model = column_model (page);
    guint position = GTK_INVALID_LIST_POSITION;

    for (guint i = 0; i < g_list_model_get_n_items (model); i++)
      {
        g_autoptr(MpSubscription) row = g_list_model_get_item (model, i);

        if (g_strcmp0 (mp_subscription_get_id (row), id) == 0)
          position = i;
      }
    g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
    g_assert_false (press_shortcut (page, GDK_KEY_Menu, 0));
    gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (model), position);
    g_assert_true (press_shortcut (page, GDK_KEY_Menu, 0));
    MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))), TIMEOUT_MS);
    gtk_menu_button_popdown (button);
    MP_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))), TIMEOUT_MS);
    g_assert_true (press_shortcut (page, GDK_KEY_F10, GDK_SHIFT_MASK));
    MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))), TIMEOUT_MS);
    gtk_menu_button_popdown (button);
    MP_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))), TIMEOUT_MS);
  }

  /* As the keyboard gets there: Down from the search focuses the first
   * row itself, not its menu button, and selects nothing; Menu then opens
   * that row's menu. */
  {
    GtkSingleSelection *model = GTK_SINGLE_SELECTION (column_model (page));
    g_autoptr(MpSubscription) first = g_list_model_get_item (G_LIST_MODEL (model), 0);
    GtkMenuButton *first_button = row_menu_button (child (page, "column_view"), mp_subscription_get_id (first));
    GtkWidget *focus;

    gtk_single_selection_set_selected (model, GTK_INVALID_LIST_POSITION);
    g_assert_true (mp_a11y_focus_first_row (child (page, "column_view")));
    focus = gtk_root_get_focus (gtk_widget_get_root (page));
    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, child (page, "column_view")));
    g_assert_null (gtk_widget_get_ancestor (focus, GTK_TYPE_MENU_BUTTON));
    g_assert_false (GTK_IS_BUTTON (focus));
    g_assert_true (press_shortcut (page, GDK_KEY_Menu, 0));
    MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (first_button))), TIMEOUT_MS);
    gtk_menu_button_popdown (first_button);
    MP_WAIT_UNTIL (!gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (first_button))), TIMEOUT_MS);
  }

  /* A right click on the row's name opens the same menu. */
  {
    GtkWidget *view = child (page, "column_view");
    GtkWidget *name = find_label (view, mp_subscription_get_name (target));
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (view);
    GtkGesture *secondary = NULL;
    double x, y;

    g_assert_nonnull (name);
    MP_WAIT_UNTIL (gtk_widget_get_width (name) > 0, TIMEOUT_MS);
    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

        if (GTK_IS_GESTURE_CLICK (c) && gtk_gesture_single_get_button (GTK_GESTURE_SINGLE (c)) == GDK_BUTTON_SECONDARY)
          secondary = GTK_GESTURE (c);
      }
    g_assert_nonnull (secondary);
    g_assert_true (gtk_widget_translate_coordinates (name, view, 2, 2, &x, &y));
    g_signal_emit_by_name (secondary, "pressed", 1, x, y);
    MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (gtk_menu_button_get_popover (button))), TIMEOUT_MS);
    gtk_menu_button_popdown (button);
  }

  /* Change Seats… opens the limits of the row's subscription. */
  g_assert_true (menu_item (menu, "Change _Seats…", &action, &parameter));
  gtk_widget_activate_action_variant (GTK_WIDGET (button), action, parameter);
  expected = g_strdup_printf ("change-limits %s", id);
  g_assert_true (was_activated (fixture, expected));
  g_clear_pointer (&action, g_free);
  g_clear_pointer (&parameter, g_variant_unref);
  gtk_menu_button_popdown (button);

  /* Turn Off Auto-Renew: the server has it off, the row says so. */
  g_assert_true (menu_item (menu, "Turn _Off Auto-Renew", &action, &parameter));
  gtk_widget_activate_action_variant (GTK_WIDGET (button), action, parameter);
  MP_WAIT_UNTIL (find_button (adw_bin_get_child (ADW_BIN (page)), "_Undo") != NULL, TIMEOUT_MS);
  {
    g_autoptr(MpSubscription) now = get_subscription (fixture, id);

    g_assert_false (mp_subscription_get_auto_renew (now));
  }
  g_assert_true (label_contains (page, "Off"));
  g_clear_pointer (&action, g_free);
  g_clear_pointer (&parameter, g_variant_unref);
  g_clear_object (&menu);
  gtk_menu_button_popup (button);
  menu = g_object_ref (gtk_menu_button_get_menu_model (button));
  g_assert_true (menu_item (menu, "Turn _On Auto-Renew", &action, &parameter));
  gtk_menu_button_popdown (button);

  /* Undo turns it back on: the row, then the server. */
  gtk_widget_activate (find_button (adw_bin_get_child (ADW_BIN (page)), "_Undo"));
  {
    g_autofree char *toast = g_strdup_printf ("“%s” renews automatically", mp_subscription_get_name (target));
    g_autoptr(MpSubscription) now = NULL;

    MP_WAIT_UNTIL (label_contains (page, toast), TIMEOUT_MS);
    now = get_subscription (fixture, id);
    g_assert_true (mp_subscription_get_auto_renew (now));
  }
}

static void
test_renewals_customer (Fixture       *fixture,
                        gconstpointer  data)
{
  GtkWidget *page = mp_renewals_page_new (fixture->session);
  g_autoptr(GPtrArray) in_90 = expected_renewals (fixture, 90, NULL);
  GListModel *columns;
  g_autoptr(GtkColumnViewColumn) customer_column = NULL;

  show_page (fixture, page);
  gtk_drop_down_set_selected (child (page, "status_dropdown"), 2);
  MP_WAIT_UNTIL (g_list_model_get_n_items (column_model (page)) == in_90->len, TIMEOUT_MS);
  g_assert_cmpuint (in_90->len, >, 0);
  assert_rows (column_model (page), in_90);
  /* A customer sees its own: no customer filter or column. */
  g_assert_false (gtk_widget_get_visible (child (page, "customer_dropdown")));
  columns = gtk_column_view_get_columns (child (page, "column_view"));
  customer_column = g_list_model_get_item (columns, 1);
  g_assert_false (gtk_column_view_column_get_visible (customer_column));

  /* Reloading drops the details asked for; the page then goes away whole
   * (no request keeps it alive).
   */
  mp_list_page_reload (MP_LIST_PAGE (page));
  MP_WAIT_UNTIL (g_list_model_get_n_items (column_model (page)) == in_90->len, TIMEOUT_MS);
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  mp_list_page_reload (MP_LIST_PAGE (page));
  gtk_window_set_child (fixture->window, NULL);
  MP_WAIT_UNTIL (page == NULL, TIMEOUT_MS);
}

/* Signs CLIENT in, waiting for it. */
static void
sign_in (MpClient *client)
{
  g_autoptr(GError) error = NULL;

  mp_client_login_async (client, NULL, login_cb, &error);
  MP_WAIT_UNTIL (g_object_get_data (G_OBJECT (client), "test-logged-in") != NULL, TIMEOUT_MS);
  g_assert_no_error (error);
}

/* The IDs of the subscriptions whose details were asked for, in order. */
static GPtrArray *
detail_requests (MpTestProxy *proxy)
{
  GPtrArray *requests = mp_test_proxy_get_requests (proxy);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < requests->len; i++)
    {
      const char *request = g_ptr_array_index (requests, i);
      const char *part = strstr (request, "/subscriptions/");

      if (g_str_has_prefix (request, "GET ") && part != NULL)
        g_ptr_array_add (ids, g_strdup (part + strlen ("/subscriptions/")));
    }
  return ids;
}

static guint
count_detail_requests (MpTestProxy *proxy)
{
  g_autoptr(GPtrArray) ids = detail_requests (proxy);

  return ids->len;
}

/* Hundreds of renewals from a live list (the local copy turned off):
 * their details come at most 4 at a time, each once, the rows on screen
 * first.
 */
static void
test_renewals_in_flight (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_autoptr(MpTestProxy) proxy = mp_test_proxy_new (mp_test_server_get_url (fixture->server));
  g_autofree char *base = mp_test_proxy_get_base_url (proxy, "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", RESELLER, RESELLER_PW, KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) session = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  GtkWidget *page;
  GListModel *model;
  guint n;
  gboolean on_top = FALSE;

  g_settings_set_boolean (settings, "local-mirror", FALSE);
  sign_in (client);
  session = mp_session_new (client);
  page = mp_renewals_page_new (session);
  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0 &&
                 !mp_list_source_get_loading (mp_list_page_get_list (MP_LIST_PAGE (page))), TIMEOUT_MS);
  g_assert_false (MP_IS_MIRROR_LIST (mp_list_page_get_list (MP_LIST_PAGE (page))));
  model = column_model (page);
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 100);

  MP_WAIT_UNTIL (count_detail_requests (proxy) == n &&
                 !label_contains (child (page, "column_view"), "…"), 60000);
  ids = detail_requests (proxy);
  g_assert_cmpuint (mp_test_proxy_get_max_in_flight (proxy, "GET", "/subscriptions/"), <=, 4);
  g_assert_cmpuint (mp_test_proxy_get_max_in_flight (proxy, "GET", "/subscriptions/"), >=, 2);
  /* Each once. */
  for (guint i = 0; i < ids->len; i++)
    for (guint j = i + 1; j < ids->len; j++)
      g_assert_cmpstr (g_ptr_array_index (ids, i), !=, g_ptr_array_index (ids, j));
  /* The first one asked for is a row on screen (the soonest 20). */
  for (guint i = 0; i < MIN (20, n); i++)
    {
      g_autoptr(MpSubscription) row = g_list_model_get_item (model, i);

      on_top |= g_strcmp0 (mp_subscription_get_id (row), g_ptr_array_index (ids, 0)) == 0;
    }
  g_assert_true (on_top);
  gtk_window_set_child (fixture->window, NULL);
  g_settings_reset (settings, "local-mirror");
}

/* The same renewals from the local copy of a marketplace whose list rows
 * carry no lines: the page asks for no details of its own; the copy
 * fetches them within its budget (at most 4 at a time, each once), the
 * rows on screen before the rest, and each row's total, once in, is the
 * sum of its lines' unit prices.
 */
static void
test_renewals_mirror_details (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(MpTestProxy) proxy = mp_test_proxy_new (mp_test_server_get_url (fixture->server));
  g_autofree char *base = mp_test_proxy_get_base_url (proxy, "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", RESELLER, RESELLER_PW, KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) session = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  GtkWidget *page;
  GListModel *model;
  guint n;

  sign_in (client);
  g_assert_true (mp_mirror_delete_for_account (base, "US", RESELLER, &error));
  g_assert_no_error (error);
  session = mp_session_new (client);
  page = mp_renewals_page_new (session);
  show_page (fixture, page);
  g_assert_true (MP_IS_MIRROR_LIST (mp_list_page_get_list (MP_LIST_PAGE (page))));
  model = column_model (page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0 && g_list_model_get_n_items (model) > 100, TIMEOUT_MS);
  /* The count, not "Loading subscriptions…", while the copy fetches lines. */
  g_assert_true (g_str_has_suffix (gtk_label_get_text (child (page, "count_label")), " renewals"));

  /* The rows on screen get their totals long before the 300 lines are in. */
  for (guint i = 0; i < 15; i++)
    {
      MpMoney total;

      MP_WAIT_UNTIL (({ g_autoptr(MpSubscription) row = g_list_model_get_item (model, i);
                        mp_renewal_get_recurring_total (row, &total) || !mp_subscription_get_auto_renew (row); }),
                     TIMEOUT_MS);
    }
  g_assert_cmpuint (count_detail_requests (proxy), <, 250);
  for (guint i = 0; i < 15; i++)
    {
      g_autoptr(MpSubscription) row = g_list_model_get_item (model, i);
      g_autofree char *expected = expected_total (fixture, mp_subscription_get_id (row));
      MpMoney total;

      if (mp_renewal_get_recurring_total (row, &total))
        {
          g_autofree char *shown = mp_money_format (&total);

          g_assert_cmpstr (shown, ==, expected);
        }
      else
        g_assert_cmpstr (expected, ==, "—");
      g_assert_true (label_contains (child (page, "column_view"), expected));
    }
  MP_WAIT_UNTIL (!label_contains (child (page, "column_view"), "…"), 60000);

  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, >, 100);
  ids = detail_requests (proxy);
  g_assert_cmpuint (mp_test_proxy_get_max_in_flight (proxy, "GET", "/subscriptions/"), <=, 4);
  /* Each once. */
  for (guint i = 0; i < ids->len; i++)
    for (guint j = i + 1; j < ids->len; j++)
      g_assert_cmpstr (g_ptr_array_index (ids, i), !=, g_ptr_array_index (ids, j));
  gtk_window_set_child (fixture->window, NULL);
}

/* The demo server's list rows carry resource lines and totals: the same
 * hundreds of renewals show every total without one detail request. */
static void
test_renewals_one_pass (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MpTestProxy) proxy = mp_test_proxy_new (mp_test_server_get_url (fixture->server));
  g_autofree char *base = mp_test_proxy_get_base_url (proxy, "US");
  g_autoptr(MpClient) client = mp_client_new (base, "US", RESELLER, RESELLER_PW, KEY);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) session = NULL;
  GtkWidget *page;

  sign_in (client);
  session = mp_session_new (client);
  page = mp_renewals_page_new (session);
  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (visible_name (page), "list") == 0 &&
                 !mp_list_source_get_loading (mp_list_page_get_list (MP_LIST_PAGE (page))), TIMEOUT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (column_model (page)), >, 100);
  MP_WAIT_UNTIL (!label_contains (child (page, "column_view"), "…"), TIMEOUT_MS);
  g_assert_cmpuint (count_detail_requests (proxy), ==, 0);
  gtk_window_set_child (fixture->window, NULL);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const many_subscriptions[] = { "--seed-subscriptions", "300", NULL };
  /* SimpleAPI's own list rows: no resource lines, so one detail each. */
  static const char * const many_plain[] = { "--seed-subscriptions", "300", "--no-extensions", NULL };

  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/pages/renewals/list", Fixture, NULL, setup_reseller, test_renewals_list, teardown);
  g_test_add ("/pages/renewals/actions", Fixture, NULL, setup_reseller, test_renewals_actions, teardown);
  g_test_add ("/pages/renewals/customer", Fixture, NULL, setup_customer, test_renewals_customer, teardown);
  g_test_add ("/pages/renewals/details-in-flight", Fixture, many_plain, setup_reseller,
              test_renewals_in_flight, teardown);
  g_test_add ("/pages/renewals/mirror-details", Fixture, many_plain, setup_reseller,
              test_renewals_mirror_details, teardown);
  g_test_add ("/pages/renewals/list-rows-one-pass", Fixture, many_subscriptions, setup_reseller,
              test_renewals_one_pass, teardown);

  return g_test_run ();
}
