/* mp-subscription-page.h: one subscription: plan, dates, resources, orders
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_SUBSCRIPTION_PAGE (mp_subscription_page_get_type ())

G_DECLARE_FINAL_TYPE (MpSubscriptionPage, mp_subscription_page, MP, SUBSCRIPTION_PAGE, AdwBin)

GtkWidget *mp_subscription_page_new (MpSession  *session,
                                       const char *subscription_id);

G_END_DECLS
