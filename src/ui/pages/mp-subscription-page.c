/* mp-subscription-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-subscription-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-estimate-view.h"
#include "mp-page-util.h"
#include "mp-subscription-page.h"

/* One subscription: its plan, status and dates, the auto-renew switch, its
 * resources (limit, usage, allowed range) and its orders, and the entry to
 * Change Resource Limits, which is refused while a change order runs, and
 * Cancel Subscription: the plan's refund rules in words and dates, a
 * confirmation naming the subscription and its customer with the refund
 * from the cancellation's MpPurchase, placed and then followed by the
 * session.
 */
struct _MpSubscriptionPage
{
  AdwBin           parent_instance;

  /* Template Widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  AdwActionRow    *plan_row;
  AdwActionRow    *status_row;
  AdwActionRow    *period_row;
  AdwActionRow    *dates_row;
  AdwActionRow    *price_row;
  GtkSwitch       *auto_renew_switch;
  GtkButton       *change_button;
  GtkButton       *switch_button;
  GtkLabel        *pending_label;
  GtkListBox      *resources_list;
  GtkListBox      *orders_list;
  GtkWidget       *cancel_group;
  GtkWidget       *scheduled_group;
  AdwActionRow    *renew_now_row;
  GtkButton       *renew_button;
  AdwActionRow    *scheduled_row;
  GtkButton       *scheduled_cancel_button;
  GtkButton       *cancel_button;
  GtkLabel        *cancel_reason_label;
  AdwActionRow    *cancel_rules_row;

  /* Owned References */
  MpSession       *session;
  char            *subscription_id;
  MpSubscription  *subscription;
  MpPagedList     *orders;
  GCancellable    *cancellable;
  GCancellable    *renew_cancellable;
  GCancellable    *customer_cancellable;
  char            *customer_name;
  MpPurchase      *cancellation;   /* of the confirmation shown */
  MpPurchase      *renewal;        /* of the Renew Now confirmation shown */

  /* State */
  guint            updating : 1;
};

G_DEFINE_FINAL_TYPE (MpSubscriptionPage, mp_subscription_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_SUBSCRIPTION_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void load (MpSubscriptionPage *self);
static void update_scheduled (MpSubscriptionPage *self);

static void
set_row_value (AdwActionRow *row,
               const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : "—");
}

static GtkWidget *
create_resource_row (MpSubscriptionResource *resource)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *limit;
  GString *subtitle = g_string_new (NULL);
  gint64 usage = mp_subscription_resource_get_usage (resource);
  gint64 minimum = mp_subscription_resource_get_minimum (resource);
  gint64 maximum = mp_subscription_resource_get_maximum (resource);
  gint64 included = mp_subscription_resource_get_included (resource);
  g_autofree char *limit_text = NULL;
  g_autofree char *accessible = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_subscription_resource_get_name (resource));
  if (usage >= 0)
    {
      /* Translators: how much of a resource is in use. */
      g_string_append_printf (subtitle, _("In use: %'d"), (int) usage);
      g_string_append (subtitle, " · ");
    }
  if (maximum >= 0)
    /* Translators: the range a resource limit may be set to. */
    g_string_append_printf (subtitle, _("Allowed: %'d–%'d"), (int) minimum, (int) maximum);
  else
    g_string_append_printf (subtitle, _("Allowed: %'d or more"), (int) minimum);
  if (included > 0)
    {
      g_string_append (subtitle, " · ");
      /* Translators: how much of a resource comes free of charge. */
      g_string_append_printf (subtitle, _("Included: %'d"), (int) included);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
  g_string_free (subtitle, TRUE);

  limit_text = mp_page_format_quantity (mp_subscription_resource_get_quantity (resource));
  limit = gtk_label_new (limit_text);
  gtk_widget_add_css_class (limit, "title-4");
  gtk_widget_add_css_class (limit, "numeric");
  gtk_widget_set_tooltip_text (limit, _("Limit"));
  accessible = g_strdup_printf (_("Limit: %s"), limit_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (limit), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), limit);
  mp_a11y_set_read_only (row);
  return row;
}

