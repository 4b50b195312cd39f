/* mp-customer-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-customer-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-bulk-change-dialog.h"
#include "mp-customer-page.h"
#include "mp-error-box.h"
#include "mp-page-util.h"
#include "mp-plan-lookup-dialog.h"
#include "mp-purchase-wizard.h"
#include "mp-revenue.h"

/* One customer of the reseller (Customers > account): its details, its
 * subscriptions and its orders, and "Add New Order" (flow 3): the plan
 * look-up dialog, then the purchase wizard with the customer as buyer.
 * The lists reload when the session says something changed, so that a
 * provisioned order shows up in the Subscriptions tab by itself.
 */
struct _MpCustomerPage
{
  AdwBin               parent_instance;

  /* Template Widgets */
  AdwViewSwitcherTitle *switcher_title;
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkStack             *details_stack;
  MpErrorBox           *error_box;
  AdwPreferencesGroup  *account_group;
  AdwActionRow         *monthly_row;
  AdwActionRow         *seats_row;
  AdwActionRow         *change_row;
  AdwPreferencesGroup  *address_group;
  AdwPreferencesGroup  *contact_group;
  GtkStack             *subscriptions_stack;
  GtkListBox           *subscriptions_list;
  GtkStack             *orders_stack;
  GtkListBox           *orders_list;

  /* Owned References */
  MpSession            *session;
  char                 *customer_id;
  MpCustomer           *customer;
  MpPagedList          *subscriptions;
  MpPagedList          *orders;
  GCancellable         *cancellable;
  MpRevenue            *revenue;
};

G_DEFINE_FINAL_TYPE (MpCustomerPage, mp_customer_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CUSTOMER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
add_detail (AdwPreferencesGroup *group,
            const char          *title,
            const char          *value)
{
  GtkWidget *row;

  if (value == NULL || *value == '\0')
    return;
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), value);
  gtk_widget_add_css_class (row, "property");
  adw_preferences_group_add (group, row);
}

static void
show_customer (MpCustomerPage *self)
{
  MpCustomer *c = self->customer;
  g_autofree char *contact = g_strdup_printf ("%s %s", mp_customer_get_first_name (c) ? mp_customer_get_first_name (c) : "",
                                              mp_customer_get_last_name (c) ? mp_customer_get_last_name (c) : "");
  const char *status = mp_customer_get_status (c);

  adw_view_switcher_title_set_title (self->switcher_title, mp_customer_get_name (c));
  adw_view_switcher_title_set_subtitle (self->switcher_title, _("Customer"));

  add_detail (self->account_group, _("Account Name"), mp_customer_get_name (c));
  add_detail (self->account_group, _("Account ID"), mp_customer_get_id (c));
  add_detail (self->account_group, _("External ID"), mp_customer_get_external_id (c));
  add_detail (self->account_group, _("Tax Registration ID"), mp_customer_get_tax_reg_id (c));
  add_detail (self->account_group, _("Language"), mp_customer_get_language (c));
  add_detail (self->account_group, _("Status"),
              g_strcmp0 (status, "active") == 0 ? _("Active")
              : g_strcmp0 (status, "creditHold") == 0 ? _("Credit Hold") : status);
  add_detail (self->address_group, _("Street Address"), mp_customer_get_street_address (c));
  add_detail (self->address_group, _("Postal Code"), mp_customer_get_postal_code (c));
  add_detail (self->address_group, _("City"), mp_customer_get_city (c));
  add_detail (self->address_group, _("State"), mp_customer_get_state (c));
  add_detail (self->address_group, _("Country Code"), mp_customer_get_country_code (c));
  add_detail (self->contact_group, _("Name"), g_strstrip (contact));
  add_detail (self->contact_group, _("E-mail"), mp_customer_get_email (c));
  add_detail (self->contact_group, _("Phone"), mp_customer_get_phone (c));
  add_detail (self->contact_group, _("Login"), mp_customer_get_login (c));
  gtk_stack_set_visible_child_name (self->details_stack, "details");
}

/* Monthly total, seats and this month's change, summed over the lists of
 * the Subscriptions and Orders tabs.
 */
static void
update_revenue (MpCustomerPage *self)
{
  gint64 seats = mp_revenue_get_seats (self->revenue, self->customer_id);
  g_autofree char *monthly = mp_revenue_format_sums (mp_revenue_get_monthly (self->revenue, self->customer_id));
  g_autofree char *seats_text = seats >= 0 ? mp_page_format_quantity (seats) : g_strdup ("—");
  g_autofree char *change = NULL;
  guint n_orders = 0;
  GArray *sums = mp_revenue_get_change (self->revenue, self->customer_id, &n_orders);

  change = mp_revenue_format_change (sums, n_orders);
  adw_action_row_set_subtitle (self->monthly_row, monthly);
  adw_action_row_set_subtitle (self->seats_row, seats_text);
  adw_action_row_set_subtitle (self->change_row, change);
}

