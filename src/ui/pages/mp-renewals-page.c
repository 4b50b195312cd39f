/* mp-renewals-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-renewals-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-list-export.h"
#include "mp-mirror-list.h"
#include "mp-page-util.h"
#include "mp-renewals-page.h"

/* How many GET /subscriptions/{id} run at once for the recurring totals. */
#define MAX_IN_FLIGHT 4

/* The Renewals section: the active subscriptions that renew in the next 30,
 * 60 or 90 days (all the reseller's customers', or one customer's), with
 * their auto-renew state, the last day to reduce or cancel and the
 * recurring total to be charged, soonest first. The rows come from the
 * local copy, which holds each subscription's lines and prices once it
 * has them; a row without them (a live list, or a copy still filling from
 * a marketplace without the list-row extension) gets its total from the
 * subscription's details, at most MAX_IN_FLIGHT requests at a time, the
 * rows on screen first. Each row has a menu (its button, a right click, the Menu
 * key) to change seats, switch plan, schedule for renewal or turn
 * auto-renew off or on.
 */
struct _MpRenewalsPage
{
  MpListPage       parent_instance;

  /* Template widgets (the base binds its own) */
  GtkColumnView   *column_view;       /* the base's */
  GtkDropDown     *status_dropdown;   /* the base's: the time span */
  GtkDropDown     *customer_dropdown;
  GtkStringList   *customer_names;
  AdwStatusPage   *empty_page;
  AdwStatusPage   *no_results_page;
  AdwToastOverlay *toast_overlay;     /* the child */

  /* Owned References */
  MpPagedList     *customers;
  GPtrArray       *customer_ids;      /* of the drop-down's entries after the first */
  GHashTable      *customer_by_id;    /* id -> name */
  GHashTable      *details;           /* id -> MpSubscription with its prices */
  GHashTable      *requested;         /* ids asked for (or failed) */
  GQueue           wanted;            /* ids to ask for, the ones on screen first */
  GHashTable      *bound;             /* GtkListItem of the cells that follow details */
  GCancellable    *cancellable;

  GDate            today;
  guint            days;
  guint            in_flight;
  guint            prioritize_id;
};

G_DEFINE_FINAL_TYPE (MpRenewalsPage, mp_renewals_page, MP_TYPE_LIST_PAGE)

static const guint spans[] = { 30, 60, 90 };

/* The columns whose cells the page makes (their text may change). */
enum {
  CELL_CUSTOMER,
  CELL_AUTO_RENEW,
  CELL_LAST_DAY,
  CELL_TOTAL,
  CELL_MENU,
};

typedef struct
{
  MpRenewalsPage *self;
  guint           kind;
} CellData;

static void fetch_next (MpRenewalsPage *self);

/* What the page knows best of ITEM: its details once they came. */
static MpSubscription *
effective (MpRenewalsPage *self,
           MpSubscription *item)
{
  MpSubscription *detail = g_hash_table_lookup (self->details, mp_subscription_get_id (item));

  return detail != NULL ? detail : item;
}

static gboolean
needs_details (MpRenewalsPage *self,
               MpSubscription *item)
{
  MpMoney total;

  return !g_hash_table_contains (self->requested, mp_subscription_get_id (item)) &&
         !mp_renewal_get_recurring_total (effective (self, item), &total);
}

/* Asks for the details of every row shown, after the rows on screen. */
static void
want_shown_rows (MpRenewalsPage *self)
{
  GListModel *model = mp_list_page_get_shown (MP_LIST_PAGE (self));
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscription) item = g_list_model_get_item (model, i);

      if (needs_details (self, item) &&
          g_queue_find_custom (&self->wanted, mp_subscription_get_id (item), (GCompareFunc) g_strcmp0) == NULL)
        g_queue_push_tail (&self->wanted, g_strdup (mp_subscription_get_id (item)));
    }
  fetch_next (self);
}

static void
refilter (MpRenewalsPage *self)
{
  if (mp_list_page_get_shown (MP_LIST_PAGE (self)) == NULL)
    return;
  mp_list_page_refilter (MP_LIST_PAGE (self));
  want_shown_rows (self);
}

/* Cells */

static char *
name_text (gpointer item,
           gpointer user_data)
{
  return g_strdup (mp_subscription_get_name (item));
}

static char *
renewal_text (gpointer item,
              gpointer user_data)
{
  return mp_page_format_date (mp_subscription_get_renewal_date (item));
}

