/* mp-mirror-refresh.c: a local copy of an account's lists: its refresh
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-mirror"

#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>

#include "mp-mirror-private.h"

#include "mp-client-private.h"

/* A refresh, one at a time per mirror (callers asking meanwhile join it):
 *
 *  1. orders placed since the oldest order not yet final in the mirror (all
 *     orders the first time), customers and plans, page by page; the
 *     subscriptions the new or changed orders touch are marked stale;
 *  2. then the subscriptions, page by page: a row with its lines (the
 *     list-row extension) is current, one without keeps the lines known
 *     and is stale when its lastModifiedDate moved;
 *  3. then one detail call for each subscription without lines or stale,
 *     those of mp_mirror_prioritize () first.
 * Every request goes through the mirror's budget; a 429 is sent again once
 * the budget lets it (up to MAX_TRIES times). Rows not seen by a complete
 * pass over a list are deleted.
 */

#define MAX_TRIES 20
#define DETAILS_AT_ONCE 4
/* "changed" at most this often while rows keep coming. */
#define CHANGED_INTERVAL_MS 250

struct _MpMirrorRefresh
{
  MpMirror     *mirror;
  GCancellable *cancellable;
  GPtrArray    *tasks;       /* GTask of the callers */
  /* GTask of the callers that asked once this refresh was reading pages:
   * what changed since may be missed by it, so they get the next one.
   */
  GPtrArray    *next_tasks;
  gboolean      cancelled;   /* by mp_mirror_cancel_refresh () */
  GError       *error;
  gint64        generation;
  guint         page_size;
  guint         pending;     /* requests and stores not yet done */
  guint         phase;
  char         *orders_since;
  GPtrArray    *stale_ids;   /* subscriptions touched by orders */
  gint64        total[MP_MIRROR_N_KINDS];
  guint         seen[MP_MIRROR_N_KINDS];
  /* IDs of the rows the pages of each kind carried; filled in the worker
   * under the mirror's lock, read once the kind's pages are all in.
   */
  GHashTable   *seen_ids[MP_MIRROR_N_KINDS];
  guint         kind_pending[MP_MIRROR_N_KINDS];
  gboolean      kind_failed[MP_MIRROR_N_KINDS];
  GQueue        details;     /* char *, IDs due a detail call */
  GHashTable   *queued;      /* IDs in details */
  guint         details_active;
  guint         changed_source[MP_MIRROR_N_KINDS];
  gboolean      changed_due[MP_MIRROR_N_KINDS];
};

static void refresh_step (MpMirrorRefresh *refresh);
static void next_details (MpMirrorRefresh *refresh);

static const char *const list_paths[MP_MIRROR_N_KINDS] = {
  [MP_MIRROR_KIND_SUBSCRIPTIONS] = "/subscriptions",
  [MP_MIRROR_KIND_CUSTOMERS] = "/customers",
  [MP_MIRROR_KIND_ORDERS] = "/orders",
  [MP_MIRROR_KIND_PLANS] = "/plans",
};

static void
refresh_free (MpMirrorRefresh *refresh)
{
  for (guint i = 0; i < MP_MIRROR_N_KINDS; i++)
    g_clear_handle_id (&refresh->changed_source[i], g_source_remove);
  for (guint i = 0; i < MP_MIRROR_N_KINDS; i++)
    g_clear_pointer (&refresh->seen_ids[i], g_hash_table_unref);
  g_clear_object (&refresh->cancellable);
  g_clear_pointer (&refresh->tasks, g_ptr_array_unref);
  g_clear_pointer (&refresh->next_tasks, g_ptr_array_unref);
  g_clear_error (&refresh->error);
  g_free (refresh->orders_since);
  g_clear_pointer (&refresh->stale_ids, g_ptr_array_unref);
  g_queue_clear_full (&refresh->details, g_free);
  g_clear_pointer (&refresh->queued, g_hash_table_unref);
  g_clear_object (&refresh->mirror);
  g_free (refresh);
}

/* The first error ends the refresh: what is on its way is cancelled. */
static void
fail (MpMirrorRefresh *refresh,
      GError          *error)
{
  if (refresh->error != NULL)
    {
      g_error_free (error);
      return;
    }
  refresh->error = error;
  g_cancellable_cancel (refresh->cancellable);
}

