/* mp-switch-plan-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-switch-plan-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-estimate-view.h"
#include "mp-page-util.h"
#include "mp-switch-plan-page.h"

/* Switch Plan (issue 14 item 1): the switches the subscription's plan
 * allows from its period, one row each with its billing policy and when it
 * takes effect in words; the chosen one as an MpPurchase of a switch draft
 * (mp_order_draft_new_switch ()), its estimate in the estimate view, the
 * limits carried over (or why they do not fit), and OK, which places it
 * and hands it to the session, like Change Resource Limits.
 */
struct _MpSwitchPlanPage
{
  AdwBin          parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkStack       *stack;
  AdwStatusPage  *error_page;
  GtkWidget      *pending_box;
  GtkLabel       *pending_label;
  AdwPreferencesGroup *targets_group;
  GtkListBox     *targets_list;
  AdwPreferencesGroup *limits_group;
  GtkLabel       *reason_label;
  GtkListBox     *limits_list;
  GtkWidget      *when_group;
  AdwActionRow   *renewal_row;
  GtkCheckButton *now_check;
  GtkCheckButton *renewal_check;
  MpEstimateView *estimate_view;
  MpErrorBox     *error_box;
  GtkSpinner     *placing_spinner;
  GtkButton      *ok_button;

  /* Owned References */
  MpSession      *session;
  char           *subscription_id;
  MpSubscription *subscription;
  MpPurchase     *purchase;
  GCancellable   *cancellable;
  GtkCheckButton *group;         /* the first target's check button */
  MpSwitchEffective when;        /* of the chosen switch */
};

G_DEFINE_FINAL_TYPE (MpSwitchPlanPage, mp_switch_plan_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SUBSCRIPTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/**
 * mp_switch_plan_page_describe:
 *
 * Returns: the switch's billing and timing in one sentence.
 */
const char *
mp_switch_plan_page_describe (MpBillingPolicy   policy,
                              MpSwitchEffective when)
{
  if (when == MP_SWITCH_EFFECTIVE_NEXT_BILLING_PERIOD)
    return _("Takes effect at the next billing period; nothing is charged or refunded now.");
  if (when == MP_SWITCH_EFFECTIVE_NEXT_SUBSCRIPTION_PERIOD)
    return _("Takes effect at the next renewal; nothing is charged or refunded now.");
  switch (policy)
    {
    case MP_BILLING_POLICY_PRORATE_KEEPING_EXP_DATE:
      return _("Takes effect now and keeps the renewal date; the unused part of the current plan is refunded and the new plan is charged until then.");
    case MP_BILLING_POLICY_PRORATE_STARTING_NEW_SUBSCRIPTION_PERIOD:
    case MP_BILLING_POLICY_PERIOD_CHANGE:
    case MP_BILLING_POLICY_PRORATE_REFUND:
    case MP_BILLING_POLICY_PRORATE_REFUND_WITH_FULL_REFUND_PERIOD:
      return _("Takes effect now and starts a new term today; the unused part of the current term is refunded.");
    case MP_BILLING_POLICY_NO_REFUND:
    case MP_BILLING_POLICY_NO_REFUND_WITH_FULL_REFUND_PERIOD:
      return _("Takes effect now and starts a new term today; the unused part of the current term is not refunded.");
    case MP_BILLING_POLICY_UNKNOWN:
    default:
      return _("Takes effect now.");
    }
}

static MpOrderDraft *
get_draft (MpSwitchPlanPage *self)
{
  return self->purchase != NULL ? mp_purchase_get_draft (self->purchase) : NULL;
}

static gboolean
is_busy (MpSwitchPlanPage *self)
{
  return self->purchase != NULL
         && (mp_purchase_get_placing (self->purchase) || mp_purchase_get_order (self->purchase) != NULL);
}

static gboolean
is_later (MpSwitchPlanPage *self)
{
  return self->when == MP_SWITCH_EFFECTIVE_NEXT_BILLING_PERIOD ||
         self->when == MP_SWITCH_EFFECTIVE_NEXT_SUBSCRIPTION_PERIOD;
}

static void
update_ok (MpSwitchPlanPage *self)
{
  MpOrderDraft *draft = get_draft (self);
  gboolean sensitive = draft != NULL &&
                       mp_purchase_get_state (self->purchase) == MP_PURCHASE_STATE_READY &&
                       mp_order_draft_get_valid (draft) &&
                       !is_busy (self);
  const char *reason = draft != NULL ? mp_order_draft_get_reason (draft) : NULL;

  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), sensitive);
  gtk_widget_set_sensitive (self->when_group, !is_busy (self));
  gtk_spinner_set_spinning (self->placing_spinner, self->purchase != NULL && mp_purchase_get_placing (self->purchase));
  gtk_label_set_text (self->reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->reason_label), reason != NULL);
}

