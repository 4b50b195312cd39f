/* mp-provisioning-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-provisioning-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-error-box.h"
#include "mp-estimate-view.h"
#include "mp-page-util.h"
#include "mp-provisioning-page.h"

/* Shows one order being provisioned: its steps with the current one
 * highlighted, a progress bar, the elapsed time, then success or failure.
 * The page only displays the session's live MpOrder: the session does the
 * watching, so leaving the page loses nothing.
 */
struct _MpProvisioningPage
{
  AdwBin          parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkImage       *status_image;
  GtkLabel       *heading_label;
  GtkLabel       *description_label;
  GtkProgressBar *progress_bar;
  GtkLabel       *elapsed_label;
  MpErrorBox     *error_box;
  GtkButton      *follow_button;
  GtkButton      *open_button;
  GtkListBox     *steps_list;
  GtkListBox     *lines_list;

  /* Owned References */
  MpSession      *session;
  MpOrder        *order;
  GDateTime      *started;
  GStrv           shown_steps;
  guint           timer_id;
  guint           pulse_id;
  gint64          shown_step;
  MpOrderStatus   shown_status;
  gint64          final_elapsed;
  gint64          last_change;  /* monotonic time the order last changed */
  GCancellable   *probe_cancellable;

  /* State */
  guint           lost : 1;
  guint           offline : 1;
};

G_DEFINE_FINAL_TYPE (MpProvisioningPage, mp_provisioning_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ORDER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Seconds without news after which the page checks that the marketplace is
 * still there: the client's watcher retries an outage silently.
 */
#define PROBE_AFTER_SECONDS 3

static void refresh (MpProvisioningPage *self);

static gint64
elapsed_seconds (MpProvisioningPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_difference (now, self->started) / G_TIME_SPAN_SECOND;
}

static void
update_elapsed (MpProvisioningPage *self)
{
  gint64 seconds = mp_order_get_final (self->order) && self->final_elapsed >= 0
                   ? self->final_elapsed : elapsed_seconds (self);
  g_autofree char *time = mp_page_format_elapsed (seconds);
  /* Translators: %s is a duration such as 1:05. */
  g_autofree char *text = g_strdup_printf (_("Elapsed time: %s"), time);

  gtk_label_set_text (self->elapsed_label, text);
}

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MpProvisioningPage *self = user_data;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;

  order = mp_client_get_order_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->probe_cancellable);
  self->last_change = g_get_monotonic_time ();
  if (order == NULL && (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NETWORK) ||
                        g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_SERVER)))
    {
      self->offline = TRUE;
      mp_error_box_set_error (self->error_box, _("Lost Contact with the Marketplace"), error);
      refresh (self);
    }
  else if (self->offline)
    {
      self->offline = FALSE;
      mp_error_box_clear (self->error_box);
      refresh (self);
      /* It answers: no need to wait for the session's next try. */
      if (mp_session_get_offline (self->session))
        mp_session_reconnect (self->session);
    }
}

/* Asks for the order (one small request) when nothing was heard for a
 * while, to tell a slow step from an outage.
 */
static void
maybe_probe (MpProvisioningPage *self)
{
  if (self->probe_cancellable != NULL || self->lost || mp_order_get_final (self->order))
    return;
  if (g_get_monotonic_time () - self->last_change < PROBE_AFTER_SECONDS * G_TIME_SPAN_SECOND)
    return;

  self->probe_cancellable = g_cancellable_new ();
  mp_client_get_order_async (mp_session_get_client (self->session), mp_order_get_id (self->order),
                             self->probe_cancellable, probe_cb, self);
}

static gboolean
timer_cb (gpointer user_data)
{
  update_elapsed (user_data);
  maybe_probe (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
pulse_cb (gpointer user_data)
{
  MpProvisioningPage *self = user_data;

  gtk_progress_bar_pulse (self->progress_bar);
  return G_SOURCE_CONTINUE;
}

static void
stop_timers (MpProvisioningPage *self)
{
  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->pulse_id, g_source_remove);
}

static void
add_line_rows (MpProvisioningPage *self)
{
  GListModel *lines = mp_order_get_lines (self->order);
  guint n = lines != NULL ? g_list_model_get_n_items (lines) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list))) != NULL)
    gtk_list_box_remove (self->lines_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);
      GtkWidget *row = mp_order_line_row_new (line, mp_order_get_order_type (self->order) == MP_ORDER_TYPE_CHANGE);

      gtk_list_box_append (self->lines_list, row);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->lines_list)), n > 0);
}