/* ---- "changed", at most every CHANGED_INTERVAL_MS ---- */

typedef struct
{
  MpMirrorRefresh *refresh;
  MpMirrorKind     kind;
} ChangedTimer;

static gboolean
changed_timer_cb (gpointer user_data)
{
  ChangedTimer *timer = user_data;
  MpMirrorRefresh *refresh = timer->refresh;

  refresh->changed_source[timer->kind] = 0;
  if (refresh->changed_due[timer->kind])
    {
      refresh->changed_due[timer->kind] = FALSE;
      mp_mirror_emit_changed (refresh->mirror, timer->kind);
    }
  return G_SOURCE_REMOVE;
}

static void
note_changed (MpMirrorRefresh *refresh,
              MpMirrorKind     kind,
              gboolean         now)
{
  if (now)
    {
      g_clear_handle_id (&refresh->changed_source[kind], g_source_remove);
      refresh->changed_due[kind] = FALSE;
      mp_mirror_emit_changed (refresh->mirror, kind);
      return;
    }
  refresh->changed_due[kind] = TRUE;
  if (refresh->changed_source[kind] == 0)
    {
      ChangedTimer *timer = g_new0 (ChangedTimer, 1);

      timer->refresh = refresh;
      timer->kind = kind;
      refresh->changed_source[kind] = g_timeout_add_full (G_PRIORITY_DEFAULT, CHANGED_INTERVAL_MS,
                                                          changed_timer_cb, timer, g_free);
    }
}

/* ---- one GET through the budget ---- */

typedef struct
{
  MpMirrorRefresh *refresh;
  char            *path;
  gboolean         detail;
  guint            tries;
} Get;

static void
get_free (Get *get)
{
  g_free (get->path);
  g_free (get);
}

static void get_granted_cb (GObject *object, GAsyncResult *result, gpointer user_data);

static void
get_sent_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Get *get = g_task_get_task_data (task);
  MpRequestBudget *budget = mp_mirror_get_budget (get->refresh->mirror);
  g_autoptr(MpResponse) response = NULL;
  GError *error = NULL;
  guint status;

  response = mp_client_request_finish (MP_CLIENT (object), result, &error);
  if (response != NULL)
    {
      mp_request_budget_release (budget, response->status, 0);
      g_task_return_pointer (task, g_bytes_ref (response->body), (GDestroyNotify) g_bytes_unref);
      return;
    }
  status = mp_client_error_get_status (error);
  if ((status == 429 || status == 503) && ++get->tries < MAX_TRIES)
    {
      /* The budget holds every request for the pause; this one goes
       * again when it lets it.
       */
      GCancellable *cancellable = g_task_get_cancellable (task);

      mp_request_budget_release (budget, 429, mp_client_error_get_retry_after (error));
      g_error_free (error);
      mp_request_budget_acquire_async (budget, cancellable, get_granted_cb,
                                       g_steal_pointer (&task));
      return;
    }
  mp_request_budget_release (budget, status, 0);
  g_task_return_error (task, error);
}

