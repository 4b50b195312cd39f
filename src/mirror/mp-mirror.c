/* mp-mirror.c: a local copy of an account's lists: its database
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-mirror"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mp-mirror-private.h"
#include "mp-mirror-enum-types.h"
#include "mp-mirror-scan.h"

#include "mp-customer.h"
#include "mp-order.h"
#include "mp-plan.h"
#include "mp-subscription.h"

/* Bump when the tables change: an older file is deleted and rebuilt. */
#define SCHEMA_VERSION 1

struct _MpMirror
{
  GObject parent_instance;

  MpClient        *client;
  char            *path;
  MpRequestBudget *budget;

  /* The connection, used in worker threads only, one at a time. */
  GMutex           lock;
  sqlite3         *db;
  guint            rebuilds;  /* atomic: also tells the reader the file changed */

  /* The main thread's own read-only connection, for the JSON of a row a
   * list shows (WAL: never waits for a writer).
   */
  sqlite3         *read_db;
  sqlite3_stmt    *read_stmt[MP_MIRROR_N_KINDS];
  guint            read_rebuilds;

  /* Main thread. */
  GDateTime       *updated[MP_MIRROR_N_KINDS];
  gboolean         refreshing;
  guint            requests;
  guint            detail_requests;
  MpMirrorRefresh *refresh;
  GQueue           priority;   /* char *, subscription IDs */
};

G_DEFINE_FINAL_TYPE (MpMirror, mp_mirror, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_PATH,
  PROP_REFRESHING,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  SIGNAL_ROW_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The columns a kind's table has besides id, sort, seen, hash and json:
 * each filled from a member of the row's JSON.
 */
typedef struct
{
  const char *column;
  const char *member;
} Column;

typedef struct
{
  const char *table;
  Column      columns[4];
  guint       n_columns;
} Table;

static const Table tables[MP_MIRROR_N_KINDS] = {
  [MP_MIRROR_KIND_SUBSCRIPTIONS] = { "subscriptions",
    { { "customer_id", "customerId" }, { "status", "status" },
      { "renewal_date", "renewalDate" }, { "last_modified", "lastModifiedDate" } }, 4 },
  [MP_MIRROR_KIND_CUSTOMERS] = { "customers",
    { { "name", "name" }, { "status", "status" }, { NULL, NULL }, { NULL, NULL } }, 2 },
  [MP_MIRROR_KIND_ORDERS] = { "orders",
    { { "customer_id", "customerId" }, { "subscription_id", "subscriptionId" },
      { "status", "status" }, { "creation_date", "creationDate" } }, 4 },
  [MP_MIRROR_KIND_PLANS] = { "plans",
    { { "name", "name" }, { NULL, NULL }, { NULL, NULL }, { NULL, NULL } }, 1 },
};

static const char schema[] =
  "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
  /* detailed: the JSON carries the resource lines and totals; stale: they
   * may be out of date (an order touched the subscription, or its
   * lastModifiedDate moved): a detail call is due.
   */
  "CREATE TABLE subscriptions (id TEXT PRIMARY KEY, sort INTEGER NOT NULL, customer_id TEXT,"
  " status TEXT, renewal_date TEXT, last_modified TEXT, detailed INTEGER NOT NULL DEFAULT 0,"
  " stale INTEGER NOT NULL DEFAULT 0, seen INTEGER NOT NULL DEFAULT 0, hash INTEGER NOT NULL,"
  " json TEXT NOT NULL);"
  "CREATE INDEX subscriptions_sort ON subscriptions (sort DESC, id DESC);"
  "CREATE TABLE customers (id TEXT PRIMARY KEY, sort INTEGER NOT NULL, name TEXT, status TEXT,"
  " seen INTEGER NOT NULL DEFAULT 0, hash INTEGER NOT NULL, json TEXT NOT NULL);"
  "CREATE INDEX customers_sort ON customers (sort DESC, id DESC);"
  "CREATE TABLE orders (id TEXT PRIMARY KEY, sort INTEGER NOT NULL, customer_id TEXT,"
  " subscription_id TEXT, status TEXT, creation_date TEXT, seen INTEGER NOT NULL DEFAULT 0,"
  " hash INTEGER NOT NULL, json TEXT NOT NULL);"
  "CREATE INDEX orders_sort ON orders (sort DESC, id DESC);"
  "CREATE TABLE plans (id TEXT PRIMARY KEY, sort INTEGER NOT NULL, name TEXT,"
  " seen INTEGER NOT NULL DEFAULT 0, hash INTEGER NOT NULL, json TEXT NOT NULL);"
  "CREATE INDEX plans_sort ON plans (sort DESC, id DESC);";

const char *
mp_mirror_kind_table (MpMirrorKind kind)
{
  g_return_val_if_fail (kind < MP_MIRROR_N_KINDS, NULL);
  return tables[kind].table;
}

GType
mp_mirror_kind_get_item_type (MpMirrorKind kind)
{
  switch (kind)
    {
    case MP_MIRROR_KIND_SUBSCRIPTIONS:
      return MP_TYPE_SUBSCRIPTION;
    case MP_MIRROR_KIND_CUSTOMERS:
      return MP_TYPE_CUSTOMER;
    case MP_MIRROR_KIND_ORDERS:
      return MP_TYPE_ORDER;
    case MP_MIRROR_KIND_PLANS:
      return MP_TYPE_PLAN;
    default:
      g_return_val_if_reached (G_TYPE_OBJECT);
    }
}

static GObject *
object_from_json (MpMirrorKind  kind,
                  JsonObject   *object,
                  GError      **error)
{
  switch (kind)
    {
    case MP_MIRROR_KIND_SUBSCRIPTIONS:
      return G_OBJECT (mp_subscription_new_from_json (object, error));
    case MP_MIRROR_KIND_CUSTOMERS:
      return G_OBJECT (mp_customer_new_from_json (object, error));
    case MP_MIRROR_KIND_ORDERS:
      return G_OBJECT (mp_order_new_from_json (object, error));
    case MP_MIRROR_KIND_PLANS:
      return G_OBJECT (mp_plan_new_from_json (object, error));
    default:
      g_return_val_if_reached (NULL);
    }
}

void
mp_mirror_row_free (MpMirrorRow *row)
{
  if (row == NULL)
    return;
  g_free (row->id);
  g_free (row->json);
  g_clear_object (&row->object);
  g_free (row);
}

static void
close_reader (MpMirror *self)
{
  for (guint i = 0; i < MP_MIRROR_N_KINDS; i++)
    g_clear_pointer (&self->read_stmt[i], sqlite3_finalize);
  g_clear_pointer (&self->read_db, sqlite3_close_v2);
}

/* The stored JSON of one row, on the main thread: a point read by primary
 * key from the page cache, never a wait for the writer.
 */
static char *
read_json (MpMirror     *self,
           MpMirrorKind  kind,
           const char   *id)
{
  guint rebuilds = (guint) g_atomic_int_get (&self->rebuilds);
  sqlite3_stmt *stmt;
  char *json = NULL;
  int rc;

  if (self->read_db != NULL && self->read_rebuilds != rebuilds)
    close_reader (self);
  if (self->read_db == NULL)
    {
      if (sqlite3_open_v2 (self->path, &self->read_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
                           NULL) != SQLITE_OK)
        {
          g_debug ("Cannot read the mirror: %s", sqlite3_errmsg (self->read_db));
          close_reader (self);
          return NULL;
        }
      sqlite3_busy_timeout (self->read_db, 1000);
      self->read_rebuilds = rebuilds;
    }
  if (self->read_stmt[kind] == NULL)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT json FROM %s WHERE id = ?",
                                              tables[kind].table);

      if (sqlite3_prepare_v2 (self->read_db, sql, -1, &self->read_stmt[kind], NULL) != SQLITE_OK)
        {
          g_debug ("Cannot read the mirror: %s", sqlite3_errmsg (self->read_db));
          close_reader (self);
          return NULL;
        }
    }
  stmt = self->read_stmt[kind];
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    json = g_strndup ((const char *) sqlite3_column_text (stmt, 0),
                      (gsize) sqlite3_column_bytes (stmt, 0));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return json;
}

