/* mp-storefront-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-storefront-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-cart.h"
#include "mp-cart-window.h"
#include "mp-error-box.h"
#include "mp-page-util.h"
#include "mp-plan-item.h"
#include "mp-product-row.h"
#include "mp-spin-range.h"
#include "mp-store-util.h"
#include "mp-resource-row.h"
#include "mp-storefront-page.h"
#include "mp-a11y.h"

/* The reseller's Marketplace section (flow 1): the marketplace (region)
 * with its flag and currency, the category tree, the products of a
 * category, and a product page where the reseller selects the plan for
 * resellers or for customers, the period and the extras, and adds them to
 * the cart. The products of a category (or a search) are a GtkListView
 * of MpPlanItems, one a product line, in the plan lists' shared row. The running total of what is chosen is the marketplace's own
 * estimate, through an MpPurchase (debounced: one request once the user
 * stops changing amounts), so that it is the figure the check-out and the
 * order show, with no second pricing (included units, setup, one-time
 * services, rounding) in the client.
 *
 * Another region is another session, with its own client and token: the
 * page asks the application's MpSessionRegistry for it, which signs in
 * with the same login. The session stays open when the page switches back
 * or goes away, following the orders placed there. The page never holds a
 * password: only when the login cannot be reused does it ask for one, and
 * hand it straight to the registry.
 */
struct _MpStorefrontPage
{
  AdwBin               parent_instance;

  /* Template Widgets */
  AdwToastOverlay     *toast_overlay;
  GtkDropDown         *region_dropdown;
  GtkLabel            *currency_label;
  GtkListBox          *category_list;
  GtkSearchEntry      *search_entry;
  GtkStack            *content_stack;
  MpErrorBox          *error_box;
  AdwPreferencesGroup *products_group;
  GtkListView         *products_list;
  GtkLabel            *product_title;
  GtkLabel            *product_subtitle;
  AdwPreferencesGroup *plans_group;
  GtkBox              *options_box;
  AdwComboRow         *period_row;
  AdwPreferencesGroup *resources_group;
  GtkLabel            *total_label;
  GtkButton           *add_button;

  /* Borrowed */
  GPtrArray           *plan_rows;       /* rows of plans_group */
  GPtrArray           *plan_buttons;    /* the Select button of each plan row, same index */
  GPtrArray           *resource_rows;   /* MpResourceRow of resources_group */

  /* Owned References */
  GListStore          *products;        /* MpPlanItem of each product shown */
  GPtrArray           *plan_ids;        /* plan ID of each plan row, same index */
  MpSessionRegistry   *sessions;
  MpSession           *session;         /* the region shown: the main session or another */
  MpClient            *client;          /* the session's */
  MpCart              *cart;
  GListModel          *marketplaces;
  MpPagedList         *categories;
  MpPagedList         *plans;
  MpPagedList         *line_plans;      /* the plans of the product shown */
  MpPlan              *plan;            /* the selected plan, detailed */
  MpPurchase          *purchase;        /* its running total, never placed */
  MpMarketplace       *opening;         /* the region whose session is being opened */

  /* Weak Pointers: the entries of the credentials dialog, while it is open */
  GtkEditable         *password_entry;
  GtkEditable         *key_entry;
  char                *product_line;    /* the product shown */
  char                *category_id;
  GCancellable        *cancellable;     /* the page's life */
  GCancellable        *plan_cancellable;
  gboolean             filling;
  gboolean             switching;
  gboolean             asked;           /* the user typed the secrets for "opening" */
};

G_DEFINE_FINAL_TYPE (MpStorefrontPage, mp_storefront_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_MARKETPLACE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load_catalogue (MpStorefrontPage *self);
static void show_products (MpStorefrontPage *self);
static void session_changed_cb (MpStorefrontPage *self);

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

static void
clear_products (MpStorefrontPage *self)
{
  g_list_store_remove_all (self->products);
}

static void
clear_plans (MpStorefrontPage *self)
{
  clear_rows (self->plans_group, self->plan_rows);
  g_ptr_array_set_size (self->plan_buttons, 0);
  g_ptr_array_set_size (self->plan_ids, 0);
}

static const char *
audience_label (MpAudience audience)
{
  if (audience == MP_AUDIENCE_RESELLER)
    return _("For resellers");
  if (audience == MP_AUDIENCE_CUSTOMER)
    return _("For customers");
  return _("For everyone");
}

static MpMarketplace *
current_marketplace (MpStorefrontPage *self)
{
  for (guint i = 0; self->marketplaces != NULL && i < g_list_model_get_n_items (self->marketplaces); i++)
    {
      g_autoptr(MpMarketplace) m = g_list_model_get_item (self->marketplaces, i);

      if (g_ascii_strcasecmp (mp_marketplace_get_code (m), mp_client_get_marketplace (self->client)) == 0)
        return m;
    }
  return NULL;
}

static void
update_currency (MpStorefrontPage *self)
{
  MpMarketplace *m = current_marketplace (self);
  g_autofree char *text = NULL;

  if (m != NULL)
    /* Translators: %s is a currency code, "USD". */
    text = g_strdup_printf (_("Prices in %s"), mp_marketplace_get_currency (m));
  gtk_label_set_text (self->currency_label, text != NULL ? text : "");
}

/* Categories */

static int
category_depth (MpStorefrontPage *self,
                MpCategory       *category)
{
  GListModel *list = G_LIST_MODEL (self->categories);
  const char *parent = mp_category_get_parent_id (category);
  int depth = 0;

  while (parent != NULL && depth < 16)
    {
      const char *next = NULL;

      for (guint i = 0; i < g_list_model_get_n_items (list); i++)
        {
          g_autoptr(MpCategory) c = g_list_model_get_item (list, i);

          if (g_strcmp0 (mp_category_get_id (c), parent) == 0)
            {
              next = mp_category_get_parent_id (c);
              break;
            }
        }
      depth++;
      parent = next;
    }
  return depth;
}

static void
add_category_rows (MpStorefrontPage *self,
                   const char       *parent_id)
{
  GListModel *list = G_LIST_MODEL (self->categories);

  /* Depth first, so that children follow their parent. */
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpCategory) category = g_list_model_get_item (list, i);
      GtkWidget *row;
      GtkWidget *label;

      if (g_strcmp0 (mp_category_get_parent_id (category), parent_id) != 0)
        continue;
      label = gtk_label_new (mp_category_get_name (category));
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_widget_set_margin_start (label, 6 + 16 * category_depth (self, category));
      if (parent_id == NULL)
        gtk_widget_add_css_class (label, "heading");
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_name (row, mp_category_get_id (category));
      gtk_widget_set_tooltip_text (row, mp_category_get_description (category));
      /* GTK 4.8 does not name a list row after its label. */
      gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      mp_category_get_name (category), -1);
      gtk_list_box_append (self->category_list, row);
      add_category_rows (self, mp_category_get_id (category));
    }
}

