/* mp-customer-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-customer-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-customer-page.h"

struct _MpCustomerPage
{
  AdwBin      parent_instance;

  /* Owned References */
  MpSession *session;
};

G_DEFINE_FINAL_TYPE (MpCustomerPage, mp_customer_page, ADW_TYPE_BIN)

static void
mp_customer_page_dispose (GObject *object)
{
  MpCustomerPage *self = MP_CUSTOMER_PAGE (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_customer_page_parent_class)->dispose (object);
}

static void
mp_customer_page_class_init (MpCustomerPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mp_customer_page_dispose;
}

static void
mp_customer_page_init (MpCustomerPage *self)
{
}

GtkWidget *
mp_customer_page_new (MpSession  *session,
                      const char *customer_id)
{
  MpCustomerPage *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (customer_id != NULL, NULL);

  self = g_object_new (MP_TYPE_CUSTOMER_PAGE, NULL);
  self->session = g_object_ref (session);
  g_object_set_data_full (G_OBJECT (self), "customer-id", g_strdup (customer_id), g_free);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new (customer_id));
  return GTK_WIDGET (self);
}

const char *
mp_customer_page_get_customer_id (MpCustomerPage *self)
{
  g_return_val_if_fail (MP_IS_CUSTOMER_PAGE (self), NULL);

  return g_object_get_data (G_OBJECT (self), "customer-id");
}
