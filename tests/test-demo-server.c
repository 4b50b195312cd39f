/* test-demo-server.c: the demo marketplace as a child process.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "mp-demo-server.h"
#include "mp-test-ui.h"

typedef struct
{
  gboolean done;
  gboolean ok;
  GError  *error;
} Result;

static void
started_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  Result *r = user_data;

  r->ok = mp_demo_server_start_finish (MP_DEMO_SERVER (object), result, &r->error);
  r->done = TRUE;
}

static gboolean
terminate_cb (gpointer user_data)
{
  g_subprocess_send_signal (G_SUBPROCESS (user_data), SIGTERM);
  return G_SOURCE_REMOVE;
}

static void
test_start_stop (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mp-demo-XXXXXX", NULL);
  g_autoptr(MpDemoServer) demo = mp_demo_server_new (dir);
  Result r = { 0 };

  g_assert_false (mp_demo_server_get_running (demo));
  mp_demo_server_start_async (demo, NULL, started_cb, &r);
  MP_WAIT_UNTIL (r.done, 30000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_true (mp_demo_server_get_running (demo));
  g_assert_true (g_str_has_prefix (mp_demo_server_get_url (demo), "http://127.0.0.1:"));

  /* Starting a running server is a no-op. */
  r.done = FALSE;
  mp_demo_server_start_async (demo, NULL, started_cb, &r);
  MP_WAIT_UNTIL (r.done, 1000);
  g_assert_true (r.ok);

  mp_demo_server_stop (demo);
  g_assert_false (mp_demo_server_get_running (demo));
  g_assert_null (mp_demo_server_get_url (demo));
}

/* A window closed a moment ago leaves its server holding the database for
 * a while; the next start waits for it instead of failing.
 */
static void
test_waits_for_previous_server (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mp-demo-XXXXXX", NULL);
  g_autofree char *program = mp_demo_server_find_program ();
  g_autoptr(MpDemoServer) demo = mp_demo_server_new (dir);
  g_autoptr(GSubprocess) previous = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  Result r = { 0 };

  previous = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error, program, "--listen", "127.0.0.1:0", "--data-dir", dir,
                               "--print-url", NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (previous));
  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);

  mp_demo_server_start_async (demo, NULL, started_cb, &r);
  g_timeout_add (1500, terminate_cb, previous);
  MP_WAIT_UNTIL (r.done, 30000);
  g_assert_no_error (r.error);
  g_assert_true (r.ok);
  g_assert_true (mp_demo_server_get_running (demo));
  g_assert_cmpstr (mp_demo_server_get_url (demo), !=, line);
  mp_demo_server_stop (demo);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-server/start-stop", test_start_stop);
  g_test_add_func ("/demo-server/waits-for-previous-server", test_waits_for_previous_server);

  return g_test_run ();
}