GObject *
mp_mirror_row_get_object (MpMirror     *self,
                          MpMirrorRow  *row,
                          MpMirrorKind  kind)
{
  if (row->object == NULL)
    {
      g_autoptr(JsonParser) parser = json_parser_new_immutable ();
      g_autoptr(GError) error = NULL;
      g_autofree char *json = row->json != NULL ? g_steal_pointer (&row->json)
                                                : read_json (self, kind, row->id);
      JsonNode *root;

      if (json == NULL)
        {
          /* Deleted since the list read its rows (it reads them again
           * soon): a stand-in with the ID alone, never NULL.
           */
          g_autoptr(JsonBuilder) builder = json_builder_new ();
          g_autoptr(JsonNode) node = NULL;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "id");
          json_builder_add_string_value (builder, row->id);
          json_builder_end_object (builder);
          node = json_builder_get_root (builder);
          json = json_to_string (node, FALSE);
        }
      if (json_parser_load_from_data (parser, json, -1, &error)
          && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
        row->object = object_from_json (kind, json_node_get_object (root), &error);
      if (row->object == NULL)
        g_warning ("Mirror row %s does not parse: %s", row->id,
                   error != NULL ? error->message : "not an object");
    }
  return row->object;
}

int
mp_mirror_row_compare (const MpMirrorRow *a,
                       const MpMirrorRow *b)
{
  if (a->sort != b->sort)
    return a->sort > b->sort ? -1 : 1;
  return -strcmp (a->id, b->id);
}

