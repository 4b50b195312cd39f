/* mp-marketplace.h: a marketplace (region) of the login screen
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-money.h"

G_BEGIN_DECLS

#define MP_TYPE_MARKETPLACE (mp_marketplace_get_type ())

G_DECLARE_FINAL_TYPE (MpMarketplace, mp_marketplace, MP, MARKETPLACE, GObject)

MpMarketplace *mp_marketplace_new_from_json (JsonObject     *object,
                                             GError        **error);
const char    *mp_marketplace_get_code      (MpMarketplace  *self);
const char    *mp_marketplace_get_name      (MpMarketplace  *self);
const char    *mp_marketplace_get_country   (MpMarketplace  *self);
const char    *mp_marketplace_get_currency  (MpMarketplace  *self);
const char    *mp_marketplace_get_language  (MpMarketplace  *self);
const char    *mp_marketplace_get_base_url  (MpMarketplace  *self);
void           mp_marketplace_set_root      (MpMarketplace  *self,
                                             const char     *root_url);

G_END_DECLS
