/* mp-estimate-view.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-estimate-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-estimate-view.h"
#include "mp-page-util.h"

/* What a purchase costs, as the marketplace estimates it: one row per
 * line, then what is due now (or the credit, said as a credit) and the
 * recurring price per month after the purchase. It only shows the
 * MpPurchase: the purchase asks for the estimates (debounced, the last
 * change winning) and keeps them; this view follows its "state". The wizard
 * summary, Change Resource Limits and the cart's checkout all show their
 * purchase with it.
 *
 * While a new estimate is on its way the old figures stay, dimmed, so that
 * the page does not jump at every click of a spin button.
 */
struct _MpEstimateView
{
  AdwBin         parent_instance;

  /* Template Widgets */
  GtkListBox    *lines_list;
  GtkListBox    *totals_list;
  AdwActionRow  *total_row;
  GtkSpinner    *spinner;
  GtkLabel      *total_label;
  AdwActionRow  *recurring_row;
  GtkLabel      *recurring_label;
  GtkWidget     *failed_box;
  MpErrorBox    *error_box;

  /* Owned References */
  MpPurchase    *purchase;

  /* State */
  guint          show_recurring : 1;
};

G_DEFINE_FINAL_TYPE (MpEstimateView, mp_estimate_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PURCHASE,
  PROP_SHOW_RECURRING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
line_kind (const char *kind)
{
  if (g_strcmp0 (kind, "setup") == 0)
    return _("Setup");
  if (g_strcmp0 (kind, "recurring") == 0)
    return _("Recurring");
  if (g_strcmp0 (kind, "downgrade") == 0)
    /* Translators: an order line that lowers a recurring charge. */
    return _("Reduction");
  if (g_strcmp0 (kind, "nonProvisioningItem") == 0)
    return _("One-time");
  if (g_strcmp0 (kind, "cancellation") == 0)
    /* Translators: an order line that gives back what a cancelled subscription cost. */
    return _("Refund");
  return NULL;
}

GtkWidget *
mp_order_line_row_new (MpOrderLine *line,
                       gboolean     change)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = mp_page_format_estimate_line (line);
  g_autofree char *price = mp_page_format_money (mp_order_line_get_extended_price (line));
  g_autofree char *quantity = NULL;
  g_autofree char *subtitle = NULL;
  const MpMoney *unit_price = mp_order_line_get_unit_price (line);
  const char *kind = line_kind (mp_order_line_get_kind (line));
  gint64 n = mp_order_line_get_quantity (line);
  GtkWidget *label = gtk_label_new (price);

  quantity = mp_page_format_quantity (ABS (n));
  if (n < 0)
    {
      /* A real minus sign, as in the money beside it. */
      g_autofree char *plain = g_steal_pointer (&quantity);

      quantity = g_strconcat ("−", plain, NULL);
    }
  else if (change && n > 0)
    {
      /* Translators: a change order adds this many units: "+5". */
      g_autofree char *plain = g_steal_pointer (&quantity);

      quantity = g_strdup_printf (_("+%s"), plain);
    }
  if (unit_price != NULL)
    {
      g_autofree char *unit = mp_page_format_money (unit_price);

      if (kind != NULL)
        /* Translators: an order line's kind, quantity and unit price:
         * "Recurring · 5 × $3.00".
         */
        subtitle = g_strdup_printf (_("%s · %s × %s"), kind, quantity, unit);
      else
        /* Translators: an order line's quantity and unit price: "5 × $3.00". */
        subtitle = g_strdup_printf (_("%s × %s"), quantity, unit);
    }
  else
    /* Translators: the quantity of an order line ("+5" for a change). */
    subtitle = g_strdup_printf (_("Quantity: %s"), quantity);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_add_css_class (label, "numeric");
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  /* The figure is read with the line it belongs to. */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_RELATION_LABELLED_BY, row, NULL, -1);
  mp_a11y_set_read_only (label);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  mp_a11y_set_read_only (row);
  return row;
}

static void
clear_lines (MpEstimateView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list))) != NULL)
    gtk_list_box_remove (self->lines_list, child);
}

static void
show_placeholder (MpEstimateView *self,
                  const char     *text)
{
  GtkWidget *row = adw_action_row_new ();

  clear_lines (self);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 4);
  gtk_widget_add_css_class (row, "dim-label");
  gtk_widget_set_name (row, "placeholder");
  mp_a11y_set_read_only (row);
  gtk_list_box_append (self->lines_list, row);
}

static gboolean
is_change (MpEstimateView *self)
{
  return mp_order_draft_get_kind (mp_purchase_get_draft (self->purchase)) == MP_ORDER_TYPE_CHANGE;
}

