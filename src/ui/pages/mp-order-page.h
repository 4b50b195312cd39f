/* mp-order-page.h: one order's details
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_ORDER_PAGE (mp_order_page_get_type ())

G_DECLARE_FINAL_TYPE (MpOrderPage, mp_order_page, MP, ORDER_PAGE, AdwBin)

GtkWidget *mp_order_page_new (MpSession  *session,
                                const char *order_id);

G_END_DECLS