static char *
cell_text (MpRenewalsPage  *self,
           guint            kind,
           MpSubscription  *item,
           char           **tooltip)
{
  MpSubscription *subscription = effective (self, item);
  MpMoney total;
  GDate last;

  *tooltip = NULL;
  switch (kind)
    {
    case CELL_CUSTOMER:
      {
        const char *name = g_hash_table_lookup (self->customer_by_id, mp_subscription_get_customer_id (item));

        return g_strdup (name != NULL ? name : mp_subscription_get_customer_id (item));
      }

    case CELL_AUTO_RENEW:
      /* Translators: the auto-renew state of a subscription in the renewals list. */
      return g_strdup (mp_subscription_get_auto_renew (subscription) ? C_("auto-renew", "On") : C_("auto-renew", "Off"));

    case CELL_LAST_DAY:
      if (!mp_renewal_get_last_change_day (subscription, &last) ||
          !mp_renewal_is_window_open (subscription, &self->today))
        {
          *tooltip = g_strdup (_("The subscription can no longer be reduced or cancelled before it renews"));
          /* Translators: the last day to reduce or cancel has passed. */
          return g_strdup (C_("commitment window", "Closed"));
        }
      {
        g_autofree char *iso = mp_renewal_day_to_string (&last);

        return mp_page_format_date (iso);
      }

    case CELL_TOTAL:
      if (!mp_subscription_get_auto_renew (subscription))
        {
          *tooltip = g_strdup (_("Auto-renew is off: nothing is charged, the subscription ends"));
          return g_strdup ("—");
        }
      if (mp_renewal_get_recurring_total (subscription, &total))
        return mp_page_format_money (&total);
      if (g_hash_table_contains (self->requested, mp_subscription_get_id (item)) &&
          g_queue_find_custom (&self->wanted, mp_subscription_get_id (item), (GCompareFunc) g_strcmp0) == NULL &&
          self->in_flight == 0)
        {
          *tooltip = g_strdup (_("The price could not be loaded; refresh to try again"));
          return g_strdup ("—");
        }
      return g_strdup ("…");

    default:
      g_assert_not_reached ();
    }
}

static void
cell_data_free (gpointer  data,
                GClosure *closure)
{
  g_free (data);
}

static void
menu_popup_cb (GtkMenuButton *button,
               gpointer       user_data);

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               CellData                 *data)
{
  GtkWidget *child;

  if (data->kind == CELL_MENU)
    {
      child = gtk_menu_button_new ();
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (child), "view-more-symbolic");
      gtk_menu_button_set_has_frame (GTK_MENU_BUTTON (child), FALSE);
      gtk_widget_set_tooltip_text (child, _("Renewal Actions"));
      gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (child), menu_popup_cb, data->self, NULL);
      gtk_widget_set_halign (child, GTK_ALIGN_CENTER);
      /* The row keeps the focus (Down from the search lands on the row,
       * not on its button): the keyboard opens this menu with Menu or
       * Shift+F10 on the row. */
      gtk_widget_set_can_focus (child, FALSE);
    }
  else
    {
      child = gtk_label_new (NULL);
      gtk_label_set_ellipsize (GTK_LABEL (child), PANGO_ELLIPSIZE_END);
      gtk_label_set_xalign (GTK_LABEL (child), data->kind == CELL_TOTAL ? 1.0 : 0.0);
      if (data->kind == CELL_TOTAL)
        gtk_widget_add_css_class (child, "numeric");
    }
  g_object_set_data (G_OBJECT (list_item), "mp-cell-data", data);
  gtk_list_item_set_child (list_item, child);
}

static void
cell_bind (GtkListItem *list_item,
           CellData    *data)
{
  MpRenewalsPage *self = data->self;
  MpSubscription *item = gtk_list_item_get_item (list_item);
  GtkWidget *child = gtk_list_item_get_child (list_item);

  if (data->kind == CELL_MENU)
    {
      /* Translators: the accessible name of a row's menu button; %s is the subscription. */
      g_autofree char *label = g_strdup_printf (_("Actions for %s"), mp_subscription_get_name (item));

      g_object_set_data_full (G_OBJECT (child), "mp-subscription-id",
                              g_strdup (mp_subscription_get_id (item)), g_free);
      gtk_accessible_update_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
    }
  else
    {
      g_autofree char *tooltip = NULL;
      g_autofree char *text = cell_text (self, data->kind, item, &tooltip);

      gtk_label_set_text (GTK_LABEL (child), text);
      mp_page_set_cell_tooltip (child, tooltip);
    }

  /* A total not known yet: this row is on screen, ask for it first. */
  if (data->kind == CELL_TOTAL && needs_details (self, item))
    {
      GList *queued = g_queue_find_custom (&self->wanted, mp_subscription_get_id (item), (GCompareFunc) g_strcmp0);

      if (queued != NULL)
        {
          g_free (queued->data);
          g_queue_delete_link (&self->wanted, queued);
        }
      g_queue_push_head (&self->wanted, g_strdup (mp_subscription_get_id (item)));
      fetch_next (self);
    }
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CellData                 *data)
{
  g_hash_table_add (data->self->bound, list_item);
  cell_bind (list_item, data);
}