static void
update_steps (MpProvisioningPage *self)
{
  const char * const *steps = mp_order_get_steps (self->order);
  MpOrderStatus status = mp_order_get_status (self->order);
  gint64 step = mp_order_get_step (self->order);
  gboolean completed = status == MP_ORDER_STATUS_COMPLETED;
  gboolean failed = status == MP_ORDER_STATUS_ERROR || status == MP_ORDER_STATUS_CANCELLED;
  guint n = steps != NULL ? g_strv_length ((char **) steps) : 0;
  GtkWidget *child;

  if (self->shown_steps != NULL && steps != NULL &&
      g_strv_equal ((const char * const *) self->shown_steps, steps) &&
      self->shown_step == step && self->shown_status == status)
    return;

  g_strfreev (self->shown_steps);
  self->shown_steps = g_strdupv ((char **) steps);
  self->shown_step = step;
  self->shown_status = status;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->steps_list))) != NULL)
    gtk_list_box_remove (self->steps_list, child);

  /* "step" counts the steps done: steps[step] is the one running. */
  for (guint i = 0; i < n; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *prefix;
      gboolean done = completed || (step >= 0 && (gint64) i < step);
      gboolean current = !done && step >= 0 && (gint64) i == step;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), steps[i]);
      if (done)
        {
          prefix = gtk_image_new_from_icon_name ("emblem-ok-symbolic");
          gtk_widget_add_css_class (prefix, "success");
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Done"));
        }
      else if (current && failed)
        {
          prefix = gtk_image_new_from_icon_name ("dialog-error-symbolic");
          gtk_widget_add_css_class (prefix, "error");
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Failed"));
          gtk_widget_add_css_class (row, "mp-current-step");
        }
      else if (current)
        {
          prefix = gtk_spinner_new ();
          gtk_spinner_start (GTK_SPINNER (prefix));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("In progress"));
          gtk_widget_add_css_class (row, "mp-current-step");
          gtk_widget_add_css_class (row, "accent");
        }
      else
        {
          prefix = gtk_image_new_from_icon_name ("content-loading-symbolic");
          gtk_widget_add_css_class (prefix, "dim-label");
          gtk_widget_add_css_class (row, "dim-label");
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Waiting"));
        }
      gtk_widget_set_size_request (prefix, 16, 16);
      gtk_accessible_update_property (GTK_ACCESSIBLE (prefix),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                                      -1);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), prefix);
      gtk_list_box_append (self->steps_list, row);
    }
  gtk_widget_set_visible (gtk_widget_get_parent (GTK_WIDGET (self->steps_list)), n > 0);
}

