/* mp-cart-button.h: the header-bar cart button with a count
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_CART_BUTTON (mp_cart_button_get_type ())

G_DECLARE_FINAL_TYPE (MpCartButton, mp_cart_button, MP, CART_BUTTON, AdwBin)

/* For the header bar: the cart of the session's account and marketplace,
 * with its number of lines; clicking opens the cart window.
 */
GtkWidget *mp_cart_button_new (MpSession *session);

G_END_DECLS
