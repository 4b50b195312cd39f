/* mp-product-row.h: a product line's row on the service step
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MP_TYPE_PRODUCT_ROW (mp_product_row_get_type ())

G_DECLARE_FINAL_TYPE (MpProductRow, mp_product_row, MP, PRODUCT_ROW, GtkListBoxRow)

/* A row of the service step's list: it knows its product line, the
 * category it is listed under and its check mark (@check, a descendant of
 * the child the caller gives the row), shown when the line is chosen.
 */
GtkWidget  *mp_product_row_new                  (const char   *product_line_id,
                                                 const char   *category_name,
                                                 GtkWidget    *check);
const char *mp_product_row_get_product_line_id  (MpProductRow *self);
/* NULL: listed under "Other Services". */
const char *mp_product_row_get_category_name    (MpProductRow *self);
/* Shows the check mark and tells a screen reader the row is selected. */
void        mp_product_row_set_chosen           (MpProductRow *self,
                                                 gboolean      chosen);

G_END_DECLS
