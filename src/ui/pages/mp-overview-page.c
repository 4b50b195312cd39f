/* mp-overview-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-overview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-bar-chart.h"
#include "mp-error-box.h"
#include "mp-overview-page.h"
#include "mp-page-util.h"
#include "mp-revenue.h"

/* Every figure comes from MpRevenue's sums over the account's lists
 * (customers, subscriptions, orders), redrawn when they change.
 */
struct _MpOverviewPage
{
  AdwBin          parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  MpErrorBox     *error_box;
  AdwActionRow   *total_row;
  AdwActionRow   *change_row;
  AdwActionRow   *own_row;
  MpBarChart     *chart;
  GtkListBox     *top_list;
  GtkStack       *renewing_stack;
  GtkListBox     *renewing_list;

  /* Owned References */
  MpSession      *session;
  MpRevenue      *revenue;
  GPtrArray      *top_ids;       /* customer IDs of top_list's rows */
  GPtrArray      *renewing_ids;  /* subscription IDs of renewing_list's rows */
};

G_DEFINE_FINAL_TYPE (MpOverviewPage, mp_overview_page, ADW_TYPE_BIN)

/* The number of customers in the chart. */
#define N_TOP 5

static void
clear_list (GtkListBox *list)
{
  GtkWidget *row;

  while ((row = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, row);
}

static GtkWidget *
figure_row (const char *title,
            const char *subtitle,
            const char *figure)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (figure);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
update_top (MpOverviewPage *self)
{
  g_autoptr(GPtrArray) top = mp_revenue_get_top_customers (self->revenue, N_TOP);
  GArray *total = mp_revenue_get_customers_total (self->revenue);
  gint64 all = total->len > 0 ? g_array_index (total, MpMoney, 0).minor : 0;

  mp_bar_chart_clear (self->chart);
  clear_list (self->top_list);
  g_ptr_array_set_size (self->top_ids, 0);
  for (guint i = 0; i < top->len; i++)
    {
      const char *id = g_ptr_array_index (top, i);
      GArray *monthly = mp_revenue_get_monthly (self->revenue, id);
      const MpMoney *first = &g_array_index (monthly, MpMoney, 0);
      g_autofree char *money = mp_money_format (first);
      g_autofree char *share = NULL;
      const char *name = mp_revenue_get_owner_name (self->revenue, id);

      mp_bar_chart_add_bar (self->chart, name, (double) first->minor, money);
      if (all > 0)
        /* Translators: a customer's share of the monthly total across customers. */
        share = g_strdup_printf (_("%.0f%% of the total"), 100.0 * first->minor / all);
      gtk_list_box_append (self->top_list, figure_row (name, share, money));
      g_ptr_array_add (self->top_ids, g_strdup (id));
    }
  gtk_widget_set_visible (GTK_WIDGET (self->chart), top->len > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->top_list), top->len > 0);
}

static void
update_renewing (MpOverviewPage *self)
{
  g_autoptr(GPtrArray) renewing = mp_revenue_get_renewing (self->revenue);

  clear_list (self->renewing_list);
  g_ptr_array_set_size (self->renewing_ids, 0);
  for (guint i = 0; i < renewing->len; i++)
    {
      MpSubscription *subscription = g_ptr_array_index (renewing, i);
      g_autofree char *date = mp_page_format_date (mp_subscription_get_renewal_date (subscription));
      g_autofree char *price = mp_page_format_money (mp_subscription_get_total_price (subscription));
      const char *owner = mp_revenue_get_owner_name (self->revenue, mp_subscription_get_customer_id (subscription));
      g_autofree char *subtitle = NULL;

      /* Translators: the owner and the renewal date of a subscription, "Acme Corporation · 17 Dec 2026". */
      subtitle = g_strdup_printf (_("%s · %s"), owner != NULL ? owner : mp_subscription_get_customer_id (subscription),
                                  date != NULL ? date : "");
      gtk_list_box_append (self->renewing_list, figure_row (mp_subscription_get_name (subscription), subtitle, price));
      g_ptr_array_add (self->renewing_ids, g_strdup (mp_subscription_get_id (subscription)));
    }
  gtk_stack_set_visible_child_name (self->renewing_stack, renewing->len > 0 ? "list" : "empty");
}

