/* mp-window.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-cart-button.h"
#include "mp-demo-server.h"
#include "mp-list-page.h"
#include "mp-login-page.h"
#include "mp-marketplace.h"
#include "mp-page-util.h"
#include "mp-purchase-wizard.h"
#include "mp-window-private.h"

struct _MpWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  GtkStack             *main_stack;
  AdwBin               *login_bin;
  AdwLeaflet           *leaflet;
  guint                 drop_idle_id;
  /* The drill-down page on top, and the action and ID that opened it. */
  GtkWidget            *top_page;
  char                 *top_key;
  GtkWidget            *sections_box;
  AdwViewStack         *section_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;
  GtkMenuButton        *switcher_button;
  GtkMenuButton        *account_button;
  GtkMenuButton        *menu_button;
  AdwHeaderBar         *header_bar;
  GtkWidget            *cart_button;
  GtkSearchEntry       *switcher_search;
  GtkListView          *switcher_list;
  GtkStack             *switcher_stack;
  AdwStatusPage        *switcher_error_page;
  AdwViewStackPage     *subscriptions_page;
  AdwViewStackPage     *customers_page;
  AdwViewStackPage     *orders_page;
  AdwViewStackPage     *marketplace_page;
  AdwBin               *subscriptions_bin;
  AdwBin               *customers_bin;
  AdwBin               *orders_bin;
  AdwBin               *marketplace_bin;
  AdwBin               *renewals_bin;

  /* Borrowed References */
  MpLoginPage          *login_page;

  /* Owned References */
  GSettings            *settings;
  MpDemoServer         *demo_server;
  MpSessionRegistry    *sessions;        /* the application's, or the window's own */
  MpSession            *session;         /* the main session of the sessions */
  GtkCustomFilter      *switcher_filter;
  GtkFilterListModel   *switcher_model;
  gboolean              switcher_stale;  /* its list not asked for since the session changed */
  GList                *empty_sections;  /* the signed-out status pages */
  char                 *switcher_query;  /* casefolded, NULL when empty */

  gboolean              held;
  guint                 built_sections;  /* bit i: sections[i] has its signed-in content */
};

G_DEFINE_FINAL_TYPE (MpWindow, mp_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const sections[] = {
  "subscriptions", "customers", "orders", "marketplace", "renewals",
};

static gboolean
is_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i], name) == 0)
      return TRUE;
  return FALSE;
}

static AdwBin *
section_bin (MpWindow   *self,
             const char *name)
{
  if (g_str_equal (name, "subscriptions"))
    return self->subscriptions_bin;
  if (g_str_equal (name, "customers"))
    return self->customers_bin;
  if (g_str_equal (name, "orders"))
    return self->orders_bin;
  if (g_str_equal (name, "renewals"))
    return self->renewals_bin;
  return self->marketplace_bin;
}

/* Drill-down pages sit after the sections in the leaflet; the ones past
 * the visible child are dropped once the back transition is over.
 *
 * The order is the leaflet's own (its pages model), never the widget
 * order: with the default "over" transition AdwLeaflet inserts each new
 * page *before* its sibling in the widget tree, so walking the widgets
 * would find the sections behind the visible page and drop them.
 */
static void
drop_hidden_pages (MpWindow *self)
{
  g_autoptr(GtkSelectionModel) pages = NULL;
  GtkWidget *visible = adw_leaflet_get_visible_child (self->leaflet);
  g_autoptr(GPtrArray) doomed = g_ptr_array_new ();
  gboolean past = FALSE;
  guint n;

  if (adw_leaflet_get_child_transition_running (self->leaflet))
    return;

  pages = adw_leaflet_get_pages (self->leaflet);
  n = g_list_model_get_n_items (G_LIST_MODEL (pages));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(AdwLeafletPage) page = g_list_model_get_item (G_LIST_MODEL (pages), i);
      GtkWidget *child = adw_leaflet_page_get_child (page);

      if (past)
        g_ptr_array_add (doomed, child);
      if (child == visible)
        past = TRUE;
    }

  for (guint i = 0; i < doomed->len; i++)
    {
      if (g_ptr_array_index (doomed, i) == self->top_page)
        self->top_page = NULL;
      adw_leaflet_remove (self->leaflet, g_ptr_array_index (doomed, i));
    }
}

static gboolean
drop_hidden_pages_idle_cb (gpointer user_data)
{
  MpWindow *self = user_data;

  self->drop_idle_id = 0;
  drop_hidden_pages (self);
  return G_SOURCE_REMOVE;
}

/* The leaflet also says its transition ended from inside
 * adw_leaflet_set_visible_child(), when a new page interrupts the slide of
 * the last one, before the new page is its visible child: dropping then
 * would remove the page being shown. Decide once the leaflet has settled.
 */
static void
leaflet_transition_cb (MpWindow *self)
{
  if (self->drop_idle_id == 0)
    self->drop_idle_id = g_idle_add (drop_hidden_pages_idle_cb, self);
}

