/* mp-renewal-monitor.h: renewals ahead and the commitment windows that close
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-money.h"
#include "mp-subscription.h"

G_BEGIN_DECLS

/* The renewal rules, over what a subscription says and a day "today"
 * (the caller's local date, so that tests choose it):
 *
 * - A subscription renews on its renewalDate (its expirationDate when it
 *   has none); only an active one renews.
 * - Its commitment window is the time in which it can still be reduced or
 *   cancelled before the next term binds the customer: through the day
 *   before the renewal, except for a plan whose cancellation rules refuse
 *   a cancellation after the refund window ("afterRefundWindow": "refused"),
 *   whose window is the refund window (through fullRefundUntil; closed at
 *   once when the plan has none).
 * - The recurring total charged at renewal is the subscription's
 *   totalPrice (GET /subscriptions/{id}), or, for a list row that carries
 *   products[], the sum of (quantity - includedQuantity) x unitPrice over
 *   its recurring lines (one-time services are not charged again).
 */

/* Today, the local date. */
void     mp_renewal_get_today             (GDate          *today);
/* DAY as "YYYY-MM-DD". */
char    *mp_renewal_day_to_string         (const GDate    *day) G_GNUC_WARN_UNUSED_RESULT;
/* The day of the next renewal; FALSE (DAY left invalid) when there is none. */
gboolean mp_renewal_get_renewal_day       (MpSubscription *subscription,
                                           GDate          *day);
/* Whether SUBSCRIPTION is active and renews within DAYS days of TODAY
 * (today itself included, day TODAY + DAYS included).
 */
gboolean mp_renewal_renews_within         (MpSubscription *subscription,
                                           const GDate    *today,
                                           guint           days);
/* The last day of the commitment window (see above), whether it has passed
 * or not; FALSE when the subscription has no renewal to commit to.
 */
gboolean mp_renewal_get_last_change_day   (MpSubscription *subscription,
                                           GDate          *day);
/* Whether the commitment window is still open on TODAY. */
gboolean mp_renewal_is_window_open        (MpSubscription *subscription,
                                           const GDate    *today);
/* The recurring total of the next term; FALSE when the subscription does
 * not say (a list row without products[]: ask for its details).
 */
gboolean mp_renewal_get_recurring_total   (MpSubscription *subscription,
                                           MpMoney        *total);

#define MP_TYPE_RENEWAL_MONITOR (mp_renewal_monitor_get_type ())

G_DECLARE_FINAL_TYPE (MpRenewalMonitor, mp_renewal_monitor, MP, RENEWAL_MONITOR, GObject)

/* Decides which subscriptions to warn about: those that renew
 * automatically and whose commitment window is open and closes within
 * "days" days (1 ... 30), once per subscription and window. What was
 * warned about is kept as keys ("ID:YYYY-MM-DD", the window's last day)
 * that the caller stores between runs (set_sent() / get_sent()).
 */
MpRenewalMonitor *mp_renewal_monitor_new        (guint              days);
guint             mp_renewal_monitor_get_days   (MpRenewalMonitor  *self);
void              mp_renewal_monitor_set_days   (MpRenewalMonitor  *self,
                                                 guint              days);
/* The subscriptions of SUBSCRIPTIONS (MpSubscription items) to warn about
 * on TODAY and not warned about yet, soonest window first.
 */
GPtrArray        *mp_renewal_monitor_check      (MpRenewalMonitor  *self,
                                                 GListModel        *subscriptions,
                                                 const GDate       *today);
/* The key of SUBSCRIPTION's current window, or NULL when it has none. */
char             *mp_renewal_monitor_get_key    (MpRenewalMonitor  *self,
                                                 MpSubscription    *subscription);
void              mp_renewal_monitor_mark_sent  (MpRenewalMonitor  *self,
                                                 MpSubscription    *subscription);
void              mp_renewal_monitor_set_sent   (MpRenewalMonitor  *self,
                                                 const char * const *keys);
/* The keys of the windows warned about that have not closed before TODAY
 * (older ones are of no more use), sorted.
 */
char            **mp_renewal_monitor_get_sent   (MpRenewalMonitor  *self,
                                                 const GDate       *today);

G_END_DECLS
