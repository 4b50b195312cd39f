/* mp-cart-window.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-cart-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-cart-line-row.h"
#include "mp-cart-order-row.h"
#include "mp-cart-window.h"
#include "mp-error-box.h"
#include "mp-estimate-view.h"
#include "mp-page-util.h"
#include "mp-spin-range.h"
#include "mp-store-util.h"
#include "mp-terms-step.h"

/* The cart (flow 1): its lines, each editable (buyer, period, amounts)
 * and removable, each with its price, and a subtotal per currency;
 * "Continue Shopping" or "Check Out". Every line is an MpPurchase as soon
 * as its plan is known: the purchase estimates it (debounced, the last
 * change wins) and the cart and check-out pages only show what it says.
 * Check-out asks for the terms of each plan with the purchase wizard's own
 * terms step (the prices do not wait for them), then places the orders one
 * after the other. Each purchase has one Idempotency-Key, kept with its
 * cart line, so placing again (after a failure, a lost answer or a
 * restart) never orders a line twice. A placement is never cancelled by
 * the window: closing it only stops the lines not yet sent; the purchase
 * on its way hands its order to the session and takes its line out of the
 * cart when it is placed, window or not.
 */
struct _MpCartWindow
{
  AdwWindow       parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkButton      *back_button;
  MpErrorBox     *error_box;
  GtkStack       *stack;
  GtkStack       *cart_stack;
  GtkListBox     *lines_list;
  GtkBox         *checkout_box;
  AdwPreferencesGroup *orders_group;
  GtkActionBar   *action_bar;
  GtkLabel       *total_label;
  GtkButton      *primary_button;
  GtkButton      *continue_button;

  /* Owned References */
  MpSession      *session;
  MpCart         *cart;
  MpPagedList    *customers;
  GHashTable     *plans;          /* plan id -> MpPlan (detailed) */
  GHashTable     *plans_pending;  /* plan id -> TRUE */
  GHashTable     *purchases;      /* MpCartLine -> MpPurchase */
  GListStore     *drafts;         /* MpOrderDraft of each checkout line */
  GPtrArray      *checkout_lines; /* MpCartLine at check-out, in cart order */
  GPtrArray      *draft_errors;   /* MpErrorBox of each checkout line, for placement (borrowed widgets) */
  GListStore     *orders;
  GCancellable   *cancellable;
  gboolean        placing;
  guint           next_to_place;
};

G_DEFINE_FINAL_TYPE (MpCartWindow, mp_cart_window, ADW_TYPE_WINDOW)

static void update_actions (MpCartWindow *self);
static void rebuild_lines (MpCartWindow *self);

static char *
buyer_text (MpCartLine *line)
{
  if (mp_cart_line_get_customer_id (line) == NULL)
    return g_strdup (_("Myself"));
  return g_strdup (mp_cart_line_get_customer_name (line) != NULL ? mp_cart_line_get_customer_name (line)
                                                                 : mp_cart_line_get_customer_id (line));
}

static char *
line_subtitle (MpCartLine *line)
{
  g_autoptr(MpPeriod) period = mp_cart_line_dup_period (line);
  g_autofree char *period_text = period != NULL ? mp_page_format_period (period) : g_strdup ("");
  g_autofree char *buyer = buyer_text (line);

  /* Translators: a cart line's period and buyer: "1 Month · For: Acme". */
  return g_strdup_printf (_("%s · For: %s"), period_text, buyer);
}

/* The purchase of each line */

/* Who is told of a placed order, whether the window is still open or not:
 * the session follows the order, and the line leaves the cart.
 */
typedef struct
{
  MpSession  *session;
  MpCart     *cart;
  MpCartLine *line;
} PlacedData;

static void
placed_data_free (gpointer  data,
                  GClosure *closure)
{
  PlacedData *placed = data;

  g_object_unref (placed->session);
  g_object_unref (placed->cart);
  g_object_unref (placed->line);
  g_free (placed);
}

static void
purchase_placed_cb (MpPurchase *purchase,
                    MpOrder    *order,
                    PlacedData *placed)
{
  mp_session_track_order (placed->session, order);
  mp_cart_remove_line (placed->cart, placed->line);
}

/* The draft says what the line says: buyer, period (the plan's first when
 * the line's is not offered) and the amounts of the plan's resources.
 */
