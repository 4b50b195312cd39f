/* mp-limits-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-limits-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-limit-row.h"
#include "mp-limits-page.h"
#include "mp-page-util.h"

/* Change Resource Limits (flow 5): one spin row per resource, the price of
 * the change from POST /orders/estimate as the values change (debounced),
 * and OK, which places the change order once and hands it to the session,
 * which follows it to the end. What the user typed is never thrown away: a
 * failed estimate, a refused order or a lost server leave every value as
 * it was.
 */
struct _MpLimitsPage
{
  AdwBin          parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkWidget      *pending_box;
  GtkLabel       *pending_label;
  AdwPreferencesGroup *resources_group;
  GtkListBox     *resources_list;
  GtkSpinner     *estimate_spinner;
  GtkLabel       *price_hint;
  GtkListBox     *price_list;
  MpErrorBox     *error_box;
  GtkSpinner     *placing_spinner;
  GtkButton      *estimate_button;
  GtkButton      *ok_button;

  /* Owned References */
  MpSession      *session;
  char           *subscription_id;
  MpSubscription *subscription;
  MpOrderDraft   *draft;
  GCancellable   *cancellable;
  GCancellable   *estimate_cancellable;
  char           *conflict;     /* the server's refusal (409), if any */
  guint           estimate_id;

  /* State */
  guint           placing : 1;
  guint           placed : 1;
};

G_DEFINE_FINAL_TYPE (MpLimitsPage, mp_limits_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SUBSCRIPTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

#define ESTIMATE_DELAY_MS 300

typedef struct
{
  GWeakRef   page;
  MpSession *session;
} PlaceData;

static void
place_data_free (PlaceData *data)
{
  g_weak_ref_clear (&data->page);
  g_clear_object (&data->session);
  g_free (data);
}

static gboolean
is_pending (MpLimitsPage *self)
{
  if (self->conflict != NULL)
    return TRUE;
  if (self->subscription != NULL && mp_subscription_get_pending_order_id (self->subscription) != NULL)
    return TRUE;
  return mp_session_has_pending_change (self->session, self->subscription_id);
}

static void
update_pending (MpLimitsPage *self)
{
  g_autofree char *reason = NULL;

  if (self->placed)
    return;

  if (self->conflict != NULL)
    reason = g_strdup (self->conflict);
  else if (is_pending (self))
    {
      const char *pending_id = self->subscription != NULL
                               ? mp_subscription_get_pending_order_id (self->subscription) : NULL;
      const char *number = pending_id != NULL ? mp_session_get_order_number (self->session, pending_id) : NULL;

      if (number != NULL)
        reason = g_strdup_printf (_("Change order %s is in progress on this subscription. Resource limits can be changed again once it is finished."), number);
      else
        reason = g_strdup (_("A change order is in progress on this subscription. Resource limits can be changed again once it is finished."));
    }

  gtk_label_set_text (self->pending_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (self->pending_box, reason != NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->resources_group), reason == NULL);
}

static void
update_ok (MpLimitsPage *self)
{
  /* The price is shown before the order can be confirmed. */
  gboolean sensitive = self->draft != NULL &&
                       mp_order_draft_get_valid (self->draft) &&
                       mp_order_draft_get_total (self->draft) != NULL &&
                       !self->placing &&
                       !self->placed &&
                       !is_pending (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), sensitive);
  gtk_spinner_set_spinning (self->placing_spinner, self->placing);
}

static void
clear_price_list (MpLimitsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->price_list))) != NULL)
    gtk_list_box_remove (self->price_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->price_list), FALSE);
}

static void
add_price_row (MpLimitsPage *self,
               const char   *title,
               const char   *subtitle,
               const char   *amount,
               gboolean      strong)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *label = gtk_label_new (amount);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  gtk_widget_add_css_class (label, "numeric");
  if (strong)
    {
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (row, "mp-total-row");
    }
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  mp_a11y_set_read_only (label);
  mp_a11y_set_read_only (row);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  gtk_list_box_append (self->price_list, row);
}