static void
categories_loaded_cb (MpStorefrontPage *self)
{
  GtkWidget *w;
  GtkListBoxRow *first;
  const GError *error = mp_paged_list_get_error (self->categories);

  if (mp_paged_list_get_loading (self->categories))
    return;
  while ((w = gtk_widget_get_first_child (GTK_WIDGET (self->category_list))) != NULL)
    gtk_list_box_remove (self->category_list, w);
  if (error != NULL)
    {
      mp_error_box_set_error (self->error_box, _("Could Not Load the Catalogue"), error);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }
  add_category_rows (self, NULL);

  /* Keep the category the user was in, across a region switch. */
  first = gtk_list_box_get_row_at_index (self->category_list, 0);
  for (w = gtk_widget_get_first_child (GTK_WIDGET (self->category_list)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (self->category_id != NULL && g_strcmp0 (gtk_widget_get_name (w), self->category_id) == 0)
      first = GTK_LIST_BOX_ROW (w);
  if (first != NULL)
    gtk_list_box_select_row (self->category_list, first);
}

/* Products of a category: plans grouped by product line */

static void search_changed_cb (MpStorefrontPage *self);

/* A plan's product: its product line (the plan itself without one). */
static const char *
product_line_of (MpPlan *plan)
{
  return mp_plan_get_product_line_id (plan) != NULL ? mp_plan_get_product_line_id (plan) : mp_plan_get_id (plan);
}

static const char *
product_name_of (MpPlan *plan)
{
  return mp_plan_get_product_line_name (plan) != NULL ? mp_plan_get_product_line_name (plan) : mp_plan_get_name (plan);
}

static void
plans_loaded_cb (MpStorefrontPage *self)
{
  GListModel *list = G_LIST_MODEL (self->plans);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  const GError *error = mp_paged_list_get_error (self->plans);

  if (mp_paged_list_get_loading (self->plans))
    return;
  clear_products (self);
  if (error != NULL)
    {
      mp_error_box_set_error (self->error_box, _("Could Not Load the Products"), error);
      gtk_stack_set_visible_child_name (self->content_stack, "error");
      return;
    }

  /* One row a product line, in the order the marketplace lists them. */
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (list, i);
      g_autoptr(GListStore) plans = NULL;
      const char *line = product_line_of (plan);
      g_autofree char *subtitle = NULL;

      if (g_hash_table_contains (seen, line))
        continue;
      g_hash_table_add (seen, (gpointer) line);
      plans = g_list_store_new (MP_TYPE_PLAN);
      g_list_store_append (plans, plan);
      subtitle = g_strdup_printf ("%s · %s", mp_plan_get_vendor (plan) != NULL ? mp_plan_get_vendor (plan) : "",
                                  mp_plan_get_short_description (plan) != NULL ? mp_plan_get_short_description (plan) : "");
      g_ptr_array_add (items, mp_plan_item_new (line, product_name_of (plan), subtitle, G_LIST_MODEL (plans)));
    }
  g_list_store_splice (self->products, 0, 0, items->pdata, items->len);
  show_products (self);
}

static void
show_products (MpStorefrontPage *self)
{
  if (self->plans == NULL || mp_paged_list_get_loading (self->plans))
    gtk_stack_set_visible_child_name (self->content_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->content_stack,
                                      g_list_model_get_n_items (G_LIST_MODEL (self->products)) > 0 ? "products" : "empty");
}

/* Lists the plans of CATEGORY_ID, or those SEARCH finds in the whole
 * catalogue, as the products shown.
 */
static void
load_plans (MpStorefrontPage *self,
            const char       *title,
            const char       *category_id,
            const char       *search)
{
  adw_preferences_group_set_title (self->products_group, title);
  if (self->plans != NULL)
    {
      mp_paged_list_cancel (self->plans);
      g_signal_handlers_disconnect_by_data (self->plans, self);
    }
  g_clear_object (&self->plans);
  self->plans = mp_client_list_plans (self->client, category_id, MP_AUDIENCE_ANY, search);
  g_signal_connect_object (self->plans, "notify::loading", G_CALLBACK (plans_loaded_cb), self, G_CONNECT_SWAPPED);
  show_products (self);
  plans_loaded_cb (self);
}

static void
category_selected_cb (MpStorefrontPage *self,
                      GtkListBoxRow    *row)
{
  GtkListBoxRow *selected = row;

  /* Also emitted with NULL while the list is torn down. */
  if (selected == NULL || self->category_list == NULL || self->session == NULL)
    return;
  g_free (self->category_id);
  self->category_id = g_strdup (gtk_widget_get_name (GTK_WIDGET (selected)));
  /* Choosing a category ends a search. */
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    {
      g_signal_handlers_block_by_func (self->search_entry, search_changed_cb, self);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      g_signal_handlers_unblock_by_func (self->search_entry, search_changed_cb, self);
    }
  load_plans (self, gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (selected))),
              self->category_id, NULL);
}

