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
  char             *lost_url;       /* the address before a crash */
  GSubprocess      *process;
  GDataInputStream *stdout_lines;
  GCancellable     *restart_cancellable;
  guint             restart_id;
  guint             port;           /* to listen on; 0: any free one */
  guint             restarts;       /* since restart_window_start */
  gint64            restart_window_start;
  /* A start under way, and the start calls made meanwhile: they complete
   * with it (a second spawn would race the first for the database).
   */
  gboolean          starting;
  GPtrArray        *joined;
};

G_DEFINE_FINAL_TYPE (MpDemoServer, mp_demo_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URL,
  PROP_RUNNING,
  N_PROPS
};

enum {
  SIGNAL_RESTARTED,
  SIGNAL_RESTART_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* How often, and how far apart, a server that ended before printing its
 * address is started again.
 */
#define MAX_ATTEMPTS   40
#define RETRY_DELAY_MS 250

/* A server that stops by itself is started again after a delay that
 * doubles with each crash, up to MAX_RESTARTS within RESTART_WINDOW_S
 * seconds: past that it is crashing in a loop and stays stopped. The same
 * port is asked for first, for PORT_ATTEMPTS tries.
 */
#define MAX_RESTARTS         5
#define RESTART_WINDOW_S     60
#define RESTART_DELAY_MS     250
#define MAX_RESTART_DELAY_MS 8000
#define PORT_ATTEMPTS        8

static gboolean respawn_cb (gpointer user_data);
static void schedule_restart (MpDemoServer *self);
static void stop_process (MpDemoServer *self);

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