static void
show_estimate (MpLimitsPage *self)
{
  GListModel *lines = mp_order_draft_get_estimate_lines (self->draft);
  const MpMoney *total = mp_order_draft_get_total (self->draft);
  const MpMoney *monthly = mp_order_draft_get_monthly_total (self->draft);
  guint n = lines != NULL ? g_list_model_get_n_items (lines) : 0;

  clear_price_list (self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->price_list), TRUE);
  if (total == NULL)
    return;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);
      g_autofree char *unit = mp_page_format_money (mp_order_line_get_unit_price (line));
      g_autofree char *extended = mp_page_format_money (mp_order_line_get_extended_price (line));
      g_autofree char *subtitle = NULL;
      g_autofree char *title = mp_page_format_estimate_line (line);

      /* Translators: quantity × unit price of an order line. */
      subtitle = g_strdup_printf (_("%'d × %s"), (int) mp_order_line_get_quantity (line), unit);
      add_price_row (self, title, subtitle, extended, FALSE);
    }

  {
    g_autofree char *text = mp_page_format_money (total);

    add_price_row (self, _("Total Due Now"), NULL, text, TRUE);
  }
  if (monthly != NULL)
    {
      g_autofree char *text = mp_page_format_money (monthly);

      add_price_row (self, _("New Monthly Price"), _("Recurring, from the next billing period"), text, FALSE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->price_list), TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->price_hint), FALSE);
}

static void
update_hint (MpLimitsPage *self)
{
  const char *reason;

  if (self->draft == NULL)
    return;

  reason = mp_order_draft_get_reason (self->draft);
  if (!mp_order_draft_get_valid (self->draft))
    {
      clear_price_list (self);
      gtk_label_set_text (self->price_hint, reason != NULL ? reason : _("Change a limit to see the price."));
      gtk_widget_set_visible (GTK_WIDGET (self->price_hint), TRUE);
    }
  else if (mp_order_draft_get_total (self->draft) == NULL)
    {
      gtk_label_set_text (self->price_hint, _("Calculating the price…"));
      gtk_widget_set_visible (GTK_WIDGET (self->price_hint), TRUE);
    }
}

static void
set_conflict (MpLimitsPage *self,
              const char   *message)
{
  g_free (self->conflict);
  self->conflict = g_strdup (message);
  update_pending (self);
  update_ok (self);
}

static void
estimate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  MpLimitsPage *self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mp_order_draft_estimate_finish (MP_ORDER_DRAFT (object), result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_spinner_set_spinning (self->estimate_spinner, FALSE);
      g_debug ("Estimate failed: %s", error->message);
      /* A draft that is not valid says why in the hint already. */
      if (!mp_order_draft_get_valid (self->draft))
        {
          update_hint (self);
          return;
        }
      if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT))
        set_conflict (self, error->message);
      clear_price_list (self);
      mp_error_box_set_error (self->error_box, _("Could Not Get the Price"), error);
      gtk_widget_set_visible (GTK_WIDGET (self->estimate_button), TRUE);
      gtk_label_set_text (self->price_hint, _("The price of this change is not known yet."));
      gtk_widget_set_visible (GTK_WIDGET (self->price_hint), TRUE);
      return;
    }

  gtk_spinner_set_spinning (self->estimate_spinner, FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->estimate_button), FALSE);
  if (!self->placing)
    mp_error_box_clear (self->error_box);
  show_estimate (self);
}

static void
estimate (MpLimitsPage *self)
{
  g_assert (MP_IS_LIMITS_PAGE (self));

  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);

  if (self->draft == NULL || !mp_order_draft_get_valid (self->draft))
    {
      gtk_spinner_set_spinning (self->estimate_spinner, FALSE);
      update_hint (self);
      return;
    }

  self->estimate_cancellable = g_cancellable_new ();
  gtk_spinner_set_spinning (self->estimate_spinner, TRUE);
  update_hint (self);
  mp_order_draft_estimate_async (self->draft, mp_session_get_client (self->session),
                                 self->estimate_cancellable, estimate_cb, self);
}

static gboolean
estimate_timeout_cb (gpointer user_data)
{
  MpLimitsPage *self = user_data;

  self->estimate_id = 0;
  estimate (self);
  return G_SOURCE_REMOVE;
}

/* Asks for a new price once the values have stopped changing for a moment,
 * not at every click of a spin button.
 */
static void
schedule_estimate (MpLimitsPage *self)
{
  g_clear_handle_id (&self->estimate_id, g_source_remove);
  self->estimate_id = g_timeout_add (ESTIMATE_DELAY_MS, estimate_timeout_cb, self);
  g_source_set_name_by_id (self->estimate_id, "[mp] estimate limits");
  update_hint (self);
}

static void
draft_changed_cb (MpLimitsPage *self)
{
  /* The price shown is for other values now: dim it until the new one
   * arrives.
   */
  gtk_widget_set_sensitive (GTK_WIDGET (self->price_list), FALSE);
  schedule_estimate (self);
  update_ok (self);
}

