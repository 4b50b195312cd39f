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
#include "mp-page-util.h"
#include "mp-summary-step.h"
#include "mp-wizard-util.h"

/* The order summary: what is ordered, every line of the marketplace's
 * estimate with the total and the monthly price, a PO number, and the
 * button that places the order. The button cannot send twice: it is
 * insensitive from the first click until the answer, and the draft's
 * Idempotency-Key makes the client's recovery of a lost connection find
 * the order placed rather than place another.
 */
struct _MpSummaryStep
{
  AdwBin        parent_instance;

  /* Template Widgets */
  AdwActionRow *plan_row;
  AdwActionRow *term_row;
  GtkListBox   *lines_list;
  GtkLabel     *total_label;
  GtkLabel     *monthly_label;
  GtkSpinner   *estimate_spinner;
  AdwEntryRow  *po_row;
  GtkLabel     *reason_label;
  MpErrorBox   *error_box;
  GtkButton    *place_button;
  GtkSpinner   *placing_spinner;
  GtkLabel     *placing_label;

  /* Owned References */
  MpSession    *session;
  MpOrderDraft *draft;
  MpOrder      *order;
  GCancellable *cancellable;
  GCancellable *estimate_cancellable;
  guint         estimate_id;

  /* State */
  guint         complete : 1;
  guint         placing : 1;
  guint         updating : 1;
};

G_DEFINE_FINAL_TYPE (MpSummaryStep, mp_summary_step, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_DRAFT,
  PROP_COMPLETE,
  PROP_PLACING,
  N_PROPS
};

enum {
  SIGNAL_ORDER_PLACED,
  SIGNAL_ORDER_REFUSED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char *
line_kind (const char *kind)
{
  if (g_strcmp0 (kind, "setup") == 0)
    return _("Setup");
  if (g_strcmp0 (kind, "recurring") == 0)
    return _("Recurring");
  if (g_strcmp0 (kind, "nonProvisioningItem") == 0)
    return _("One-time");
  return _("Product");
}

static void
update_buttons (MpSummaryStep *self)
{
  gboolean valid = mp_order_draft_get_valid (self->draft);
  gboolean complete = valid;

  gtk_widget_set_sensitive (GTK_WIDGET (self->place_button), valid && !self->placing && self->order == NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->po_row), !self->placing && self->order == NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->placing_spinner), self->placing);
  gtk_spinner_set_spinning (self->placing_spinner, self->placing);
  gtk_widget_set_visible (GTK_WIDGET (self->placing_label), self->placing);

  if (!valid && mp_order_draft_get_reason (self->draft) != NULL)
    gtk_label_set_text (self->reason_label, mp_order_draft_get_reason (self->draft));
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), !valid);

  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
}

static void
show_estimate (MpSummaryStep *self)
{
  GListModel *lines = mp_order_draft_get_estimate_lines (self->draft);
  guint n = lines != NULL ? g_list_model_get_n_items (lines) : 0;
  g_autofree char *total = mp_page_format_money (mp_order_draft_get_total (self->draft));
  g_autofree char *monthly = mp_page_format_money (mp_order_draft_get_monthly_total (self->draft));

  mp_wizard_clear_list_box (self->lines_list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *price = mp_page_format_money (mp_order_line_get_extended_price (line));
      g_autofree char *unit = mp_page_format_money (mp_order_line_get_unit_price (line));
      g_autofree char *subtitle = NULL;
      g_autofree char *title = mp_page_format_estimate_line (line);
      GtkWidget *label = gtk_label_new (price);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      /* Translators: "Recurring · 5 × $3.00". */
      subtitle = g_strdup_printf (_("%s · %'d × %s"), line_kind (mp_order_line_get_kind (line)),
                                  (int) mp_order_line_get_quantity (line), unit);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      mp_a11y_set_read_only (row);
      gtk_list_box_append (self->lines_list, row);
    }
  if (n == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     mp_order_draft_get_estimating (self->draft)
                                     ? _("Asking the marketplace for the price…")
                                     : _("No estimate yet"));
      gtk_widget_add_css_class (row, "dim-label");
      mp_a11y_set_read_only (row);
      gtk_list_box_append (self->lines_list, row);
    }
  gtk_label_set_text (self->total_label, total);
  gtk_label_set_text (self->monthly_label, monthly);
}

