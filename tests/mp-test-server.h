/* mp-test-server.h: run the real market-panel-server for a test
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MpTestServer MpTestServer;

/* Spawns $MP_BUILD_DIR/src/server/market-panel-server --listen 127.0.0.1:0
 * --data-dir <new temp dir> --print-url --provision-step-ms 30, plus
 * EXTRA_ARGS (NULL-terminated, may be NULL), and waits (20 s at most) for
 * the URL it prints. Needs no main loop. The server's stderr goes to the
 * test's stderr.
 */
MpTestServer *mp_test_server_start        (const char * const  *extra_args,
                                           GError             **error);
/* The root, e.g. "http://127.0.0.1:41234". */
const char   *mp_test_server_get_url      (MpTestServer        *self);
/* The root + "/marketplace/" + MARKETPLACE. */
char         *mp_test_server_get_base_url (MpTestServer        *self,
                                           const char          *marketplace);
const char   *mp_test_server_get_data_dir (MpTestServer        *self);
GPid          mp_test_server_get_pid      (MpTestServer        *self);
/* Sends SIGNUM (SIGKILL, SIGTERM, ...) and waits for the exit. */
void          mp_test_server_kill         (MpTestServer        *self,
                                           int                  signum);
/* Whether the last exit (after mp_test_server_kill) was a clean exit 0. */
gboolean      mp_test_server_exited_cleanly (MpTestServer      *self);
/* Starts it again on the same data dir with the same arguments; the URL
 * may change. Kills a running one with SIGTERM first.
 */
gboolean      mp_test_server_restart      (MpTestServer        *self,
                                           GError             **error);
/* SIGTERM, wait, remove the temp dir. */
void          mp_test_server_free         (MpTestServer        *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpTestServer, mp_test_server_free)

/* The demo marketplace's billing (docs/api.md, "Reports"), counted here
 * with GDate for the tests' own sums: the months of a subscription's life
 * (0, 1, ... from CREATED, each counted from that day) whose billing day
 * falls in START..END, before RENEWAL (all YYYY-MM-DD); a GArray of guint.
 */
GArray       *mp_test_billed_months       (const char          *created,
                                           const char          *renewal,
                                           const char          *start,
                                           const char          *end);
/* What month MONTH of a subscription (as above) bills of TERM_PRICE, one
 * term's price, for terms of TERM_MONTHS: the term's price spread over
 * its months, floor (price x (i + 1) / M) - floor (price x i / M) for
 * month i of the term, so that a whole term bills exactly its price. */
gint64        mp_test_month_share         (gint64               term_price,
                                           guint                month,
                                           gint64               term_months);

G_END_DECLS
