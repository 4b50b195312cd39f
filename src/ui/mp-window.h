/* mp-window.h
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-application.h"
#include "mp-demo-server.h"
#include "mp-login-page.h"
#include "mp-session-registry.h"

G_BEGIN_DECLS

#define MP_TYPE_WINDOW (mp_window_get_type ())

G_DECLARE_FINAL_TYPE (MpWindow, mp_window, MP, WINDOW, AdwApplicationWindow)

MpWindow          *mp_window_new                 (MpApplication *application) G_GNUC_WARN_UNUSED_RESULT;
const char        *mp_window_get_visible_section (MpWindow      *self);
GtkWidget         *mp_window_get_visible_page    (MpWindow      *self);
MpSession         *mp_window_get_session         (MpWindow      *self);
MpSessionRegistry *mp_window_get_sessions        (MpWindow      *self);
MpLoginPage       *mp_window_get_login_page      (MpWindow      *self);
MpDemoServer      *mp_window_get_demo_server     (MpWindow      *self);
gboolean           mp_window_get_signed_in       (MpWindow      *self);
void               mp_window_push_page           (MpWindow      *self,
                                                  GtkWidget     *page);
void               mp_window_add_toast           (MpWindow      *self,
                                                  AdwToast      *toast);

G_END_DECLS