static void
cell_unbind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                CellData                 *data)
{
  g_hash_table_remove (data->self->bound, list_item);
}

static void
cell_teardown_cb (GtkSignalListItemFactory *factory,
                  GtkListItem              *list_item,
                  CellData                 *data)
{
  g_hash_table_remove (data->self->bound, list_item);
}

/* Shows again the cells of subscription ID (NULL: every one). */
static void
refresh_cells (MpRenewalsPage *self,
               const char     *id)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      GtkListItem *list_item = key;
      MpSubscription *item = gtk_list_item_get_item (list_item);

      if (item != NULL && (id == NULL || g_strcmp0 (mp_subscription_get_id (item), id) == 0))
        cell_bind (list_item, g_object_get_data (G_OBJECT (list_item), "mp-cell-data"));
    }
}

static GtkListItemFactory *
mp_renewals_page_create_factory (MpListPage             *page,
                                 const MpListPageColumn *column);

/* Details */

typedef struct
{
  MpRenewalsPage *self;
  char           *id;
} Fetch;

static void
get_subscription_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  Fetch *fetch = user_data;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;

  subscription = mp_client_get_subscription_finish (MP_CLIENT (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      MpRenewalsPage *self = fetch->self;

      self->in_flight--;
      if (subscription != NULL)
        g_hash_table_replace (self->details, g_strdup (fetch->id), g_steal_pointer (&subscription));
      else
        g_debug ("No details of subscription %s: %s", fetch->id, error->message);
      fetch_next (self);
      refresh_cells (self, self->in_flight == 0 && g_queue_is_empty (&self->wanted) ? NULL : fetch->id);
    }
  g_object_unref (fetch->self);
  g_free (fetch->id);
  g_free (fetch);
}

/* The local copy fetches the lines itself, within its request budget:
 * the rows wanted (the ones on screen first) go to it, at most every
 * 100 ms, instead of requests of the page's own.
 */
static gboolean
prioritize_cb (gpointer data)
{
  MpRenewalsPage *self = data;
  MpListSource *list = mp_list_page_get_list (MP_LIST_PAGE (self));
  g_autoptr(GHashTable) wanted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GPtrArray) ids = NULL;
  char *id;

  self->prioritize_id = 0;
  while ((id = g_queue_pop_head (&self->wanted)) != NULL)
    g_hash_table_add (wanted, id);
  ids = mp_list_page_order_by_view (MP_LIST_PAGE (self), wanted, (const char *(*) (gpointer)) mp_subscription_get_id);
  g_ptr_array_add (ids, NULL);
  if (MP_IS_MIRROR_LIST (list))
    mp_mirror_prioritize (mp_mirror_list_get_mirror (MP_MIRROR_LIST (list)), (const char * const *) ids->pdata);
  return G_SOURCE_REMOVE;
}

static void
fetch_next (MpRenewalsPage *self)
{
  MpClient *client = mp_session_get_client (mp_list_page_get_session (MP_LIST_PAGE (self)));

  if (MP_IS_MIRROR_LIST (mp_list_page_get_list (MP_LIST_PAGE (self))))
    {
      if (self->prioritize_id == 0 && !g_queue_is_empty (&self->wanted))
        self->prioritize_id = g_timeout_add (100, prioritize_cb, self);
      return;
    }

  while (self->in_flight < MAX_IN_FLIGHT && !g_queue_is_empty (&self->wanted))
    {
      char *id = g_queue_pop_head (&self->wanted);
      Fetch *fetch;

      if (g_hash_table_contains (self->requested, id))
        {
          g_free (id);
          continue;
        }
      g_hash_table_add (self->requested, g_strdup (id));
      fetch = g_new0 (Fetch, 1);
      fetch->self = g_object_ref (self);
      fetch->id = id;
      self->in_flight++;
      mp_client_get_subscription_async (client, id, self->cancellable, get_subscription_cb, fetch);
    }
}

