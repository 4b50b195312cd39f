/* mp-server-orders.c: orders, estimates and asynchronous provisioning
 *
 * Provisioning state lives in the orders table: every step is one
 * transaction that moves the order on and, at the last step, applies its
 * effect to the subscription. A server killed mid-order resumes from the
 * database and applies each order exactly once.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <string.h>

#include "mp-server-pricing.h"
#include "mp-server-private.h"
#include "mp-server-validate.h"
#include "mp-server-clock.h"
#include "mp-server-switch.h"

#define MAX_WAIT_SECONDS 60
#define MAX_IDEMPOTENCY_KEY 200

#define ORDER_COLUMNS "o.id, o.number, o.type, o.customer_id, o.po_number, o.created, o.provisioned," \
                      " o.status, o.status_code, o.total, o.currency, o.subscription_id, o.plan_id," \
                      " o.period_type, o.period_duration, o.error, o.step, o.steps, o.version, o.monthly," \
                      " o.accepted_terms, o.reseller_id, o.marketplace," \
                      " CASE WHEN json_valid (o.steps) AND json_type (o.steps) = 'array'" \
                      "  THEN json_array_length (o.steps) ELSE 0 END"

enum
{
  COL_ID, COL_NUMBER, COL_TYPE, COL_CUSTOMER, COL_PO, COL_CREATED, COL_PROVISIONED,
  COL_STATUS, COL_STATUS_CODE, COL_TOTAL, COL_CURRENCY, COL_SUBSCRIPTION, COL_PLAN,
  COL_PERIOD_TYPE, COL_PERIOD_DURATION, COL_ERROR, COL_STEP, COL_STEPS, COL_VERSION, COL_MONTHLY,
  COL_TERMS, COL_RESELLER, COL_MARKETPLACE, COL_N_STEPS,
};

/* What an order body resolves to, before anything is written. */
typedef struct
{
  const char *type;
  gint64      customer_id;
  gint64      reseller_id;
  gint64      plan_id;
  gint64      subscription_id;
  char       *period_type;
  gint64      period_duration;
  GArray     *items;          /* MpPriceItem */
  MpCharges  *charges;
  GPtrArray  *steps;          /* step names */
  GPtrArray  *terms;          /* term ids of the plan */
  GDate       charged_from;   /* a cancellation's full refund: the term's start;
                               * a scheduled change: the renewal date */
  char       *scheduled_date; /* a change applied at renewal: its date */
  char       *switch_when;    /* a plan switch's whenEffective, else NULL */
} MpResolvedOrder;

static void
mp_resolved_order_free (MpResolvedOrder *resolved)
{
  g_free (resolved->period_type);
  g_free (resolved->scheduled_date);
  g_free (resolved->switch_when);
  g_clear_pointer (&resolved->items, g_array_unref);
  g_clear_pointer (&resolved->charges, mp_charges_free);
  g_clear_pointer (&resolved->steps, g_ptr_array_unref);
  g_clear_pointer (&resolved->terms, g_ptr_array_unref);
  g_free (resolved);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpResolvedOrder, mp_resolved_order_free)

typedef struct
{
  MpServer          *server;
  SoupServerMessage *msg;
  gint64             order_id;
  char              *etag;
  guint              timeout_id;
  gulong             finished_id;
  int                wait;
  char               correlation_id[48];
  char               marketplace[8];
  char               currency[4];
  MpPrincipalType    who;
  gint64             account_id;
  gint64             reseller_id;
} MpWaiter;

static void
today_date (GDate *date)
{
  mp_server_clock_today (date);
}

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

static const char *
status_text (const char *code)
{
  if (strcmp (code, "NW") == 0)
    return "Submitted";
  if (strcmp (code, "AS") == 0)
    return "Processing";
  if (strcmp (code, "LO") == 0)
    return "Provisioning is in progress";
  return code;
}

/* Writing orders */

static void
write_order_lines (MpServer     *self,
                   MpJsonWriter *writer,
                   sqlite3_stmt *row)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT p.mpn, pl.vendor, p.id, " MP_TR ("product", "p.mpn", "name", "p.name") ","
                                      " l.quantity, l.target, l.extended"
                                      " FROM order_lines l JOIN products p ON p.id = l.product_id"
                                      " JOIN plans pl ON pl.id = p.plan_id WHERE l.order_id = ? ORDER BY l.position");
  const char *currency = mp_db_text (row, COL_CURRENCY);
  const char *period_type = mp_db_text (row, COL_PERIOD_TYPE);
  gint64 period_duration = sqlite3_column_int64 (row, COL_PERIOD_DURATION);
  gint64 subscription_id = sqlite3_column_int64 (row, COL_SUBSCRIPTION);

  sqlite3_bind_int64 (stmt, 1, sqlite3_column_int64 (row, COL_ID));
  mp_json_key (writer, "products");
  mp_json_begin_array (writer);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      mp_json_begin_object (writer);
      mp_json_member_string (writer, "mpn", mp_db_text (stmt, 0));
      mp_json_member_string (writer, "vendor", mp_db_text (stmt, 1));
      mp_json_member_id (writer, "id", sqlite3_column_int64 (stmt, 2));
      mp_json_member_string (writer, "name", mp_db_text (stmt, 3));
      mp_json_member_int (writer, "quantity", sqlite3_column_int64 (stmt, 4));
      if (*period_type != '\0')
        {
          mp_json_member_period (writer, "subscriptionPeriod", period_type, period_duration);
          mp_json_member_period (writer, "billingPeriod", "month", 1);
        }
      mp_json_member_money (writer, "extendedPrice", sqlite3_column_int64 (stmt, 6), currency);
      mp_json_member_optional_id (writer, "subscriptionId", subscription_id);
      if (self->extensions)
        mp_json_member_int (writer, "newQuantity", sqlite3_column_int64 (stmt, 5));
      mp_json_end_object (writer);
    }
  sqlite3_reset (stmt);
  mp_json_end_array (writer);
}

static void
write_order (MpServer     *self,
             MpJsonWriter *writer,
             sqlite3_stmt *row,
             gboolean      detailed)
{
  const char *status = mp_db_text (row, COL_STATUS);
  const char *currency = mp_db_text (row, COL_CURRENCY);

  mp_json_begin_object (writer);
  mp_json_member_id (writer, "id", sqlite3_column_int64 (row, COL_ID));
  mp_json_member_string (writer, "orderNumber", mp_db_text (row, COL_NUMBER));
  mp_json_member_string (writer, "type", mp_db_text (row, COL_TYPE));
  mp_json_member_id (writer, "customerId", sqlite3_column_int64 (row, COL_CUSTOMER));
  mp_json_member_optional_string (writer, "poNumber", (const char *) sqlite3_column_text (row, COL_PO));
  mp_json_member_string (writer, "creationDate", mp_db_text (row, COL_CREATED));
  mp_json_member_optional_string (writer, "provisioningDate", (const char *) sqlite3_column_text (row, COL_PROVISIONED));
  mp_json_member_string (writer, "status", status);
  mp_json_member_string (writer, "statusCode", mp_db_text (row, COL_STATUS_CODE));
  mp_json_member_money (writer, "total", sqlite3_column_int64 (row, COL_TOTAL), currency);
  mp_json_key (writer, "attributes");
  mp_json_begin_object (writer);
  mp_json_end_object (writer);
  mp_json_member_bool (writer, "creditCheck", FALSE);
  mp_json_member_optional_id (writer, "subscriptionId", sqlite3_column_int64 (row, COL_SUBSCRIPTION));
  if (detailed)
    {
      g_autofree char *money_currency = g_strdup (currency);

      mp_pricing_write_details (self->db, writer, sqlite3_column_int64 (row, COL_ID), money_currency);
    }
  write_order_lines (self, writer, row);

  if (self->extensions)
    {
      mp_json_member_id (writer, "planId", sqlite3_column_int64 (row, COL_PLAN));
      if (sqlite3_column_type (row, COL_PERIOD_TYPE) != SQLITE_NULL)
        mp_json_member_period (writer, "subscriptionPeriod", mp_db_text (row, COL_PERIOD_TYPE),
                               sqlite3_column_int64 (row, COL_PERIOD_DURATION));
      mp_json_member_money (writer, "monthlyTotal", sqlite3_column_int64 (row, COL_MONTHLY), currency);
      mp_json_key (writer, "acceptedTerms");
      mp_json_raw (writer, mp_db_text (row, COL_TERMS));
      if (strcmp (status, "error") == 0)
        mp_json_member_string (writer, "errorMessage", mp_db_text (row, COL_ERROR));
      mp_server_write_schedule (self, writer, sqlite3_column_int64 (row, COL_ID));
      if (strcmp (status, "submitted") == 0 || strcmp (status, "processing") == 0
          || strcmp (status, "completed") == 0)
        {
          /* the steps' count from SQLite: no parse of the array per order */
          gint64 step = sqlite3_column_int64 (row, COL_STEP);
          gint64 n = sqlite3_column_int64 (row, COL_N_STEPS);

          if (n > 0)
            {
              mp_json_key (writer, "provisioning");
              mp_json_begin_object (writer);
              mp_json_member_int (writer, "step", MIN (step, n));
              mp_json_key (writer, "steps");
              mp_json_raw (writer, mp_db_text (row, COL_STEPS));
              mp_json_member_int (writer, "progress", MIN (step, n) * 100 / n);
              mp_json_end_object (writer);
            }
        }
    }
  mp_json_end_object (writer);
}

static char *
order_etag (sqlite3_stmt *row)
{
  return g_strdup_printf ("\"%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT "\"",
                          (gint64) sqlite3_column_int64 (row, COL_ID),
                          (gint64) sqlite3_column_int64 (row, COL_VERSION));
}