static void
sync_draft (MpPurchase *purchase,
            MpCartLine *line)
{
  MpOrderDraft *draft = mp_purchase_get_draft (purchase);
  MpPlan *plan = mp_order_draft_get_plan (draft);
  g_autoptr(MpPeriod) wanted = mp_cart_line_dup_period (line);
  g_auto(GStrv) mpns = mp_cart_line_dup_mpns (line);
  GListModel *periods = mp_plan_get_periods (plan);
  MpPeriod *chosen = NULL;

  mp_order_draft_set_customer_id (draft, mp_cart_line_get_customer_id (line));
  for (guint j = 0; j < g_list_model_get_n_items (periods); j++)
    {
      g_autoptr(MpPeriod) period = g_list_model_get_item (periods, j);

      if (j == 0 || (wanted != NULL && mp_period_equal (period, wanted)))
        g_set_object (&chosen, period);
    }
  if (chosen != NULL && (mp_order_draft_get_period (draft) == NULL ||
                         !mp_period_equal (mp_order_draft_get_period (draft), chosen)))
    mp_order_draft_set_period (draft, chosen);
  g_clear_object (&chosen);
  for (guint j = 0; mpns[j] != NULL; j++)
    if (mp_plan_find_resource (plan, mpns[j]) != NULL &&
        mp_order_draft_get_quantity (draft, mpns[j]) != mp_cart_line_get_quantity (line, mpns[j]))
      mp_order_draft_set_quantity (draft, mpns[j], mp_cart_line_get_quantity (line, mpns[j]));
}

static void
line_sync_cb (MpPurchase *purchase,
              MpCartLine *line)
{
  if (mp_purchase_get_order (purchase) == NULL && !mp_purchase_get_placing (purchase))
    sync_draft (purchase, line);
}

static void purchase_changed_cb (MpCartWindow *self);

/* Each line whose plan is loaded gets its purchase, once: with the key
 * stored on the line (a line checked out before), or a new key that is
 * stored on it.
 */
static void
ensure_purchases (MpCartWindow *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->cart)); i++)
    {
      g_autoptr(MpCartLine) line = g_list_model_get_item (G_LIST_MODEL (self->cart), i);
      MpPlan *plan = g_hash_table_lookup (self->plans, mp_cart_line_get_plan_id (line));
      MpClient *client = mp_session_get_client (self->session);
      const char *key = mp_cart_line_get_idempotency_key (line);
      g_autoptr(MpOrderDraft) draft = NULL;
      MpPurchase *purchase;
      PlacedData *placed;

      if (plan == NULL || g_hash_table_contains (self->purchases, line))
        continue;
      draft = mp_order_draft_new ();
      mp_order_draft_set_plan (draft, plan);
      purchase = key != NULL ? mp_purchase_new_with_key (client, draft, key) : mp_purchase_new (client, draft);
      if (key == NULL)
        mp_cart_line_set_idempotency_key (line, mp_purchase_get_idempotency_key (purchase));
      sync_draft (purchase, line);
      g_hash_table_insert (self->purchases, g_object_ref (line), purchase);
      /* The session follows and journals it like every other purchase. */
      mp_session_track_purchase (self->session, purchase);

      placed = g_new0 (PlacedData, 1);
      placed->session = g_object_ref (self->session);
      placed->cart = g_object_ref (self->cart);
      placed->line = g_object_ref (line);
      g_signal_connect_data (purchase, "placed", G_CALLBACK (purchase_placed_cb), placed, placed_data_free, 0);
      g_signal_connect_object (line, "changed", G_CALLBACK (line_sync_cb), purchase, G_CONNECT_SWAPPED);
      g_signal_connect_object (purchase, "notify::state", G_CALLBACK (purchase_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (purchase, "notify::due-now", G_CALLBACK (purchase_changed_cb), self, G_CONNECT_SWAPPED);
    }
}

static void
price_label_update (GtkLabel   *label,
                    GParamSpec *pspec,
                    MpPurchase *purchase)
{
  g_autofree char *text = mp_store_purchase_price (purchase);
  const GError *error = mp_purchase_get_error (purchase);

  gtk_label_set_text (label, text);
  if (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_IDLE)
    gtk_widget_set_tooltip_text (GTK_WIDGET (label), mp_order_draft_get_reason (mp_purchase_get_draft (purchase)));
  else
    gtk_widget_set_tooltip_text (GTK_WIDGET (label), error != NULL ? error->message : NULL);
}

/* A label that shows the price of @purchase for as long as the label
 * lives: the purchase's notifications go to it, never after it is gone.
 */
static GtkWidget *
price_label_new (MpPurchase *purchase)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_name (label, "price");
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Price"), -1);
  g_signal_connect_object (purchase, "notify::state", G_CALLBACK (price_label_update), label, G_CONNECT_SWAPPED);
  g_signal_connect_object (purchase, "notify::due-now", G_CALLBACK (price_label_update), label, G_CONNECT_SWAPPED);
  price_label_update (GTK_LABEL (label), NULL, purchase);
  return label;
}

