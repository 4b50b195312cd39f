/* mp-subscription-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-subscription-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-subscription-page.h"

struct _MpSubscriptionPage
{
  AdwBin     parent_instance;

  /* Template Widgets */
  AdwStatusPage *status_page;

  /* Owned References */
  MpSession *session;
  char      *subscription_id;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (MpSubscriptionPage, mp_subscription_page, ADW_TYPE_BIN)

static void
mp_subscription_page_dispose (GObject *object)
{
  MpSubscriptionPage *self = MP_SUBSCRIPTION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->subscription_id, g_free);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_SUBSCRIPTION_PAGE);

  G_OBJECT_CLASS (mp_subscription_page_parent_class)->dispose (object);
}

static void
mp_subscription_page_class_init (MpSubscriptionPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_subscription_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-subscription-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpSubscriptionPage, status_page);
}

static void
mp_subscription_page_init (MpSubscriptionPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mp_subscription_page_new (MpSession *session,
                          const char *subscription_id)
{
  MpSubscriptionPage *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (subscription_id != NULL, NULL);

  self = g_object_new (MP_TYPE_SUBSCRIPTION_PAGE, NULL);
  self->session = g_object_ref (session);
  self->subscription_id = g_strdup (subscription_id);
  return GTK_WIDGET (self);
}
