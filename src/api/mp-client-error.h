/* mp-client-error.h: the one error domain of the marketplace client
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MP_CLIENT_ERROR (mp_client_error_quark ())

/**
 * MpClientError:
 * @MP_CLIENT_ERROR_NETWORK: the server could not be reached, or the
 *   connection was lost or timed out
 * @MP_CLIENT_ERROR_TLS: the TLS connection failed (bad certificate, ...);
 *   never ignored
 * @MP_CLIENT_ERROR_UNAUTHORIZED: wrong login, password or subscription key
 *   (401 from the token request, or 401 again after a fresh token)
 * @MP_CLIENT_ERROR_FORBIDDEN: 403, or a plain `http://` URL to a host that
 *   is not loopback
 * @MP_CLIENT_ERROR_NOT_FOUND: 404
 * @MP_CLIENT_ERROR_VALIDATION: 400 or 422: the request was refused; the
 *   message is the server's
 * @MP_CLIENT_ERROR_CONFLICT: 409 (or the real service's 500 for a second
 *   change order on a subscription)
 * @MP_CLIENT_ERROR_RATE_LIMITED: 429 after the retries ran out
 * @MP_CLIENT_ERROR_SERVER: any other 5xx
 * @MP_CLIENT_ERROR_BAD_RESPONSE: the answer was not what SimpleAPI promises
 *   (not JSON, a field missing or of the wrong type)
 *
 * G_IO_ERROR_CANCELLED is passed through untouched, never mapped.
 */
typedef enum
{
  MP_CLIENT_ERROR_NETWORK,
  MP_CLIENT_ERROR_TLS,
  MP_CLIENT_ERROR_UNAUTHORIZED,
  MP_CLIENT_ERROR_FORBIDDEN,
  MP_CLIENT_ERROR_NOT_FOUND,
  MP_CLIENT_ERROR_VALIDATION,
  MP_CLIENT_ERROR_CONFLICT,
  MP_CLIENT_ERROR_RATE_LIMITED,
  MP_CLIENT_ERROR_SERVER,
  MP_CLIENT_ERROR_BAD_RESPONSE,
} MpClientError;

/**
 * MpRefusal:
 * @MP_REFUSAL_NONE: no machine-readable reason: a server without the
 *   "refusal" member (the real marketplace), or a rule this client does not
 *   know. Show the message where the order is placed; never guess.
 * @MP_REFUSAL_TERMS: terms not accepted; the subject is the terms ID
 * @MP_REFUSAL_PERIOD: the subscription period is not offered (or cannot
 *   change)
 * @MP_REFUSAL_QUANTITY: a quantity is out of its resource's range; the
 *   subject is the MPN
 * @MP_REFUSAL_BELOW_USAGE: a limit was cut below what is in use; the
 *   subject is the MPN
 * @MP_REFUSAL_CREDIT_HOLD: the customer is on credit hold
 * @MP_REFUSAL_PENDING_CHANGE: another change order is in progress on the
 *   subscription
 * @MP_REFUSAL_PLAN: the plan cannot be ordered by this buyer
 * @MP_REFUSAL_FIELD: a request field is invalid; the subject is its name
 * @MP_REFUSAL_CANCELLATION_WINDOW: the plan allows a cancellation only in
 *   its refund window, which has closed; the subject is its last day
 *   ("YYYY-MM-DD")
 * @MP_REFUSAL_NOT_RENEWING: a change scheduled for the renewal of a
 *   subscription that does not renew; the subject is the day it ends
 * @MP_REFUSAL_MANUAL_RENEWAL: a renewal order where the plan renews at the
 *   end of the term only; the subject is the plan ID
 * @MP_REFUSAL_PLAN_SWITCH: the plan or period switch is not among the
 *   source plan's planSwitches, or (subject: its whenEffective) takes
 *   effect later and cannot be placed yet
 * @MP_REFUSAL_TARGET_LIMITS: a limit carried over by a switch does not fit
 *   the target plan; the subject is the target MPN, if any
 *
 * Why a 4xx answer refused a request, from the demo server's documented
 * "refusal" member of the error body (docs/api.md).
 */
typedef enum
{
  MP_REFUSAL_NONE,
  MP_REFUSAL_TERMS,
  MP_REFUSAL_PERIOD,
  MP_REFUSAL_QUANTITY,
  MP_REFUSAL_BELOW_USAGE,
  MP_REFUSAL_CREDIT_HOLD,
  MP_REFUSAL_PENDING_CHANGE,
  MP_REFUSAL_PLAN,
  MP_REFUSAL_FIELD,
  MP_REFUSAL_CANCELLATION_WINDOW,
  MP_REFUSAL_NOT_RENEWING,
  MP_REFUSAL_MANUAL_RENEWAL,
  MP_REFUSAL_PLAN_SWITCH,
  MP_REFUSAL_TARGET_LIMITS,
} MpRefusal;

GQuark      mp_client_error_quark              (void);

/* Extra data carried by every MP_CLIENT_ERROR error (an extended GError):
 * the correlation ID to show beside the message, the HTTP status (0 when no
 * answer came) and the request path. They return NULL / 0 for errors of
 * other domains.
 */
const char *mp_client_error_get_correlation_id (const GError *error);
guint       mp_client_error_get_status         (const GError *error);
const char *mp_client_error_get_path           (const GError *error);
/* For POST /orders: TRUE when the order is known not to have been placed,
 * so that the same draft can be placed again safely.
 */
gboolean    mp_client_error_get_retry_safe     (const GError *error);
/* For a 429 or 503: the answer's Retry-After in milliseconds (0: none). */
guint       mp_client_error_get_retry_after    (const GError *error);
/* Why the server refused (MP_REFUSAL_NONE when it did not say); @subject
 * (may be NULL) gets the terms ID, MPN or field name, or NULL.
 */
MpRefusal   mp_client_error_get_refusal        (const GError  *error,
                                                const char   **subject);

GError     *mp_client_error_new                (MpClientError  code,
                                                guint          status,
                                                const char    *path,
                                                const char    *correlation_id,
                                                const char    *message);
GError     *mp_client_error_new_from_response  (guint          status,
                                                const char    *path,
                                                const char    *correlation_id_header,
                                                GBytes        *body);
void        mp_client_error_set_retry_safe     (GError        *error,
                                                gboolean       retry_safe);
void        mp_client_error_set_retry_after    (GError        *error,
                                                guint          milliseconds);
void        mp_client_error_set_refusal        (GError        *error,
                                                MpRefusal      refusal,
                                                const char    *subject);

G_END_DECLS
