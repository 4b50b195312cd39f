/* mp-customer-page.h: one customer: details, subscriptions, orders
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_CUSTOMER_PAGE (mp_customer_page_get_type ())

G_DECLARE_FINAL_TYPE (MpCustomerPage, mp_customer_page, MP, CUSTOMER_PAGE, AdwBin)

/* A drill-down page with its own header bar (back = win.go-back) and the
 * tabs Details, Subscriptions and Orders (with Add New Order).
 * Property "customer-id" (read-only).
 */
GtkWidget  *mp_customer_page_new             (MpSession      *session,
                                              const char     *customer_id);
const char *mp_customer_page_get_customer_id (MpCustomerPage *self);

G_END_DECLS
