/* mp-cart-order-row.h: an order placed at check-out, while it is provisioned
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-api.h"

G_BEGIN_DECLS

#define MP_TYPE_CART_ORDER_ROW (mp_cart_order_row_get_type ())

G_DECLARE_FINAL_TYPE (MpCartOrderRow, mp_cart_order_row, MP, CART_ORDER_ROW, AdwActionRow)

/* A row of the cart window's provisioning page (and of Change Seats'):
 * @title, the order's status (and its step or error) as the subtitle, a
 * progress bar while the order is not final and an Open Subscription
 * button once the order completed with a subscription, which opens it in
 * the main window (the transient parent of the row's window) and closes
 * the row's window. The row follows the order.
 */
GtkWidget *mp_cart_order_row_new       (MpOrder        *order,
                                        const char     *title);
MpOrder   *mp_cart_order_row_get_order (MpCartOrderRow *self);

G_END_DECLS
