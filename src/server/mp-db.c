/* mp-db.c: the marketplace database (SQLite, WAL)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "mp-db.h"

struct _MpDb
{
  sqlite3    *handle;
  GHashTable *statements; /* SQL text -> sqlite3_stmt */
  char        language[16]; /* of the marketplace being answered; "" for none */
  FILE       *query_log;    /* MP_SERVER_QUERY_LOG: plans and times, for bench-server */
  GHashTable *started;      /* with the log: sqlite3_stmt -> its first step's monotonic time */
  GHashTable *table_changes; /* table name -> guint64* rows written, since opened */
};

/* A login is unique in its realm: 0 for the resellers' own logins, the
 * reseller's ID for the logins of its customers (so that no reseller can
 * learn another's customer logins by trying to create them). */
#define USERS_COLUMNS \
  "  login TEXT NOT NULL COLLATE NOCASE, realm INTEGER NOT NULL DEFAULT 0," \
  "  hash TEXT NOT NULL, account_id INTEGER NOT NULL, PRIMARY KEY (realm, login));"

static const char schema[] =
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS marketplaces ("
  "  code TEXT PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL,"
  "  currency TEXT NOT NULL, language TEXT NOT NULL, position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS accounts ("
  "  id INTEGER PRIMARY KEY, type TEXT NOT NULL, reseller_id INTEGER,"
  "  name TEXT NOT NULL, external_id TEXT, status TEXT NOT NULL DEFAULT 'active',"
  "  language TEXT NOT NULL DEFAULT 'en', tax_reg_id TEXT, currency TEXT,"
  "  address TEXT NOT NULL DEFAULT '{}', contacts TEXT NOT NULL DEFAULT '[]',"
  "  attributes TEXT NOT NULL DEFAULT '{}', emails TEXT NOT NULL DEFAULT '',"
  "  created INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS accounts_reseller ON accounts (reseller_id, id);"
  "CREATE TABLE IF NOT EXISTS users ("
  USERS_COLUMNS
  "CREATE INDEX IF NOT EXISTS users_login ON users (login);"
  "CREATE TABLE IF NOT EXISTS tokens ("
  "  digest TEXT PRIMARY KEY, account_id INTEGER NOT NULL, marketplace TEXT NOT NULL,"
  "  expires INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS categories ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, parent_id TEXT, description TEXT NOT NULL DEFAULT '',"
  "  position INTEGER NOT NULL);"
  "CREATE TABLE IF NOT EXISTS terms ("
  "  id TEXT PRIMARY KEY, name TEXT NOT NULL, kind TEXT NOT NULL, url TEXT NOT NULL, text TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS resource_categories (id TEXT PRIMARY KEY, name TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS plans ("
  "  id INTEGER PRIMARY KEY, name TEXT NOT NULL, short_description TEXT NOT NULL,"
  "  long_description TEXT NOT NULL, category_id TEXT, product_line_id TEXT,"
  "  product_line_name TEXT, vendor TEXT NOT NULL, service_name TEXT NOT NULL,"
  "  audience TEXT NOT NULL, published INTEGER NOT NULL DEFAULT 1,"
  "  billing_model TEXT NOT NULL DEFAULT 'chargeBeforeBillingPeriod');"
  "CREATE TABLE IF NOT EXISTS plan_periods ("
  "  plan_id INTEGER NOT NULL, type TEXT NOT NULL, duration INTEGER NOT NULL,"
  "  trial INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL,"
  "  PRIMARY KEY (plan_id, type, duration));"
  "CREATE TABLE IF NOT EXISTS plan_terms ("
  "  plan_id INTEGER NOT NULL, term_id TEXT NOT NULL, position INTEGER NOT NULL,"
  "  PRIMARY KEY (plan_id, term_id));"
  /* The plan's cancellation rules (docs/api.md): a full refund for
   * REFUND_DAYS days after the term starts (purchase or renewal), then
   * AFTER: "none" (no refund), "prorated" or "refused" (no cancellation).
   * A plan without a row: cancellation any time, no refund. */
  "CREATE TABLE IF NOT EXISTS plan_cancellation ("
  "  plan_id INTEGER PRIMARY KEY, refund_days INTEGER NOT NULL, after TEXT NOT NULL);"
  /* Plans whose subscriptions can be renewed ahead (POST /orders
   * {type: renewal}, extension "manualRenewal" of the catalogue). */
  "CREATE TABLE IF NOT EXISTS plan_manual_renewal (plan_id INTEGER PRIMARY KEY);"
  /* A plan's planSwitches[] (docs/api.md "Plan switches"). */
  "CREATE TABLE IF NOT EXISTS plan_switches ("
  "  plan_id INTEGER NOT NULL, period_type TEXT NOT NULL, period_duration INTEGER NOT NULL,"
  "  target_plan_id INTEGER NOT NULL, target_period_type TEXT NOT NULL, target_period_duration INTEGER NOT NULL,"
  "  billing_policy TEXT NOT NULL, when_effective TEXT NOT NULL, position INTEGER NOT NULL,"
  "  PRIMARY KEY (plan_id, period_type, period_duration, target_plan_id, target_period_type, target_period_duration));"
  "CREATE TABLE IF NOT EXISTS products ("
  "  id INTEGER PRIMARY KEY, plan_id INTEGER NOT NULL, mpn TEXT NOT NULL UNIQUE,"
  "  name TEXT NOT NULL, resource_category_id TEXT, unit TEXT NOT NULL DEFAULT 'unit',"
  "  included INTEGER NOT NULL DEFAULT 0, minimum INTEGER NOT NULL DEFAULT 0,"
  "  maximum INTEGER NOT NULL DEFAULT 1, one_time INTEGER NOT NULL DEFAULT 0,"
  "  fail INTEGER NOT NULL DEFAULT 0, position INTEGER NOT NULL);"
  "CREATE INDEX IF NOT EXISTS products_plan ON products (plan_id, position);"
  "CREATE TABLE IF NOT EXISTS prices ("
  "  product_id INTEGER NOT NULL, currency TEXT NOT NULL, period_type TEXT NOT NULL,"
  "  period_duration INTEGER NOT NULL, setup INTEGER NOT NULL, recurring INTEGER NOT NULL,"
  "  PRIMARY KEY (product_id, currency, period_type, period_duration));"
  "CREATE TABLE IF NOT EXISTS subscriptions ("
  "  id INTEGER PRIMARY KEY, marketplace TEXT NOT NULL, customer_id INTEGER NOT NULL,"
  "  reseller_id INTEGER, plan_id INTEGER NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,"
  "  period_type TEXT NOT NULL, period_duration INTEGER NOT NULL,"
  "  renewal INTEGER NOT NULL DEFAULT 1, created TEXT NOT NULL, expires TEXT NOT NULL,"
  "  modified TEXT NOT NULL, currency TEXT NOT NULL, pending_order_id INTEGER);"
  "CREATE INDEX IF NOT EXISTS subscriptions_customer ON subscriptions (marketplace, customer_id, id);"
  "CREATE INDEX IF NOT EXISTS subscriptions_reseller ON subscriptions (marketplace, reseller_id, id);"
  /* The status filter, newest first, from the index alone (a status that
   * matches nothing is answered at once, not after a scan). */
  "CREATE INDEX IF NOT EXISTS subscriptions_reseller_status ON subscriptions (marketplace, reseller_id, status, id);"
  "CREATE INDEX IF NOT EXISTS subscriptions_customer_status ON subscriptions (marketplace, customer_id, status, id);"
  /* Apart from subscriptions so that older databases get it too. */
  "CREATE TABLE IF NOT EXISTS subscription_attributes ("
  "  subscription_id INTEGER PRIMARY KEY, attributes TEXT NOT NULL);"
  "CREATE TABLE IF NOT EXISTS subscription_products ("
  "  subscription_id INTEGER NOT NULL, product_id INTEGER NOT NULL,"
  "  quantity INTEGER NOT NULL, usage INTEGER NOT NULL DEFAULT 0,"
  "  PRIMARY KEY (subscription_id, product_id));"
  "CREATE TABLE IF NOT EXISTS orders ("
  "  id INTEGER PRIMARY KEY, marketplace TEXT NOT NULL, number TEXT NOT NULL,"
  "  type TEXT NOT NULL, customer_id INTEGER NOT NULL, reseller_id INTEGER,"
  "  plan_id INTEGER, subscription_id INTEGER, period_type TEXT, period_duration INTEGER,"
  "  status TEXT NOT NULL, status_code TEXT NOT NULL, po_number TEXT,"
  "  created TEXT NOT NULL, created_ms INTEGER NOT NULL, provisioned TEXT,"
  "  total INTEGER NOT NULL DEFAULT 0, monthly INTEGER NOT NULL DEFAULT 0,"
  "  currency TEXT NOT NULL, error TEXT,"
  "  step INTEGER NOT NULL DEFAULT 0, steps TEXT NOT NULL DEFAULT '[]',"
  "  next_at INTEGER, version INTEGER NOT NULL DEFAULT 1,"
  "  idem_key TEXT, idem_digest TEXT, accepted_terms TEXT NOT NULL DEFAULT '[]');"
  "CREATE INDEX IF NOT EXISTS orders_customer ON orders (marketplace, customer_id, id);"
  "CREATE INDEX IF NOT EXISTS orders_reseller ON orders (marketplace, reseller_id, id);"
  "CREATE INDEX IF NOT EXISTS orders_reseller_status ON orders (marketplace, reseller_id, status, created_ms, id);"
  "CREATE INDEX IF NOT EXISTS orders_customer_status ON orders (marketplace, customer_id, status, created_ms, id);"
  "CREATE INDEX IF NOT EXISTS orders_reseller_code ON orders (marketplace, reseller_id, status_code, created_ms, id);"
  "CREATE INDEX IF NOT EXISTS orders_reseller_created ON orders (marketplace, reseller_id, created);"
  "CREATE INDEX IF NOT EXISTS orders_customer_created ON orders (marketplace, customer_id, created);"
  "CREATE INDEX IF NOT EXISTS orders_number ON orders (number);"
  "CREATE INDEX IF NOT EXISTS orders_subscription ON orders (subscription_id, id);"
  "CREATE INDEX IF NOT EXISTS orders_pending ON orders (next_at) WHERE next_at IS NOT NULL;"
  "CREATE UNIQUE INDEX IF NOT EXISTS orders_idem ON orders (marketplace, idem_key) WHERE idem_key IS NOT NULL;"
  /* Change orders applied at the renewal date (scheduledOn: "renewal"). */
  "CREATE TABLE IF NOT EXISTS scheduled_orders ("
  "  order_id INTEGER PRIMARY KEY, subscription_id INTEGER NOT NULL, scheduled_date TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS scheduled_subscription ON scheduled_orders (subscription_id);"
  "CREATE TABLE IF NOT EXISTS order_lines ("
  "  order_id INTEGER NOT NULL, position INTEGER NOT NULL, product_id INTEGER NOT NULL,"
  "  quantity INTEGER NOT NULL, target INTEGER NOT NULL, extended INTEGER NOT NULL,"
  "  PRIMARY KEY (order_id, position));"
  "CREATE TABLE IF NOT EXISTS order_details ("
  "  order_id INTEGER NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL,"
  "  mpn TEXT NOT NULL, product_id INTEGER NOT NULL, description TEXT NOT NULL,"
  "  quantity INTEGER NOT NULL, unit INTEGER NOT NULL, extended INTEGER NOT NULL,"
  "  duration_type TEXT NOT NULL, duration INTEGER NOT NULL,"
  "  PRIMARY KEY (order_id, position));"
  /* The catalogue in other languages than its own (English): KIND plan,
   * product (ID: the MPN), category, term or resourceCategory; FIELD the
   * catalogue's member name. Read through tr(). */
  /* Indexes that fit every documented list filter (docs/api.md); the
   * rowid (id) follows each index's columns, so equality filters keep the
   * lists' order (id or created_ms, descending) without sorting. */
  "CREATE INDEX IF NOT EXISTS subscriptions_reseller_status ON subscriptions (marketplace, reseller_id, status);"
  "CREATE INDEX IF NOT EXISTS subscriptions_customer_status ON subscriptions (marketplace, customer_id, status);"
  "CREATE INDEX IF NOT EXISTS subscriptions_reseller_customer ON subscriptions (marketplace, reseller_id, customer_id);"
  "CREATE INDEX IF NOT EXISTS subscriptions_reseller_created ON subscriptions (marketplace, reseller_id, created);"
  "CREATE INDEX IF NOT EXISTS subscriptions_customer_created ON subscriptions (marketplace, customer_id, created);"
  "CREATE INDEX IF NOT EXISTS orders_reseller_time ON orders (marketplace, reseller_id, created_ms);"
  "CREATE INDEX IF NOT EXISTS orders_customer_time ON orders (marketplace, customer_id, created_ms);"
  "CREATE INDEX IF NOT EXISTS orders_reseller_status ON orders (marketplace, reseller_id, status, created_ms);"
  "CREATE INDEX IF NOT EXISTS orders_customer_status ON orders (marketplace, customer_id, status, created_ms);"
  "CREATE INDEX IF NOT EXISTS orders_number ON orders (marketplace, number);"
  /* Subscription list pages in id order with every filter column in the
   * index (covering): a date filter walks down from the page's anchor
   * without reading the table or sorting the matches. (A customer's own
   * lists are small: subscriptions_customer and the table serve them.) */
  "CREATE INDEX IF NOT EXISTS subscriptions_reseller_list ON subscriptions"
  "  (marketplace, reseller_id, id, status, customer_id, created);"
  /* Order lists with a creation time filter, in their order (created_ms,
   * then id) with the time's text in the index: no sort, no table reads. */
  "CREATE INDEX IF NOT EXISTS orders_reseller_time_created ON orders (marketplace, reseller_id, created_ms, created);"
  "CREATE INDEX IF NOT EXISTS orders_customer_time_created ON orders (marketplace, customer_id, created_ms, created);"
  "CREATE INDEX IF NOT EXISTS accounts_external ON accounts (external_id) WHERE external_id IS NOT NULL;"
  "CREATE TABLE IF NOT EXISTS translations ("
  "  kind TEXT NOT NULL, id TEXT NOT NULL, field TEXT NOT NULL, language TEXT NOT NULL,"
  "  text TEXT NOT NULL, PRIMARY KEY (kind, id, field, language));";

void
mp_db_set_error (MpDb    *self,
                 GError **error)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Database error: %s",
               sqlite3_errmsg (self->handle));
}

