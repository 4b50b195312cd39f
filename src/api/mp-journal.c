/* mp-journal.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-journal"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mp-journal.h"

struct _MpJournal
{
  GObject      parent_instance;

  char        *path;
  /* One worker: the file's lines are written in the order appended, and
   * a read sees every line appended before it.
   */
  GThreadPool *pool;
  GListStore  *rows;           /* MpJournalEntry, newest first */
  GHashTable  *placements;     /* order id -> MpJournalEntry (a row) */
  GPtrArray   *since_load;     /* entries appended while the file is read */
  GError      *error;
  GDateTime   *updated;
  guint        n_records;
  gboolean     loading;
  gboolean     loaded;
};

static void mp_journal_list_model_init (GListModelInterface *iface);
static void mp_journal_list_source_init (MpListSourceInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MpJournal, mp_journal, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, mp_journal_list_model_init)
                               G_IMPLEMENT_INTERFACE (MP_TYPE_LIST_SOURCE, mp_journal_list_source_init))

enum {
  PROP_0,
  PROP_LOADING,
  PROP_ERROR,
  PROP_UPDATED,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The lines of every journal not written yet, for mp_journal_wait_written(). */
static GMutex pending_lock;
static GCond  pending_cond;
static guint  pending_writes;

/* The worker */

typedef enum
{
  JOB_WRITE,
  JOB_LOAD,
  JOB_FLUSH,
} JobKind;

typedef struct
{
  JobKind  kind;
  char    *path;
  char    *line;
  GTask   *task;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->line);
  g_clear_object (&job->task);
  g_free (job);
}

