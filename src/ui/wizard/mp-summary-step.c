/* mp-summary-step.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-summary-step"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-estimate-view.h"
#include "mp-page-util.h"
#include "mp-summary-step.h"
#include "mp-wizard-step.h"
#include "mp-wizard-util.h"

/* The order summary, a view of the wizard's MpPurchase: what is ordered
 * and for whom, the purchase's estimate (MpEstimateView: every line, Total
 * Due Now and the monthly price, its failure with Retry), a PO number, and
 * the button that places the order.
 * The purchase estimates and places; the button cannot send twice, and a
 * placement outlives the step: closing the window does not cancel it.
 */
struct _MpSummaryStep
{
  AdwBin        parent_instance;

  /* Template Widgets */
  AdwActionRow *plan_row;
  AdwActionRow *term_row;
  AdwActionRow *customer_row;
  MpEstimateView *estimate_view;
  GtkLabel     *due_title;
  GtkLabel     *due_label;
  AdwEntryRow  *po_row;
  GtkLabel     *reason_label;
  MpErrorBox   *error_box;
  GtkButton    *place_button;
  GtkSpinner   *placing_spinner;
  GtkLabel     *placing_label;

  /* Owned References */
  MpPurchase   *purchase;
  GCancellable *cancellable;
  GCancellable *customer_cancellable;
  char         *customer_id;     /* the one customer_row names */

  /* State */
  guint         complete : 1;
  guint         updating : 1;
};

static void mp_summary_step_wizard_step_init (MpWizardStepInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpSummaryStep, mp_summary_step, ADW_TYPE_BIN,
                               G_IMPLEMENT_INTERFACE (MP_TYPE_WIZARD_STEP, mp_summary_step_wizard_step_init))

enum {
  PROP_0,
  PROP_PURCHASE,
  PROP_PLACING,
  PROP_COMPLETE,
  N_PROPS
};

enum {
  SIGNAL_ORDER_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static MpOrderDraft *
draft (MpSummaryStep *self)
{
  return mp_purchase_get_draft (self->purchase);
}

static void
update_buttons (MpSummaryStep *self)
{
  gboolean valid = mp_order_draft_get_valid (draft (self));
  gboolean placing = mp_purchase_get_placing (self->purchase);
  gboolean placed = mp_purchase_get_order (self->purchase) != NULL;
  gboolean complete = valid;

  gtk_widget_set_sensitive (GTK_WIDGET (self->place_button), valid && !placing && !placed);
  /* The PO number is the user's until the order leaves. Read-only rather
   * than insensitive: focus may stay in it (GTK 4.8 leaves an insensitive
   * focused entry blinking without focus).
   */
  gtk_editable_set_editable (GTK_EDITABLE (self->po_row), !placing && !placed);
  gtk_widget_set_visible (GTK_WIDGET (self->placing_spinner), placing);
  gtk_spinner_set_spinning (self->placing_spinner, placing);
  gtk_widget_set_visible (GTK_WIDGET (self->placing_label), placing);

  if (!valid && mp_order_draft_get_reason (draft (self)) != NULL)
    gtk_label_set_text (self->reason_label, mp_order_draft_get_reason (draft (self)));
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), !valid);

  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

/* What the button commits to, beside it: the estimate's due now (or its
 * credit), dimmed while a new one is on its way.
 */
static void
update_due (MpSummaryStep *self)
{
  gboolean credit = mp_purchase_get_credit (self->purchase);
  const MpMoney *due = credit ? mp_purchase_get_credit_amount (self->purchase)
                              : mp_purchase_get_due_now (self->purchase);
  g_autofree char *text = due != NULL ? mp_page_format_money (due) : g_strdup ("—");

  gtk_label_set_text (self->due_title, credit ? _("Credit") : _("Total Due Now"));
  gtk_label_set_text (self->due_label, text);
  if (mp_purchase_get_state (self->purchase) == MP_PURCHASE_STATE_READY)
    gtk_widget_remove_css_class (GTK_WIDGET (self->due_label), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->due_label), "dim-label");
}

static void
placing_changed_cb (MpSummaryStep *self)
{
  update_buttons (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACING]);
}

static void
update_order_rows (MpSummaryStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (draft (self));
  MpPeriod *period = mp_order_draft_get_period (draft (self));
  g_autofree char *term = mp_page_format_period (period);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->plan_row),
                                 plan != NULL ? mp_plan_get_name (plan) : _("No service chosen"));
  adw_action_row_set_subtitle (self->plan_row,
                               plan != NULL && mp_plan_get_vendor (plan) != NULL ? mp_plan_get_vendor (plan) : "");
  adw_action_row_set_subtitle (self->term_row, term);
}

