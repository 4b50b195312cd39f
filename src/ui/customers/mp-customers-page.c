/* mp-customers-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-customers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-customer-editor.h"
#include "mp-customers-page.h"
#include "mp-list-export.h"
#include "mp-page-util.h"
#include "mp-revenue.h"

/* The reseller's Customers section. SimpleAPI filters customers by name
 * only (plus exact e-mail and external ID), so the search runs client-side
 * over the loaded list, as the user types, on name, e-mail and external ID;
 * a reseller's customers are few enough for that. Seats and Monthly Total
 * sum each customer's subscriptions (MpRevenue: one list of every
 * subscription, summed once per change, not per row).
 */
struct _MpCustomersPage
{
  MpListPage       parent_instance;

  /* Template Widgets */
  AdwToastOverlay *toast_overlay;

  /* Owned References */
  MpRevenue       *revenue;
};

/* The columns of the sums, bound again when the sums change. */
#define SEATS_COLUMN 5
#define MONTHLY_COLUMN 6

G_DEFINE_FINAL_TYPE (MpCustomersPage, mp_customers_page, MP_TYPE_LIST_PAGE)

/* The status filter's entries, in the order of the drop-down's model. */
static const char * const status_filters[] = { NULL, "active", "creditHold" };

static const char *
status_label (const char *status)
{
  if (g_strcmp0 (status, "active") == 0)
    return _("Active");
  if (g_strcmp0 (status, "creditHold") == 0)
    return _("Credit Hold");
  return status != NULL ? status : "";
}

static char *
name_text (gpointer item,
           gpointer user_data)
{
  return g_strdup (mp_customer_get_name (item));
}

static char *
external_id_text (gpointer item,
                  gpointer user_data)
{
  return g_strdup (mp_customer_get_external_id (item));
}

static char *
email_text (gpointer item,
            gpointer user_data)
{
  return g_strdup (mp_customer_get_email (item));
}

static char *
location_text (gpointer item,
               gpointer user_data)
{
  const char *city = mp_customer_get_city (item);
  const char *country = mp_customer_get_country_code (item);

  if (city == NULL)
    return g_strdup (country);
  /* Translators: a customer's city and ISO country code, "Seattle, US". */
  return g_strdup_printf (_("%s, %s"), city, country != NULL ? country : "");
}

static char *
status_text (gpointer item,
             gpointer user_data)
{
  return g_strdup (status_label (mp_customer_get_status (item)));
}

static char *
seats_text (gpointer item,
            gpointer user_data)
{
  MpCustomersPage *self = user_data;
  gint64 seats = self->revenue != NULL ? mp_revenue_get_seats (self->revenue, mp_customer_get_id (item)) : -1;

  if (seats < 0)
    return g_strdup ("—");
  return mp_page_format_quantity (seats);
}

static char *
monthly_text (gpointer item,
              gpointer user_data)
{
  MpCustomersPage *self = user_data;

  if (self->revenue == NULL)
    return g_strdup ("—");
  return mp_revenue_format_sums (mp_revenue_get_monthly (self->revenue, mp_customer_get_id (item)));
}

/* Export…: the seats as a plain number, the monthly total as amount and
 * currency (empty while the subscriptions are being summed, or when a
 * customer pays in more than one currency, which one pair of columns
 * cannot hold).
 */
static char *
seats_value (gpointer item,
             gpointer user_data)
{
  MpCustomersPage *self = user_data;
  gint64 seats = self->revenue != NULL ? mp_revenue_get_seats (self->revenue, mp_customer_get_id (item)) : -1;

  return seats < 0 ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, seats);
}

static gboolean
monthly_money (gpointer  item,
               gpointer  user_data,
               MpMoney  *money)
{
  MpCustomersPage *self = user_data;
  GArray *sums = self->revenue != NULL ? mp_revenue_get_monthly (self->revenue, mp_customer_get_id (item)) : NULL;

  if (sums == NULL || sums->len != 1)
    return FALSE;
  return mp_list_export_money_value (&g_array_index (sums, MpMoney, 0), money);
}

