/* mp-client-private.h: the request machinery, for the library's own types
 *
 * The seam between the client's transport (mp-client.c: queue, retries,
 * token, error mapping) and its end points (mp-client-endpoints.c,
 * mp-client-orders.c) and the other types of src/api (MpPagedList,
 * MpPurchase, ...).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "mp-client.h"
#include "mp-json-private.h"

G_BEGIN_DECLS

typedef enum
{
  MP_REQUEST_NONE       = 0,
  /* Needs a token: waits for one, renews it on a 401 and retries once. */
  MP_REQUEST_AUTH       = 1 << 0,
  /* Safe to repeat (GET): 429 and 503 are retried with backoff. */
  MP_REQUEST_RETRY      = 1 << 1,
  /* A long poll: not counted against the in-flight limit. */
  MP_REQUEST_LONG_POLL  = 1 << 2,
  /* Leave the body unparsed in MpResponse.body (big lists are parsed in a
   * worker thread).
   */
  MP_REQUEST_RAW        = 1 << 3,
} MpRequestFlags;

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  JsonNode           *root;
  GBytes             *body;   /* MP_REQUEST_RAW only */
  goffset             written; /* mp_client_request_stream_async () only */
} MpResponse;

void        mp_response_free          (MpResponse           *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpResponse, mp_response_free)

/* @path is below the base URL ("/orders") and may carry a query made with
 * mp_client_build_query(). @headers: NULL-terminated name, value pairs.
 * Answers other than 2xx and 304 are errors.
 */
void        mp_client_request_async   (MpClient             *self,
                                       const char           *method,
                                       const char           *path,
                                       JsonNode             *body,
                                       const char * const   *headers,
                                       MpRequestFlags        flags,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
/* GET @url (below the base URL: with the token; any other: without),
 * its body written to @sink as it arrives (not closed). Finish with
 * mp_client_request_finish (): MpResponse.written is the byte count.
 * Not retried on 429 (the sink may hold a part).
 */
void        mp_client_request_stream_async (MpClient        *self,
                                       const char           *url,
                                       GOutputStream        *sink,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
MpResponse *mp_client_request_finish  (MpClient             *self,
                                       GAsyncResult         *result,
                                       GError              **error);
/* "?name=value&..." with values escaped; NULL values are left out. Ends
 * with a NULL name.
 */
char       *mp_client_build_query     (const char           *first_name,
                                       ...) G_GNUC_NULL_TERMINATED;
/* The longest pause between two tries of a request, or two polls of an
 * order, in milliseconds.
 */
#define MP_CLIENT_MAX_BACKOFF_MS 15000

/* How long to wait before try @attempt (1, 2, ...): exponential from the
 * client's retry delay up to MP_CLIENT_MAX_BACKOFF_MS, with jitter.
 */
guint       mp_client_backoff_ms      (MpClient             *self,
                                       guint                 attempt);
/* A GIO, TLS or libsoup error as an MP_CLIENT_ERROR for @path (a
 * cancellation stays G_IO_ERROR_CANCELLED).
 */
GError     *mp_client_map_transport_error (GError         *error,
                                           const char     *path);
/* @url without its trailing slashes. */
char       *mp_client_strip_slashes   (const char           *url);
/* "@collection/@id@suffix" with @id escaped: ("/orders", "7", "") is
 * "/orders/7".
 */
char       *mp_client_build_id_path   (const char           *collection,
                                       const char           *id,
                                       const char           *suffix);
/* A cancellable sleep on the thread-default main context. */
void        mp_sleep_async            (guint                 milliseconds,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gboolean    mp_sleep_finish           (GAsyncResult         *result,
                                       GError              **error);

/* One object: @path's answer parsed with @parse (GET retried on 429/503);
 * finish with the same @source_tag. */
void        mp_client_object_request  (MpClient             *self,
                                       const char           *method,
                                       const char           *path,
                                       JsonNode             *body,
                                       MpJsonParseFunc       parse,
                                       gpointer              source_tag,
                                       GCancellable         *cancellable,
                                       GAsyncReadyCallback   callback,
                                       gpointer              user_data);
gpointer    mp_client_object_finish   (MpClient             *self,
                                       GAsyncResult         *result,
                                       gpointer              source_tag,
                                       GError              **error);

/* For tests: how many token requests were sent so far. */
guint       mp_client_get_token_requests (MpClient          *self);

/* For MpPagedList. */
MpPagedList *mp_paged_list_new        (MpClient             *client,
                                       const char           *path,
                                       const char           *query,
                                       GType                 item_type,
                                       MpJsonParseFunc       parse);

G_END_DECLS
