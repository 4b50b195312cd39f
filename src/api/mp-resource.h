/* mp-resource.h: a product (resource) inside a plan, with its prices per period
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-money.h"
#include "mp-period.h"

G_BEGIN_DECLS

#define MP_TYPE_RESOURCE (mp_resource_get_type ())

G_DECLARE_FINAL_TYPE (MpResource, mp_resource, MP, RESOURCE, GObject)

MpResource *mp_resource_new_from_json              (JsonObject  *object,
                                                    GError     **error);
const char *mp_resource_get_mpn                    (MpResource  *self);
const char *mp_resource_get_name                   (MpResource  *self);
const char *mp_resource_get_resource_category_id   (MpResource  *self);
const char *mp_resource_get_resource_category_name (MpResource  *self);
const char *mp_resource_get_unit_of_measure        (MpResource  *self);
gint64      mp_resource_get_included               (MpResource  *self);
gint64      mp_resource_get_minimum                (MpResource  *self);
gint64      mp_resource_get_maximum                (MpResource  *self);
gboolean    mp_resource_get_one_time               (MpResource  *self);
gboolean    mp_resource_get_price                  (MpResource  *self,
                                                    MpPeriod    *period,
                                                    MpMoney     *setup,
                                                    MpMoney     *recurring);

G_END_DECLS