/* Row actions */

static GMenuModel *
build_menu (MpRenewalsPage *self,
            const char     *id)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) change = g_menu_new ();
  g_autoptr(GMenu) renewal = g_menu_new ();
  g_autoptr(GMenuItem) toggle = NULL;
  MpSubscription *detail = g_hash_table_lookup (self->details, id);
  gboolean auto_renew = FALSE;
  GListModel *list = G_LIST_MODEL (mp_list_page_get_list (MP_LIST_PAGE (self)));

  if (detail != NULL)
    auto_renew = mp_subscription_get_auto_renew (detail);
  else
    for (guint i = 0, n = g_list_model_get_n_items (list); i < n; i++)
      {
        g_autoptr(MpSubscription) item = g_list_model_get_item (list, i);

        if (g_strcmp0 (mp_subscription_get_id (item), id) == 0)
          {
            auto_renew = mp_subscription_get_auto_renew (item);
            break;
          }
      }

  {
    g_autoptr(GMenuItem) seats = g_menu_item_new (_("Change _Seats…"), NULL);
    g_autoptr(GMenuItem) plan = g_menu_item_new (_("Switch _Plan…"), NULL);
    g_autoptr(GMenuItem) schedule = g_menu_item_new (_("Schedule for _Renewal…"), NULL);

    g_menu_item_set_action_and_target (seats, "win.change-limits", "s", id);
    g_menu_item_set_action_and_target (plan, "win.switch-plan", "s", id);
    g_menu_item_set_action_and_target (schedule, "win.change-limits", "s", id);
    g_menu_append_item (change, seats);
    g_menu_append_item (change, plan);
    g_menu_append_item (change, schedule);
  }
  toggle = g_menu_item_new (auto_renew ? _("Turn _Off Auto-Renew") : _("Turn _On Auto-Renew"), NULL);
  g_menu_item_set_action_and_target (toggle, "renewals.set-auto-renew", "(sb)", id, !auto_renew);
  g_menu_append_item (renewal, toggle);
  g_menu_append_section (menu, NULL, G_MENU_MODEL (change));
  g_menu_append_section (menu, NULL, G_MENU_MODEL (renewal));
  return G_MENU_MODEL (menu);
}

static void
menu_popup_cb (GtkMenuButton *button,
               gpointer       user_data)
{
  MpRenewalsPage *self = user_data;
  const char *id = g_object_get_data (G_OBJECT (button), "mp-subscription-id");
  g_autoptr(GMenuModel) menu = NULL;

  if (id == NULL)
    return;
  menu = build_menu (self, id);
  gtk_menu_button_set_menu_model (button, menu);
}

/* The menu button of the row that WIDGET is in (or is), or NULL. */
static GtkWidget *
find_menu_button (GtkWidget *root)
{
  if (GTK_IS_MENU_BUTTON (root) && g_object_get_data (G_OBJECT (root), "mp-subscription-id") != NULL)
    return root;
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found = find_menu_button (w);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static GtkWidget *
row_menu_button (MpRenewalsPage *self,
                 GtkWidget      *widget)
{
  /* Up from the cell to the row: the first ancestor that holds a menu
   * button holds this row's only.
   */
  for (GtkWidget *w = widget; w != NULL && w != GTK_WIDGET (self->column_view); w = gtk_widget_get_parent (w))
    {
      GtkWidget *found = find_menu_button (w);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static void
context_pressed_cb (GtkGestureClick *gesture,
                    int              n_press,
                    double           x,
                    double           y,
                    MpRenewalsPage  *self)
{
  GtkWidget *picked = gtk_widget_pick (GTK_WIDGET (self->column_view), x, y, GTK_PICK_DEFAULT);
  GtkWidget *button = picked != NULL ? row_menu_button (self, picked) : NULL;

  if (button == NULL)
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
}

/* The Menu key or Shift+F10: the menu of the focused row, else of the
 * selected one (the focus moves to a row without selecting it). */
static gboolean
popup_menu_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  MpRenewalsPage *self = MP_RENEWALS_PAGE (widget);
  GtkSelectionModel *selection = gtk_column_view_get_model (self->column_view);
  gpointer selected = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (selection));
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  GHashTableIter iter;
  gpointer key;

  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->column_view)))
    {
      GtkWidget *button = row_menu_button (self, focus);

      if (button != NULL)
        {
          gtk_menu_button_popup (GTK_MENU_BUTTON (button));
          return TRUE;
        }
    }
  if (selected == NULL)
    return FALSE;
  g_hash_table_iter_init (&iter, self->bound);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      CellData *data = g_object_get_data (key, "mp-cell-data");

      if (data->kind == CELL_MENU && gtk_list_item_get_item (key) == selected)
        {
          gtk_menu_button_popup (GTK_MENU_BUTTON (gtk_list_item_get_child (key)));
          return TRUE;
        }
    }
  return FALSE;
}