static void
pop_to_sections (MpWindow *self)
{
  adw_leaflet_set_visible_child (self->leaflet, self->sections_box);
  drop_hidden_pages (self);
}

void
mp_window_push_page (MpWindow  *self,
                     GtkWidget *page)
{
  g_return_if_fail (MP_IS_WINDOW (self));
  g_return_if_fail (GTK_IS_WIDGET (page));

  /* Opening a page from a deeper one replaces what was after it. */
  drop_hidden_pages (self);
  adw_leaflet_append (self->leaflet, page);
  adw_leaflet_set_visible_child (self->leaflet, page);
}

GtkWidget *
mp_window_get_visible_page (MpWindow *self)
{
  g_return_val_if_fail (MP_IS_WINDOW (self), NULL);
  return adw_leaflet_get_visible_child (self->leaflet);
}

static char *
subscription_label (MpSubscription *subscription)
{
  if (subscription == NULL)
    return g_strdup ("");
  /* Translators: a subscription in the switcher: "Name (#ID)". */
  return g_strdup_printf (_("%s (#%s)"), mp_subscription_get_name (subscription),
                          mp_subscription_get_id (subscription));
}

/* The closure of a list item binding gets the list item first. */
static char *
switcher_item_label (GtkListItem    *list_item,
                     MpSubscription *subscription)
{
  return subscription_label (subscription);
}

static gboolean
switcher_filter_func (gpointer item,
                      gpointer user_data)
{
  MpWindow *self = user_data;
  g_autofree char *label = NULL;

  if (self->switcher_query == NULL)
    return TRUE;

  label = subscription_label (item);
  return mp_page_text_contains (label, self->switcher_query);
}

static void
switcher_search_changed_cb (MpWindow *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->switcher_search));

  /* Folded once per keystroke, not once per row. */
  g_clear_pointer (&self->switcher_query, g_free);
  if (query != NULL && *query != '\0')
    self->switcher_query = g_utf8_casefold (query, -1);

  if (self->switcher_filter != NULL)
    gtk_filter_changed (GTK_FILTER (self->switcher_filter), GTK_FILTER_CHANGE_DIFFERENT);
}

/* The switcher's list, or what stands in for it: loading, none at all,
 * none matching the search, or the error.
 */
static void
update_switcher_state (MpWindow *self)
{
  if (self->switcher_model == NULL)
    {
      gtk_stack_set_visible_child_name (self->switcher_stack, "empty");
      return;
    }
  mp_page_show_list_state (self->switcher_stack, self->switcher_error_page,
                           MP_LIST_SOURCE (gtk_filter_list_model_get_model (self->switcher_model)),
                           G_LIST_MODEL (self->switcher_model),
                           gtk_filter_list_model_get_pending (self->switcher_model) > 0);
}

static void
open_switcher_item (MpWindow *self,
                    guint     position)
{
  g_autoptr(MpSubscription) subscription = NULL;

  if (self->switcher_model == NULL)
    return;
  subscription = g_list_model_get_item (G_LIST_MODEL (self->switcher_model), position);
  if (subscription == NULL)
    return;

  gtk_menu_button_popdown (self->switcher_button);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-subscription", "s",
                              mp_subscription_get_id (subscription));
}

static void
switcher_activate_cb (MpWindow *self,
                      guint     position)
{
  open_switcher_item (self, position);
}

static void
switcher_search_activate_cb (MpWindow *self)
{
  open_switcher_item (self, 0);
}

/* A menu button's tooltip would cover the popover it opens (GTK shows
 * tooltips above popovers): it says nothing while the popover is open.
 */
static void
popover_visible_cb (GtkWidget  *popover,
                    GParamSpec *pspec,
                    GtkWidget  *button)
{
  gboolean open = gtk_widget_get_visible (popover);

  gtk_widget_set_has_tooltip (button, !open);
  if (open)
    gtk_widget_trigger_tooltip_query (button);
}

static void
menu_button_popover_cb (GtkMenuButton *button)
{
  GtkPopover *popover = gtk_menu_button_get_popover (button);

  /* Once per popover, whichever way it came. */
  if (popover != NULL &&
      g_signal_handler_find (popover, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                             popover_visible_cb, button) == 0)
    g_signal_connect_object (popover, "notify::visible", G_CALLBACK (popover_visible_cb), button, 0);
}

static void
hide_tooltip_while_open (GtkMenuButton *button)
{
  g_signal_connect (button, "notify::popover", G_CALLBACK (menu_button_popover_cb), NULL);
  menu_button_popover_cb (button);
}

