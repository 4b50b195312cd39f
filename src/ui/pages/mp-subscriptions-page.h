/* mp-subscriptions-page.h: the Subscriptions section: every subscription of the account
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-list-page.h"

G_BEGIN_DECLS

#define MP_TYPE_SUBSCRIPTIONS_PAGE (mp_subscriptions_page_get_type ())

G_DECLARE_FINAL_TYPE (MpSubscriptionsPage, mp_subscriptions_page, MP, SUBSCRIPTIONS_PAGE, MpListPage)

GtkWidget *mp_subscriptions_page_new (MpSession *session);

G_END_DECLS