/* The sums of the due-now figures of the purchases of @lines not placed
 * yet, one per currency (never a sum of two currencies); NULL while one
 * has no estimate.
 */
static GArray *
due_now_sums (MpCartWindow *self,
              GPtrArray    *lines)
{
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (MpMoney));

  for (guint i = 0; i < lines->len; i++)
    {
      MpPurchase *purchase = g_hash_table_lookup (self->purchases, g_ptr_array_index (lines, i));
      const MpMoney *due;

      if (purchase == NULL)
        return NULL;
      if (mp_purchase_get_order (purchase) != NULL)
        continue;   /* placed already */
      if ((due = mp_purchase_get_due_now (purchase)) == NULL)
        return NULL;
      if (!mp_money_sums_add (sums, due, NULL))
        return NULL;
    }
  return sums->len > 0 ? g_steal_pointer (&sums) : NULL;
}

/* "Subtotal: $12.00", or one per currency: "Subtotal in USD: $12.00 ·
 * Subtotal in GBP: £5.00"; "Total: ..." at check-out.
 */
static char *
sums_text (GArray   *sums,
           gboolean  total)
{
  GString *text = g_string_new (NULL);

  for (guint j = 0; j < sums->len; j++)
    {
      MpMoney *sum = &g_array_index (sums, MpMoney, j);
      g_autofree char *money = mp_money_format (sum);

      if (j > 0)
        g_string_append (text, " · ");
      if (sums->len == 1)
        /* Translators: the sum of the prices of the cart's lines (check-out: of its orders). */
        g_string_append_printf (text, total ? _("Total: %s") : _("Subtotal: %s"), money);
      else
        /* Translators: one sum per currency, "Subtotal in USD: $12.00". */
        g_string_append_printf (text, total ? _("Total in %s: %s") : _("Subtotal in %s: %s"),
                                sum->currency, money);
    }
  return g_string_free (text, FALSE);
}

/* Fetching the plans of the lines */

static void
plan_loaded_cb (gpointer      user_data,
                MpPlan       *plan,
                const GError *error)
{
  MpCartWindow *self = MP_CART_WINDOW (user_data);

  if (plan == NULL)
    {
      mp_error_box_set_error (self->error_box, _("Could Not Load a Service Plan"), error);
      return;
    }
  g_hash_table_remove (self->plans_pending, mp_plan_get_id (plan));
  g_hash_table_insert (self->plans, g_strdup (mp_plan_get_id (plan)), g_object_ref (plan));
  ensure_purchases (self);
  rebuild_lines (self);
}

static void
fetch_plans (MpCartWindow *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->cart)); i++)
    {
      g_autoptr(MpCartLine) line = g_list_model_get_item (G_LIST_MODEL (self->cart), i);
      const char *plan_id = mp_cart_line_get_plan_id (line);

      if (g_hash_table_contains (self->plans, plan_id) || g_hash_table_contains (self->plans_pending, plan_id))
        continue;
      g_hash_table_add (self->plans_pending, g_strdup (plan_id));
      mp_page_get_plan (mp_session_get_client (self->session), plan_id, self->cancellable,
                        plan_loaded_cb, self, NULL);
    }
}

/* The cart page */

static void
remove_clicked_cb (GtkButton    *button,
                   MpCartWindow *self)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), MP_TYPE_CART_LINE_ROW);

  mp_cart_remove_line (self->cart, mp_cart_line_row_get_line (MP_CART_LINE_ROW (row)));
}

