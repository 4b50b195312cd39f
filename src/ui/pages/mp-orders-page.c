/* mp-orders-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-list-export.h"
#include "mp-orders-page.h"
#include "mp-page-util.h"

/* The Orders section: every order of the account, newest first, with a
 * search on the order number and a status filter. Orders the session is
 * following are shown with their live status and progress.
 */
struct _MpOrdersPage
{
  MpListPage  parent_instance;

  GHashTable *live_orders;   /* GtkListItem (unowned) -> the MpOrder its Status cell follows */
};

G_DEFINE_FINAL_TYPE (MpOrdersPage, mp_orders_page, MP_TYPE_LIST_PAGE)

/* The status filter's entries, in the order of the drop-down's model. */
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
  MpSession *session = mp_list_page_get_session (MP_LIST_PAGE (self));
  MpOrder *live = session != NULL ? mp_session_lookup_order (session, mp_order_get_id (order)) : NULL;

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
  return mp_page_order_status_text (item);
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
      g_hash_table_insert (self->live_orders, list_item, g_object_ref (order));
    }
}

static void
status_unbind_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  MpOrdersPage             *self)
{
  MpOrder *order = g_hash_table_lookup (self->live_orders, list_item);

  if (order != NULL)
    {
      g_signal_handlers_disconnect_by_data (order, gtk_list_item_get_child (list_item));
      g_hash_table_remove (self->live_orders, list_item);
    }
}

/* The cells of the Status column. */
static GtkListItemFactory *
mp_orders_page_create_factory (MpListPage             *page,
                               const MpListPageColumn *column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (status_setup_cb), page);
  g_signal_connect (factory, "bind", G_CALLBACK (status_bind_cb), page);
  g_signal_connect (factory, "unbind", G_CALLBACK (status_unbind_cb), page);
  return factory;
}

static const char *
mp_orders_page_get_title (MpListPage *page)
{
  return _("Orders");
}

static MpListSource *
mp_orders_page_create_list (MpListPage *page)
{
  return mp_session_open_list (mp_list_page_get_session (page), MP_MIRROR_KIND_ORDERS);
}

static gboolean
mp_orders_page_filter (MpListPage *page,
                       gpointer    item,
                       const char *folded,
                       guint       status_filter,
                       const char *search)
{
  MpOrder *order = live_order (MP_ORDERS_PAGE (page), item);
  MpOrderStatus status = mp_order_get_status (order);

  switch (status_filter)
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

  if (search == NULL)
    return TRUE;
  /* The order number from its start, the ID and the PO number anywhere. */
  return (mp_order_get_order_number (order) != NULL &&
          g_ascii_strncasecmp (mp_order_get_order_number (order), search, strlen (search)) == 0) ||
         strstr (mp_order_get_id (order), search) != NULL ||
         mp_page_text_contains (mp_order_get_po_number (order), search);
}

static char *
mp_orders_page_count_text (MpListPage *page,
                           guint       n_shown,
                           guint       n_all)
{
  if (n_shown == n_all)
    return g_strdup_printf (ngettext ("%u order", "%u orders", n_all), n_all);
  return g_strdup_printf (ngettext ("%u of %u order", "%u of %u orders", n_all), n_shown, n_all);
}

static char *
mp_orders_page_partial_error_text (MpListPage   *page,
                                   const GError *error)
{
  return g_strdup_printf (_("Not every order could be loaded: %s"), error->message);
}

static void
mp_orders_page_retry (MpListPage *page)
{
  MP_LIST_PAGE_CLASS (mp_orders_page_parent_class)->retry (page);
  /* Orders followed through an outage are picked up again too. */
  mp_session_reconnect (mp_list_page_get_session (page));
}

static void
mp_orders_page_activate (MpListPage *page,
                         gpointer    item)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "win.open-order", "s", mp_order_get_id (item));
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
  MpSession *session = mp_list_page_get_session (MP_LIST_PAGE (self));

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(MpOrder) order = g_list_model_get_item (list, i);

      if (mp_order_get_final (order) ||
          mp_session_lookup_order (session, mp_order_get_id (order)) != NULL)
        continue;
      if (g_list_model_get_n_items (mp_session_get_active_orders (session)) >= MAX_FOLLOWED_FROM_LIST)
        break;
      mp_session_follow_order (session, order);
    }
}

static void
mp_orders_page_constructed (GObject *object)
{
  MpOrdersPage *self = MP_ORDERS_PAGE (object);

  G_OBJECT_CLASS (mp_orders_page_parent_class)->constructed (object);

  g_signal_connect_object (mp_list_page_get_list (MP_LIST_PAGE (self)), "items-changed",
                           G_CALLBACK (list_items_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
mp_orders_page_finalize (GObject *object)
{
  MpOrdersPage *self = MP_ORDERS_PAGE (object);

  g_clear_pointer (&self->live_orders, g_hash_table_unref);

  G_OBJECT_CLASS (mp_orders_page_parent_class)->finalize (object);
}

/* Export values: the API's type and status (the live one of an order the
 * session follows, as the Status cell), the ISO 8601 date-time.
 */
static char *
type_value (gpointer item,
            gpointer user_data)
{
  return g_strdup (mp_enum_to_nick (MP_TYPE_ORDER_TYPE, mp_order_get_order_type (item)));
}

static char *
status_value (gpointer item,
              gpointer user_data)
{
  return g_strdup (mp_enum_to_nick (MP_TYPE_ORDER_STATUS, mp_order_get_status (live_order (user_data, item))));
}

static char *
date_value (gpointer item,
            gpointer user_data)
{
  return g_strdup (mp_order_get_creation_date (item));
}

static gboolean
total_money (gpointer  item,
             gpointer  user_data,
             MpMoney  *money)
{
  return mp_list_export_money_value (mp_order_get_total (item), money);
}

static const MpListPageColumn columns[] = {
  { N_("Number"), number_text, compare_number, FALSE, FALSE, number_text, NULL },
  { N_("Type"), type_text, compare_type, TRUE, FALSE, type_value, NULL },
  { N_("Status"), NULL, compare_status, TRUE, FALSE, status_value, NULL },
  { N_("Date"), date_text, compare_date, TRUE, FALSE, date_value, NULL },
  { N_("Total"), total_text, compare_total, FALSE, TRUE, NULL, total_money },
};

static void
mp_orders_page_class_init (MpOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MpListPageClass *page_class = MP_LIST_PAGE_CLASS (klass);

  object_class->constructed = mp_orders_page_constructed;
  object_class->finalize = mp_orders_page_finalize;

  page_class->get_title = mp_orders_page_get_title;
  page_class->columns = columns;
  page_class->n_columns = G_N_ELEMENTS (columns);
  page_class->incremental = TRUE;
  page_class->create_list = mp_orders_page_create_list;
  page_class->create_factory = mp_orders_page_create_factory;
  page_class->filter = mp_orders_page_filter;
  page_class->count_text = mp_orders_page_count_text;
  page_class->partial_error_text = mp_orders_page_partial_error_text;
  page_class->activate = mp_orders_page_activate;
  page_class->retry = mp_orders_page_retry;

  mp_list_page_class_set_template_from_resource (page_class,
                                                 "/io/github/marketpanel/MarketPanel/pages/mp-orders-page.ui");
}

static void
mp_orders_page_init (MpOrdersPage *self)
{
  self->live_orders = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_orders_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_ORDERS_PAGE,
                       "session", session,
                       NULL);
}
