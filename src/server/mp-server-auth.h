/* mp-server-auth.h: password hashes and tokens
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

char     *mp_auth_hash_password  (const char  *password,
                                  GError     **error);
gboolean  mp_auth_check_password (const char  *password,
                                  const char  *hash);
gboolean  mp_auth_random_bytes   (guint8      *buffer,
                                  gsize        length,
                                  GError     **error);
char     *mp_auth_new_token      (GError     **error);
char     *mp_auth_token_digest   (const char  *token);
gboolean  mp_auth_constant_equal (const char  *a,
                                  const char  *b);

/* Password checks on worker threads, so that yescrypt (about 20 ms each)
 * does not stall the thread that serves every other request.
 */
typedef struct _MpAuthPool MpAuthPool;
/* MATCH: the index of the hash the password matches, or -1. */
typedef void (*MpAuthCheckFunc) (int      match,
                                 gpointer user_data);

/* At most MAX_THREADS checks at once and MAX_PENDING waiting or running;
 * results are delivered on the thread-default main context of the caller.
 */
MpAuthPool *mp_auth_pool_new   (guint            max_threads,
                                guint            max_pending);
/* Waits for the checks already queued; their results are not delivered. */
void        mp_auth_pool_free  (MpAuthPool      *self);
/* Checks PASSWORD against each of HASHES (NULL-terminated, at least one).
 * FALSE (and FUNC is not called) when MAX_PENDING checks are waiting. */
gboolean    mp_auth_pool_check (MpAuthPool      *self,
                                const char      *password,
                                const char      *const *hashes,
                                MpAuthCheckFunc  func,
                                gpointer         user_data);

G_END_DECLS
