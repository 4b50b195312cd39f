/* mp-customers-page.h: the reseller's Customers section
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-list-page.h"

G_BEGIN_DECLS

#define MP_TYPE_CUSTOMERS_PAGE (mp_customers_page_get_type ())

G_DECLARE_FINAL_TYPE (MpCustomersPage, mp_customers_page, MP, CUSTOMERS_PAGE, MpListPage)

/* The Customers section (resellers). Activating a customer activates
 * "win.open-customer" with its ID.
 */
GtkWidget *mp_customers_page_new (MpSession *session);

G_END_DECLS