/* A click (or Enter) on the category already chosen: it was selected, and
 * its plans listed, when the focus reached it; only a search is to end.
 */
static void
category_activated_cb (MpStorefrontPage *self,
                       GtkListBoxRow    *row)
{
  if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    category_selected_cb (self, row);
}

/* The search looks through the whole catalogue of the marketplace; an
 * empty one shows the chosen category again.
 */
static void
search_changed_cb (MpStorefrontPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  GtkListBoxRow *selected;
  g_autofree char *title = NULL;

  if (self->client == NULL || self->session == NULL)
    return;
  if (*text == '\0')
    {
      if ((selected = gtk_list_box_get_selected_row (self->category_list)) != NULL)
        load_plans (self, gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (selected))),
                    self->category_id, NULL);
      return;
    }
  /* Translators: the title of the products a search found. */
  title = g_strdup_printf (_("Results for “%s”"), text);
  load_plans (self, title, NULL, text);
}

/* The product page */

static void
update_prices (MpStorefrontPage *self)
{
  g_autoptr(MpPeriod) period = NULL;

  if (self->plan == NULL)
    return;
  period = g_list_model_get_item (mp_plan_get_periods (self->plan), adw_combo_row_get_selected (self->period_row));
  for (guint i = 0; i < self->resource_rows->len; i++)
    {
      MpResourceRow *row = g_ptr_array_index (self->resource_rows, i);
      MpResource *resource = mp_resource_row_get_resource (row);
      MpMoney setup, recurring;
      GString *text = g_string_new (NULL);

      if (period != NULL && mp_resource_get_price (resource, period, &setup, &recurring))
        {
          g_autofree char *period_text = mp_page_format_period (period);

          if (recurring.minor > 0)
            {
              g_autofree char *money = mp_money_format (&recurring);

              /* Translators: a unit's price per term: "$5.00 per 1 Month". */
              g_string_append_printf (text, _("%s per %s"), money, period_text);
            }
          if (setup.minor > 0)
            {
              g_autofree char *money = mp_money_format (&setup);

              if (text->len > 0)
                g_string_append (text, " · ");
              if (mp_resource_get_one_time (resource))
                /* Translators: the price of a one-time service. */
                g_string_append_printf (text, _("%s one-time"), money);
              else
                g_string_append_printf (text, _("%s setup"), money);
            }
        }
      if (mp_resource_get_included (resource) > 0)
        g_string_append_printf (text, "%s%s", text->len > 0 ? " · " : "",
                                /* Translators: units included in the plan's base price. */
                                _("some included"));
      {
        g_autofree char *range = mp_spin_range_describe (mp_resource_get_minimum (resource),
                                                         mp_resource_get_maximum (resource));

        if (text->len > 0)
          g_string_append (text, " · ");
        /* Translators: the amounts allowed: "Allowed: 1–250". */
        g_string_append_printf (text, _("Allowed: %s"), range);
      }
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), text->str);
      g_string_free (text, TRUE);
    }
}

/* The running total */

static void
update_total (MpStorefrontPage *self)
{
  g_autofree char *price = NULL;
  g_autofree char *text = NULL;

  if (self->purchase == NULL)
    {
      gtk_label_set_text (self->total_label, "");
      return;
    }
  /* An amount out of range has no price: the last valid one's would mislead. */
  for (guint i = 0; i < self->resource_rows->len; i++)
    if (!mp_spin_range_get_valid (mp_resource_row_get_spin (g_ptr_array_index (self->resource_rows, i))))
      {
        gtk_label_set_text (self->total_label, "");
        return;
      }
  price = mp_store_purchase_price (self->purchase);
  /* Translators: the running total of the plan and extras chosen: "Total: $120.00 now, $60.00 a month". */
  text = g_strdup_printf (_("Total: %s"), price);
  gtk_label_set_text (self->total_label, text);
  if (mp_purchase_get_state (self->purchase) == MP_PURCHASE_STATE_IDLE)
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->total_label),
                                 mp_order_draft_get_reason (mp_purchase_get_draft (self->purchase)));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (self->total_label), NULL);
}

