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

G_END_DECLS
