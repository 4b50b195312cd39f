/* mp-subscriptions-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-subscriptions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-page-util.h"
#include "mp-subscriptions-page.h"

/* The Subscriptions section. The rows come from an MpPagedList that fills
 * itself page by page; search and the status filter run through a
 * GtkFilterListModel with incremental filtering, and the column view's
 * sorter through an incremental GtkSortListModel, so that 100,000 rows
 * never freeze the main loop: only the visible rows are ever bound.
 */
struct _MpSubscriptionsPage
{
  AdwBin              parent_instance;

  /* Template Widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkBox             *toolbar_end;
  GtkStack           *stack;
  AdwStatusPage      *error_page;
  GtkButton          *retry_button;
  GtkInfoBar         *info_bar;
  GtkLabel           *info_label;
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

G_DEFINE_FINAL_TYPE (MpSubscriptionsPage, mp_subscriptions_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The status filter's entries, in the order of the drop-down's model. */
static const char * const status_filters[] = {
  NULL, "active", "pending", "hold", "terminated", "removed",
};

static char *
name_text (gpointer item,
           gpointer user_data)
{
  return g_strdup (mp_subscription_get_name (item));
}

static char *
plan_text (gpointer item,
           gpointer user_data)
{
  const char *plan = mp_subscription_get_plan_name (item);

  return g_strdup (plan != NULL ? plan : mp_subscription_get_plan_id (item));
}

static char *
status_text (gpointer item,
             gpointer user_data)
{
  const char *pending = mp_subscription_get_pending_order_id (item);

  if (pending != NULL)
    /* Translators: a subscription's status while a change order runs. */
    return g_strdup_printf (_("%s, changing"), mp_page_subscription_status (mp_subscription_get_status (item)));
  return g_strdup (mp_page_subscription_status (mp_subscription_get_status (item)));
}

static char *
period_text (gpointer item,
             gpointer user_data)
{
  return mp_page_format_period (mp_subscription_get_period (item));
}

static char *
renewal_text (gpointer item,
              gpointer user_data)
{
  const char *date = mp_subscription_get_renewal_date (item);

  if (date == NULL)
    date = mp_subscription_get_expiration_date (item);
  return mp_page_format_date (date);
}

static char *
seats_text (gpointer item,
            gpointer user_data)
{
  gint64 seats = mp_page_subscription_seats (item);

  if (seats < 0)
    return g_strdup ("—");
  return mp_page_format_quantity (seats);
}

static char *
price_text (gpointer item,
            gpointer user_data)
{
  return mp_page_format_money (mp_subscription_get_total_price (item));
}

static int
compare_name (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  const char *na = mp_subscription_get_name ((gpointer) a);
  const char *nb = mp_subscription_get_name ((gpointer) b);

  return g_utf8_collate (na != NULL ? na : "", nb != NULL ? nb : "");
}

static int
compare_plan (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (mp_subscription_get_plan_name ((gpointer) a), mp_subscription_get_plan_name ((gpointer) b));
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_strcmp0 (mp_subscription_get_status ((gpointer) a), mp_subscription_get_status ((gpointer) b));
}

static int
compare_period (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  MpPeriod *pa = mp_subscription_get_period ((gpointer) a);
  MpPeriod *pb = mp_subscription_get_period ((gpointer) b);
  gint64 ma = pa != NULL ? mp_period_get_months (pa) : 0;
  gint64 mb = pb != NULL ? mp_period_get_months (pb) : 0;

  return (ma > mb) - (ma < mb);
}

static int
compare_renewal (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  /* ISO dates sort as strings. */
  return g_strcmp0 (mp_subscription_get_renewal_date ((gpointer) a), mp_subscription_get_renewal_date ((gpointer) b));
}

static int
compare_seats (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  gint64 sa = mp_page_subscription_seats ((gpointer) a);
  gint64 sb = mp_page_subscription_seats ((gpointer) b);

  return (sa > sb) - (sa < sb);
}

static int
compare_price (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const MpMoney *ma = mp_subscription_get_total_price ((gpointer) a);
  const MpMoney *mb = mp_subscription_get_total_price ((gpointer) b);
  gint64 va = ma != NULL ? ma->minor : -1;
  gint64 vb = mb != NULL ? mb->minor : -1;

  return (va > vb) - (va < vb);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MpSubscriptionsPage *self = user_data;
  MpSubscription *subscription = item;

  if (self->status != NULL && g_strcmp0 (mp_subscription_get_status (subscription), self->status) != 0)
    return FALSE;
  if (self->search == NULL || *self->search == '\0')
    return TRUE;
  return mp_page_text_contains (mp_subscription_get_name (subscription), self->search) ||
         mp_page_text_contains (mp_subscription_get_plan_name (subscription), self->search) ||
         mp_page_text_contains (mp_subscription_get_id (subscription), self->search);
}

static void
update_state (MpSubscriptionsPage *self)
{
  GListModel *all = G_LIST_MODEL (self->list);
  guint n_all = g_list_model_get_n_items (all);
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  gboolean loading = mp_paged_list_get_loading (self->list);
  const GError *error = mp_paged_list_get_error (self->list);
  gint64 total = mp_paged_list_get_total (self->list);
  g_autofree char *count = NULL;

  g_assert (MP_IS_SUBSCRIPTIONS_PAGE (self));

  if (!mp_page_show_list_state (self->stack, self->error_page, self->list, self->filter_model))
    return;

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not every subscription could be loaded: %s"), error->message);

      gtk_label_set_text (self->info_label, text);
    }
  gtk_info_bar_set_revealed (self->info_bar, error != NULL);

