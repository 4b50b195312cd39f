/* mp-order-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-order-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-error-box.h"
#include "mp-estimate-view.h"
#include "mp-order-page.h"
#include "mp-page-util.h"

/* One order's details: status, dates, lines, totals and, for a failed one,
 * the server's message. An order still running can be followed on the
 * provisioning page.
 */
struct _MpOrderPage
{
  AdwBin           parent_instance;

  /* Template Widgets */
  AdwWindowTitle  *window_title;
  AdwToastOverlay *toast_overlay;
  GtkStack        *stack;
  AdwStatusPage   *error_page;
  MpErrorBox      *error_box;
  GtkButton       *follow_button;
  AdwActionRow    *status_row;
  AdwActionRow    *type_row;
  AdwActionRow    *created_row;
  AdwActionRow    *provisioned_row;
  AdwActionRow    *reference_row;
  AdwActionRow    *total_row;
  AdwActionRow    *subscription_row;
  GtkWidget       *lines_group;
  GtkListBox      *lines_list;

  /* Owned References */
  MpSession       *session;
  char            *order_id;
  MpOrder         *order;
  GCancellable    *cancellable;
};

G_DEFINE_FINAL_TYPE (MpOrderPage, mp_order_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  PROP_ORDER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_value (AdwActionRow *row,
           const char   *value)
{
  adw_action_row_set_subtitle (row, value != NULL ? value : "—");
}

static void
update_lines (MpOrderPage *self)
{
  GListModel *lines = mp_order_get_lines (self->order);
  guint n = lines != NULL ? g_list_model_get_n_items (lines) : 0;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->lines_list))) != NULL)
    gtk_list_box_remove (self->lines_list, child);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);
      /* A scheduled change's quantity is the new total, not a difference. */
      gboolean change = mp_order_get_order_type (self->order) == MP_ORDER_TYPE_CHANGE
                        && !mp_order_get_scheduled (self->order);
      GtkWidget *row = mp_order_line_row_new (line, change);

      gtk_list_box_append (self->lines_list, row);
    }
  gtk_widget_set_visible (self->lines_group, n > 0);
}

static void
refresh (MpOrderPage *self)
{
  MpOrder *order = self->order;
  MpOrderStatus status = mp_order_get_status (order);
  const char *subscription_id = mp_order_get_subscription_id (order);
  g_autofree char *title = NULL;
  g_autofree char *created = NULL;
  g_autofree char *provisioned = NULL;
  g_autofree char *total = NULL;
  g_autofree char *status_text = NULL;

  /* Translators: %s is an order number such as SO000004. */
  title = g_strdup_printf (_("Order %s"), mp_order_get_order_number (order));
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, mp_page_order_type (mp_order_get_order_type (order)));

  status_text = mp_page_order_status_text (order);
  set_value (self->status_row, status_text);
  set_value (self->type_row, mp_page_order_type (mp_order_get_order_type (order)));
  created = mp_page_format_date (mp_order_get_creation_date (order));
  set_value (self->created_row, created);
  provisioned = mp_page_format_date (mp_order_get_provisioning_date (order));
  set_value (self->provisioned_row, provisioned);
  set_value (self->reference_row, mp_order_get_po_number (order));
  total = mp_page_format_money (mp_order_get_total (order));
  set_value (self->total_row, total);

  gtk_widget_set_visible (GTK_WIDGET (self->subscription_row), subscription_id != NULL);
  if (subscription_id != NULL)
    {
      set_value (self->subscription_row, subscription_id);
      gtk_actionable_set_action_target (GTK_ACTIONABLE (self->subscription_row), "s", subscription_id);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (self->subscription_row), "win.open-subscription");
    }

  if (status == MP_ORDER_STATUS_ERROR)
    mp_error_box_set_message (self->error_box, _("Provisioning Failed"),
                              mp_order_get_error_message (order) != NULL
                              ? mp_order_get_error_message (order)
                              : _("The marketplace gave no reason."),
                              NULL);
  else if (status == MP_ORDER_STATUS_CANCELLED && mp_order_get_cancellation_reason (order) != NULL)
    mp_error_box_set_message (self->error_box, _("Scheduled Change Cancelled"),
                              mp_order_get_cancellation_reason (order), NULL);
  else
    mp_error_box_clear (self->error_box);

  /* A scheduled change has nothing to follow until its renewal. */
  gtk_widget_set_visible (GTK_WIDGET (self->follow_button),
                          !mp_order_get_final (order) && !mp_order_get_scheduled (order));
  update_lines (self);
  gtk_stack_set_visible_child_name (self->stack, "content");
}