static gboolean
set_errno_error (GError    **error,
                 int         saved_errno,
                 const char *what,
                 const char *path)
{
  g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
               "Could not %s the journal %s: %s", what, path, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
write_all (int         fd,
           const char *data,
           gsize       length)
{
  while (length > 0)
    {
      gssize n = write (fd, data, length);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      length -= (gsize) n;
    }
  return TRUE;
}

/* Appends LINE and a newline; a torn last line (no newline) is ended first. */
static gboolean
write_line (const char  *path,
            const char  *line,
            GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *text = g_strconcat (line, "\n", NULL);
  struct stat st;
  int fd;
  gboolean ok;

  if (g_mkdir_with_parents (dir, 0700) < 0)
    return set_errno_error (error, errno, "create the folder of", path);
  fd = g_open (path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    return set_errno_error (error, errno, "open", path);
  ok = fstat (fd, &st) == 0;
  if (ok && (st.st_mode & 0077) != 0)
    ok = fchmod (fd, 0600) == 0;
  if (ok && st.st_size > 0)
    {
      char last = '\n';

      ok = pread (fd, &last, 1, st.st_size - 1) == 1;
      if (ok && last != '\n')
        ok = write_all (fd, "\n", 1);
    }
  ok = ok && write_all (fd, text, strlen (text)) && fsync (fd) == 0;
  if (!ok)
    {
      int saved_errno = errno;

      close (fd);
      return set_errno_error (error, saved_errno, "write", path);
    }
  if (close (fd) < 0)
    return set_errno_error (error, errno, "close", path);
  return TRUE;
}

/* The entries of the file, oldest first; lines that do not parse are skipped. */
static GPtrArray *
read_entries (const char  *path,
              GError     **error)
{
  g_autoptr(GPtrArray) entries = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length = 0;
  char *line;
  guint number = 0;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&entries);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  line = contents;
  while (line < contents + length)
    {
      char *end = memchr (line, '\n', (gsize) (contents + length - line));
      g_autoptr(GError) parse_error = NULL;
      MpJournalEntry *entry = NULL;
      JsonNode *root;

      if (end == NULL)
        end = contents + length;
      *end = '\0';
      number++;
      if (*line == '\0')
        {
          line = end + 1;
          continue;
        }
      if (json_parser_load_from_data (parser, line, -1, &parse_error) &&
          (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        entry = mp_journal_entry_new_from_json (json_node_get_object (root), &parse_error);
      if (entry != NULL)
        g_ptr_array_add (entries, entry);
      else
        g_debug ("Skipping line %u of %s: %s", number, path,
                 parse_error != NULL ? parse_error->message : "not an object");
      line = end + 1;
    }
  return g_steal_pointer (&entries);
}

static void
worker (gpointer data,
        gpointer user_data)
{
  Job *job = data;
  GError *error = NULL;
  GPtrArray *entries;

  switch (job->kind)
    {
    case JOB_WRITE:
      if (write_line (job->path, job->line, &error))
        g_task_return_boolean (job->task, TRUE);
      else
        g_task_return_error (job->task, error);
      g_mutex_lock (&pending_lock);
      pending_writes--;
      g_cond_broadcast (&pending_cond);
      g_mutex_unlock (&pending_lock);
      break;
    case JOB_LOAD:
      entries = read_entries (job->path, &error);
      if (entries != NULL)
        g_task_return_pointer (job->task, entries, (GDestroyNotify) g_ptr_array_unref);
      else
        g_task_return_error (job->task, error);
      break;
    case JOB_FLUSH:
    default:
      g_task_return_boolean (job->task, TRUE);
      break;
    }
  job_free (job);
}

static void
push (MpJournal *self,
      JobKind    kind,
      char      *line,
      GTask     *task)
{
  Job *job = g_new0 (Job, 1);

  job->kind = kind;
  job->path = g_strdup (self->path);
  job->line = line;
  job->task = task;
  if (kind == JOB_WRITE)
    {
      g_mutex_lock (&pending_lock);
      pending_writes++;
      g_mutex_unlock (&pending_lock);
    }
  g_thread_pool_push (self->pool, job, NULL);
}

/* The rows */

/* Adds ENTRY to ROWS (oldest first) unless it is the status of a placement
 * in PLACEMENTS, which it then updates; returns the row updated or NULL.
 */
static MpJournalEntry *
fold (GPtrArray      *rows,
      GHashTable     *placements,
      MpJournalEntry *entry)
{
  const char *order_id = mp_journal_entry_get_order_id (entry);
  MpJournalEvent event = mp_journal_entry_get_event (entry);
  MpJournalEntry *row;

  if (event == MP_JOURNAL_EVENT_STATUS && order_id != NULL &&
      (row = g_hash_table_lookup (placements, order_id)) != NULL)
    {
      mp_journal_entry_fold (row, entry);
      return row;
    }
  g_ptr_array_add (rows, g_object_ref (entry));
  /* The latest placement of an ID wins: a demo marketplace started afresh
   * numbers its orders from the start again.
   */
  if (order_id != NULL && (event == MP_JOURNAL_EVENT_PLACED ||
                           (event == MP_JOURNAL_EVENT_STATUS && !g_hash_table_contains (placements, order_id))))
    g_hash_table_replace (placements, g_strdup (order_id), entry);
  return NULL;
}

static void
set_updated_now (MpJournal *self)
{
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = g_date_time_new_now_utc ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

static void
set_error (MpJournal    *self,
           const GError *error)
{
  if (self->error == NULL && error == NULL)
    return;
  g_clear_error (&self->error);
  self->error = error != NULL ? g_error_copy (error) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  MpJournal *self = MP_JOURNAL (object);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) since_load = g_steal_pointer (&self->since_load);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n_old;

  entries = g_task_propagate_pointer (G_TASK (result), &error);
  if (entries == NULL)
    {
      g_warning ("Could not read the order journal: %s", error->message);
      set_error (self, error);
      entries = g_ptr_array_new_with_free_func (g_object_unref);
    }
  else
    set_error (self, NULL);

  /* What was appended meanwhile is written after what was read. */
  g_hash_table_remove_all (self->placements);
  for (guint i = 0; i < entries->len; i++)
    fold (rows, self->placements, g_ptr_array_index (entries, i));
  for (guint i = 0; since_load != NULL && i < since_load->len; i++)
    fold (rows, self->placements, g_ptr_array_index (since_load, i));
  self->n_records = entries->len + (since_load != NULL ? since_load->len : 0);

  /* Newest first. */
  for (guint i = 0; i < rows->len / 2; i++)
    {
      gpointer tmp = rows->pdata[i];

      rows->pdata[i] = rows->pdata[rows->len - 1 - i];
      rows->pdata[rows->len - 1 - i] = tmp;
    }
  n_old = g_list_model_get_n_items (G_LIST_MODEL (self->rows));
  g_list_store_splice (self->rows, 0, n_old, rows->pdata, rows->len);

  g_object_freeze_notify (G_OBJECT (self));
  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
    }
  set_updated_now (self);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
load (MpJournal *self)
{
  if (self->loading)
    return;
  self->loading = TRUE;
  self->since_load = g_ptr_array_new_with_free_func (g_object_unref);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  push (self, JOB_LOAD, NULL, g_task_new (self, NULL, load_cb, NULL));
}

/* GListModel, MpListSource */

static GType
mp_journal_get_item_type (GListModel *model)
{
  return MP_TYPE_JOURNAL_ENTRY;
}

static guint
mp_journal_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (MP_JOURNAL (model)->rows));
}

static gpointer
mp_journal_get_item (GListModel *model,
                     guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (MP_JOURNAL (model)->rows), position);
}