static GtkWidget *
create_order_row (gpointer item,
                  gpointer user_data)
{
  MpSubscriptionPage *self = user_data;
  MpOrder *order = item;
  MpOrder *live = mp_session_lookup_order (self->session, mp_order_get_id (order));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *total;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  g_autofree char *date = NULL;
  g_autofree char *price = NULL;

  if (live != NULL)
    order = live;

  title = g_strdup_printf ("%s · %s", mp_order_get_order_number (order),
                           mp_page_order_type (mp_order_get_order_type (order)));
  date = mp_page_format_date (mp_order_get_creation_date (order));
  subtitle = g_strdup_printf ("%s · %s", mp_page_order_status (mp_order_get_status (order)), date);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  price = mp_page_format_money (mp_order_get_total (order));
  total = gtk_label_new (price);
  gtk_widget_add_css_class (total, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), total);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  return row;
}

static gboolean
is_active (MpSubscriptionPage *self)
{
  return self->subscription != NULL && g_strcmp0 (mp_subscription_get_status (self->subscription), "active") == 0;
}

/* The plan's cancellation rules in words and dates: "Full refund until
 * 8 Dec 2026, then no refund".
 */
static char *
describe_cancellation (MpSubscription *subscription)
{
  const char *after = mp_subscription_get_after_refund_window (subscription);
  const char *until_iso = mp_subscription_get_full_refund_until (subscription);
  g_autofree char *until = NULL;

  if (!mp_subscription_has_cancellation_policy (subscription))
    return g_strdup (_("The marketplace does not state its refund rules; the confirmation shows its estimate"));
  if (until_iso == NULL)
    {
      if (g_strcmp0 (after, "prorated") == 0)
        return g_strdup (_("The unused part of the term is refunded"));
      if (g_strcmp0 (after, "refused") == 0)
        return g_strdup (_("This plan cannot be cancelled"));
      return g_strdup (_("No refund"));
    }
  until = mp_page_format_date (until_iso);
  if (mp_subscription_get_full_refund (subscription))
    {
      if (g_strcmp0 (after, "prorated") == 0)
        /* Translators: %s is a date ("8 Dec 2026"). */
        return g_strdup_printf (_("Full refund until %s, then the unused part of the term is refunded"), until);
      if (g_strcmp0 (after, "refused") == 0)
        /* Translators: %s is a date ("8 Dec 2026"). */
        return g_strdup_printf (_("Full refund until %s, then no cancellation"), until);
      /* Translators: %s is a date ("8 Dec 2026"). */
      return g_strdup_printf (_("Full refund until %s, then no refund"), until);
    }
  if (g_strcmp0 (after, "prorated") == 0)
    /* Translators: %s is a date ("8 Dec 2026"). */
    return g_strdup_printf (_("The full refund ended on %s; the unused part of the term is refunded"), until);
  if (g_strcmp0 (after, "refused") == 0)
    /* Translators: %s is a date ("8 Dec 2026"). */
    return g_strdup_printf (_("Cancellation was possible until %s"), until);
  /* Translators: %s is a date ("8 Dec 2026"). */
  return g_strdup_printf (_("The full refund ended on %s; no refund now"), until);
}

static void
update_cancellation (MpSubscriptionPage *self,
                     gboolean            pending)
{
  g_autofree char *rules = NULL;
  g_autofree char *reason = NULL;
  gboolean active = is_active (self);

  gtk_widget_set_visible (self->cancel_group, active);
  if (!active)
    return;

  rules = describe_cancellation (self->subscription);
  set_row_value (self->cancel_rules_row, rules);
  if (mp_subscription_can_cancel (self->subscription, &reason) && pending)
    reason = g_strdup (_("An order is in progress on this subscription. It can be cancelled once the order is finished."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), reason == NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->cancel_button), reason);
  gtk_label_set_text (self->cancel_reason_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->cancel_reason_label), reason != NULL);
}

