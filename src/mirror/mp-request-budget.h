/* mp-request-budget.h: a token bucket for the requests of a background job
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MP_TYPE_REQUEST_BUDGET (mp_request_budget_get_type ())

G_DECLARE_FINAL_TYPE (MpRequestBudget, mp_request_budget, MP, REQUEST_BUDGET, GObject)

/* The real marketplace throttles each subscription key by a time-window
 * budget (../shared/reference/simpleapi-notes.md, "throttling"). A job that
 * sends many requests (the mirror's refresh) asks the budget before each
 * one and tells it how the request ended:
 *
 *   mp_request_budget_acquire_async (budget, cancellable, cb, data);
 *   ... cb: mp_request_budget_acquire_finish (), send the request ...
 *   mp_request_budget_release (budget, http_status, retry_after_ms);
 *
 * A request is granted when a token is in the bucket (it refills at
 * "rate" tokens a second up to "burst"), fewer than "max-in-flight" (at
 * most 4) granted requests are unreleased, and no 429 pause is running.
 * A release with status 429 empties the bucket and pauses every grant for
 * Retry-After (@retry_after_ms), or without one for an exponential backoff
 * from 1 s up to 15 s; the caller sends the refused request again through
 * a new acquire. Grants are in the order asked.
 *
 * Properties (all notified): "rate" (double, requests a second), "burst"
 * (uint), "max-in-flight" (uint, 1 ... 4) (the three settings a
 * Preferences row shows), "in-flight" and "waiting" (uint, read-only),
 * "throttled" (uint: 429 answers seen so far).
 */
MpRequestBudget *mp_request_budget_new            (double               rate,
                                                   guint                burst);

double           mp_request_budget_get_rate       (MpRequestBudget     *self);
void             mp_request_budget_set_rate       (MpRequestBudget     *self,
                                                   double               rate);
guint            mp_request_budget_get_burst      (MpRequestBudget     *self);
void             mp_request_budget_set_burst      (MpRequestBudget     *self,
                                                   guint                burst);
guint            mp_request_budget_get_max_in_flight (MpRequestBudget  *self);
void             mp_request_budget_set_max_in_flight (MpRequestBudget  *self,
                                                      guint             max_in_flight);
guint            mp_request_budget_get_in_flight  (MpRequestBudget     *self);
guint            mp_request_budget_get_waiting    (MpRequestBudget     *self);
guint            mp_request_budget_get_throttled  (MpRequestBudget     *self);
/* Monotonic time (microseconds) before which nothing is granted because of
 * a 429; 0 when no pause ever was.
 */
gint64           mp_request_budget_get_paused_until (MpRequestBudget   *self);

void             mp_request_budget_acquire_async  (MpRequestBudget     *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
gboolean         mp_request_budget_acquire_finish (MpRequestBudget     *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);
/* @status: the HTTP status of the answer (0: no answer); @retry_after_ms:
 * its Retry-After (0: none).
 */
void             mp_request_budget_release        (MpRequestBudget     *self,
                                                   guint                status,
                                                   guint                retry_after_ms);

/* For tests: a clock (monotonic microseconds) instead of
 * g_get_monotonic_time (). With a clock set the budget starts no timers:
 * call mp_request_budget_dispatch () after moving the clock on.
 */
typedef gint64 (*MpRequestBudgetClock) (gpointer user_data);

void             mp_request_budget_set_clock      (MpRequestBudget      *self,
                                                   MpRequestBudgetClock  clock,
                                                   gpointer              user_data);
void             mp_request_budget_dispatch       (MpRequestBudget      *self);

G_END_DECLS