static void
mp_journal_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = mp_journal_get_item_type;
  iface->get_n_items = mp_journal_get_n_items;
  iface->get_item = mp_journal_get_item;
}

static gboolean
mp_journal_source_get_loading (MpListSource *source)
{
  return MP_JOURNAL (source)->loading;
}

static const GError *
mp_journal_source_get_error (MpListSource *source)
{
  return MP_JOURNAL (source)->error;
}

static GDateTime *
mp_journal_source_get_updated (MpListSource *source)
{
  return MP_JOURNAL (source)->updated;
}

static void
mp_journal_source_reload (MpListSource *source)
{
  load (MP_JOURNAL (source));
}

static void
mp_journal_source_cancel (MpListSource *source)
{
  /* A read of a local file is short: it finishes. */
}

static void
mp_journal_list_source_init (MpListSourceInterface *iface)
{
  iface->get_loading = mp_journal_source_get_loading;
  iface->get_error = mp_journal_source_get_error;
  iface->get_updated = mp_journal_source_get_updated;
  iface->reload = mp_journal_source_reload;
  iface->cancel = mp_journal_source_cancel;
}

/* GObject */

static void
rows_changed_cb (MpJournal  *self,
                 guint       position,
                 guint       removed,
                 guint       added,
                 GListModel *rows)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static void
mp_journal_finalize (GObject *object)
{
  MpJournal *self = MP_JOURNAL (object);

  /* Every job holds a reference: none is left. This may run on the
   * worker (its last task's reference), so it does not wait.
   */
  g_thread_pool_free (self->pool, FALSE, FALSE);
  g_free (self->path);
  g_clear_object (&self->rows);
  g_clear_pointer (&self->placements, g_hash_table_unref);
  g_clear_pointer (&self->since_load, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_clear_pointer (&self->updated, g_date_time_unref);

  G_OBJECT_CLASS (mp_journal_parent_class)->finalize (object);
}

static void
mp_journal_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MpJournal *self = MP_JOURNAL (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, self->loaded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_journal_class_init (MpJournalClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_journal_finalize;
  object_class->get_property = mp_journal_get_property;

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED] =
    g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_journal_init (MpJournal *self)
{
  self->rows = g_list_store_new (MP_TYPE_JOURNAL_ENTRY);
  self->placements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pool = g_thread_pool_new (worker, NULL, 1, FALSE, NULL);
  g_signal_connect_object (self->rows, "items-changed", G_CALLBACK (rows_changed_cb), self,
                           G_CONNECT_SWAPPED);
}

/* API */

MpJournal *
mp_journal_new (const char *path)
{
  MpJournal *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (MP_TYPE_JOURNAL, NULL);
  self->path = g_strdup (path);
  load (self);
  return self;
}

static gboolean
is_loopback (const char *host)
{
  return host != NULL && (g_ascii_strcasecmp (host, "localhost") == 0 ||
                          g_str_has_prefix (host, "127.") || g_strcmp0 (host, "::1") == 0);
}

char *
mp_journal_build_path (const char *base_url,
                       const char *marketplace,
                       const char *login)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *base = NULL;
  g_autofree char *key = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *name = NULL;
  g_autofree char *folded_marketplace = NULL;

  g_return_val_if_fail (base_url != NULL, NULL);
  g_return_val_if_fail (login != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  if (uri != NULL && is_loopback (g_uri_get_host (uri)))
    {
      g_autoptr(GUri) portless = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL,
                                              g_uri_get_host (uri), -1, g_uri_get_path (uri),
                                              NULL, NULL);

      base = g_uri_to_string (portless);
    }
  else
    base = g_strdup (base_url);
  while (g_str_has_suffix (base, "/"))
    base[strlen (base) - 1] = '\0';
  folded_marketplace = g_ascii_strup (marketplace != NULL ? marketplace : "", -1);
  key = g_strjoin ("\n", base, folded_marketplace, login, NULL);
  digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);
  name = g_strconcat (digest, ".jsonl", NULL);
  return g_build_filename (g_get_user_data_dir (), "market-panel", "journal", name, NULL);
}