static void
update_pending (MpSubscriptionPage *self)
{
  const char *pending_id = NULL;
  g_autofree char *reason = NULL;

  if (self->subscription != NULL)
    pending_id = mp_subscription_get_pending_order_id (self->subscription);

  if (pending_id != NULL || mp_session_has_pending_change (self->session, self->subscription_id))
    {
      const char *number = pending_id != NULL ? mp_session_get_order_number (self->session, pending_id) : NULL;

      if (number != NULL)
        /* Translators: %s is an order number; the order may be a change or a cancellation. */
        reason = g_strdup_printf (_("Order %s is in progress. Resource limits can be changed again once it is finished."), number);
      else
        reason = g_strdup (_("An order is in progress. Resource limits can be changed again once it is finished."));
    }

  /* The button is tied to the window's action, whose enabled state would
   * override ours: detach it while the change is refused.
   */
  /* A cancelled (terminated) subscription cannot be changed any more. */
  if (reason != NULL || !is_active (self))
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->change_button), NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), FALSE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->switch_button), NULL);
      gtk_widget_set_sensitive (GTK_WIDGET (self->switch_button), FALSE);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->change_button), TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->change_button), "s", self->subscription_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->change_button), "win.change-limits");
      gtk_widget_set_sensitive (GTK_WIDGET (self->switch_button), TRUE);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->switch_button), "s", self->subscription_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->switch_button), "win.switch-plan");
    }
  gtk_label_set_text (self->pending_label, reason != NULL ? reason : "");
  gtk_widget_set_visible (GTK_WIDGET (self->pending_label), reason != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->change_button), reason);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->switch_button), reason);
  update_cancellation (self, reason != NULL);
}

static void
update (MpSubscriptionPage *self)
{
  MpSubscription *subscription = self->subscription;
  GListModel *resources;
  GtkWidget *child;
  g_autofree char *plan = NULL;
  g_autofree char *period = NULL;
  g_autofree char *created = NULL;
  g_autofree char *renews = NULL;
  g_autofree char *dates = NULL;
  g_autofree char *price = NULL;
  guint n;

  g_assert (MP_IS_SUBSCRIPTION_PAGE (self));

  if (subscription == NULL)
    return;

  adw_window_title_set_title (self->window_title, mp_subscription_get_name (subscription));
  /* Most subscriptions are named after their plan: say it once. */
  adw_window_title_set_subtitle (self->window_title,
                                 g_strcmp0 (mp_subscription_get_plan_name (subscription),
                                            mp_subscription_get_name (subscription)) != 0
                                 ? mp_subscription_get_plan_name (subscription) : NULL);

  plan = g_strdup_printf ("%s (#%s)", mp_subscription_get_plan_name (subscription),
                          mp_subscription_get_plan_id (subscription));
  set_row_value (self->plan_row, plan);
  set_row_value (self->status_row, mp_page_subscription_status (mp_subscription_get_status (subscription)));
  period = mp_page_format_period (mp_subscription_get_period (subscription));
  set_row_value (self->period_row, period);
  created = mp_page_format_date (mp_subscription_get_creation_date (subscription));
  renews = mp_page_format_date (mp_subscription_get_renewal_date (subscription) != NULL
                                ? mp_subscription_get_renewal_date (subscription)
                                : mp_subscription_get_expiration_date (subscription));
  /* Translators: the dates of a subscription. */
  dates = g_strdup_printf (mp_subscription_get_auto_renew (subscription) ? _("Started %s · renews %s")
                                                                        : _("Started %s · ends %s"),
                           created, renews);
  set_row_value (self->dates_row, dates);
  price = mp_page_format_money (mp_subscription_get_total_price (subscription));
  set_row_value (self->price_row, price);

  self->updating = TRUE;
  gtk_switch_set_active (self->auto_renew_switch, mp_subscription_get_auto_renew (subscription));
  self->updating = FALSE;
  /* Nothing renews once the subscription has ended. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_renew_switch), is_active (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->resources_list))) != NULL)
    gtk_list_box_remove (self->resources_list, child);
  resources = mp_subscription_get_resources (subscription);
  n = resources != NULL ? g_list_model_get_n_items (resources) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscriptionResource) resource = g_list_model_get_item (resources, i);

      gtk_list_box_append (self->resources_list, create_resource_row (resource));
    }

  update_pending (self);
  update_scheduled (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
get_customer_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  MpSubscriptionPage *self = user_data;
  g_autoptr(MpCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  customer = mp_client_get_customer_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (customer == NULL)
    {
      /* The confirmation then names the customer by its ID. */
      g_debug ("Could not load customer %s: %s", mp_subscription_get_customer_id (self->subscription),
               error->message);
      return;
    }
  g_free (self->customer_name);
  self->customer_name = g_strdup (mp_customer_get_name (customer));
}

