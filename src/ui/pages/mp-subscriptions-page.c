/* mp-subscriptions-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-subscriptions-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mp-bulk-change-dialog.h"
#include "mp-list-export.h"
#include "mp-mirror-list.h"
#include "mp-page-util.h"
#include "mp-revenue.h"
#include "mp-subscriptions-page.h"

/* The Subscriptions section. For a reseller, "Show" picks My
 * Subscriptions (the reseller's own: those whose customer is the account
 * itself) or All Subscriptions (its customers' too, with an Owner column and
 * an owner filter); both filter the one list loaded, so switching, like the
 * search, never fetches it again. Owner names come from the customers list
 * (MpRevenue), not from a request per row. Select (or Ctrl+A) turns on selection
 * mode, as in GNOME's apps: a check box in each row and an action bar with
 * "N selected" and Change Seats…, which opens MpBulkChangeDialog on the
 * selection; Escape leaves selection mode.
 */
struct _MpSubscriptionsPage
{
  MpListPage       parent_instance;

  /* Template Widgets */
  GtkToggleButton *select_button;
  GtkActionBar    *selection_bar;
  GtkLabel        *selected_label;
  GtkButton       *change_seats_button;
  GtkDropDown     *show_dropdown;
  GtkDropDown     *owner_dropdown;
  GtkStringList   *owner_names;
  AdwButtonContent *buy_content;
  gboolean         narrow;
  gboolean         narrow_toolbar;

  /* Owned References */
  GHashTable      *selected;   /* subscription IDs */
  GHashTable      *checks;     /* the bound check boxes (unowned) */
  MpRevenue       *revenue;
  GPtrArray       *owner_ids;  /* the owner filter's entries; [0] NULL: any */
  char            *owner;      /* the owner filter; NULL: any */
  guint            n_customers; /* customers in the owner filter */
  guint            n_own;      /* own subscriptions among the first n_counted */
  guint            n_counted;
  GHashTable      *on_screen;  /* IDs of rows bound since the last prioritize */
  guint            prioritize_id;
};

/* The name column (its binds tell which rows are on screen), the column
 * that only All Subscriptions shows, and the one it hides in
 * a narrow window (where the names would no longer fit on two lines).
 */
#define NAME_COLUMN 1
#define OWNER_COLUMN 2
#define PLAN_COLUMN 3
#define NARROW_WIDTH 1000
/* Below it Buy More Services is its icon alone, so the search keeps room. */
#define NARROW_TOOLBAR_WIDTH 900

G_DEFINE_FINAL_TYPE (MpSubscriptionsPage, mp_subscriptions_page, MP_TYPE_LIST_PAGE)

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

static gboolean
show_all (MpSubscriptionsPage *self)
{
  return gtk_drop_down_get_selected (self->show_dropdown) == 1;
}

static const char *
owner_name (MpSubscriptionsPage *self,
            gpointer             item)
{
  const char *id = mp_subscription_get_customer_id (item);
  const char *name = self->revenue != NULL ? mp_revenue_get_owner_name (self->revenue, id) : NULL;

  return name != NULL ? name : id;
}

static char *
owner_text (gpointer item,
            gpointer user_data)
{
  return g_strdup (owner_name (user_data, item));
}