static void
get_granted_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Get *get = g_task_get_task_data (task);
  MpMirror *mirror = get->refresh->mirror;
  GCancellable *cancellable;
  GError *error = NULL;

  if (!mp_request_budget_acquire_finish (MP_REQUEST_BUDGET (object), result, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  mp_mirror_count_request (mirror, get->detail);
  cancellable = g_task_get_cancellable (task);
  mp_client_request_async (mp_mirror_get_client (mirror), "GET", get->path, NULL, NULL,
                           MP_REQUEST_AUTH | MP_REQUEST_RAW, cancellable, get_sent_cb,
                           g_steal_pointer (&task));
}

/* Completes with the answer's body (GBytes). */
static void
get_async (MpMirrorRefresh     *refresh,
           const char          *path,
           gboolean             detail,
           GAsyncReadyCallback  callback,
           gpointer             user_data)
{
  GTask *task = g_task_new (refresh->mirror, refresh->cancellable, callback, user_data);
  Get *get = g_new0 (Get, 1);

  get->refresh = refresh;
  get->path = g_strdup (path);
  get->detail = detail;
  g_task_set_task_data (task, get, (GDestroyNotify) get_free);
  mp_request_budget_acquire_async (mp_mirror_get_budget (refresh->mirror), refresh->cancellable,
                                   get_granted_cb, task);
}

/* ---- storing an answer, in the worker ---- */

typedef struct
{
  MpMirrorKind kind;
  GBytes      *body;
  gboolean     single;     /* one object (a detail call), not a page */
  gint64       generation;
  GHashTable  *seen_ids;   /* the refresh's, for pages */
  /* out */
  gint64       total;
  MpMirrorStoreStats stats;
} Store;

static void
store_free (Store *store)
{
  g_bytes_unref (store->body);
  g_clear_pointer (&store->stats.stale_ids, g_ptr_array_unref);
  g_clear_pointer (&store->stats.changed_rows, g_array_unref);
  g_free (store);
}

/* The subscriptions an order is about: its own subscriptionId and its
 * lines'.
 */
static void
collect_order_subscriptions (MpSpan     row,
                             GPtrArray *ids)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;
  JsonObject *order;
  JsonArray *products;
  char *own;

  if (!json_parser_load_from_data (parser, row.start, (gssize) row.length, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  order = json_node_get_object (root);
  if ((own = mp_json_dup_string (order, "subscriptionId")) != NULL)
    g_ptr_array_add (ids, own);
  products = mp_json_get_array (order, "products");
  for (guint j = 0; products != NULL && j < json_array_get_length (products); j++)
    {
      JsonObject *line = json_array_get_object_element (products, j);
      char *id = line != NULL ? mp_json_dup_string (line, "subscriptionId") : NULL;

      if (id != NULL)
        g_ptr_array_add (ids, id);
    }
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MpMirror *mirror = source_object;
  Store *store = task_data;
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (MpSpan));
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (MpMirrorRowIn));
  GError *error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (store->body, &size);
  gint64 start = g_get_monotonic_time ();
  gint64 scanned_at, locked_at;
  gboolean ok;

  if (store->single)
    {
      MpSpan whole = { data, size };

      g_array_append_val (spans, whole);
      store->total = 1;
    }
  else if (!mp_mirror_scan_page (data, size, spans, &store->total))
    {
      g_task_return_new_error (task, MP_CLIENT_ERROR, MP_CLIENT_ERROR_BAD_RESPONSE,
                               _("The marketplace sent a list that is not SimpleAPI's"));
      return;
    }
  g_array_set_size (rows, spans->len);
  for (guint i = 0; i < spans->len; i++)
    g_array_index (rows, MpMirrorRowIn, i).text = g_array_index (spans, MpSpan, i);
  if (store->kind == MP_MIRROR_KIND_ORDERS)
    store->stats.changed_rows = g_array_new (FALSE, FALSE, sizeof (guint));
  store->stats.seen_ids = store->seen_ids;

  scanned_at = g_get_monotonic_time ();
  if (mp_mirror_lock (mirror, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  locked_at = g_get_monotonic_time ();
  ok = mp_mirror_store_rows_locked (mirror, store->kind, (MpMirrorRowIn *) (gpointer) rows->data,
                                    rows->len, store->single,
                                    store->single ? 0 : store->generation, &store->stats, &error);
  mp_mirror_unlock (mirror);
  g_debug ("%s: %u rows (%u changed), %" G_GSIZE_FORMAT " bytes: scanned in %.1f ms, waited "
           "%.1f ms, stored in %.1f ms", mp_mirror_kind_table (store->kind), store->stats.rows,
           store->stats.changed, size, (scanned_at - start) / 1000.0,
           (locked_at - scanned_at) / 1000.0, (g_get_monotonic_time () - locked_at) / 1000.0);
  if (!ok)
    {
      g_task_return_error (task, error);
      return;
    }
  if (store->stats.changed_rows != NULL && store->stats.changed_rows->len > 0)
    {
      store->stats.stale_ids = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < store->stats.changed_rows->len; i++)
        collect_order_subscriptions (g_array_index (spans, MpSpan,
                                                    g_array_index (store->stats.changed_rows,
                                                                   guint, i)),
                                     store->stats.stale_ids);
    }
  g_task_return_boolean (task, TRUE);
}

static void
store_async (MpMirrorRefresh     *refresh,
             MpMirrorKind         kind,
             GBytes              *body,
             gboolean             single,
             GAsyncReadyCallback  callback,
             gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (refresh->mirror, NULL, callback, user_data);
  Store *store = g_new0 (Store, 1);

  store->kind = kind;
  store->body = g_bytes_ref (body);
  store->single = single;
  store->generation = refresh->generation;
  store->seen_ids = single ? NULL : refresh->seen_ids[kind];
  g_task_set_task_data (task, store, (GDestroyNotify) store_free);
  g_task_run_in_thread (task, store_thread);
}

/* ---- pages ---- */

typedef struct
{
  MpMirrorRefresh *refresh;
  MpMirrorKind     kind;
  guint            offset;
} Page;

static void request_page (MpMirrorRefresh *refresh, MpMirrorKind kind, guint offset);

static void
page_stored_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autofree Page *page = user_data;
  MpMirrorRefresh *refresh = page->refresh;
  Store *store = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      refresh->kind_failed[page->kind] = TRUE;
      fail (refresh, error);
    }
  else
    {
      refresh->seen[page->kind] += store->stats.rows;
      if (store->stats.changed > 0)
        note_changed (refresh, page->kind, FALSE);
      if (store->stats.stale_ids != NULL)
        for (guint i = 0; i < store->stats.stale_ids->len; i++)
          g_ptr_array_add (refresh->stale_ids, g_strdup (store->stats.stale_ids->pdata[i]));
      if (page->offset == 0)
        {
          refresh->total[page->kind] = store->total;
          /* The other pages, all asked for now: the budget spaces them. */
          for (gint64 offset = refresh->page_size; offset < store->total && refresh->error == NULL;
               offset += refresh->page_size)
            request_page (refresh, page->kind, (guint) offset);
        }
    }
  refresh->kind_pending[page->kind]--;
  refresh->pending--;
  refresh_step (refresh);
}