  if (loading && total > 0)
    count = g_strdup_printf (_("Loading: %u of %u subscriptions"), n_all, (guint) total);
  else if (n_shown == n_all)
    count = g_strdup_printf (ngettext ("%u subscription", "%u subscriptions", n_all), n_all);
  else
    count = g_strdup_printf (ngettext ("%u of %u subscription", "%u of %u subscriptions", n_all), n_shown, n_all);
  gtk_label_set_text (self->count_label, count);
}

static void
refilter (MpSubscriptionsPage *self,
          GtkFilterChange      change)
{
  /* The drop-down notifies while the template is being built. */
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_state (self);
}

static char *
casefold_stripped (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  return g_utf8_casefold (stripped, -1);
}

static void
search_changed_cb (MpSubscriptionsPage *self,
                   GtkSearchEntry      *entry)
{
  g_autofree char *old = g_steal_pointer (&self->search);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_assert (MP_IS_SUBSCRIPTIONS_PAGE (self));

  self->search = casefold_stripped (text);
  if (g_strcmp0 (old, self->search) == 0)
    return;
  /* Typing more only hides rows; deleting only shows rows: tell the model,
   * so that it refilters only what can change.
   */
  if (old == NULL || *old == '\0' || strstr (self->search, old) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old, self->search) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  refilter (self, change);
}

static void
status_selected_cb (MpSubscriptionsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->status_dropdown);
  const char *status = selected < G_N_ELEMENTS (status_filters) ? status_filters[selected] : NULL;
  GtkFilterChange change;

  g_assert (MP_IS_SUBSCRIPTIONS_PAGE (self));

  if (g_strcmp0 (status, self->status) == 0)
    return;
  change = self->status == NULL ? GTK_FILTER_CHANGE_MORE_STRICT
           : status == NULL ? GTK_FILTER_CHANGE_LESS_STRICT
           : GTK_FILTER_CHANGE_DIFFERENT;
  g_free (self->status);
  self->status = g_strdup (status);
  refilter (self, change);
}

static void
retry_clicked_cb (MpSubscriptionsPage *self)
{
  g_assert (MP_IS_SUBSCRIPTIONS_PAGE (self));

  mp_paged_list_reload (self->list);
  update_state (self);
}

static void
info_bar_response_cb (MpSubscriptionsPage *self,
                      int                  response)
{
  retry_clicked_cb (self);
}