static gboolean
is_final (const char *status)
{
  return strcmp (status, "completed") == 0 || strcmp (status, "error") == 0 || strcmp (status, "cancelled") == 0;
}

/* Looks up an order the caller may see; the statement is on its row, or NULL. */
static sqlite3_stmt *
find_order (MpServer        *self,
            gint64           order_id,
            const char      *marketplace,
            MpPrincipalType  who,
            gint64           account_id)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT " ORDER_COLUMNS " FROM orders o WHERE o.id = ? AND o.marketplace = ?");

  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_text (stmt, 2, marketplace, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gboolean visible = who == MP_PRINCIPAL_RESELLER
                         ? sqlite3_column_int64 (stmt, COL_RESELLER) == account_id
                         : sqlite3_column_int64 (stmt, COL_CUSTOMER) == account_id;

      if (visible)
        return stmt;
    }
  sqlite3_reset (stmt);
  return NULL;
}

/* Answers with the order (200) and its ETag. */
static void
reply_order_row (MpRequest    *req,
                 sqlite3_stmt *row,
                 int           waited)
{
  MpJsonWriter writer;
  g_autofree char *etag = order_etag (row);
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

  mp_json_writer_init (&writer);
  write_order (req->server, &writer, row, TRUE);
  sqlite3_reset (row);
  if (req->server->extensions)
    {
      soup_message_headers_replace (headers, "ETag", etag);
      if (waited > 0)
        {
          g_autofree char *applied = g_strdup_printf ("wait=%d", waited);

          soup_message_headers_replace (headers, "Preference-Applied", applied);
        }
    }
  mp_request_reply (req, 200, &writer);
}

/* Prefer: wait */

static void
waiter_free (MpWaiter *waiter)
{
  g_clear_handle_id (&waiter->timeout_id, g_source_remove);
  g_clear_signal_handler (&waiter->finished_id, waiter->msg);
  g_clear_object (&waiter->msg);
  g_free (waiter->etag);
  g_free (waiter);
}

static void
waiter_detach (MpWaiter *waiter)
{
  GPtrArray *list = g_hash_table_lookup (waiter->server->waiters, &waiter->order_id);

  if (list != NULL)
    {
      g_ptr_array_remove_fast (list, waiter);
      if (list->len == 0)
        g_hash_table_remove (waiter->server->waiters, &waiter->order_id);
    }
}

static void
waiter_answer (MpWaiter *waiter)
{
  MpServer *self = waiter->server;
  MpRequest req = { 0 };
  sqlite3_stmt *row;

  req.server = self;
  req.msg = waiter->msg;
  req.method = "GET";
  req.path = "/orders";
  g_strlcpy (req.correlation_id, waiter->correlation_id, sizeof req.correlation_id);
  g_strlcpy (req.marketplace, waiter->marketplace, sizeof req.marketplace);
  g_strlcpy (req.currency, waiter->currency, sizeof req.currency);
  mp_db_set_marketplace (self->db, waiter->marketplace);
  req.who = waiter->who;
  req.account_id = waiter->account_id;
  req.reseller_id = waiter->reseller_id;

  row = find_order (self, waiter->order_id, waiter->marketplace, waiter->who, waiter->account_id);
  if (row != NULL)
    reply_order_row (&req, row, waiter->wait);
  else
    mp_request_error (&req, 404, "No entity has been found: order #%" G_GINT64_FORMAT ".", waiter->order_id);
  soup_server_message_unpause (waiter->msg);
}

static gboolean
on_waiter_timeout (gpointer data)
{
  MpWaiter *waiter = data;

  waiter->timeout_id = 0;
  waiter_detach (waiter);
  waiter_answer (waiter);
  waiter_free (waiter);
  return G_SOURCE_REMOVE;
}

static void
on_waiter_finished (SoupServerMessage *msg,
                    gpointer           data)
{
  MpWaiter *waiter = data;

  /* The client went away while we held the answer. */
  waiter_detach (waiter);
  waiter_free (waiter);
}

static void
wake_waiters (MpServer *self,
              gint64    order_id)
{
  GPtrArray *list = g_hash_table_lookup (self->waiters, &order_id);
  g_autoptr(GPtrArray) woken = NULL;
  guint i;

  if (list == NULL)
    return;
  woken = g_ptr_array_ref (list);
  g_hash_table_remove (self->waiters, &order_id);
  for (i = 0; i < woken->len; i++)
    {
      MpWaiter *waiter = g_ptr_array_index (woken, i);

      g_clear_signal_handler (&waiter->finished_id, waiter->msg);
      waiter_answer (waiter);
      waiter_free (waiter);
    }
}

void
mp_server_answer_waiters (MpServer  *self,
                          GPtrArray *answered)
{
  g_autoptr(GList) lists = g_hash_table_get_values (self->waiters);
  GList *l;

  /* wake_waiters() takes each list out of the table */
  for (l = lists; l != NULL; l = l->next)
    {
      GPtrArray *list = l->data;
      MpWaiter *waiter = g_ptr_array_index (list, 0);
      guint i;

      for (i = 0; i < list->len; i++)
        g_ptr_array_add (answered, g_object_ref (((MpWaiter *) g_ptr_array_index (list, i))->msg));
      wake_waiters (self, waiter->order_id);
    }
}

void
mp_server_cancel_waiters (MpServer *self)
{
  GHashTableIter iter;
  gpointer value;

  if (self->waiters == NULL)
    return;
  g_hash_table_iter_init (&iter, self->waiters);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      GPtrArray *list = value;
      guint i;

      for (i = 0; i < list->len; i++)
        waiter_free (g_ptr_array_index (list, i));
      g_ptr_array_set_size (list, 0);
    }
  g_hash_table_remove_all (self->waiters);
}

static int
parse_prefer_wait (const char *prefer)
{
  g_auto(GStrv) parts = NULL;
  guint i;

  if (prefer == NULL)
    return 0;
  parts = g_strsplit_set (prefer, ",;", -1);
  for (i = 0; parts[i] != NULL; i++)
    {
      const char *p = g_strstrip (parts[i]);

      if (g_ascii_strncasecmp (p, "wait=", 5) == 0)
        {
          gint64 value = g_ascii_strtoll (p + 5, NULL, 10);

          return (int) CLAMP (value, 0, MAX_WAIT_SECONDS);
        }
    }
  return 0;
}

static void
get_order (MpRequest *req,
           gint64     order_id)
{
  MpServer *self = req->server;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  sqlite3_stmt *row = find_order (self, order_id, req->marketplace, req->who, req->account_id);
  int wait = self->extensions ? parse_prefer_wait (soup_message_headers_get_one (headers, "Prefer")) : 0;
  const char *seen = soup_message_headers_get_one (headers, "If-None-Match");
  g_autofree char *etag = NULL;
  MpWaiter *waiter;
  GPtrArray *list;

  if (row == NULL)
    {
      mp_request_error (req, 404, "No entity has been found: order #%" G_GINT64_FORMAT ".", order_id);
      return;
    }
  etag = order_etag (row);
  if (wait == 0 || self->draining || is_final (mp_db_text (row, COL_STATUS))
      || (seen != NULL && strcmp (seen, etag) != 0))
    {
      reply_order_row (req, row, wait);
      return;
    }
  sqlite3_reset (row);

  waiter = g_new0 (MpWaiter, 1);
  waiter->server = self;
  waiter->msg = g_object_ref (req->msg);
  waiter->order_id = order_id;
  waiter->etag = g_steal_pointer (&etag);
  waiter->wait = wait;
  g_strlcpy (waiter->correlation_id, req->correlation_id, sizeof waiter->correlation_id);
  g_strlcpy (waiter->marketplace, req->marketplace, sizeof waiter->marketplace);
  g_strlcpy (waiter->currency, req->currency, sizeof waiter->currency);
  waiter->who = req->who;
  waiter->account_id = req->account_id;
  waiter->reseller_id = req->reseller_id;
  waiter->timeout_id = g_timeout_add ((guint) wait * 1000, on_waiter_timeout, waiter);
  waiter->finished_id = g_signal_connect (req->msg, "finished", G_CALLBACK (on_waiter_finished), waiter);

  list = g_hash_table_lookup (self->waiters, &order_id);
  if (list == NULL)
    {
      list = g_ptr_array_new ();
      g_hash_table_insert (self->waiters, g_memdup2 (&order_id, sizeof order_id), list);
    }
  g_ptr_array_add (list, waiter);
  soup_server_message_pause (req->msg);
}

/* Provisioning */