static int
compare_owner (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const char *na = owner_name (user_data, (gpointer) a);
  const char *nb = owner_name (user_data, (gpointer) b);

  return g_utf8_collate (na != NULL ? na : "", nb != NULL ? nb : "");
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

/* Selection mode */

static gboolean
selection_mode (MpSubscriptionsPage *self)
{
  return gtk_toggle_button_get_active (self->select_button);
}

static void
update_selection (MpSubscriptionsPage *self)
{
  guint n = g_hash_table_size (self->selected);
  g_autofree char *text = NULL;
  GHashTableIter iter;
  gpointer check;

  if (self->checks == NULL)
    return;
  /* Translators: the action bar of the Subscriptions list in selection mode. */
  text = g_strdup_printf (ngettext ("%u selected", "%u selected", n), n);
  gtk_label_set_text (self->selected_label, text);
  gtk_widget_set_sensitive (GTK_WIDGET (self->change_seats_button), n > 0);

  g_hash_table_iter_init (&iter, self->checks);
  while (g_hash_table_iter_next (&iter, &check, NULL))
    {
      const char *id = g_object_get_data (check, "subscription-id");
      gboolean active = id != NULL && g_hash_table_contains (self->selected, id);

      if (gtk_check_button_get_active (check) != active)
        {
          g_object_set_data (check, "updating", GINT_TO_POINTER (TRUE));
          gtk_check_button_set_active (check, active);
          g_object_set_data (check, "updating", NULL);
        }
    }
}

static void
set_selected (MpSubscriptionsPage *self,
              const char          *id,
              gboolean             selected)
{
  if (selected)
    g_hash_table_add (self->selected, g_strdup (id));
  else
    g_hash_table_remove (self->selected, id);
}

static void
check_toggled_cb (GtkCheckButton      *check,
                  MpSubscriptionsPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "subscription-id");

  if (id == NULL || g_object_get_data (G_OBJECT (check), "updating") != NULL)
    return;
  set_selected (self, id, gtk_check_button_get_active (check));
  update_selection (self);
}

static void
check_setup_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                MpSubscriptionsPage      *self)
{
  GtkWidget *check = gtk_check_button_new ();

  gtk_widget_set_halign (check, GTK_ALIGN_CENTER);
  g_signal_connect_object (check, "toggled", G_CALLBACK (check_toggled_cb), self, 0);
  gtk_list_item_set_child (list_item, check);
}

static void
check_bind_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               MpSubscriptionsPage      *self)
{
  GtkWidget *check = gtk_list_item_get_child (list_item);
  MpSubscription *subscription = gtk_list_item_get_item (list_item);
  g_autofree char *label = NULL;

  g_object_set_data_full (G_OBJECT (check), "subscription-id",
                          g_strdup (mp_subscription_get_id (subscription)), g_free);
  /* Translators: the check box of a row in selection mode: "Select Office". */
  label = g_strdup_printf (_("Select %s"), mp_subscription_get_name (subscription));
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  if (self->checks == NULL)
    return;
  g_hash_table_add (self->checks, check);
  update_selection (self);
}

static void
check_unbind_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 MpSubscriptionsPage      *self)
{
  GtkWidget *check = gtk_list_item_get_child (list_item);

  if (self->checks != NULL)
    g_hash_table_remove (self->checks, check);
  g_object_set_data (G_OBJECT (check), "subscription-id", NULL);
}

static GtkListItemFactory *
mp_subscriptions_page_create_factory (MpListPage             *page,
                                      const MpListPageColumn *column)
{
  GtkListItemFactory *factory;

  if (g_strcmp0 (column->title, N_("Owner")) == 0)
    return mp_revenue_factory_new (owner_text, page, FALSE);
  factory = gtk_signal_list_item_factory_new ();

  g_signal_connect_object (factory, "setup", G_CALLBACK (check_setup_cb), page, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (check_bind_cb), page, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (check_unbind_cb), page, 0);
  return factory;
}

static GtkColumnViewColumn *
check_column (MpSubscriptionsPage *self)
{
  GListModel *columns = gtk_column_view_get_columns (mp_list_page_get_column_view (MP_LIST_PAGE (self)));
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, 0);

  return column;   /* the view holds it */
}

static void
select_toggled_cb (MpSubscriptionsPage *self)
{
  gboolean active = selection_mode (self);

  gtk_column_view_column_set_visible (check_column (self), active);
  gtk_action_bar_set_revealed (self->selection_bar, active);
  if (!active)
    g_hash_table_remove_all (self->selected);
  update_selection (self);
}

