/* mp-store-util.h: helpers shared by the storefront and the cart
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mp-api.h"

G_BEGIN_DECLS

/* Loads the store's style sheet and icons once per display. */
void  mp_store_ensure_style      (void);
/* The flag emoji of an ISO 3166 alpha-2 country code ("US" -> U+1F1FA
 * U+1F1F8), or "" for anything else.
 */
char *mp_store_flag_emoji        (const char *country_code);
/* "United States · USD" with the flag in front. */
char *mp_store_marketplace_label (MpMarketplace *marketplace);
char *mp_store_purchase_price    (MpPurchase    *purchase);


G_END_DECLS