/* "Apply now" or "Apply at renewal (DATE)" for a switch that could take
 * effect now; one that takes effect later is scheduled for the renewal
 * anyway (docs/api.md "Plan switches"), and a subscription that does not
 * renew offers "now" only.
 */
static void
update_when (MpSwitchPlanPage *self)
{
  MpOrderDraft *draft = get_draft (self);
  gboolean renews = mp_page_update_when_choice (self->renewal_row, self->now_check, self->renewal_check,
                                                self->subscription);

  if (draft == NULL)
    return;
  if (is_later (self))
    mp_order_draft_set_scheduled (draft, renews);
  else
    mp_order_draft_set_scheduled (draft, renews && gtk_check_button_get_active (self->renewal_check));
  gtk_widget_set_visible (self->when_group, renews && !is_later (self));
}

static void
when_toggled_cb (MpSwitchPlanPage *self)
{
  if (is_busy (self))
    return;
  update_when (self);
}

static void
show_limits (MpSwitchPlanPage *self,
             MpPlan           *target)
{
  GListModel *resources = mp_plan_get_resources (target);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->limits_list))) != NULL)
    gtk_list_box_remove (self->limits_list, child);
  for (guint i = 0; i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpResource) r = g_list_model_get_item (resources, i);
      gint64 q = mp_order_draft_get_quantity (get_draft (self), mp_resource_get_mpn (r));
      g_autofree char *amount = NULL;
      GtkWidget *row, *label;

      if (q <= 0 || mp_resource_get_one_time (r))
        continue;
      amount = mp_page_format_quantity (q);
      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_resource_get_name (r));
      label = gtk_label_new (amount);
      gtk_widget_add_css_class (label, "numeric");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
      gtk_list_box_append (self->limits_list, row);
    }
}

static void
target_toggled_cb (GtkCheckButton   *check,
                   MpSwitchPlanPage *self)
{
  MpPlanSwitch *target_switch = g_object_get_data (G_OBJECT (check), "mp-switch");
  MpPlan *target = g_object_get_data (G_OBJECT (check), "mp-plan");
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpPurchase) purchase = NULL;

  if (!gtk_check_button_get_active (check) || is_busy (self))
    return;
  if (self->purchase != NULL)
    g_signal_handlers_disconnect_by_data (self->purchase, self);
  self->when = mp_plan_switch_get_when_effective (target_switch);
  draft = mp_order_draft_new_switch (self->subscription, target, mp_plan_switch_get_period (target_switch));
  purchase = mp_purchase_new (mp_session_get_client (self->session), draft);
  /* Whoever still shows the purchase, its order is followed. */
  mp_session_track_purchase (self->session, purchase);
  g_set_object (&self->purchase, purchase);
  mp_estimate_view_set_purchase (self->estimate_view, purchase);
  g_signal_connect_object (purchase, "notify::state", G_CALLBACK (update_ok), self, G_CONNECT_SWAPPED);
  mp_error_box_clear (self->error_box);
  show_limits (self, target);
  gtk_widget_set_visible (GTK_WIDGET (self->limits_group), TRUE);
  update_when (self);
  update_ok (self);
}