/* The customer's name, for the cancellation's confirmation: a customer's
 * own login is the customer.
 */
static void
load_customer (MpSubscriptionPage *self)
{
  const char *customer_id = mp_subscription_get_customer_id (self->subscription);
  MpAccount *account = mp_session_get_account (self->session);

  if (self->customer_name != NULL || customer_id == NULL)
    return;
  if (account != NULL && g_strcmp0 (mp_account_get_id (account), customer_id) == 0)
    {
      self->customer_name = g_strdup (mp_account_get_name (account));
      return;
    }
  g_cancellable_cancel (self->customer_cancellable);
  g_clear_object (&self->customer_cancellable);
  self->customer_cancellable = g_cancellable_new ();
  mp_client_get_customer_async (mp_session_get_client (self->session), customer_id,
                                self->customer_cancellable, get_customer_cb, self);
}

static void
get_subscription_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MpSubscriptionPage *self = user_data;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;

  subscription = mp_client_get_subscription_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (subscription == NULL)
    {
      g_debug ("Could not load subscription %s: %s", self->subscription_id, error->message);
      if (self->subscription == NULL)
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Could not reload the subscription: %s"), error->message);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
        }
      return;
    }

  g_set_object (&self->subscription, subscription);
  load_customer (self);
  update (self);
}

static void
load (MpSubscriptionPage *self)
{
  g_assert (MP_IS_SUBSCRIPTION_PAGE (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  if (self->subscription == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  mp_client_get_subscription_async (mp_session_get_client (self->session), self->subscription_id,
                                    self->cancellable, get_subscription_cb, self);
  if (self->orders != NULL)
    mp_paged_list_reload (self->orders);
}

static void
reload_clicked_cb (MpSubscriptionPage *self)
{
  load (self);
}

static void
set_auto_renew_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  MpSubscriptionPage *self = user_data;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(GError) error = NULL;

  subscription = mp_client_set_auto_renew_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_renew_switch), TRUE);
  if (subscription == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not change automatic renewal: %s"), error->message);
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 8);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      /* Put the switch back to what the server has. */
      self->updating = TRUE;
      gtk_switch_set_active (self->auto_renew_switch, mp_subscription_get_auto_renew (self->subscription));
      self->updating = FALSE;
      return;
    }

  /* A change order may have replaced the resources meanwhile: keep them
   * only when the answer has none.
   */
  g_set_object (&self->subscription, subscription);
  update (self);
}

static void
auto_renew_toggled_cb (MpSubscriptionPage *self)
{
  gboolean active;

  g_assert (MP_IS_SUBSCRIPTION_PAGE (self));

  if (self->updating || self->subscription == NULL)
    return;

  active = gtk_switch_get_active (self->auto_renew_switch);
  if (active == mp_subscription_get_auto_renew (self->subscription))
    return;

  g_cancellable_cancel (self->renew_cancellable);
  g_clear_object (&self->renew_cancellable);
  self->renew_cancellable = g_cancellable_new ();
  gtk_widget_set_sensitive (GTK_WIDGET (self->auto_renew_switch), FALSE);
  mp_client_set_auto_renew_async (mp_session_get_client (self->session), self->subscription_id, active,
                                  self->renew_cancellable, set_auto_renew_cb, self);
}

static void
order_activated_cb (MpSubscriptionPage *self,
                    GtkListBoxRow      *row)
{
  /* The list is bound to self->orders: the row's order is its item. */
  g_autoptr(MpOrder) order = g_list_model_get_item (G_LIST_MODEL (self->orders), gtk_list_box_row_get_index (row));

  if (order != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", mp_order_get_id (order));
}

/* A confirmation's response that places the purchase ("mp-confirm"
 * data of the dialog) waits for the price. */
static void
cancellation_state_cb (MpPurchase      *purchase,
                       GParamSpec      *pspec,
                       AdwMessageDialog *dialog)
{
  const char *confirm = g_object_get_data (G_OBJECT (dialog), "mp-confirm");

  adw_message_dialog_set_response_enabled (dialog, confirm != NULL ? confirm : "cancel-subscription",
                                           mp_purchase_get_state (purchase) == MP_PURCHASE_STATE_READY);
}

static void
place_cancellation_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MpSubscriptionPage) self = user_data;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = mp_purchase_place_finish (MP_PURCHASE (object), result, &error);
  if (order == NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not cancel the subscription: %s"), error->message);
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      load (self);
    }
}

