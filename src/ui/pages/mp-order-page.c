/* mp-order-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-order-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-order-page.h"

struct _MpOrderPage
{
  AdwBin     parent_instance;

  /* Template Widgets */
  AdwStatusPage *status_page;

  /* Owned References */
  MpSession *session;
  char      *order_id;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (MpOrderPage, mp_order_page, ADW_TYPE_BIN)

static void
mp_order_page_dispose (GObject *object)
{
  MpOrderPage *self = MP_ORDER_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->order_id, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_ORDER_PAGE);

  G_OBJECT_CLASS (mp_order_page_parent_class)->dispose (object);
}

static void
mp_order_page_class_init (MpOrderPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_order_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-order-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpOrderPage, status_page);
}

static void
mp_order_page_init (MpOrderPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_order_page_new (MpSession *session,
                   const char *order_id)
{
  MpOrderPage *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  self = g_object_new (MP_TYPE_ORDER_PAGE, NULL);
  self->session = g_object_ref (session);
  self->order_id = g_strdup (order_id);
  return GTK_WIDGET (self);
}