static void
select_all (MpSubscriptionsPage *self)
{
  GListModel *shown = mp_list_page_get_shown (MP_LIST_PAGE (self));

  gtk_toggle_button_set_active (self->select_button, TRUE);
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (shown, i);

      set_selected (self, mp_subscription_get_id (subscription), TRUE);
    }
  update_selection (self);
}

/* Ctrl+A selects every row shown, Escape leaves selection mode; neither
 * while the search entry has the focus (there they edit the text).
 */
static gboolean
key_pressed_cb (MpSubscriptionsPage   *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  gboolean editing = focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus));

  if ((keyval == GDK_KEY_a || keyval == GDK_KEY_A) &&
      (state & GDK_MODIFIER_MASK & ~GDK_LOCK_MASK) == GDK_CONTROL_MASK && !editing)
    {
      select_all (self);
      return TRUE;
    }
  if (keyval == GDK_KEY_Escape && selection_mode (self) && !editing)
    {
      gtk_toggle_button_set_active (self->select_button, FALSE);
      return TRUE;
    }
  return FALSE;
}

static void
change_seats_clicked_cb (MpSubscriptionsPage *self)
{
  MpListPage *page = MP_LIST_PAGE (self);
  GListModel *list = G_LIST_MODEL (mp_list_page_get_list (page));
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  /* In the list's order. */
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (list, i);

      if (g_hash_table_contains (self->selected, mp_subscription_get_id (subscription)))
        g_ptr_array_add (ids, g_strdup (mp_subscription_get_id (subscription)));
    }
  if (ids->len == 0)
    return;
  g_ptr_array_add (ids, NULL);
  dialog = mp_bulk_change_dialog_new (mp_list_page_get_session (page), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                      (const char * const *) ids->pdata);
  gtk_toggle_button_set_active (self->select_button, FALSE);
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
mp_subscriptions_page_get_title (MpListPage *page)
{
  return _("Subscriptions");
}

static MpListSource *
mp_subscriptions_page_create_list (MpListPage *page)
{
  return mp_session_open_list (mp_list_page_get_session (page), MP_MIRROR_KIND_SUBSCRIPTIONS);
}

static const char *
mp_subscriptions_page_get_status (MpListPage *page,
                                  gpointer    item)
{
  return mp_subscription_get_status (item);
}

static char *
mp_subscriptions_page_get_search_text (MpListPage *page,
                                        gpointer    item)
{
  const char *fields[] = {
    mp_subscription_get_name (item),
    mp_subscription_get_plan_name (item),
    mp_subscription_get_id (item),
  };

  return mp_page_join_search_fields (fields, G_N_ELEMENTS (fields));
}

/* Called for every row at each keystroke: plain casts, and the drop-down
 * asked once.
 */
static gboolean
mp_subscriptions_page_filter (MpListPage *page,
                              gpointer    item,
                              const char *folded,
                              guint       status,
                              const char *search)
{
  MpSubscriptionsPage *self = (MpSubscriptionsPage *) page;
  MpListPageClass *parent_class = mp_subscriptions_page_parent_class;
  gboolean all = self->revenue != NULL && show_all (self);

  if (self->revenue != NULL)
    {
      if (!all && !mp_revenue_is_own (self->revenue, item))
        return FALSE;
      if (all && self->owner != NULL && g_strcmp0 (mp_subscription_get_customer_id (item), self->owner) != 0)
        return FALSE;
    }
  if (parent_class->filter (page, item, folded, status, search))
    return TRUE;
  /* The owner's name, folded once per owner, not per row (owners' names
   * come in after the rows, so they are no part of a row's search text).
   */
  if (search != NULL && all)
    {
      const char *owner = mp_revenue_get_owner_folded (self->revenue, mp_subscription_get_customer_id (item));

      return owner != NULL && strstr (owner, search) != NULL &&
             parent_class->filter (page, item, folded, status, NULL);
    }
  return FALSE;
}

/* The own subscriptions of the list, counted once per row as the pages of
 * the list come in (again after a reload).
 */