static gboolean
fail_message (MpServer  *self,
              gint64     order_id,
              char     **message)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT p.name FROM order_lines l JOIN products p ON p.id = l.product_id"
                                      " WHERE l.order_id = ? AND p.fail = 1 AND l.target > 0 LIMIT 1");
  gboolean fails = FALSE;

  sqlite3_bind_int64 (stmt, 1, order_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      fails = TRUE;
      *message = g_strdup_printf ("Provisioning of “%s” failed: the vendor system refused the request "
                                  "(this product always fails in the demo marketplace).", mp_db_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  return fails;
}

static gboolean
apply_sales (MpServer      *self,
             sqlite3_stmt  *row,
             gint64        *subscription_id,
             GError       **error)
{
  gint64 order_id = sqlite3_column_int64 (row, COL_ID);
  const char *period_type = mp_db_text (row, COL_PERIOD_TYPE);
  gint64 duration = sqlite3_column_int64 (row, COL_PERIOD_DURATION);
  g_autofree char *created = NULL;
  g_autofree char *expires = NULL;
  sqlite3_stmt *stmt;
  GDate today, end;

  today_date (&today);
  end = today;
  mp_date_add_period (&end, period_type, duration);
  created = mp_date_to_string (&today);
  expires = mp_date_to_string (&end);

  stmt = mp_db_prepare (self->db,
                        "INSERT INTO subscriptions (marketplace, customer_id, reseller_id, plan_id, name, status,"
                        " period_type, period_duration, renewal, created, expires, modified, currency)"
                        " SELECT o.marketplace, o.customer_id, o.reseller_id, o.plan_id,"
                        " tr ('plan', p.id, 'name', p.name, (SELECT language FROM marketplaces WHERE code = o.marketplace)),"
                        " 'active',"
                        " o.period_type, o.period_duration, 1, ?, ?, ?, o.currency"
                        " FROM orders o JOIN plans p ON p.id = o.plan_id WHERE o.id = ?");
  sqlite3_bind_text (stmt, 1, created, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, expires, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, created, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, order_id);
  if (!mp_db_step_done (self->db, stmt, error))
    return FALSE;
  *subscription_id = mp_db_last_id (self->db);

  stmt = mp_db_prepare (self->db,
                        "INSERT INTO subscription_products (subscription_id, product_id, quantity, usage)"
                        " SELECT ?, product_id, target, 0 FROM order_lines WHERE order_id = ? AND target > 0");
  sqlite3_bind_int64 (stmt, 1, *subscription_id);
  sqlite3_bind_int64 (stmt, 2, order_id);
  return mp_db_step_done (self->db, stmt, error);
}

gboolean
mp_server_apply_change_lines (MpServer  *self,
                              gint64     order_id,
                              gint64     subscription_id,
                              GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean is_switch = FALSE;
  g_autofree char *period_type = NULL;
  gint64 plan_id = 0, period_duration = 0;

  /* A switch, applied now or at the renewal: the order carries the target
   * plan and period, different from the subscription's. */
  stmt = mp_db_prepare (self->db,
                        "SELECT o.plan_id, o.period_type, o.period_duration,"
                        " o.plan_id != s.plan_id OR o.period_type != s.period_type"
                        "  OR o.period_duration != s.period_duration"
                        " FROM orders o JOIN subscriptions s ON s.id = ?2 WHERE o.id = ?1");
  sqlite3_bind_int64 (stmt, 1, order_id);
  sqlite3_bind_int64 (stmt, 2, subscription_id);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL
      && sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    {
      plan_id = sqlite3_column_int64 (stmt, 0);
      period_type = g_strdup (mp_db_text (stmt, 1));
      period_duration = sqlite3_column_int64 (stmt, 2);
      is_switch = sqlite3_column_int (stmt, 3) != 0;
    }
  sqlite3_reset (stmt);
  if (is_switch)
    return mp_server_switch_apply (self, order_id, subscription_id, plan_id, period_type, period_duration, error);

  stmt = mp_db_prepare (self->db,
                        "INSERT INTO subscription_products (subscription_id, product_id, quantity, usage)"
                        " SELECT ?1, product_id, target, 0 FROM order_lines WHERE order_id = ?2 AND true"
                        " ON CONFLICT (subscription_id, product_id) DO UPDATE SET quantity = excluded.quantity,"
                        " usage = min (usage, excluded.quantity)");
  sqlite3_bind_int64 (stmt, 1, subscription_id);
  sqlite3_bind_int64 (stmt, 2, order_id);
  return mp_db_step_done (self->db, stmt, error);
}

static gboolean
apply_change (MpServer      *self,
              sqlite3_stmt  *row,
              GError       **error)
{
  return mp_server_apply_change_lines (self, sqlite3_column_int64 (row, COL_ID),
                                       sqlite3_column_int64 (row, COL_SUBSCRIPTION), error);
}

static gboolean
release_subscription (MpServer      *self,
                      sqlite3_stmt  *row,
                      const char    *new_status,
                      GError       **error)
{
  GDate today;
  g_autofree char *modified = NULL;
  sqlite3_stmt *stmt;

  today_date (&today);
  modified = mp_date_to_string (&today);
  stmt = mp_db_prepare (self->db,
                        "UPDATE subscriptions SET pending_order_id = NULL,"
                        " status = coalesce (?1, status), renewal = CASE WHEN ?1 IS NULL THEN renewal ELSE 0 END,"
                        " modified = ?2 WHERE id = ?3 AND (pending_order_id = ?4 OR pending_order_id IS NULL)");
  if (new_status != NULL)
    sqlite3_bind_text (stmt, 1, new_status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, modified, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, sqlite3_column_int64 (row, COL_SUBSCRIPTION));
  sqlite3_bind_int64 (stmt, 4, sqlite3_column_int64 (row, COL_ID));
  return mp_db_step_done (self->db, stmt, error);
}

/* One step of one order, in its own transaction. TRUE if it moved. */
static gboolean
advance_order (MpServer  *self,
               gint64     order_id,
               GError   **error)
{
  sqlite3_stmt *row;
  sqlite3_stmt *stmt;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *type = NULL;
  g_autofree char *error_message = NULL;
  g_autofree char *provisioned = NULL;
  const char *status, *code;
  gint64 step, n_steps = 0, now = now_ms ();
  gint64 subscription_id;
  gboolean final = FALSE;

  if (!mp_db_begin (self->db, error))
    return FALSE;
  row = mp_db_prepare (self->db,
                       "SELECT " ORDER_COLUMNS " FROM orders o WHERE o.id = ? AND o.next_at IS NOT NULL AND o.next_at <= ?");
  sqlite3_bind_int64 (row, 1, order_id);
  sqlite3_bind_int64 (row, 2, now);
  if (sqlite3_step (row) != SQLITE_ROW)
    {
      sqlite3_reset (row);
      mp_db_rollback (self->db);
      return FALSE;
    }
  type = g_strdup (mp_db_text (row, COL_TYPE));
  subscription_id = sqlite3_column_int64 (row, COL_SUBSCRIPTION);
  step = sqlite3_column_int64 (row, COL_STEP) + 1;
  if (json_parser_load_from_data (parser, mp_db_text (row, COL_STEPS), -1, NULL)
      && JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    n_steps = json_array_get_length (json_node_get_array (json_parser_get_root (parser)));
  n_steps = MAX (n_steps, 2);

  if (step == 2 && fail_message (self, order_id, &error_message))
    {
      status = "error";
      code = "PF";
      final = TRUE;
      if (strcmp (type, "sales") != 0 && !release_subscription (self, row, NULL, error))
        goto fail;
    }
  else if (step >= n_steps)
    {
      status = "completed";
      code = "CP";
      final = TRUE;
      provisioned = mp_format_time (mp_server_clock_now ());
      if (strcmp (type, "sales") == 0)
        {
          if (!apply_sales (self, row, &subscription_id, error))
            goto fail;
        }
      else if (strcmp (type, "change") == 0)
        {
          if (!apply_change (self, row, error) || !release_subscription (self, row, NULL, error))
            goto fail;
        }
      else if (strcmp (type, "renewal") == 0)
        {
          if (!mp_server_renew_now (self, subscription_id, error) || !release_subscription (self, row, NULL, error))
            goto fail;
        }
      else if (!release_subscription (self, row, "terminated", error)
               || !mp_server_cancel_scheduled (self, subscription_id,
                                               "The subscription was cancelled before its renewal.", error))
        goto fail;
    }
  else
    {
      status = "processing";
      code = step == 1 ? "AS" : "LO";
    }
  sqlite3_reset (row);

  stmt = mp_db_prepare (self->db,
                        "UPDATE orders SET step = ?, status = ?, status_code = ?, error = ?, provisioned = ?,"
                        " subscription_id = ?, next_at = ?, version = version + 1 WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, step);
  sqlite3_bind_text (stmt, 2, status, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, code, -1, SQLITE_STATIC);
  if (error_message != NULL)
    sqlite3_bind_text (stmt, 4, error_message, -1, SQLITE_STATIC);
  if (provisioned != NULL)
    sqlite3_bind_text (stmt, 5, provisioned, -1, SQLITE_STATIC);
  if (subscription_id > 0)
    sqlite3_bind_int64 (stmt, 6, subscription_id);
  if (!final)
    sqlite3_bind_int64 (stmt, 7, now + self->step_ms);
  sqlite3_bind_int64 (stmt, 8, order_id);
  if (!mp_db_step_done (self->db, stmt, error) || !mp_db_commit (self->db, error))
    goto fail;
  if (final)
    {
      mp_server_forget_counts (self);
      g_debug ("Order %" G_GINT64_FORMAT " %s", order_id, status);
    }
  return TRUE;

fail:
  sqlite3_reset (row);
  mp_db_rollback (self->db);
  return FALSE;
}

static gboolean
on_tick (gpointer data)
{
  MpServer *self = data;
  g_autoptr(GArray) due = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_stmt *stmt;
  guint i;

  self->tick_id = 0;
  self->tick_at = 0;
  stmt = mp_db_prepare (self->db,
                        "SELECT id FROM orders WHERE next_at IS NOT NULL AND next_at <= ? ORDER BY next_at LIMIT 500");
  sqlite3_bind_int64 (stmt, 1, now_ms ());
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (due, id);
    }
  sqlite3_reset (stmt);

  for (i = 0; i < due->len; i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 id = g_array_index (due, gint64, i);

      if (advance_order (self, id, &error))
        wake_waiters (self, id);
      else if (error != NULL)
        g_warning ("Cannot advance order %" G_GINT64_FORMAT ": %s", id, error->message);
    }
  mp_server_schedule_tick (self);
  return G_SOURCE_REMOVE;
}

void
mp_server_schedule_tick (MpServer *self)
{
  sqlite3_stmt *stmt;
  gint64 next = 0;
  gint64 delay;

  if (self->waiters == NULL)
    self->waiters = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                           (GDestroyNotify) g_ptr_array_unref);
  stmt = mp_db_prepare (self->db, "SELECT min (next_at) FROM orders WHERE next_at IS NOT NULL");
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (next == 0)
    return;
  if (self->tick_id != 0 && self->tick_at <= next)
    return;
  g_clear_handle_id (&self->tick_id, g_source_remove);
  delay = CLAMP (next - now_ms (), 0, 60000);
  self->tick_at = next;
  self->tick_id = g_timeout_add ((guint) delay, on_tick, self);
}

/* Placing orders */

static gboolean
load_plan_terms (MpServer        *self,
                 MpResolvedOrder *resolved)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT term_id FROM plan_terms WHERE plan_id = ? ORDER BY position");

  resolved->terms = g_ptr_array_new_with_free_func (g_free);
  sqlite3_bind_int64 (stmt, 1, resolved->plan_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (resolved->terms, g_strdup (mp_db_text (stmt, 0)));
  sqlite3_reset (stmt);
  return TRUE;
}

/* Checks a line against the catalogue: known MPN, in PLAN_ID, quantity in
 * range. Its product id, or 0 after answering.
 */
static gint64
check_line (MpRequest        *req,
            MpResolvedOrder  *resolved,
            MpOrderLineInput *line)
{
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db,
                                      "SELECT id, plan_id, minimum, maximum, name FROM products WHERE mpn = ?");
  gint64 id, plan_id, minimum, maximum;
  g_autofree char *name = NULL;

  sqlite3_bind_text (stmt, 1, line->mpn, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      mp_request_error (req, 400, "The product with MPN “%s” was not found in the catalogue.", line->mpn);
      return 0;
    }
  id = sqlite3_column_int64 (stmt, 0);
  plan_id = sqlite3_column_int64 (stmt, 1);
  minimum = sqlite3_column_int64 (stmt, 2);
  maximum = sqlite3_column_int64 (stmt, 3);
  name = g_strdup (mp_db_text (stmt, 4));
  sqlite3_reset (stmt);
  if (resolved->plan_id != 0 && plan_id != resolved->plan_id)
    {
      mp_request_error (req, 400, "The product with MPN “%s” is not part of service plan #%" G_GINT64_FORMAT ".",
                        line->mpn, resolved->plan_id);
      return 0;
    }
  resolved->plan_id = plan_id;
  if (line->quantity < minimum || line->quantity > maximum)
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_QUANTITY, line->mpn,
                         "The quantity of “%s” (%s) must be between %" G_GINT64_FORMAT " and %" G_GINT64_FORMAT
                         "; %" G_GINT64_FORMAT " was requested.",
                         name, line->mpn, minimum, maximum, line->quantity);
      return 0;
    }
  return id;
}