static void
get_customer_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MpCustomerPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpCustomer) customer = mp_client_get_customer_finish (MP_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MP_CUSTOMER_PAGE (user_data);
  if (customer == NULL)
    {
      mp_error_box_set_error (self->error_box, _("Could Not Load the Customer"), error);
      gtk_stack_set_visible_child_name (self->details_stack, "error");
      return;
    }
  g_set_object (&self->customer, customer);
  show_customer (self);
}

static GtkWidget *
create_subscription_row (gpointer item,
                         gpointer user_data)
{
  MpSubscription *subscription = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *period = mp_page_format_period (mp_subscription_get_period (subscription));
  const char *plan = mp_subscription_get_plan_name (subscription);
  g_autofree char *subtitle = NULL;

  /* Translators: subscription ID · status · period (· plan, when the
   * subscription was renamed).
   */
  subtitle = g_strdup_printf (_("#%s · %s · %s"), mp_subscription_get_id (subscription),
                              mp_page_subscription_status (mp_subscription_get_status (subscription)),
                              period != NULL ? period : "");
  if (plan != NULL && g_strcmp0 (plan, mp_subscription_get_name (subscription)) != 0)
    {
      char *with_plan = g_strdup_printf ("%s · %s", subtitle, plan);

      g_free (subtitle);
      subtitle = with_plan;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_subscription_get_name (subscription));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  if (mp_subscription_get_total_price (subscription) != NULL)
    {
      g_autofree char *price = mp_page_format_money (mp_subscription_get_total_price (subscription));
      GtkWidget *label = gtk_label_new (price);

      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static GtkWidget *
create_order_row (gpointer item,
                  gpointer user_data)
{
  MpOrder *order = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *date = mp_page_format_date (mp_order_get_creation_date (order));
  g_autofree char *total = mp_page_format_money (mp_order_get_total (order));
  g_autofree char *subtitle = NULL;
  GtkWidget *label;

  /* Translators: order type · status · date of an order. */
  subtitle = g_strdup_printf (_("%s · %s · %s"), mp_page_order_type (mp_order_get_order_type (order)),
                              mp_page_order_status (mp_order_get_status (order)), date != NULL ? date : "");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_order_get_order_number (order));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  label = gtk_label_new (total);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
update_lists (MpCustomerPage *self)
{
  const GError *error;

  error = mp_paged_list_get_error (self->subscriptions);
  adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->subscriptions_stack, "empty")),
                                   error != NULL ? error->message
                                   : _("Orders placed for this customer appear here once provisioned."));
  gtk_stack_set_visible_child_name (self->subscriptions_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->subscriptions)) > 0 ? "list" : "empty");

  error = mp_paged_list_get_error (self->orders);
  adw_status_page_set_description (ADW_STATUS_PAGE (gtk_stack_get_child_by_name (self->orders_stack, "empty")),
                                   error != NULL ? error->message
                                   : _("Use “Add New Order” to order a service plan for this customer."));
  gtk_stack_set_visible_child_name (self->orders_stack,
                                    g_list_model_get_n_items (G_LIST_MODEL (self->orders)) > 0 ? "list" : "empty");
}

/* The lists are bound to their models: a row's item is the model's item
 * at the row's index.
 */
static void
subscription_activated_cb (MpCustomerPage *self,
                           GtkListBoxRow  *row)
{
  g_autoptr(MpSubscription) subscription = g_list_model_get_item (G_LIST_MODEL (self->subscriptions),
                                                                  gtk_list_box_row_get_index (row));

  if (subscription != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-subscription", "s",
                                mp_subscription_get_id (subscription));
}

/* Change Seats… for every subscription of the customer. */
static void
change_seats_clicked_cb (MpCustomerPage *self)
{
  GListModel *list = G_LIST_MODEL (self->subscriptions);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (list, i);

      g_ptr_array_add (ids, g_strdup (mp_subscription_get_id (subscription)));
    }
  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);
  gtk_window_present (GTK_WINDOW (mp_bulk_change_dialog_new (self->session,
                                                             GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                             (const char * const *) ids->pdata)));
}

static void
order_activated_cb (MpCustomerPage *self,
                    GtkListBoxRow  *row)
{
  g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->orders), gtk_list_box_row_get_index (row));

  if (order != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", mp_order_get_id (order));
}