static gint64
first_amount (MpCustomersPage *self,
              gpointer         item)
{
  GArray *sums = self->revenue != NULL ? mp_revenue_get_monthly (self->revenue, mp_customer_get_id (item)) : NULL;

  return sums != NULL && sums->len > 0 ? g_array_index (sums, MpMoney, 0).minor : -1;
}

static int
compare_seats (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  MpCustomersPage *self = user_data;
  gint64 sa = mp_revenue_get_seats (self->revenue, mp_customer_get_id ((gpointer) a));
  gint64 sb = mp_revenue_get_seats (self->revenue, mp_customer_get_id ((gpointer) b));

  return (sa > sb) - (sa < sb);
}

static int
compare_monthly (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  gint64 ma = first_amount (user_data, (gpointer) a);
  gint64 mb = first_amount (user_data, (gpointer) b);

  return (ma > mb) - (ma < mb);
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_utf8_collate (mp_customer_get_name ((gpointer) a), mp_customer_get_name ((gpointer) b));
}

static int
compare_external_id (gconstpointer a,
                     gconstpointer b,
                     gpointer      user_data)
{
  return g_strcmp0 (mp_customer_get_external_id ((gpointer) a), mp_customer_get_external_id ((gpointer) b));
}

static int
compare_email (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return g_strcmp0 (mp_customer_get_email ((gpointer) a), mp_customer_get_email ((gpointer) b));
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_strcmp0 (mp_customer_get_status ((gpointer) a), mp_customer_get_status ((gpointer) b));
}

static const char *
mp_customers_page_get_title (MpListPage *page)
{
  return _("Customers");
}

static MpListSource *
mp_customers_page_create_list (MpListPage *page)
{
  return mp_session_open_list (mp_list_page_get_session (page), MP_MIRROR_KIND_CUSTOMERS);
}

static const char *
mp_customers_page_get_status (MpListPage *page,
                              gpointer    item)
{
  return mp_customer_get_status (item);
}

static char *
mp_customers_page_get_search_text (MpListPage *page,
                                    gpointer    item)
{
  const char *fields[] = {
    mp_customer_get_name (item),
    mp_customer_get_email (item),
    mp_customer_get_external_id (item),
  };

  return mp_page_join_search_fields (fields, G_N_ELEMENTS (fields));
}

static char *
mp_customers_page_count_text (MpListPage *page,
                              guint       n_shown,
                              guint       n_all)
{
  if (n_shown == n_all)
    return g_strdup_printf (ngettext ("%u customer", "%u customers", n_all), n_all);
  return g_strdup_printf (ngettext ("%u of %u customer", "%u of %u customers", n_all), n_shown, n_all);
}

static char *
mp_customers_page_partial_error_text (MpListPage   *page,
                                      const GError *error)
{
  return g_strdup_printf (_("Not every customer could be loaded: %s"), error->message);
}

static void
mp_customers_page_activate (MpListPage *page,
                            gpointer    item)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "win.open-customer", "s", mp_customer_get_id (item));
}

static void
customer_created_cb (MpCustomersPage *self,
                     MpCustomer      *customer)
{
  AdwToast *toast;

  g_assert (MP_IS_CUSTOMERS_PAGE (self));

  /* Translators: %s is the new customer's name. */
  toast = adw_toast_new_format (_("Customer “%s” created"), mp_customer_get_name (customer));
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
  mp_list_page_reload (MP_LIST_PAGE (self));
}