/* The draft of the running total says what the page shows: the period
 * and every amount within its range (one out of range keeps its last
 * valid value: Add to Cart waits for it anyway).
 */
static void
sync_purchase (MpStorefrontPage *self)
{
  MpOrderDraft *draft;
  g_autoptr(MpPeriod) period = NULL;

  if (self->purchase == NULL)
    return;
  draft = mp_purchase_get_draft (self->purchase);
  period = g_list_model_get_item (mp_plan_get_periods (self->plan), adw_combo_row_get_selected (self->period_row));
  if (period != NULL && (mp_order_draft_get_period (draft) == NULL ||
                         !mp_period_equal (mp_order_draft_get_period (draft), period)))
    mp_order_draft_set_period (draft, period);
  for (guint i = 0; i < self->resource_rows->len; i++)
    {
      MpResourceRow *row = g_ptr_array_index (self->resource_rows, i);
      MpResource *resource = mp_resource_row_get_resource (row);
      GtkSpinButton *spin = mp_resource_row_get_spin (row);
      const char *mpn = mp_resource_get_mpn (resource);

      if (mp_spin_range_get_valid (spin) &&
          mp_order_draft_get_quantity (draft, mpn) != mp_spin_range_get_value (spin))
        mp_order_draft_set_quantity (draft, mpn, mp_spin_range_get_value (spin));
    }
}

static void
period_selected_cb (MpStorefrontPage *self)
{
  update_prices (self);
  sync_purchase (self);
}

/* Add to Cart only with every amount within its range. */
static void
update_add_to_cart (MpStorefrontPage *self)
{
  gboolean valid = self->plan != NULL;

  for (guint i = 0; i < self->resource_rows->len && valid; i++)
    valid = mp_spin_range_get_valid (mp_resource_row_get_spin (g_ptr_array_index (self->resource_rows, i)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.add-to-cart", valid);
}

static void
spin_changed_cb (MpStorefrontPage *self)
{
  update_add_to_cart (self);
  sync_purchase (self);
  update_total (self);
}

static void
show_plan (MpStorefrontPage *self)
{
  GListModel *periods = mp_plan_get_periods (self->plan);
  GListModel *resources = mp_plan_get_resources (self->plan);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (periods); i++)
    {
      g_autoptr(MpPeriod) period = g_list_model_get_item (periods, i);
      g_autofree char *text = mp_page_format_period (period);

      gtk_string_list_append (names, text);
    }
  adw_combo_row_set_model (self->period_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->period_row, 0);

  clear_rows (self->resources_group, self->resource_rows);
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) resource = g_list_model_get_item (resources, i);
      GtkWidget *spin = gtk_spin_button_new_with_range (0, 1, 1);
      GtkWidget *row = mp_resource_row_new (resource, GTK_SPIN_BUTTON (spin));
      gint64 min = mp_resource_get_minimum (resource);
      gint64 max = mp_resource_get_maximum (resource);
      GtkWidget *message;
      g_autofree char *title = mp_resource_get_resource_category_name (resource) != NULL
                               ? g_strdup_printf ("%s", mp_resource_get_name (resource))
                               : g_strdup (mp_resource_get_name (resource));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      mp_spin_range_setup (GTK_SPIN_BUTTON (spin), min, max);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), (double) min);
      /* As the user types: out of range, what is allowed, beside it. */
      message = mp_spin_range_new_message (GTK_SPIN_BUTTON (spin));
      gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
      gtk_widget_set_name (spin, mp_resource_get_mpn (resource));
      gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      mp_resource_get_name (resource), -1);
      g_signal_connect_object (spin, "changed", G_CALLBACK (spin_changed_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), message);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), spin);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), spin);
      /* Keep the explicit name: the row's title label would be read after it. */
      gtk_accessible_reset_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
      adw_preferences_group_add (self->resources_group, row);
      g_ptr_array_add (self->resource_rows, row);
    }
  update_prices (self);

  /* The running total: a draft of the plan as chosen, estimated. */
  {
    g_autoptr(MpOrderDraft) draft = mp_order_draft_new ();

    mp_order_draft_set_plan (draft, self->plan);
    g_clear_object (&self->purchase);
    self->purchase = mp_purchase_new (self->client, draft);
    g_signal_connect_object (self->purchase, "notify::state", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
    g_signal_connect_object (self->purchase, "notify::due-now", G_CALLBACK (update_total), self, G_CONNECT_SWAPPED);
    sync_purchase (self);
    update_total (self);
  }
  gtk_widget_set_visible (GTK_WIDGET (self->options_box), TRUE);
  update_add_to_cart (self);
}

static void
plan_loaded_cb (gpointer      user_data,
                MpPlan       *plan,
                const GError *error)
{
  MpStorefrontPage *self = MP_STOREFRONT_PAGE (user_data);

  if (plan == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }
  g_set_object (&self->plan, plan);
  show_plan (self);
}