static void
customer_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MpSummaryStep *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpCustomer) customer = mp_client_get_customer_finish (MP_CLIENT (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (customer != NULL && mp_customer_get_name (customer) != NULL)
    adw_action_row_set_subtitle (self->customer_row, mp_customer_get_name (customer));
  else
    {
      /* Translators: the buyer when its name could not be read: "Customer 1000001". */
      g_autofree char *text = g_strdup_printf (_("Customer %s"), self->customer_id);

      g_debug ("Could not read customer %s: %s", self->customer_id, error != NULL ? error->message : "no name");
      adw_action_row_set_subtitle (self->customer_row, text);
    }
}

/* Flow 3: the customer the reseller orders for, by name. */
static void
update_customer (MpSummaryStep *self)
{
  const char *id = mp_order_draft_get_customer_id (draft (self));

  gtk_widget_set_visible (GTK_WIDGET (self->customer_row), id != NULL);
  if (g_strcmp0 (id, self->customer_id) == 0)
    return;
  g_free (self->customer_id);
  self->customer_id = g_strdup (id);
  g_cancellable_cancel (self->customer_cancellable);
  g_clear_object (&self->customer_cancellable);
  adw_action_row_set_subtitle (self->customer_row, "");
  if (id == NULL)
    return;
  self->customer_cancellable = g_cancellable_new ();
  mp_client_get_customer_async (mp_purchase_get_client (self->purchase), id, self->customer_cancellable,
                                customer_cb, self);
}

static void
sync_po_number (MpSummaryStep *self)
{
  const char *po = mp_order_draft_get_po_number (draft (self));
  g_autofree char *shown = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->po_row))));

  if (g_strcmp0 (po != NULL ? po : "", shown) == 0)
    return;
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->po_row), po != NULL ? po : "");
  self->updating = FALSE;
}

static void
po_changed_cb (MpSummaryStep *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->po_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (self->updating || self->purchase == NULL)
    return;
  mp_order_draft_set_po_number (draft (self), *stripped != '\0' ? stripped : NULL);
}

static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpSummaryStep) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) order = mp_purchase_place_finish (MP_PURCHASE (object), result, &error);

  /* Placed: the purchase's "placed" gave the order to the session. */
  if (order != NULL || self->purchase == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      if (order != NULL && self->purchase != NULL)
        mp_error_box_clear (self->error_box);
      return;
    }
  update_buttons (self);
  if (mp_client_error_get_status (error) >= 400 && mp_client_error_get_status (error) < 500)
    g_signal_emit (self, signals[SIGNAL_ORDER_REFUSED], 0, error);
  else if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK))
    /* Placing again looks the order up first (its Idempotency-Key, then
     * its PO number): the marketplace never gets it twice.
     */
    mp_error_box_set_message (self->error_box, _("Lost Contact with the Marketplace"),
                              _("The connection was lost while placing the order. Place it again once the marketplace answers: it recognizes this order and never places it twice."),
                              mp_client_error_get_correlation_id (error));
  else
    mp_error_box_set_error (self->error_box, _("The Order Was Not Placed"), error);
}

static void
place_clicked_cb (MpSummaryStep *self)
{
  mp_summary_step_place (self);
}

/* MpWizardStep */

static const char *
mp_summary_step_get_title (MpWizardStep *step)
{
  return _("Order Summary");
}

static void
mp_summary_step_shown (MpWizardStep *step)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (step);

  sync_po_number (self);
  update_order_rows (self);
  update_customer (self);
  update_buttons (self);
}

/* Going on from the summary is placing the order: the wizard moves on
 * when the purchase says it is placed.
 */
static gboolean
mp_summary_step_apply (MpWizardStep *step)
{
  mp_summary_step_place (MP_SUMMARY_STEP (step));
  return FALSE;
}

/* Refusals no other step can mend: a credit hold, a plan no longer sold,
 * or a server that does not say why.
 */
static void
mp_summary_step_show_refusal (MpWizardStep *step,
                              const GError *error,
                              const char   *subject)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (step);

  mp_error_box_set_error (self->error_box, _("The Marketplace Refused the Order"), error);
}

static void
mp_summary_step_wizard_step_init (MpWizardStepInterface *iface)
{
  iface->get_title = mp_summary_step_get_title;
  iface->shown = mp_summary_step_shown;
  iface->apply = mp_summary_step_apply;
  iface->show_refusal = mp_summary_step_show_refusal;
}

/* GObject */