static void
page_received_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Page *page = user_data;
  MpMirrorRefresh *refresh = page->refresh;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body == NULL)
    {
      refresh->kind_failed[page->kind] = TRUE;
      fail (refresh, error);
      refresh->kind_pending[page->kind]--;
      refresh->pending--;
      g_free (page);
      refresh_step (refresh);
      return;
    }
  store_async (refresh, page->kind, body, FALSE, page_stored_cb, page);
}

static void
request_page (MpMirrorRefresh *refresh,
              MpMirrorKind     kind,
              guint            offset)
{
  g_autofree char *offset_str = g_strdup_printf ("%u", offset);
  g_autofree char *limit = g_strdup_printf ("%u", refresh->page_size);
  g_autofree char *query = NULL;
  g_autofree char *path = NULL;
  Page *page = g_new0 (Page, 1);

  if (kind == MP_MIRROR_KIND_ORDERS && refresh->orders_since != NULL)
    query = mp_client_build_query ("creationTimeFrom", refresh->orders_since, "offset", offset_str,
                                   "limit", limit, NULL);
  else
    query = mp_client_build_query ("offset", offset_str, "limit", limit, NULL);
  path = g_strconcat (list_paths[kind], query, NULL);
  page->refresh = refresh;
  page->kind = kind;
  page->offset = offset;
  refresh->kind_pending[kind]++;
  refresh->pending++;
  get_async (refresh, path, FALSE, page_received_cb, page);
}

/* ---- details ---- */

typedef struct
{
  MpMirrorRefresh *refresh;
  char            *id;
} Detail;

static void
detail_free (Detail *detail)
{
  g_free (detail->id);
  g_free (detail);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Detail, detail_free)

static void
detail_done (MpMirrorRefresh *refresh)
{
  refresh->details_active--;
  refresh->pending--;
  next_details (refresh);
  refresh_step (refresh);
}

static void
detail_stored_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(Detail) detail = user_data;
  MpMirrorRefresh *refresh = detail->refresh;
  Store *store = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    fail (refresh, error);
  else if (store->stats.changed > 0)
    /* One row, in place: the lists replace it without reading them all. */
    mp_mirror_emit_row_changed (refresh->mirror, MP_MIRROR_KIND_SUBSCRIPTIONS, detail->id,
                                store->stats.last_hash);
  detail_done (refresh);
}

