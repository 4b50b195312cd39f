/* mp-product-row.h: the row of a plan list (service step, storefront, plan look-up)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mp-plan-item.h"

G_BEGIN_DECLS

#define MP_TYPE_PRODUCT_ROW (mp_product_row_get_type ())

G_DECLARE_FINAL_TYPE (MpProductRow, mp_product_row, MP, PRODUCT_ROW, GtkWidget)

/* How a row shows its MpPlanItem. */
typedef enum
{
  /* The service step: the item's header (its category) above it, the
   * title, the vendor, each plan with its short description, and a check
   * mark while it is chosen.
   */
  MP_PRODUCT_ROW_CHOICE,
  /* The storefront and the look-up: title, subtitle and an arrow (the row
   * opens something).
   */
  MP_PRODUCT_ROW_LINK,
} MpProductRowStyle;

/* The content of one row of a GtkListView over MpPlanItems: the list's
 * row is named after the item's title (a screen reader, the e2e tests)
 * and is said selected while the item is chosen.
 */
GtkWidget          *mp_product_row_new         (MpProductRowStyle  style);
/* Shows @item (NULL: nothing, when the row is recycled). */
void                mp_product_row_set_item    (MpProductRow      *self,
                                                MpPlanItem        *item);
MpPlanItem         *mp_product_row_get_item    (MpProductRow      *self);
/* The factory of a list of MpPlanItems shown in @style: one factory, one
 * row, for the three plan lists.
 */
GtkListItemFactory *mp_product_row_factory_new (MpProductRowStyle  style);
/* The row showing @id in @view (a GtkListView made with the factory
 * above), if it is on screen, or NULL (tests).
 */
MpProductRow       *mp_product_row_find        (GtkWidget         *view,
                                                const char        *id);

G_END_DECLS