/* FNV-1a, 64 bits. */
static guint64
hash_bytes (const char *text,
            gsize       length)
{
  guint64 hash = G_GUINT64_CONSTANT (14695981039346656037);

  for (const guchar *p = (const guchar *) text; p < (const guchar *) text + length; p++)
    {
      hash ^= *p;
      hash *= G_GUINT64_CONSTANT (1099511628211);
    }
  return hash;
}

gint64
mp_mirror_sort_key (const char *id)
{
  guint64 value;

  if (g_ascii_string_to_unsigned (id, 10, 0, G_MAXINT64, &value, NULL))
    return (gint64) value;
  return 0;
}

/* ---- the file ---- */

char *
mp_mirror_build_path (const char *base_url,
                      const char *marketplace,
                      const char *login)
{
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree char *url = NULL;
  g_autofree char *name = NULL;
  gsize length;

  g_return_val_if_fail (base_url != NULL, NULL);

  /* The same account however the URL is written. */
  url = g_strdup (base_url);
  length = strlen (url);
  while (length > 0 && url[length - 1] == '/')
    url[--length] = '\0';
  g_checksum_update (checksum, (const guchar *) url, -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) (marketplace ? marketplace : ""), -1);
  g_checksum_update (checksum, (const guchar *) "\n", 1);
  g_checksum_update (checksum, (const guchar *) (login ? login : ""), -1);
  name = g_strconcat (g_checksum_get_string (checksum), ".sqlite", NULL);
  return g_build_filename (g_get_user_cache_dir (), "market-panel", "mirror", name, NULL);
}

static gboolean
delete_files (const char  *path,
              GError     **error)
{
  static const char *const suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      if (g_unlink (file) != 0 && errno != ENOENT)
        {
          int saved = errno;

          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not delete %s: %s"), file, g_strerror (saved));
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
mp_mirror_delete_for_account (const char  *base_url,
                              const char  *marketplace,
                              const char  *login,
                              GError     **error)
{
  g_autofree char *path = mp_mirror_build_path (base_url, marketplace, login);

  return delete_files (path, error);
}

static void
set_sqlite_error (GError     **error,
                  sqlite3     *db,
                  const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "%s: %s", what,
               db != NULL ? sqlite3_errmsg (db) : "out of memory");
}

static gboolean
is_broken (int rc)
{
  rc &= 0xff;
  return rc == SQLITE_CORRUPT || rc == SQLITE_NOTADB || rc == SQLITE_IOERR;
}

static void
close_db (MpMirror *self)
{
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  self->db = NULL;
}

/* The file was unusable: start again from an empty database. */
static void
drop_db (MpMirror *self)
{
  g_autoptr(GError) error = NULL;

  close_db (self);
  g_message ("The mirror %s is unusable; rebuilding it", self->path);
  if (!delete_files (self->path, &error))
    g_warning ("%s", error->message);
  g_atomic_int_inc (&self->rebuilds);
}

static int
user_version (sqlite3 *db,
              int     *rc_out)
{
  sqlite3_stmt *stmt = NULL;
  int version = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      version = sqlite3_column_int (stmt, 0);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  *rc_out = rc;
  return version;
}

static gboolean
try_open (MpMirror  *self,
          gboolean  *broken,
          GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  int fd;
  int rc;
  int version;

  *broken = FALSE;
  if (g_mkdir_with_parents (dir, 0700) != 0 || g_chmod (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create %s: %s"), dir, g_strerror (saved));
      return FALSE;
    }
  /* Created here with mode 0600 (SQLite gives its -wal and -shm files the
   * mode of the database).
   */
  fd = g_open (self->path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not open %s: %s"), self->path, g_strerror (saved));
      return FALSE;
    }
  g_close (fd, NULL);
  g_chmod (self->path, 0600);

  rc = sqlite3_open_v2 (self->path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      *broken = is_broken (rc);
      set_sqlite_error (error, self->db, _("Could not open the mirror"));
      close_db (self);
      return FALSE;
    }
  sqlite3_busy_timeout (self->db, 5000);
  version = user_version (self->db, &rc);
  if (rc != SQLITE_OK || (version != 0 && version != SCHEMA_VERSION))
    {
      *broken = TRUE;
      set_sqlite_error (error, self->db, _("The mirror is not readable"));
      close_db (self);
      return FALSE;
    }
  rc = sqlite3_exec (self->db,
                     "PRAGMA journal_mode=WAL;"
                     "PRAGMA synchronous=NORMAL;"
                     "PRAGMA temp_store=MEMORY;"
                     "PRAGMA cache_size=-16384;", NULL, NULL, NULL);
  if (rc == SQLITE_OK && version == 0)
    {
      g_autofree char *sql = g_strdup_printf ("BEGIN; %s PRAGMA user_version=%d; COMMIT;",
                                              schema, SCHEMA_VERSION);

      rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
    }
  if (rc != SQLITE_OK)
    {
      *broken = is_broken (rc) || version == 0;
      set_sqlite_error (error, self->db, _("Could not set up the mirror"));
      close_db (self);
      return FALSE;
    }
  return TRUE;
}

sqlite3 *
mp_mirror_lock (MpMirror  *self,
                GError   **error)
{
  g_mutex_lock (&self->lock);
  if (self->db == NULL)
    {
      gboolean broken = FALSE;
      g_autoptr(GError) local_error = NULL;

      if (!try_open (self, &broken, &local_error))
        {
          if (broken)
            {
              g_debug ("%s", local_error->message);
              drop_db (self);
              g_clear_error (&local_error);
              try_open (self, &broken, &local_error);
            }
          if (local_error != NULL)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              g_mutex_unlock (&self->lock);
              return NULL;
            }
        }
    }
  return self->db;
}

void
mp_mirror_unlock (MpMirror *self)
{
  g_mutex_unlock (&self->lock);
}

/* After a failed statement: a corrupt file is dropped (the next use builds
 * it again).
 */
static void
check_rc (MpMirror *self,
          int       rc)
{
  if (is_broken (rc))
    drop_db (self);
}

gboolean
mp_mirror_exec_locked (MpMirror    *self,
                       const char  *sql,
                       GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, _("Could not use the mirror"));
      check_rc (self, rc);
      return FALSE;
    }
  return TRUE;
}

