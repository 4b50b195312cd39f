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
#include "mp-estimate-view.h"
#include "mp-limit-row.h"
#include "mp-limits-page.h"
#include "mp-page-util.h"

/* Change Resource Limits (flow 5): one spin row per resource and a view
 * of one MpPurchase, the change order: its estimate as the values change,
 * and OK, which places it. The purchase, not the page, owns the estimate
 * and the placement: a placement outlives the page, the "placed" signal
 * hands the order to the session, which follows it to the end, and a page
 * opened again on the subscription while the change is being placed (or
 * after its answer was lost) shows that same purchase. What the user typed
 * is never thrown away: a failed estimate, a refused order or a lost
 * server leave every value as it was.
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
  MpEstimateView *estimate_view;
  GtkWidget      *when_group;
  AdwActionRow   *now_row;
  AdwActionRow   *renewal_row;
  GtkCheckButton *now_check;
  GtkCheckButton *renewal_check;
  MpErrorBox     *error_box;
  GtkSpinner     *placing_spinner;
  GtkButton      *ok_button;

  /* Owned References */
  MpSession      *session;
  char           *subscription_id;
  MpSubscription *subscription;
  MpPurchase     *purchase;
  GCancellable   *cancellable;
  char           *conflict;     /* the server's refusal (409), if any */
};

G_DEFINE_FINAL_TYPE (MpLimitsPage, mp_limits_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SUBSCRIPTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The change orders of this process that were sent and are not known to
 * be placed yet (on their way, or their answer lost), by client and
 * subscription: a page opened again on the subscription shows the same
 * purchase instead of offering to place a second order.
 */
static GHashTable *placements;  /* "client/subscription id" -> MpPurchase */

static char *
placement_key (MpLimitsPage *self)
{
  return g_strdup_printf ("%p/%s", (gpointer) mp_session_get_client (self->session), self->subscription_id);
}

static MpPurchase *
lookup_placement (MpLimitsPage *self)
{
  g_autofree char *key = NULL;

  if (placements == NULL)
    return NULL;
  key = placement_key (self);
  return g_hash_table_lookup (placements, key);
}

static void
remember_placement (MpLimitsPage *self)
{
  if (placements == NULL)
    placements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  g_hash_table_replace (placements, placement_key (self), g_object_ref (self->purchase));
}

static void
forget_placement (MpLimitsPage *self)
{
  g_autofree char *key = placement_key (self);

  if (placements != NULL && g_hash_table_lookup (placements, key) == self->purchase)
    g_hash_table_remove (placements, key);
}

static gboolean
is_placed (MpLimitsPage *self)
{
  return self->purchase != NULL && mp_purchase_get_order (self->purchase) != NULL;
}

static gboolean
is_placing (MpLimitsPage *self)
{
  return self->purchase != NULL && mp_purchase_get_placing (self->purchase);
}

static MpOrderDraft *
get_draft (MpLimitsPage *self)
{
  return self->purchase != NULL ? mp_purchase_get_draft (self->purchase) : NULL;
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

  if (is_placed (self))
    {
      MpOrder *order = mp_purchase_get_order (self->purchase);
      MpOrder *tracked = mp_session_lookup_order (self->session, mp_order_get_id (order));

      /* Coming back to this page must not suggest ordering again. */
      reason = g_strdup_printf (_("Change order %s was placed. Follow it on its provisioning page or in Orders."),
                                mp_order_get_order_number (tracked != NULL ? tracked : order));
    }
  else if (self->conflict != NULL)
    reason = g_strdup (self->conflict);
  else if (!is_placing (self) && is_pending (self))
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
  gtk_widget_set_sensitive (GTK_WIDGET (self->resources_group), reason == NULL && !is_placing (self));
}

static void
update_ok (MpLimitsPage *self)
{
  /* The price is shown before the order can be confirmed. */
  gboolean sensitive = self->purchase != NULL &&
                       mp_purchase_get_state (self->purchase) == MP_PURCHASE_STATE_READY &&
                       mp_order_draft_get_valid (get_draft (self)) &&
                       !is_placing (self) &&
                       !is_placed (self) &&
                       !is_pending (self);

  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), sensitive);
  gtk_widget_set_sensitive (self->when_group, !is_placing (self) && !is_placed (self) && !is_pending (self));
  gtk_spinner_set_spinning (self->placing_spinner, is_placing (self));
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

/* The estimate itself shows in the estimate view; here, what it means
 * for OK, and a refusal (409) it brings.
 */
