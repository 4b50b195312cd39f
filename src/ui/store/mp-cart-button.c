/* mp-cart-button.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-cart-button"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-cart-button.h"

struct _MpCartButton
{
  AdwBin      parent_instance;

  /* Owned References */
  MpSession *session;
};

G_DEFINE_FINAL_TYPE (MpCartButton, mp_cart_button, ADW_TYPE_BIN)

static void
mp_cart_button_dispose (GObject *object)
{
  MpCartButton *self = MP_CART_BUTTON (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_cart_button_parent_class)->dispose (object);
}

static void
mp_cart_button_class_init (MpCartButtonClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mp_cart_button_dispose;
}

static void
mp_cart_button_init (MpCartButton *self)
{
}

GtkWidget *
mp_cart_button_new (MpSession *session)
{
  MpCartButton *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_CART_BUTTON, NULL);
  self->session = g_object_ref (session);
  adw_bin_set_child (ADW_BIN (self), gtk_button_new_from_icon_name ("shopping-cart-symbolic"));
  return GTK_WIDGET (self);
}