typedef struct
{
  MpRenewalsPage *self;
  gboolean        auto_renew;
} Toggle;

static void
set_auto_renew_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Toggle *toggle = user_data;
  g_autoptr(MpRenewalsPage) self = toggle->self;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  g_free (toggle);
  subscription = mp_client_set_auto_renew_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (subscription == NULL)
    {
      /* Translators: %s is the server's or the network's error message. */
      g_autofree char *text = g_strdup_printf (_("Could not change automatic renewal: %s"), error->message);

      toast = adw_toast_new (text);
      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      return;
    }

  {
    g_autofree char *text = NULL;
    const char *id = mp_subscription_get_id (subscription);

    if (mp_subscription_get_auto_renew (subscription))
      /* Translators: %s is a subscription's name. */
      text = g_strdup_printf (_("“%s” renews automatically"), mp_subscription_get_name (subscription));
    else
      /* Translators: %s is a subscription's name. */
      text = g_strdup_printf (_("“%s” no longer renews automatically"), mp_subscription_get_name (subscription));
    toast = adw_toast_new (text);
    adw_toast_set_button_label (toast, _("_Undo"));
    adw_toast_set_action_name (toast, "renewals.set-auto-renew");
    adw_toast_set_action_target_value (toast, g_variant_new ("(sb)", id, !mp_subscription_get_auto_renew (subscription)));
    g_hash_table_replace (self->details, g_strdup (id), g_object_ref (subscription));
    refresh_cells (self, id);
    adw_toast_overlay_add_toast (self->toast_overlay, toast);
  }
}

static void
set_auto_renew_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  MpRenewalsPage *self = MP_RENEWALS_PAGE (widget);
  const char *id;
  Toggle *toggle = g_new0 (Toggle, 1);

  g_variant_get (parameter, "(&sb)", &id, &toggle->auto_renew);
  toggle->self = g_object_ref (self);
  mp_client_set_auto_renew_async (mp_session_get_client (mp_list_page_get_session (MP_LIST_PAGE (self))),
                                  id, toggle->auto_renew, self->cancellable, set_auto_renew_cb, toggle);
}

/* Filters */

static void
update_titles (MpRenewalsPage *self)
{
  /* Translators: %u is 30, 60 or 90. */
  g_autofree char *title = g_strdup_printf (ngettext ("No Renewals in the Next %u Day",
                                                      "No Renewals in the Next %u Days", self->days),
                                            self->days);

  adw_status_page_set_title (self->empty_page, title);
  adw_status_page_set_title (self->no_results_page, title);
}

static void
days_selected_cb (MpRenewalsPage *self)
{
  guint selected;

  g_assert (MP_IS_RENEWALS_PAGE (self));

  /* The template is being built. */
  if (self->status_dropdown == NULL)
    return;
  selected = gtk_drop_down_get_selected (self->status_dropdown);
  if (selected >= G_N_ELEMENTS (spans))
    selected = 0;
  if (self->days == spans[selected])
    return;
  self->days = spans[selected];
  if (self->empty_page != NULL)
    update_titles (self);
  refilter (self);
}

static void
customer_selected_cb (MpRenewalsPage *self)
{
  g_assert (MP_IS_RENEWALS_PAGE (self));

  refilter (self);
}

static const char *
selected_customer (MpRenewalsPage *self)
{
  guint selected;

  if (self->customer_dropdown == NULL)
    return NULL;
  selected = gtk_drop_down_get_selected (self->customer_dropdown);
  if (self->customer_ids == NULL || selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
      selected > self->customer_ids->len)
    return NULL;
  return g_ptr_array_index (self->customer_ids, selected - 1);
}

