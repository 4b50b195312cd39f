/* mp-renewals-page.h: the Renewals section, the renewals of the next 30, 60 or 90 days
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-list-page.h"

G_BEGIN_DECLS

#define MP_TYPE_RENEWALS_PAGE (mp_renewals_page_get_type ())

G_DECLARE_FINAL_TYPE (MpRenewalsPage, mp_renewals_page, MP, RENEWALS_PAGE, MpListPage)

GtkWidget *mp_renewals_page_new (MpSession *session);

G_END_DECLS
