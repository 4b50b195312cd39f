/* mp-order-line.h: one line of an order or of a price estimate
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-money.h"
#include "mp-period.h"

G_BEGIN_DECLS

#define MP_TYPE_ORDER_LINE (mp_order_line_get_type ())

G_DECLARE_FINAL_TYPE (MpOrderLine, mp_order_line, MP, ORDER_LINE, GObject)

MpOrderLine   *mp_order_line_new_from_json      (JsonObject   *object,
                                                 GError      **error);
const char    *mp_order_line_get_kind           (MpOrderLine  *self);
const char    *mp_order_line_get_mpn            (MpOrderLine  *self);
const char    *mp_order_line_get_description    (MpOrderLine  *self);
gint64         mp_order_line_get_quantity       (MpOrderLine  *self);
const MpMoney *mp_order_line_get_unit_price     (MpOrderLine  *self);
const MpMoney *mp_order_line_get_extended_price (MpOrderLine  *self);
const char    *mp_order_line_get_duration       (MpOrderLine  *self);
MpPeriod      *mp_order_line_get_period         (MpOrderLine  *self);
const char    *mp_order_line_get_name           (MpOrderLine  *self);
void           mp_order_line_set_name           (MpOrderLine  *self,
                                                 const char   *name);
const char    *mp_order_line_get_start_date     (MpOrderLine  *self);
const char    *mp_order_line_get_end_date       (MpOrderLine  *self);

G_END_DECLS