static void
set_figure (GtkLabel      *label,
            const MpMoney *money)
{
  g_autofree char *text = money != NULL ? mp_page_format_money (money) : NULL;

  gtk_label_set_text (label, text != NULL ? text : "—");
}

static void
show_ready (MpEstimateView *self)
{
  GListModel *lines = mp_purchase_get_lines (self->purchase);
  guint n = lines != NULL ? g_list_model_get_n_items (lines) : 0;
  gboolean change = is_change (self);

  clear_lines (self);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);

      gtk_list_box_append (self->lines_list, mp_order_line_row_new (line, change));
    }
  if (n == 0)
    show_placeholder (self, _("Nothing to pay for this order"));

  if (mp_purchase_get_credit (self->purchase))
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->total_row), _("Credit"));
      adw_action_row_set_subtitle (self->total_row,
                                   mp_order_draft_get_kind (mp_purchase_get_draft (self->purchase)) == MP_ORDER_TYPE_CANCELLATION
                                   ? _("Refunded when the subscription ends")
                                   : _("Returned for the rest of the current billing period"));
      set_figure (self->total_label, mp_purchase_get_credit_amount (self->purchase));
    }
  else if (mp_order_draft_get_scheduled (mp_purchase_get_draft (self->purchase)))
    {
      MpOrderDraft *draft = mp_purchase_get_draft (self->purchase);
      gboolean plan_switch = mp_order_draft_get_plan (draft) != NULL;
      g_autofree char *date = mp_page_format_date (mp_subscription_get_renewal_date (mp_order_draft_get_subscription (draft)));
      g_autofree char *subtitle = plan_switch
        /* Translators: %s is the renewal date, e.g. "December 16, 2026" */
        ? g_strdup_printf (_("The new plan is charged from the renewal on %s"), date)
        /* Translators: %s is the renewal date, e.g. "December 16, 2026" */
        : g_strdup_printf (_("Charged on %s with the next term, on top of its current price"), date);

      /* At the renewal: a plan switch charges nothing now and the new
       * price then; a change of limits adds this to the renewal. */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->total_row),
                                     plan_switch ? _("Total Due Now") : _("Added at Renewal"));
      adw_action_row_set_subtitle (self->total_row, subtitle);
      set_figure (self->total_label, mp_purchase_get_due_now (self->purchase));
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->total_row), _("Total Due Now"));
      adw_action_row_set_subtitle (self->total_row, "");
      set_figure (self->total_label, mp_purchase_get_due_now (self->purchase));
    }
  set_figure (self->recurring_label, mp_purchase_get_recurring_total (self->purchase));
  gtk_widget_set_visible (GTK_WIDGET (self->recurring_row),
                          self->show_recurring && mp_purchase_get_recurring_total (self->purchase) != NULL);
}

static void
update (MpEstimateView *self)
{
  MpPurchaseState state = self->purchase != NULL ? mp_purchase_get_state (self->purchase) : MP_PURCHASE_STATE_IDLE;
  gboolean estimating = state == MP_PURCHASE_STATE_ESTIMATING;
  gboolean has_rows = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list)) != NULL &&
                      g_strcmp0 (gtk_widget_get_name (gtk_widget_get_first_child (GTK_WIDGET (self->lines_list))),
                                 "placeholder") != 0;

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), estimating);
  gtk_spinner_set_spinning (self->spinner, estimating);
  gtk_widget_set_visible (self->failed_box, state == MP_PURCHASE_STATE_FAILED);

  /* The old figures stay while the new ones come, dimmed. */
  if (estimating)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->lines_list), "dim-label");
      gtk_widget_add_css_class (GTK_WIDGET (self->totals_list), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->lines_list), "dim-label");
      gtk_widget_remove_css_class (GTK_WIDGET (self->totals_list), "dim-label");
    }
  if (state == MP_PURCHASE_STATE_FAILED)
    mp_error_box_set_error (self->error_box, _("Could Not Get the Price"), mp_purchase_get_error (self->purchase));
  else
    mp_error_box_clear (self->error_box);

  gtk_widget_set_visible (GTK_WIDGET (self->recurring_row), self->show_recurring);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->recurring_row),
                                 self->purchase != NULL && is_change (self) ? _("New Monthly Price") : _("Monthly Price"));
  adw_action_row_set_subtitle (self->recurring_row,
                               self->purchase != NULL && is_change (self)
                               ? _("Recurring, from the next billing period")
                               : _("Recurring, every month of the term"));

  switch (state)
    {
    case MP_PURCHASE_STATE_READY:
      show_ready (self);
      return;

    case MP_PURCHASE_STATE_ESTIMATING:
      if (!has_rows)
        show_placeholder (self, _("Asking the marketplace for the price…"));
      return;

    case MP_PURCHASE_STATE_FAILED:
      clear_lines (self);
      show_placeholder (self, _("The price is not known yet."));
      break;

    case MP_PURCHASE_STATE_IDLE:
    default:
      {
        const char *reason = self->purchase != NULL
                             ? mp_order_draft_get_reason (mp_purchase_get_draft (self->purchase)) : NULL;

        show_placeholder (self, reason != NULL ? reason : _("No estimate yet"));
      }
      break;
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->total_row), _("Total Due Now"));
  adw_action_row_set_subtitle (self->total_row, "");
  set_figure (self->total_label, NULL);
  set_figure (self->recurring_label, NULL);
}