static guint
count_own (MpSubscriptionsPage *self)
{
  GListModel *list = G_LIST_MODEL (mp_list_page_get_list (MP_LIST_PAGE (self)));
  guint n = g_list_model_get_n_items (list);

  if (n < self->n_counted)
    self->n_counted = self->n_own = 0;
  for (; self->n_counted < n; self->n_counted++)
    {
      g_autoptr(MpSubscription) subscription = g_list_model_get_item (list, self->n_counted);

      if (mp_revenue_is_own (self->revenue, subscription))
        self->n_own++;
    }
  return self->n_own;
}

static char *
mp_subscriptions_page_count_text (MpListPage *page,
                                  guint       n_shown,
                                  guint       n_all)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (page);
  MpListSource *list = mp_list_page_get_list (page);
  gint64 total = MP_IS_PAGED_LIST (list) ? mp_paged_list_get_total (MP_PAGED_LIST (list)) : -1;

  if (mp_list_source_get_loading (list) && total > 0)
    return g_strdup_printf (_("Loading: %u of %u subscriptions"), n_all, (guint) total);
  /* My Subscriptions counts the own ones only. */
  if (self->revenue != NULL && !show_all (self))
    n_all = count_own (self);
  if (n_shown == n_all)
    return g_strdup_printf (ngettext ("%u subscription", "%u subscriptions", n_all), n_all);
  return g_strdup_printf (ngettext ("%u of %u subscription", "%u of %u subscriptions", n_all), n_shown, n_all);
}

static char *
mp_subscriptions_page_partial_error_text (MpListPage   *page,
                                          const GError *error)
{
  return g_strdup_printf (_("Not every subscription could be loaded: %s"), error->message);
}

static void
mp_subscriptions_page_activate (MpListPage *page,
                                gpointer    item)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (page);
  const char *id = mp_subscription_get_id (item);

  /* In selection mode Enter (or a double click) selects the row. */
  if (selection_mode (self))
    {
      set_selected (self, id, !g_hash_table_contains (self->selected, id));
      update_selection (self);
      return;
    }
  gtk_widget_activate_action (GTK_WIDGET (page), "win.open-subscription", "s",
                              mp_subscription_get_id (item));
}

/* Export values: the API's status, ISO dates and periods, plain numbers. */
static char *
status_value (gpointer item,
              gpointer user_data)
{
  return g_strdup (mp_subscription_get_status (item));
}

static char *
period_value (gpointer item,
              gpointer user_data)
{
  return mp_list_export_period_value (mp_subscription_get_period (item));
}

static char *
renewal_value (gpointer item,
               gpointer user_data)
{
  const char *date = mp_subscription_get_renewal_date (item);

  return g_strdup (date != NULL ? date : mp_subscription_get_expiration_date (item));
}

static char *
seats_value (gpointer item,
             gpointer user_data)
{
  gint64 seats = mp_page_subscription_seats (item);

  return seats < 0 ? NULL : g_strdup_printf ("%" G_GINT64_FORMAT, seats);
}

static gboolean
price_money (gpointer  item,
             gpointer  user_data,
             MpMoney  *money)
{
  return mp_list_export_money_value (mp_subscription_get_total_price (item), money);
}

/* The owner's name in an export (the cells show it as the names come in). */
static char *
owner_value (gpointer item,
             gpointer user_data)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (user_data);

  if (self->revenue == NULL)
    return NULL;
  return g_strdup (mp_revenue_get_owner_name (self->revenue, mp_subscription_get_customer_id (item)));
}

