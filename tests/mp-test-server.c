/* mp-test-server.c: run the real market-panel-server for a test
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-test-server"

#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mp-test-server.h"

#define START_TIMEOUT_MS 20000

struct _MpTestServer
{
  GPtrArray *argv;       /* without the data dir's pair: built per start */
  char      *data_dir;
  char      *url;
  GPid       pid;        /* 0: not running */
  int        stdout_fd;  /* kept open: the server may write more */
  int        wait_status;
};

static const char *
server_binary (void)
{
  static char *path;

  if (path == NULL)
    {
      const char *override = g_getenv ("MP_TEST_SERVER_BINARY");
      const char *build_dir = g_getenv ("MP_BUILD_DIR");

      if (override != NULL && *override != '\0')
        path = g_strdup (override);
      else
        path = g_build_filename (build_dir != NULL ? build_dir : ".",
                                 "src", "server", "market-panel-server", NULL);
    }
  return path;
}

/* Reads the first line of FD within the time left; NULL on timeout or EOF. */
static char *
read_first_line (int      fd,
                 GError **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gint64 deadline = g_get_monotonic_time () + START_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      struct pollfd pfd = { fd, POLLIN, 0 };
      gint64 left = (deadline - g_get_monotonic_time ()) / G_TIME_SPAN_MILLISECOND;
      char c;
      ssize_t n;
      int rc;

      if (left <= 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                       "market-panel-server printed no URL within %d s", START_TIMEOUT_MS / 1000);
          return NULL;
        }
      rc = poll (&pfd, 1, (int) left);
      if (rc < 0 && errno == EINTR)
        continue;
      if (rc < 0)
        {
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "poll: %s", g_strerror (errno));
          return NULL;
        }
      if (rc == 0)
        continue;
      n = read (fd, &c, 1);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                               "market-panel-server exited before printing its URL");
          return NULL;
        }
      if (c == '\n')
        break;
      g_string_append_c (line, c);
    }
  return g_string_free (g_steal_pointer (&line), FALSE);
}

static void
reap (MpTestServer *self)
{
  if (self->pid == 0)
    return;
  while (waitpid (self->pid, &self->wait_status, 0) < 0 && errno == EINTR)
    ;
  g_spawn_close_pid (self->pid);
  self->pid = 0;
  if (self->stdout_fd >= 0)
    {
      close (self->stdout_fd);
      self->stdout_fd = -1;
    }
}

/* A test that aborts must not leave its server running (and holding the
 * test's stderr open, which makes the harness wait for a timeout).
 */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static gboolean
spawn (MpTestServer  *self,
       GError       **error)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *line = NULL;
  guint i;

  g_ptr_array_add (argv, (gpointer) server_binary ());
  g_ptr_array_add (argv, (gpointer) "--data-dir");
  g_ptr_array_add (argv, self->data_dir);
  for (i = 0; i < self->argv->len; i++)
    g_ptr_array_add (argv, g_ptr_array_index (self->argv, i));
  g_ptr_array_add (argv, NULL);

  if (!g_spawn_async_with_pipes (NULL, (char **) argv->pdata, NULL,
                                 G_SPAWN_DO_NOT_REAP_CHILD,
                                 child_setup, NULL, &self->pid,
                                 NULL, &self->stdout_fd, NULL, error))
    return FALSE;

  line = read_first_line (self->stdout_fd, error);
  if (line == NULL || !g_str_has_prefix (line, "http"))
    {
      if (line != NULL)
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "market-panel-server printed “%s”, not a URL", line);
      kill (self->pid, SIGKILL);
      reap (self);
      return FALSE;
    }
  g_free (self->url);
  self->url = g_steal_pointer (&line);
  return TRUE;
}

static void
rm_rf (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            rm_rf (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}

MpTestServer *
mp_test_server_start (const char * const  *extra_args,
                      GError             **error)
{
  MpTestServer *self = g_new0 (MpTestServer, 1);
  static const char *fixed[] = {
    "--listen", "127.0.0.1:0", "--print-url", "--provision-step-ms", "30",
  };
  guint i;

  self->stdout_fd = -1;
  self->argv = g_ptr_array_new_with_free_func (g_free);
  for (i = 0; i < G_N_ELEMENTS (fixed); i++)
    g_ptr_array_add (self->argv, g_strdup (fixed[i]));
  for (i = 0; extra_args != NULL && extra_args[i] != NULL; i++)
    g_ptr_array_add (self->argv, g_strdup (extra_args[i]));

  self->data_dir = g_dir_make_tmp ("mp-test-server-XXXXXX", error);
  if (self->data_dir == NULL || !spawn (self, error))
    {
      mp_test_server_free (self);
      return NULL;
    }
  return self;
}

const char *
mp_test_server_get_url (MpTestServer *self)
{
  return self->url;
}

char *
mp_test_server_get_base_url (MpTestServer *self,
                             const char   *marketplace)
{
  return g_strconcat (self->url, "/marketplace/", marketplace, NULL);
}

const char *
mp_test_server_get_data_dir (MpTestServer *self)
{
  return self->data_dir;
}

GPid
mp_test_server_get_pid (MpTestServer *self)
{
  return self->pid;
}

void
mp_test_server_kill (MpTestServer *self,
                     int           signum)
{
  if (self->pid == 0)
    return;
  kill (self->pid, signum);
  reap (self);
}

gboolean
mp_test_server_exited_cleanly (MpTestServer *self)
{
  return WIFEXITED (self->wait_status) && WEXITSTATUS (self->wait_status) == 0;
}

gboolean
mp_test_server_restart (MpTestServer  *self,
                        GError       **error)
{
  mp_test_server_kill (self, SIGTERM);
  return spawn (self, error);
}

void
mp_test_server_free (MpTestServer *self)
{
  if (self == NULL)
    return;
  mp_test_server_kill (self, SIGTERM);
  if (self->data_dir != NULL)
    rm_rf (self->data_dir);
  g_free (self->data_dir);
  g_free (self->url);
  g_ptr_array_unref (self->argv);
  g_free (self);
}

GArray *
mp_test_billed_months (const char *created,
                       const char *renewal,
                       const char *start,
                       const char *end)
{
  GArray *months = g_array_new (FALSE, FALSE, sizeof (guint));
  GDate from, until;

  g_date_clear (&from, 1);
  g_date_clear (&until, 1);
  g_date_set_parse (&from, created);
  g_date_set_parse (&until, renewal);
  g_assert_true (g_date_valid (&from) && g_date_valid (&until));
  for (guint k = 0;; k++)
    {
      GDate day = from;
      char text[16];

      g_date_add_months (&day, k);
      if (g_date_compare (&day, &until) >= 0)
        break;
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
      if (strcmp (text, end) > 0)
        break;
      if (strcmp (text, start) >= 0)
        g_array_append_val (months, k);
    }
  return months;
}

gint64
mp_test_month_share (gint64 term_price,
                     guint  month,
                     gint64 term_months)
{
  gint64 in_term = (gint64) month % term_months;

  g_assert_cmpint (term_months, >, 0);
  return term_price * (in_term + 1) / term_months - term_price * in_term / term_months;
}