static void
retry_clicked_cb (MpEstimateView *self)
{
  if (self->purchase != NULL)
    mp_purchase_estimate (self->purchase);
}

static void
mp_estimate_view_dispose (GObject *object)
{
  MpEstimateView *self = MP_ESTIMATE_VIEW (object);

  if (self->purchase != NULL)
    g_signal_handlers_disconnect_by_data (self->purchase, self);
  g_clear_object (&self->purchase);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_ESTIMATE_VIEW);

  G_OBJECT_CLASS (mp_estimate_view_parent_class)->dispose (object);
}

static void
mp_estimate_view_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MpEstimateView *self = MP_ESTIMATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PURCHASE:
      g_value_set_object (value, self->purchase);
      break;

    case PROP_SHOW_RECURRING:
      g_value_set_boolean (value, self->show_recurring);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_estimate_view_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  MpEstimateView *self = MP_ESTIMATE_VIEW (object);

  switch (prop_id)
    {
    case PROP_PURCHASE:
      mp_estimate_view_set_purchase (self, g_value_get_object (value));
      break;

    case PROP_SHOW_RECURRING:
      mp_estimate_view_set_show_recurring (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_estimate_view_class_init (MpEstimateViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_estimate_view_dispose;
  object_class->get_property = mp_estimate_view_get_property;
  object_class->set_property = mp_estimate_view_set_property;

  properties[PROP_PURCHASE] =
    g_param_spec_object ("purchase", NULL, NULL, MP_TYPE_PURCHASE,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_RECURRING] =
    g_param_spec_boolean ("show-recurring", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-estimate-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, lines_list);
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, totals_list);
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, total_row);
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, spinner);
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, total_label);
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, recurring_row);
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, recurring_label);
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, failed_box);
  gtk_widget_class_bind_template_child (widget_class, MpEstimateView, error_box);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
}

static void
mp_estimate_view_init (MpEstimateView *self)
{
  self->show_recurring = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The figures are read with their titles ("Total Due Now, $12.00"). */
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->total_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->total_row, NULL, -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->recurring_label),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, self->recurring_row, NULL, -1);
  mp_a11y_set_read_only (GTK_WIDGET (self->total_row));
  mp_a11y_set_read_only (GTK_WIDGET (self->recurring_row));
  update (self);
}

GtkWidget *
mp_estimate_view_new (MpPurchase *purchase)
{
  g_return_val_if_fail (purchase == NULL || MP_IS_PURCHASE (purchase), NULL);
  return g_object_new (MP_TYPE_ESTIMATE_VIEW, "purchase", purchase, NULL);
}

MpPurchase *
mp_estimate_view_get_purchase (MpEstimateView *self)
{
  g_return_val_if_fail (MP_IS_ESTIMATE_VIEW (self), NULL);
  return self->purchase;
}

void
mp_estimate_view_set_purchase (MpEstimateView *self,
                               MpPurchase     *purchase)
{
  g_return_if_fail (MP_IS_ESTIMATE_VIEW (self));
  g_return_if_fail (purchase == NULL || MP_IS_PURCHASE (purchase));

  if (self->purchase == purchase)
    return;
  if (self->purchase != NULL)
    g_signal_handlers_disconnect_by_data (self->purchase, self);
  g_set_object (&self->purchase, purchase);
  if (purchase != NULL)
    {
      g_signal_connect_object (purchase, "notify::state", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (purchase, "notify::recurring-total", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (mp_purchase_get_draft (purchase), "notify::reason", G_CALLBACK (update), self,
                               G_CONNECT_SWAPPED);
    }
  clear_lines (self);
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PURCHASE]);
}

gboolean
mp_estimate_view_get_show_recurring (MpEstimateView *self)
{
  g_return_val_if_fail (MP_IS_ESTIMATE_VIEW (self), FALSE);
  return self->show_recurring;
}

void
mp_estimate_view_set_show_recurring (MpEstimateView *self,
                                     gboolean        show_recurring)
{
  g_return_if_fail (MP_IS_ESTIMATE_VIEW (self));

  show_recurring = !!show_recurring;
  if (self->show_recurring == show_recurring)
    return;
  self->show_recurring = show_recurring;
  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RECURRING]);
}
