/* mp-subscriptions-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-subscriptions-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-subscriptions-page.h"

struct _MpSubscriptionsPage
{
  AdwBin     parent_instance;

  /* Template Widgets */
  AdwStatusPage *status_page;

  /* Owned References */
  MpSession *session;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (MpSubscriptionsPage, mp_subscriptions_page, ADW_TYPE_BIN)

static void
mp_subscriptions_page_dispose (GObject *object)
{
  MpSubscriptionsPage *self = MP_SUBSCRIPTIONS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_SUBSCRIPTIONS_PAGE);

  G_OBJECT_CLASS (mp_subscriptions_page_parent_class)->dispose (object);
}

static void
mp_subscriptions_page_class_init (MpSubscriptionsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_subscriptions_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-subscriptions-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionsPage, status_page);
}

static void
mp_subscriptions_page_init (MpSubscriptionsPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_subscriptions_page_new (MpSession *session)
{
  MpSubscriptionsPage *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_SUBSCRIPTIONS_PAGE, NULL);
  self->session = g_object_ref (session);
  return GTK_WIDGET (self);
}