static void
customers_changed_cb (MpRenewalsPage *self,
                      guint           position,
                      guint           removed,
                      guint           added,
                      GListModel     *customers)
{
  /* A reload starts over. */
  if (removed > 0)
    {
      gtk_drop_down_set_selected (self->customer_dropdown, 0);
      gtk_string_list_splice (self->customer_names, 1, self->customer_ids->len, NULL);
      for (guint i = 0; i < self->customer_ids->len; i++)
        g_hash_table_remove (self->customer_by_id, g_ptr_array_index (self->customer_ids, i));
      g_ptr_array_set_size (self->customer_ids, 0);
    }
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(MpCustomer) customer = g_list_model_get_item (customers, i);
      const char *name = mp_customer_get_name (customer);

      if (name == NULL)
        name = mp_customer_get_id (customer);
      g_ptr_array_add (self->customer_ids, g_strdup (mp_customer_get_id (customer)));
      g_hash_table_replace (self->customer_by_id, g_strdup (mp_customer_get_id (customer)), g_strdup (name));
      gtk_string_list_append (self->customer_names, name);
    }
  refresh_cells (self, NULL);
}

/* MpListPage */

static const char *
mp_renewals_page_get_title (MpListPage *page)
{
  return _("Renewals");
}

static MpListSource *
mp_renewals_page_create_list (MpListPage *page)
{
  /* Every subscription (the filter keeps the active ones): the same rows
   * as the Subscriptions section's, from the local copy, with the prices
   * the copy holds. */
  return mp_session_open_list (mp_list_page_get_session (page), MP_MIRROR_KIND_SUBSCRIPTIONS);
}

static gboolean
mp_renewals_page_filter (MpListPage *page,
                         gpointer    item,
                         const char *folded,
                         guint       status,
                         const char *search)
{
  MpRenewalsPage *self = MP_RENEWALS_PAGE (page);
  const char *customer = selected_customer (self);

  if (!mp_renewal_renews_within (item, &self->today, self->days))
    return FALSE;
  if (customer != NULL && g_strcmp0 (mp_subscription_get_customer_id (item), customer) != 0)
    return FALSE;
  return search == NULL ||
         mp_page_text_contains (mp_subscription_get_name (item), search) ||
         mp_page_text_contains (mp_subscription_get_id (item), search) ||
         mp_page_text_contains (g_hash_table_lookup (self->customer_by_id, mp_subscription_get_customer_id (item)),
                                search);
}

static char *
mp_renewals_page_count_text (MpListPage *page,
                             guint       n_shown,
                             guint       n_all)
{
  MpListSource *list = mp_list_page_get_list (page);

  /* The local copy's rows are there while it refreshes. */
  if (mp_list_source_get_loading (list) && n_all == 0)
    return g_strdup (_("Loading subscriptions…"));
  /* Translators: below the list; %u is the number of renewals shown. */
  return g_strdup_printf (ngettext ("%u renewal", "%u renewals", n_shown), n_shown);
}

static char *
mp_renewals_page_partial_error_text (MpListPage   *page,
                                     const GError *error)
{
  /* Translators: %s is the server's or the network's error message. */
  return g_strdup_printf (_("Not every subscription could be loaded: %s"), error->message);
}

static void
mp_renewals_page_activate (MpListPage *page,
                           gpointer    item)
{
  gtk_widget_activate_action (GTK_WIDGET (page), "win.open-subscription", "s",
                              mp_subscription_get_id (item));
}