static const GError *
list_error (MpOverviewPage *self)
{
  const GError *error = mp_list_source_get_error (mp_revenue_get_subscriptions (self->revenue));

  return error != NULL ? error : mp_list_source_get_error (mp_revenue_get_customers (self->revenue));
}

static void
revenue_changed_cb (MpOverviewPage *self)
{
  GListModel *customers = G_LIST_MODEL (mp_revenue_get_customers (self->revenue));
  g_autoptr(GArray) change = g_array_new (FALSE, TRUE, sizeof (MpMoney));
  g_autofree char *total = NULL;
  g_autofree char *own = NULL;
  g_autofree char *change_text = NULL;
  const GError *error = list_error (self);
  guint n_orders = 0;

  if (error != NULL)
    {
      mp_error_box_set_error (self->error_box, _("Could Not Load the Overview"), error);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  if (mp_revenue_get_loading (self->revenue))
    {
      gtk_stack_set_visible_child_name (self->stack, "loading");
      return;
    }

  total = mp_revenue_format_sums (mp_revenue_get_customers_total (self->revenue));
  adw_action_row_set_subtitle (self->total_row, total);
  own = mp_revenue_format_sums (mp_revenue_get_monthly (self->revenue, mp_revenue_get_own_id (self->revenue)));
  adw_action_row_set_subtitle (self->own_row, own);

  for (guint i = 0; i < g_list_model_get_n_items (customers); i++)
    {
      g_autoptr(MpCustomer) customer = g_list_model_get_item (customers, i);
      guint n = 0;
      GArray *sums = mp_revenue_get_change (self->revenue, mp_customer_get_id (customer), &n);

      n_orders += n;
      for (guint j = 0; sums != NULL && j < sums->len; j++)
        mp_money_sums_add (change, &g_array_index (sums, MpMoney, j), NULL);
    }
  change_text = mp_revenue_format_change (change, n_orders);
  adw_action_row_set_subtitle (self->change_row, change_text);

  update_top (self);
  update_renewing (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
reload_clicked_cb (MpOverviewPage *self)
{
  mp_revenue_reload (self->revenue);
  revenue_changed_cb (self);
}

static void
top_activated_cb (MpOverviewPage *self,
                  GtkListBoxRow  *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->top_ids->len)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-customer", "s",
                                g_ptr_array_index (self->top_ids, index));
}

static void
renewing_activated_cb (MpOverviewPage *self,
                       GtkListBoxRow  *row)
{
  int index = gtk_list_box_row_get_index (row);

  if (index >= 0 && (guint) index < self->renewing_ids->len)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-subscription", "s",
                                g_ptr_array_index (self->renewing_ids, index));
}

static void
mp_overview_page_dispose (GObject *object)
{
  MpOverviewPage *self = MP_OVERVIEW_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_OVERVIEW_PAGE);

  g_clear_object (&self->revenue);
  g_clear_object (&self->session);
  g_clear_pointer (&self->top_ids, g_ptr_array_unref);
  g_clear_pointer (&self->renewing_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (mp_overview_page_parent_class)->dispose (object);
}

static void
mp_overview_page_class_init (MpOverviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_overview_page_dispose;

  g_type_ensure (MP_TYPE_BAR_CHART);
  g_type_ensure (MP_TYPE_ERROR_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, total_row);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, change_row);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, own_row);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, chart);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, top_list);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, renewing_stack);
  gtk_widget_class_bind_template_child (widget_class, MpOverviewPage, renewing_list);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, top_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, renewing_activated_cb);
}

static void
mp_overview_page_init (MpOverviewPage *self)
{
  self->top_ids = g_ptr_array_new_with_free_func (g_free);
  self->renewing_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_overview_page_new (MpSession *session)
{
  MpOverviewPage *self;
  MpAccount *account;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_OVERVIEW_PAGE, NULL);
  self->session = g_object_ref (session);
  account = mp_session_get_account (session);
  if (account != NULL)
    adw_window_title_set_subtitle (self->window_title, mp_account_get_name (account));
  self->revenue = mp_revenue_new (session, NULL);
  mp_revenue_watch_orders (self->revenue, NULL);
  g_signal_connect_object (self->revenue, "changed", G_CALLBACK (revenue_changed_cb), self, G_CONNECT_SWAPPED);
  revenue_changed_cb (self);
  return GTK_WIDGET (self);
}