static void
buyer_selected_cb (AdwComboRow  *row,
                   GParamSpec   *pspec,
                   MpCartWindow *self)
{
  GtkWidget *line_row = gtk_widget_get_ancestor (GTK_WIDGET (row), MP_TYPE_CART_LINE_ROW);
  MpCartLine *line = mp_cart_line_row_get_line (MP_CART_LINE_ROW (line_row));
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(MpCustomer) customer = NULL;

  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    {
      mp_cart_line_set_customer (line, NULL, NULL);
      return;
    }
  customer = g_list_model_get_item (G_LIST_MODEL (self->customers), selected - 1);
  if (customer != NULL)
    mp_cart_line_set_customer (line, mp_customer_get_id (customer), mp_customer_get_name (customer));
}

static void
period_selected_cb (AdwComboRow   *row,
                    GParamSpec    *pspec,
                    MpCartLineRow *line_row)
{
  MpPlan *plan = mp_cart_line_row_get_plan (line_row);
  g_autoptr(MpPeriod) period = g_list_model_get_item (mp_plan_get_periods (plan), adw_combo_row_get_selected (row));

  if (period != NULL)
    mp_cart_line_set_period (mp_cart_line_row_get_line (line_row), period);
}

/* Also as the user types; an amount out of range stays out of the cart. */
static void
quantity_changed_cb (GtkSpinButton *spin,
                     MpCartLineRow *line_row)
{
  if (mp_spin_range_get_valid (spin))
    mp_cart_line_set_quantity (mp_cart_line_row_get_line (line_row), mp_cart_line_row_get_mpn (line_row, spin),
                               mp_spin_range_get_value (spin));
}

static void update_actions (MpCartWindow *self);

/* Out of range: no check-out. */
static void
quantity_text_cb (MpCartWindow *self)
{
  update_actions (self);
}

static void
line_changed_cb (AdwExpanderRow *row,
                 MpCartLine     *line)
{
  g_autofree char *subtitle = line_subtitle (line);

  adw_expander_row_set_subtitle (row, subtitle);
}