static void
estimate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MpSummaryStep *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mp_order_draft_estimate_finish (MP_ORDER_DRAFT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_spinner_set_spinning (self->estimate_spinner, FALSE);
      show_estimate (self);
      /* An invalid draft is explained beside the button already. */
      if (mp_order_draft_get_valid (self->draft))
        mp_error_box_set_error (self->error_box, _("Could Not Estimate the Price"), error);
      return;
    }
  gtk_spinner_set_spinning (self->estimate_spinner, FALSE);
  show_estimate (self);
}

static gboolean
estimate_timeout_cb (gpointer user_data)
{
  MpSummaryStep *self = user_data;

  self->estimate_id = 0;
  mp_summary_step_refresh (self);
  return G_SOURCE_REMOVE;
}

static void
draft_changed_cb (MpSummaryStep *self)
{
  update_buttons (self);
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)) || self->order != NULL)
    return;
  /* Debounced: typing a PO number asks once. */
  g_clear_handle_id (&self->estimate_id, g_source_remove);
  self->estimate_id = g_timeout_add (300, estimate_timeout_cb, self);
}

static void
update_order_rows (MpSummaryStep *self)
{
  MpPlan *plan = mp_order_draft_get_plan (self->draft);
  MpPeriod *period = mp_order_draft_get_period (self->draft);
  g_autofree char *term = mp_page_format_period (period);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->plan_row),
                                 plan != NULL ? mp_plan_get_name (plan) : _("No service chosen"));
  adw_action_row_set_subtitle (self->plan_row,
                               plan != NULL && mp_plan_get_vendor (plan) != NULL ? mp_plan_get_vendor (plan) : "");
  adw_action_row_set_subtitle (self->term_row, term);
}

static void
sync_po_number (MpSummaryStep *self)
{
  const char *po = mp_order_draft_get_po_number (self->draft);
  g_autofree char *shown = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->po_row))));

  if (g_strcmp0 (po != NULL ? po : "", shown) == 0)
    return;
  self->updating = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->po_row), po != NULL ? po : "");
  self->updating = FALSE;
}

static void
map_cb (MpSummaryStep *self)
{
  sync_po_number (self);
  update_order_rows (self);
  update_buttons (self);
  if (self->order == NULL)
    mp_summary_step_refresh (self);
}

static void
po_changed_cb (MpSummaryStep *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->po_row));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (self->updating || self->draft == NULL)
    return;
  mp_order_draft_set_po_number (self->draft, *stripped != '\0' ? stripped : NULL);
}

static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpSummaryStep) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) order = mp_client_place_order_finish (MP_CLIENT (object), result, &error);
  MpOrder *tracked;

  self->placing = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACING]);

  if (order == NULL)
    {
      if (self->draft == NULL)
        return;   /* disposed: nothing to show */
      update_buttons (self);
      if (mp_client_error_get_status (error) >= 400 && mp_client_error_get_status (error) < 500)
        {
          mp_error_box_set_error (self->error_box, _("The Marketplace Refused the Order"), error);
          g_signal_emit (self, signals[SIGNAL_ORDER_REFUSED], 0, error);
        }
      else if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK) &&
               mp_client_error_get_retry_safe (error))
        /* Placing the same draft again sends the same Idempotency-Key:
         * the marketplace answers with the first order, never a second.
         */
        mp_error_box_set_message (self->error_box, _("Lost Contact with the Marketplace"),
                                  _("The connection was lost while placing the order. Place it again once the marketplace answers: it recognizes this order and never places it twice."),
                                  mp_client_error_get_correlation_id (error));
      else if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK))
        mp_error_box_set_error (self->error_box, _("Lost Contact with the Marketplace"), error);
      else
        mp_error_box_set_error (self->error_box, _("The Order Was Not Placed"), error);
      return;
    }

  /* Even when the window is gone, the session follows the order. */
  tracked = mp_session_track_order (self->session, order);
  g_set_object (&self->order, tracked);
  if (self->draft == NULL)
    return;
  mp_error_box_clear (self->error_box);
  update_buttons (self);
  g_signal_emit (self, signals[SIGNAL_ORDER_PLACED], 0, tracked);
}

static void
place_clicked_cb (MpSummaryStep *self)
{
  mp_summary_step_place (self);
}

