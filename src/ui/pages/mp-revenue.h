/* mp-revenue.h: what the reseller's customers pay per month
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mp-page-util.h"
#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_REVENUE (mp_revenue_get_type ())

G_DECLARE_FINAL_TYPE (MpRevenue, mp_revenue, MP, REVENUE, GObject)

/* The figures per owner (the reseller itself or one of its customers) of
 * the account's subscriptions, summed once per change of the lists, never
 * per row shown: seats and the monthly recurring total (per currency), and
 * the net effect of the orders placed this month on that total. "changed"
 * is emitted (from an idle) whenever one of them changed.
 */
MpRevenue    *mp_revenue_new                  (MpSession      *session,
                                               MpListSource   *subscriptions);
MpRevenue    *mp_revenue_new_names            (MpSession      *session);
MpListSource *mp_revenue_get_customers        (MpRevenue      *self);
MpListSource *mp_revenue_get_subscriptions    (MpRevenue      *self);
void          mp_revenue_watch_orders         (MpRevenue      *self,
                                               MpListSource   *orders);
void          mp_revenue_reload               (MpRevenue      *self);
gboolean      mp_revenue_get_loading          (MpRevenue      *self);

const char   *mp_revenue_get_own_id           (MpRevenue      *self);
gboolean      mp_revenue_is_own               (MpRevenue      *self,
                                               MpSubscription *subscription);
const char   *mp_revenue_get_owner_name       (MpRevenue      *self,
                                               const char     *customer_id);
const char   *mp_revenue_get_owner_folded     (MpRevenue      *self,
                                               const char     *customer_id);
gint64        mp_revenue_get_seats            (MpRevenue      *self,
                                               const char     *customer_id);
GArray       *mp_revenue_get_monthly          (MpRevenue      *self,
                                               const char     *customer_id);
GArray       *mp_revenue_get_change           (MpRevenue      *self,
                                               const char     *customer_id,
                                               guint          *n_orders);
GArray       *mp_revenue_get_customers_total  (MpRevenue      *self);
GPtrArray    *mp_revenue_get_top_customers    (MpRevenue      *self,
                                               guint           n);
GPtrArray    *mp_revenue_get_renewing         (MpRevenue      *self);

gboolean      mp_revenue_subscription_monthly (MpSubscription *subscription,
                                               MpMoney        *monthly);
gboolean      mp_revenue_counts               (MpSubscription *subscription);
char         *mp_revenue_format_sums          (GArray         *sums);
char         *mp_revenue_format_change        (GArray         *sums,
                                               guint           n_orders);

G_END_DECLS

G_BEGIN_DECLS
/* Columns whose cells are set again when the figures change. */
GtkListItemFactory *mp_revenue_factory_new    (MpCellTextFunc       text_func,
                                               gpointer             user_data,
                                               gboolean             numeric);
void          mp_revenue_refresh_column       (GtkColumnViewColumn *column);
void          mp_revenue_set_sorter           (GtkColumnViewColumn *column,
                                               GCompareDataFunc     compare,
                                               gpointer             user_data);
G_END_DECLS