static void
new_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MpCustomersPage *self = MP_CUSTOMERS_PAGE (widget);
  GtkWidget *editor = mp_customer_editor_new (mp_list_page_get_session (MP_LIST_PAGE (self)));
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "customer-created", G_CALLBACK (customer_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

/* Export value: the API's status. */
static char *
status_value (gpointer item,
              gpointer user_data)
{
  return g_strdup (mp_customer_get_status (item));
}

static const MpListPageColumn columns[] = {
  { N_("Account Name"), name_text, compare_name, TRUE, FALSE, name_text, NULL },
  { N_("External ID"), external_id_text, compare_external_id, FALSE, FALSE, external_id_text, NULL },
  { N_("E-mail"), email_text, compare_email, TRUE, FALSE, email_text, NULL },
  { N_("Location"), location_text, NULL, FALSE, FALSE, location_text, NULL },
  { N_("Status"), status_text, compare_status, FALSE, FALSE, status_value, NULL },
  /* Their cells change as the subscriptions come in. */
  { N_("Seats"), NULL, NULL, FALSE, TRUE, seats_value, NULL },
  { N_("Monthly Total"), NULL, NULL, FALSE, TRUE, NULL, monthly_money },
};

static GtkListItemFactory *
mp_customers_page_create_factory (MpListPage             *page,
                                  const MpListPageColumn *column)
{
  if (column == &columns[SEATS_COLUMN])
    return mp_revenue_factory_new (seats_text, page, TRUE);
  return mp_revenue_factory_new (monthly_text, page, TRUE);
}

static GtkColumnViewColumn *
column_at (MpCustomersPage *self,
           guint            position)
{
  GListModel *view_columns = gtk_column_view_get_columns (mp_list_page_get_column_view (MP_LIST_PAGE (self)));
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, position);

  return column;   /* the view holds it */
}

static void
revenue_changed_cb (MpCustomersPage *self)
{
  mp_revenue_refresh_column (column_at (self, SEATS_COLUMN));
  mp_revenue_refresh_column (column_at (self, MONTHLY_COLUMN));
}

static void
mp_customers_page_constructed (GObject *object)
{
  MpCustomersPage *self = MP_CUSTOMERS_PAGE (object);

  G_OBJECT_CLASS (mp_customers_page_parent_class)->constructed (object);

  mp_revenue_set_sorter (column_at (self, SEATS_COLUMN), compare_seats, self);
  mp_revenue_set_sorter (column_at (self, MONTHLY_COLUMN), compare_monthly, self);

  self->revenue = mp_revenue_new (mp_list_page_get_session (MP_LIST_PAGE (self)), NULL);
  g_signal_connect_object (self->revenue, "changed", G_CALLBACK (revenue_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
mp_customers_page_dispose (GObject *object)
{
  MpCustomersPage *self = MP_CUSTOMERS_PAGE (object);

  g_clear_object (&self->revenue);

  G_OBJECT_CLASS (mp_customers_page_parent_class)->dispose (object);
}

static void
mp_customers_page_class_init (MpCustomersPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MpListPageClass *page_class = MP_LIST_PAGE_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mp_customers_page_constructed;
  object_class->dispose = mp_customers_page_dispose;

  page_class->get_title = mp_customers_page_get_title;
  page_class->create_factory = mp_customers_page_create_factory;
  page_class->columns = columns;
  page_class->n_columns = G_N_ELEMENTS (columns);
  page_class->create_list = mp_customers_page_create_list;
  page_class->get_status = mp_customers_page_get_status;
  page_class->get_search_text = mp_customers_page_get_search_text;
  page_class->status_values = status_filters;
  page_class->n_status_values = G_N_ELEMENTS (status_filters);
  page_class->count_text = mp_customers_page_count_text;
  page_class->partial_error_text = mp_customers_page_partial_error_text;
  page_class->activate = mp_customers_page_activate;

  mp_list_page_class_set_template_from_resource (page_class,
                                                 "/io/github/marketpanel/MarketPanel/customers/mp-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpCustomersPage, toast_overlay);

  gtk_widget_class_install_action (widget_class, "customers.new", NULL, new_customer_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "customers.new", NULL);
}

static void
mp_customers_page_init (MpCustomersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_customers_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_CUSTOMERS_PAGE,
                       "session", session,
                       NULL);
}