static void
mp_summary_step_constructed (GObject *object)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (object);

  G_OBJECT_CLASS (mp_summary_step_parent_class)->constructed (object);

  g_signal_connect_object (self->draft, "changed", G_CALLBACK (draft_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::valid", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::reason", G_CALLBACK (update_buttons), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::plan", G_CALLBACK (update_order_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::period", G_CALLBACK (update_order_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "map", G_CALLBACK (map_cb), NULL);

  g_signal_connect_object (self->draft, "notify::po-number", G_CALLBACK (sync_po_number), self, G_CONNECT_SWAPPED);
  sync_po_number (self);
  update_order_rows (self);
  show_estimate (self);
  update_buttons (self);
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
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_DRAFT:
      g_value_set_object (value, self->draft);
      break;

    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;

    case PROP_PLACING:
      g_value_set_boolean (value, self->placing);
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
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_DRAFT:
      self->draft = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_summary_step_dispose (GObject *object)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (object);

  g_clear_handle_id (&self->estimate_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->estimate_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_SUMMARY_STEP);
  g_clear_object (&self->estimate_cancellable);
  g_clear_object (&self->cancellable);
  if (self->draft != NULL)
    g_signal_handlers_disconnect_by_data (self->draft, self);
  g_clear_object (&self->draft);
  g_clear_object (&self->order);
  /* The session stays until a placement still on its way has ended. */
  if (!self->placing)
    g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_summary_step_parent_class)->dispose (object);
}

static void
mp_summary_step_finalize (GObject *object)
{
  MpSummaryStep *self = MP_SUMMARY_STEP (object);

  g_clear_object (&self->session);

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

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DRAFT] =
    g_param_spec_object ("draft", NULL, NULL, MP_TYPE_ORDER_DRAFT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLACING] =
    g_param_spec_boolean ("placing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_ORDER_PLACED] =
    g_signal_new ("order-placed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MP_TYPE_ORDER);
  signals[SIGNAL_ORDER_REFUSED] =
    g_signal_new ("order-refused", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_ERROR);

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/wizard/mp-summary-step.ui");
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, plan_row);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, term_row);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, lines_list);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, total_label);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, monthly_label);
  gtk_widget_class_bind_template_child (widget_class, MpSummaryStep, estimate_spinner);
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
mp_summary_step_new (MpSession    *session,
                     MpOrderDraft *draft)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (MP_IS_ORDER_DRAFT (draft), NULL);
  return g_object_new (MP_TYPE_SUMMARY_STEP, "session", session, "draft", draft, NULL);
}

gboolean
mp_summary_step_get_complete (MpSummaryStep *self)
{
  g_return_val_if_fail (MP_IS_SUMMARY_STEP (self), FALSE);
  return self->complete;
}

MpOrderDraft *
mp_summary_step_get_draft (MpSummaryStep *self)
{
  g_return_val_if_fail (MP_IS_SUMMARY_STEP (self), NULL);
  return self->draft;
}

gboolean
mp_summary_step_get_placing (MpSummaryStep *self)
{
  g_return_val_if_fail (MP_IS_SUMMARY_STEP (self), FALSE);
  return self->placing;
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
mp_summary_step_refresh (MpSummaryStep *self)
{
  g_return_if_fail (MP_IS_SUMMARY_STEP (self));

  g_clear_handle_id (&self->estimate_id, g_source_remove);
  if (self->estimate_cancellable != NULL)
    g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);

  mp_error_box_clear (self->error_box);
  update_buttons (self);
  if (!mp_order_draft_get_valid (self->draft))
    {
      show_estimate (self);
      return;
    }
  self->estimate_cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->estimate_spinner, TRUE);
  mp_order_draft_estimate_async (self->draft, mp_session_get_client (self->session),
                                 self->estimate_cancellable, estimate_cb, self);
  show_estimate (self);
}

void
mp_summary_step_place (MpSummaryStep *self)
{
  g_return_if_fail (MP_IS_SUMMARY_STEP (self));

  /* One order per draft: a second click, or Enter pressed twice, ends
   * here.
   */
  if (self->placing || self->order != NULL || !mp_order_draft_get_valid (self->draft))
    return;

  self->placing = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLACING]);
  mp_error_box_clear (self->error_box);
  update_buttons (self);
  /* Not cancelled with the window: an order on its way is followed to its
   * answer, and then by the session.
   */
  mp_client_place_order_async (mp_session_get_client (self->session), self->draft, NULL,
                               place_cb, g_object_ref (self));
}

void
mp_summary_step_show_error (MpSummaryStep *self,
                            const GError  *error)
{
  g_return_if_fail (MP_IS_SUMMARY_STEP (self));
  mp_error_box_set_error (self->error_box, _("The Marketplace Refused the Order"), error);
}