static void
add_step (MpResolvedOrder *resolved,
          char            *name)
{
  guint i;

  for (i = 0; i < resolved->steps->len; i++)
    if (strcmp (g_ptr_array_index (resolved->steps, i), name) == 0)
      {
        g_free (name);
        return;
      }
  g_ptr_array_add (resolved->steps, name);
}

static MpResolvedOrder *
resolve_sales (MpRequest       *req,
               MpOrderInput    *input,
               MpResolvedOrder *resolved)
{
  MpServer *self = req->server;
  sqlite3_stmt *stmt;
  g_autofree char *audience = NULL;
  gboolean found = FALSE;
  guint i;

  /* The plan: named, or the plan of the first MPN. */
  if (resolved->plan_id == 0 && input->lines->len > 0)
    {
      MpOrderLineInput *first = g_ptr_array_index (input->lines, 0);

      stmt = mp_db_prepare (self->db, "SELECT plan_id FROM products WHERE mpn = ?");
      sqlite3_bind_text (stmt, 1, first->mpn, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        resolved->plan_id = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (resolved->plan_id == 0)
        {
          mp_request_error (req, 400, "The product with MPN “%s” was not found in the catalogue.", first->mpn);
          return NULL;
        }
    }
  stmt = mp_db_prepare (self->db, "SELECT audience FROM plans WHERE id = ? AND published = 1");
  sqlite3_bind_int64 (stmt, 1, resolved->plan_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      audience = g_strdup (mp_db_text (stmt, 0));
    }
  sqlite3_reset (stmt);
  if (!found)
    {
      mp_request_error (req, 404, "No entity has been found: service plan #%" G_GINT64_FORMAT ".", resolved->plan_id);
      return NULL;
    }
  if (self->extensions && req->who == MP_PRINCIPAL_CUSTOMER && strcmp (audience, "reseller") == 0)
    {
      mp_request_refuse (req, 403, MP_SERVER_REFUSAL_PLAN, NULL,
                         "Service plan #%" G_GINT64_FORMAT " is sold to resellers only.", resolved->plan_id);
      return NULL;
    }

  /* The term: named, or the plan's first. */
  stmt = mp_db_prepare (self->db,
                        "SELECT type, duration FROM plan_periods WHERE plan_id = ?1"
                        " AND (?2 IS NULL OR (type = ?2 AND duration = ?3)) ORDER BY position LIMIT 1");
  sqlite3_bind_int64 (stmt, 1, resolved->plan_id);
  if (input->period_type != NULL)
    {
      sqlite3_bind_text (stmt, 2, input->period_type, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, input->period_duration);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      resolved->period_type = g_strdup (mp_db_text (stmt, 0));
      resolved->period_duration = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (resolved->period_type == NULL)
    {
      if (input->period_type != NULL)
        mp_request_refuse (req, 400, MP_SERVER_REFUSAL_PERIOD, NULL,
                           "Service plan #%" G_GINT64_FORMAT " does not offer a %" G_GINT64_FORMAT " %s term.",
                           resolved->plan_id, input->period_duration, input->period_type);
      else
        mp_request_refuse (req, 400, MP_SERVER_REFUSAL_PERIOD, NULL,
                           "Service plan #%" G_GINT64_FORMAT " offers no subscription period.", resolved->plan_id);
      return NULL;
    }

  /* Lines: as given, then every other product of the plan at its minimum. */
  for (i = 0; i < input->lines->len; i++)
    {
      MpPriceItem item = { 0 };

      item.product_id = check_line (req, resolved, g_ptr_array_index (input->lines, i));
      if (item.product_id == 0)
        return NULL;
      item.new_quantity = ((MpOrderLineInput *) g_ptr_array_index (input->lines, i))->quantity;
      g_array_append_val (resolved->items, item);
    }
  stmt = mp_db_prepare (self->db, "SELECT id, minimum FROM products WHERE plan_id = ? AND minimum > 0 ORDER BY position");
  sqlite3_bind_int64 (stmt, 1, resolved->plan_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      MpPriceItem item = { 0 };
      gboolean listed = FALSE;
      guint j;

      item.product_id = sqlite3_column_int64 (stmt, 0);
      item.new_quantity = sqlite3_column_int64 (stmt, 1);
      for (j = 0; j < resolved->items->len; j++)
        listed |= g_array_index (resolved->items, MpPriceItem, j).product_id == item.product_id;
      if (!listed)
        g_array_append_val (resolved->items, item);
    }
  sqlite3_reset (stmt);

  g_ptr_array_add (resolved->steps, g_strdup ("Checking the order"));
  g_ptr_array_add (resolved->steps, g_strdup ("Creating the subscription"));
  stmt = mp_db_prepare (self->db,
                        "SELECT rc.name FROM products p JOIN resource_categories rc ON rc.id = p.resource_category_id"
                        " WHERE p.id = ?");
  for (i = 0; i < resolved->items->len; i++)
    {
      MpPriceItem *item = &g_array_index (resolved->items, MpPriceItem, i);

      if (item->new_quantity <= 0)
        continue;
      sqlite3_bind_int64 (stmt, 1, item->product_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        add_step (resolved, g_strdup_printf ("Setting up %s", mp_db_text (stmt, 0)));
      sqlite3_reset (stmt);
    }
  g_ptr_array_add (resolved->steps, g_strdup ("Activating"));
  load_plan_terms (self, resolved);
  return resolved;
}

static gboolean
check_pending (MpRequest  *req,
               gint64      subscription_id,
               const char *type)
{
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db,
                                      "SELECT number, status_code, type FROM orders WHERE subscription_id = ?"
                                      " AND status IN ('submitted', 'processing')"
                                      " AND id NOT IN (SELECT order_id FROM scheduled_orders) ORDER BY id LIMIT 1");
  gboolean free_to_go = TRUE;

  sqlite3_bind_int64 (stmt, 1, subscription_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      free_to_go = FALSE;
      if (strcmp (mp_db_text (stmt, 2), "change") == 0 && strcmp (type, "change") == 0)
        mp_request_refuse (req, 409, MP_SERVER_REFUSAL_PENDING_CHANGE, mp_db_text (stmt, 0),
                           "Cannot Upgrade/Downgrade Resources for Subscription #%" G_GINT64_FORMAT ": there is already "
                           "an Upgrade/Downgrade Order #%s in status %s(%s). This order prohibits placing an order of "
                           "the same order type (per subscription).",
                           subscription_id, mp_db_text (stmt, 0), status_text (mp_db_text (stmt, 1)),
                           mp_db_text (stmt, 1));
      else
        mp_request_refuse (req, 409, MP_SERVER_REFUSAL_PENDING_CHANGE, mp_db_text (stmt, 0),
                           "Cannot place a %s order for Subscription #%" G_GINT64_FORMAT ": Order #%s is in status %s(%s).",
                           type, subscription_id, mp_db_text (stmt, 0), status_text (mp_db_text (stmt, 1)),
                           mp_db_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  return free_to_go;
}

/* A change scheduled for the renewal (scheduledOn): the subscription must
 * renew and have no other scheduled change. Sets the scheduled date (the
 * renewal date, EXPIRES). FALSE after answering 4xx.
 */
static gboolean
check_schedulable (MpRequest       *req,
                   MpResolvedOrder *resolved,
                   const GDate     *expires)
{
  MpServer *self = req->server;
  gint64 scheduled = mp_server_scheduled_order_id (self, resolved->subscription_id);
  gboolean renews = FALSE;
  sqlite3_stmt *stmt;

  stmt = mp_db_prepare (self->db, "SELECT renewal FROM subscriptions WHERE id = ?");
  sqlite3_bind_int64 (stmt, 1, resolved->subscription_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    renews = sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  g_free (resolved->scheduled_date);
  resolved->scheduled_date = mp_date_to_string (expires);
  if (!renews)
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_NOT_RENEWING, resolved->scheduled_date,
                         "Subscription #%" G_GINT64_FORMAT " does not renew: its renewal is turned off, so it "
                         "ends on %s and a change cannot be scheduled for its renewal.",
                         resolved->subscription_id, resolved->scheduled_date);
      return FALSE;
    }
  if (scheduled != 0)
    {
      mp_request_refuse (req, 409, MP_SERVER_REFUSAL_PENDING_CHANGE, NULL,
                         "Subscription #%" G_GINT64_FORMAT " already has a change scheduled for its renewal "
                         "(order #%" G_GINT64_FORMAT "); cancel it first.",
                         resolved->subscription_id, scheduled);
      return FALSE;
    }
  return TRUE;
}

static MpResolvedOrder *
resolve_change (MpRequest       *req,
                MpOrderInput    *input,
                MpResolvedOrder *resolved,
                GDate           *expires)
{
  MpServer *self = req->server;
  sqlite3_stmt *stmt;
  g_autofree char *status = NULL;
  gint64 customer_id = 0, reseller_id = 0;
  gboolean change = strcmp (input->type, "change") == 0;
  gboolean renewal = strcmp (input->type, "renewal") == 0;
  gboolean any = FALSE;
  guint i;

  resolved->subscription_id = input->subscription_id;
  stmt = mp_db_prepare (self->db,
                        "SELECT customer_id, reseller_id, plan_id, period_type, period_duration, status, expires"
                        " FROM subscriptions WHERE id = ? AND marketplace = ?");
  sqlite3_bind_int64 (stmt, 1, resolved->subscription_id);
  sqlite3_bind_text (stmt, 2, req->marketplace, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      customer_id = sqlite3_column_int64 (stmt, 0);
      reseller_id = sqlite3_column_int64 (stmt, 1);
      resolved->plan_id = sqlite3_column_int64 (stmt, 2);
      resolved->period_type = g_strdup (mp_db_text (stmt, 3));
      resolved->period_duration = sqlite3_column_int64 (stmt, 4);
      status = g_strdup (mp_db_text (stmt, 5));
      g_date_clear (expires, 1);
      g_date_set_parse (expires, mp_db_text (stmt, 6));
    }
  sqlite3_reset (stmt);
  if (status == NULL
      || (req->who == MP_PRINCIPAL_RESELLER ? reseller_id != req->account_id : customer_id != req->account_id))
    {
      mp_request_error (req, 404, "No entity has been found: subscription #%" G_GINT64_FORMAT ".", resolved->subscription_id);
      return NULL;
    }
  if (resolved->customer_id != 0 && resolved->customer_id != customer_id)
    {
      mp_request_error (req, 400, "Subscription #%" G_GINT64_FORMAT " does not belong to customer #%" G_GINT64_FORMAT ".",
                        resolved->subscription_id, resolved->customer_id);
      return NULL;
    }
  resolved->customer_id = customer_id;
  resolved->reseller_id = reseller_id;
  if (strcmp (status, "active") != 0)
    {
      mp_request_error (req, 400, "Subscription #%" G_GINT64_FORMAT " is %s; only an active subscription can be changed.",
                        resolved->subscription_id, status);
      return NULL;
    }
  if (change
      && ((input->plan_id != 0 && input->plan_id != resolved->plan_id)
          || (input->period_type != NULL
              && (strcmp (input->period_type, resolved->period_type) != 0
                  || input->period_duration != resolved->period_duration))))
    {
      /* A plan or period switch (mp-server-switch.c) */
      MpSwitchTarget target = { 0 };

      if (!g_date_valid (expires))
        today_date (expires);
      if (!check_pending (req, resolved->subscription_id, input->type))
        return NULL;
      target.subscription_id = resolved->subscription_id;
      target.plan_id = resolved->plan_id;
      target.period_type = g_steal_pointer (&resolved->period_type);
      target.period_duration = resolved->period_duration;
      target.expires = *expires;
      target.items = resolved->items;
      if (!mp_server_switch_resolve (req, input, &target))
        {
          g_free (target.period_type);
          return NULL;
        }
      resolved->plan_id = target.plan_id;
      resolved->period_type = target.period_type;
      resolved->period_duration = target.period_duration;
      resolved->charges = target.charges;
      resolved->switch_when = target.when_effective;
      /* Applied at the renewal: asked for (Apply at Renewal), or the
       * switch takes effect later anyway. Nothing is due now; the renewal
       * charges the new plan's term. */
      if (input->scheduled || g_strcmp0 (target.when_effective, "immediately") != 0)
        {
          if (!check_schedulable (req, resolved, expires))
            return NULL;
          /* The new monthly price stays; no line is charged now. */
          g_ptr_array_set_size (resolved->charges->lines, 0);
          resolved->charges->total = 0;
        }
      g_ptr_array_add (resolved->steps, g_strdup ("Checking the order"));
      g_ptr_array_add (resolved->steps, g_strdup ("Switching the plan"));
      g_ptr_array_add (resolved->steps, g_strdup ("Activating"));
      return resolved;
    }
  if (input->period_type != NULL
      && (strcmp (input->period_type, resolved->period_type) != 0 || input->period_duration != resolved->period_duration))
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_PERIOD, NULL,
                         "Changing the subscription period is not supported; the subscription has a %"
                         G_GINT64_FORMAT " %s term.", resolved->period_duration, resolved->period_type);
      return NULL;
    }
  if (!g_date_valid (expires))
    today_date (expires);
  if (!check_pending (req, resolved->subscription_id, input->type))
    return NULL;
  if (input->scheduled)
    {
      if (!check_schedulable (req, resolved, expires))
        return NULL;
      /* Charged from the renewal date for a full term. */
      resolved->charged_from = *expires;
      mp_date_add_period (expires, resolved->period_type, resolved->period_duration);
    }

  if (renewal)
    {
      if (!mp_server_allows_manual_renewal (self, resolved->plan_id))
        {
          g_autofree char *plan = g_strdup_printf ("%" G_GINT64_FORMAT, resolved->plan_id);

          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_MANUAL_RENEWAL, plan,
                             "Subscription #%" G_GINT64_FORMAT " cannot be renewed by an order: its plan "
                             "#%" G_GINT64_FORMAT " renews it at the end of its term only.",
                             resolved->subscription_id, resolved->plan_id);
          return NULL;
        }
      /* The next term, at today's prices of what the subscription has. */
      mp_server_renewal_items (self, resolved->subscription_id, resolved->items);
      resolved->charged_from = *expires;
      g_date_clear (expires, 1);
      g_ptr_array_add (resolved->steps, g_strdup ("Checking the order"));
      g_ptr_array_add (resolved->steps, g_strdup ("Renewing the subscription"));
      return resolved;
    }

  if (!change)
    {
      g_autofree char *expires_text = mp_date_to_string (expires);
      MpCancellationRules rules;
      GDate today;
      gboolean full, prorated;

      today_date (&today);
      mp_server_cancellation_rules (self, resolved->plan_id, resolved->period_type, resolved->period_duration,
                                    expires_text, &rules);
      full = rules.has_refund_window && g_date_compare (&today, &rules.refund_until) <= 0;
      if (!full && strcmp (rules.after, "refused") == 0)
        {
          g_autofree char *until = mp_date_to_string (&rules.refund_until);

          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_CANCELLATION_WINDOW, until,
                             "Subscription #%" G_GINT64_FORMAT " can no longer be cancelled: its plan allows a "
                             "cancellation only until %s, %" G_GINT64_FORMAT " days after the purchase or renewal. "
                             "Turn off its renewal instead.",
                             resolved->subscription_id, until, rules.refund_days);
          return NULL;
        }
      prorated = !full && strcmp (rules.after, "prorated") == 0;
      if (full || prorated)
        {
          /* The refund: every product taken to 0 */
          stmt = mp_db_prepare (self->db, "SELECT product_id, quantity FROM subscription_products"
                                          " WHERE subscription_id = ? ORDER BY product_id");
          sqlite3_bind_int64 (stmt, 1, resolved->subscription_id);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            {
              MpPriceItem item = { 0 };

              item.product_id = sqlite3_column_int64 (stmt, 0);
              item.old_quantity = sqlite3_column_int64 (stmt, 1);
              g_array_append_val (resolved->items, item);
            }
          sqlite3_reset (stmt);
        }
      if (full)
        resolved->charged_from = rules.term_start;
      g_ptr_array_add (resolved->steps, g_strdup ("Checking the order"));
      g_ptr_array_add (resolved->steps, g_strdup ("Stopping the services"));
      g_ptr_array_add (resolved->steps, g_strdup ("Cancelling the subscription"));
      return resolved;
    }

  for (i = 0; i < input->lines->len; i++)
    {
      MpOrderLineInput *line = g_ptr_array_index (input->lines, i);
      MpPriceItem item = { 0 };

      item.product_id = check_line (req, resolved, line);
      if (item.product_id == 0)
        return NULL;
      item.new_quantity = line->quantity;
      stmt = mp_db_prepare (self->db,
                            "SELECT sp.quantity, sp.usage, p.one_time, p.name FROM subscription_products sp"
                            " JOIN products p ON p.id = sp.product_id"
                            " WHERE sp.subscription_id = ? AND sp.product_id = ?");
      sqlite3_bind_int64 (stmt, 1, resolved->subscription_id);
      sqlite3_bind_int64 (stmt, 2, item.product_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 usage = sqlite3_column_int64 (stmt, 1);

          item.old_quantity = sqlite3_column_int64 (stmt, 0);
          /* A cut below what is in use, except of a one-time service
           * (its usage is not tracked): refused.
           */
          if (item.new_quantity < item.old_quantity && item.new_quantity < usage
              && sqlite3_column_int (stmt, 2) == 0)
            {
              mp_request_refuse (req, 400, MP_SERVER_REFUSAL_BELOW_USAGE, line->mpn,
                                 "The limit of “%s” (%s) cannot be set to %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT
                                 " are in use. Set at least %" G_GINT64_FORMAT ".",
                                 mp_db_text (stmt, 3), line->mpn, item.new_quantity, usage,
                                 MIN (usage, item.old_quantity));
              sqlite3_reset (stmt);
              return NULL;
            }
        }
      sqlite3_reset (stmt);
      any |= item.old_quantity != item.new_quantity;
      g_array_append_val (resolved->items, item);
    }
  if (!any)
    {
      mp_request_error (req, 400, "The order changes nothing: every quantity equals the current limit.");
      return NULL;
    }
  g_ptr_array_add (resolved->steps, g_strdup ("Checking the order"));
  g_ptr_array_add (resolved->steps, g_strdup ("Changing resource limits"));
  g_ptr_array_add (resolved->steps, g_strdup ("Activating"));
  return resolved;
}

