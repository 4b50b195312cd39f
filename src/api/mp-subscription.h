/* mp-subscription.h: a subscription with its per-resource limits and usage
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-money.h"
#include "mp-period.h"
#include "mp-subscription-resource.h"

G_BEGIN_DECLS

#define MP_TYPE_SUBSCRIPTION (mp_subscription_get_type ())

G_DECLARE_FINAL_TYPE (MpSubscription, mp_subscription, MP, SUBSCRIPTION, GObject)

MpSubscription         *mp_subscription_new_from_json        (JsonObject      *object,
                                                              GError         **error);
const char             *mp_subscription_get_id               (MpSubscription  *self);
const char             *mp_subscription_get_name             (MpSubscription  *self);
const char             *mp_subscription_get_customer_id      (MpSubscription  *self);
const char             *mp_subscription_get_status           (MpSubscription  *self);
const char             *mp_subscription_get_plan_id          (MpSubscription  *self);
const char             *mp_subscription_get_plan_name        (MpSubscription  *self);
MpPeriod               *mp_subscription_get_period           (MpSubscription  *self);
gboolean                mp_subscription_get_auto_renew       (MpSubscription  *self);
const char             *mp_subscription_get_creation_date    (MpSubscription  *self);
const char             *mp_subscription_get_expiration_date  (MpSubscription  *self);
const char             *mp_subscription_get_renewal_date     (MpSubscription  *self);
const char             *mp_subscription_get_pending_order_id (MpSubscription  *self);
const char             *mp_subscription_get_scheduled_order_id (MpSubscription *self);
/* TRUE when the subscription is active and its plan allows renewing it
 * ahead with a renewal order (mp_order_draft_new_renewal()).
 */
gboolean                mp_subscription_get_manual_renewal   (MpSubscription  *self);
const MpMoney          *mp_subscription_get_total_price      (MpSubscription  *self);
GListModel             *mp_subscription_get_resources        (MpSubscription  *self);
MpSubscriptionResource *mp_subscription_find_resource        (MpSubscription  *self,
                                                              const char      *mpn);

/* The plan's cancellation rules for this term (the "cancellationPolicy"
 * extension, docs/api.md): a full refund through the date
 * "YYYY-MM-DD" of mp_subscription_get_full_refund_until() (NULL: no
 * refund window), then what mp_subscription_get_after_refund_window()
 * says: "none" (no refund), "prorated" (the unused part of the term) or
 * "refused" (no cancellation).
 */
gboolean                mp_subscription_has_cancellation_policy (MpSubscription *self);
const char             *mp_subscription_get_full_refund_until   (MpSubscription *self);
const char             *mp_subscription_get_after_refund_window (MpSubscription *self);
/* TRUE while the refund window is open (today, local date). */
gboolean                mp_subscription_get_full_refund         (MpSubscription *self);
/* FALSE with a reason for the user (when @reason is not NULL) when the
 * subscription cannot be cancelled today: not active, or its plan's
 * window has closed.
 */
gboolean                mp_subscription_can_cancel              (MpSubscription  *self,
                                                                 char           **reason);

G_END_DECLS
