/* mp-storefront-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-storefront-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-storefront-page.h"

struct _MpStorefrontPage
{
  AdwBin      parent_instance;

  /* Owned References */
  MpSession *session;
};

G_DEFINE_FINAL_TYPE (MpStorefrontPage, mp_storefront_page, ADW_TYPE_BIN)

static void
mp_storefront_page_dispose (GObject *object)
{
  MpStorefrontPage *self = MP_STOREFRONT_PAGE (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_storefront_page_parent_class)->dispose (object);
}

static void
mp_storefront_page_class_init (MpStorefrontPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mp_storefront_page_dispose;
}

static void
mp_storefront_page_init (MpStorefrontPage *self)
{
}

GtkWidget *
mp_storefront_page_new (MpSession *session)
{
  MpStorefrontPage *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_STOREFRONT_PAGE, NULL);
  self->session = g_object_ref (session);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new (_("Marketplace")));
  return GTK_WIDGET (self);
}

void
mp_storefront_page_set_credentials (MpStorefrontPage *self,
                                    const char       *password,
                                    const char       *subscription_key)
{
  g_return_if_fail (MP_IS_STOREFRONT_PAGE (self));
}
