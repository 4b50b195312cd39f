/* mp-demo-server.c: runs market-panel-server as a child process
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-demo-server"

#include "config.h"

#include <glib/gi18n.h>
#include <errno.h>
#include <signal.h>
#include <sys/prctl.h>

#include "mp-demo-server.h"

struct _MpDemoServer
{
  GObject           parent_instance;

  /* Owned References */
  char             *data_dir;
  char             *url;
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
};

G_DEFINE_FINAL_TYPE (MpDemoServer, mp_demo_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_RUNNING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* How often, and how far apart, a server that ended before printing its
 * address is started again.
 */
#define MAX_ATTEMPTS   40
#define RETRY_DELAY_MS 250

static gboolean respawn_cb (gpointer user_data);

/* The server binary: $MP_SERVER_PROGRAM (tests and uninstalled runs), the
 * one beside market-panel, or the installed one.
 */
char *
mp_demo_server_find_program (void)
{
  const char *env = g_getenv ("MP_SERVER_PROGRAM");
  g_autofree char *self_exe = NULL;
  g_autofree char *sibling = NULL;

  if (env != NULL && *env != '\0')
    return g_strdup (env);

  self_exe = g_file_read_link ("/proc/self/exe", NULL);
  if (self_exe != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self_exe);

      sibling = g_build_filename (dir, "market-panel-server", NULL);
      if (g_file_test (sibling, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&sibling);
    }

  return g_build_filename (BINDIR, "market-panel-server", NULL);
}

/* Runs in the child before exec: the server goes when market-panel goes,
 * even when it is killed or crashes, so no orphan keeps the port.
 */
static void
child_setup (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static void
set_url (MpDemoServer *self,
         const char   *url)
{
  if (g_strcmp0 (self->url, url) == 0)
    return;
  g_free (self->url);
  self->url = g_strdup (url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RUNNING]);
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MpDemoServer) self = user_data;
  GSubprocess *process = G_SUBPROCESS (object);

  g_subprocess_wait_finish (process, result, NULL);
  if (self->process != process)
    return;

  /* Ending before it listens is handled by the start (it tries again). */
  if (self->url != NULL)
    g_warning ("The demo marketplace stopped (exit status %d)",
               g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1);
  g_clear_object (&self->process);
  g_clear_object (&self->stdout_lines);
  set_url (self, NULL);
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpDemoServer *self = g_task_get_source_object (task);
  guint attempt = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autoptr(GUri) uri = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  if (line == NULL && error == NULL && attempt < MAX_ATTEMPTS)
    {
      /* It ended without an address: most likely the server of a window
       * closed a moment ago still holds the database. Try again shortly.
       */
      mp_demo_server_stop (self);
      g_task_set_task_data (task, GUINT_TO_POINTER (attempt + 1), NULL);
      g_timeout_add (RETRY_DELAY_MS, respawn_cb, g_steal_pointer (&task));
      return;
    }
  if (line == NULL)
    {
      mp_demo_server_stop (self);
      if (error == NULL)
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("The demo marketplace did not start"));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_strstrip (line);
  uri = g_uri_parse (line, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL)
    {
      mp_demo_server_stop (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The demo marketplace did not start"));
      return;
    }

  set_url (self, line);
  g_task_return_boolean (task, TRUE);
}

static void
mp_demo_server_dispose (GObject *object)
{
  MpDemoServer *self = MP_DEMO_SERVER (object);

  mp_demo_server_stop (self);

  G_OBJECT_CLASS (mp_demo_server_parent_class)->dispose (object);
}

static void
mp_demo_server_finalize (GObject *object)
{
  MpDemoServer *self = MP_DEMO_SERVER (object);

  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (mp_demo_server_parent_class)->finalize (object);
}

static void
mp_demo_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MpDemoServer *self = MP_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_RUNNING:
      g_value_set_boolean (value, mp_demo_server_get_running (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_demo_server_class_init (MpDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mp_demo_server_dispose;
  object_class->finalize = mp_demo_server_finalize;
  object_class->get_property = mp_demo_server_get_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RUNNING] =
    g_param_spec_boolean ("running", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_demo_server_init (MpDemoServer *self)
{
}

MpDemoServer *
mp_demo_server_new (const char *data_dir)
{
  MpDemoServer *self;

  g_return_val_if_fail (data_dir != NULL, NULL);

  self = g_object_new (MP_TYPE_DEMO_SERVER, NULL);
  self->data_dir = g_strdup (data_dir);
  return self;
}

const char *
mp_demo_server_get_url (MpDemoServer *self)
{
  g_return_val_if_fail (MP_IS_DEMO_SERVER (self), NULL);
  return self->url;
}

gboolean
mp_demo_server_get_running (MpDemoServer *self)
{
  g_return_val_if_fail (MP_IS_DEMO_SERVER (self), FALSE);
  return self->process != NULL && self->url != NULL;
}

/* Spawns the server for TASK and reads the line with its address. */
static void
spawn_server (GTask *task)
{
  MpDemoServer *self = g_task_get_source_object (task);
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = NULL;
  GInputStream *stdout_pipe;

  program = mp_demo_server_find_program ();
  g_debug ("Starting %s with data in %s", program, self->data_dir);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error,
                                               program,
                                               "--listen", "127.0.0.1:0",
                                               "--data-dir", self->data_dir,
                                               "--print-url",
                                               NULL);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               _("The demo marketplace could not be started: %s"),
                               error->message);
      g_object_unref (task);
      return;
    }

  g_subprocess_wait_async (self->process, NULL, wait_cb, g_object_ref (self));

  stdout_pipe = g_subprocess_get_stdout_pipe (self->process);
  self->stdout_lines = g_data_input_stream_new (stdout_pipe);
  g_data_input_stream_read_line_async (self->stdout_lines, G_PRIORITY_DEFAULT,
                                       g_task_get_cancellable (task), read_line_cb, task);
}

static gboolean
respawn_cb (gpointer user_data)
{
  GTask *task = user_data;

  if (g_task_return_error_if_cancelled (task))
    g_object_unref (task);
  else
    spawn_server (task);
  return G_SOURCE_REMOVE;
}

/* Starts the server on a free loopback port and completes once it has
 * printed its address. Starting a running server completes at once.
 */
void
mp_demo_server_start_async (MpDemoServer        *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (MP_IS_DEMO_SERVER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_demo_server_start_async);

  if (mp_demo_server_get_running (self))
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  if (g_mkdir_with_parents (self->data_dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                               _("Cannot create the folder %s: %s"),
                               self->data_dir, g_strerror (saved_errno));
      return;
    }

  spawn_server (g_steal_pointer (&task));
}

gboolean
mp_demo_server_start_finish (MpDemoServer  *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (MP_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Asks the server to shut down cleanly; it finishes its transaction and
 * exits, and picks up unfinished orders when started again.
 */
void
mp_demo_server_stop (MpDemoServer *self)
{
  g_return_if_fail (MP_IS_DEMO_SERVER (self));

  if (self->process != NULL)
    {
      g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);

      g_subprocess_send_signal (process, SIGTERM);
    }
  g_clear_object (&self->stdout_lines);
  set_url (self, NULL);
}
