/* mp-orders-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-orders-page.h"
#include "mp-page-util.h"

/* The Orders section: every order of the account, newest first, with a
 * search on the order number and a status filter. Orders the session is
 * following are shown with their live status and progress.
 */
struct _MpOrdersPage
{
  AdwBin              parent_instance;

  /* Template Widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
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
  char               *search;
  guint               status_filter;
};

G_DEFINE_FINAL_TYPE (MpOrdersPage, mp_orders_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  FILTER_ALL,
  FILTER_IN_PROGRESS,
  FILTER_COMPLETED,
  FILTER_FAILED,
  FILTER_CANCELLED,
};

/* The session's live object when it follows the order, else the row;
 * the row when it is further on (the list was reloaded while the session
 * had no news, e.g. during an outage).
 */
static MpOrder *
live_order (MpOrdersPage *self,
            MpOrder      *order)
{
  MpOrder *live = self->session != NULL ? mp_session_lookup_order (self->session, mp_order_get_id (order)) : NULL;

  if (live == NULL || live == order)
    return order;
  if (mp_order_get_final (order) != mp_order_get_final (live))
    return mp_order_get_final (order) ? order : live;
  return mp_order_get_step (order) > mp_order_get_step (live) ? order : live;
}

static char *
number_text (gpointer item,
             gpointer user_data)
{
  return g_strdup (mp_order_get_order_number (item));
}

static char *
type_text (gpointer item,
           gpointer user_data)
{
  return g_strdup (mp_page_order_type (mp_order_get_order_type (item)));
}

static char *
status_text (gpointer item,
             gpointer user_data)
{
  MpOrder *order = item;
  gint64 progress = mp_order_get_progress (order);

  if (!mp_order_get_final (order) && progress >= 0)
    /* Translators: an order's status and its progress, e.g. "Processing (50%)". */
    return g_strdup_printf (_("%s (%d%%)"), mp_page_order_status (mp_order_get_status (order)), (int) progress);
  return g_strdup (mp_page_order_status (mp_order_get_status (order)));
}

static char *
date_text (gpointer item,
           gpointer user_data)
{
  return mp_page_format_date (mp_order_get_creation_date (item));
}

static char *
total_text (gpointer item,
            gpointer user_data)
{
  return mp_page_format_money (mp_order_get_total (item));
}

static int
compare_number (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return g_strcmp0 (mp_order_get_order_number ((gpointer) a), mp_order_get_order_number ((gpointer) b));
}

static int
compare_type (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return (int) mp_order_get_order_type ((gpointer) a) - (int) mp_order_get_order_type ((gpointer) b);
}

static int
compare_status (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  return (int) mp_order_get_status ((gpointer) a) - (int) mp_order_get_status ((gpointer) b);
}

static int
compare_date (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  return g_strcmp0 (mp_order_get_creation_date ((gpointer) a), mp_order_get_creation_date ((gpointer) b));
}

static int
compare_total (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const MpMoney *ma = mp_order_get_total ((gpointer) a);
  const MpMoney *mb = mp_order_get_total ((gpointer) b);
  gint64 va = ma != NULL ? ma->minor : -1;
  gint64 vb = mb != NULL ? mb->minor : -1;

  return (va > vb) - (va < vb);
}

static void
status_label_update (GtkLabel *label,
                     GParamSpec *pspec,
                     MpOrder  *order)
{
  g_autofree char *text = status_text (order, NULL);

  gtk_label_set_text (label, text);
}

static void
status_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 MpOrdersPage             *self)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (list_item, label);
}

/* A row of an order the session follows shows its live status and
 * progress, updated as the order moves on.
 */
static void
status_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                MpOrdersPage             *self)
{
  GtkWidget *label = gtk_list_item_get_child (list_item);
  MpOrder *order = live_order (self, gtk_list_item_get_item (list_item));

  status_label_update (GTK_LABEL (label), NULL, order);
  if (!mp_order_get_final (order))
    {
      g_signal_connect_object (order, "notify::progress", G_CALLBACK (status_label_update), label, G_CONNECT_SWAPPED);
      g_signal_connect_object (order, "notify::status", G_CALLBACK (status_label_update), label, G_CONNECT_SWAPPED);
      g_object_set_data_full (G_OBJECT (list_item), "mp-live-order", g_object_ref (order), g_object_unref);
    }
}

static void
status_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  MpOrdersPage             *self)
{
  MpOrder *order = g_object_get_data (G_OBJECT (list_item), "mp-live-order");

  if (order != NULL)
    {
      g_signal_handlers_disconnect_by_data (order, gtk_list_item_get_child (list_item));
      g_object_set_data (G_OBJECT (list_item), "mp-live-order", NULL);
    }
}