static void
draft_valid_cb (MpLimitsPage *self)
{
  update_hint (self);
  update_ok (self);
}

static void
row_value_cb (MpLimitsPage *self,
              GParamSpec   *pspec,
              MpLimitRow   *row)
{
  if (self->draft == NULL)
    return;
  mp_order_draft_set_quantity (self->draft, mp_limit_row_get_mpn (row), mp_limit_row_get_value (row));
}

static MpLimitRow *
find_row (MpLimitsPage *self,
          const char   *mpn)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->resources_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (MP_IS_LIMIT_ROW (child) && g_strcmp0 (mp_limit_row_get_mpn (MP_LIMIT_ROW (child)), mpn) == 0)
      return MP_LIMIT_ROW (child);
  return NULL;
}

/* Builds the draft and the rows for a freshly loaded subscription. On a
 * reload the rows stay, with the values typed, and only learn the new
 * current limits.
 */
static void
set_subscription (MpLimitsPage   *self,
                  MpSubscription *subscription)
{
  g_autoptr(MpOrderDraft) old_draft = g_steal_pointer (&self->draft);
  GListModel *resources = mp_subscription_get_resources (subscription);
  guint n = resources != NULL ? g_list_model_get_n_items (resources) : 0;

  g_set_object (&self->subscription, subscription);
  /* A refusal (409) holds until the server no longer reports a change
   * order on the subscription.
   */
  if (mp_subscription_get_pending_order_id (subscription) == NULL)
    g_clear_pointer (&self->conflict, g_free);
  if (old_draft != NULL)
    g_signal_handlers_disconnect_by_data (old_draft, self);

  adw_window_title_set_subtitle (self->window_title, mp_subscription_get_name (subscription));

  self->draft = mp_order_draft_new_change (subscription);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscriptionResource) resource = g_list_model_get_item (resources, i);
      const char *mpn = mp_subscription_resource_get_mpn (resource);
      MpLimitRow *row = find_row (self, mpn);
      gint64 minimum = 0, maximum = -1;

      mp_order_draft_get_range (self->draft, mpn, &minimum, &maximum);
      if (row == NULL)
        {
          row = MP_LIMIT_ROW (mp_limit_row_new (resource, minimum, maximum));
          gtk_list_box_append (self->resources_list, GTK_WIDGET (row));
          g_signal_connect_object (row, "notify::value", G_CALLBACK (row_value_cb), self, G_CONNECT_SWAPPED);
        }
      else
        mp_limit_row_set_resource (row, resource);
      mp_order_draft_set_quantity (self->draft, mpn, mp_limit_row_get_value (row));
    }

  g_signal_connect_object (self->draft, "changed", G_CALLBACK (draft_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::valid", G_CALLBACK (draft_valid_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::reason", G_CALLBACK (draft_valid_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->draft, "notify::total", G_CALLBACK (update_ok), self, G_CONNECT_SWAPPED);

  update_pending (self);
  update_ok (self);
  estimate (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
get_subscription_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MpLimitsPage *self = user_data;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;

  subscription = mp_client_get_subscription_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (subscription == NULL)
    {
      if (self->subscription == NULL)
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      else
        mp_error_box_set_error (self->error_box, _("Could Not Reload the Subscription"), error);
      return;
    }

  set_subscription (self, subscription);
}

static void
load (MpLimitsPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->subscription == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  mp_client_get_subscription_async (mp_session_get_client (self->session), self->subscription_id,
                                    self->cancellable, get_subscription_cb, self);
}

static void
retry_clicked_cb (MpLimitsPage *self)
{
  load (self);
}

static void
estimate_clicked_cb (MpLimitsPage *self)
{
  mp_error_box_clear (self->error_box);
  /* A refusal may be over: the server decides again. */
  g_clear_pointer (&self->conflict, g_free);
  update_pending (self);
  update_ok (self);
  estimate (self);
}

static void
place_order_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  PlaceData *data = user_data;
  g_autoptr(MpLimitsPage) self = g_weak_ref_get (&data->page);
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  MpOrder *tracked;

  order = mp_client_place_order_finish (MP_CLIENT (object), result, &error);

  if (order != NULL)
    {
      /* Whatever happened to the page, the order is followed. */
      tracked = mp_session_track_order (data->session, order);
      if (self != NULL)
        {
          g_autofree char *text = NULL;

          self->placing = FALSE;
          self->placed = TRUE;
          update_ok (self);
          gtk_widget_set_sensitive (GTK_WIDGET (self->resources_group), FALSE);
          /* Coming back to this page must not suggest ordering again. */
          text = g_strdup_printf (_("Change order %s was placed. Follow it on its provisioning page or in Orders."),
                                  mp_order_get_order_number (tracked));
          gtk_label_set_text (self->pending_label, text);
          gtk_widget_set_visible (self->pending_box, TRUE);
          gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", mp_order_get_id (tracked));
        }
      place_data_free (data);
      return;
    }

  place_data_free (data);
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->placing = FALSE;
  g_debug ("Placing the change order failed: %s", error->message);
  if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT))
    set_conflict (self, error->message);
  if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK) && !mp_client_error_get_retry_safe (error))
    mp_error_box_set_error (self->error_box, _("The Order May Not Have Been Placed"), error);
  else
    mp_error_box_set_error (self->error_box, _("The Order Was Not Placed"), error);
  update_ok (self);
}

