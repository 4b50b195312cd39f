/* mp-cart-button.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-cart-button"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-cart.h"
#include "mp-cart-button.h"
#include "mp-cart-window.h"
#include "mp-store-util.h"

/* The header-bar button of the cart: the cart icon with the number of
 * lines in a badge. It opens the cart window.
 */
struct _MpCartButton
{
  AdwBin     parent_instance;

  /* Template Widgets */
  GtkButton *button;
  GtkLabel  *badge;

  /* Owned References */
  MpSession *session;
  MpCart    *cart;
};

G_DEFINE_FINAL_TYPE (MpCartButton, mp_cart_button, ADW_TYPE_BIN)

static void
update_badge (MpCartButton *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->cart));
  g_autofree char *count = g_strdup_printf ("%u", n);
  g_autofree char *tooltip = NULL;

  gtk_label_set_text (self->badge, count);
  gtk_widget_set_visible (GTK_WIDGET (self->badge), n > 0);
  tooltip = n > 0 ? g_strdup_printf (ngettext ("Cart: %u item", "Cart: %u items", n), n) : g_strdup (_("Cart: empty"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
}

static void
clicked_cb (MpCartButton *self)
{
  GtkWidget *window = mp_cart_window_new (self->session, self->cart);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (window));
}

static void
mp_cart_button_dispose (GObject *object)
{
  MpCartButton *self = MP_CART_BUTTON (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_CART_BUTTON);

  g_clear_object (&self->cart);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_cart_button_parent_class)->dispose (object);
}

static void
mp_cart_button_class_init (MpCartButtonClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_cart_button_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/store/mp-cart-button.ui");
  gtk_widget_class_bind_template_child (widget_class, MpCartButton, button);
  gtk_widget_class_bind_template_child (widget_class, MpCartButton, badge);
  gtk_widget_class_bind_template_callback (widget_class, clicked_cb);
}

static void
mp_cart_button_init (MpCartButton *self)
{
  mp_store_ensure_style ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_cart_button_new (MpSession *session)
{
  MpCartButton *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_CART_BUTTON, NULL);
  self->session = g_object_ref (session);
  self->cart = g_object_ref (mp_cart_get_for_client (mp_session_get_client (session)));
  g_signal_connect_object (self->cart, "notify::n-items", G_CALLBACK (update_badge), self, G_CONNECT_SWAPPED);
  update_badge (self);
  return GTK_WIDGET (self);
}
