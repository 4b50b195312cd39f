/* mp-cart-line-row.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-cart-line-row"

#include "config.h"

#include "mp-cart-line-row.h"

struct _MpCartLineRow
{
  AdwExpanderRow  parent_instance;

  /* Owned References */
  MpCartLine     *line;
  MpPlan         *plan;
  GHashTable     *mpns;  /* GtkSpinButton (unowned, a descendant) -> MPN */
};

G_DEFINE_FINAL_TYPE (MpCartLineRow, mp_cart_line_row, ADW_TYPE_EXPANDER_ROW)

static void
mp_cart_line_row_finalize (GObject *object)
{
  MpCartLineRow *self = MP_CART_LINE_ROW (object);

  g_clear_object (&self->line);
  g_clear_object (&self->plan);
  g_clear_pointer (&self->mpns, g_hash_table_unref);

  G_OBJECT_CLASS (mp_cart_line_row_parent_class)->finalize (object);
}

static void
mp_cart_line_row_class_init (MpCartLineRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_cart_line_row_finalize;
}

static void
mp_cart_line_row_init (MpCartLineRow *self)
{
  self->mpns = g_hash_table_new_full (NULL, NULL, NULL, g_free);
}

GtkWidget *
mp_cart_line_row_new (MpCartLine *line,
                      MpPlan     *plan)
{
  MpCartLineRow *self;

  g_return_val_if_fail (MP_IS_CART_LINE (line), NULL);
  g_return_val_if_fail (plan == NULL || MP_IS_PLAN (plan), NULL);

  self = g_object_new (MP_TYPE_CART_LINE_ROW, NULL);
  self->line = g_object_ref (line);
  self->plan = plan != NULL ? g_object_ref (plan) : NULL;
  return GTK_WIDGET (self);
}

MpCartLine *
mp_cart_line_row_get_line (MpCartLineRow *self)
{
  g_return_val_if_fail (MP_IS_CART_LINE_ROW (self), NULL);
  return self->line;
}

MpPlan *
mp_cart_line_row_get_plan (MpCartLineRow *self)
{
  g_return_val_if_fail (MP_IS_CART_LINE_ROW (self), NULL);
  return self->plan;
}

void
mp_cart_line_row_add_amount (MpCartLineRow *self,
                             const char    *mpn,
                             GtkSpinButton *spin)
{
  g_return_if_fail (MP_IS_CART_LINE_ROW (self));
  g_return_if_fail (mpn != NULL);
  g_return_if_fail (GTK_IS_SPIN_BUTTON (spin));

  g_hash_table_insert (self->mpns, spin, g_strdup (mpn));
}

const char *
mp_cart_line_row_get_mpn (MpCartLineRow *self,
                          GtkSpinButton *spin)
{
  g_return_val_if_fail (MP_IS_CART_LINE_ROW (self), NULL);
  return g_hash_table_lookup (self->mpns, spin);
}