/* Resolves and checks an order body. NULL after answering 4xx. */
static MpResolvedOrder *
resolve_order (MpRequest    *req,
               MpOrderInput *input,
               gboolean      for_estimate)
{
  MpServer *self = req->server;
  g_autoptr(MpResolvedOrder) resolved = g_new0 (MpResolvedOrder, 1);
  g_autoptr(GError) error = NULL;
  GDate today, expires;
  gboolean is_sales = strcmp (input->type, "sales") == 0;

  resolved->type = input->type;
  resolved->items = g_array_new (FALSE, TRUE, sizeof (MpPriceItem));
  resolved->steps = g_ptr_array_new_with_free_func (g_free);
  resolved->plan_id = input->plan_id;
  g_date_clear (&resolved->charged_from, 1);
  today_date (&today);
  g_date_clear (&expires, 1);

  /* The customer */
  if (req->who == MP_PRINCIPAL_CUSTOMER)
    {
      if (input->customer_id != 0 && input->customer_id != req->account_id)
        {
          mp_request_error (req, 404, "No entity has been found: customer #%" G_GINT64_FORMAT ".", input->customer_id);
          return NULL;
        }
      resolved->customer_id = req->account_id;
      resolved->reseller_id = req->reseller_id;
    }
  else if (input->customer_id != 0)
    {
      if (!mp_request_can_see (req, input->customer_id))
        {
          mp_request_error (req, 404, "No entity has been found: customer #%" G_GINT64_FORMAT ".", input->customer_id);
          return NULL;
        }
      resolved->customer_id = input->customer_id;
      resolved->reseller_id = req->account_id;
    }
  else if (is_sales)
    {
      mp_request_error (req, 400, "The field “customerId” is required.");
      return NULL;
    }
  else
    resolved->customer_id = 0; /* taken from the subscription */

  if (is_sales)
    {
      if (resolve_sales (req, input, resolved) == NULL)
        return NULL;
    }
  else if (resolve_change (req, input, resolved, &expires) == NULL)
    return NULL;

  /* Terms and conditions (extension), not needed for an estimate */
  if (is_sales && self->extensions && !for_estimate)
    {
      g_autoptr(GString) missing = g_string_new (NULL);
      const char *first_missing = NULL;
      guint i;

      for (i = 0; i < resolved->terms->len; i++)
        {
          const char *term = g_ptr_array_index (resolved->terms, i);

          if (!g_strv_contains ((const char * const *) input->accepted_terms, term))
            {
              if (first_missing == NULL)
                first_missing = term;
              g_string_append_printf (missing, "%s%s", missing->len > 0 ? ", " : "", term);
            }
        }
      if (missing->len > 0)
        {
          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_TERMS, first_missing,
                             "The terms and conditions must be accepted before ordering: %s. "
                             "List them in “acceptedTerms”.", missing->str);
          return NULL;
        }
    }

  if (resolved->charges != NULL)
    return g_steal_pointer (&resolved);
  resolved->charges = mp_pricing_compute (self->db, req->currency, resolved->period_type, resolved->period_duration,
                                       resolved->type, resolved->items,
                                       g_date_valid (&resolved->charged_from) ? &resolved->charged_from : &today,
                                       g_date_valid (&expires) ? &expires : NULL,
                                       &error);
  if (resolved->charges == NULL)
    {
      mp_request_error (req, 400, "%s", error->message);
      return NULL;
    }
  return g_steal_pointer (&resolved);
}