static void
state_changed_cb (MpLimitsPage *self)
{
  const GError *error = mp_purchase_get_error (self->purchase);

  switch (mp_purchase_get_state (self->purchase))
    {
    case MP_PURCHASE_STATE_READY:
      /* New figures: an earlier refusal of the order is for other values. */
      if (!is_placing (self))
        mp_error_box_clear (self->error_box);
      /* The server priced the change: no other change is in the way. */
      if (self->conflict != NULL)
        {
          g_clear_pointer (&self->conflict, g_free);
          update_pending (self);
        }
      break;

    case MP_PURCHASE_STATE_FAILED:
      g_debug ("Estimate failed: %s", error->message);
      if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT))
        set_conflict (self, error->message);
      break;

    case MP_PURCHASE_STATE_IDLE:
    case MP_PURCHASE_STATE_ESTIMATING:
    default:
      break;
    }
  update_ok (self);
}

static void
row_value_cb (MpLimitsPage *self,
              GParamSpec   *pspec,
              MpLimitRow   *row)
{
  if (self->purchase == NULL || is_placing (self) || is_placed (self))
    return;
  mp_order_draft_set_quantity (get_draft (self), mp_limit_row_get_mpn (row), mp_limit_row_get_value (row));
}

/* "Apply now" or "Apply at renewal (DATE)": the draft's "scheduled". */
static void
when_toggled_cb (MpLimitsPage *self)
{
  if (self->purchase == NULL || is_placing (self) || is_placed (self))
    return;
  mp_order_draft_set_scheduled (get_draft (self), gtk_check_button_get_active (self->renewal_check));
}

/* The renewal choice names the date; a subscription that does not renew
 * (or has no date) offers only "now".
 */
static void
update_when (MpLimitsPage *self)
{
  gboolean renews = mp_page_update_when_choice (self->renewal_row, self->now_check, self->renewal_check,
                                                self->subscription);
  MpOrderDraft *draft = get_draft (self);
  gboolean scheduled = draft != NULL && mp_order_draft_get_scheduled (draft);

  gtk_widget_set_visible (self->when_group, renews || scheduled);
  if (scheduled != gtk_check_button_get_active (self->renewal_check))
    gtk_check_button_set_active (scheduled ? self->renewal_check : self->now_check, TRUE);
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

static void
set_purchase (MpLimitsPage *self,
              MpPurchase   *purchase)
{
  if (self->purchase == purchase)
    return;
  if (self->purchase != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->purchase, self);
      g_signal_handlers_disconnect_by_data (mp_purchase_get_draft (self->purchase), self);
    }
  g_set_object (&self->purchase, purchase);
  mp_estimate_view_set_purchase (self->estimate_view, purchase);
  g_signal_connect_object (purchase, "notify::state", G_CALLBACK (state_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mp_purchase_get_draft (purchase), "notify::valid", G_CALLBACK (update_ok), self,
                           G_CONNECT_SWAPPED);
}

/* A page opened while a change of the subscription was being placed (or
 * its answer lost) joins that placement.
 */
static void place_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data);

/* Builds the purchase and the rows for a freshly loaded subscription. On a
 * reload the rows stay, with the values typed, and only learn the new
 * current limits; a purchase already sent stays as it was sent.
 */