char *
mp_mirror_get_meta_locked (MpMirror   *self,
                           const char *key)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  if (sqlite3_prepare_v2 (self->db, "SELECT value FROM meta WHERE key = ?", -1, &stmt,
                          NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

gboolean
mp_mirror_set_meta_locked (MpMirror    *self,
                           const char  *key,
                           const char  *value,
                           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "INSERT INTO meta (key, value) VALUES (?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", -1, &stmt,
                           NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt);
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (error, self->db, _("Could not use the mirror"));
      check_rc (self, rc);
      return FALSE;
    }
  return TRUE;
}

/* ---- storing ---- */

static const char *
member_string (JsonObject *object,
               const char *member,
               char        buffer[32])
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_snprintf (buffer, 32, "%" G_GINT64_FORMAT, json_node_get_int (node));
      return buffer;
    }
  return NULL;
}

static char *
object_to_text (JsonObject *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  return json_to_string (node, FALSE);
}

static gboolean
has_lines (JsonObject *object)
{
  return json_object_has_member (object, "products")
         && JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "products"));
}

/* A list row without lines, for a subscription whose lines were fetched
 * before (@old_json): TRUE when every member of the list row is as stored
 * (the stored row stands); otherwise the stored lines and totals are copied
 * into @object.
 */
static gboolean
merge_lines (JsonObject *object,
             const char *old_json)
{
  static const char *const members[] = { "products", "totalPrice", "totalSubscriptionPrice" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GList) names = NULL;
  gboolean same = TRUE;
  JsonNode *root;
  JsonObject *old;

  if (!json_parser_load_from_data (parser, old_json, -1, NULL)
      || (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  old = json_node_get_object (root);
  names = json_object_get_members (object);
  for (GList *l = names; l != NULL && same; l = l->next)
    {
      JsonNode *mine = json_object_get_member (object, l->data);
      JsonNode *theirs = json_object_get_member (old, l->data);

      same = theirs != NULL && json_node_equal (mine, theirs);
    }
  if (same)
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *node = json_object_get_member (old, members[i]);

      if (node != NULL)
        json_object_set_member (object, members[i], json_node_copy (node));
    }
  return FALSE;
}

/* The members read from each row: "id", the table's columns, "products". */
static guint
row_keys (const Table  *table,
          const char  **keys)
{
  guint n = 0;

  keys[n++] = "id";
  for (guint i = 0; i < table->n_columns; i++)
    keys[n++] = table->columns[i].member;
  keys[n++] = "products";
  return n;
}

gboolean
mp_mirror_store_rows_locked (MpMirror            *self,
                             MpMirrorKind         kind,
                             const MpMirrorRowIn *rows,
                             guint                n_rows,
                             gboolean             detailed,
                             gint64               generation,
                             MpMirrorStoreStats  *stats,
                             GError             **error)
{
  const Table *table = &tables[kind];
  gboolean subscriptions = kind == MP_MIRROR_KIND_SUBSCRIPTIONS;
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *insert = NULL;
  sqlite3_stmt *lookup = NULL;
  sqlite3_stmt *old_json_stmt = NULL;
  const char *keys[8];
  guint n_keys = row_keys (table, keys);
  int rc;
  guint n_fixed;

  g_string_printf (sql, "INSERT INTO %s (id, sort, seen, hash, json", table->table);
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, ", %s", table->columns[i].column);
  if (subscriptions)
    g_string_append (sql, ", detailed, stale");
  g_string_append (sql, ") VALUES (?, ?, ?, ?, ?");
  for (guint i = 0; i < table->n_columns + (subscriptions ? 2 : 0); i++)
    g_string_append (sql, ", ?");
  g_string_append (sql, ") ON CONFLICT (id) DO UPDATE SET seen = MAX (seen, excluded.seen), "
                   "hash = excluded.hash, json = excluded.json");
  for (guint i = 0; i < table->n_columns; i++)
    g_string_append_printf (sql, ", %s = excluded.%s", table->columns[i].column,
                            table->columns[i].column);
  if (subscriptions)
    g_string_append (sql, ", detailed = excluded.detailed, stale = excluded.stale");
  n_fixed = 5;

  rc = sqlite3_prepare_v2 (self->db, sql->str, -1, &insert, NULL);
  if (rc == SQLITE_OK)
    {
      /* Not the JSON: 100,000 lookups of unchanged rows read their small
       * columns only.
       */
      g_autofree char *query = g_strdup_printf ("SELECT hash, seen%s FROM %s WHERE id = ?",
                                                subscriptions
                                                ? ", detailed, stale, last_modified" : "",
                                                table->table);

      rc = sqlite3_prepare_v2 (self->db, query, -1, &lookup, NULL);
    }
  if (rc == SQLITE_OK && subscriptions)
    rc = sqlite3_prepare_v2 (self->db, "SELECT json FROM subscriptions WHERE id = ?", -1,
                             &old_json_stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, _("Could not write the mirror"));
      sqlite3_finalize (insert);
      sqlite3_finalize (lookup);
      sqlite3_finalize (old_json_stmt);
      check_rc (self, rc);
      return FALSE;
    }

  for (guint r = 0; r < n_rows && rc == SQLITE_OK; r++)
    {
      const MpMirrorRowIn *in = &rows[r];
      g_autoptr(JsonParser) parser = NULL;
      JsonObject *object = in->object;
      MpSpan values[8];
      char *fields[8] = { NULL, };
      g_autofree char *owned_text = NULL;
      const char *text;
      gsize text_length;
      gboolean row_detailed = FALSE;
      gboolean stale = FALSE;
      gboolean known = FALSE;
      guint64 old_hash = 0;
      guint64 hash;

      /* The row's members: from its object, or scanned from its text. */
      if (object != NULL)
        {
          for (guint i = 0; i + 1 < n_keys; i++)
            {
              char buffer[32];
              const char *value = member_string (object, keys[i], buffer);

              fields[i] = g_strdup (value);
            }
          row_detailed = has_lines (object);
          owned_text = object_to_text (object);
          text = owned_text;
          text_length = strlen (owned_text);
        }
      else
        {
          if (!mp_mirror_scan_members (in->text, keys, n_keys, values))
            continue;
          for (guint i = 0; i + 1 < n_keys; i++)
            fields[i] = mp_mirror_span_dup_string (values[i]);
          row_detailed = values[n_keys - 1].length > 0 && values[n_keys - 1].start[0] == '[';
          text = in->text.start;
          text_length = in->text.length;
        }
      if (fields[0] == NULL)
        {
          for (guint i = 0; i < n_keys; i++)
            g_free (fields[i]);
          continue;
        }
      row_detailed = row_detailed || detailed;

      sqlite3_reset (lookup);
      sqlite3_bind_text (lookup, 1, fields[0], -1, SQLITE_STATIC);
      if ((rc = sqlite3_step (lookup)) == SQLITE_ROW)
        {
          known = TRUE;
          old_hash = (guint64) sqlite3_column_int64 (lookup, 0);
        }
      else if (rc != SQLITE_DONE)
        {
          for (guint i = 0; i < n_keys; i++)
            g_free (fields[i]);
          break;
        }
      rc = SQLITE_OK;

      if (subscriptions && !row_detailed && known && sqlite3_column_int (lookup, 2))
        {
          const char *old_modified = (const char *) sqlite3_column_text (lookup, 4);
          const char *old_json = NULL;

          sqlite3_reset (old_json_stmt);
          sqlite3_bind_text (old_json_stmt, 1, fields[0], -1, SQLITE_STATIC);
          if (sqlite3_step (old_json_stmt) == SQLITE_ROW)
            old_json = (const char *) sqlite3_column_text (old_json_stmt, 0);

          /* A list row without lines: keep the lines fetched before, due
           * again when the subscription was modified since.
           */
          row_detailed = TRUE;
          stale = sqlite3_column_int (lookup, 3) || g_strcmp0 (fields[4], old_modified) != 0;
          if (object == NULL)
            {
              JsonNode *root;

              parser = json_parser_new ();
              if (json_parser_load_from_data (parser, text, (gssize) text_length, NULL)
                  && (root = json_parser_get_root (parser)) != NULL && JSON_NODE_HOLDS_OBJECT (root))
                object = json_node_get_object (root);
            }
          if (object != NULL && old_json != NULL)
            {
              g_free (owned_text);
              owned_text = merge_lines (object, old_json) ? g_strdup (old_json)
                                                         : object_to_text (object);
              text = owned_text;
              text_length = strlen (owned_text);
            }
        }
      hash = hash_bytes (text, text_length);
      if (stats != NULL && stats->seen_ids != NULL)
        g_hash_table_add (stats->seen_ids, g_strdup (fields[0]));
      /* Unchanged: nothing written (a pass over 100,000 rows that all stand
       * reads them only).
       */
      if (known && hash == old_hash && !(subscriptions && stale != sqlite3_column_int (lookup, 3)))
        {
          if (stats != NULL)
            stats->rows++;
          for (guint i = 0; i < n_keys; i++)
            g_free (fields[i]);
          continue;
        }

      sqlite3_reset (insert);
      sqlite3_clear_bindings (insert);
      sqlite3_bind_text (insert, 1, fields[0], -1, SQLITE_STATIC);
      sqlite3_bind_int64 (insert, 2, mp_mirror_sort_key (fields[0]));
      sqlite3_bind_int64 (insert, 3, MAX (generation, 0));
      sqlite3_bind_int64 (insert, 4, (gint64) hash);
      sqlite3_bind_text (insert, 5, text, (int) text_length, SQLITE_STATIC);
      for (guint i = 0; i < table->n_columns; i++)
        sqlite3_bind_text (insert, (int) (n_fixed + 1 + i), fields[1 + i], -1, SQLITE_STATIC);
      if (subscriptions)
        {
          sqlite3_bind_int (insert, (int) (n_fixed + 1 + table->n_columns), row_detailed);
          sqlite3_bind_int (insert, (int) (n_fixed + 2 + table->n_columns), stale);
        }
      rc = sqlite3_step (insert);
      for (guint i = 0; i < n_keys; i++)
        g_free (fields[i]);
      if (rc != SQLITE_DONE)
        break;
      rc = SQLITE_OK;
      if (stats != NULL)
        {
          stats->rows++;
          stats->last_hash = hash;
          if (!known || hash != old_hash)
            {
              stats->changed++;
              if (stats->changed_rows != NULL)
                g_array_append_val (stats->changed_rows, r);
            }
        }
    }

  sqlite3_finalize (insert);
  sqlite3_finalize (lookup);
  sqlite3_finalize (old_json_stmt);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, _("Could not write the mirror"));
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      check_rc (self, rc);
      return FALSE;
    }
  rc = sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
  if (rc != SQLITE_OK)
    {
      set_sqlite_error (error, self->db, _("Could not write the mirror"));
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      check_rc (self, rc);
      return FALSE;
    }
  return TRUE;
}