static void
detail_received_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Detail) detail = user_data;
  MpMirrorRefresh *refresh = detail->refresh;
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;

  body = g_task_propagate_pointer (G_TASK (result), &error);
  if (body == NULL)
    {
      /* Gone since the list (404): the next pass removes it. */
      if (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND))
        g_clear_error (&error);
      else
        fail (refresh, error);
      detail_done (refresh);
      return;
    }
  store_async (refresh, MP_MIRROR_KIND_SUBSCRIPTIONS, body, TRUE, detail_stored_cb,
               g_steal_pointer (&detail));
}

static char *
next_detail_id (MpMirrorRefresh *refresh)
{
  GQueue *priority = mp_mirror_get_priority (refresh->mirror);
  char *id;

  /* The rows on screen first, if they are due. */
  while ((id = g_queue_pop_head (priority)) != NULL)
    {
      if (g_hash_table_remove (refresh->queued, id))
        {
          GList *link = g_queue_find_custom (&refresh->details, id, (GCompareFunc) strcmp);

          if (link != NULL)
            {
              g_free (link->data);
              g_queue_delete_link (&refresh->details, link);
            }
          return id;
        }
      g_free (id);
    }
  id = g_queue_pop_head (&refresh->details);
  if (id != NULL)
    g_hash_table_remove (refresh->queued, id);
  return id;
}

static void
next_details (MpMirrorRefresh *refresh)
{
  while (refresh->phase == 3 && refresh->error == NULL && refresh->details_active < DETAILS_AT_ONCE)
    {
      g_autofree char *id = next_detail_id (refresh);
      g_autofree char *path = NULL;
      Detail *detail;

      if (id == NULL)
        break;
      detail = g_new0 (Detail, 1);
      path = mp_client_build_id_path ("/subscriptions", id, "");
      detail->refresh = refresh;
      detail->id = g_steal_pointer (&id);
      refresh->details_active++;
      refresh->pending++;
      get_async (refresh, path, TRUE, detail_received_cb, detail);
    }
}

/* ---- steps done in the worker between the phases ---- */

typedef enum
{
  WORK_PREPARE,      /* -> orders_since */
  WORK_MARK_STALE,   /* stale_ids -> subscriptions.stale */
  WORK_FINISH_KIND,  /* delete unseen rows, set updated-<kind> */
  WORK_DUE_DETAILS,  /* -> the IDs due a detail call */
} WorkType;

typedef struct
{
  WorkType     type;
  MpMirrorKind kind;
  gboolean     complete;    /* every row of the kind was seen */
  gint64       generation;
  GPtrArray   *ids;         /* in: stale IDs; out: due IDs */
  GHashTable  *seen_ids;    /* WORK_FINISH_KIND: the rows the pages carried */
  char        *since;
  char        *updated;
} Work;

static void
work_free (Work *work)
{
  g_clear_pointer (&work->ids, g_ptr_array_unref);
  g_clear_pointer (&work->seen_ids, g_hash_table_unref);
  g_free (work->since);
  g_free (work->updated);
  g_free (work);
}

