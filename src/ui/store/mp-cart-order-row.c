/* mp-cart-order-row.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-cart-order-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-cart-order-row.h"
#include "mp-page-util.h"

struct _MpCartOrderRow
{
  AdwActionRow    parent_instance;

  /* Unowned: suffixes of the row. */
  GtkProgressBar *bar;
  GtkWidget      *open;

  /* Owned References */
  MpOrder        *order;
};

G_DEFINE_FINAL_TYPE (MpCartOrderRow, mp_cart_order_row, ADW_TYPE_ACTION_ROW)

static void
update (MpCartOrderRow *self)
{
  MpOrder *order = self->order;
  MpOrderStatus status = mp_order_get_status (order);
  gint64 progress = mp_order_get_progress (order);
  const char * const *steps = mp_order_get_steps (order);
  gint64 step = mp_order_get_step (order);
  g_autofree char *subtitle = NULL;

  if (status == MP_ORDER_STATUS_ERROR && mp_order_get_error_message (order) != NULL)
    subtitle = g_strdup_printf ("%s · %s", mp_page_order_status (status), mp_order_get_error_message (order));
  else if (!mp_order_get_final (order) && steps != NULL && step >= 0 && step < (gint64) g_strv_length ((char **) steps))
    subtitle = g_strdup_printf ("%s · %s", mp_page_order_status (status), steps[step]);
  else
    subtitle = g_strdup (mp_page_order_status (status));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  if (mp_order_get_final (order))
    gtk_progress_bar_set_fraction (self->bar, 1.0);
  else if (progress >= 0)
    gtk_progress_bar_set_fraction (self->bar, progress / 100.0);
  else
    gtk_progress_bar_pulse (self->bar);
  gtk_widget_set_visible (GTK_WIDGET (self->bar), !mp_order_get_final (order));
  gtk_widget_set_visible (self->open, status == MP_ORDER_STATUS_COMPLETED && mp_order_get_subscription_id (order) != NULL);
}

static void
open_clicked_cb (MpCartOrderRow *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWindow *parent = GTK_IS_WINDOW (root) ? gtk_window_get_transient_for (GTK_WINDOW (root)) : NULL;
  g_autofree char *id = g_strdup (mp_order_get_subscription_id (self->order));

  /* The window's actions live on the main window, not on this one. */
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.open-subscription", "s", id);
  if (GTK_IS_WINDOW (root))
    gtk_window_close (GTK_WINDOW (root));
}

static void
mp_cart_order_row_dispose (GObject *object)
{
  MpCartOrderRow *self = MP_CART_ORDER_ROW (object);

  g_clear_object (&self->order);

  G_OBJECT_CLASS (mp_cart_order_row_parent_class)->dispose (object);
}

static void
mp_cart_order_row_class_init (MpCartOrderRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_cart_order_row_dispose;
}

static void
mp_cart_order_row_init (MpCartOrderRow *self)
{
}

GtkWidget *
mp_cart_order_row_new (MpOrder    *order,
                       const char *title)
{
  MpCartOrderRow *self;
  GtkWidget *open_button;
  GtkWidget *bar;

  g_return_val_if_fail (MP_IS_ORDER (order), NULL);
  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (MP_TYPE_CART_ORDER_ROW, NULL);
  open_button = gtk_button_new_with_mnemonic (_("_Open Subscription"));
  g_signal_connect_object (open_button, "clicked", G_CALLBACK (open_clicked_cb), self, G_CONNECT_SWAPPED);
  self->order = g_object_ref (order);
  bar = gtk_progress_bar_new ();
  self->bar = GTK_PROGRESS_BAR (bar);
  self->open = open_button;
  gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (bar, 120, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Progress"), -1);
  gtk_widget_set_valign (open_button, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), bar);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self), open_button);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), title);
  g_signal_connect_object (order, "notify", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  update (self);
  return GTK_WIDGET (self);
}

MpOrder *
mp_cart_order_row_get_order (MpCartOrderRow *self)
{
  g_return_val_if_fail (MP_IS_CART_ORDER_ROW (self), NULL);
  return self->order;
}