static void
refresh (MpProvisioningPage *self)
{
  MpOrderStatus status = mp_order_get_status (self->order);
  const char *subscription_id = mp_order_get_subscription_id (self->order);
  gint64 progress = mp_order_get_progress (self->order);
  gboolean final = mp_order_get_final (self->order);
  g_autofree char *title = NULL;

  g_assert (MP_IS_PROVISIONING_PAGE (self));

  self->last_change = g_get_monotonic_time ();

  /* Translators: %s is an order number such as CH000012. */
  title = g_strdup_printf (_("Order %s"), mp_order_get_order_number (self->order));
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, mp_page_order_type (mp_order_get_order_type (self->order)));

  gtk_widget_remove_css_class (GTK_WIDGET (self->status_image), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_image), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->status_image), "dim-label");

  if (status == MP_ORDER_STATUS_COMPLETED)
    {
      gtk_image_set_from_icon_name (self->status_image, "emblem-ok-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_image), "success");
      gtk_label_set_text (self->heading_label, _("Order Completed"));
      gtk_label_set_text (self->description_label,
                          mp_order_get_order_type (self->order) == MP_ORDER_TYPE_CHANGE
                          ? _("The new resource limits are in place.")
                          : _("The subscription is ready to use."));
      gtk_progress_bar_set_fraction (self->progress_bar, 1.0);
      gtk_progress_bar_set_text (self->progress_bar, _("Done"));
      mp_error_box_clear (self->error_box);
    }
  else if (status == MP_ORDER_STATUS_ERROR)
    {
      gtk_image_set_from_icon_name (self->status_image, "dialog-error-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_image), "error");
      gtk_label_set_text (self->heading_label, _("Order Failed"));
      gtk_label_set_text (self->description_label, _("The marketplace could not provision this order."));
      /* The correlation ID of the answer that reported the failure. */
      mp_error_box_set_message (self->error_box, _("Provisioning Failed"),
                                mp_order_get_error_message (self->order) != NULL
                                ? mp_order_get_error_message (self->order)
                                : _("The marketplace gave no reason."),
                                mp_order_get_correlation_id (self->order));
    }
  else if (status == MP_ORDER_STATUS_CANCELLED)
    {
      gtk_image_set_from_icon_name (self->status_image, "process-stop-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_image), "dim-label");
      gtk_label_set_text (self->heading_label, _("Order Cancelled"));
      gtk_label_set_text (self->description_label, _("The order was cancelled before it was provisioned."));
    }
  else
    {
      const char * const *steps = mp_order_get_steps (self->order);
      gint64 step = mp_order_get_step (self->order);
      guint n = steps != NULL ? g_strv_length ((char **) steps) : 0;

      gtk_image_set_from_icon_name (self->status_image, "emblem-synchronizing-symbolic");
      gtk_widget_add_css_class (GTK_WIDGET (self->status_image), "dim-label");
      gtk_label_set_text (self->heading_label, _("Provisioning"));
      if (self->lost)
        gtk_label_set_text (self->description_label,
                            _("Lost contact with the marketplace. The order goes on being provisioned there; follow it again once the marketplace is back."));
      else if (self->offline)
        gtk_label_set_text (self->description_label,
                            _("Lost contact with the marketplace. The order goes on being provisioned there; this page catches up when the marketplace is back."));
      else if (step >= 0 && (guint) step < n)
        gtk_label_set_text (self->description_label, steps[step]);
      else
        gtk_label_set_text (self->description_label, mp_page_order_status (status));
    }

  if (!final)
    {
      if (progress >= 0)
        {
          g_autofree char *text = g_strdup_printf (_("%d%%"), (int) CLAMP (progress, 0, 100));

          g_clear_handle_id (&self->pulse_id, g_source_remove);
          gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (progress, 0, 100) / 100.0);
          gtk_progress_bar_set_text (self->progress_bar, text);
        }
      else if (self->pulse_id == 0)
        {
          gtk_progress_bar_set_text (self->progress_bar, _("Waiting for the marketplace"));
          self->pulse_id = g_timeout_add (150, pulse_cb, self);
          g_source_set_name_by_id (self->pulse_id, "[mp] provisioning pulse");
        }
    }
  else
    {
      if (self->final_elapsed < 0)
        self->final_elapsed = elapsed_seconds (self);
      stop_timers (self);
      if (status != MP_ORDER_STATUS_COMPLETED)
        {
          gtk_progress_bar_set_text (self->progress_bar, mp_page_order_status (status));
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), !final || status == MP_ORDER_STATUS_COMPLETED);

  if (final && status == MP_ORDER_STATUS_COMPLETED && subscription_id != NULL)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->open_button), "s", subscription_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->open_button), "win.open-subscription");
      gtk_widget_set_visible (GTK_WIDGET (self->open_button), TRUE);
      gtk_widget_grab_focus (GTK_WIDGET (self->open_button));
    }
  else
    gtk_widget_set_visible (GTK_WIDGET (self->open_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->follow_button), (self->lost || self->offline) && !final);

  update_steps (self);
  update_elapsed (self);
}

/* News of the order means the marketplace is reachable again. */
static void
order_notify_cb (MpProvisioningPage *self)
{
  if (self->offline)
    {
      self->offline = FALSE;
      mp_error_box_clear (self->error_box);
    }
  refresh (self);
}

/* The session goes on following the order through an outage and picks it
 * up again when the marketplace is back; asked to, it tries at once.
 */
static void
follow_clicked_cb (MpProvisioningPage *self)
{
  self->lost = FALSE;
  mp_error_box_clear (self->error_box);
  g_set_object (&self->order, mp_session_follow_order (self->session, self->order));
  refresh (self);
  mp_session_reconnect (self->session);
}

static void
session_changed_cb (MpProvisioningPage *self)
{
  GListModel *active = mp_session_get_active_orders (self->session);
  guint position;

  if (mp_order_get_final (self->order))
    return;
  if (!g_list_store_find (G_LIST_STORE (active), self->order, &position) && !self->lost)
    {
      self->lost = TRUE;
      refresh (self);
    }
}

/* The session lost contact with the marketplace, or has it again. */
static void
session_offline_cb (MpProvisioningPage *self)
{
  gboolean offline = mp_session_get_offline (self->session);

  if (offline == self->offline || mp_order_get_final (self->order))
    return;
  self->offline = offline;
  if (!offline)
    mp_error_box_clear (self->error_box);
  refresh (self);
}