static char *
steps_json (GPtrArray *steps)
{
  MpJsonWriter writer;
  gsize length;
  guint i;

  mp_json_writer_init (&writer);
  mp_json_begin_array (&writer);
  for (i = 0; i < steps->len; i++)
    mp_json_string (&writer, g_ptr_array_index (steps, i));
  mp_json_end_array (&writer);
  return mp_json_writer_steal (&writer, &length);
}

static char *
terms_json (MpResolvedOrder *resolved)
{
  MpJsonWriter writer;
  gsize length;
  guint i;

  mp_json_writer_init (&writer);
  mp_json_begin_array (&writer);
  for (i = 0; resolved->terms != NULL && i < resolved->terms->len; i++)
    mp_json_string (&writer, g_ptr_array_index (resolved->terms, i));
  mp_json_end_array (&writer);
  return mp_json_writer_steal (&writer, &length);
}

static gint64
insert_order (MpRequest        *req,
              MpOrderInput     *input,
              MpResolvedOrder  *resolved,
              const char       *idem_key,
              const char       *digest,
              GError          **error)
{
  MpServer *self = req->server;
  g_autofree char *steps = steps_json (resolved->steps);
  g_autofree char *terms = terms_json (resolved);
  g_autofree char *created = NULL;
  const char *prefix;
  sqlite3_stmt *stmt;
  gint64 order_id, now = now_ms ();
  guint i, j;

  prefix = strcmp (resolved->type, "sales") == 0 ? "SO" : strcmp (resolved->type, "change") == 0 ? "CH"
           : strcmp (resolved->type, "renewal") == 0 ? "RN" : "CL";
  created = mp_format_time (mp_server_clock_now ());
  stmt = mp_db_prepare (self->db,
                        "INSERT INTO orders (id, marketplace, number, type, customer_id, reseller_id, plan_id,"
                        " subscription_id, period_type, period_duration, status, status_code, po_number, created,"
                        " created_ms, total, monthly, currency, step, steps, next_at, idem_key, idem_digest,"
                        " accepted_terms)"
                        " VALUES ((SELECT max (coalesce (max (id), 0), 7000000) + 1 FROM orders),"
                        " ?, '', ?, ?, ?, ?, ?, ?, ?, 'submitted', 'NW', ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, req->marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, resolved->type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, resolved->customer_id);
  sqlite3_bind_int64 (stmt, 4, resolved->reseller_id);
  sqlite3_bind_int64 (stmt, 5, resolved->plan_id);
  if (resolved->subscription_id > 0)
    sqlite3_bind_int64 (stmt, 6, resolved->subscription_id);
  sqlite3_bind_text (stmt, 7, resolved->period_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 8, resolved->period_duration);
  if (input->po_number != NULL)
    sqlite3_bind_text (stmt, 9, input->po_number, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, created, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 11, now);
  sqlite3_bind_int64 (stmt, 12, resolved->charges->total);
  sqlite3_bind_int64 (stmt, 13, resolved->charges->monthly);
  sqlite3_bind_text (stmt, 14, req->currency, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 15, steps, -1, SQLITE_STATIC);
  /* A scheduled change waits for the renewal, not for the tick. */
  if (resolved->scheduled_date == NULL)
    sqlite3_bind_int64 (stmt, 16, now + self->step_ms);
  if (idem_key != NULL)
    {
      sqlite3_bind_text (stmt, 17, idem_key, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 18, digest, -1, SQLITE_STATIC);
    }
  sqlite3_bind_text (stmt, 19, terms, -1, SQLITE_STATIC);
  if (!mp_db_step_done (self->db, stmt, error))
    return 0;
  order_id = mp_db_last_id (self->db);

  stmt = mp_db_prepare (self->db, "UPDATE orders SET number = ? || substr ('000000' || ?, -6) WHERE id = ?");
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, order_id % 1000000);
  sqlite3_bind_int64 (stmt, 3, order_id);
  if (!mp_db_step_done (self->db, stmt, error))
    return 0;

  /* SimpleAPI: a renewal order carries no products, only its charges. */
  for (i = 0; strcmp (resolved->type, "renewal") != 0 && i < resolved->items->len; i++)
    {
      MpPriceItem *item = &g_array_index (resolved->items, MpPriceItem, i);
      gint64 extended = 0;

      for (j = 0; j < resolved->charges->lines->len; j++)
        {
          MpChargeLine *line = g_ptr_array_index (resolved->charges->lines, j);

          if (line->product_id == item->product_id)
            extended += line->extended;
        }
      stmt = mp_db_prepare (self->db,
                            "INSERT INTO order_lines (order_id, position, product_id, quantity, target, extended)"
                            " VALUES (?, ?, ?, ?, ?, ?)");
      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int (stmt, 2, (int) i);
      sqlite3_bind_int64 (stmt, 3, item->product_id);
      /* SimpleAPI: a scheduled order's quantity is the target total. */
      sqlite3_bind_int64 (stmt, 4, resolved->scheduled_date != NULL ? item->new_quantity
                                   : item->new_quantity - item->old_quantity);
      sqlite3_bind_int64 (stmt, 5, item->new_quantity);
      sqlite3_bind_int64 (stmt, 6, extended);
      if (!mp_db_step_done (self->db, stmt, error))
        return 0;
    }
  if (!mp_charges_store (resolved->charges, self->db, order_id, error))
    return 0;
  if (resolved->scheduled_date != NULL)
    {
      if (!mp_server_schedule_order (self, order_id, resolved->subscription_id, resolved->scheduled_date, error))
        return 0;
    }
  else if (resolved->subscription_id > 0)
    {
      stmt = mp_db_prepare (self->db, "UPDATE subscriptions SET pending_order_id = ? WHERE id = ?");
      sqlite3_bind_int64 (stmt, 1, order_id);
      sqlite3_bind_int64 (stmt, 2, resolved->subscription_id);
      if (!mp_db_step_done (self->db, stmt, error))
        return 0;
    }
  return order_id;
}

