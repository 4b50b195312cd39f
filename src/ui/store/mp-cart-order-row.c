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
                       const char *title,
                       GtkWidget  *open_button)
{
  MpCartOrderRow *self;
  GtkWidget *bar;

  g_return_val_if_fail (MP_IS_ORDER (order), NULL);
  g_return_val_if_fail (title != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (open_button), NULL);

  self = g_object_new (MP_TYPE_CART_ORDER_ROW, NULL);
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