static void
session_changed_cb (MpCustomerPage *self)
{
  mp_paged_list_reload (self->subscriptions);
  mp_paged_list_reload (self->orders);
  update_lists (self);
}

static void
plan_chosen_cb (MpCustomerPage *self,
                const char     *plan_id)
{
  GtkWidget *wizard = mp_purchase_wizard_new (self->session, self->customer_id, plan_id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (wizard), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (wizard));
}

static void
add_order_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MpCustomerPage *self = MP_CUSTOMER_PAGE (widget);
  GtkWidget *dialog = mp_plan_lookup_dialog_new (self->session);
  GtkRoot *root = gtk_widget_get_root (widget);

  /* Flow 3 buys the variants "for customers". */
  mp_plan_lookup_dialog_set_audience (MP_PLAN_LOOKUP_DIALOG (dialog), "customer");

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "plan-chosen", G_CALLBACK (plan_chosen_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
mp_customer_page_dispose (GObject *object)
{
  MpCustomerPage *self = MP_CUSTOMER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->subscriptions != NULL)
    mp_paged_list_cancel (self->subscriptions);
  if (self->orders != NULL)
    mp_paged_list_cancel (self->orders);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_CUSTOMER_PAGE);

  g_clear_object (&self->revenue);
  g_clear_object (&self->subscriptions);
  g_clear_object (&self->orders);
  g_clear_object (&self->customer);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_customer_page_parent_class)->dispose (object);
}

static void
mp_customer_page_finalize (GObject *object)
{
  MpCustomerPage *self = MP_CUSTOMER_PAGE (object);

  g_clear_pointer (&self->customer_id, g_free);

  G_OBJECT_CLASS (mp_customer_page_parent_class)->finalize (object);
}

static void
mp_customer_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MpCustomerPage *self = MP_CUSTOMER_PAGE (object);

  switch (prop_id)
    {
    case PROP_CUSTOMER_ID:
      g_value_set_string (value, self->customer_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_customer_page_class_init (MpCustomerPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_customer_page_dispose;
  object_class->finalize = mp_customer_page_finalize;
  object_class->get_property = mp_customer_page_get_property;

  properties[PROP_CUSTOMER_ID] =
    g_param_spec_string ("customer-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MP_TYPE_ERROR_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/customers/mp-customer-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, details_stack);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, account_group);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, monthly_row);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, seats_row);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, change_row);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, address_group);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, contact_group);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, subscriptions_stack);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, subscriptions_list);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, orders_stack);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerPage, orders_list);
  gtk_widget_class_bind_template_callback (widget_class, subscription_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_seats_clicked_cb);

  gtk_widget_class_install_action (widget_class, "customer.add-order", NULL, add_order_action);
}

static void
mp_customer_page_init (MpCustomerPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_customer_page_new (MpSession  *session,
                      const char *customer_id)
{
  MpCustomerPage *self;
  MpClient *client;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  self = g_object_new (MP_TYPE_CUSTOMER_PAGE, NULL);
  self->session = g_object_ref (session);
  self->customer_id = g_strdup (customer_id);
  self->cancellable = g_cancellable_new ();
  client = mp_session_get_client (session);

  mp_client_get_customer_async (client, customer_id, self->cancellable, get_customer_cb, self);

  self->subscriptions = mp_client_list_subscriptions (client, customer_id, NULL);
  gtk_list_box_bind_model (self->subscriptions_list, G_LIST_MODEL (self->subscriptions),
                           create_subscription_row, NULL, NULL);
  self->orders = mp_client_list_orders (client, customer_id, NULL, NULL);
  gtk_list_box_bind_model (self->orders_list, G_LIST_MODEL (self->orders), create_order_row, NULL, NULL);

  g_signal_connect_object (self->subscriptions, "items-changed", G_CALLBACK (update_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->subscriptions, "notify::loading", G_CALLBACK (update_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->orders, "items-changed", G_CALLBACK (update_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->orders, "notify::loading", G_CALLBACK (update_lists), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  update_lists (self);

  self->revenue = mp_revenue_new (session, MP_LIST_SOURCE (self->subscriptions));
  mp_revenue_watch_orders (self->revenue, MP_LIST_SOURCE (self->orders));
  g_signal_connect_object (self->revenue, "changed", G_CALLBACK (update_revenue), self, G_CONNECT_SWAPPED);

  return GTK_WIDGET (self);
}

const char *
mp_customer_page_get_customer_id (MpCustomerPage *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER_PAGE (self), NULL);

  return self->customer_id;
}