static void
set_subscription (MpLimitsPage   *self,
                  MpSubscription *subscription)
{
  GListModel *resources = mp_subscription_get_resources (subscription);
  guint n = resources != NULL ? g_list_model_get_n_items (resources) : 0;
  MpPurchase *sent = lookup_placement (self);
  gboolean adopted = sent != NULL && sent != self->purchase;
  MpOrderDraft *draft;

  g_set_object (&self->subscription, subscription);
  /* A refusal (409) holds until the server no longer reports a change
   * order on the subscription.
   */
  if (mp_subscription_get_pending_order_id (subscription) == NULL)
    g_clear_pointer (&self->conflict, g_free);

  adw_window_title_set_subtitle (self->window_title, mp_subscription_get_name (subscription));

  if (sent != NULL)
    set_purchase (self, sent);
  else if (!is_placing (self) && !is_placed (self))
    {
      g_autoptr(MpOrderDraft) change = mp_order_draft_new_change (subscription);
      g_autoptr(MpPurchase) purchase = mp_purchase_new (mp_session_get_client (self->session), change);

      /* Whoever still shows the purchase, its order is followed. */
      mp_session_track_purchase (self->session, purchase);
      set_purchase (self, purchase);
    }
  draft = get_draft (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscriptionResource) resource = g_list_model_get_item (resources, i);
      const char *mpn = mp_subscription_resource_get_mpn (resource);
      MpLimitRow *row = find_row (self, mpn);
      gint64 minimum = 0, maximum = -1;

      mp_order_draft_get_range (draft, mpn, &minimum, &maximum);
      if (row == NULL)
        {
          row = MP_LIMIT_ROW (mp_limit_row_new (resource, minimum, maximum));
          gtk_list_box_append (self->resources_list, GTK_WIDGET (row));
          g_signal_connect_object (row, "notify::value", G_CALLBACK (row_value_cb), self, G_CONNECT_SWAPPED);
        }
      else
        mp_limit_row_set_resource (row, resource);
      if (sent != NULL || is_placing (self) || is_placed (self))
        /* What was sent, not what the new subscription has. */
        mp_limit_row_set_value (row, mp_order_draft_get_quantity (draft, mpn));
      else
        mp_order_draft_set_quantity (draft, mpn, mp_limit_row_get_value (row));
    }

  if (adopted && mp_purchase_get_placing (sent))
    mp_purchase_place_async (sent, NULL, place_cb, g_object_ref (self));

  update_pending (self);
  update_ok (self);
  update_when (self);
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

/* The answer was lost: the order may exist. */
static gboolean
placement_uncertain (const GError *error)
{
  return g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK) && !mp_client_error_get_retry_safe (error);
}

/* Holds a reference on the page: the placement is never cancelled by it. */
static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpLimitsPage) self = user_data;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = mp_purchase_place_finish (MP_PURCHASE (object), result, &error);
  if (MP_PURCHASE (object) != self->purchase)
    return;
  update_pending (self);
  update_ok (self);

  if (order != NULL)
    {
      MpOrder *tracked = mp_session_lookup_order (self->session, mp_order_get_id (order));

      forget_placement (self);
      /* Only the page the user sees moves on to the order. */
      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s",
                                    mp_order_get_id (tracked != NULL ? tracked : order));
      return;
    }

  g_debug ("Placing the change order failed: %s", error->message);
  /* Without an answer (or with its key used already) the order may exist:
   * the purchase stays for the page opened again, whose OK looks it up
   * before placing anything, as this one's does.
   */
  if (!g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK) && mp_client_error_get_status (error) != 422)
    forget_placement (self);
  if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT))
    set_conflict (self, error->message);
  if (placement_uncertain (error))
    mp_error_box_set_error (self->error_box, _("The Order May Not Have Been Placed"), error);
  else
    mp_error_box_set_error (self->error_box, _("The Order Was Not Placed"), error);
  update_ok (self);
}

static void
ok_clicked_cb (MpLimitsPage *self)
{
  g_assert (MP_IS_LIMITS_PAGE (self));

  /* A second click, or a click while refused, never sends anything. */
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->ok_button)) || self->purchase == NULL ||
      is_placing (self) || is_placed (self) || is_pending (self))
    return;

  mp_error_box_clear (self->error_box);
  /* Placed even if the user leaves the page meanwhile; kept, so that the
   * page opened again shows it.
   */
  remember_placement (self);
  mp_purchase_place_async (self->purchase, NULL, place_cb, g_object_ref (self));
  update_pending (self);
  update_ok (self);
}

static void
session_changed_cb (MpLimitsPage *self)
{
  if (is_placing (self) || is_placed (self))
    {
      update_pending (self);
      return;
    }
  /* A change order may have finished: learn the new current limits. */
  load (self);
}

static void
mp_limits_page_dispose (GObject *object)
{
  MpLimitsPage *self = MP_LIMITS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->purchase != NULL)
    g_signal_handlers_disconnect_by_data (self->purchase, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_LIMITS_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->purchase);
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
  /* A change sent from an earlier page shows at once, then reloads. */
  {
    MpPurchase *sent = lookup_placement (self);

    if (sent != NULL)
      set_subscription (self, mp_order_draft_get_subscription (mp_purchase_get_draft (sent)));
  }
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
  g_type_ensure (MP_TYPE_ESTIMATE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-limits-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, pending_box);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, resources_group);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, resources_list);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, estimate_view);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, when_group);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, now_row);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, renewal_row);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, now_check);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, renewal_check);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, placing_spinner);
  gtk_widget_class_bind_template_child (widget_class, MpLimitsPage, ok_button);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, when_toggled_cb);
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