gboolean
mp_mirror_store_array_locked (MpMirror            *self,
                              MpMirrorKind         kind,
                              JsonArray           *rows,
                              gboolean             detailed,
                              gint64               generation,
                              MpMirrorStoreStats  *stats,
                              GError             **error)
{
  g_autoptr(GArray) in = g_array_new (FALSE, TRUE, sizeof (MpMirrorRowIn));

  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *object = json_array_get_object_element (rows, i);
      MpMirrorRowIn row = { { NULL, 0 }, object };

      if (object != NULL)
        g_array_append_val (in, row);
    }
  return mp_mirror_store_rows_locked (self, kind, (MpMirrorRowIn *) (gpointer) in->data, in->len,
                                      detailed, generation, stats, error);
}

typedef struct
{
  MpMirrorKind kind;
  JsonArray   *rows;
  gboolean     detailed;
} StoreData;

static void
store_data_free (StoreData *data)
{
  json_array_unref (data->rows);
  g_free (data);
}

static void
store_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  MpMirror *self = source_object;
  StoreData *data = task_data;
  GError *error = NULL;
  gboolean ok;

  if (mp_mirror_lock (self, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  ok = mp_mirror_store_array_locked (self, data->kind, data->rows, data->detailed, 0, NULL, &error);
  mp_mirror_unlock (self);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
store_done_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpMirror *self = MP_MIRROR (object);
  StoreData *data = g_task_get_task_data (G_TASK (result));
  GError *error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  mp_mirror_emit_changed (self, data->kind);
  g_task_return_boolean (task, TRUE);
}

void
mp_mirror_store_async (MpMirror            *self,
                       MpMirrorKind         kind,
                       JsonArray           *rows,
                       gboolean             detailed,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(GTask) worker = NULL;
  GTask *task;
  StoreData *data;

  g_return_if_fail (MP_IS_MIRROR (self));
  g_return_if_fail (kind < MP_MIRROR_N_KINDS);
  g_return_if_fail (rows != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_mirror_store_async);
  worker = g_task_new (self, cancellable, store_done_cb, task);
  data = g_new0 (StoreData, 1);
  data->kind = kind;
  data->rows = json_array_ref (rows);
  data->detailed = detailed;
  g_task_set_task_data (worker, data, (GDestroyNotify) store_data_free);
  g_task_run_in_thread (worker, store_thread);
}

gboolean
mp_mirror_store_finish (MpMirror      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- loading ---- */

typedef struct
{
  MpMirrorKind kind;
  GDateTime   *updated;
} LoadData;

static void
load_data_free (LoadData *data)
{
  g_clear_pointer (&data->updated, g_date_time_unref);
  g_free (data);
}

static char *
updated_key (MpMirrorKind kind)
{
  return g_strconcat ("updated-", tables[kind].table, NULL);
}

static void
load_rows_thread (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  MpMirror *self = source_object;
  LoadData *data = task_data;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) mp_mirror_row_free);
  g_autofree char *sql = NULL;
  g_autofree char *key = updated_key (data->kind);
  g_autofree char *updated = NULL;
  sqlite3_stmt *stmt = NULL;
  GError *error = NULL;
  int rc;

  if (mp_mirror_lock (self, &error) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* No JSON: a list reads a row's when it shows it (mp_mirror_row_get_object). */
  sql = g_strdup_printf ("SELECT id, sort, hash FROM %s ORDER BY sort DESC, id DESC",
                         tables[data->kind].table);
  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MpMirrorRow *row = g_new0 (MpMirrorRow, 1);

      row->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      row->sort = sqlite3_column_int64 (stmt, 1);
      row->hash = (guint64) sqlite3_column_int64 (stmt, 2);
      g_ptr_array_add (rows, row);
      rc = SQLITE_OK;
    }
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      set_sqlite_error (&error, self->db, _("Could not read the mirror"));
      check_rc (self, rc);
      mp_mirror_unlock (self);
      /* A broken file was dropped: it reads as empty now. */
      if (self->db == NULL)
        {
          g_clear_error (&error);
          g_ptr_array_set_size (rows, 0);
          g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
        }
      else
        g_task_return_error (task, error);
      return;
    }
  updated = mp_mirror_get_meta_locked (self, key);
  mp_mirror_unlock (self);
  if (updated != NULL)
    data->updated = g_date_time_new_from_iso8601 (updated, NULL);
  g_task_return_pointer (task, g_steal_pointer (&rows), (GDestroyNotify) g_ptr_array_unref);
}