static void
mp_provisioning_page_dispose (GObject *object)
{
  MpProvisioningPage *self = MP_PROVISIONING_PAGE (object);

  stop_timers (self);
  g_cancellable_cancel (self->probe_cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_PROVISIONING_PAGE);

  g_clear_object (&self->probe_cancellable);
  g_clear_object (&self->order);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_provisioning_page_parent_class)->dispose (object);
}

static void
mp_provisioning_page_finalize (GObject *object)
{
  MpProvisioningPage *self = MP_PROVISIONING_PAGE (object);

  g_clear_pointer (&self->started, g_date_time_unref);
  g_clear_pointer (&self->shown_steps, g_strfreev);

  G_OBJECT_CLASS (mp_provisioning_page_parent_class)->finalize (object);
}

static void
mp_provisioning_page_constructed (GObject *object)
{
  MpProvisioningPage *self = MP_PROVISIONING_PAGE (object);
  static const char * const props[] = {
    "notify::status", "notify::progress", "notify::step", "notify::steps",
    "notify::error-message", "notify::final", "notify::subscription-id",
  };
  g_autoptr(GDateTime) created = NULL;
  g_autoptr(GDateTime) provisioned = NULL;

  G_OBJECT_CLASS (mp_provisioning_page_parent_class)->constructed (object);

  /* The session's own object for the order is the one that changes. */
  if (!mp_order_get_final (self->order))
    g_set_object (&self->order, mp_session_track_order (self->session, self->order));

  if (mp_order_get_creation_date (self->order) != NULL)
    created = g_date_time_new_from_iso8601 (mp_order_get_creation_date (self->order), NULL);
  self->started = created != NULL ? g_date_time_ref (created) : g_date_time_new_now_utc ();
  if (mp_order_get_final (self->order) && mp_order_get_provisioning_date (self->order) != NULL)
    provisioned = g_date_time_new_from_iso8601 (mp_order_get_provisioning_date (self->order), NULL);
  if (provisioned != NULL)
    self->final_elapsed = MAX (0, g_date_time_difference (provisioned, self->started) / G_TIME_SPAN_SECOND);
  else if (mp_order_get_final (self->order))
    {
      /* Finished long ago, at a time the server did not say. */
      self->final_elapsed = 0;
      gtk_widget_set_visible (GTK_WIDGET (self->elapsed_label), FALSE);
    }

  for (guint i = 0; i < G_N_ELEMENTS (props); i++)
    g_signal_connect_object (self->order, props[i], G_CALLBACK (order_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->order, "notify::lines", G_CALLBACK (add_line_rows), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::offline", G_CALLBACK (session_offline_cb), self, G_CONNECT_SWAPPED);

  if (!mp_order_get_final (self->order))
    {
      self->timer_id = g_timeout_add_seconds (1, timer_cb, self);
      g_source_set_name_by_id (self->timer_id, "[mp] provisioning elapsed time");
    }

  self->offline = !mp_order_get_final (self->order) && mp_session_get_offline (self->session);
  add_line_rows (self);
  refresh (self);
}

static void
mp_provisioning_page_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  MpProvisioningPage *self = MP_PROVISIONING_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ORDER:
      g_value_set_object (value, self->order);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_provisioning_page_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  MpProvisioningPage *self = MP_PROVISIONING_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_ORDER:
      self->order = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_provisioning_page_class_init (MpProvisioningPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_provisioning_page_constructed;
  object_class->dispose = mp_provisioning_page_dispose;
  object_class->get_property = mp_provisioning_page_get_property;
  object_class->set_property = mp_provisioning_page_set_property;
  object_class->finalize = mp_provisioning_page_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER] =
    g_param_spec_object ("order", NULL, NULL, MP_TYPE_ORDER,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-provisioning-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, status_image);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, heading_label);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, description_label);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, elapsed_label);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, follow_button);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, open_button);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, steps_list);
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, lines_list);
  gtk_widget_class_bind_template_callback (widget_class, follow_clicked_cb);
}

static void
mp_provisioning_page_init (MpProvisioningPage *self)
{
  self->final_elapsed = -1;
  self->shown_step = -2;
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_provisioning_page_new (MpSession *session,
                          MpOrder   *order)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (MP_IS_ORDER (order), NULL);

  return g_object_new (MP_TYPE_PROVISIONING_PAGE,
                       "session", session, "order", order,
                       NULL);
}