static void
setup_switcher (MpWindow *self)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autoptr(GtkBuilderScope) scope = NULL;
  static const char *item_ui =
    "<interface>"
    "  <template class=\"GtkListItem\">"
    "    <property name=\"child\">"
    "      <object class=\"GtkLabel\">"
    "        <property name=\"xalign\">0</property>"
    "        <property name=\"wrap\">True</property>"
    "        <property name=\"wrap-mode\">word-char</property>"
    "        <binding name=\"label\">"
    "          <closure type=\"gchararray\" function=\"switcher_item_label\">"
    "            <lookup name=\"item\">GtkListItem</lookup>"
    "          </closure>"
    "        </binding>"
    "      </object>"
    "    </property>"
    "  </template>"
    "</interface>";
  g_autoptr(GBytes) bytes = g_bytes_new_static (item_ui, strlen (item_ui));

  scope = gtk_builder_cscope_new ();
  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "switcher_item_label",
                                          G_CALLBACK (switcher_item_label));
  factory = gtk_builder_list_item_factory_new_from_bytes (scope, bytes);
  gtk_list_view_set_factory (self->switcher_list, factory);
}

static void
load_switcher (MpWindow *self)
{
  g_autoptr(GtkSingleSelection) selection = NULL;
  MpAccount *account;
  MpPagedList *list;

  self->switcher_stale = FALSE;
  if (self->session == NULL)
    return;

  /* The control panel's top-right box lists the account's own
   * subscriptions: a customer's, or a reseller's bought for itself.
   */
  account = mp_session_get_account (self->session);
  list = mp_client_list_subscriptions (mp_session_get_client (self->session),
                                       account != NULL ? mp_account_get_id (account) : NULL,
                                       NULL);
  self->switcher_filter = gtk_custom_filter_new (switcher_filter_func, self, NULL);
  self->switcher_model = gtk_filter_list_model_new (G_LIST_MODEL (list),
                                                    g_object_ref (GTK_FILTER (self->switcher_filter)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->switcher_model)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (self->switcher_list, GTK_SELECTION_MODEL (selection));

  g_signal_connect_object (list, "notify::loading", G_CALLBACK (update_switcher_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (list, "notify::error", G_CALLBACK (update_switcher_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_model, "items-changed", G_CALLBACK (update_switcher_state), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_model, "notify::pending", G_CALLBACK (update_switcher_state), self,
                           G_CONNECT_SWAPPED);
  update_switcher_state (self);
}

/* The switcher's list is asked for when its popover opens (not at sign-in,
 * where the visible section's first page goes first), and again after the
 * account changed.
 */
static void
update_switcher (MpWindow *self)
{
  GtkPopover *popover = gtk_menu_button_get_popover (self->switcher_button);

  g_clear_object (&self->switcher_model);
  g_clear_object (&self->switcher_filter);
  gtk_list_view_set_model (self->switcher_list, NULL);
  self->switcher_stale = self->session != NULL;
  if (self->switcher_stale && gtk_widget_get_visible (GTK_WIDGET (popover)))
    load_switcher (self);
  else
    update_switcher_state (self);
}

static void
switcher_popover_show_cb (MpWindow *self)
{
  if (self->switcher_stale)
    load_switcher (self);
}

/* A copy of TEXT with its underscores doubled, so none becomes a mnemonic. */
static char *
escape_mnemonics (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, "_", -1);

  return g_strjoinv ("__", parts);
}

static void
update_account_menu (MpWindow *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) who = g_menu_new ();
  g_autoptr(GMenu) actions = g_menu_new ();
  MpAccount *account = self->session ? mp_session_get_account (self->session) : NULL;
  MpClient *client = self->session ? mp_session_get_client (self->session) : NULL;

  if (account != NULL)
    {
      g_autofree char *account_name = escape_mnemonics (mp_account_get_name (account));
      g_autofree char *user = escape_mnemonics (mp_client_get_user (client));
      g_autofree char *name = NULL;
      g_autofree char *where = NULL;

      name = g_strdup_printf ("%s (%s)", account_name,
                              mp_account_is_reseller (account) ? _("Reseller") : _("Customer"));
      /* Translators: %s is the user name signed in, %s the marketplace code. */
      where = g_strdup_printf (_("%s on marketplace %s"), user,
                               mp_client_get_marketplace (client));
      /* Items without an action are shown as plain, insensitive labels. */
      g_menu_append (who, name, NULL);
      g_menu_append (who, where, NULL);
      g_menu_append_section (menu, NULL, G_MENU_MODEL (who));
    }
  g_menu_append (actions, _("_Sign Out"), "win.sign-out");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (actions));

  gtk_menu_button_set_menu_model (self->account_button, G_MENU_MODEL (menu));
  /* The overview sums a reseller's customers. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-overview",
                                 account != NULL && mp_account_is_reseller (account));
}

/* An order of any session of the login (the storefront's other regions
 * too) is final.
 */
static void
order_finished_cb (MpWindow          *self,
                   MpSession         *session,
                   MpOrder           *order,
                   MpSessionRegistry *sessions)
{
  g_autofree char *title = NULL;
  GApplication *app = G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gboolean completed = mp_order_get_status (order) == MP_ORDER_STATUS_COMPLETED;

  if (completed)
    /* Translators: %s is an order number such as SO000012. */
    title = g_strdup_printf (_("Order %s is complete"), mp_order_get_order_number (order));
  else if (mp_order_get_status (order) == MP_ORDER_STATUS_CANCELLED)
    /* Translators: %s is an order number such as SO000012. */
    title = g_strdup_printf (_("Order %s was cancelled"), mp_order_get_order_number (order));
  else
    title = g_strdup_printf (_("Order %s failed"), mp_order_get_order_number (order));

  /* A notification when nobody is looking; a toast otherwise. */
  if (app != NULL && (!gtk_widget_get_visible (GTK_WIDGET (self)) ||
                      !gtk_window_is_active (GTK_WINDOW (self))))
    {
      g_autoptr(GNotification) notification = g_notification_new (title);
      g_autofree char *id = g_strdup_printf ("order-%s", mp_order_get_id (order));

      if (completed)
        g_notification_set_body (notification, _("The subscription is ready to use."));
      else if (mp_order_get_error_message (order) != NULL)
        g_notification_set_body (notification, mp_order_get_error_message (order));
      g_notification_set_default_action_and_target (notification, "app.open-order", "s",
                                                    mp_order_get_id (order));
      g_application_send_notification (app, id, notification);
    }
  else
    {
      AdwToast *toast = adw_toast_new (title);

      adw_toast_set_button_label (toast, _("_Show"));
      adw_toast_set_action_name (toast, "win.open-order");
      adw_toast_set_action_target_value (toast, g_variant_new_string (mp_order_get_id (order)));
      mp_window_add_toast (self, toast);
    }

  update_switcher (self);
}

static void
close_when_done_cb (gpointer user_data)
{
  g_autoptr(MpWindow) self = user_data;
  g_autoptr(GApplication) app = NULL;

  if (!self->held)
    return;

  self->held = FALSE;
  if (gtk_window_get_application (GTK_WINDOW (self)) != NULL)
    app = g_object_ref (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  gtk_window_destroy (GTK_WINDOW (self));
  if (app != NULL)
    g_application_release (app);
}

/* Shown again while held (the application activated again, a
 * notification clicked): the window is the user's again, and is not
 * destroyed when the orders are done; closing it holds anew.
 */
static void
visible_cb (MpWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (!self->held || !gtk_widget_get_visible (GTK_WIDGET (self)))
    return;
  self->held = FALSE;
  if (app != NULL)
    g_application_release (G_APPLICATION (app));
}

/* With the window closed, the application stays alive until the orders
 * its sessions follow are final, so that their notifications still come.
 */
static void
active_orders_changed_cb (MpWindow   *self,
                          guint       position,
                          guint       removed,
                          guint       added,
                          GListModel *orders)
{
  /* Not from inside the emission: the session is still telling others. */
  if (self->held && g_list_model_get_n_items (orders) == 0)
    g_idle_add_once (close_when_done_cb, g_object_ref (self));
}

static gboolean
mp_window_close_request (GtkWindow *window)
{
  MpWindow *self = MP_WINDOW (window);
  GApplication *app = G_APPLICATION (gtk_window_get_application (window));

  /* Running in the background (Preferences): the window only hides, its
   * sessions (and the demo marketplace) go on; the application holds
   * itself.
   */
  if (gtk_window_get_hide_on_close (window))
    {
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }

  if (self->sessions != NULL && app != NULL && !self->held &&
      g_list_model_get_n_items (mp_session_registry_get_active_orders (self->sessions)) > 0)
    {
      self->held = TRUE;
      g_application_hold (app);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
      return TRUE;
    }

  /* Closing ends the demo marketplace at once, whoever still holds a
   * reference to the window.
   */
  mp_demo_server_stop (self->demo_server);

  return GTK_WINDOW_CLASS (mp_window_parent_class)->close_request (window);
}

static void
set_section_content (MpWindow   *self,
                     const char *name,
                     GtkWidget  *content)
{
  adw_bin_set_child (section_bin (self, name), content);
}

/* Builds the signed-in content of section NAME the first time it is
 * shown: only the visible section is built at sign-in, so its first
 * page is requested before the others are made.
 */
static void
ensure_section (MpWindow   *self,
                const char *name)
{
  if (self->session == NULL || name == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_str_equal (sections[i], name))
      {
        GtkWidget *page;

        if (self->built_sections & (1u << i))
          return;
        self->built_sections |= 1u << i;
        page = _mp_window_create_section (self, name);
        if (page != NULL)
          set_section_content (self, name, page);
        return;
      }
}

static void
section_shown_cb (MpWindow *self)
{
  ensure_section (self, adw_view_stack_get_visible_child_name (self->section_stack));
}

/* Drops the <child> holding the object with id ID from XML, a GtkBuilder
 * file whose shortcut objects have no children of their own.
 */
static void
drop_child_with_id (GString    *xml,
                    const char *id)
{
  g_autofree char *attribute = g_strdup_printf ("id=\"%s\"", id);
  const char *at = strstr (xml->str, attribute);
  const char *start, *end;

  if (at == NULL)
    return;
  start = g_strrstr_len (xml->str, at - xml->str, "<child>");
  end = strstr (at, "</child>");
  if (start != NULL && end != NULL)
    g_string_erase (xml, start - xml->str, end + strlen ("</child>") - start);
}

/* The shortcuts window (gtk/help-overlay.ui) of the account's role: the
 * sections and their names once signed in, no Customers for a customer.
 * The shortcuts that do not apply are dropped before the window is built:
 * it copies each one into its search results as it is added.
 */
static void
update_help_overlay (MpWindow *self)
{
  static const char * const signed_in_only[] = {
    "subscriptions_shortcut", "customer_subscriptions_shortcut", "customers_shortcut",
    "orders_shortcut", "marketplace_shortcut", "renewals_shortcut", "back_shortcut", "refresh_shortcut",
  };
  g_autoptr(GBytes) bytes = g_resources_lookup_data ("/io/github/marketpanel/MarketPanel/gtk/help-overlay.ui",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GString) xml = NULL;
  g_autoptr(GError) error = NULL;
  gboolean signed_in = self->session != NULL;

  g_return_if_fail (bytes != NULL);
  xml = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  if (!signed_in)
    for (guint i = 0; i < G_N_ELEMENTS (signed_in_only); i++)
      drop_child_with_id (xml, signed_in_only[i]);
  else if (mp_session_is_reseller (self->session))
    drop_child_with_id (xml, "customer_subscriptions_shortcut");
  else
    {
      drop_child_with_id (xml, "subscriptions_shortcut");
      drop_child_with_id (xml, "customers_shortcut");
    }

  /* The file names its domain (<interface domain>). Setting one on the
   * builder as well makes GTK 4.8 free it and copy it back after parsing
   * (a use after free under ASan).
   */
  if (!gtk_builder_add_from_string (builder, xml->str, xml->len, &error))
    {
      g_critical ("The shortcuts window: %s", error->message);
      return;
    }
  gtk_widget_set_visible (GTK_WIDGET (gtk_builder_get_object (builder, "sections_group")), signed_in);
  gtk_widget_set_visible (GTK_WIDGET (gtk_builder_get_object (builder, "navigation_group")), signed_in);
  gtk_application_window_set_help_overlay (GTK_APPLICATION_WINDOW (self),
                                           GTK_SHORTCUTS_WINDOW (gtk_builder_get_object (builder, "help_overlay")));
}

static void
clear_session (MpWindow *self)
{
  if (self->session == NULL)
    return;

  /* Signing out closes every session of the login, each region's too. */
  g_signal_handlers_disconnect_by_data (self->session, self);
  mp_session_registry_close (self->sessions);
  g_clear_object (&self->session);

  if (self->cart_button != NULL)
    {
      adw_header_bar_remove (self->header_bar, self->cart_button);
      self->cart_button = NULL;
    }

  pop_to_sections (self);
  self->built_sections = 0;
  for (GList *l = self->empty_sections; l != NULL; l = l->next)
    set_section_content (self, sections[g_list_position (self->empty_sections, l)], l->data);
  update_switcher (self);
  update_account_menu (self);
  update_help_overlay (self);
}

/* The sessions of the login: the application's when the window has one
 * (it outlives the window's pages), else the window's own.
 */
static void
ensure_sessions (MpWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (self->sessions != NULL)
    return;
  if (MP_IS_APPLICATION (app))
    self->sessions = g_object_ref (mp_application_get_sessions (MP_APPLICATION (app)));
  else
    self->sessions = mp_session_registry_new ();
  g_signal_connect_object (self->sessions, "order-finished", G_CALLBACK (order_finished_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (mp_session_registry_get_active_orders (self->sessions), "items-changed",
                           G_CALLBACK (active_orders_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
set_session (MpWindow  *self,
             MpSession *session)
{
  gboolean reseller = mp_session_is_reseller (session);

  clear_session (self);
  ensure_sessions (self);
  mp_session_registry_sign_in (self->sessions, session);
  self->session = g_object_ref (session);

  /* The control panel names the section after the account's role. */
  adw_view_stack_page_set_title (self->subscriptions_page,
                                 reseller ? _("My Subscriptions") : _("Subscriptions"));
  adw_view_stack_page_set_visible (self->customers_page, reseller);

  /* Resellers shop with a cart (flow 1); customers buy plan by plan. */
  if (reseller)
    {
      self->cart_button = mp_cart_button_new (session);
      adw_header_bar_pack_end (self->header_bar, self->cart_button);
    }

  adw_view_stack_set_visible_child_name (self->section_stack, "subscriptions");
  ensure_section (self, "subscriptions");
  /* The benchmark's baseline (bench/ui/bench-startup): every section at once, as before. */
  if (g_getenv ("MP_BENCH_EAGER_SECTIONS") != NULL)
    for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
      ensure_section (self, sections[i]);
  update_switcher (self);
  update_account_menu (self);
  update_help_overlay (self);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
}

static void
signed_in_cb (MpWindow    *self,
              MpClient    *client,
              MpLoginPage *page)
{
  g_autoptr(MpSession) session = NULL;
  const char *demo_url;
  const char *base_url;

  /* The storefront's other regions reuse the client's login
   * (mp_client_new_for_marketplace()): no page holds a password.
   */
  mp_client_set_page_size (client, g_settings_get_uint (self->settings, "page-size"));
  session = mp_session_new (client);
  /* The demo marketplace's copy is kept by its data folder: the next
   * start (on another port) opens it at once. */
  demo_url = mp_demo_server_get_url (self->demo_server);
  base_url = mp_client_get_base_url (client);
  if (demo_url != NULL && g_str_has_prefix (base_url, demo_url) &&
      (base_url[strlen (demo_url)] == '\0' || base_url[strlen (demo_url)] == '/'))
    {
      g_autofree char *key = g_strconcat ("demo:", mp_demo_server_get_data_dir (self->demo_server), NULL);

      mp_session_set_mirror_key (session, key);
    }
  set_session (self, session);
}

/* The demo marketplace stopped by itself and was started again: orders go
 * on, and the pages pick up where they were.
 */
static void
demo_restarted_cb (MpWindow     *self,
                   const char   *old_url,
                   const char   *new_url,
                   MpDemoServer *server)
{
  mp_window_add_toast (self, adw_toast_new (_("The demo marketplace stopped and was restarted")));
  /* Every session of the demo marketplace, each region's. */
  if (self->sessions != NULL)
    mp_session_registry_marketplace_moved (self->sessions, old_url, new_url);
}

static void
demo_restart_failed_cb (MpWindow     *self,
                        const char   *message,
                        MpDemoServer *server)
{
  /* Translators: %s says why, e.g. "It stopped again and again." */
  g_autofree char *text = g_strdup_printf (_("The demo marketplace stopped and could not be restarted: %s"),
                                           message);

  mp_window_add_toast (self, adw_toast_new (text));
}

static void
notice_cb (MpWindow    *self,
           const char  *message,
           MpLoginPage *page)
{
  mp_window_add_toast (self, adw_toast_new (message));
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  AdwViewStackPage *page;

  g_assert (MP_IS_WINDOW (self));

  if (!is_section (name))
    {
      g_warning ("No section called “%s”", name);
      return;
    }

  /* A section that the account's role hides cannot be shown by shortcut. */
  page = adw_view_stack_get_page (self->section_stack,
                                  adw_view_stack_get_child_by_name (self->section_stack, name));
  if (page == NULL || !adw_view_stack_page_get_visible (page))
    return;

  pop_to_sections (self);
  adw_view_stack_set_visible_child_name (self->section_stack, name);
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);

  if (adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK))
    drop_hidden_pages (self);
}

static void
open_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);
  g_autofree char *key = NULL;
  GtkWidget *page;

  if (self->session == NULL)
    return;

  key = g_strconcat (action_name, " ", g_variant_get_string (parameter, NULL), NULL);
  /* A double click on a single-click list opens its row twice: the page
   * already on top stays, rather than a second copy above it.
   */
  if (self->top_page != NULL && self->top_page == adw_leaflet_get_visible_child (self->leaflet) &&
      g_strcmp0 (self->top_key, key) == 0)
    return;

  page = _mp_window_create_page (self, action_name, g_variant_get_string (parameter, NULL));
  if (page != NULL)
    {
      mp_window_push_page (self, page);
      self->top_page = page;
      g_free (self->top_key);
      self->top_key = g_steal_pointer (&key);
    }
}

/* Billing Reports (primary menu): a drill-down page of its own. */
static void
reports_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);
  GtkWidget *page;

  if (self->session == NULL)
    return;
  page = _mp_window_create_page (self, action_name, NULL);
  if (page != NULL)
    mp_window_push_page (self, page);
}

/* Customers > Overview, or the main menu's Overview (Ctrl+Shift+O). */
static void
open_overview_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  open_page_action (widget, action_name, g_variant_new_string (""));
}

/* The Activity Journal, a drill-down page like the others. */
static void
journal_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  g_autoptr(GVariant) none = g_variant_ref_sink (g_variant_new_string (""));

  open_page_action (widget, action_name, none);
}