static void
cancellation_response_cb (MpSubscriptionPage *self,
                          const char         *response,
                          AdwMessageDialog   *dialog)
{
  g_autoptr(MpPurchase) purchase = g_steal_pointer (&self->cancellation);

  if (purchase == NULL || g_strcmp0 (response, "cancel-subscription") != 0)
    return;

  mp_session_track_purchase (self->session, purchase);
  gtk_widget_set_sensitive (GTK_WIDGET (self->cancel_button), FALSE);
  mp_purchase_place_async (purchase, NULL, place_cancellation_cb, g_object_ref (self));
}

static void
cancel_clicked_cb (MpSubscriptionPage *self)
{
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autofree char *rules = NULL;
  g_autofree char *body = NULL;
  g_autofree char *customer = NULL;
  GtkWidget *dialog;
  GtkWidget *view;

  g_assert (MP_IS_SUBSCRIPTION_PAGE (self));

  if (self->subscription == NULL)
    return;

  draft = mp_order_draft_new_cancellation (self->subscription);
  g_clear_object (&self->cancellation);
  self->cancellation = mp_purchase_new (mp_session_get_client (self->session), draft);

  rules = describe_cancellation (self->subscription);
  customer = self->customer_name != NULL
             ? g_strdup (self->customer_name)
             /* Translators: a customer named by its ID, "customer #1000002". */
             : g_strdup_printf (_("customer #%s"), mp_subscription_get_customer_id (self->subscription));
  /* Translators: the subscription's name, its customer, then the refund
   * rules ("Full refund until 8 Dec 2026, then no refund").
   */
  body = g_strdup_printf (_("“%s” of %s ends and its services stop. %s."),
                          mp_subscription_get_name (self->subscription), customer, rules);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Cancel Subscription?"), body);
  view = mp_estimate_view_new (self->cancellation);
  mp_estimate_view_set_show_recurring (MP_ESTIMATE_VIEW (view), FALSE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), view);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Subscription"),
                                    "cancel-subscription", _("_Cancel Subscription"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-subscription",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Enter and Escape keep it: a destructive action is never the default. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (self->cancellation, "notify::state", G_CALLBACK (cancellation_state_cb), dialog, 0);
  cancellation_state_cb (self->cancellation, NULL, ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (cancellation_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
place_renewal_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MpSubscriptionPage) self = user_data;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = mp_purchase_place_finish (MP_PURCHASE (object), result, &error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->renew_button), TRUE);
  if (order == NULL)
    {
      /* Translators: %s is the server's reason */
      g_autofree char *text = g_strdup_printf (_("Could not renew the subscription: %s"), error->message);
      AdwToast *toast = adw_toast_new (text);

      adw_toast_set_timeout (toast, 0);
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
      load (self);
      return;
    }
  /* The session follows it to completion; the user sees its progress. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", mp_order_get_id (order));
}

static void
renewal_response_cb (MpSubscriptionPage *self,
                     const char         *response,
                     AdwMessageDialog   *dialog)
{
  g_autoptr(MpPurchase) purchase = g_steal_pointer (&self->renewal);

  if (purchase == NULL || g_strcmp0 (response, "renew") != 0)
    return;
  mp_session_track_purchase (self->session, purchase);
  gtk_widget_set_sensitive (GTK_WIDGET (self->renew_button), FALSE);
  mp_purchase_place_async (purchase, NULL, place_renewal_cb, g_object_ref (self));
}

static void
renew_clicked_cb (MpSubscriptionPage *self)
{
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autofree char *date = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;
  GtkWidget *view;

  if (self->subscription == NULL || !mp_subscription_get_manual_renewal (self->subscription))
    return;
  draft = mp_order_draft_new_renewal (self->subscription);
  g_clear_object (&self->renewal);
  self->renewal = mp_purchase_new (mp_session_get_client (self->session), draft);

  date = mp_page_format_date (mp_subscription_get_renewal_date (self->subscription));
  /* Translators: the subscription's name, then its renewal date */
  body = g_strdup_printf (_("“%s” is renewed now for one more term, which starts on %s. It is charged now."),
                          mp_subscription_get_name (self->subscription), date);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Renew Subscription Now?"), body);
  view = mp_estimate_view_new (self->renewal);
  mp_estimate_view_set_show_recurring (MP_ESTIMATE_VIEW (view), FALSE);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), view);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "renew", _("_Renew"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "renew", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "renew");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data (G_OBJECT (dialog), "mp-confirm", (gpointer) "renew");
  g_signal_connect_object (self->renewal, "notify::state", G_CALLBACK (cancellation_state_cb), dialog, 0);
  cancellation_state_cb (self->renewal, NULL, ADW_MESSAGE_DIALOG (dialog));
  g_signal_connect_object (dialog, "response", G_CALLBACK (renewal_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A change waiting for the renewal: when, its order, and its cancel. */
static void
update_scheduled (MpSubscriptionPage *self)
{
  const char *order_id = self->subscription != NULL
                         ? mp_subscription_get_scheduled_order_id (self->subscription) : NULL;
  g_autofree char *date = NULL;
  g_autofree char *subtitle = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->renew_now_row),
                          self->subscription != NULL && mp_subscription_get_manual_renewal (self->subscription));
  if (self->subscription != NULL && mp_subscription_get_manual_renewal (self->subscription))
    {
      g_autofree char *renews = mp_page_format_date (mp_subscription_get_renewal_date (self->subscription));
      /* Translators: %s is the renewal date */
      g_autofree char *ahead = g_strdup_printf (_("Start paying for the next term now instead of on %s"), renews);

      adw_action_row_set_subtitle (self->renew_now_row, ahead);
    }
  gtk_widget_set_visible (self->scheduled_group, order_id != NULL);
  if (order_id == NULL)
    return;
  date = mp_page_format_date (mp_subscription_get_renewal_date (self->subscription));
  /* Translators: %s is the renewal date, e.g. "16 Dec 2026" */
  subtitle = g_strdup_printf (_("Applied at the renewal on %s"), date);
  /* A scheduled order to another plan is a plan switch. */
  {
    MpOrder *order = mp_session_lookup_order (self->session, order_id);
    const char *plan_id = order != NULL ? mp_order_get_plan_id (order) : NULL;

    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->scheduled_row),
                                   plan_id != NULL && g_strcmp0 (plan_id, mp_subscription_get_plan_id (self->subscription)) != 0
                                   ? _("Plan Switch") : _("Change of Limits"));
  }
  adw_action_row_set_subtitle (self->scheduled_row, subtitle);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->scheduled_row), "s", order_id);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->scheduled_row), "win.open-order");
}

