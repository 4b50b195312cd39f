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

/* A start asked for while one is under way (the sign-in page's saved
 * password arriving before the server printed its address) completes with
 * it: one server, one address. It used to spawn a second server on the
 * same database, and the two raced (a remembered sign-in never came, under
 * load, in CI).
 */
static void
test_start_while_starting (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mp-demo-XXXXXX", NULL);
  g_autoptr(MpDemoServer) demo = mp_demo_server_new (dir);
  Result first = { 0 }, second = { 0 };
  g_autofree char *url = NULL;

  mp_demo_server_start_async (demo, NULL, started_cb, &first);
  mp_demo_server_start_async (demo, NULL, started_cb, &second);
  MP_WAIT_UNTIL (first.done && second.done, 30000);
  g_assert_no_error (first.error);
  g_assert_no_error (second.error);
  g_assert_true (first.ok && second.ok);
  url = g_strdup (mp_demo_server_get_url (demo));
  g_assert_nonnull (url);
  /* Nothing else comes in later with another address. */
  for (gint64 end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC; g_get_monotonic_time () < end;)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (mp_demo_server_get_url (demo), ==, url);
  g_assert_true (mp_demo_server_get_running (demo));
  mp_demo_server_stop (demo);
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

typedef struct
{
  guint  restarted;
  guint  failed;
  char  *old_url;
  char  *new_url;
} Restarts;

static void
restarted_cb (MpDemoServer *demo,
              const char   *old_url,
              const char   *new_url,
              Restarts     *r)
{
  r->restarted++;
  g_free (r->old_url);
  r->old_url = g_strdup (old_url);
  g_free (r->new_url);
  r->new_url = g_strdup (new_url);
}

static void
restart_failed_cb (MpDemoServer *demo,
                   const char   *message,
                   Restarts     *r)
{
  r->failed++;
}

static void
kill_server (MpDemoServer *demo)
{
  const char *pid = mp_demo_server_get_identifier (demo);

  g_assert_nonnull (pid);
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (pid, NULL, 10), SIGKILL), ==, 0);
}

/* A server that dies (not stopped by the app) comes back on the same data
 * and address; one that keeps dying is left stopped, and says so.
 */
static void
test_restarts_after_crash (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mp-demo-XXXXXX", NULL);
  g_autoptr(MpDemoServer) demo = mp_demo_server_new (dir);
  g_autofree char *url = NULL;
  Restarts restarts = { 0 };
  Result r = { 0 };

  g_signal_connect (demo, "restarted", G_CALLBACK (restarted_cb), &restarts);
  g_signal_connect (demo, "restart-failed", G_CALLBACK (restart_failed_cb), &restarts);
  mp_demo_server_start_async (demo, NULL, started_cb, &r);
  MP_WAIT_UNTIL (r.done, 30000);
  g_assert_no_error (r.error);
  url = g_strdup (mp_demo_server_get_url (demo));

  kill_server (demo);
  MP_WAIT_UNTIL (restarts.restarted == 1, 30000);
  g_assert_true (mp_demo_server_get_running (demo));
  g_assert_false (mp_demo_server_get_restarting (demo));
  g_assert_cmpstr (restarts.old_url, ==, url);
  g_assert_cmpstr (restarts.new_url, ==, url);
  g_assert_cmpstr (mp_demo_server_get_url (demo), ==, url);

  /* Crashing again and again: restarted a few times, then left alone. */
  while (restarts.failed == 0)
    {
      guint before = restarts.restarted;

      kill_server (demo);
      MP_WAIT_UNTIL (restarts.restarted > before || restarts.failed > 0, 60000);
    }
  g_assert_cmpuint (restarts.restarted, ==, 5);
  g_assert_cmpuint (restarts.failed, ==, 1);
  g_assert_false (mp_demo_server_get_running (demo));
  g_assert_false (mp_demo_server_get_restarting (demo));

  /* Stopped by the app: it stays stopped. */
  r.done = FALSE;
  mp_demo_server_start_async (demo, NULL, started_cb, &r);
  MP_WAIT_UNTIL (r.done, 30000);
  g_assert_true (r.ok);
  mp_demo_server_stop (demo);
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (mp_demo_server_get_restarting (demo));
  g_assert_cmpuint (restarts.restarted, ==, 5);

  g_free (restarts.old_url);
  g_free (restarts.new_url);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-server/start-stop", test_start_stop);
  g_test_add_func ("/demo-server/start-while-starting", test_start_while_starting);
  g_test_add_func ("/demo-server/waits-for-previous-server", test_waits_for_previous_server);
  g_test_add_func ("/demo-server/restarts-after-crash", test_restarts_after_crash);

  return g_test_run ();
}