/* Buy More Services: the purchase wizard, for the account itself (an empty
 * ID) or, from a reseller, for one of its customers.
 */
static void
buy_services_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);
  const char *customer_id = g_variant_get_string (parameter, NULL);
  GtkWidget *wizard;

  if (self->session == NULL)
    return;

  wizard = mp_purchase_wizard_new (self->session, *customer_id != '\0' ? customer_id : NULL, NULL);
  gtk_window_set_transient_for (GTK_WINDOW (wizard), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);

  if (self->session != NULL)
    {
      mp_session_notify_changed (self->session);
      update_switcher (self);
    }
}

/* Export List… (primary menu): the list on screen, a drill-down page's
 * (the Activity Journal) or its section's.
 */
static void
export_list_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);
  GtkWidget *page = adw_leaflet_get_visible_child (self->leaflet);
  const char *section = adw_view_stack_get_visible_child_name (self->section_stack);

  if (!MP_IS_LIST_PAGE (page) && section != NULL && is_section (section))
    page = adw_bin_get_child (section_bin (self, section));
  if (self->session != NULL && MP_IS_LIST_PAGE (page))
    gtk_widget_activate_action (page, "list.export", NULL);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);
  g_autofree char *mirror_key = NULL;
  g_autofree char *marketplace = NULL;
  g_autofree char *user = NULL;
  g_autoptr(GError) error = NULL;

  if (self->session != NULL)
    {
      MpClient *client = mp_session_get_client (self->session);

      mirror_key = g_strdup (mp_session_get_mirror_key (self->session));
      marketplace = g_strdup (mp_client_get_marketplace (client));
      user = g_strdup (mp_client_get_user (client));
    }
  clear_session (self);
  /* A signed-out account leaves no copy of its lists behind. */
  if (mirror_key != NULL && user != NULL &&
      !mp_mirror_delete_for_account (mirror_key, marketplace, user, &error))
    g_warning ("Could not delete the local copy of the lists: %s", error->message);
  if (marketplace != NULL)
    mp_login_page_forget_password (self->login_page, marketplace);
  gtk_stack_set_visible_child_name (self->main_stack, "login");
}