static void
add_status_column (MpOrdersPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) column = NULL;
  g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_status, NULL, NULL));

  g_signal_connect (factory, "setup", G_CALLBACK (status_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (status_bind_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (status_unbind_cb), self);
  column = gtk_column_view_column_new (_("Status"), factory);
  gtk_column_view_column_set_expand (column, TRUE);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_append_column (self->column_view, column);
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MpOrdersPage *self = user_data;
  MpOrder *order = live_order (self, item);
  MpOrderStatus status = mp_order_get_status (order);

  switch (self->status_filter)
    {
    case FILTER_IN_PROGRESS:
      if (mp_order_get_final (order))
        return FALSE;
      break;
    case FILTER_COMPLETED:
      if (status != MP_ORDER_STATUS_COMPLETED)
        return FALSE;
      break;
    case FILTER_FAILED:
      if (status != MP_ORDER_STATUS_ERROR)
        return FALSE;
      break;
    case FILTER_CANCELLED:
      if (status != MP_ORDER_STATUS_CANCELLED)
        return FALSE;
      break;
    case FILTER_ALL:
    default:
      break;
    }

  if (self->search == NULL || *self->search == '\0')
    return TRUE;
  return (mp_order_get_order_number (order) != NULL &&
          g_ascii_strncasecmp (mp_order_get_order_number (order), self->search, strlen (self->search)) == 0) ||
         strstr (mp_order_get_id (order), self->search) != NULL ||
         (mp_order_get_po_number (order) != NULL && strstr (mp_order_get_po_number (order), self->search) != NULL);
}

static void
update_state (MpOrdersPage *self)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  guint n_shown = g_list_model_get_n_items (G_LIST_MODEL (self->filter_model));
  const GError *error = mp_paged_list_get_error (self->list);
  g_autofree char *count = NULL;

  if (!mp_page_show_list_state (self->stack, self->error_page, self->list, self->filter_model))
    return;

  if (error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Not every order could be loaded: %s"), error->message);

      gtk_label_set_text (self->info_label, text);
    }
  gtk_info_bar_set_revealed (self->info_bar, error != NULL);

  if (n_shown == n_all)
    count = g_strdup_printf (ngettext ("%u order", "%u orders", n_all), n_all);
  else
    count = g_strdup_printf (ngettext ("%u of %u order", "%u of %u orders", n_all), n_shown, n_all);
  gtk_label_set_text (self->count_label, count);
}

static void
refilter (MpOrdersPage    *self,
          GtkFilterChange  change)
{
  if (self->filter == NULL)
    return;
  gtk_filter_changed (GTK_FILTER (self->filter), change);
  update_state (self);
}

static void
search_changed_cb (MpOrdersPage   *self,
                   GtkSearchEntry *entry)
{
  g_free (self->search);
  self->search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
status_selected_cb (MpOrdersPage *self)
{
  self->status_filter = gtk_drop_down_get_selected (self->status_dropdown);
  refilter (self, GTK_FILTER_CHANGE_DIFFERENT);
}

static void
retry_clicked_cb (MpOrdersPage *self)
{
  mp_paged_list_reload (self->list);
  update_state (self);
  /* Orders followed through an outage are picked up again too. */
  mp_session_reconnect (self->session);
}

static void
info_bar_response_cb (MpOrdersPage *self,
                      int           response)
{
  retry_clicked_cb (self);
}

static void
column_view_activate_cb (MpOrdersPage *self,
                         guint         position)
{
  g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (order != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", mp_order_get_id (order));
}

/* At most this many orders followed at once because they are listed in
 * progress: each holds a connection for its long poll.
 */
#define MAX_FOLLOWED_FROM_LIST 4

/* An order listed in progress is followed by the session, like one placed
 * in this run: its row moves with it, and the list reloads once it is
 * final, so it never shows a status older than the order's page.
 */
static void
list_items_changed_cb (MpOrdersPage *self,
                       guint         position,
                       guint         removed,
                       guint         added,
                       GListModel   *list)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (list, i);

      if (mp_order_get_final (order) ||
          mp_session_lookup_order (self->session, mp_order_get_id (order)) != NULL)
        continue;
      if (g_list_model_get_n_items (mp_session_get_active_orders (self->session)) >= MAX_FOLLOWED_FROM_LIST)
        break;
      mp_session_follow_order (self->session, order);
    }
}

static void
session_changed_cb (MpOrdersPage *self)
{
  mp_paged_list_reload (self->list);
  update_state (self);
}

static void
mp_orders_page_dispose (GObject *object)
{
  MpOrdersPage *self = MP_ORDERS_PAGE (object);

  if (self->list != NULL)
    mp_paged_list_cancel (self->list);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_ORDERS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->filter);
  g_clear_object (&self->list);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_orders_page_parent_class)->dispose (object);
}

static void
mp_orders_page_finalize (GObject *object)
{
  MpOrdersPage *self = MP_ORDERS_PAGE (object);

  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (mp_orders_page_parent_class)->finalize (object);
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
mp_orders_page_constructed (GObject *object)
{
  MpOrdersPage *self = MP_ORDERS_PAGE (object);
  GtkSortListModel *sort_model;

  G_OBJECT_CLASS (mp_orders_page_parent_class)->constructed (object);

  mp_page_add_text_column (self->column_view, _("Number"), number_text, compare_number, NULL, FALSE, FALSE);
  mp_page_add_text_column (self->column_view, _("Type"), type_text, compare_type, NULL, TRUE, FALSE);
  add_status_column (self);
  mp_page_add_text_column (self->column_view, _("Date"), date_text, compare_date, NULL, TRUE, FALSE);
  mp_page_add_text_column (self->column_view, _("Total"), total_text, compare_total, NULL, FALSE, TRUE);

  self->list = mp_client_list_orders (mp_session_get_client (self->session), NULL, NULL, NULL);
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

  g_signal_connect_object (self->list, "items-changed", G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->list, "notify::error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->filter_model, "notify::pending", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);

  update_state (self);
}

static void
mp_orders_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MpOrdersPage *self = MP_ORDERS_PAGE (object);

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
mp_orders_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MpOrdersPage *self = MP_ORDERS_PAGE (object);

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
mp_orders_page_class_init (MpOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_orders_page_constructed;
  object_class->dispose = mp_orders_page_dispose;
  object_class->get_property = mp_orders_page_get_property;
  object_class->set_property = mp_orders_page_set_property;
  object_class->finalize = mp_orders_page_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, status_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, info_bar);
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, info_label);
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
}

static void
mp_orders_page_init (MpOrdersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Typing anywhere on the page searches. */
  mp_a11y_setup_search (self->search_entry, GTK_WIDGET (self), GTK_WIDGET (self->column_view));
}

GtkWidget *
mp_orders_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_ORDERS_PAGE,
                       "session", session,
                       NULL);
}
