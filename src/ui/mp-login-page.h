/* mp-login-page.h
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-client.h"
#include "mp-demo-server.h"

G_BEGIN_DECLS

#define MP_TYPE_LOGIN_PAGE (mp_login_page_get_type ())

G_DECLARE_FINAL_TYPE (MpLoginPage, mp_login_page, MP, LOGIN_PAGE, AdwBin)

typedef enum
{
  MP_DEMO_ACCOUNT_RESELLER,
  MP_DEMO_ACCOUNT_CUSTOMER,
} MpDemoAccount;

GtkWidget *mp_login_page_new              (MpDemoServer  *demo_server) G_GNUC_WARN_UNUSED_RESULT;
gboolean   mp_login_page_get_busy         (MpLoginPage   *self);
void       mp_login_page_sign_in_demo     (MpLoginPage   *self,
                                           MpDemoAccount  account);
void       mp_login_page_use_server       (MpLoginPage   *self,
                                           const char    *url);
void       mp_login_page_restore          (MpLoginPage   *self);
void       mp_login_page_forget_password  (MpLoginPage   *self,
                                           const char    *code);
const char *mp_login_page_get_error_text  (MpLoginPage   *self);
char      *mp_login_page_credentials_id  (const char    *server_url,
                                          const char    *code) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
