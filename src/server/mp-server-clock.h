/* mp-server-clock.h: the demo clock, scheduled changes and renewals
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "mp-server-private.h"

G_BEGIN_DECLS

/* The demo clock: "today" is the real date shifted by a number of days
 * (--clock-offset-days, and POST /clock with --demo-clock). Every date the
 * server computes comes from here. One clock per process.
 */
void        mp_server_clock_set_offset_days (gint64      days);
gint64      mp_server_clock_get_offset_days (void);
/* Unix seconds, shifted. */
gint64      mp_server_clock_now             (void);
void        mp_server_clock_today           (GDate      *date);
char       *mp_server_clock_today_string    (void);

/* GET/POST /clock (extension, --demo-clock only). */
void        mp_server_handle_clock          (MpRequest  *req);

/* Renews (or expires) every active subscription whose renewal date has
 * come, applying its scheduled change first. N_RENEWED: renewals and
 * expirations done. Called on clock advance and every minute.
 */
gboolean    mp_server_run_renewals          (MpServer   *self,
                                             guint      *n_renewed,
                                             GError    **error);
void        mp_server_start_renewals        (MpServer   *self);

/* Manual renewal (POST /orders {type: renewal}): whether PLAN_ID allows
 * it, and the renewal itself at the end of its order (inside the caller's
 * transaction): the scheduled change is applied first, and the term
 * moves on one period.
 */
gboolean    mp_server_allows_manual_renewal (MpServer   *self,
                                             gint64      plan_id);
/* The price items of one renewed term: every product at its quantity. */
void        mp_server_renewal_items         (MpServer   *self,
                                             gint64      subscription_id,
                                             GArray     *items);
gboolean    mp_server_renew_now             (MpServer   *self,
                                             gint64      subscription_id,
                                             GError    **error);

/* Scheduled change orders (scheduledOn: "renewal"). */
gboolean    mp_server_schedule_order        (MpServer   *self,
                                             gint64      order_id,
                                             gint64      subscription_id,
                                             const char *date,
                                             GError    **error);
/* The scheduled order waiting on SUBSCRIPTION_ID, 0: none. */
gint64      mp_server_scheduled_order_id    (MpServer   *self,
                                             gint64      subscription_id);
/* Cancels the scheduled orders of SUBSCRIPTION_ID with REASON. */
gboolean    mp_server_cancel_scheduled      (MpServer   *self,
                                             gint64      subscription_id,
                                             const char *reason,
                                             GError    **error);
/* The members of a scheduled (or schedule-cancelled) order. */
void        mp_server_write_schedule        (MpServer     *self,
                                             MpJsonWriter *writer,
                                             gint64        order_id);

G_END_DECLS
