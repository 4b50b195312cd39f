/* mp-marketplace-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-marketplace-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-marketplace-page.h"
#include "mp-page-util.h"
#include "mp-purchase-wizard.h"
#include "mp-wizard-util.h"

/* The customer's Marketplace tab (flow 4): the category tree on the side
 * (e.g. Cloud Services > Cloud Enablement Services) and the plans the
 * customer may buy in the chosen branch. Activating a plan opens the
 * purchase wizard past its service step, with that plan.
 */
struct _MpMarketplacePage
{
  AdwBin              parent_instance;

  /* Template Widgets */
  GtkListBox         *categories_list;
  GtkSearchEntry     *search_entry;
  GtkStack           *stack;
  AdwStatusPage      *empty_page;
  MpErrorBox         *error_box;
  GtkLabel           *category_label;
  GtkLabel           *category_description;
  GtkListBox         *plans_list;

  /* Owned References */
  MpSession          *session;
  MpPagedList        *plans;
  MpPagedList        *categories;
  GtkFilterListModel *filtered;
  GtkCustomFilter    *filter;
  GHashTable         *parents;   /* category id -> parent id */
  GPtrArray          *category_rows;   /* row index -> MpCategory (NULL = all) */
  char               *category_filter;
  char               *folded_search;
};

G_DEFINE_FINAL_TYPE (MpMarketplacePage, mp_marketplace_page, ADW_TYPE_BIN)

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  MpMarketplacePage *self = user_data;
  MpPlan *plan = item;

  if (self->category_filter != NULL &&
      !mp_category_tree_contains (self->parents, self->category_filter, mp_plan_get_category_id (plan)))
    return FALSE;
  return self->folded_search == NULL ||
         mp_page_text_contains (mp_plan_get_name (plan), self->folded_search) ||
         mp_page_text_contains (mp_plan_get_product_line_name (plan), self->folded_search) ||
         mp_page_text_contains (mp_plan_get_short_description (plan), self->folded_search) ||
         mp_page_text_contains (mp_plan_get_vendor (plan), self->folded_search);
}

static GtkWidget *
create_plan_row (gpointer item,
                 gpointer user_data)
{
  MpPlan *plan = item;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");
  g_autofree char *subtitle = NULL;
  const char *line = mp_plan_get_product_line_name (plan);
  const char *description = mp_plan_get_short_description (plan);

  if (line != NULL && g_strcmp0 (line, mp_plan_get_name (plan)) != 0)
    /* Translators: "IDSync - Identity Synchronizer — Synchronize your…". */
    subtitle = g_strdup_printf (_("%s — %s"), line, description != NULL ? description : "");
  else
    subtitle = g_strdup (description != NULL ? description : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_plan_get_name (plan));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static void
update_view (MpMarketplacePage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));

  if (mp_paged_list_get_error (self->plans) != NULL)
    {
      mp_error_box_set_error (self->error_box, _("Could Not Load the Marketplace"),
                              mp_paged_list_get_error (self->plans));
      gtk_stack_set_visible_child_name (self->stack, "empty");
    }
  else if (n == 0 && mp_paged_list_get_loading (self->plans))
    gtk_stack_set_visible_child_name (self->stack, "loading");
  else if (n == 0)
    gtk_stack_set_visible_child_name (self->stack, "empty");
  else
    gtk_stack_set_visible_child_name (self->stack, "list");
}

/* For category_rows, which holds NULL for All Categories. */
static void
category_unref (gpointer category)
{
  if (category != NULL)
    g_object_unref (category);
}

/* Appends the row of @category (NULL: all of them) to the list. */
static void
append_category_row (MpMarketplacePage *self,
                     MpCategory        *category,
                     guint              depth)
{
  const char *name = category != NULL ? mp_category_get_name (category) : _("All Categories");
  const char *description = category != NULL ? mp_category_get_description (category) : _("Every service you can buy");
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *label = gtk_label_new (name);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6 + 18 * depth);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  if (depth == 0)
    gtk_widget_add_css_class (label, "heading");
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
  gtk_widget_set_tooltip_text (row, description);
  /* GTK 4.8 does not name a list row after its label. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  g_ptr_array_add (self->category_rows, category != NULL ? g_object_ref (category) : NULL);
  gtk_list_box_append (self->categories_list, row);
}

/* The category of a row of the list: NULL for All Categories. */
static MpCategory *
row_category (MpMarketplacePage *self,
              GtkListBoxRow     *row)
{
  int index = gtk_list_box_row_get_index (row);

  return index >= 0 && (guint) index < self->category_rows->len ?
         g_ptr_array_index (self->category_rows, index) : NULL;
}