static void
select_plan (MpStorefrontPage *self,
             const char       *plan_id)
{
  for (guint i = 0; i < self->plan_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->plan_rows, i);
      GtkWidget *button = g_ptr_array_index (self->plan_buttons, i);
      gboolean chosen = g_strcmp0 (g_ptr_array_index (self->plan_ids, i), plan_id) == 0;
      g_autofree char *name = NULL;

      gtk_button_set_label (GTK_BUTTON (button), chosen ? _("Selected") : _("_Select"));
      /* Translators: the accessible names of a plan's button; %s is the plan's name. */
      name = g_strdup_printf (chosen ? _("Selected: “%s”") : _("Select “%s”"),
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
      if (chosen)
        gtk_widget_add_css_class (button, "suggested-action");
      else
        gtk_widget_remove_css_class (button, "suggested-action");
    }
  g_cancellable_cancel (self->plan_cancellable);
  g_clear_object (&self->plan_cancellable);
  self->plan_cancellable = g_cancellable_new ();
  g_clear_object (&self->plan);
  g_clear_object (&self->purchase);
  update_total (self);
  gtk_widget_set_visible (GTK_WIDGET (self->options_box), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.add-to-cart", FALSE);
  mp_page_get_plan (self->client, plan_id, self->plan_cancellable, plan_loaded_cb, self, NULL);
}

static void
select_clicked_cb (GtkButton        *button,
                   MpStorefrontPage *self)
{
  guint i;

  if (g_ptr_array_find (self->plan_buttons, button, &i))
    select_plan (self, g_ptr_array_index (self->plan_ids, i));
}

static void
line_plans_loaded_cb (MpStorefrontPage *self)
{
  GListModel *list = G_LIST_MODEL (self->line_plans);

  if (mp_paged_list_get_loading (self->line_plans))
    return;
  clear_plans (self);
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      g_autoptr(MpPlan) plan = g_list_model_get_item (list, i);
      const char *line = product_line_of (plan);
      GtkWidget *row;
      GtkWidget *button;
      g_autofree char *subtitle = NULL;
      g_autofree char *label = NULL;

      if (g_strcmp0 (line, self->product_line) != 0)
        continue;
      row = adw_action_row_new ();
      subtitle = g_strdup_printf ("%s · %s", audience_label (mp_plan_get_audience (plan)),
                                  mp_plan_get_short_description (plan) != NULL ? mp_plan_get_short_description (plan) : "");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_plan_get_name (plan));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
      button = gtk_button_new_with_mnemonic (_("_Select"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      /* Translators: %s is a plan's name. */
      label = g_strdup_printf (_("Select “%s”"), mp_plan_get_name (plan));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
      g_signal_connect (button, "clicked", G_CALLBACK (select_clicked_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_widget_set_name (row, mp_plan_get_id (plan));
      adw_preferences_group_add (self->plans_group, row);
      g_ptr_array_add (self->plan_rows, row);
      g_ptr_array_add (self->plan_buttons, button);
      g_ptr_array_add (self->plan_ids, g_strdup (mp_plan_get_id (plan)));
    }

  /* One plan: nothing to choose between. */
  if (self->plan_rows->len == 1)
    select_plan (self, g_ptr_array_index (self->plan_ids, 0));
}

/* A product (product line) may have plans in several categories: the
 * IDSync plan for resellers sits in Cloud Management Services, the one for
 * customers in Cloud Enablement Services. The product page shows them all:
 * the vendor's plans (server-side search), kept to the product line.
 */
static void
show_product (MpStorefrontPage *self,
              const char       *product_line,
              const char       *title,
              const char       *vendor)
{
  g_free (self->product_line);
  self->product_line = g_strdup (product_line);
  clear_plans (self);
  g_clear_object (&self->plan);
  g_clear_object (&self->purchase);
  update_total (self);
  gtk_widget_set_visible (GTK_WIDGET (self->options_box), FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.add-to-cart", FALSE);
  gtk_label_set_text (self->product_title, title);
  gtk_label_set_text (self->product_subtitle, vendor != NULL ? vendor : "");
  gtk_stack_set_visible_child_name (self->content_stack, "product");

  if (self->line_plans != NULL)
    {
      mp_paged_list_cancel (self->line_plans);
      g_signal_handlers_disconnect_by_data (self->line_plans, self);
    }
  g_clear_object (&self->line_plans);
  self->line_plans = mp_client_list_plans (self->client, NULL, MP_AUDIENCE_ANY, vendor);
  g_signal_connect_object (self->line_plans, "notify::loading", G_CALLBACK (line_plans_loaded_cb), self, G_CONNECT_SWAPPED);
  line_plans_loaded_cb (self);
}

static void
product_activated_cb (MpStorefrontPage *self,
                      guint             position)
{
  g_autoptr(MpPlanItem) item = g_list_model_get_item (G_LIST_MODEL (self->products), position);
  MpPlan *plan;

  if (item == NULL)
    return;
  plan = mp_plan_item_get_plan (item);
  show_product (self, product_line_of (plan), product_name_of (plan), mp_plan_get_vendor (plan));
}

static void
products_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  show_products (MP_STOREFRONT_PAGE (widget));
}

static void
view_cart_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MpStorefrontPage *self = MP_STOREFRONT_PAGE (widget);
  GtkWidget *window = mp_cart_window_new (self->session, self->cart);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}

static void
add_to_cart_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  MpStorefrontPage *self = MP_STOREFRONT_PAGE (widget);
  g_autoptr(MpPeriod) period = NULL;
  g_autoptr(MpCartLine) line = NULL;
  AdwToast *toast;

  if (self->plan == NULL)
    return;
  period = g_list_model_get_item (mp_plan_get_periods (self->plan), adw_combo_row_get_selected (self->period_row));
  line = mp_cart_line_new (mp_plan_get_id (self->plan), mp_plan_get_name (self->plan), period);
  for (guint i = 0; i < self->resource_rows->len; i++)
    {
      MpResourceRow *row = g_ptr_array_index (self->resource_rows, i);
      MpResource *resource = mp_resource_row_get_resource (row);
      GtkSpinButton *spin = mp_resource_row_get_spin (row);

      /* As typed, Enter pressed or not. */
      mp_cart_line_set_quantity (line, mp_resource_get_mpn (resource), mp_spin_range_get_value (spin));
    }
  mp_cart_add_line (self->cart, line);

  /* Translators: %s is a plan's name. */
  toast = adw_toast_new_format (_("“%s” added to the cart"), mp_plan_get_name (self->plan));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  /* The header bar's cart is the signed-in marketplace's; another
   * region's cart opens from here, with that region's session.
   */
  adw_toast_set_button_label (toast, _("_View Cart"));
  adw_toast_set_action_name (toast, "store.view-cart");
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Regions */

/* Shows the region of SESSION. The one shown before stays open. */
static void
set_session (MpStorefrontPage *self,
             MpSession        *session)
{
  if (self->session == session)
    return;
  if (self->session != NULL)
    g_signal_handlers_disconnect_by_func (self->session, session_changed_cb, self);
  g_set_object (&self->session, session);
  g_signal_connect_object (session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  g_set_object (&self->client, mp_session_get_client (session));
  g_set_object (&self->cart, mp_cart_get_for_client (self->client));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MARKETPLACE]);
  update_currency (self);
  load_catalogue (self);
}

static void
select_current_region (MpStorefrontPage *self)
{
  self->filling = TRUE;
  for (guint i = 0; self->marketplaces != NULL && i < g_list_model_get_n_items (self->marketplaces); i++)
    {
      g_autoptr(MpMarketplace) m = g_list_model_get_item (self->marketplaces, i);

      if (g_ascii_strcasecmp (mp_marketplace_get_code (m), mp_client_get_marketplace (self->client)) == 0)
        gtk_drop_down_set_selected (self->region_dropdown, i);
    }
  self->filling = FALSE;
}

static void ask_credentials (MpStorefrontPage *self);

static void
region_open_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) session = NULL;
  MpStorefrontPage *self;

  session = mp_session_registry_open_finish (MP_SESSION_REGISTRY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MP_STOREFRONT_PAGE (user_data);
  self->switching = FALSE;
  if (session != NULL)
    {
      g_clear_object (&self->opening);
      set_session (self, session);
      return;
    }

  /* The login could not be reused (none to reuse, or that marketplace
   * refused it): the user signs in there once.
   */
  if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED) && !self->asked)
    {
      ask_credentials (self);
      return;
    }

  g_clear_object (&self->opening);

  {
    /* Translators: %s is the server's message. */
    g_autofree char *text = g_strdup_printf (_("Could not sign in to that marketplace: %s"), error->message);

    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
  }
  select_current_region (self);
  show_products (self);
}

