/* mp-cart-line-row.h: a cart line's row in the cart window
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-api.h"
#include "mp-cart.h"

G_BEGIN_DECLS

#define MP_TYPE_CART_LINE_ROW (mp_cart_line_row_get_type ())

G_DECLARE_FINAL_TYPE (MpCartLineRow, mp_cart_line_row, MP, CART_LINE_ROW, AdwExpanderRow)

/* A row of the cart's list: it knows its cart line, the line's plan in
 * detail (NULL while it is not loaded) and the spin button of each of the
 * plan's resources (descendants of the row).
 */
GtkWidget  *mp_cart_line_row_new        (MpCartLine    *line,
                                         MpPlan        *plan);
MpCartLine *mp_cart_line_row_get_line   (MpCartLineRow *self);
MpPlan     *mp_cart_line_row_get_plan   (MpCartLineRow *self);
/* Remembers that @spin, a descendant of the row, holds the amount of
 * resource @mpn.
 */
void        mp_cart_line_row_add_amount (MpCartLineRow *self,
                                         const char    *mpn,
                                         GtkSpinButton *spin);
/* The MPN whose amount @spin holds, or NULL. */
const char *mp_cart_line_row_get_mpn    (MpCartLineRow *self,
                                         GtkSpinButton *spin);

G_END_DECLS