static void
mp_window_dispose (GObject *object)
{
  MpWindow *self = MP_WINDOW (object);

  g_clear_handle_id (&self->drop_idle_id, g_source_remove);
  if (self->sessions != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sessions, self);
      g_signal_handlers_disconnect_by_data (mp_session_registry_get_active_orders (self->sessions), self);
      mp_session_registry_close (self->sessions);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->sessions);
  g_clear_object (&self->switcher_model);
  g_clear_object (&self->switcher_filter);
  g_list_free_full (g_steal_pointer (&self->empty_sections), g_object_unref);
  g_clear_pointer (&self->switcher_query, g_free);
  g_clear_pointer (&self->top_key, g_free);
  if (self->demo_server != NULL)
    mp_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_WINDOW);

  G_OBJECT_CLASS (mp_window_parent_class)->dispose (object);
}

static void
mp_window_class_init (MpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mp_window_dispose;
  window_class->close_request = mp_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/mp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, login_bin);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, sections_box);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, section_stack);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_button);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, account_button);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_search);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_list);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_stack);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_error_page);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, subscriptions_page);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, customers_page);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, orders_page);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, marketplace_page);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, subscriptions_bin);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, customers_bin);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, orders_bin);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, renewals_bin);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, marketplace_bin);
  gtk_widget_class_bind_template_callback (widget_class, leaflet_transition_cb);
  gtk_widget_class_bind_template_callback (widget_class, switcher_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, switcher_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, switcher_activate_cb);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.open-subscription", "s", open_page_action);
  gtk_widget_class_install_action (widget_class, "win.change-limits", "s", open_page_action);
  gtk_widget_class_install_action (widget_class, "win.switch-plan", "s", open_page_action);
  gtk_widget_class_install_action (widget_class, "win.open-order", "s", open_page_action);
  gtk_widget_class_install_action (widget_class, "win.open-customer", "s", open_page_action);
  gtk_widget_class_install_action (widget_class, "win.open-overview", NULL, open_overview_action);
  gtk_widget_class_install_action (widget_class, "win.journal", NULL, journal_action);
  gtk_widget_class_install_action (widget_class, "win.buy-services", "s", buy_services_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.reports", NULL, reports_action);
  gtk_widget_class_install_action (widget_class, "win.export-list", NULL, export_list_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-section", "s", sections[i]);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "win.go-back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.refresh", NULL);
}

/* Escape leaves a drill-down page whatever has the focus on it: taken in
 * the capture phase, before a widget of the page can swallow it (the
 * first Escape after "Open Subscription" on a provisioning page was lost
 * on its way to the window's key binding). Where Escape means something
 * else it is left alone: a search clears itself first, a popover closes.
 */
static gboolean
escape_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        state,
                   MpWindow              *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (keyval != GDK_KEY_Escape || (state & gtk_accelerator_get_default_mod_mask ()) != 0)
    return FALSE;
  if (adw_leaflet_get_visible_child (self->leaflet) == self->sections_box)
    return FALSE;
  if (focus != NULL &&
      (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY) != NULL ||
       gtk_widget_get_ancestor (focus, GTK_TYPE_POPOVER) != NULL))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self), "win.go-back", NULL);
}