static const MpListPageColumn columns[] = {
  /* The check boxes of selection mode (shown only then). */
  { N_("Select"), NULL, NULL, FALSE, FALSE, NULL, NULL },
  { N_("Name"), name_text, compare_name, TRUE, FALSE, name_text, NULL },
  /* Its cells change when the customers' names come in. */
  { N_("Owner"), NULL, NULL, FALSE, FALSE, owner_value, NULL },
  { N_("Plan"), plan_text, compare_plan, TRUE, FALSE, plan_text, NULL },
  { N_("Status"), status_text, compare_status, FALSE, FALSE, status_value, NULL },
  { N_("Period"), period_text, compare_period, FALSE, FALSE, period_value, NULL },
  { N_("Renewal Date"), renewal_text, compare_renewal, FALSE, FALSE, renewal_value, NULL },
  { N_("Seats"), seats_text, compare_seats, FALSE, TRUE, seats_value, NULL },
  { N_("Price"), price_text, compare_price, FALSE, TRUE, NULL, price_money },
};

static GtkColumnViewColumn *
column_at (MpSubscriptionsPage *self,
           guint                position)
{
  GListModel *view_columns = gtk_column_view_get_columns (mp_list_page_get_column_view (MP_LIST_PAGE (self)));
  g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (view_columns, position);

  return column;   /* the view holds it */
}

static void
update_show (MpSubscriptionsPage *self)
{
  gboolean all = show_all (self);

  gtk_widget_set_visible (GTK_WIDGET (self->owner_dropdown), all);
  gtk_column_view_column_set_visible (column_at (self, OWNER_COLUMN), all);
  gtk_column_view_column_set_visible (column_at (self, PLAN_COLUMN), !all || !self->narrow);
}

/* The window's width (its default width follows the user's resizing)
 * decides, as soon as it changes: before the page is laid out again.
 */
static void
window_width_cb (MpSubscriptionsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width = -1, height = -1;
  gboolean narrow;

  if (GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  narrow = width > 0 && width < NARROW_WIDTH;
  if (narrow != self->narrow)
    {
      self->narrow = narrow;
      update_show (self);
    }
  narrow = width > 0 && width < NARROW_TOOLBAR_WIDTH;
  if (narrow != self->narrow_toolbar)
    {
      self->narrow_toolbar = narrow;
      /* The icon alone. The label is hidden, not emptied: it still names
       * the button (AdwButtonContent labels its button by it).
       */
      for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->buy_content)); child != NULL;
           child = gtk_widget_get_next_sibling (child))
        if (GTK_IS_LABEL (child))
          gtk_widget_set_visible (child, !narrow);
    }
}

static void
root_changed_cb (MpSubscriptionsPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  /* Not while the page is built or taken apart. */
  if (root == NULL || self->revenue == NULL)
    return;
  if (GTK_IS_WINDOW (root) && g_object_get_data (G_OBJECT (root), "mp-subscriptions-page") != self)
    {
      g_object_set_data (G_OBJECT (root), "mp-subscriptions-page", self);
      g_signal_connect_object (root, "notify::default-width", G_CALLBACK (window_width_cb), self, G_CONNECT_SWAPPED);
    }
  window_width_cb (self);
}

static void
show_selected_cb (MpSubscriptionsPage *self)
{
  /* Called while the template is built. */
  if (self->revenue == NULL)
    return;
  update_show (self);
  mp_list_page_refilter (MP_LIST_PAGE (self));
}

static void
owner_selected_cb (MpSubscriptionsPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->owner_dropdown);
  const char *owner = NULL;

  if (self->owner_ids == NULL)
    return;
  if (selected != GTK_INVALID_LIST_POSITION && selected < self->owner_ids->len)
    owner = g_ptr_array_index (self->owner_ids, selected);
  if (g_strcmp0 (owner, self->owner) == 0)
    return;
  g_free (self->owner);
  self->owner = g_strdup (owner);
  mp_list_page_refilter (MP_LIST_PAGE (self));
}

static int
compare_customer_name (gconstpointer a,
                       gconstpointer b)
{
  MpCustomer *ca = *(MpCustomer **) a;
  MpCustomer *cb = *(MpCustomer **) b;

  return g_utf8_collate (mp_customer_get_name (ca), mp_customer_get_name (cb));
}

/* The owner filter: every owner, the account itself, then its customers
 * by name; the owner chosen stays chosen.
 */