gboolean
mp_db_exec (MpDb        *self,
            const char  *sql,
            GError     **error)
{
  char *message = NULL;

  if (sqlite3_exec (self->handle, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Database error: %s",
                   message != NULL ? message : "unknown");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* tr(KIND, ID, FIELD, VALUE [, LANGUAGE]): the catalogue text VALUE in
 * LANGUAGE (by default the language of the marketplace being answered, see
 * mp_db_set_marketplace()), or VALUE itself when it has no translation.
 */
static void
tr_function (sqlite3_context  *context,
             int               argc,
             sqlite3_value   **argv)
{
  MpDb *self = sqlite3_user_data (context);
  const unsigned char *language = argc > 4 ? sqlite3_value_text (argv[4])
                                           : (const unsigned char *) self->language;
  sqlite3_stmt *stmt;

  /* The catalogue's own texts are English: nothing to look up for "en". */
  if (language == NULL || *language == '\0' || g_strcmp0 ((const char *) language, "en") == 0
      || sqlite3_value_type (argv[1]) == SQLITE_NULL)
    {
      sqlite3_result_value (context, argv[3]);
      return;
    }
  stmt = mp_db_prepare (self, "SELECT text FROM translations"
                              " WHERE kind = ? AND id = ? AND field = ? AND language = ?");
  sqlite3_bind_value (stmt, 1, argv[0]);
  sqlite3_bind_text (stmt, 2, (const char *) sqlite3_value_text (argv[1]), -1, SQLITE_TRANSIENT);
  sqlite3_bind_value (stmt, 3, argv[2]);
  sqlite3_bind_text (stmt, 4, (const char *) language, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    sqlite3_result_text (context, mp_db_text (stmt, 0), -1, SQLITE_TRANSIENT);
  else
    sqlite3_result_value (context, argv[3]);
  sqlite3_reset (stmt);
}

/* The marketplace whose language tr() answers in; NULL for none (the
 * catalogue's own English). */
void
mp_db_set_marketplace (MpDb       *self,
                       const char *code)
{
  sqlite3_stmt *stmt;

  self->language[0] = '\0';
  if (code == NULL)
    return;
  stmt = mp_db_prepare (self, "SELECT language FROM marketplaces WHERE code = ?");
  sqlite3_bind_text (stmt, 1, code, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_strlcpy (self->language, mp_db_text (stmt, 0), sizeof self->language);
  sqlite3_reset (stmt);
}

/* The query log (MP_SERVER_QUERY_LOG=FILE, for bench/server/bench-server):
 * "P SQL" and its EXPLAIN QUERY PLAN lines ("  | detail") when a SELECT is
 * first prepared, and "T NANOSECONDS SQL" each time a query (a read-only
 * statement) finishes
 * (from its first step to its reset, so the time of writing its rows in
 * between too; microseconds). SQL on one line. */
static void
log_sql (FILE       *log,
         const char *sql)
{
  if (strchr (sql, '\n') == NULL)
    fputs (sql, log);
  else
    for (const char *p = sql; *p != '\0'; p++)
      fputc (*p == '\n' ? ' ' : *p, log);
  fputc ('\n', log);
}

static int
profile_statement (unsigned  type,
                   void     *user_data,
                   void     *p,
                   void     *x)
{
  MpDb *self = user_data;

  /* SQLite's own profile time counts whole milliseconds: the time from
   * the statement's start (SQLITE_TRACE_STMT) instead, in microseconds. */
  /* queries only: the seed's 100,000 inserts would swamp the log */
  if (!sqlite3_stmt_readonly (p))
    return 0;
  if (type == SQLITE_TRACE_STMT && !g_str_has_prefix (x, "--"))
    g_hash_table_insert (self->started, p, GSIZE_TO_POINTER ((gsize) g_get_monotonic_time ()));
  else if (type == SQLITE_TRACE_PROFILE)
    {
      gpointer start;

      if (!g_hash_table_steal_extended (self->started, p, NULL, &start))
        return 0;
      fprintf (self->query_log, "T %lld ", (long long) (g_get_monotonic_time () - (gint64) GPOINTER_TO_SIZE (start)) * 1000);
      log_sql (self->query_log, sqlite3_sql (p));
      /* written out once no statement runs (not while a list's runs) */
      if (g_hash_table_size (self->started) == 0)
        fflush (self->query_log);
    }
  return 0;
}

static void
log_plan (MpDb       *self,
          const char *sql)
{
  g_autofree char *explain = g_strconcat ("EXPLAIN QUERY PLAN ", sql, NULL);
  sqlite3_stmt *stmt;

  if (g_ascii_strncasecmp (sql, "SELECT", 6) != 0
      || sqlite3_prepare_v2 (self->handle, explain, -1, &stmt, NULL) != SQLITE_OK)
    return;
  fputs ("P ", self->query_log);
  log_sql (self->query_log, sql);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    fprintf (self->query_log, "  | %s\n", mp_db_text (stmt, 3));
  sqlite3_finalize (stmt);
  fflush (self->query_log);
}

/* Rows written per table (sqlite3_update_hook: inserts, updates and
 * deletes of rowid tables; a rolled back write counts too). */
static void
count_change (void                *user_data,
              int                  operation,
              char const          *database,
              char const          *table,
              sqlite3_int64        rowid)
{
  MpDb *self = user_data;
  guint64 *count = g_hash_table_lookup (self->table_changes, table);

  if (count == NULL)
    {
      count = g_new0 (guint64, 1);
      g_hash_table_insert (self->table_changes, g_strdup (table), count);
    }
  (*count)++;
}

guint64
mp_db_table_changes (MpDb       *self,
                     const char *table)
{
  guint64 *count = g_hash_table_lookup (self->table_changes, table);

  return count != NULL ? *count : 0;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

/* A data file written before logins had realms: the customers' logins move
 * into their resellers' realms.
 */
static gboolean
migrate_users (MpDb    *self,
               GError **error)
{
  sqlite3_stmt *stmt;
  gboolean has_realm = FALSE, any = FALSE;

  if (sqlite3_prepare_v2 (self->handle, "PRAGMA table_info (users)", -1, &stmt, NULL) != SQLITE_OK)
    {
      mp_db_set_error (self, error);
      return FALSE;
    }
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      any = TRUE;
      has_realm = has_realm || g_strcmp0 ((const char *) sqlite3_column_text (stmt, 1), "realm") == 0;
    }
  sqlite3_finalize (stmt);
  if (!any || has_realm)
    return TRUE;
  return mp_db_exec (self,
                     "BEGIN;"
                     "ALTER TABLE users RENAME TO users_before_realms;"
                     "CREATE TABLE users ("
                     USERS_COLUMNS
                     "INSERT INTO users (login, realm, hash, account_id)"
                     "  SELECT u.login, CASE WHEN a.type = 'customer' THEN coalesce (a.reseller_id, 0) ELSE 0 END,"
                     "         u.hash, u.account_id"
                     "  FROM users_before_realms u LEFT JOIN accounts a ON a.id = u.account_id;"
                     "DROP TABLE users_before_realms;"
                     "COMMIT;",
                     error);
}

MpDb *
mp_db_open (const char  *path,
            gboolean    *created,
            GError     **error)
{
  g_autoptr(MpDb) self = g_new0 (MpDb, 1);
  sqlite3_stmt *stmt;

  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, finalize_statement);
  self->table_changes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (sqlite3_open_v2 (path, &self->handle,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot open %s: %s", path,
                   self->handle != NULL ? sqlite3_errmsg (self->handle) : "out of memory");
      return NULL;
    }
  sqlite3_busy_timeout (self->handle, 5000);
  sqlite3_update_hook (self->handle, count_change, self);
  if (g_getenv ("MP_SERVER_QUERY_LOG") != NULL)
    {
      self->query_log = fopen (g_getenv ("MP_SERVER_QUERY_LOG"), "a");
      self->started = g_hash_table_new (NULL, NULL);
      if (self->query_log != NULL)
        sqlite3_trace_v2 (self->handle, SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE, profile_statement, self);
    }
  if (!mp_db_exec (self,
                   /* One server per database: no per-statement file locks,
                    * and the WAL index in memory. */
                   "PRAGMA locking_mode=EXCLUSIVE;"
                   "PRAGMA journal_mode=WAL;"
                   "PRAGMA synchronous=NORMAL;"
                   "PRAGMA foreign_keys=OFF;"
                   "PRAGMA temp_store=MEMORY;"
                   "PRAGMA cache_size=-32768;",
                   error))
    return NULL;
  if (!migrate_users (self, error) || !mp_db_exec (self, schema, error))
    return NULL;
  for (int argc = 4; argc <= 5; argc++)
    if (sqlite3_create_function (self->handle, "tr", argc, SQLITE_UTF8, self, tr_function,
                                 NULL, NULL) != SQLITE_OK)
      {
        mp_db_set_error (self, error);
        return NULL;
      }

  stmt = mp_db_prepare (self, "SELECT value FROM meta WHERE key = 'seeded'");
  if (stmt == NULL)
    {
      mp_db_set_error (self, error);
      return NULL;
    }
  *created = sqlite3_step (stmt) != SQLITE_ROW;
  sqlite3_reset (stmt);
  return g_steal_pointer (&self);
}

void
mp_db_free (MpDb *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->handle != NULL)
    sqlite3_close (self->handle);
  g_clear_pointer (&self->table_changes, g_hash_table_unref);
  g_clear_pointer (&self->query_log, fclose);
  g_clear_pointer (&self->started, g_hash_table_unref);
  g_free (self);
}

sqlite3 *
mp_db_get_handle (MpDb *self)
{
  return self->handle;
}

sqlite3_stmt *
mp_db_prepare (MpDb       *self,
               const char *sql)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      g_critical ("Cannot prepare “%s”: %s", sql, sqlite3_errmsg (self->handle));
      return NULL;
    }
  if (self->query_log != NULL)
    log_plan (self, sql);
  /* The key is the statement's own copy of the text, alive as long as it is. */
  g_hash_table_insert (self->statements, (gpointer) sqlite3_sql (stmt), stmt);
  return stmt;
}

