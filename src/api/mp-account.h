/* mp-account.h: who is logged in: a reseller or a customer
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-enums.h"
#include "mp-money.h"

G_BEGIN_DECLS

#define MP_TYPE_ACCOUNT (mp_account_get_type ())

G_DECLARE_FINAL_TYPE (MpAccount, mp_account, MP, ACCOUNT, GObject)

MpAccount  *mp_account_new_from_json    (JsonObject  *object,
                                         GError     **error);
MpRole      mp_account_get_role         (MpAccount   *self);
const char *mp_account_get_id           (MpAccount   *self);
const char *mp_account_get_name         (MpAccount   *self);
const char *mp_account_get_reseller_id  (MpAccount   *self);
const char *mp_account_get_user         (MpAccount   *self);
MpAccount  *mp_account_new_reseller     (const char  *user);
void        mp_account_set_user         (MpAccount   *self,
                                         const char  *user);
gboolean    mp_account_is_reseller      (MpAccount   *self);

G_END_DECLS