static void
cancel_scheduled_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(MpSubscriptionPage) self = user_data;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = mp_client_cancel_order_finish (MP_CLIENT (object), result, &error);
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    mp_session_record_cancel_order (self->session, self->subscription != NULL ? mp_subscription_get_scheduled_order_id (self->subscription) : NULL,
                                    order, error);
  gtk_widget_set_sensitive (GTK_WIDGET (self->scheduled_cancel_button), TRUE);
  if (order == NULL)
    {
      /* Translators: %s is the server's reason */
      g_autofree char *text = g_strdup_printf (_("The scheduled change was not cancelled: %s"), error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Scheduled change cancelled")));
  load (self);
}

static void
scheduled_response_cb (MpSubscriptionPage *self,
                       const char         *response)
{
  const char *order_id = self->subscription != NULL
                         ? mp_subscription_get_scheduled_order_id (self->subscription) : NULL;

  if (order_id == NULL || g_strcmp0 (response, "cancel-change") != 0)
    return;
  gtk_widget_set_sensitive (GTK_WIDGET (self->scheduled_cancel_button), FALSE);
  mp_client_cancel_order_async (mp_session_get_client (self->session), order_id, NULL,
                                cancel_scheduled_cb, g_object_ref (self));
}

static void
scheduled_cancel_clicked_cb (MpSubscriptionPage *self)
{
  g_autofree char *date = NULL;
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (self->subscription == NULL || mp_subscription_get_scheduled_order_id (self->subscription) == NULL)
    return;
  date = mp_page_format_date (mp_subscription_get_renewal_date (self->subscription));
  /* Translators: %s is the renewal date */
  body = g_strdup_printf (_("The resource limits stay as they are at the renewal on %s, and the change is not charged."),
                          date);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Cancel Scheduled Change?"), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "keep", _("_Keep Change"),
                                    "cancel-change", _("_Cancel Change"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "cancel-change",
                                              ADW_RESPONSE_DESTRUCTIVE);
  /* Enter and Escape keep it. */
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "keep");
  g_signal_connect_object (dialog, "response", G_CALLBACK (scheduled_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
session_changed_cb (MpSubscriptionPage *self)
{
  load (self);
}

static void
mp_subscription_page_dispose (GObject *object)
{
  MpSubscriptionPage *self = MP_SUBSCRIPTION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->renew_cancellable);
  g_cancellable_cancel (self->customer_cancellable);
  if (self->orders != NULL)
    mp_paged_list_cancel (self->orders);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_SUBSCRIPTION_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->renew_cancellable);
  g_clear_object (&self->customer_cancellable);
  g_clear_object (&self->cancellation);
  g_clear_object (&self->renewal);
  g_clear_object (&self->orders);
  g_clear_object (&self->subscription);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_subscription_page_parent_class)->dispose (object);
}