static void
mp_summary_step_constructed (GObject *object)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (object);
  MpOrderDraft *d;

  G_OBJECT_CLASS (mp_summary_step_parent_class)->constructed (object);

  d = draft (self);
  g_signal_connect_object (d, "changed", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (d, "notify::valid", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (d, "notify::reason", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (d, "notify::plan", G_CALLBACK (update_order_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (d, "notify::period", G_CALLBACK (update_order_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (d, "notify::customer-id", G_CALLBACK (update_customer), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (d, "notify::po-number", G_CALLBACK (sync_po_number), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purchase, "notify::placing", G_CALLBACK (placing_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purchase, "notify::state", G_CALLBACK (update_due), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purchase, "notify::due-now", G_CALLBACK (update_due), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->purchase, "notify::order", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);

  mp_estimate_view_set_purchase (self->estimate_view, self->purchase);
  update_due (self);
  mp_summary_step_shown (MP_WIZARD_STEP (self));
}

static void
mp_summary_step_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (object);

  switch (prop_id)
    {
    case PROP_PURCHASE:
      g_value_set_object (value, self->purchase);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;

    case PROP_PLACING:
      g_value_set_boolean (value, mp_summary_step_get_placing (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_summary_step_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (object);

  switch (prop_id)
    {
    case PROP_PURCHASE:
      self->purchase = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_summary_step_dispose (GObject *object)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (object);

  /* Detaches this view only: the purchase goes on placing. */
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->customer_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_SUMMARY_STEP);
  g_clear_object (&self->customer_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->purchase);

  G_OBJECT_CLASS (mp_summary_step_parent_class)->dispose (object);
}

static void
mp_summary_step_finalize (GObject *object)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (object);

  g_clear_pointer (&self->customer_id, g_free);

  G_OBJECT_CLASS (mp_summary_step_parent_class)->finalize (object);
}

static void
mp_summary_step_class_init (MpSummaryStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_summary_step_constructed;
  object_class->dispose = mp_summary_step_dispose;
  object_class->finalize = mp_summary_step_finalize;
  object_class->get_property = mp_summary_step_get_property;
  object_class->set_property = mp_summary_step_set_property;

  properties[PROP_PURCHASE] =
    g_param_spec_object ("purchase", NULL, NULL, MP_TYPE_PURCHASE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACING] =
    g_param_spec_boolean ("placing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, PROP_COMPLETE, properties);
  g_object_class_override_property (object_class, PROP_COMPLETE, "complete");
  properties[PROP_COMPLETE] = g_object_class_find_property (object_class, "complete");

  signals[SIGNAL_ORDER_REFUSED] =
    g_signal_new ("order-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (MP_TYPE_ERROR_BOX);
  g_type_ensure (MP_TYPE_ESTIMATE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-summary-step.ui");
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, plan_row);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, term_row);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, customer_row);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, estimate_view);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, due_title);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, due_label);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, po_row);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, reason_label);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, place_button);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, placing_spinner);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, placing_label);
  gtk_widget_class_bind_template_callback (widget_class, po_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, place_clicked_cb);
}

static void
mp_summary_step_init (MpSummaryStep *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_summary_step_new (MpPurchase *purchase)
{
  g_return_val_if_fail (MP_IS_PURCHASE (purchase), NULL);
  return g_object_new (MP_TYPE_SUMMARY_STEP, "purchase", purchase, NULL);
}

gboolean
mp_summary_step_get_complete (MpSummaryStep *self)
{
  g_return_val_if_fail (MP_IS_SUMMARY_STEP (self), FALSE);
  return self->complete;
}

MpPurchase *
mp_summary_step_get_purchase (MpSummaryStep *self)
{
  g_return_val_if_fail (MP_IS_SUMMARY_STEP (self), NULL);
  return self->purchase;
}

gboolean
mp_summary_step_get_placing (MpSummaryStep *self)
{
  g_return_val_if_fail (MP_IS_SUMMARY_STEP (self), FALSE);
  return self->purchase != NULL && mp_purchase_get_placing (self->purchase);
}

void
mp_summary_step_set_place_label (MpSummaryStep *self,
                                 const char    *label)
{
  g_return_if_fail (MP_IS_SUMMARY_STEP (self));
  gtk_button_set_label (self->place_button, label);
  gtk_button_set_use_underline (self->place_button, TRUE);
}

GtkButton *
mp_summary_step_get_place_button (MpSummaryStep *self)
{
  g_return_val_if_fail (MP_IS_SUMMARY_STEP (self), NULL);
  return self->place_button;
}

void
mp_summary_step_place (MpSummaryStep *self)
{
  g_return_if_fail (MP_IS_SUMMARY_STEP (self));

  /* One order per purchase: a second click, or Enter pressed twice, ends
   * here (and the purchase would join the placement in flight anyway).
   */
  if (mp_purchase_get_placing (self->purchase) || mp_purchase_get_order (self->purchase) != NULL ||
      !mp_order_draft_get_valid (draft (self)))
    return;

  mp_error_box_clear (self->error_box);
  /* The cancellable detaches this view when it goes; the placement goes
   * on, and the purchase's "placed" hands the order to the session.
   */
  mp_purchase_place_async (self->purchase, self->cancellable, place_cb, g_object_ref (self));
  update_buttons (self);
}
