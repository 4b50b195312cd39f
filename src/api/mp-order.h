/* mp-order.h: an order (sales, change, ...) and its provisioning progress
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-enums.h"
#include "mp-money.h"
#include "mp-order-line.h"

G_BEGIN_DECLS

#define MP_TYPE_ORDER (mp_order_get_type ())

G_DECLARE_FINAL_TYPE (MpOrder, mp_order, MP, ORDER, GObject)

MpOrder            *mp_order_new_from_json         (JsonObject  *object,
                                                    GError     **error);
const char         *mp_order_get_id                (MpOrder     *self);
const char         *mp_order_get_order_number      (MpOrder     *self);
MpOrderType         mp_order_get_order_type        (MpOrder     *self);
const char         *mp_order_get_customer_id       (MpOrder     *self);
const char         *mp_order_get_plan_id           (MpOrder     *self);
const char         *mp_order_get_po_number         (MpOrder     *self);
const char         *mp_order_get_creation_date     (MpOrder     *self);
MpOrderStatus       mp_order_get_status            (MpOrder     *self);
const char         *mp_order_get_status_code       (MpOrder     *self);
gboolean            mp_order_get_final             (MpOrder     *self);
const char         *mp_order_get_subscription_id   (MpOrder     *self);
const char         *mp_order_get_provisioning_date (MpOrder     *self);
const MpMoney      *mp_order_get_total             (MpOrder     *self);
gint64              mp_order_get_progress          (MpOrder     *self);
gint64              mp_order_get_step              (MpOrder     *self);
const char * const *mp_order_get_steps             (MpOrder     *self);
const char         *mp_order_get_error_message     (MpOrder     *self);
gboolean            mp_order_get_scheduled         (MpOrder     *self);
const char         *mp_order_get_scheduled_date    (MpOrder     *self);
const char         *mp_order_get_cancellation_reason (MpOrder   *self);
const char         *mp_order_get_correlation_id    (MpOrder     *self);
void                mp_order_set_correlation_id    (MpOrder     *self,
                                                    const char  *correlation_id);
GListModel         *mp_order_get_lines             (MpOrder     *self);
gboolean            mp_order_update_from_json      (MpOrder     *self,
                                                    JsonObject  *object,
                                                    GError     **error);
gboolean            mp_order_status_is_final       (MpOrderStatus status);

G_END_DECLS