void
mp_mirror_load_rows_async (MpMirror            *self,
                           MpMirrorKind         kind,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  LoadData *data;

  g_return_if_fail (MP_IS_MIRROR (self));
  g_return_if_fail (kind < MP_MIRROR_N_KINDS);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_mirror_load_rows_async);
  data = g_new0 (LoadData, 1);
  data->kind = kind;
  g_task_set_task_data (task, data, (GDestroyNotify) load_data_free);
  g_task_run_in_thread (task, load_rows_thread);
}

GPtrArray *
mp_mirror_load_rows_finish (MpMirror      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  LoadData *data;
  GPtrArray *rows;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  rows = g_task_propagate_pointer (G_TASK (result), error);
  data = g_task_get_task_data (G_TASK (result));
  if (rows != NULL && data->updated != NULL && self->updated[data->kind] == NULL)
    mp_mirror_set_updated (self, data->kind, data->updated);
  return rows;
}

static void
load_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpMirrorKind kind = GPOINTER_TO_UINT (g_task_get_task_data (task));
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GListStore) store = NULL;
  GError *error = NULL;

  rows = mp_mirror_load_rows_finish (MP_MIRROR (object), result, &error);
  if (rows == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  store = g_list_store_new (mp_mirror_kind_get_item_type (kind));
  for (guint i = 0; i < rows->len; i++)
    {
      GObject *item = mp_mirror_row_get_object (MP_MIRROR (object), rows->pdata[i], kind);

      if (item != NULL)
        g_list_store_append (store, item);
    }
  g_task_return_pointer (task, g_steal_pointer (&store), g_object_unref);
}