gboolean
mp_db_begin (MpDb    *self,
             GError **error)
{
  return mp_db_exec (self, "BEGIN IMMEDIATE", error);
}

gboolean
mp_db_commit (MpDb    *self,
              GError **error)
{
  return mp_db_exec (self, "COMMIT", error);
}

void
mp_db_rollback (MpDb *self)
{
  if (!sqlite3_get_autocommit (self->handle))
    mp_db_exec (self, "ROLLBACK", NULL);
}

gboolean
mp_db_step_done (MpDb          *self,
                 sqlite3_stmt  *stmt,
                 GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      mp_db_set_error (self, error);
      return FALSE;
    }
  return TRUE;
}

gint64
mp_db_last_id (MpDb *self)
{
  return sqlite3_last_insert_rowid (self->handle);
}

const char *
mp_db_text (sqlite3_stmt *stmt,
            int           column)
{
  const unsigned char *text = sqlite3_column_text (stmt, column);

  return text != NULL ? (const char *) text : "";
}

/* Binds VALUE to the named PARAMETER (":name") of STMT, or leaves it
 * unbound (NULL, which the list queries read as "no filter") when VALUE is
 * NULL. VALUE must outlive the statement's next reset.
 */
void
mp_db_bind_text (sqlite3_stmt *stmt,
                 const char   *parameter,
                 const char   *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, parameter), value, -1, SQLITE_STATIC);
}