static void
ok_clicked_cb (MpLimitsPage *self)
{
  PlaceData *data;

  g_assert (MP_IS_LIMITS_PAGE (self));

  /* A second click, or a click while refused, never sends anything. */
  if (self->placing || self->placed || self->draft == NULL ||
      !mp_order_draft_get_valid (self->draft) || mp_order_draft_get_total (self->draft) == NULL ||
      is_pending (self))
    return;

  self->placing = TRUE;
  mp_error_box_clear (self->error_box);
  update_ok (self);

  /* Not cancelled with the page: an order on its way must still be
   * handed to the session when the user has left the page.
   */
  data = g_new0 (PlaceData, 1);
  g_weak_ref_init (&data->page, self);
  data->session = g_object_ref (self->session);
  mp_client_place_order_async (mp_session_get_client (self->session), self->draft, NULL,
                               place_order_cb, data);
}

static void
session_changed_cb (MpLimitsPage *self)
{
  if (self->placing || self->placed)
    return;
  /* A change order may have finished: learn the new current limits. */
  load (self);
}

static void
mp_limits_page_dispose (GObject *object)
{
  MpLimitsPage *self = MP_LIMITS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->estimate_cancellable);
  g_clear_handle_id (&self->estimate_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_LIMITS_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->estimate_cancellable);
  g_clear_object (&self->draft);
  g_clear_object (&self->subscription);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_limits_page_parent_class)->dispose (object);
}

static void
mp_limits_page_finalize (GObject *object)
{
  MpLimitsPage *self = MP_LIMITS_PAGE (object);

  g_clear_pointer (&self->subscription_id, g_free);
  g_clear_pointer (&self->conflict, g_free);

  G_OBJECT_CLASS (mp_limits_page_parent_class)->finalize (object);
}

static void
mp_limits_page_constructed (GObject *object)
{
  MpLimitsPage *self = MP_LIMITS_PAGE (object);

  G_OBJECT_CLASS (mp_limits_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "order-number-known", G_CALLBACK (update_pending), self,
                           G_CONNECT_SWAPPED);
  load (self);
}

static void
mp_limits_page_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MpLimitsPage *self = MP_LIMITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_SUBSCRIPTION_ID:
      g_value_set_string (value, self->subscription_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_limits_page_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MpLimitsPage *self = MP_LIMITS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_SUBSCRIPTION_ID:
      self->subscription_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_limits_page_class_init (MpLimitsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_limits_page_constructed;
  object_class->dispose = mp_limits_page_dispose;
  object_class->get_property = mp_limits_page_get_property;
  object_class->set_property = mp_limits_page_set_property;
  object_class->finalize = mp_limits_page_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBSCRIPTION_ID] =
    g_param_spec_string ("subscription-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-limits-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, pending_box);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, resources_group);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, resources_list);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, estimate_spinner);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, price_hint);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, price_list);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, placing_spinner);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, estimate_button);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, ok_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, estimate_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
}

static void
mp_limits_page_init (MpLimitsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Enter in an amount means OK. */
  mp_a11y_default_while_shown (GTK_WIDGET (self), GTK_WIDGET (self->ok_button));
}

GtkWidget *
mp_limits_page_new (MpSession  *session,
                    const char *subscription_id)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (subscription_id != NULL, NULL);

  return g_object_new (MP_TYPE_LIMITS_PAGE,
                       "session", session, "subscription-id", subscription_id,
                       NULL);
}