static void
set_order (MpOrderPage *self,
           MpOrder     *order)
{
  if (self->order != NULL)
    g_signal_handlers_disconnect_by_data (self->order, self);
  g_set_object (&self->order, order);
  g_signal_connect_object (order, "notify", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
}

static void
get_order_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  MpOrderPage *self = user_data;
  g_autoptr(MpOrder) order = NULL;
  g_autoptr(GError) error = NULL;
  MpOrder *live;

  order = mp_client_get_order_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (order == NULL)
    {
      if (self->order == NULL)
        {
          adw_status_page_set_description (self->error_page, error->message);
          gtk_stack_set_visible_child_name (self->stack, "error");
        }
      else
        {
          g_autofree char *text = g_strdup_printf (_("Could not reload the order: %s"), error->message);

          adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
        }
      return;
    }

  /* The session may have started following it meanwhile; one still in
   * progress it follows from now on, so that every page shows it moving.
   */
  live = mp_session_lookup_order (self->session, self->order_id);
  if (live == NULL && !mp_order_get_final (order))
    live = mp_session_follow_order (self->session, order);
  set_order (self, live != NULL ? live : order);
}

static void
load (MpOrderPage *self)
{
  MpOrder *live = mp_session_lookup_order (self->session, self->order_id);

  /* An order the session follows is shown live, with no request. */
  if (live != NULL)
    {
      if (live != self->order)
        set_order (self, live);
      return;
    }

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->order == NULL)
    gtk_stack_set_visible_child_name (self->stack, "loading");
  mp_client_get_order_async (mp_session_get_client (self->session), self->order_id,
                             self->cancellable, get_order_cb, self);
}

static void
reload_clicked_cb (MpOrderPage *self)
{
  MpOrder *live = mp_session_lookup_order (self->session, self->order_id);

  /* A final order the session knows may be stale: ask the server. */
  if (live != NULL && !mp_order_get_final (live))
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  mp_client_get_order_async (mp_session_get_client (self->session), self->order_id,
                             self->cancellable, get_order_cb, self);
}

static void
follow_clicked_cb (MpOrderPage *self)
{
  MpOrder *tracked;

  if (self->order == NULL)
    return;
  tracked = mp_session_track_order (self->session, self->order);
  if (tracked != self->order)
    set_order (self, tracked);
  gtk_widget_activate_action (GTK_WIDGET (self), "win.open-order", "s", self->order_id);
}

static void
mp_order_page_dispose (GObject *object)
{
  MpOrderPage *self = MP_ORDER_PAGE (object);

  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_ORDER_PAGE);

  g_clear_object (&self->cancellable);
  g_clear_object (&self->order);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_order_page_parent_class)->dispose (object);
}

static void
mp_order_page_finalize (GObject *object)
{
  MpOrderPage *self = MP_ORDER_PAGE (object);

  g_clear_pointer (&self->order_id, g_free);

  G_OBJECT_CLASS (mp_order_page_parent_class)->finalize (object);
}

/* The marketplace answers again, or an order changed: a page that could
 * not load the order tries again, and one showing a copy the session does
 * not follow asks for a fresh one.
 */
static void
session_changed_cb (MpOrderPage *self)
{
  if (self->order == NULL || mp_session_lookup_order (self->session, self->order_id) != self->order)
    load (self);
}

static void
mp_order_page_constructed (GObject *object)
{
  MpOrderPage *self = MP_ORDER_PAGE (object);

  G_OBJECT_CLASS (mp_order_page_parent_class)->constructed (object);

  g_signal_connect_object (self->session, "changed", G_CALLBACK (session_changed_cb), self, G_CONNECT_SWAPPED);
  load (self);
}

static void
mp_order_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MpOrderPage *self = MP_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_ORDER_ID:
      g_value_set_string (value, self->order_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_order_page_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MpOrderPage *self = MP_ORDER_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_ORDER_ID:
      self->order_id = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_order_page_class_init (MpOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_order_page_constructed;
  object_class->dispose = mp_order_page_dispose;
  object_class->get_property = mp_order_page_get_property;
  object_class->set_property = mp_order_page_set_property;
  object_class->finalize = mp_order_page_finalize;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER_ID] =
    g_param_spec_string ("order-id", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MP_TYPE_ERROR_BOX);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, stack);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, follow_button);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, status_row);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, created_row);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, provisioned_row);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, reference_row);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, total_row);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, subscription_row);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, lines_group);
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, lines_list);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, follow_clicked_cb);
}

static void
mp_order_page_init (MpOrderPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_order_page_new (MpSession  *session,
                   const char *order_id)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_object_new (MP_TYPE_ORDER_PAGE,
                       "session", session, "order-id", order_id,
                       NULL);
}