static void
mp_window_init (MpWindow *self)
{
  g_autofree char *demo_dir = NULL;
  GtkWidget *login_page;

  gtk_widget_init_template (GTK_WIDGET (self));
  {
    GtkEventController *keys = gtk_event_controller_key_new ();

    gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
    gtk_event_controller_set_name (keys, "mp-window-escape");
    g_signal_connect (keys, "key-pressed", G_CALLBACK (escape_pressed_cb), self);
    gtk_widget_add_controller (GTK_WIDGET (self), keys);
  }
  /* Ctrl+F: the search of the list shown (or of the open switcher). */
  mp_a11y_add_search_shortcut (GTK_WIDGET (self));
  mp_a11y_setup_search (self->switcher_search, NULL, GTK_WIDGET (self->switcher_list));
  mp_a11y_enter_activates_default (GTK_WINDOW (self));
  /* The application sets its shortcuts window when it adds this one. */
  g_signal_connect (self, "notify::application", G_CALLBACK (update_help_overlay), NULL);
  g_signal_connect (self, "notify::visible", G_CALLBACK (visible_cb), NULL);

  /* GtkApplication adds the resource icons by itself; a window made
   * without one (in tests) adds them here, once.
   */
  {
    GtkIconTheme *theme = gtk_icon_theme_get_for_display (gtk_widget_get_display (GTK_WIDGET (self)));

    if (!gtk_icon_theme_has_icon (theme, APP_ID_BASE))
      gtk_icon_theme_add_resource_path (theme, RESOURCE_BASE_PATH "/icons");
  }

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Window state lives in GSettings, bound both ways. */
  self->settings = g_settings_new (APP_ID_BASE);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  /* Running in the background (Preferences): closing only hides. */
  g_settings_bind (self->settings, "run-in-background", self, "hide-on-close", G_SETTINGS_BIND_GET);

  /* The signed-out content of each section comes back on sign-out. */
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    self->empty_sections = g_list_append (self->empty_sections,
                                          g_object_ref (adw_bin_get_child (section_bin (self, sections[i]))));
  g_signal_connect_object (self->section_stack, "notify::visible-child-name",
                           G_CALLBACK (section_shown_cb), self, G_CONNECT_SWAPPED);

  /* MP_DEMO_DATA_DIR puts the demo's database elsewhere (each test of a
   * program gets its own, so no server waits for another's lock).
   */
  if (g_getenv ("MP_DEMO_DATA_DIR") != NULL)
    demo_dir = g_strdup (g_getenv ("MP_DEMO_DATA_DIR"));
  else
    demo_dir = g_build_filename (g_get_user_data_dir (), "market-panel", "demo", NULL);
  self->demo_server = mp_demo_server_new (demo_dir);
  g_signal_connect_object (self->demo_server, "restarted", G_CALLBACK (demo_restarted_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->demo_server, "restart-failed", G_CALLBACK (demo_restart_failed_cb),
                           self, G_CONNECT_SWAPPED);
  login_page = mp_login_page_new (self->demo_server);
  self->login_page = MP_LOGIN_PAGE (login_page);
  g_signal_connect_object (login_page, "signed-in", G_CALLBACK (signed_in_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (login_page, "notice", G_CALLBACK (notice_cb), self, G_CONNECT_SWAPPED);
  adw_bin_set_child (self->login_bin, login_page);

  setup_switcher (self);
  hide_tooltip_while_open (self->switcher_button);
  g_signal_connect_object (gtk_menu_button_get_popover (self->switcher_button), "show",
                           G_CALLBACK (switcher_popover_show_cb), self, G_CONNECT_SWAPPED);
  hide_tooltip_while_open (self->account_button);
  hide_tooltip_while_open (self->menu_button);
  update_account_menu (self);
}

MpWindow *
mp_window_new (MpApplication *application)
{
  g_return_val_if_fail (application == NULL || MP_IS_APPLICATION (application), NULL);

  return g_object_new (MP_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

const char *
mp_window_get_visible_section (MpWindow *self)
{
  g_return_val_if_fail (MP_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->section_stack);
}

void
mp_window_add_toast (MpWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (MP_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

MpSession *
mp_window_get_session (MpWindow *self)
{
  g_return_val_if_fail (MP_IS_WINDOW (self), NULL);
  return self->session;
}

/* Every session of the signed-in login (empty when signed out); NULL
 * before the first sign-in.
 */
MpSessionRegistry *
mp_window_get_sessions (MpWindow *self)
{
  g_return_val_if_fail (MP_IS_WINDOW (self), NULL);
  return self->sessions;
}

MpLoginPage *
mp_window_get_login_page (MpWindow *self)
{
  g_return_val_if_fail (MP_IS_WINDOW (self), NULL);
  return self->login_page;
}

MpDemoServer *
mp_window_get_demo_server (MpWindow *self)
{
  g_return_val_if_fail (MP_IS_WINDOW (self), NULL);
  return self->demo_server;
}

/* Whether the window shows the signed-in sections rather than the login. */
gboolean
mp_window_get_signed_in (MpWindow *self)
{
  g_return_val_if_fail (MP_IS_WINDOW (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") == 0;
}