MpJournal *
mp_journal_new_for_account (const char *base_url,
                            const char *marketplace,
                            const char *login)
{
  g_autofree char *path = mp_journal_build_path (base_url, marketplace, login);

  return mp_journal_new (path);
}

const char *
mp_journal_get_path (MpJournal *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL (self), NULL);
  return self->path;
}

gboolean
mp_journal_get_loaded (MpJournal *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL (self), FALSE);
  return self->loaded;
}

static void
write_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  MpJournal *self = MP_JOURNAL (object);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_warning ("Could not write to the order journal: %s", error->message);
      set_error (self, error);
    }
}

void
mp_journal_append (MpJournal      *self,
                   MpJournalEntry *entry)
{
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GPtrArray) added = NULL;
  MpJournalEntry *updated;
  guint position;

  g_return_if_fail (MP_IS_JOURNAL (self));
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (entry));

  node = mp_journal_entry_to_json (entry);
  push (self, JOB_WRITE, json_to_string (node, FALSE), g_task_new (self, NULL, write_cb, NULL));
  self->n_records++;
  if (self->since_load != NULL)
    g_ptr_array_add (self->since_load, g_object_ref (entry));

  added = g_ptr_array_new_with_free_func (g_object_unref);
  updated = fold (added, self->placements, entry);
  if (updated != NULL)
    {
      /* Its cells show the new status. */
      if (g_list_store_find (self->rows, updated, &position))
        g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
    }
  else
    g_list_store_insert (self->rows, 0, entry);
}

MpJournalEntry *
mp_journal_lookup_order (MpJournal  *self,
                         const char *order_id)
{
  g_return_val_if_fail (MP_IS_JOURNAL (self), NULL);
  g_return_val_if_fail (order_id != NULL, NULL);

  return g_hash_table_lookup (self->placements, order_id);
}

guint
mp_journal_get_n_records (MpJournal *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL (self), 0);
  return self->n_records;
}

void
mp_journal_flush_async (MpJournal          *self,
                        GCancellable       *cancellable,
                        GAsyncReadyCallback callback,
                        gpointer            user_data)
{
  GTask *task;

  g_return_if_fail (MP_IS_JOURNAL (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_journal_flush_async);
  push (self, JOB_FLUSH, NULL, task);
}

gboolean
mp_journal_flush_finish (MpJournal     *self,
                         GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Blocks until every line appended to any journal is on disk, or for at
 * most TIMEOUT_MS; returns whether they all are. Only for the end of the
 * process (the application's shutdown), after the main loop: a line
 * appended just before the exit is not lost.
 */
gboolean
mp_journal_wait_written (guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * G_TIME_SPAN_MILLISECOND;
  gboolean done;

  g_mutex_lock (&pending_lock);
  while (pending_writes > 0 && g_cond_wait_until (&pending_cond, &pending_lock, end))
    ;
  done = pending_writes == 0;
  g_mutex_unlock (&pending_lock);
  return done;
}