static void
column_view_activate_cb (MpSubscriptionsPage *self,
                         guint                position)
{
  g_autoptr(MpSubscription) subscription = NULL;

  g_assert (MP_IS_SUBSCRIPTIONS_PAGE (self));

  subscription = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  if (subscription == NULL)
    return;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-subscription", "s",
                              mp_subscription_get_id (subscription));
}

static void
session_changed_cb (MpSubscriptionsPage *self)
{
  g_assert (MP_IS_SUBSCRIPTIONS_PAGE (self));

  mp_paged_list_reload (self->list);
  update_state (self);
}

static void
mp_subscriptions_page_dispose (GObject *object)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (object);

  if (self->list != NULL)
    mp_paged_list_cancel (self->list);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_SUBSCRIPTIONS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->list);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_subscriptions_page_parent_class)->dispose (object);
}

static void
mp_subscriptions_page_finalize (GObject *object)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (object);

  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->status, g_free);

  G_OBJECT_CLASS (mp_subscriptions_page_parent_class)->finalize (object);
}

/* An unsorted column view still hands the sort model a sorter, which then
 * sorts every new page of rows for nothing: give it the sorter only while
 * a column is sorted.
 */
static void
sorter_changed_cb (GtkSortListModel *sort_model,
                   GtkSorterChange   change,
                   GtkSorter        *sorter)
{
  gboolean sorted = gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE;

  if (sorted != (gtk_sort_list_model_get_sorter (sort_model) != NULL))
    gtk_sort_list_model_set_sorter (sort_model, sorted ? sorter : NULL);
}

static void
mp_subscriptions_page_constructed (GObject *object)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (object);
  GtkSortListModel *sort_model;

  G_OBJECT_CLASS (mp_subscriptions_page_parent_class)->constructed (object);

  self->list = mp_client_list_subscriptions (mp_session_get_client (self->session), NULL, NULL);

  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filter_model = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->list)),
                                                  g_object_ref (GTK_FILTER (self->filter)));
  gtk_filter_list_model_set_incremental (self->filter_model, TRUE);
  sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (self->filter_model)), NULL);
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), sort_model, G_CONNECT_SWAPPED);
  gtk_sort_list_model_set_incremental (sort_model, TRUE);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (sort_model));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "notify::pending", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);

  update_state (self);
}

static void
mp_subscriptions_page_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_subscriptions_page_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_subscriptions_page_class_init (MpSubscriptionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_subscriptions_page_constructed;
  object_class->dispose = mp_subscriptions_page_dispose;
  object_class->get_property = mp_subscriptions_page_get_property;
  object_class->set_property = mp_subscriptions_page_set_property;
  object_class->finalize = mp_subscriptions_page_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-subscriptions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, toolbar_end);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, info_bar);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, info_label);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
}

static void
mp_subscriptions_page_init (MpSubscriptionsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Typing anywhere on the page searches. */
  mp_a11y_setup_search (self->search_entry, GTK_WIDGET (self), GTK_WIDGET (self->column_view));

  mp_page_add_text_column (self->column_view, _("Name"), name_text, compare_name, NULL, TRUE, FALSE);
  mp_page_add_text_column (self->column_view, _("Plan"), plan_text, compare_plan, NULL, TRUE, FALSE);
  mp_page_add_text_column (self->column_view, _("Status"), status_text, compare_status, NULL, FALSE, FALSE);
  mp_page_add_text_column (self->column_view, _("Period"), period_text, compare_period, NULL, FALSE, FALSE);
  mp_page_add_text_column (self->column_view, _("Renewal Date"), renewal_text, compare_renewal, NULL, FALSE, FALSE);
  mp_page_add_text_column (self->column_view, _("Seats"), seats_text, compare_seats, NULL, FALSE, TRUE);
  mp_page_add_text_column (self->column_view, _("Price"), price_text, compare_price, NULL, FALSE, TRUE);
}

GtkWidget *
mp_subscriptions_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_SUBSCRIPTIONS_PAGE,
                       "session", session,
                       NULL);
}
