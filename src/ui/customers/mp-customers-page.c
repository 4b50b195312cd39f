/* mp-customers-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-customers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-customer-editor.h"
#include "mp-customers-page.h"
#include "mp-page-util.h"

/* The reseller's Customers section. SimpleAPI filters customers by name
 * only (plus exact e-mail and external ID), so the search runs client-side
 * over the loaded list, as the user types, on name, e-mail and external ID;
 * a reseller's customers are few enough for that.
 */
struct _MpCustomersPage
{
  AdwBin              parent_instance;

  /* Template Widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  AdwToastOverlay    *toast_overlay;
  GtkStack           *stack;
  AdwStatusPage      *error_page;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;

  /* Owned References */
  MpSession          *session;
  MpPagedList        *list;
  GtkFilterListModel *filter_model;
  GtkCustomFilter    *filter;
  GtkSingleSelection *selection;
  char               *search;   /* casefolded */
  char               *status;   /* NULL: every status */
};

G_DEFINE_FINAL_TYPE (MpCustomersPage, mp_customers_page, ADW_TYPE_BIN)

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

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MpCustomersPage *self = user_data;
  MpCustomer *customer = item;

  if (self->status != NULL && g_strcmp0 (mp_customer_get_status (customer), self->status) != 0)
    return FALSE;
  if (self->search == NULL || *self->search == '\0')
    return TRUE;
  return mp_page_text_contains (mp_customer_get_name (customer), self->search) ||
         mp_page_text_contains (mp_customer_get_email (customer), self->search) ||
         mp_page_text_contains (mp_customer_get_external_id (customer), self->search);
}

static void
update_state (MpCustomersPage *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  g_autofree char *count = NULL;

  g_assert (MP_IS_CUSTOMERS_PAGE (self));

  if (!mp_page_show_list_state (self->stack, self->error_page, self->list, self->filter_model))
    {
      gtk_label_set_text (self->count_label, "");
      return;
    }

  if (n_shown == n_all)
    count = g_strdup_printf (ngettext ("%u customer", "%u customers", n_all), n_all);
  else
    count = g_strdup_printf (ngettext ("%u of %u customer", "%u of %u customers", n_all), n_shown, n_all);
  gtk_label_set_text (self->count_label, count);
}

static void
refilter (MpCustomersPage *self)
{
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_state (self);
}

static void
search_changed_cb (MpCustomersPage *self,
                   GtkSearchEntry  *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  g_assert (MP_IS_CUSTOMERS_PAGE (self));

  g_free (self->search);
  self->search = g_utf8_casefold (text, -1);
  refilter (self);
}

static void
status_selected_cb (MpCustomersPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);

  g_assert (MP_IS_CUSTOMERS_PAGE (self));

  g_free (self->status);
  self->status = g_strdup (selected < G_N_ELEMENTS (status_filters) ? status_filters[selected] : NULL);
  refilter (self);
}

static void
retry_clicked_cb (MpCustomersPage *self)
{
  mp_paged_list_reload (self->list);
  update_state (self);
}

static void
column_view_activate_cb (MpCustomersPage *self,
                         guint            position)
{
  g_autoptr(MpCustomer) customer = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  g_assert (MP_IS_CUSTOMERS_PAGE (self));

  if (customer != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-customer", "s", mp_customer_get_id (customer));
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
  mp_paged_list_reload (self->list);
  update_state (self);
}

static void
new_customer_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MpCustomersPage *self = MP_CUSTOMERS_PAGE (widget);
  GtkWidget *editor = mp_customer_editor_new (self->session);
  GtkRoot *root = gtk_widget_get_root (widget);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (editor), GTK_WINDOW (root));
  g_signal_connect_object (editor, "customer-created", G_CALLBACK (customer_created_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
session_changed_cb (MpCustomersPage *self)
{
  mp_paged_list_reload (self->list);
  update_state (self);
}

static void
mp_customers_page_dispose (GObject *object)
{
  MpCustomersPage *self = MP_CUSTOMERS_PAGE (object);

  if (self->list != NULL)
    mp_paged_list_cancel (self->list);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_CUSTOMERS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->list);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_customers_page_parent_class)->dispose (object);
}

static void
mp_customers_page_finalize (GObject *object)
{
  MpCustomersPage *self = MP_CUSTOMERS_PAGE (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (mp_customers_page_parent_class)->finalize (object);
}

static void
mp_customers_page_class_init (MpCustomersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_customers_page_dispose;
  object_class->finalize = mp_customers_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/customers/mp-customers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpCustomersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MpCustomersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MpCustomersPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MpCustomersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpCustomersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MpCustomersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MpCustomersPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "customers.new", NULL, new_customer_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "customers.new", NULL);
}

static void
mp_customers_page_init (MpCustomersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mp_a11y_setup_search (self->search_entry, GTK_WIDGET (self), GTK_WIDGET (self->column_view));

  mp_page_add_text_column (self->column_view, _("Account Name"), name_text, compare_name, NULL, TRUE, FALSE);
  mp_page_add_text_column (self->column_view, _("External ID"), external_id_text, compare_external_id, NULL, FALSE, FALSE);
  mp_page_add_text_column (self->column_view, _("E-mail"), email_text, compare_email, NULL, TRUE, FALSE);
  mp_page_add_text_column (self->column_view, _("Location"), location_text, NULL, NULL, FALSE, FALSE);
  mp_page_add_text_column (self->column_view, _("Status"), status_text, compare_status, NULL, FALSE, FALSE);
}

GtkWidget *
mp_customers_page_new (MpSession *session)
{
  MpCustomersPage *self;
  GtkSortListModel *sort_model;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_CUSTOMERS_PAGE, NULL);
  self->session = g_object_ref (session);
  self->list = mp_client_list_customers (mp_session_get_client (session), NULL);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->list)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)),
                                        g_object_ref (gtk_column_view_get_sorter (self->column_view)));
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);

  update_state (self);
  return GTK_WIDGET (self);
}