static void
mp_subscription_page_finalize (GObject *object)
{
  MpSubscriptionPage *self = MP_SUBSCRIPTION_PAGE (object);

  g_clear_pointer (&self->subscription_id, g_free);
  g_clear_pointer (&self->customer_name, g_free);

  G_OBJECT_CLASS (mp_subscription_page_parent_class)->finalize (object);
}

static void
mp_subscription_page_constructed (GObject *object)
{
  MpSubscriptionPage *self = MP_SUBSCRIPTION_PAGE (object);

  G_OBJECT_CLASS (mp_subscription_page_parent_class)->constructed (object);

  self->orders = mp_client_list_orders (mp_session_get_client (self->session), NULL, self->subscription_id, NULL);
  gtk_list_box_bind_model (self->orders_list, G_LIST_MODEL (self->orders), create_order_row, self, NULL);

  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "order-number-known", G_CALLBACK (update_pending), self,
                           G_CONNECT_SWAPPED);
  load (self);
}

static void
mp_subscription_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MpSubscriptionPage *self = MP_SUBSCRIPTION_PAGE (object);

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
mp_subscription_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MpSubscriptionPage *self = MP_SUBSCRIPTION_PAGE (object);

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
mp_subscription_page_class_init (MpSubscriptionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_subscription_page_constructed;
  object_class->dispose = mp_subscription_page_dispose;
  object_class->get_property = mp_subscription_page_get_property;
  object_class->set_property = mp_subscription_page_set_property;
  object_class->finalize = mp_subscription_page_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBSCRIPTION_ID] =
    g_param_spec_string ("subscription-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-subscription-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, plan_row);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, period_row);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, dates_row);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, price_row);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, auto_renew_switch);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, change_button);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, switch_button);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, pending_label);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, resources_list);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, orders_list);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, cancel_group);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, cancel_reason_label);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, cancel_rules_row);
  gtk_widget_class_bind_template_callback (widget_class, cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, auto_renew_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, order_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, scheduled_cancel_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, renew_clicked_cb);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, renew_now_row);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, renew_button);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, scheduled_group);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, scheduled_row);
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, scheduled_cancel_button);
}

static void
mp_subscription_page_init (MpSubscriptionPage *self)
{
  GtkWidget *placeholder;

  gtk_widget_init_template (GTK_WIDGET (self));

  placeholder = gtk_label_new (_("No orders yet"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (self->orders_list, placeholder);
}

GtkWidget *
mp_subscription_page_new (MpSession  *session,
                          const char *subscription_id)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (subscription_id != NULL, NULL);

  return g_object_new (MP_TYPE_SUBSCRIPTION_PAGE,
                       "session", session, "subscription-id", subscription_id,
                       NULL);
}
