/* mp-orders-page.h: the Orders section
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-list-page.h"

G_BEGIN_DECLS

#define MP_TYPE_ORDERS_PAGE (mp_orders_page_get_type ())

G_DECLARE_FINAL_TYPE (MpOrdersPage, mp_orders_page, MP, ORDERS_PAGE, MpListPage)

GtkWidget *mp_orders_page_new (MpSession *session);

G_END_DECLS
