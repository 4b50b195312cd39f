/* mp-storefront-page.h: the reseller's Marketplace section: regions, categories, products
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session-registry.h"

G_BEGIN_DECLS

#define MP_TYPE_STOREFRONT_PAGE (mp_storefront_page_get_type ())

G_DECLARE_FINAL_TYPE (MpStorefrontPage, mp_storefront_page, MP, STOREFRONT_PAGE, AdwBin)

/* Property "marketplace": the code of the region shown (notified). */
GtkWidget *mp_storefront_page_new               (MpSessionRegistry *sessions);
/* The Select button of plan @plan_id on the product page shown, or NULL
 * (for tests).
 */
GtkWidget *mp_storefront_page_get_select_button (MpStorefrontPage  *self,
                                                 const char        *plan_id);

G_END_DECLS
