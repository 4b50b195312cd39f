/* mp-orders-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-orders-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-orders-page.h"

struct _MpOrdersPage
{
  AdwBin     parent_instance;

  /* Template Widgets */
  AdwStatusPage *status_page;

  /* Owned References */
  MpSession *session;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (MpOrdersPage, mp_orders_page, ADW_TYPE_BIN)

static void
mp_orders_page_dispose (GObject *object)
{
  MpOrdersPage *self = MP_ORDERS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_ORDERS_PAGE);

  G_OBJECT_CLASS (mp_orders_page_parent_class)->dispose (object);
}

static void
mp_orders_page_class_init (MpOrdersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_orders_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-orders-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpOrdersPage, status_page);
}

static void
mp_orders_page_init (MpOrdersPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_orders_page_new (MpSession *session)
{
  MpOrdersPage *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_ORDERS_PAGE, NULL);
  self->session = g_object_ref (session);
  return GTK_WIDGET (self);
}