static void
add_target (MpSwitchPlanPage *self,
            MpPlanSwitch     *target_switch,
            MpPlan           *target)
{
  g_autofree char *period = mp_page_format_period (mp_plan_switch_get_period (target_switch));
  /* Translators: a service plan name, then a subscription period ("1 year"). */
  g_autofree char *title = g_strdup_printf (_("%s, %s"), mp_plan_get_name (target), period);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               mp_switch_plan_page_describe (mp_plan_switch_get_billing_policy (target_switch),
                                                             mp_plan_switch_get_when_effective (target_switch)));
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  if (self->group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), self->group);
  else
    self->group = GTK_CHECK_BUTTON (check);
  g_object_set_data_full (G_OBJECT (check), "mp-switch", g_object_ref (target_switch), g_object_unref);
  g_object_set_data_full (G_OBJECT (check), "mp-plan", g_object_ref (target), g_object_unref);
  g_signal_connect_object (check, "toggled", G_CALLBACK (target_toggled_cb), self, 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  gtk_list_box_append (self->targets_list, row);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

typedef struct
{
  MpSwitchPlanPage *self;
  MpPlanSwitch     *target_switch;
} TargetRequest;

static void
target_request_free (gpointer data)
{
  TargetRequest *request = data;

  g_object_unref (request->self);
  g_object_unref (request->target_switch);
  g_free (request);
}

static void
target_plan_cb (gpointer      user_data,
                MpPlan       *plan,
                const GError *error)
{
  TargetRequest *request = user_data;

  if (plan == NULL)
    {
      mp_error_box_set_error (request->self->error_box, _("Could Not Load a Plan"), error);
      gtk_stack_set_visible_child_name (request->self->stack, "content");
      return;
    }
  add_target (request->self, request->target_switch, plan);
}

static void
source_plan_cb (gpointer      user_data,
                MpPlan       *plan,
                const GError *error)
{
  MpSwitchPlanPage *self = user_data;
  GListModel *switches;
  guint count = 0;

  if (plan == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  switches = mp_plan_get_switches (plan);
  for (guint i = 0; i < g_list_model_get_n_items (switches); i++)
    {
      g_autoptr(MpPlanSwitch) s = g_list_model_get_item (switches, i);
      MpPeriod *source = mp_plan_switch_get_source_period (s);
      TargetRequest *request;

      if (source != NULL && !mp_period_equal (source, mp_subscription_get_period (self->subscription)))
        continue;
      request = g_new0 (TargetRequest, 1);
      request->self = g_object_ref (self);
      request->target_switch = g_object_ref (s);
      mp_page_get_plan (mp_session_get_client (self->session), mp_plan_switch_get_plan_id (s), self->cancellable,
                        target_plan_cb, request, target_request_free);
      count++;
    }
  if (count == 0)
    {
      adw_status_page_set_description (self->error_page, _("The plan of this subscription allows no switch from its period."));
      gtk_stack_set_visible_child_name (self->stack, "error");
    }
}

static void
get_subscription_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MpSwitchPlanPage *self = user_data;
  g_autoptr(GError) error = NULL;
  MpSubscription *subscription;

  subscription = mp_client_get_subscription_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (subscription == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      return;
    }
  g_clear_object (&self->subscription);
  self->subscription = subscription;
  adw_window_title_set_subtitle (self->window_title, mp_subscription_get_name (subscription));
  if (mp_subscription_get_pending_order_id (subscription) != NULL)
    {
      gtk_label_set_text (self->pending_label, _("A change order is in progress on this subscription. The plan can be switched once it is finished."));
      gtk_widget_set_visible (self->pending_box, TRUE);
    }
  mp_page_get_plan (mp_session_get_client (self->session), mp_subscription_get_plan_id (subscription),
                    self->cancellable, source_plan_cb, self, NULL);
}

static void
load (MpSwitchPlanPage *self)
{
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->group = NULL;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->targets_list))) != NULL)
    gtk_list_box_remove (self->targets_list, child);
  gtk_widget_set_visible (GTK_WIDGET (self->limits_group), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  mp_client_get_subscription_async (mp_session_get_client (self->session), self->subscription_id,
                                    self->cancellable, get_subscription_cb, self);
}