void
mp_mirror_load_async (MpMirror            *self,
                      MpMirrorKind         kind,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (MP_IS_MIRROR (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_mirror_load_async);
  g_task_set_task_data (task, GUINT_TO_POINTER (kind), NULL);
  mp_mirror_load_rows_async (self, kind, cancellable, load_done_cb, task);
}

GListModel *
mp_mirror_load_finish (MpMirror      *self,
                       GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the object ---- */

MpMirror *
mp_mirror_new_for_path (MpClient   *client,
                        const char *path)
{
  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  return g_object_new (MP_TYPE_MIRROR, "client", client, "path", path, NULL);
}

MpMirror *
mp_mirror_new (MpClient *client)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);

  path = mp_mirror_build_path (mp_client_get_base_url (client), mp_client_get_marketplace (client),
                               mp_client_get_user (client));
  return mp_mirror_new_for_path (client, path);
}

const char *
mp_mirror_get_path (MpMirror *self)
{
  g_return_val_if_fail (MP_IS_MIRROR (self), NULL);
  return self->path;
}

MpClient *
mp_mirror_get_client (MpMirror *self)
{
  g_return_val_if_fail (MP_IS_MIRROR (self), NULL);
  return self->client;
}

MpRequestBudget *
mp_mirror_get_budget (MpMirror *self)
{
  g_return_val_if_fail (MP_IS_MIRROR (self), NULL);
  return self->budget;
}

