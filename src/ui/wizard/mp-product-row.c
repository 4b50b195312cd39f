/* mp-product-row.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-product-row"

#include "config.h"

#include "mp-product-row.h"

struct _MpProductRow
{
  GtkListBoxRow  parent_instance;

  /* Unowned: a descendant of the row. */
  GtkWidget     *check;

  char          *product_line_id;
  char          *category_name;
};

G_DEFINE_FINAL_TYPE (MpProductRow, mp_product_row, GTK_TYPE_LIST_BOX_ROW)

static void
mp_product_row_finalize (GObject *object)
{
  MpProductRow *self = MP_PRODUCT_ROW (object);

  g_clear_pointer (&self->product_line_id, g_free);
  g_clear_pointer (&self->category_name, g_free);

  G_OBJECT_CLASS (mp_product_row_parent_class)->finalize (object);
}

static void
mp_product_row_class_init (MpProductRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_product_row_finalize;
}

static void
mp_product_row_init (MpProductRow *self)
{
}

GtkWidget *
mp_product_row_new (const char *product_line_id,
                    const char *category_name,
                    GtkWidget  *check)
{
  MpProductRow *self;

  g_return_val_if_fail (product_line_id != NULL, NULL);
  g_return_val_if_fail (GTK_IS_WIDGET (check), NULL);

  self = g_object_new (MP_TYPE_PRODUCT_ROW, NULL);
  self->product_line_id = g_strdup (product_line_id);
  self->category_name = g_strdup (category_name);
  self->check = check;
  return GTK_WIDGET (self);
}

const char *
mp_product_row_get_product_line_id (MpProductRow *self)
{
  g_return_val_if_fail (MP_IS_PRODUCT_ROW (self), NULL);
  return self->product_line_id;
}

const char *
mp_product_row_get_category_name (MpProductRow *self)
{
  g_return_val_if_fail (MP_IS_PRODUCT_ROW (self), NULL);
  return self->category_name;
}

void
mp_product_row_set_chosen (MpProductRow *self,
                           gboolean      chosen)
{
  g_return_if_fail (MP_IS_PRODUCT_ROW (self));

  gtk_widget_set_visible (self->check, chosen);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_SELECTED, chosen, -1);
}