static void
place_order (MpRequest *req)
{
  MpServer *self = req->server;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *key = self->extensions ? soup_message_headers_get_one (headers, "Idempotency-Key") : NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MpOrderInput) input = NULL;
  g_autoptr(MpResolvedOrder) resolved = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *digest = NULL;
  g_autofree char *scoped_key = NULL;
  sqlite3_stmt *row;
  gint64 order_id;

  body = mp_request_body (req);
  if (body == NULL)
    return;
  if (key != NULL)
    {
      SoupMessageBody *raw = soup_server_message_get_request_body (req->msg);
      g_autoptr(GBytes) bytes = soup_message_body_flatten (raw);
      sqlite3_stmt *stmt;
      gint64 existing = 0;
      gboolean same = FALSE;

      if (*key == '\0' || strlen (key) > MAX_IDEMPOTENCY_KEY)
        {
          mp_request_error (req, 400, "The Idempotency-Key header must have 1 to %d characters.", MAX_IDEMPOTENCY_KEY);
          return;
        }
      digest = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
      scoped_key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", req->account_id, key);
      stmt = mp_db_prepare (self->db, "SELECT id, idem_digest FROM orders WHERE marketplace = ? AND idem_key = ?");
      sqlite3_bind_text (stmt, 1, req->marketplace, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, scoped_key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          existing = sqlite3_column_int64 (stmt, 0);
          same = strcmp (mp_db_text (stmt, 1), digest) == 0;
        }
      sqlite3_reset (stmt);
      if (existing != 0 && !same)
        {
          mp_request_error (req, 422, "The Idempotency-Key “%s” was already used with a different request body.", key);
          return;
        }
      if (existing != 0)
        {
          row = find_order (self, existing, req->marketplace, req->who, req->account_id);
          if (row == NULL)
            {
              mp_request_error (req, 422, "The Idempotency-Key “%s” was already used.", key);
              return;
            }
          soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                        "Idempotency-Replayed", "true");
          reply_order_row (req, row, 0);
          return;
        }
    }

  input = mp_order_input_parse (body, &error);
  if (input == NULL)
    {
      mp_request_gerror (req, error);
      return;
    }
  resolved = resolve_order (req, input, FALSE);
  if (resolved == NULL)
    return;

  if (!mp_db_begin (self->db, &error))
    {
      mp_request_error (req, 500, "%s", error->message);
      return;
    }
  order_id = insert_order (req, input, resolved, scoped_key, digest, &error);
  if (order_id == 0 || !mp_db_commit (self->db, &error))
    {
      mp_db_rollback (self->db);
      mp_request_error (req, 500, "The order could not be stored: %s", error ? error->message : "unknown error");
      return;
    }
  mp_server_schedule_tick (self);
  if (resolved->subscription_id > 0)
    mp_server_forget_counts (self);

  row = find_order (self, order_id, req->marketplace, req->who, req->account_id);
  if (row == NULL)
    {
      mp_request_error (req, 500, "The order vanished after it was stored.");
      return;
    }
  reply_order_row (req, row, 0);
}

static gboolean
valid_time (MpRequest   *req,
            const char  *name,
            char       **normalised)
{
  const char *text = mp_request_query (req, name);
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();

  *normalised = NULL;
  if (text == NULL)
    return TRUE;
  dt = g_date_time_new_from_iso8601 (text, utc);
  if (dt == NULL)
    {
      mp_request_error (req, 400, "The parameter “%s” takes a date-time such as 2026-11-24T10:00:00Z.", name);
      return FALSE;
    }
  *normalised = mp_format_time (g_date_time_to_unix (dt));
  return TRUE;
}

/* The orders' kept list rows (mp-server-row-cache.h): an order's row is
 * written from these tables only (tr () reads the marketplace's language).
 */
#define MP_ORDER_ROWS_BYTES (32 * 1024 * 1024)

static const char * const order_row_tables[] = {
  "orders", "order_lines", "products", "plans", "scheduled_orders", "translations", "marketplaces",
};

static MpRowCache *
order_rows (MpServer *self)
{
  if (self->order_rows == NULL)
    self->order_rows = mp_row_cache_new (order_row_tables, G_N_ELEMENTS (order_row_tables), MP_ORDER_ROWS_BYTES);
  return self->order_rows;
}

/* An orders list's filter, bound to its statements. */
typedef struct
{
  const char *marketplace;
  gint64      me;
  gint64      customer;
  gint64      subscription;
  const char *number;
  const char *status;
  const char *code;
  const char *from;
  const char *to;
  const char *scoped_key;
} OrderFilter;

static void
bind_order_filter (sqlite3_stmt      *stmt,
                   const OrderFilter *filter)
{
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":market"), filter->marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":me"), filter->me);
  if (filter->customer != 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":customer"), filter->customer);
  if (filter->subscription != 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":subscription"), filter->subscription);
  mp_db_bind_text (stmt, ":number", filter->number);
  mp_db_bind_text (stmt, ":status", filter->status);
  mp_db_bind_text (stmt, ":code", filter->code);
  mp_db_bind_text (stmt, ":from", filter->from);
  mp_db_bind_text (stmt, ":to", filter->to);
  mp_db_bind_text (stmt, ":key", filter->scoped_key);
}

/* Every id of an orders list, in its order, kept per filter until orders
 * are next written (SQLite's update-hook count), so that a page is its
 * slice and its total the count, without a statement: [0] the orders
 * table's change count, [1 ...] the ids. At most MP_ORDER_LISTS lists and
 * MP_ORDER_ID_BYTES of ids; past either, all are dropped.
 */
#define MP_ORDER_LISTS 512
#define MP_ORDER_ID_BYTES (32 * 1024 * 1024)

static GArray *
order_ids (MpServer   *self,
           const char *key)
{
  GArray *ids = g_hash_table_lookup (self->order_ids, key);

  if (ids != NULL && g_array_index (ids, gint64, 0) == (gint64) mp_db_table_changes (self->db, "orders"))
    return ids;
  return NULL;
}

/* Reads the ids of STMT (bound) and keeps them as KEY's list. */
static GArray *
keep_order_ids (MpServer     *self,
                const char   *key,
                sqlite3_stmt *stmt)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GArray *old = g_hash_table_lookup (self->order_ids, key);
  gint64 changes = (gint64) mp_db_table_changes (self->db, "orders");

  g_array_append_val (ids, changes);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  sqlite3_reset (stmt);
  if (old != NULL)
    {
      self->order_id_bytes -= old->len * sizeof (gint64);
      g_hash_table_remove (self->order_ids, key);
    }
  if (g_hash_table_size (self->order_ids) >= MP_ORDER_LISTS
      || self->order_id_bytes + ids->len * sizeof (gint64) > MP_ORDER_ID_BYTES)
    {
      g_hash_table_remove_all (self->order_ids);
      self->order_id_bytes = 0;
    }
  self->order_id_bytes += ids->len * sizeof (gint64);
  g_hash_table_replace (self->order_ids, g_strdup (key), ids);
  return ids;
}