static void
update_owners (MpSubscriptionsPage *self)
{
  GListModel *customers = G_LIST_MODEL (mp_revenue_get_customers (self->revenue));
  guint n = g_list_model_get_n_items (customers);
  g_autoptr(GPtrArray) sorted = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  const char *own = mp_revenue_get_own_id (self->revenue);
  g_autofree char *chosen = g_strdup (self->owner);
  guint selected = 0;

  if (n == self->n_customers && self->owner_ids != NULL)
    return;
  self->n_customers = n;

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (sorted, g_list_model_get_item (customers, i));
  g_ptr_array_sort (sorted, compare_customer_name);

  g_ptr_array_add (ids, NULL);
  /* Translators: the first entry of the Owner filter of All Subscriptions. */
  g_ptr_array_add (names, (gpointer) _("All Owners"));
  if (own != NULL)
    {
      g_ptr_array_add (ids, g_strdup (own));
      g_ptr_array_add (names, (gpointer) mp_revenue_get_owner_name (self->revenue, own));
    }
  for (guint i = 0; i < sorted->len; i++)
    {
      MpCustomer *customer = g_ptr_array_index (sorted, i);

      g_ptr_array_add (ids, g_strdup (mp_customer_get_id (customer)));
      g_ptr_array_add (names, (gpointer) mp_customer_get_name (customer));
    }
  g_ptr_array_add (names, NULL);
  for (guint i = 1; i < ids->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ids, i), chosen) == 0)
      selected = i;

  /* The old IDs go while the model changes: the filter keeps its own copy. */
  g_clear_pointer (&self->owner_ids, g_ptr_array_unref);
  gtk_string_list_splice (self->owner_names, 0, g_list_model_get_n_items (G_LIST_MODEL (self->owner_names)),
                          (const char * const *) names->pdata);
  self->owner_ids = g_steal_pointer (&ids);
  gtk_drop_down_set_selected (self->owner_dropdown, selected);
  owner_selected_cb (self);
}

static void
revenue_changed_cb (MpSubscriptionsPage *self)
{
  update_owners (self);
  /* The names came in: the Owner cells and, where the server does not say
   * the account's ID, which subscriptions are the account's own.
   */
  mp_revenue_refresh_column (column_at (self, OWNER_COLUMN));
  if (mp_revenue_get_own_id (self->revenue) == NULL)
    {
      self->n_counted = self->n_own = 0;
      mp_list_page_refilter (MP_LIST_PAGE (self));
    }
}

static void
session_changed_cb (MpSubscriptionsPage *self)
{
  gboolean reseller = mp_session_is_reseller (mp_list_page_get_session (MP_LIST_PAGE (self)));

  self->n_counted = self->n_own = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->show_dropdown), reseller);
  if (!reseller)
    gtk_drop_down_set_selected (self->show_dropdown, 0);
  update_show (self);
}

/* The rows on screen get their details first (a marketplace whose list
 * rows carry no resource lines): the IDs bound lately go to the mirror.
 */
static gboolean
prioritize_cb (gpointer data)
{
  MpSubscriptionsPage *self = data;
  MpListSource *list = mp_list_page_get_list (MP_LIST_PAGE (self));
  g_autoptr(GPtrArray) ids = mp_list_page_order_by_view (MP_LIST_PAGE (self), self->on_screen,
                                                         (const char *(*) (gpointer)) mp_subscription_get_id);

  self->prioritize_id = 0;
  g_ptr_array_add (ids, NULL);
  if (MP_IS_MIRROR_LIST (list))
    mp_mirror_prioritize (mp_mirror_list_get_mirror (MP_MIRROR_LIST (list)), (const char * const *) ids->pdata);
  g_hash_table_remove_all (self->on_screen);
  return G_SOURCE_REMOVE;
}