static gboolean
work_locked (MpMirror  *mirror,
             Work      *work,
             GError   **error)
{
  sqlite3 *db = mp_mirror_lock (mirror, error);
  sqlite3_stmt *stmt = NULL;
  gboolean ok = TRUE;
  int rc = SQLITE_OK;

  if (db == NULL)
    return FALSE;
  switch (work->type)
    {
    case WORK_PREPARE:
      /* Orders are re-read from the oldest one not final, else from the
       * newest one: the server's own dates (its clock may differ).
       */
      rc = sqlite3_prepare_v2 (db, "SELECT COALESCE ((SELECT MIN (creation_date) FROM orders "
                               "WHERE status NOT IN ('completed', 'cancelled', 'error')), "
                               "(SELECT MAX (creation_date) FROM orders))", -1, &stmt, NULL);
      if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *since = (const char *) sqlite3_column_text (stmt, 0);

          work->since = g_strdup (since);
          rc = SQLITE_OK;
        }
      break;

    case WORK_MARK_STALE:
      rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v2 (db, "UPDATE subscriptions SET stale = 1 WHERE id = ?", -1, &stmt,
                                 NULL);
      for (guint i = 0; rc == SQLITE_OK && i < work->ids->len; i++)
        {
          sqlite3_reset (stmt);
          sqlite3_bind_text (stmt, 1, work->ids->pdata[i], -1, SQLITE_STATIC);
          rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
        }
      rc = sqlite3_exec (db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
      break;

    case WORK_FINISH_KIND:
      {
        g_autofree char *key = g_strconcat ("updated-", mp_mirror_kind_table (work->kind), NULL);

        if (work->complete)
          {
            g_autofree char *select = g_strdup_printf ("SELECT id FROM %s",
                                                       mp_mirror_kind_table (work->kind));
            g_autofree char *delete = g_strdup_printf ("DELETE FROM %s WHERE id = ?",
                                                       mp_mirror_kind_table (work->kind));
            g_autoptr(GPtrArray) gone = g_ptr_array_new_with_free_func (g_free);
            sqlite3_stmt *remove = NULL;

            /* Rows a complete pass did not carry are gone. */
            rc = sqlite3_prepare_v2 (db, select, -1, &stmt, NULL);
            while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
              {
                const char *id = (const char *) sqlite3_column_text (stmt, 0);

                if (!g_hash_table_contains (work->seen_ids, id))
                  g_ptr_array_add (gone, g_strdup (id));
                rc = SQLITE_OK;
              }
            if (rc == SQLITE_DONE)
              rc = SQLITE_OK;
            if (rc == SQLITE_OK && gone->len > 0)
              {
                rc = sqlite3_exec (db, "BEGIN", NULL, NULL, NULL);
                if (rc == SQLITE_OK)
                  rc = sqlite3_prepare_v2 (db, delete, -1, &remove, NULL);
                for (guint i = 0; rc == SQLITE_OK && i < gone->len; i++)
                  {
                    sqlite3_reset (remove);
                    sqlite3_bind_text (remove, 1, gone->pdata[i], -1, SQLITE_STATIC);
                    rc = sqlite3_step (remove) == SQLITE_DONE ? SQLITE_OK : SQLITE_ERROR;
                  }
                sqlite3_finalize (remove);
                rc = sqlite3_exec (db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
              }
          }
        if (rc == SQLITE_OK && work->updated != NULL)
          ok = mp_mirror_set_meta_locked (mirror, key, work->updated, error);
      }
      break;

    case WORK_DUE_DETAILS:
      work->ids = g_ptr_array_new_with_free_func (g_free);
      rc = sqlite3_prepare_v2 (db, "SELECT id FROM subscriptions WHERE detailed = 0 OR stale = 1 "
                               "ORDER BY sort DESC, id DESC", -1, &stmt, NULL);
      while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          g_ptr_array_add (work->ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
          rc = SQLITE_OK;
        }
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
      break;

    default:
      g_assert_not_reached ();
    }
  sqlite3_finalize (stmt);
  if (ok && rc != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not use the mirror: %s"),
                   sqlite3_errmsg (db));
      ok = FALSE;
    }
  mp_mirror_unlock (mirror);
  return ok;
}

