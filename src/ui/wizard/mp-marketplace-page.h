/* mp-marketplace-page.h: the customer's Marketplace section
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_MARKETPLACE_PAGE (mp_marketplace_page_get_type ())

G_DECLARE_FINAL_TYPE (MpMarketplacePage, mp_marketplace_page, MP, MARKETPLACE_PAGE, AdwBin)

/* Categories (e.g. Cloud Enablement Services) and the customer plans in
 * them. Activating a plan opens the purchase wizard with that plan,
 * transient for the page's window.
 */
GtkWidget  *mp_marketplace_page_new              (MpSession         *session);
void        mp_marketplace_page_set_category     (MpMarketplacePage *self,
                                                  const char        *category_id);
/* The plans shown now (MpPlan). */
GListModel *mp_marketplace_page_get_plans        (MpMarketplacePage *self);
/* The row of @plan_id on the list as shown now, or NULL. */
GtkListBoxRow *mp_marketplace_page_get_plan_row  (MpMarketplacePage *self,
                                                  const char        *plan_id);
/* Opens the wizard for @plan_id as activating its row does; returns it. */
GtkWidget  *mp_marketplace_page_open_plan        (MpMarketplacePage *self,
                                                  const char        *plan_id);

G_END_DECLS