/* Shows MARKETPLACE, with the session the registry has or opens for it.
 * PASSWORD and SUBSCRIPTION_KEY, when the user just typed them, go
 * straight to the registry.
 */
static void
switch_region (MpStorefrontPage *self,
               MpMarketplace    *marketplace,
               const char       *password,
               const char       *subscription_key)
{
  MpSession *session = mp_session_registry_lookup (self->sessions, mp_marketplace_get_code (marketplace));

  if (session != NULL)
    {
      set_session (self, session);
      return;
    }
  self->switching = TRUE;
  self->asked = password != NULL;
  g_set_object (&self->opening, marketplace);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");
  mp_session_registry_open_async (self->sessions, marketplace, password, subscription_key,
                                  self->cancellable, region_open_cb, self);
}

static void
credentials_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         MpStorefrontPage *self)
{
  g_autoptr(MpMarketplace) marketplace = g_steal_pointer (&self->opening);
  /* Alive until the response is over. */
  GtkEditable *password = self->password_entry;
  GtkEditable *key = self->key_entry;

  g_clear_weak_pointer (&self->password_entry);
  g_clear_weak_pointer (&self->key_entry);

  /* The dialog closes next: a GtkPasswordEntry of GTK 4.8 that still has
   * the focus then is notified after it is gone (invalid cast, use after
   * free), as after Enter in the key's entry.
   */
  gtk_window_set_focus (GTK_WINDOW (dialog), NULL);
  if (g_strcmp0 (response, "sign-in") != 0 || marketplace == NULL || password == NULL || key == NULL)
    {
      select_current_region (self);
      show_products (self);
      return;
    }
  switch_region (self, marketplace, gtk_editable_get_text (password), gtk_editable_get_text (key));
}