static void
retry_clicked_cb (MpSwitchPlanPage *self)
{
  load (self);
}

/* Holds a reference on the page: the placement is never cancelled by it. */
static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpSwitchPlanPage) self = user_data;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = mp_purchase_place_finish (MP_PURCHASE (object), result, &error);
  if (MP_PURCHASE (object) != self->purchase)
    return;
  update_ok (self);
  if (order != NULL)
    {
      MpOrder *tracked = mp_session_lookup_order (self->session, mp_order_get_id (order));

      if (gtk_widget_get_mapped (GTK_WIDGET (self)))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s",
                                    mp_order_get_id (tracked != NULL ? tracked : order));
      return;
    }
  g_debug ("Placing the switch order failed: %s", error->message);
  mp_error_box_set_error (self->error_box, _("The Order Was Not Placed"), error);
}

static void
ok_clicked_cb (MpSwitchPlanPage *self)
{
  /* A second click, or a click while refused, never sends anything. */
  if (!gtk_widget_get_sensitive (GTK_WIDGET (self->ok_button)) || self->purchase == NULL || is_busy (self))
    return;
  mp_error_box_clear (self->error_box);
  mp_purchase_place_async (self->purchase, NULL, place_cb, g_object_ref (self));
  update_ok (self);
}

static void
mp_switch_plan_page_dispose (GObject *object)
{
  MpSwitchPlanPage *self = MP_SWITCH_PLAN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->purchase != NULL)
    g_signal_handlers_disconnect_by_data (self->purchase, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_SWITCH_PLAN_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->purchase);
  g_clear_object (&self->subscription);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_switch_plan_page_parent_class)->dispose (object);
}

static void
mp_switch_plan_page_finalize (GObject *object)
{
  MpSwitchPlanPage *self = MP_SWITCH_PLAN_PAGE (object);

  g_clear_pointer (&self->subscription_id, g_free);

  G_OBJECT_CLASS (mp_switch_plan_page_parent_class)->finalize (object);
}

static void
mp_switch_plan_page_constructed (GObject *object)
{
  MpSwitchPlanPage *self = MP_SWITCH_PLAN_PAGE (object);

  G_OBJECT_CLASS (mp_switch_plan_page_parent_class)->constructed (object);
  load (self);
}

static void
mp_switch_plan_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  MpSwitchPlanPage *self = MP_SWITCH_PLAN_PAGE (object);

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
mp_switch_plan_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  MpSwitchPlanPage *self = MP_SWITCH_PLAN_PAGE (object);

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
mp_switch_plan_page_class_init (MpSwitchPlanPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_switch_plan_page_constructed;
  object_class->dispose = mp_switch_plan_page_dispose;
  object_class->get_property = mp_switch_plan_page_get_property;
  object_class->set_property = mp_switch_plan_page_set_property;
  object_class->finalize = mp_switch_plan_page_finalize;

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
                                               "/io/github/marketpanel/MarketPanel/pages/mp-switch-plan-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, pending_box);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, targets_group);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, targets_list);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, limits_group);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, reason_label);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, limits_list);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, estimate_view);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, placing_spinner);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, ok_button);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, when_group);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, renewal_row);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, now_check);
  gtk_widget_class_bind_template_child (widget_class, MpSwitchPlanPage, renewal_check);
  gtk_widget_class_bind_template_callback (widget_class, when_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
}

static void
mp_switch_plan_page_init (MpSwitchPlanPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  mp_a11y_default_while_shown (GTK_WIDGET (self), GTK_WIDGET (self->ok_button));
}

GtkWidget *
mp_switch_plan_page_new (MpSession  *session,
                         const char *subscription_id)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (subscription_id != NULL, NULL);

  return g_object_new (MP_TYPE_SWITCH_PLAN_PAGE,
                       "session", session, "subscription-id", subscription_id,
                       NULL);
}
