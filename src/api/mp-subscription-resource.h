/* mp-subscription-resource.h: one product line of a subscription: limit, usage, min, max
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-money.h"

G_BEGIN_DECLS

#define MP_TYPE_SUBSCRIPTION_RESOURCE (mp_subscription_resource_get_type ())

G_DECLARE_FINAL_TYPE (MpSubscriptionResource, mp_subscription_resource, MP, SUBSCRIPTION_RESOURCE, GObject)

MpSubscriptionResource *mp_subscription_resource_new_from_json              (JsonObject              *object,
                                                                             GError                 **error);
const char             *mp_subscription_resource_get_mpn                    (MpSubscriptionResource  *self);
const char             *mp_subscription_resource_get_name                   (MpSubscriptionResource  *self);
gint64                  mp_subscription_resource_get_quantity               (MpSubscriptionResource  *self);
gint64                  mp_subscription_resource_get_usage                  (MpSubscriptionResource  *self);
gint64                  mp_subscription_resource_get_usage_floor            (MpSubscriptionResource  *self);
gint64                  mp_subscription_resource_get_minimum                (MpSubscriptionResource  *self);
gint64                  mp_subscription_resource_get_maximum                (MpSubscriptionResource  *self);
gint64                  mp_subscription_resource_get_included               (MpSubscriptionResource  *self);
const char             *mp_subscription_resource_get_resource_category_id   (MpSubscriptionResource  *self);
const char             *mp_subscription_resource_get_resource_category_name (MpSubscriptionResource  *self);
gboolean                mp_subscription_resource_get_one_time               (MpSubscriptionResource  *self);
const MpMoney          *mp_subscription_resource_get_unit_price             (MpSubscriptionResource  *self);

G_END_DECLS