static void
rebuild_categories (MpMarketplacePage *self)
{
  GListModel *categories = G_LIST_MODEL (self->categories);
  guint n = g_list_model_get_n_items (categories);
  g_autoptr(GHashTable) depth = g_hash_table_new (g_str_hash, g_str_equal);
  GtkListBoxRow *selected = NULL;

  if (mp_paged_list_get_loading (self->categories))
    return;

  mp_wizard_clear_list_box (self->categories_list);
  g_ptr_array_set_size (self->category_rows, 0);
  g_hash_table_remove_all (self->parents);
  append_category_row (self, NULL, 0);
  if (self->category_filter == NULL)
    selected = gtk_list_box_get_row_at_index (self->categories_list, 0);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpCategory) c = g_list_model_get_item (categories, i);
      const char *parent = mp_category_get_parent_id (c);
      guint d = parent != NULL ? GPOINTER_TO_UINT (g_hash_table_lookup (depth, parent)) + 1 : 0;

      if (parent != NULL)
        g_hash_table_insert (self->parents, g_strdup (mp_category_get_id (c)), g_strdup (parent));
      g_hash_table_insert (depth, (gpointer) mp_category_get_id (c), GUINT_TO_POINTER (d));
      append_category_row (self, c, d);
      if (g_strcmp0 (self->category_filter, mp_category_get_id (c)) == 0)
        selected = gtk_list_box_get_row_at_index (self->categories_list, i + 1);
    }
  if (selected != NULL)
    gtk_list_box_select_row (self->categories_list, selected);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
category_selected_cb (MpMarketplacePage *self,
                      GtkListBoxRow     *row)
{
  MpCategory *category;
  const char *id = NULL;
  const char *description = NULL;

  /* The list box unselects its rows while the page is being disposed. */
  if (self->category_label == NULL)
    return;

  category = row != NULL ? row_category (self, row) : NULL;
  if (category != NULL)
    {
      id = mp_category_get_id (category);
      description = mp_category_get_description (category);
    }
  else if (row != NULL)
    description = _("Every service you can buy");
  gtk_label_set_text (self->category_label, category != NULL ? mp_category_get_name (category) : _("All Categories"));
  gtk_label_set_text (self->category_description, description != NULL ? description : "");
  gtk_widget_set_visible (GTK_WIDGET (self->category_description), description != NULL);
  if (row == NULL || g_strcmp0 (id, self->category_filter) == 0)
    return;
  g_free (self->category_filter);
  self->category_filter = g_strdup (id);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void
search_changed_cb (MpMarketplacePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_free (self->folded_search);
  self->folded_search = *stripped != '\0' ? g_utf8_casefold (stripped, -1) : NULL;
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

static void
plan_activated_cb (MpMarketplacePage *self,
                   GtkListBoxRow     *row)
{
  /* The list is bound to the plans shown: a row's plan is at its index. */
  g_autoptr(MpPlan) plan = g_list_model_get_item (G_LIST_MODEL (self->filtered),
                                                  gtk_list_box_row_get_index (row));

  if (plan != NULL)
    mp_marketplace_page_open_plan (self, mp_plan_get_id (plan));
}

static void
mp_marketplace_page_dispose (GObject *object)
{
  MpMarketplacePage *self = MP_MARKETPLACE_PAGE (object);

  if (self->plans_list != NULL)
    gtk_list_box_bind_model (self->plans_list, NULL, NULL, NULL, NULL);
  if (self->plans != NULL)
    mp_paged_list_cancel (self->plans);
  if (self->categories != NULL)
    mp_paged_list_cancel (self->categories);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_MARKETPLACE_PAGE);

  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->plans);
  g_clear_object (&self->categories);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_marketplace_page_parent_class)->dispose (object);
}

static void
mp_marketplace_page_finalize (GObject *object)
{
  MpMarketplacePage *self = MP_MARKETPLACE_PAGE (object);

  g_clear_pointer (&self->parents, g_hash_table_unref);
  g_clear_pointer (&self->category_rows, g_ptr_array_unref);
  g_clear_pointer (&self->category_filter, g_free);
  g_clear_pointer (&self->folded_search, g_free);

  G_OBJECT_CLASS (mp_marketplace_page_parent_class)->finalize (object);
}