static void
list_orders (MpRequest *req,
             gint64     reseller_id)
{
  MpServer *self = req->server;
  g_autoptr(GString) where = g_string_new (" WHERE o.marketplace = :market");
  g_autofree char *ids_sql = NULL;
  g_autofree char *list_sql = NULL;
  g_autofree char *list_key = NULL;
  GArray *ids;
  OrderFilter filter;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *scoped_key = NULL;
  const char *number = reseller_id == 0 ? mp_request_query (req, "orderNumber") : NULL;
  const char *status = mp_request_query (req, "status");
  const char *code = reseller_id == 0 ? mp_request_query (req, "statusCode") : NULL;
  const char *key = self->extensions ? mp_request_query (req, "idempotencyKey") : NULL;
  gint64 customer = 0, subscription = 0;
  sqlite3_stmt *stmt;
  MpJsonWriter writer;
  gint64 offset, limit, total = 0;

  if (reseller_id != 0 && (req->who != MP_PRINCIPAL_RESELLER || reseller_id != req->account_id))
    {
      mp_request_error (req, 404, "No entity has been found: reseller #%" G_GINT64_FORMAT ".", reseller_id);
      return;
    }
  if (!mp_request_paging (req, &offset, &limit)
      || !mp_request_id_param (req, "customerId", &customer)
      || !mp_request_id_param (req, "subscriptionId", &subscription)
      || !valid_time (req, "creationTimeFrom", &from)
      || !valid_time (req, "creationTimeTo", &to))
    return;
  if (status != NULL && strcmp (status, "submitted") != 0 && strcmp (status, "processing") != 0
      && strcmp (status, "completed") != 0 && strcmp (status, "error") != 0 && strcmp (status, "cancelled") != 0)
    {
      mp_request_error (req, 400, "The parameter “status” must be submitted, processing, completed, error or cancelled.");
      return;
    }

  if (req->who == MP_PRINCIPAL_RESELLER)
    g_string_append (where, " AND o.reseller_id = :me");
  else
    g_string_append (where, " AND o.customer_id = :me");
  if (customer != 0)
    g_string_append (where, " AND o.customer_id = :customer");
  if (subscription != 0)
    g_string_append (where, " AND o.subscription_id = :subscription");
  if (number != NULL)
    g_string_append (where, " AND o.number = :number");
  if (status != NULL)
    g_string_append (where, " AND o.status = :status");
  if (code != NULL)
    g_string_append (where, " AND o.status_code = :code");
  /* "+": read from the covering index in the list's order (created_ms,
   * id), not through the created index, which would sort the matches */
  if (from != NULL)
    g_string_append (where, " AND +o.created >= :from");
  if (to != NULL)
    g_string_append (where, " AND +o.created <= :to");
  if (key != NULL)
    {
      g_string_append (where, " AND o.idem_key = :key");
      scoped_key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", req->account_id, key);
    }

  filter = (OrderFilter) { req->marketplace, req->account_id, customer, subscription, number, status, code,
                           from, to, scoped_key };
  ids_sql = g_strconcat ("SELECT o.id FROM orders o", where->str, " ORDER BY o.created_ms DESC, o.id DESC", NULL);
  list_sql = g_strconcat ("SELECT " ORDER_COLUMNS " FROM orders o", where->str,
                          " ORDER BY o.created_ms DESC, o.id DESC LIMIT :limit OFFSET :offset", NULL);
  list_key = g_strdup_printf ("%s|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%s|%s|%s|%s|%s",
                              where->str, req->marketplace, req->account_id, customer, subscription,
                              number ? number : "", status ? status : "", code ? code : "", from ? from : "",
                              to ? to : "", scoped_key ? scoped_key : "");
  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  /* The list's ids (kept until orders are next written), then the page's
   * rows from the row cache, or written if it does not hold them all. */
  ids = order_ids (self, list_key);
  if (ids == NULL)
    {
      stmt = mp_db_prepare (self->db, ids_sql);
      bind_order_filter (stmt, &filter);
      ids = keep_order_ids (self, list_key, stmt);
    }
  total = ids->len - 1;
  mp_row_cache_check (order_rows (self), self->db);
  if (offset < total
      && !mp_row_cache_write (order_rows (self), &writer, &g_array_index (ids, gint64, 1 + offset),
                              (guint) MIN (limit, total - offset)))
    {
      stmt = mp_db_prepare (self->db, list_sql);
      bind_order_filter (stmt, &filter);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gsize start = writer.out->len;

          write_order (self, &writer, stmt, FALSE);
          mp_row_cache_keep (order_rows (self), &writer, start, sqlite3_column_int64 (stmt, COL_ID));
        }
      sqlite3_reset (stmt);
    }
  mp_request_write_list_end (&writer, offset, limit, total);
  mp_request_reply (req, 200, &writer);
}

void
mp_server_handle_orders (MpRequest *req,
                         gint64     reseller_id)
{
  if (strcmp (req->method, "POST") == 0)
    place_order (req);
  else
    list_orders (req, reseller_id);
}

static void
cancel_order (MpRequest *req,
              gint64     order_id)
{
  MpServer *self = req->server;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *code;
  JsonNode *credit;
  sqlite3_stmt *row;
  g_autofree char *status = NULL;
  g_autofree char *number = NULL;
  sqlite3_stmt *stmt;

  row = find_order (self, order_id, req->marketplace, req->who, req->account_id);
  if (row == NULL)
    {
      mp_request_error (req, 404, "No entity has been found: order #%" G_GINT64_FORMAT ".", order_id);
      return;
    }
  status = g_strdup (mp_db_text (row, COL_STATUS));
  number = g_strdup (mp_db_text (row, COL_NUMBER));
  sqlite3_reset (row);

  body = mp_request_body (req);
  if (body == NULL)
    return;
  code = json_object_get_member (json_node_get_object (body), "statusCode");
  credit = json_object_get_member (json_node_get_object (body), "creditCheck");
  if (credit != NULL && (!JSON_NODE_HOLDS_VALUE (credit) || json_node_get_value_type (credit) != G_TYPE_BOOLEAN))
    {
      mp_request_error (req, 400, "The field “creditCheck” must be true or false.");
      return;
    }
  if (code == NULL || !JSON_NODE_HOLDS_VALUE (code) || json_node_get_value_type (code) != G_TYPE_STRING
      || strcmp (json_node_get_string (code), "CL") != 0)
    {
      mp_request_error (req, 400, "Only cancelling is supported: send {\"statusCode\": \"CL\"}.");
      return;
    }
  if (strcmp (status, "submitted") != 0)
    {
      mp_request_error (req, 409, "Order #%s is %s and can no longer be cancelled; only a submitted order can.",
                        number, status);
      return;
    }

  if (!mp_db_begin (self->db, &error))
    goto fail;
  stmt = mp_db_prepare (self->db,
                        "UPDATE orders SET status = 'cancelled', status_code = 'CL', next_at = NULL,"
                        " version = version + 1 WHERE id = ? AND status = 'submitted'");
  sqlite3_bind_int64 (stmt, 1, order_id);
  if (!mp_db_step_done (self->db, stmt, &error))
    goto fail;
  stmt = mp_db_prepare (self->db, "UPDATE subscriptions SET pending_order_id = NULL WHERE pending_order_id = ?");
  sqlite3_bind_int64 (stmt, 1, order_id);
  if (!mp_db_step_done (self->db, stmt, &error) || !mp_db_commit (self->db, &error))
    goto fail;
  mp_server_forget_counts (self);
  wake_waiters (self, order_id);
  row = find_order (self, order_id, req->marketplace, req->who, req->account_id);
  if (row != NULL)
    reply_order_row (req, row, 0);
  else
    mp_request_error (req, 404, "No entity has been found: order #%" G_GINT64_FORMAT ".", order_id);
  return;

fail:
  mp_db_rollback (self->db);
  mp_request_error (req, 500, "%s", error->message);
}

void
mp_server_handle_order (MpRequest *req,
                        gint64     order_id)
{
  if (strcmp (req->method, "PATCH") == 0)
    cancel_order (req, order_id);
  else
    get_order (req, order_id);
}

void
mp_server_handle_estimate (MpRequest *req)
{
  MpServer *self = req->server;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(MpOrderInput) input = NULL;
  g_autoptr(MpResolvedOrder) resolved = NULL;
  g_autoptr(GError) error = NULL;
  MpJsonWriter writer;
  guint i;

  body = mp_request_body (req);
  if (body == NULL)
    return;
  input = mp_order_input_parse (body, &error);
  if (input == NULL)
    {
      mp_request_gerror (req, error);
      return;
    }
  resolved = resolve_order (req, input, TRUE);
  if (resolved == NULL)
    return;

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_member_string (&writer, "type", resolved->type);
  mp_json_member_id (&writer, "customerId", resolved->customer_id);
  mp_json_member_optional_id (&writer, "subscriptionId", resolved->subscription_id);
  mp_json_member_money (&writer, "total", resolved->charges->total, req->currency);
  mp_charges_write (resolved->charges, &writer, self->extensions);
  mp_json_key (&writer, "products");
  mp_json_begin_array (&writer);
  for (i = 0; i < resolved->items->len; i++)
    {
      MpPriceItem *item = &g_array_index (resolved->items, MpPriceItem, i);
      sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT mpn, " MP_TR ("product", "mpn", "name", "name")
                                                    " FROM products WHERE id = ?");

      sqlite3_bind_int64 (stmt, 1, item->product_id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          mp_json_begin_object (&writer);
          mp_json_member_string (&writer, "mpn", mp_db_text (stmt, 0));
          mp_json_member_string (&writer, "name", mp_db_text (stmt, 1));
          mp_json_member_int (&writer, "quantity", item->new_quantity - item->old_quantity);
          if (self->extensions)
            mp_json_member_int (&writer, "newQuantity", item->new_quantity);
          mp_json_end_object (&writer);
        }
      sqlite3_reset (stmt);
    }
  mp_json_end_array (&writer);
  if (self->extensions)
    {
      mp_json_member_id (&writer, "planId", resolved->plan_id);
      mp_json_member_period (&writer, "subscriptionPeriod", resolved->period_type, resolved->period_duration);
      mp_json_member_money (&writer, "monthlyTotal", resolved->charges->monthly, req->currency);
      /* A switch: every product carried over, at the target's prices. */
      if (resolved->switch_when != NULL)
        mp_json_member_money (&writer, "subscriptionMonthlyTotal", resolved->charges->monthly, req->currency);
      /* A change order's monthlyTotal counts the changed products only. */
      else if (strcmp (resolved->type, "change") == 0)
        {
          gint64 monthly;

          if (mp_pricing_subscription_monthly (self->db, resolved->subscription_id, req->currency,
                                               resolved->period_type, resolved->period_duration,
                                               resolved->items, &monthly, &error))
            mp_json_member_money (&writer, "subscriptionMonthlyTotal", monthly, req->currency);
          else
            g_debug ("No monthly total for subscription #%" G_GINT64_FORMAT ": %s",
                     resolved->subscription_id, error->message);
        }
      /* A cancellation ends the whole subscription. */
      else if (strcmp (resolved->type, "cancellation") == 0)
        mp_json_member_money (&writer, "subscriptionMonthlyTotal", 0, req->currency);
    }
  mp_json_end_object (&writer);
  mp_request_reply (req, 200, &writer);
}