static GtkWidget *
create_line_row (MpCartWindow *self,
                 MpCartLine   *line)
{
  MpPlan *plan = g_hash_table_lookup (self->plans, mp_cart_line_get_plan_id (line));
  GtkWidget *row = mp_cart_line_row_new (line, plan);
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  g_autofree char *subtitle = line_subtitle (line);
  g_autofree char *remove_label = g_strdup_printf (_("Remove “%s”"), mp_cart_line_get_plan_name (line));
  MpPurchase *purchase = g_hash_table_lookup (self->purchases, line);
  GtkWidget *buyer = adw_combo_row_new ();
  g_autoptr(GtkStringList) buyers = gtk_string_list_new (NULL);
  guint selected = 0;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_cart_line_get_plan_name (line));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), subtitle);
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_set_name (remove, "remove");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, remove_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label, -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), self);
  if (purchase != NULL)
    {
      GtkWidget *price = price_label_new (purchase);

      gtk_widget_set_valign (price, GTK_ALIGN_CENTER);
      adw_expander_row_add_action (ADW_EXPANDER_ROW (row), price);
    }
  adw_expander_row_add_action (ADW_EXPANDER_ROW (row), remove);
  g_signal_connect_object (line, "changed", G_CALLBACK (line_changed_cb), row, G_CONNECT_SWAPPED);

  /* The buyer: the reseller itself or one of its customers. */
  gtk_string_list_append (buyers, _("Myself"));
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->customers)); i++)
    {
      g_autoptr(MpCustomer) customer = g_list_model_get_item (G_LIST_MODEL (self->customers), i);

      gtk_string_list_append (buyers, mp_customer_get_name (customer));
      if (g_strcmp0 (mp_customer_get_id (customer), mp_cart_line_get_customer_id (line)) == 0)
        selected = i + 1;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (buyer), _("Buyer"));
  gtk_widget_set_name (buyer, "buyer");
  adw_combo_row_set_model (ADW_COMBO_ROW (buyer), G_LIST_MODEL (buyers));
  adw_combo_row_set_selected (ADW_COMBO_ROW (buyer), selected);
  g_signal_connect_object (buyer, "notify::selected", G_CALLBACK (buyer_selected_cb), self, 0);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (row), buyer);

  if (plan != NULL)
    {
      GtkWidget *period_row = adw_combo_row_new ();
      g_autoptr(GtkStringList) periods = gtk_string_list_new (NULL);
      g_autoptr(MpPeriod) current = mp_cart_line_dup_period (line);
      GListModel *plan_periods = mp_plan_get_periods (plan);
      GListModel *resources = mp_plan_get_resources (plan);

      selected = 0;
      for (guint i = 0; i < g_list_model_get_n_items (plan_periods); i++)
        {
          g_autoptr(MpPeriod) period = g_list_model_get_item (plan_periods, i);
          g_autofree char *text = mp_page_format_period (period);

          gtk_string_list_append (periods, text);
          if (current != NULL && mp_period_equal (period, current))
            selected = i;
        }
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (period_row), _("Subscription Period"));
      gtk_widget_set_name (period_row, "period");
      adw_combo_row_set_model (ADW_COMBO_ROW (period_row), G_LIST_MODEL (periods));
      adw_combo_row_set_selected (ADW_COMBO_ROW (period_row), selected);
      g_signal_connect_object (period_row, "notify::selected", G_CALLBACK (period_selected_cb), row, 0);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), period_row);

      for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
        {
          g_autoptr(MpResource) resource = g_list_model_get_item (resources, i);
          GtkWidget *amount = adw_action_row_new ();
          gint64 min = mp_resource_get_minimum (resource);
          gint64 max = mp_resource_get_maximum (resource);
          gint64 value = mp_cart_line_get_quantity (line, mp_resource_get_mpn (resource));
          GtkWidget *spin = gtk_spin_button_new_with_range (0, 1, 1);
          g_autofree char *range = mp_spin_range_describe (min, max);
          /* Translators: the amounts allowed: "Allowed: 1–250". */
          g_autofree char *allowed = g_strdup_printf (_("Allowed: %s"), range);
          g_autofree char *amount_subtitle = mp_resource_get_resource_category_name (resource) != NULL
                                             ? g_strdup_printf ("%s · %s", mp_resource_get_resource_category_name (resource), allowed)
                                             : g_strdup (allowed);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (amount), mp_resource_get_name (resource));
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (amount), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (amount), amount_subtitle);
          mp_spin_range_setup (GTK_SPIN_BUTTON (spin), min, max);
          gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), (double) (value >= 0 ? value : min));
          gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
          gtk_widget_set_name (spin, mp_resource_get_mpn (resource));
          gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          mp_resource_get_name (resource), -1);
          mp_cart_line_row_add_amount (MP_CART_LINE_ROW (row), mp_resource_get_mpn (resource), GTK_SPIN_BUTTON (spin));
          g_signal_connect_object (spin, "value-changed", G_CALLBACK (quantity_changed_cb), row, 0);
          g_signal_connect_object (spin, "changed", G_CALLBACK (quantity_changed_cb), row, 0);
          g_signal_connect_object (spin, "changed", G_CALLBACK (quantity_text_cb), self, G_CONNECT_SWAPPED);
          /* Out of range: what is allowed, beside the amount. */
          adw_action_row_add_suffix (ADW_ACTION_ROW (amount), mp_spin_range_new_message (GTK_SPIN_BUTTON (spin)));
          adw_action_row_add_suffix (ADW_ACTION_ROW (amount), spin);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (amount), spin);
          /* Keep the explicit name: the row's title label would be read after it. */
          gtk_accessible_reset_relation (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (row), amount);
        }
    }
  return row;
}

static void
rebuild_lines (MpCartWindow *self)
{
  GtkWidget *w;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));

  while ((w = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list))) != NULL)
    gtk_list_box_remove (self->lines_list, w);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpCartLine) line = g_list_model_get_item (G_LIST_MODEL (self->cart), i);

      gtk_list_box_append (self->lines_list, create_line_row (self, line));
    }
  gtk_stack_set_visible_child_name (self->cart_stack, n > 0 ? "lines" : "empty");
  update_actions (self);
}

static void
cart_changed_cb (MpCartWindow *self)
{
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "cart") != 0)
    return;
  fetch_plans (self);
  ensure_purchases (self);
  rebuild_lines (self);
}

/* Check-out */

static gboolean
all_plans_loaded (MpCartWindow *self)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->cart)); i++)
    {
      g_autoptr(MpCartLine) line = g_list_model_get_item (G_LIST_MODEL (self->cart), i);

      if (!g_hash_table_contains (self->plans, mp_cart_line_get_plan_id (line)))
        return FALSE;
    }
  return TRUE;
}