static void
mp_marketplace_page_class_init (MpMarketplacePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_marketplace_page_dispose;
  object_class->finalize = mp_marketplace_page_finalize;

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-marketplace-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpMarketplacePage, categories_list);
  gtk_widget_class_bind_template_child (widget_class, MpMarketplacePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MpMarketplacePage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpMarketplacePage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, MpMarketplacePage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpMarketplacePage, category_label);
  gtk_widget_class_bind_template_child (widget_class, MpMarketplacePage, category_description);
  gtk_widget_class_bind_template_child (widget_class, MpMarketplacePage, plans_list);
  gtk_widget_class_bind_template_callback (widget_class, category_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, plan_activated_cb);
}

static void
mp_marketplace_page_init (MpMarketplacePage *self)
{
  self->parents = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->category_rows = g_ptr_array_new_with_free_func (category_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
  mp_a11y_setup_search (self->search_entry, GTK_WIDGET (self), GTK_WIDGET (self->plans_list));
  /* Tab crosses the categories in one step: to the services, back to the search. */
  mp_a11y_tab_leaves_list (self->categories_list, GTK_WIDGET (self->search_entry),
                           GTK_WIDGET (self->plans_list));
}

GtkWidget *
mp_marketplace_page_new (MpSession *session)
{
  MpMarketplacePage *self;
  MpClient *client;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_MARKETPLACE_PAGE, NULL);
  self->session = g_object_ref (session);
  client = mp_session_get_client (session);

  /* A customer sees the plans it may buy; a reseller all of them. */
  self->plans = mp_client_list_plans (client, NULL, mp_session_is_reseller (session) ? MP_AUDIENCE_ANY : MP_AUDIENCE_CUSTOMER, NULL);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (g_object_ref (G_LIST_MODEL (self->plans)),
                                              g_object_ref (GTK_FILTER (self->filter)));
  gtk_list_box_bind_model (self->plans_list, G_LIST_MODEL (self->filtered), create_plan_row, self, NULL);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plans, "notify::loading", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->plans, "notify::error", G_CALLBACK (update_view), self, G_CONNECT_SWAPPED);

  append_category_row (self, NULL, 0);
  gtk_list_box_select_row (self->categories_list, gtk_list_box_get_row_at_index (self->categories_list, 0));
  if (mp_client_get_has_extensions (client))
    {
      self->categories = mp_client_list_categories (client);
      g_signal_connect_object (self->categories, "items-changed", G_CALLBACK (rebuild_categories), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->categories, "notify::loading", G_CALLBACK (rebuild_categories), self, G_CONNECT_SWAPPED);
    }
  update_view (self);
  return GTK_WIDGET (self);
}

void
mp_marketplace_page_set_category (MpMarketplacePage *self,
                                  const char        *category_id)
{
  g_return_if_fail (MP_IS_MARKETPLACE_PAGE (self));

  for (guint i = 0; i < self->category_rows->len; i++)
    {
      MpCategory *category = g_ptr_array_index (self->category_rows, i);

      if (g_strcmp0 (category != NULL ? mp_category_get_id (category) : NULL, category_id) == 0)
        {
          gtk_list_box_select_row (self->categories_list, gtk_list_box_get_row_at_index (self->categories_list, i));
          return;
        }
    }
  g_free (self->category_filter);
  self->category_filter = g_strdup (category_id);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_view (self);
}

GListModel *
mp_marketplace_page_get_plans (MpMarketplacePage *self)
{
  g_return_val_if_fail (MP_IS_MARKETPLACE_PAGE (self), NULL);
  return G_LIST_MODEL (self->filtered);
}

GtkWidget *
mp_marketplace_page_open_plan (MpMarketplacePage *self,
                               const char        *plan_id)
{
  GtkWidget *wizard;
  GtkRoot *root;

  g_return_val_if_fail (MP_IS_MARKETPLACE_PAGE (self), NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);

  wizard = mp_purchase_wizard_new (self->session, NULL, plan_id);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (wizard), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (wizard));
  return wizard;
}

GtkListBoxRow *
mp_marketplace_page_get_plan_row (MpMarketplacePage *self,
                                  const char        *plan_id)
{
  GListModel *plans;

  g_return_val_if_fail (MP_IS_MARKETPLACE_PAGE (self), NULL);

  plans = G_LIST_MODEL (self->filtered);
  for (guint i = 0; i < g_list_model_get_n_items (plans); i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (plans, i);

      if (g_strcmp0 (mp_plan_get_id (plan), plan_id) == 0)
        return gtk_list_box_get_row_at_index (self->plans_list, i);
    }
  return NULL;
}
