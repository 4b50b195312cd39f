/* mp-provisioning-page.h: follows one order through provisioning
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_PROVISIONING_PAGE (mp_provisioning_page_get_type ())

G_DECLARE_FINAL_TYPE (MpProvisioningPage, mp_provisioning_page, MP, PROVISIONING_PAGE, AdwBin)

GtkWidget *mp_provisioning_page_new (MpSession *session,
                                       MpOrder   *order);

G_END_DECLS