static void
mp_renewals_page_reload (MpListPage *page)
{
  MpRenewalsPage *self = MP_RENEWALS_PAGE (page);

  /* Prices and auto-renew may have changed: ask again. */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->in_flight = 0;
  g_queue_clear_full (&self->wanted, g_free);
  g_hash_table_remove_all (self->requested);
  g_hash_table_remove_all (self->details);
  mp_renewal_get_today (&self->today);
  if (self->customers != NULL)
    mp_paged_list_reload (self->customers);

  MP_LIST_PAGE_CLASS (mp_renewals_page_parent_class)->reload (page);
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
compare_renewal (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  /* ISO dates sort as strings; the name breaks ties. */
  int by_date = g_strcmp0 (mp_subscription_get_renewal_date ((gpointer) a),
                           mp_subscription_get_renewal_date ((gpointer) b));

  return by_date != 0 ? by_date : compare_name (a, b, user_data);
}

static int
compare_last_day (gconstpointer a,
                  gconstpointer b,
                  gpointer      user_data)
{
  GDate da, db;
  gboolean va = mp_renewal_get_last_change_day ((gpointer) a, &da);
  gboolean vb = mp_renewal_get_last_change_day ((gpointer) b, &db);

  if (va != vb)
    return va ? 1 : -1;
  return va ? g_date_compare (&da, &db) : 0;
}

static int
compare_auto_renew (gconstpointer a,
                    gconstpointer b,
                    gpointer      user_data)
{
  return (int) mp_subscription_get_auto_renew ((gpointer) a) - (int) mp_subscription_get_auto_renew ((gpointer) b);
}

/* Export values: ISO dates, true or false, the total once it is known. */
static char *
customer_value (gpointer item,
                gpointer user_data)
{
  g_autofree char *tooltip = NULL;

  return cell_text (user_data, CELL_CUSTOMER, item, &tooltip);
}

static char *
renewal_value (gpointer item,
               gpointer user_data)
{
  return g_strdup (mp_subscription_get_renewal_date (item));
}

static char *
auto_renew_value (gpointer item,
                  gpointer user_data)
{
  return g_strdup (mp_subscription_get_auto_renew (effective (user_data, item)) ? "true" : "false");
}

static char *
last_day_value (gpointer item,
                gpointer user_data)
{
  GDate last;

  if (!mp_renewal_get_last_change_day (effective (user_data, item), &last))
    return NULL;
  return mp_renewal_day_to_string (&last);
}

static gboolean
total_money (gpointer  item,
             gpointer  user_data,
             MpMoney  *money)
{
  MpSubscription *subscription = effective (user_data, item);

  return mp_subscription_get_auto_renew (subscription) && mp_renewal_get_recurring_total (subscription, money);
}

/* The cells of the columns without text come from create_factory(), by
 * the column's position.
 */
static const MpListPageColumn columns[] = {
  { N_("Subscription"), name_text, compare_name, TRUE, FALSE, name_text, NULL },
  { N_("Customer"), NULL, NULL, TRUE, FALSE, customer_value, NULL },
  { N_("Renewal Date"), renewal_text, compare_renewal, FALSE, FALSE, renewal_value, NULL },
  { N_("Auto-Renew"), NULL, compare_auto_renew, FALSE, FALSE, auto_renew_value, NULL },
  { N_("Last Day to Reduce or Cancel"), NULL, compare_last_day, FALSE, FALSE, last_day_value, NULL },
  { N_("Recurring Total"), NULL, NULL, FALSE, TRUE, NULL, total_money },
  { N_("Actions"), NULL, NULL, FALSE, FALSE, NULL, NULL },
};

static GtkListItemFactory *
mp_renewals_page_create_factory (MpListPage             *page,
                                 const MpListPageColumn *column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  CellData *data = g_new0 (CellData, 1);
  guint position = (guint) (column - columns);

  data->self = MP_RENEWALS_PAGE (page);
  data->kind = position == 1 ? CELL_CUSTOMER
             : position == 3 ? CELL_AUTO_RENEW
             : position == 4 ? CELL_LAST_DAY
             : position == 5 ? CELL_TOTAL
             : CELL_MENU;
  g_signal_connect_data (factory, "setup", G_CALLBACK (cell_setup_cb), data, cell_data_free, G_CONNECT_DEFAULT);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), data);
  g_signal_connect (factory, "unbind", G_CALLBACK (cell_unbind_cb), data);
  g_signal_connect (factory, "teardown", G_CALLBACK (cell_teardown_cb), data);
  return factory;
}

static void
list_loading_cb (MpRenewalsPage *self)
{
  if (!mp_list_source_get_loading (mp_list_page_get_list (MP_LIST_PAGE (self))))
    want_shown_rows (self);
}

static void
mp_renewals_page_constructed (GObject *object)
{
  MpRenewalsPage *self = MP_RENEWALS_PAGE (object);
  MpListPage *page = MP_LIST_PAGE (object);
  MpSession *session;
  GListModel *view_columns;
  g_autoptr(GtkColumnViewColumn) renewal_column = NULL;
  GtkGesture *gesture;

  G_OBJECT_CLASS (mp_renewals_page_parent_class)->constructed (object);

  session = mp_list_page_get_session (page);
  view_columns = gtk_column_view_get_columns (self->column_view);

  /* Soonest first. */
  renewal_column = g_list_model_get_item (view_columns, 2);
  gtk_column_view_sort_by_column (self->column_view, renewal_column, GTK_SORT_ASCENDING);

  /* A reseller's customers, to filter by and to name; a customer sees its own. */
  if (mp_session_is_reseller (session))
    {
      MpAccount *account = mp_session_get_account (session);

      /* What the reseller bought for itself is its own. */
      if (account != NULL && mp_account_get_id (account) != NULL && mp_account_get_name (account) != NULL)
        g_hash_table_replace (self->customer_by_id, g_strdup (mp_account_get_id (account)),
                              g_strdup (mp_account_get_name (account)));
      self->customers = mp_client_list_customers (mp_session_get_client (session), NULL);
      g_signal_connect_object (self->customers, "items-changed", G_CALLBACK (customers_changed_cb), self,
                               G_CONNECT_SWAPPED);
    }
  else
    {
      g_autoptr(GtkColumnViewColumn) customer_column = g_list_model_get_item (view_columns, 1);

      gtk_widget_set_visible (GTK_WIDGET (self->customer_dropdown), FALSE);
      gtk_column_view_column_set_visible (customer_column, FALSE);
    }

  g_signal_connect_object (mp_list_page_get_list (page), "notify::loading", G_CALLBACK (list_loading_cb), self,
                           G_CONNECT_SWAPPED);

  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), GDK_BUTTON_SECONDARY);
  g_signal_connect (gesture, "pressed", G_CALLBACK (context_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), GTK_EVENT_CONTROLLER (gesture));

  update_titles (self);
}

