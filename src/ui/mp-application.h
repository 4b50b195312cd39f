/* mp-application.h
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session-registry.h"

G_BEGIN_DECLS

#define MP_TYPE_APPLICATION (mp_application_get_type ())

G_DECLARE_FINAL_TYPE (MpApplication, mp_application, MP, APPLICATION, AdwApplication)

MpApplication     *mp_application_new            (void) G_GNUC_WARN_UNUSED_RESULT;
const char        *mp_application_get_server_url (MpApplication *self);
gboolean           mp_application_get_demo       (MpApplication *self);
MpSessionRegistry *mp_application_get_sessions   (MpApplication *self);

G_END_DECLS