/* Every amount typed in the cart's lines is within its range. */
static gboolean
amounts_valid (GtkWidget *root)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_SPIN_BUTTON (w) && !mp_spin_range_get_valid (GTK_SPIN_BUTTON (w)))
        return FALSE;
      if (!amounts_valid (w))
        return FALSE;
    }
  return TRUE;
}

/* The lines of the page shown: the cart's, or those checked out. */
static GPtrArray *
shown_lines (MpCartWindow *self)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_object_unref);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "cart") != 0)
    {
      for (guint i = 0; i < self->checkout_lines->len; i++)
        g_ptr_array_add (lines, g_object_ref (g_ptr_array_index (self->checkout_lines, i)));
      return lines;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->cart)); i++)
    g_ptr_array_add (lines, g_list_model_get_item (G_LIST_MODEL (self->cart), i));
  return lines;
}

/* Every checked-out line not placed yet is estimated and can be placed
 * (its terms are accepted).
 */
static gboolean
all_placeable (MpCartWindow *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->checkout_lines->len; i++)
    {
      MpPurchase *purchase = g_hash_table_lookup (self->purchases, g_ptr_array_index (self->checkout_lines, i));

      if (mp_purchase_get_order (purchase) != NULL)
        continue;
      if (mp_purchase_get_state (purchase) != MP_PURCHASE_STATE_READY ||
          !mp_order_draft_get_valid (mp_purchase_get_draft (purchase)))
        return FALSE;
      any = TRUE;
    }
  return any;
}

static gboolean
any_failed (MpCartWindow *self)
{
  for (guint i = 0; i < self->checkout_lines->len; i++)
    {
      MpPurchase *purchase = g_hash_table_lookup (self->purchases, g_ptr_array_index (self->checkout_lines, i));

      if (mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_FAILED)
        return TRUE;
    }
  return FALSE;
}

static void
update_actions (MpCartWindow *self)
{
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));
  gboolean cart = g_strcmp0 (page, "cart") == 0;
  gboolean checkout = g_strcmp0 (page, "checkout") == 0;
  g_autoptr(GPtrArray) lines = shown_lines (self);
  g_autoptr(GArray) sums = due_now_sums (self, lines);
  g_autofree char *sum_text = sums != NULL ? sums_text (sums, checkout) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cart.check-out",
                                 cart && n > 0 && all_plans_loaded (self) && amounts_valid (GTK_WIDGET (self->lines_list)));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cart.back", checkout && !self->placing);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "cart.place-orders",
                                 checkout && !self->placing && all_placeable (self));
  gtk_widget_set_visible (GTK_WIDGET (self->back_button), checkout);
  gtk_widget_set_visible (GTK_WIDGET (self->continue_button), !checkout);

  if (cart)
    {
      g_autofree char *count = g_strdup_printf (ngettext ("%u item", "%u items", n), n);
      /* Translators: the number of lines, then their subtotal: "3 items · Subtotal: $12.00". */
      g_autofree char *text = sum_text != NULL && amounts_valid (GTK_WIDGET (self->lines_list))
                              ? g_strdup_printf (C_("cart items and subtotal", "%s · %s"), count, sum_text) : NULL;

      gtk_label_set_text (self->total_label, n == 0 ? "" : text != NULL ? text : count);
      adw_window_title_set_subtitle (self->window_title, NULL);
      gtk_button_set_label (self->primary_button, _("_Check Out"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "cart.check-out");
      gtk_widget_set_visible (GTK_WIDGET (self->primary_button), TRUE);
    }
  else if (checkout)
    {
      /* The prices do not wait for the terms: only Place Orders does. */
      gtk_label_set_text (self->total_label, self->placing ? _("Placing orders…")
                                             : sum_text != NULL ? sum_text
                                             : any_failed (self) ? _("A price could not be estimated")
                                             : _("Estimating…"));
      adw_window_title_set_subtitle (self->window_title, _("Check Out"));
      gtk_button_set_label (self->primary_button, _("_Place Orders"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->primary_button), "cart.place-orders");
      gtk_widget_set_visible (GTK_WIDGET (self->primary_button), TRUE);
    }
  else
    {
      gtk_label_set_text (self->total_label, "");
      adw_window_title_set_subtitle (self->window_title, _("Provisioning"));
      gtk_widget_set_visible (GTK_WIDGET (self->primary_button), FALSE);
      gtk_button_set_label (self->continue_button, _("_Close"));
      gtk_widget_set_visible (GTK_WIDGET (self->continue_button), TRUE);
    }
}