static void
name_bound_cb (MpSubscriptionsPage *self,
               GtkListItem         *item)
{
  MpSubscription *subscription = gtk_list_item_get_item (item);

  if (subscription == NULL || mp_page_subscription_seats (subscription) >= 0)
    return;
  g_hash_table_add (self->on_screen, g_strdup (mp_subscription_get_id (subscription)));
  if (self->prioritize_id == 0)
    self->prioritize_id = g_timeout_add (100, prioritize_cb, self);
}

static void
mp_subscriptions_page_constructed (GObject *object)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (object);

  MpListPage *page = MP_LIST_PAGE (object);
  MpSession *session;

  G_OBJECT_CLASS (mp_subscriptions_page_parent_class)->constructed (object);

  gtk_column_view_column_set_visible (check_column (self), FALSE);
  update_selection (self);
  self->on_screen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect_object (gtk_column_view_column_get_factory (column_at (self, NAME_COLUMN)), "bind",
                           G_CALLBACK (name_bound_cb), self, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  mp_revenue_set_sorter (column_at (self, OWNER_COLUMN), compare_owner, self);

  /* A customer sees its own subscriptions only: nothing to switch. */
  session = mp_list_page_get_session (page);
  /* The names only: this page sums nothing. */
  self->revenue = mp_revenue_new_names (session);
  g_signal_connect_object (self->revenue, "changed", G_CALLBACK (revenue_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  session_changed_cb (self);
  mp_list_page_refilter (page);
}

static void
mp_subscriptions_page_dispose (GObject *object)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (object);

  g_clear_handle_id (&self->prioritize_id, g_source_remove);
  g_clear_pointer (&self->on_screen, g_hash_table_unref);
  g_clear_pointer (&self->checks, g_hash_table_unref);
  g_clear_pointer (&self->selected, g_hash_table_unref);
  g_clear_pointer (&self->owner_ids, g_ptr_array_unref);
  g_clear_pointer (&self->owner, g_free);
  g_clear_object (&self->revenue);

  G_OBJECT_CLASS (mp_subscriptions_page_parent_class)->dispose (object);
}

static void
mp_subscriptions_page_class_init (MpSubscriptionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  MpListPageClass *page_class = MP_LIST_PAGE_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_subscriptions_page_constructed;
  object_class->dispose = mp_subscriptions_page_dispose;

  page_class->create_factory = mp_subscriptions_page_create_factory;

  page_class->get_title = mp_subscriptions_page_get_title;
  page_class->columns = columns;
  page_class->n_columns = G_N_ELEMENTS (columns);
  page_class->incremental = TRUE;
  page_class->create_list = mp_subscriptions_page_create_list;
  page_class->get_status = mp_subscriptions_page_get_status;
  page_class->get_search_text = mp_subscriptions_page_get_search_text;
  page_class->filter = mp_subscriptions_page_filter;
  page_class->status_values = status_filters;
  page_class->n_status_values = G_N_ELEMENTS (status_filters);
  page_class->count_text = mp_subscriptions_page_count_text;
  page_class->partial_error_text = mp_subscriptions_page_partial_error_text;
  page_class->activate = mp_subscriptions_page_activate;

  mp_list_page_class_set_template_from_resource (page_class,
                                                 "/io/github/marketpanel/MarketPanel/pages/mp-subscriptions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, select_button);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, selection_bar);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, selected_label);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, change_seats_button);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, show_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, owner_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, owner_names);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, buy_content);
  gtk_widget_class_bind_template_callback (widget_class, select_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, show_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, owner_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, change_seats_clicked_cb);
}

static void
mp_subscriptions_page_init (MpSubscriptionsPage *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->checks = g_hash_table_new (NULL, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Before the column view, which takes Ctrl+A for its own selection. */
  gtk_event_controller_set_name (keys, "mp-subscriptions-keys");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "notify::root", G_CALLBACK (root_changed_cb), NULL);
}

GtkWidget *
mp_subscriptions_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_SUBSCRIPTIONS_PAGE,
                       "session", session,
                       NULL);
}
