/* mp-customers-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-customers-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-customers-page.h"

struct _MpCustomersPage
{
  AdwBin      parent_instance;

  /* Owned References */
  MpSession *session;
};

G_DEFINE_FINAL_TYPE (MpCustomersPage, mp_customers_page, ADW_TYPE_BIN)

static void
mp_customers_page_dispose (GObject *object)
{
  MpCustomersPage *self = MP_CUSTOMERS_PAGE (object);

  g_clear_object (&self->session);

  G_OBJECT_CLASS (mp_customers_page_parent_class)->dispose (object);
}

static void
mp_customers_page_class_init (MpCustomersPageClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = mp_customers_page_dispose;
}

static void
mp_customers_page_init (MpCustomersPage *self)
{
}

GtkWidget *
mp_customers_page_new (MpSession *session)
{
  MpCustomersPage *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_CUSTOMERS_PAGE, NULL);
  self->session = g_object_ref (session);
  adw_bin_set_child (ADW_BIN (self), gtk_label_new (_("Customers")));
  return GTK_WIDGET (self);
}