/* Asks for the password and subscription key of the region being opened
 * ("opening"). The entries are the dialog's: the page reads them once,
 * when the user answers, and hands the text on.
 */
static void
ask_credentials (MpStorefrontPage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *label = mp_store_marketplace_label (self->opening);
  GtkWidget *dialog;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *password = gtk_password_entry_new ();
  GtkWidget *key = gtk_password_entry_new ();

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Sign In to Another Marketplace"), NULL);
  /* Translators: %s is a marketplace, "🇬🇧 United Kingdom · GBP". */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog), _("Your password and subscription key for %s."), label);
  gtk_password_entry_set_show_peek_icon (GTK_PASSWORD_ENTRY (password), TRUE);
  g_object_set (password, "placeholder-text", _("Password"), "activates-default", TRUE, NULL);
  g_object_set (key, "placeholder-text", _("Subscription Key"), "activates-default", TRUE, NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (password), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Password"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (key), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Subscription Key"), -1);
  gtk_box_append (GTK_BOX (box), password);
  gtk_box_append (GTK_BOX (box), key);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), box);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "sign-in", _("_Sign In"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "sign-in", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "sign-in");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  self->password_entry = GTK_EDITABLE (password);
  self->key_entry = GTK_EDITABLE (key);
  g_object_add_weak_pointer (G_OBJECT (password), (gpointer *) &self->password_entry);
  g_object_add_weak_pointer (G_OBJECT (key), (gpointer *) &self->key_entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (credentials_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
region_selected_cb (MpStorefrontPage *self)
{
  guint selected = gtk_drop_down_get_selected (self->region_dropdown);
  g_autoptr(MpMarketplace) marketplace = NULL;

  if (self->filling || self->marketplaces == NULL || self->switching)
    return;
  marketplace = g_list_model_get_item (self->marketplaces, selected);
  if (marketplace == NULL ||
      g_ascii_strcasecmp (mp_marketplace_get_code (marketplace), mp_client_get_marketplace (self->client)) == 0)
    return;
  switch_region (self, marketplace, NULL, NULL);
}

static void
marketplaces_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MpStorefrontPage *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) marketplaces = mp_client_list_marketplaces_finish (result, &error);
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MP_STOREFRONT_PAGE (user_data);
  if (marketplaces == NULL)
    {
      /* A marketplace without the extension: only the one signed in to. */
      gtk_string_list_append (labels, mp_client_get_marketplace (self->client));
      gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (labels));
      gtk_widget_set_sensitive (GTK_WIDGET (self->region_dropdown), FALSE);
      return;
    }
  self->marketplaces = g_steal_pointer (&marketplaces);
  for (guint i = 0; i < g_list_model_get_n_items (self->marketplaces); i++)
    {
      g_autoptr(MpMarketplace) m = g_list_model_get_item (self->marketplaces, i);
      g_autofree char *label = mp_store_marketplace_label (m);

      gtk_string_list_append (labels, label);
    }
  self->filling = TRUE;
  gtk_drop_down_set_model (self->region_dropdown, G_LIST_MODEL (labels));
  self->filling = FALSE;
  select_current_region (self);
  update_currency (self);
}

static char *
root_url (const char *base_url)
{
  const char *cut = g_strrstr (base_url, "/marketplace/");

  return cut != NULL ? g_strndup (base_url, cut - base_url) : g_strdup (base_url);
}

static void
load_catalogue (MpStorefrontPage *self)
{
  if (self->categories != NULL)
    {
      mp_paged_list_cancel (self->categories);
      g_signal_handlers_disconnect_by_data (self->categories, self);
    }
  g_clear_object (&self->categories);
  if (self->plans != NULL)
    {
      mp_paged_list_cancel (self->plans);
      g_signal_handlers_disconnect_by_data (self->plans, self);
    }
  g_clear_object (&self->plans);
  clear_products (self);
  gtk_stack_set_visible_child_name (self->content_stack, "loading");

  self->categories = mp_client_list_categories (self->client);
  g_signal_connect_object (self->categories, "notify::loading", G_CALLBACK (categories_loaded_cb), self, G_CONNECT_SWAPPED);
  categories_loaded_cb (self);
}

static void
mp_storefront_page_dispose (GObject *object)
{
  MpStorefrontPage *self = MP_STOREFRONT_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->plan_cancellable);
  g_clear_object (&self->plan_cancellable);
  if (self->categories != NULL)
    mp_paged_list_cancel (self->categories);
  if (self->plans != NULL)
    mp_paged_list_cancel (self->plans);
  if (self->line_plans != NULL)
    mp_paged_list_cancel (self->line_plans);

  /* AdwBin unparents the template's child itself; disposing the template
   * children first makes libadwaita 1.2's combo row unparent twice.
   */

  g_clear_object (&self->categories);
  g_clear_object (&self->plans);
  g_clear_object (&self->line_plans);
  g_clear_object (&self->plan);
  g_clear_object (&self->purchase);
  g_clear_object (&self->marketplaces);
  g_clear_object (&self->cart);
  g_clear_object (&self->opening);
  g_clear_weak_pointer (&self->password_entry);
  g_clear_weak_pointer (&self->key_entry);
  /* The sessions are the registry's: they go on following their orders. */
  g_clear_object (&self->client);
  g_clear_object (&self->session);
  g_clear_object (&self->sessions);
  g_clear_pointer (&self->plan_rows, g_ptr_array_unref);
  g_clear_pointer (&self->resource_rows, g_ptr_array_unref);
  g_clear_pointer (&self->plan_buttons, g_ptr_array_unref);
  g_clear_pointer (&self->plan_ids, g_ptr_array_unref);
  if (self->products_list != NULL)
    gtk_list_view_set_model (self->products_list, NULL);
  g_clear_object (&self->products);
  g_clear_pointer (&self->product_line, g_free);
  g_clear_pointer (&self->category_id, g_free);

  G_OBJECT_CLASS (mp_storefront_page_parent_class)->dispose (object);
}