static void
purchase_changed_cb (MpCartWindow *self)
{
  update_actions (self);
}

static void
clear_box (GtkBox *box)
{
  GtkWidget *w;

  while ((w = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_box_remove (box, w);
}

static void
check_out_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  MpCartWindow *self = MP_CART_WINDOW (widget);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));

  g_list_store_remove_all (self->drafts);
  g_ptr_array_set_size (self->checkout_lines, 0);
  g_ptr_array_set_size (self->draft_errors, 0);
  clear_box (self->checkout_box);
  mp_error_box_clear (self->error_box);
  ensure_purchases (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpCartLine) line = g_list_model_get_item (G_LIST_MODEL (self->cart), i);
      MpPurchase *purchase = g_hash_table_lookup (self->purchases, line);
      MpOrderDraft *draft = mp_purchase_get_draft (purchase);
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *error_box = mp_error_box_new ();
      g_autofree char *subtitle = line_subtitle (line);
      GtkWidget *terms;

      /* The purchase's estimate, as every purchase shows it: its lines,
       * Total Due Now, the monthly price; a failure with Retry.
       */
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), mp_cart_line_get_plan_name (line));
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), subtitle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), mp_estimate_view_new (purchase));

      /* The wizard's own terms step: the marketplace's and the vendor's
       * terms of this plan, each with its own checkbox.
       */
      terms = mp_terms_step_new (draft);
      mp_terms_step_set_embedded (MP_TERMS_STEP (terms));
      gtk_box_append (self->checkout_box, group);
      gtk_box_append (self->checkout_box, error_box);
      gtk_box_append (self->checkout_box, terms);

      g_list_store_append (self->drafts, draft);
      g_ptr_array_add (self->checkout_lines, g_object_ref (line));
      g_ptr_array_add (self->draft_errors, error_box);
      /* The terms decide Place Orders, not the prices. */
      g_signal_connect_object (draft, "notify::valid", G_CALLBACK (purchase_changed_cb), self, G_CONNECT_SWAPPED);
    }

  self->next_to_place = 0;
  gtk_stack_set_visible_child_name (self->stack, "checkout");
  update_actions (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  MpCartWindow *self = MP_CART_WINDOW (widget);

  if (self->placing)
    return;
  gtk_stack_set_visible_child_name (self->stack, "cart");
  rebuild_lines (self);
}

/* Provisioning */

static void
add_order_row (MpCartWindow *self,
               MpOrder      *order,
               MpCartLine   *line)
{
  g_autofree char *buyer = buyer_text (line);
  /* Translators: order number, plan and buyer: "SO000123: IDSync for Acme". */
  g_autofree char *title = g_strdup_printf (_("%s: %s for %s"), mp_order_get_order_number (order),
                                            mp_cart_line_get_plan_name (line), buyer);

  adw_preferences_group_add (self->orders_group, mp_cart_order_row_new (order, title));
}

static void place_next (MpCartWindow *self);

static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) order = mp_purchase_place_finish (MP_PURCHASE (object), result, &error);
  MpCartWindow *self;
  MpCartLine *line;
  MpOrder *tracked;

  /* The window went away: the placement goes on without it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MP_CART_WINDOW (user_data);
  if (order == NULL)
    {
      /* Stop at the first refusal; what was placed stays placed and left
       * the cart. Placing again places the same purchases, with the same
       * idempotency keys.
       */
      self->placing = FALSE;
      mp_error_box_set_error (g_ptr_array_index (self->draft_errors, self->next_to_place),
                              _("Could Not Place the Order"), error);
      mp_error_box_set_error (self->error_box, _("Could Not Place Every Order"), error);
      update_actions (self);
      return;
    }

  /* The purchase's "placed" handed it to the session (the same live
   * object comes back) and took the line out of the cart.
   */
  line = g_ptr_array_index (self->checkout_lines, self->next_to_place);
  tracked = mp_session_track_order (self->session, order);
  g_list_store_append (self->orders, tracked);
  add_order_row (self, tracked, line);
  self->next_to_place++;
  place_next (self);
}