static void
mp_renewals_page_dispose (GObject *object)
{
  MpRenewalsPage *self = MP_RENEWALS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->customers != NULL)
    mp_paged_list_cancel (self->customers);
  g_clear_object (&self->customers);
  g_clear_handle_id (&self->prioritize_id, g_source_remove);
  g_queue_clear_full (&self->wanted, g_free);
  if (self->bound != NULL)
    g_hash_table_remove_all (self->bound);

  G_OBJECT_CLASS (mp_renewals_page_parent_class)->dispose (object);
}

static void
mp_renewals_page_finalize (GObject *object)
{
  MpRenewalsPage *self = MP_RENEWALS_PAGE (object);

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->customer_ids, g_ptr_array_unref);
  g_clear_pointer (&self->customer_by_id, g_hash_table_unref);
  g_clear_pointer (&self->details, g_hash_table_unref);
  g_clear_pointer (&self->requested, g_hash_table_unref);
  g_clear_pointer (&self->bound, g_hash_table_unref);

  G_OBJECT_CLASS (mp_renewals_page_parent_class)->finalize (object);
}

static void
mp_renewals_page_class_init (MpRenewalsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  MpListPageClass *page_class = MP_LIST_PAGE_CLASS (klass);

  object_class->constructed = mp_renewals_page_constructed;
  object_class->dispose = mp_renewals_page_dispose;
  object_class->finalize = mp_renewals_page_finalize;

  page_class->get_title = mp_renewals_page_get_title;
  page_class->columns = columns;
  page_class->n_columns = G_N_ELEMENTS (columns);
  page_class->create_list = mp_renewals_page_create_list;
  page_class->create_factory = mp_renewals_page_create_factory;
  page_class->filter = mp_renewals_page_filter;
  page_class->count_text = mp_renewals_page_count_text;
  page_class->partial_error_text = mp_renewals_page_partial_error_text;
  page_class->activate = mp_renewals_page_activate;
  page_class->reload = mp_renewals_page_reload;

  mp_list_page_class_set_template_from_resource (page_class,
                                                 "/io/github/marketpanel/MarketPanel/pages/mp-renewals-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpRenewalsPage, customer_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MpRenewalsPage, customer_names);
  gtk_widget_class_bind_template_child (widget_class, MpRenewalsPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MpRenewalsPage, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, days_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, customer_selected_cb);

  gtk_widget_class_install_action (widget_class, "renewals.set-auto-renew", "(sb)", set_auto_renew_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Menu, 0, popup_menu_cb, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK, popup_menu_cb, NULL);
}

static void
mp_renewals_page_init (MpRenewalsPage *self)
{
  self->days = spans[0];
  self->customer_ids = g_ptr_array_new_with_free_func (g_free);
  self->customer_by_id = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->details = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->requested = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->bound = g_hash_table_new (NULL, NULL);
  self->cancellable = g_cancellable_new ();
  g_queue_init (&self->wanted);
  mp_renewal_get_today (&self->today);

  gtk_widget_init_template (GTK_WIDGET (self));
  /* The base binds these; the page filters and sorts through them too. */
  self->column_view = mp_list_page_get_column_view (MP_LIST_PAGE (self));
  self->status_dropdown = GTK_DROP_DOWN (gtk_widget_get_template_child (GTK_WIDGET (self), MP_TYPE_RENEWALS_PAGE,
                                                                        "status_dropdown"));
  /* The template's child (a named one would be unparented twice on dispose). */
  self->toast_overlay = ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self)));
}

GtkWidget *
mp_renewals_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_RENEWALS_PAGE,
                       "session", session,
                       NULL);
}
