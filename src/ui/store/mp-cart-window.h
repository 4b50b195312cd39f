/* mp-cart-window.h: the cart: its lines, check-out and the orders' provisioning
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-cart.h"
#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_CART_WINDOW (mp_cart_window_get_type ())

G_DECLARE_FINAL_TYPE (MpCartWindow, mp_cart_window, MP, CART_WINDOW, AdwWindow)

/* A modal window over the cart. Its pages ("cart", "checkout",
 * "provisioning") are the visible child names of its "stack".
 * Actions: "cart.continue-shopping", "cart.check-out", "cart.back",
 * "cart.place-orders".
 */
GtkWidget  *mp_cart_window_new       (MpSession    *session,
                                      MpCart       *cart);
const char *mp_cart_window_get_page  (MpCartWindow *self);
/* Check-out: the draft of each line's MpPurchase, in cart order (tests). */
GListModel *mp_cart_window_get_drafts (MpCartWindow *self);
/* The placed orders, in cart order (tests). */
GListModel *mp_cart_window_get_orders (MpCartWindow *self);

G_END_DECLS
