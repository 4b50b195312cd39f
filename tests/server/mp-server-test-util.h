/* mp-server-test-util.h: HTTP helpers for the server tests
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "mp-test-server.h"

G_BEGIN_DECLS

#define MP_DEMO_KEY "demo-subscription-key"

typedef struct
{
  guint               status;
  char               *body;       /* LENGTH bytes, then a NUL */
  gsize               length;
  JsonNode           *json;       /* NULL unless the body parsed */
  SoupMessageHeaders *headers;
} MpTestResponse;

void            mp_test_response_free (MpTestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpTestResponse, mp_test_response_free)

/* One synchronous request. URL is absolute; TOKEN may be NULL (no
 * Authorization); BODY may be NULL. Extra headers: NULL-terminated
 * name, value pairs.
 */
MpTestResponse *mp_test_request       (SoupSession *session,
                                       const char  *method,
                                       const char  *url,
                                       const char  *token,
                                       const char  *body,
                                       ...) G_GNUC_NULL_TERMINATED;
MpTestResponse *mp_test_request_full  (SoupSession *session,
                                       const char  *method,
                                       const char  *url,
                                       const char  *authorization,
                                       const char  *subscription_key,
                                       const char  *content_type,
                                       const char  *body,
                                       gsize        body_length,
                                       const char * const *headers);
/* POST {base}/token with HTTP Basic; the answer, whatever it is */
MpTestResponse *mp_test_token_request (SoupSession *session,
                                       const char  *base,
                                       const char  *login,
                                       const char  *password);
/* POST {base}/token; the token, or NULL (test fails) */
char           *mp_test_login         (SoupSession *session,
                                       const char  *base,
                                       const char  *login,
                                       const char  *password);
JsonObject     *mp_test_object        (MpTestResponse *response);
const char     *mp_test_string        (JsonObject     *object,
                                       const char     *path);
gint64          mp_test_int           (JsonObject     *object,
                                       const char     *path);
/* Checks the error body and header of a 4xx answer. */
void            mp_test_assert_error  (MpTestResponse *response,
                                       guint           status);
/* Waits until the order reaches a final status; returns its final object. */
MpTestResponse *mp_test_wait_order    (SoupSession *session,
                                       const char  *base,
                                       const char  *token,
                                       const char  *order_id,
                                       int          timeout_s);
/* "12.34" or "-12.34" in minor units. */
gint64          mp_test_minor_units   (const char     *amount);
/* "YYYY-MM-DD" -> a valid date (test fails otherwise); and back. */
GDate          *mp_test_parse_date    (const char     *text);
char           *mp_test_date_text     (const GDate    *date);

/* "12.34" or "-12.34" in minor units */
gint64          mp_test_minor_units   (const char     *amount);
/* "YYYY-MM-DD" as a new GDate (the test fails if it is not a date) */
GDate          *mp_test_parse_date    (const char     *text);

G_END_DECLS