static void
place_next (MpCartWindow *self)
{
  MpPurchase *purchase = NULL;

  while (self->next_to_place < self->checkout_lines->len)
    {
      purchase = g_hash_table_lookup (self->purchases, g_ptr_array_index (self->checkout_lines, self->next_to_place));
      if (mp_purchase_get_order (purchase) == NULL)
        break;
      self->next_to_place++;
    }
  if (self->next_to_place >= self->checkout_lines->len)
    {
      self->placing = FALSE;
      gtk_stack_set_visible_child_name (self->stack, "provisioning");
      update_actions (self);
      return;
    }
  mp_error_box_clear (g_ptr_array_index (self->draft_errors, self->next_to_place));
  /* The window's cancellable only detaches this callback. */
  mp_purchase_place_async (purchase, self->cancellable, place_cb, self);
}

static void
place_orders_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MpCartWindow *self = MP_CART_WINDOW (widget);

  if (self->placing || !all_placeable (self))
    return;
  self->placing = TRUE;
  self->next_to_place = 0;
  mp_error_box_clear (self->error_box);
  update_actions (self);
  place_next (self);
}

static void
continue_shopping_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  gtk_window_close (GTK_WINDOW (widget));
}

static void
mp_cart_window_dispose (GObject *object)
{
  MpCartWindow *self = MP_CART_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->customers != NULL)
    mp_paged_list_cancel (self->customers);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_CART_WINDOW);

  g_clear_object (&self->customers);
  /* A purchase being placed keeps itself alive until it is placed. */
  g_clear_pointer (&self->purchases, g_hash_table_unref);
  g_clear_object (&self->drafts);
  g_clear_object (&self->orders);
  g_clear_pointer (&self->checkout_lines, g_ptr_array_unref);
  g_clear_pointer (&self->draft_errors, g_ptr_array_unref);
  g_clear_pointer (&self->plans, g_hash_table_unref);
  g_clear_pointer (&self->plans_pending, g_hash_table_unref);
  g_clear_object (&self->cart);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_cart_window_parent_class)->dispose (object);
}

static void
mp_cart_window_class_init (MpCartWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_cart_window_dispose;

  g_type_ensure (MP_TYPE_ERROR_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/store/mp-cart-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, cart_stack);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, lines_list);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, checkout_box);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, orders_group);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, action_bar);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, total_label);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, primary_button);
  gtk_widget_class_bind_template_child (widget_class, MpCartWindow, continue_button);

  gtk_widget_class_install_action (widget_class, "cart.continue-shopping", NULL, continue_shopping_action);
  gtk_widget_class_install_action (widget_class, "cart.check-out", NULL, check_out_action);
  gtk_widget_class_install_action (widget_class, "cart.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "cart.place-orders", NULL, place_orders_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mp_cart_window_init (MpCartWindow *self)
{
  mp_store_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->plans = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->plans_pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->drafts = g_list_store_new (MP_TYPE_ORDER_DRAFT);
  self->orders = g_list_store_new (MP_TYPE_ORDER);
  self->purchases = g_hash_table_new_full (g_direct_hash, g_direct_equal, g_object_unref, g_object_unref);
  self->checkout_lines = g_ptr_array_new_with_free_func (g_object_unref);
  self->draft_errors = g_ptr_array_new ();
}

GtkWidget *
mp_cart_window_new (MpSession *session,
                    MpCart    *cart)
{
  MpCartWindow *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (MP_IS_CART (cart), NULL);

  self = g_object_new (MP_TYPE_CART_WINDOW, NULL);
  self->session = g_object_ref (session);
  self->cart = g_object_ref (cart);
  /* A reseller's customers; a customer's login lists only itself. */
  self->customers = mp_client_list_customers (mp_session_get_client (session), NULL);

  g_signal_connect_object (cart, "items-changed", G_CALLBACK (cart_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->customers, "notify::loading", G_CALLBACK (cart_changed_cb), self, G_CONNECT_SWAPPED);
  fetch_plans (self);
  ensure_purchases (self);
  rebuild_lines (self);
  return GTK_WIDGET (self);
}

const char *
mp_cart_window_get_page (MpCartWindow *self)
{
  g_return_val_if_fail (MP_IS_CART_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

GListModel *
mp_cart_window_get_drafts (MpCartWindow *self)
{
  g_return_val_if_fail (MP_IS_CART_WINDOW (self), NULL);
  return G_LIST_MODEL (self->drafts);
}

GListModel *
mp_cart_window_get_orders (MpCartWindow *self)
{
  g_return_val_if_fail (MP_IS_CART_WINDOW (self), NULL);
  return G_LIST_MODEL (self->orders);
}