GDateTime *
mp_mirror_get_updated (MpMirror     *self,
                       MpMirrorKind  kind)
{
  g_return_val_if_fail (MP_IS_MIRROR (self), NULL);
  g_return_val_if_fail (kind < MP_MIRROR_N_KINDS, NULL);
  return self->updated[kind];
}

void
mp_mirror_set_updated (MpMirror     *self,
                       MpMirrorKind  kind,
                       GDateTime    *updated)
{
  g_clear_pointer (&self->updated[kind], g_date_time_unref);
  if (updated != NULL)
    self->updated[kind] = g_date_time_ref (updated);
}

gboolean
mp_mirror_get_refreshing (MpMirror *self)
{
  g_return_val_if_fail (MP_IS_MIRROR (self), FALSE);
  return self->refreshing;
}

void
mp_mirror_set_refreshing (MpMirror *self,
                          gboolean  refreshing)
{
  if (self->refreshing == refreshing)
    return;
  self->refreshing = refreshing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REFRESHING]);
}

guint
mp_mirror_get_rebuilds (MpMirror *self)
{
  g_return_val_if_fail (MP_IS_MIRROR (self), 0);
  return (guint) g_atomic_int_get (&self->rebuilds);
}

guint
mp_mirror_get_requests (MpMirror *self)
{
  g_return_val_if_fail (MP_IS_MIRROR (self), 0);
  return self->requests;
}

guint
mp_mirror_get_detail_requests (MpMirror *self)
{
  g_return_val_if_fail (MP_IS_MIRROR (self), 0);
  return self->detail_requests;
}

void
mp_mirror_count_request (MpMirror *self,
                         gboolean  detail)
{
  self->requests++;
  if (detail)
    self->detail_requests++;
}

void
mp_mirror_emit_changed (MpMirror     *self,
                        MpMirrorKind  kind)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0, kind);
}

void
mp_mirror_emit_row_changed (MpMirror     *self,
                            MpMirrorKind  kind,
                            const char   *id,
                            guint64       hash)
{
  g_signal_emit (self, signals[SIGNAL_ROW_CHANGED], 0, kind, id, hash);
}

MpMirrorRefresh *
mp_mirror_get_refresh (MpMirror *self)
{
  return self->refresh;
}

void
mp_mirror_set_refresh (MpMirror        *self,
                       MpMirrorRefresh *refresh)
{
  self->refresh = refresh;
}

GQueue *
mp_mirror_get_priority (MpMirror *self)
{
  return &self->priority;
}

static void
mp_mirror_finalize (GObject *object)
{
  MpMirror *self = MP_MIRROR (object);

  close_reader (self);
  g_mutex_lock (&self->lock);
  close_db (self);
  g_mutex_unlock (&self->lock);
  g_mutex_clear (&self->lock);
  for (guint i = 0; i < MP_MIRROR_N_KINDS; i++)
    g_clear_pointer (&self->updated[i], g_date_time_unref);
  g_queue_clear_full (&self->priority, g_free);
  g_clear_object (&self->budget);
  g_clear_object (&self->client);
  g_free (self->path);

  G_OBJECT_CLASS (mp_mirror_parent_class)->finalize (object);
}

static void
mp_mirror_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MpMirror *self = MP_MIRROR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_REFRESHING:
      g_value_set_boolean (value, self->refreshing);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_mirror_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MpMirror *self = MP_MIRROR (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_mirror_class_init (MpMirrorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_mirror_finalize;
  object_class->get_property = mp_mirror_get_property;
  object_class->set_property = mp_mirror_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, MP_TYPE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_REFRESHING] =
    g_param_spec_boolean ("refreshing", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Rows of a kind (MpMirrorKind) were written. */
  signals[SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MP_TYPE_MIRROR_KIND);
  /* One row was written (a detail call): kind, ID, the hash of its JSON.
   * Its list position did not change.
   */
  signals[SIGNAL_ROW_CHANGED] =
    g_signal_new ("row-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, MP_TYPE_MIRROR_KIND, G_TYPE_STRING, G_TYPE_UINT64);
}

static void
mp_mirror_init (MpMirror *self)
{
  g_mutex_init (&self->lock);
  g_queue_init (&self->priority);
  self->budget = mp_request_budget_new (10.0, 20);
}
