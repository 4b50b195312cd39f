/* mp-limits-page.h: Change Resource Limits of a subscription
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_LIMITS_PAGE (mp_limits_page_get_type ())

G_DECLARE_FINAL_TYPE (MpLimitsPage, mp_limits_page, MP, LIMITS_PAGE, AdwBin)

GtkWidget *mp_limits_page_new (MpSession  *session,
                                 const char *subscription_id);

G_END_DECLS