static void
work_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;

  if (work_locked (source_object, task_data, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
work_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  MpMirrorRefresh *refresh = user_data;
  Work *work = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    fail (refresh, error);
  else
    switch (work->type)
      {
      case WORK_PREPARE:
        refresh->orders_since = g_steal_pointer (&work->since);
        break;
      case WORK_MARK_STALE:
        break;
      case WORK_FINISH_KIND:
        if (work->updated != NULL)
          {
            g_autoptr(GDateTime) updated = g_date_time_new_from_iso8601 (work->updated, NULL);

            mp_mirror_set_updated (refresh->mirror, work->kind, updated);
          }
        note_changed (refresh, work->kind, TRUE);
        break;
      case WORK_DUE_DETAILS:
        for (guint i = 0; i < work->ids->len; i++)
          {
            char *id = work->ids->pdata[i];

            if (g_hash_table_add (refresh->queued, g_strdup (id)))
              g_queue_push_tail (&refresh->details, g_strdup (id));
          }
        break;
      default:
        g_assert_not_reached ();
      }
  refresh->pending--;
  refresh_step (refresh);
}

static void
run_work (MpMirrorRefresh *refresh,
          Work            *work)
{
  g_autoptr(GTask) task = g_task_new (refresh->mirror, NULL, work_done_cb, refresh);

  work->generation = refresh->generation;
  g_task_set_task_data (task, work, (GDestroyNotify) work_free);
  refresh->pending++;
  g_task_run_in_thread (task, work_thread);
}

/* Deletes the rows of @kind a complete pass did not carry (@prune) and
 * notes when the kind was brought up to date (@done).
 */
static void
finish_kind (MpMirrorRefresh *refresh,
             MpMirrorKind     kind,
             gboolean         prune,
             gboolean         done)
{
  Work *work = g_new0 (Work, 1);
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  work->type = WORK_FINISH_KIND;
  work->kind = kind;
  /* Orders are read from a date on: never a whole list. */
  work->complete = kind != MP_MIRROR_KIND_ORDERS || refresh->orders_since == NULL;
  work->complete = prune && work->complete && !refresh->kind_failed[kind]
                   && refresh->seen[kind] >= refresh->total[kind];
  if (done)
    work->updated = g_date_time_format_iso8601 (now);
  work->seen_ids = g_hash_table_ref (refresh->seen_ids[kind]);
  run_work (refresh, work);
}

/* ---- the phases ---- */

static void start_refresh (MpMirror  *self,
                           GPtrArray *tasks);

static void
complete (MpMirrorRefresh *refresh)
{
  g_autoptr(MpMirror) mirror = g_object_ref (refresh->mirror);
  g_autoptr(GPtrArray) tasks = g_steal_pointer (&refresh->tasks);
  g_autoptr(GPtrArray) next_tasks = g_steal_pointer (&refresh->next_tasks);

  for (guint i = 0; i < MP_MIRROR_N_KINDS; i++)
    if (refresh->changed_due[i])
      note_changed (refresh, i, TRUE);
  mp_mirror_set_refresh (mirror, NULL);
  if (next_tasks != NULL && refresh->cancelled)
    for (guint i = 0; i < next_tasks->len; i++)
      g_task_return_new_error (next_tasks->pdata[i], G_IO_ERROR, G_IO_ERROR_CANCELLED,
                               "The refresh was cancelled");
  else if (next_tasks != NULL)
    {
      /* Those who asked while this one read: a refresh that starts after
       * they asked. Started before the callers below hear the end, so
       * that one of them asking again joins it.
       */
      start_refresh (mirror, g_steal_pointer (&next_tasks));
    }
  if (mp_mirror_get_refresh (mirror) == NULL)
    mp_mirror_set_refreshing (mirror, FALSE);
  for (guint i = 0; i < tasks->len; i++)
    {
      GTask *task = tasks->pdata[i];

      if (refresh->error != NULL)
        g_task_return_error (task, g_error_copy (refresh->error));
      else
        g_task_return_boolean (task, TRUE);
    }
  refresh_free (refresh);
}

/* Moves on when nothing of the phase is pending. Phases:
 * 0 prepare, 1 orders/customers/plans, 2 subscriptions, 5 their rows gone
 * pruned, 3 details, 4 done.
 */
static void
refresh_step (MpMirrorRefresh *refresh)
{
  if (refresh->pending > 0)
    {
      next_details (refresh);
      return;
    }
  if (refresh->error != NULL)
    {
      complete (refresh);
      return;
    }
  switch (refresh->phase)
    {
    case 0:
      {
        Work *work = g_new0 (Work, 1);

        refresh->phase = 1;
        work->type = WORK_PREPARE;
        run_work (refresh, work);
      }
      break;

    case 1:
      /* The pages of phase 1 are requested once prepared. */
      if (refresh->kind_pending[MP_MIRROR_KIND_ORDERS] == 0 && refresh->total[MP_MIRROR_KIND_ORDERS] < 0)
        {
          refresh->total[MP_MIRROR_KIND_ORDERS] = 0;
          request_page (refresh, MP_MIRROR_KIND_ORDERS, 0);
          request_page (refresh, MP_MIRROR_KIND_CUSTOMERS, 0);
          request_page (refresh, MP_MIRROR_KIND_PLANS, 0);
          return;
        }
      refresh->phase = 2;
      finish_kind (refresh, MP_MIRROR_KIND_ORDERS, TRUE, TRUE);
      finish_kind (refresh, MP_MIRROR_KIND_CUSTOMERS, TRUE, TRUE);
      finish_kind (refresh, MP_MIRROR_KIND_PLANS, TRUE, TRUE);
      if (refresh->stale_ids->len > 0)
        {
          Work *work = g_new0 (Work, 1);

          work->type = WORK_MARK_STALE;
          work->ids = g_steal_pointer (&refresh->stale_ids);
          refresh->stale_ids = g_ptr_array_new_with_free_func (g_free);
          run_work (refresh, work);
        }
      break;

    case 2:
      if (refresh->total[MP_MIRROR_KIND_SUBSCRIPTIONS] < 0)
        {
          refresh->total[MP_MIRROR_KIND_SUBSCRIPTIONS] = 0;
          request_page (refresh, MP_MIRROR_KIND_SUBSCRIPTIONS, 0);
          return;
        }
      /* Rows gone first, so that no detail call asks for them. */
      refresh->phase = 5;
      finish_kind (refresh, MP_MIRROR_KIND_SUBSCRIPTIONS, TRUE, FALSE);
      break;

    case 5:
      {
        Work *work = g_new0 (Work, 1);

        refresh->phase = 3;
        work->type = WORK_DUE_DETAILS;
        run_work (refresh, work);
      }
      break;

    case 3:
      if (refresh->details.length > 0)
        {
          next_details (refresh);
          return;
        }
      refresh->phase = 4;
      finish_kind (refresh, MP_MIRROR_KIND_SUBSCRIPTIONS, FALSE, TRUE);
      break;

    case 4:
    default:
      complete (refresh);
      break;
    }
}

void
mp_mirror_refresh_async (MpMirror            *self,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  MpMirrorRefresh *refresh;
  GPtrArray *tasks;
  GTask *task;

  g_return_if_fail (MP_IS_MIRROR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_mirror_refresh_async);
  /* A cancelled caller hears G_IO_ERROR_CANCELLED when the refresh ends;
   * the refresh itself goes on for the other callers and the mirror.
   */
  g_task_set_check_cancellable (task, TRUE);

  refresh = mp_mirror_get_refresh (self);
  if (refresh != NULL && refresh->phase <= 1 && refresh->total[MP_MIRROR_KIND_ORDERS] < 0)
    {
      /* No page asked for yet: what it reads is newer than the call. */
      g_ptr_array_add (refresh->tasks, task);
      return;
    }
  if (refresh != NULL)
    {
      if (refresh->next_tasks == NULL)
        refresh->next_tasks = g_ptr_array_new_with_free_func (g_object_unref);
      g_ptr_array_add (refresh->next_tasks, task);
      return;
    }
  tasks = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (tasks, task);
  start_refresh (self, tasks);
}

/* Starts a refresh for TASKS (taken). */
static void
start_refresh (MpMirror  *self,
               GPtrArray *tasks)
{
  MpMirrorRefresh *refresh = g_new0 (MpMirrorRefresh, 1);

  refresh->mirror = g_object_ref (self);
  refresh->cancellable = g_cancellable_new ();
  refresh->tasks = tasks;
  /* Rows seen by this pass carry a higher number than any before. */
  refresh->generation = g_get_real_time ();
  refresh->page_size = mp_client_get_page_size (mp_mirror_get_client (self));
  refresh->stale_ids = g_ptr_array_new_with_free_func (g_free);
  refresh->queued = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_queue_init (&refresh->details);
  for (guint i = 0; i < MP_MIRROR_N_KINDS; i++)
    {
      refresh->total[i] = -1;
      refresh->seen_ids[i] = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
    }
  mp_mirror_set_refresh (self, refresh);
  mp_mirror_set_refreshing (self, TRUE);
  refresh_step (refresh);
}

gboolean
mp_mirror_refresh_finish (MpMirror      *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mp_mirror_cancel_refresh (MpMirror *self)
{
  MpMirrorRefresh *refresh;

  g_return_if_fail (MP_IS_MIRROR (self));

  refresh = mp_mirror_get_refresh (self);
  if (refresh != NULL)
    {
      refresh->cancelled = TRUE;
      fail (refresh, g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                          "The refresh was cancelled"));
    }
}

void
mp_mirror_prioritize (MpMirror           *self,
                      const char * const *ids)
{
  GQueue *priority;

  g_return_if_fail (MP_IS_MIRROR (self));

  priority = mp_mirror_get_priority (self);
  /* The latest rows on screen replace the ones before. */
  g_queue_clear_full (priority, g_free);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    g_queue_push_tail (priority, g_strdup (ids[i]));
  if (mp_mirror_get_refresh (self) != NULL)
    next_details (mp_mirror_get_refresh (self));
}