  /* Ending before it listens is handled by the start (it tries again).
   * Ending while it listens was not asked for (mp_demo_server_stop()
   * drops the process first): start it again on the same data.
   */
  if (self->url != NULL)
    {
      if (g_subprocess_get_if_signaled (process))
        g_message ("The demo marketplace stopped (signal %d)", g_subprocess_get_term_sig (process));
      else
        g_message ("The demo marketplace stopped (exit status %d)",
                   g_subprocess_get_if_exited (process) ? g_subprocess_get_exit_status (process) : -1);
      g_free (self->lost_url);
      self->lost_url = g_strdup (self->url);
    }
  g_clear_object (&self->process);
  g_clear_object (&self->stdout_lines);
  set_url (self, NULL);
  if (self->lost_url != NULL && self->restart_cancellable == NULL && self->restart_id == 0)
    schedule_restart (self);
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
      stop_process (self);
      /* The old port may have been taken meanwhile. */
      if (self->port != 0 && attempt + 1 >= PORT_ATTEMPTS)
        self->port = 0;
      g_task_set_task_data (task, GUINT_TO_POINTER (attempt + 1), NULL);
      g_timeout_add (RETRY_DELAY_MS, respawn_cb, g_steal_pointer (&task));
      return;
    }
  if (line == NULL)
    {
      stop_process (self);
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
      stop_process (self);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED,
                               _("The demo marketplace did not start"));
      return;
    }

  set_url (self, line);
  self->port = g_uri_get_port (uri) > 0 ? (guint) g_uri_get_port (uri) : 0;
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

  g_clear_pointer (&self->joined, g_ptr_array_unref);
  g_clear_pointer (&self->data_dir, g_free);
  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->lost_url, g_free);

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

  /* The server stopped by itself and was started again on the same data:
   * the arguments are its address before and now (the same unless its
   * port was taken meanwhile). Orders go on being provisioned.
   */
  signals[SIGNAL_RESTARTED] =
    g_signal_new ("restarted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* The server stopped by itself and could not be started again, or it
   * kept stopping: the argument is a message for the user.
   */
  signals[SIGNAL_RESTART_FAILED] =
    g_signal_new ("restart-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
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

  g_autofree char *listen = g_strdup_printf ("127.0.0.1:%u", self->port);

  program = mp_demo_server_find_program ();
  g_debug ("Starting %s on %s with data in %s", program, listen, self->data_dir);
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, child_setup, NULL, NULL);
  self->process = g_subprocess_launcher_spawn (launcher, &error,
                                               program,
                                               "--listen", listen,
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

/* The start under way ended (TASK completed): the calls that joined it
 * complete now, as it did.
 */
static void
start_completed_cb (GTask        *task,
                    GParamSpec   *pspec,
                    MpDemoServer *self)
{
  g_autoptr(GPtrArray) joined = g_steal_pointer (&self->joined);

  self->starting = FALSE;
  for (guint i = 0; joined != NULL && i < joined->len; i++)
    {
      if (mp_demo_server_get_running (self))
        g_task_return_boolean (joined->pdata[i], TRUE);
      else
        g_task_return_new_error (joined->pdata[i], G_IO_ERROR, G_IO_ERROR_FAILED,
                                 _("The demo marketplace did not start"));
    }
}

/* Starts the server on a free loopback port and completes once it has
 * printed its address. Starting a running server completes at once; a
 * start while one is under way completes with it.
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
  if (self->starting)
    {
      if (self->joined == NULL)
        self->joined = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (self->joined, g_steal_pointer (&task));
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

  self->starting = TRUE;
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (start_completed_cb), self, 0);
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

static void
restart_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  MpDemoServer *self = MP_DEMO_SERVER (object);
  g_autoptr(GCancellable) cancellable = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *lost_url = NULL;

  if (!mp_demo_server_start_finish (self, result, &error))
    {
      if (g_cancellable_is_cancelled (cancellable))
        return;
      g_clear_object (&self->restart_cancellable);
      g_clear_pointer (&self->lost_url, g_free);
      g_message ("Could not start the demo marketplace again: %s", error->message);
      g_signal_emit (self, signals[SIGNAL_RESTART_FAILED], 0, error->message);
      return;
    }
  if (cancellable != self->restart_cancellable)
    return;

  g_clear_object (&self->restart_cancellable);
  lost_url = g_steal_pointer (&self->lost_url);
  g_debug ("The demo marketplace is back at %s (was %s)", self->url, lost_url);
  g_signal_emit (self, signals[SIGNAL_RESTARTED], 0, lost_url, self->url);
}

static gboolean
restart_timeout_cb (gpointer user_data)
{
  MpDemoServer *self = user_data;

  self->restart_id = 0;
  self->restart_cancellable = g_cancellable_new ();
  mp_demo_server_start_async (self, self->restart_cancellable, restart_cb,
                              g_object_ref (self->restart_cancellable));
  return G_SOURCE_REMOVE;
}

/* After a crash: starts the server again shortly, on the same port, unless
 * it keeps crashing.
 */
static void
schedule_restart (MpDemoServer *self)
{
  gint64 now = g_get_monotonic_time ();
  guint delay = RESTART_DELAY_MS;

  if (self->restarts == 0 || now - self->restart_window_start > RESTART_WINDOW_S * G_USEC_PER_SEC)
    {
      self->restarts = 0;
      self->restart_window_start = now;
    }
  if (self->restarts >= MAX_RESTARTS)
    {
      g_message ("The demo marketplace stopped %u times within %d s; not starting it again",
                 self->restarts + 1, RESTART_WINDOW_S);
      g_clear_pointer (&self->lost_url, g_free);
      self->restarts = 0;
      g_signal_emit (self, signals[SIGNAL_RESTART_FAILED], 0,
                     _("It stopped again and again."));
      return;
    }
  for (guint i = 0; i < self->restarts && delay < MAX_RESTART_DELAY_MS; i++)
    delay *= 2;
  self->restarts++;
  g_debug ("Starting the demo marketplace again in %u ms", MIN (delay, MAX_RESTART_DELAY_MS));
  self->restart_id = g_timeout_add_full (G_PRIORITY_DEFAULT, MIN (delay, MAX_RESTART_DELAY_MS),
                                         restart_timeout_cb, g_object_ref (self), g_object_unref);
  g_source_set_name_by_id (self->restart_id, "[mp] demo server restart");
}

/* Whether the server stopped by itself and is being started again. */
gboolean
mp_demo_server_get_restarting (MpDemoServer *self)
{
  g_return_val_if_fail (MP_IS_DEMO_SERVER (self), FALSE);
  return self->restart_id != 0 || self->restart_cancellable != NULL;
}

/* The folder of its database: the same from one start to the next, unlike
 * its URL (a port free at the time). */
const char *
mp_demo_server_get_data_dir (MpDemoServer *self)
{
  g_return_val_if_fail (MP_IS_DEMO_SERVER (self), NULL);
  return self->data_dir;
}

/* The process ID of the running server, or NULL (for tests). */
const char *
mp_demo_server_get_identifier (MpDemoServer *self)
{
  g_return_val_if_fail (MP_IS_DEMO_SERVER (self), NULL);
  return self->process != NULL ? g_subprocess_get_identifier (self->process) : NULL;
}

static void
stop_process (MpDemoServer *self)
{
  if (self->process != NULL)
    {
      g_autoptr(GSubprocess) process = g_steal_pointer (&self->process);

      g_subprocess_send_signal (process, SIGTERM);
    }
  g_clear_object (&self->stdout_lines);
  set_url (self, NULL);
}

/* Asks the server to shut down cleanly; it finishes its transaction and
 * exits, and picks up unfinished orders when started again.
 */
void
mp_demo_server_stop (MpDemoServer *self)
{
  g_return_if_fail (MP_IS_DEMO_SERVER (self));

  g_clear_handle_id (&self->restart_id, g_source_remove);
  if (self->restart_cancellable != NULL)
    {
      g_autoptr(GCancellable) cancellable = g_steal_pointer (&self->restart_cancellable);

      g_cancellable_cancel (cancellable);
    }
  g_clear_pointer (&self->lost_url, g_free);
  self->restarts = 0;
  /* Started again by the app, it takes any free port. */
  self->port = 0;
  stop_process (self);
}
