/* mp-client-test-util.h: helpers for the server-backed client tests
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-api.h"
#include "mp-test-server.h"

G_BEGIN_DECLS

/* Runs the default main context until *result is set by mp_test_store_result. */
GAsyncResult *mp_test_wait           (GAsyncResult **result);
void          mp_test_store_result   (GObject       *object,
                                      GAsyncResult  *result,
                                      gpointer       user_data);
/* Spins the main loop for @ms milliseconds. */
void          mp_test_sleep          (guint          ms);
MpTestServer *mp_test_start_server   (const char    *first_arg,
                                      ...) G_GNUC_NULL_TERMINATED;
MpClient     *mp_test_client_new     (MpTestServer  *server,
                                      const char    *user,
                                      const char    *password);
MpClient     *mp_test_login          (MpTestServer  *server,
                                      const char    *user,
                                      const char    *password);
gboolean      mp_test_wait_list      (MpPagedList   *list,
                                      GError       **error);
gpointer      mp_test_get_plan       (MpClient      *client,
                                      const char    *plan_id);

G_END_DECLS