static void
mp_storefront_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  MpStorefrontPage *self = MP_STOREFRONT_PAGE (object);

  switch (prop_id)
    {
    case PROP_MARKETPLACE:
      g_value_set_string (value, self->client != NULL ? mp_client_get_marketplace (self->client) : NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_storefront_page_class_init (MpStorefrontPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_storefront_page_dispose;
  object_class->get_property = mp_storefront_page_get_property;

  /* The marketplace code shown (notified on a region switch). */
  properties[PROP_MARKETPLACE] =
    g_param_spec_string ("marketplace", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MP_TYPE_ERROR_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/store/mp-storefront-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, region_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, currency_label);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, category_list);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, search_entry);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, content_stack);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, products_group);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, products_list);
  gtk_widget_class_bind_template_callback (widget_class, product_activated_cb);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, product_title);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, product_subtitle);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, plans_group);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, options_box);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, resources_group);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, total_label);
  gtk_widget_class_bind_template_child (widget_class, MpStorefrontPage, add_button);
  gtk_widget_class_bind_template_callback (widget_class, region_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, category_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_selected_cb);

  gtk_widget_class_install_action (widget_class, "store.products", NULL, products_action);
  gtk_widget_class_install_action (widget_class, "store.add-to-cart", NULL, add_to_cart_action);
  gtk_widget_class_install_action (widget_class, "store.view-cart", NULL, view_cart_action);
}

static void
mp_storefront_page_init (MpStorefrontPage *self)
{
  mp_store_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Ctrl+F and typing on the page search the catalogue; Down goes to the
   * first product.
   */
  mp_a11y_setup_search (self->search_entry, GTK_WIDGET (self), GTK_WIDGET (self->products_list));
  {
    g_autoptr(GtkListItemFactory) factory = mp_product_row_factory_new (MP_PRODUCT_ROW_LINK);

    self->products = g_list_store_new (MP_TYPE_PLAN_ITEM);
    gtk_list_view_set_factory (self->products_list, factory);
    gtk_list_view_set_model (self->products_list,
                             GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->products)))));
  }
  /* The "_Marketplace" label labels the drop-down too: one name, not two. */
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (self->region_dropdown), GTK_ACCESSIBLE_RELATION_LABELLED_BY);

  /* Tab crosses the categories in one step: to the products, back to the search. */
  mp_a11y_tab_leaves_list (self->category_list, GTK_WIDGET (self->search_entry),
                           GTK_WIDGET (self->content_stack));

  self->plan_rows = g_ptr_array_new ();
  self->resource_rows = g_ptr_array_new ();
  self->plan_buttons = g_ptr_array_new ();
  self->plan_ids = g_ptr_array_new_with_free_func (g_free);
  self->cancellable = g_cancellable_new ();
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "store.add-to-cart", FALSE);
}

/* The marketplace answers again: what could not be loaded comes back. */
static void
session_changed_cb (MpStorefrontPage *self)
{
  if (self->categories != NULL && mp_paged_list_get_error (self->categories) != NULL)
    mp_paged_list_reload (self->categories);
  if (self->plans != NULL && mp_paged_list_get_error (self->plans) != NULL)
    mp_paged_list_reload (self->plans);
}

/* The storefront of the signed-in login of SESSIONS: its main session's
 * marketplace first, the other regions through SESSIONS.
 */
GtkWidget *
mp_storefront_page_new (MpSessionRegistry *sessions)
{
  MpStorefrontPage *self;
  g_autofree char *root = NULL;

  g_return_val_if_fail (MP_IS_SESSION_REGISTRY (sessions), NULL);
  g_return_val_if_fail (mp_session_registry_get_main (sessions) != NULL, NULL);

  self = g_object_new (MP_TYPE_STOREFRONT_PAGE, NULL);
  self->sessions = g_object_ref (sessions);
  set_session (self, mp_session_registry_get_main (sessions));

  root = root_url (mp_client_get_base_url (self->client));
  mp_client_list_marketplaces_async (root, self->cancellable, marketplaces_cb, self);
  return GTK_WIDGET (self);
}

GtkWidget *
mp_storefront_page_get_select_button (MpStorefrontPage *self,
                                      const char       *plan_id)
{
  g_return_val_if_fail (MP_IS_STOREFRONT_PAGE (self), NULL);
  g_return_val_if_fail (plan_id != NULL, NULL);

  for (guint i = 0; i < self->plan_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->plan_ids, i), plan_id))
      return g_ptr_array_index (self->plan_buttons, i);
  return NULL;
}
