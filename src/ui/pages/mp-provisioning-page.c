/* mp-provisioning-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-provisioning-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-provisioning-page.h"

struct _MpProvisioningPage
{
  AdwBin     parent_instance;

  /* Template Widgets */
  AdwStatusPage *status_page;

  /* Owned References */
  MpSession *session;
  MpOrder   *order;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (MpProvisioningPage, mp_provisioning_page, ADW_TYPE_BIN)

static void
mp_provisioning_page_dispose (GObject *object)
{
  MpProvisioningPage *self = MP_PROVISIONING_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_object (&self->order);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_PROVISIONING_PAGE);

  G_OBJECT_CLASS (mp_provisioning_page_parent_class)->dispose (object);
}

static void
mp_provisioning_page_class_init (MpProvisioningPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_provisioning_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-provisioning-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpProvisioningPage, status_page);
}

static void
mp_provisioning_page_init (MpProvisioningPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_provisioning_page_new (MpSession *session,
                          MpOrder *order)
{
  MpProvisioningPage *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (MP_IS_ORDER (order), NULL);

  self = g_object_new (MP_TYPE_PROVISIONING_PAGE, NULL);
  self->session = g_object_ref (session);
  self->order = g_object_ref (order);
  return GTK_WIDGET (self);
}
