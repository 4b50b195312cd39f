/* mp-server-subscriptions.c: subscriptions
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <string.h>

#include "mp-server-clock.h"
#include "mp-server-private.h"
#include "mp-server-pricing.h"
#include "mp-server-validate.h"

#define SUB_COLUMNS "s.id, s.name, s.customer_id, s.status, s.renewal, s.created, s.expires, s.modified," \
                    " s.plan_id, s.period_type, s.period_duration, s.pending_order_id, s.currency," \
                    " pl.billing_model, coalesce (sa.attributes, '{}')"
#define SUB_FROM " FROM subscriptions s JOIN plans pl ON pl.id = s.plan_id" \
                 " LEFT JOIN subscription_attributes sa ON sa.subscription_id = s.id"

void
mp_server_cancellation_rules (MpServer            *self,
                              gint64               plan_id,
                              const char          *period_type,
                              gint64               period_duration,
                              const char          *expires,
                              MpCancellationRules *rules)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT refund_days, after FROM plan_cancellation WHERE plan_id = ?");

  rules->refund_days = 0;
  rules->after = "none";
  sqlite3_bind_int64 (stmt, 1, plan_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *after = mp_db_text (stmt, 1);

      rules->refund_days = MAX (0, sqlite3_column_int64 (stmt, 0));
      /* static strings: the row is reset below */
      rules->after = strcmp (after, "prorated") == 0 ? "prorated" : strcmp (after, "refused") == 0 ? "refused" : "none";
    }
  sqlite3_reset (stmt);

  g_date_clear (&rules->term_start, 1);
  g_date_set_parse (&rules->term_start, expires);
  if (!g_date_valid (&rules->term_start))
    g_date_set_time_t (&rules->term_start, time (NULL));
  else
    mp_date_subtract_period (&rules->term_start, period_type, period_duration);
  rules->refund_until = rules->term_start;
  g_date_add_days (&rules->refund_until, (guint) rules->refund_days);
  rules->has_refund_window = rules->refund_days > 0;
}

static void
write_cancellation_policy (MpServer     *self,
                           MpJsonWriter *writer,
                           gint64        plan_id,
                           const char   *period_type,
                           gint64        period_duration,
                           const char   *expires)
{
  MpCancellationRules rules;
  g_autofree char *start = NULL;
  g_autofree char *until = NULL;

  mp_server_cancellation_rules (self, plan_id, period_type, period_duration, expires, &rules);
  start = mp_date_to_string (&rules.term_start);
  mp_json_key (writer, "cancellationPolicy");
  mp_json_begin_object (writer);
  mp_json_member_int (writer, "refundDays", rules.refund_days);
  mp_json_member_string (writer, "termStartDate", start);
  if (rules.has_refund_window)
    {
      until = mp_date_to_string (&rules.refund_until);
      mp_json_member_string (writer, "fullRefundUntil", until);
    }
  mp_json_member_string (writer, "afterRefundWindow", rules.after);
  mp_json_end_object (writer);
}

static GHashTable *fetch_products (MpServer   *self,
                                   const char *ids);

typedef struct
{
  char   *products;  /* the products[] array, JSON */
  gint64  total;
} SubscriptionProducts;

/* PRODUCTS: the products of the subscriptions (fetch_products ()), shown
 * on the row when not NULL (details, and the list-row extension). */
static void
write_subscription (MpServer     *self,
                    MpJsonWriter *writer,
                    sqlite3_stmt *row,
                    GHashTable   *products,
                    gboolean      detailed)
{
  gint64 id = sqlite3_column_int64 (row, 0);
  const char *period_type = mp_db_text (row, 9);
  gint64 period_duration = sqlite3_column_int64 (row, 10);
  const char *currency = mp_db_text (row, 12);

  mp_json_begin_object (writer);
  mp_json_member_id (writer, "id", id);
  mp_json_member_string (writer, "name", mp_db_text (row, 1));
  mp_json_member_id (writer, "customerId", sqlite3_column_int64 (row, 2));
  mp_json_member_string (writer, "status", mp_db_text (row, 3));
  mp_json_key (writer, "attributes");
  mp_json_raw (writer, mp_db_text (row, 14));
  mp_json_member_bool (writer, "renewalStatus", sqlite3_column_int (row, 4));
  mp_json_member_string (writer, "creationDate", mp_db_text (row, 5));
  mp_json_member_string (writer, "renewalDate", mp_db_text (row, 6));
  mp_json_member_string (writer, "lastModifiedDate", mp_db_text (row, 7));
  mp_json_member_string (writer, "expirationDate", mp_db_text (row, 6));
  mp_json_member_string (writer, "billingModel", mp_db_text (row, 13));
  mp_json_member_period (writer, "billingPeriod", "month", 1);
  mp_json_member_period (writer, "subscriptionPeriod", period_type, period_duration);
  mp_json_member_int (writer, "planId", sqlite3_column_int64 (row, 8));
  if (self->extensions)
    {
      mp_json_member_string (writer, "planName", mp_db_text (row, 1));
      mp_json_member_id (writer, "pendingOrderId", sqlite3_column_int64 (row, 11));
      mp_json_member_id (writer, "scheduledOrderId", mp_server_scheduled_order_id (self, id));
      mp_json_member_bool (writer, "manualRenewal",
                           strcmp (mp_db_text (row, 3), "active") == 0
                           && mp_server_allows_manual_renewal (self, sqlite3_column_int64 (row, 8)));
      if (strcmp (mp_db_text (row, 3), "active") == 0)
        {
          g_autofree char *type = g_strdup (period_type);
          g_autofree char *expires = g_strdup (mp_db_text (row, 6));

          write_cancellation_policy (self, writer, sqlite3_column_int64 (row, 8), type, period_duration, expires);
        }
    }
  if (products != NULL)
    {
      SubscriptionProducts *mine = g_hash_table_lookup (products, &id);

      mp_json_key (writer, "products");
      mp_json_raw (writer, mine != NULL ? mine->products : "[]");
      mp_json_member_money (writer, "totalPrice", mine != NULL ? mine->total : 0, currency);
      mp_json_member_money (writer, "totalSubscriptionPrice", mine != NULL ? mine->total : 0, currency);
    }
  if (detailed)
    {
      mp_json_key (writer, "orderParameters");
      mp_json_begin_array (writer);
      mp_json_end_array (writer);
      mp_json_key (writer, "fulfillmentParameters");
      mp_json_begin_array (writer);
      mp_json_end_array (writer);
    }
  mp_json_end_object (writer);
}

void
mp_server_write_subscription (MpServer     *self,
                              MpJsonWriter *writer,
                              sqlite3_stmt *row,
                              gboolean      detailed)
{
  g_autoptr(GHashTable) products = NULL;

  if (detailed)
    {
      g_autofree char *ids = g_strdup_printf ("[%" G_GINT64_FORMAT "]", (gint64) sqlite3_column_int64 (row, 0));

      products = fetch_products (self, ids);
    }
  write_subscription (self, writer, row, products, detailed);
}

static gboolean
valid_date (const char *text)
{
  GDate date;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  g_date_clear (&date, 1);
  g_date_set_parse (&date, text);
  return g_date_valid (&date);
}

/* Keyset paging: OFFSET n must not walk n rows. A list's keyset holds its
 * total and the id of every MP_KEYSET_STEP-th row (ids descending, the
 * list's order), built in one pass over the index and kept until the
 * database next changes (sqlite3_total_changes64, so no write can leave it
 * stale). A page at offset n starts at anchor n / STEP with "s.id <= anchor"
 * and skips fewer than STEP rows.
 */
#define MP_KEYSET_STEP 64
#define MP_KEYSET_MAX_LISTS 512

typedef struct
{
  const char *marketplace;
  gint64      me;
  gint64      customer;
  const char *from;
  const char *to;
  const char *status;
} SubscriptionFilter;

static void
bind_filter (sqlite3_stmt             *stmt,
             const SubscriptionFilter *filter)
{
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":market"), filter->marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":me"), filter->me);
  if (filter->customer != 0)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":customer"), filter->customer);
  mp_db_bind_text (stmt, ":from", filter->from);
  mp_db_bind_text (stmt, ":to", filter->to);
  mp_db_bind_text (stmt, ":status", filter->status);
}

/* The page: LIMIT rows from the anchor on, after SKIP of them. */
static sqlite3_stmt *
prepare_page (MpServer                 *self,
              const char               *sql,
              const SubscriptionFilter *filter,
              gint64                    anchor,
              gint64                    limit,
              gint64                    skip)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, sql);

  bind_filter (stmt, filter);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":anchor"), anchor);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), skip);
  return stmt;
}

/* [0]: the database's change count when built, [1]: the total, [2...]: anchors */
static GArray *
subscription_keyset (MpServer                 *self,
                     const char               *key,
                     const char               *where,
                     const SubscriptionFilter *filter)
{
  gint64 changes = sqlite3_total_changes64 (mp_db_get_handle (self->db));
  GArray *keyset = g_hash_table_lookup (self->keysets, key);
  g_autofree char *walk_sql = NULL;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  if (keyset != NULL && g_array_index (keyset, gint64, 0) == changes)
    return keyset;
  if (g_hash_table_size (self->keysets) >= MP_KEYSET_MAX_LISTS)
    g_hash_table_remove_all (self->keysets);
  keyset = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (keyset, changes);
  g_array_append_val (keyset, n);
  walk_sql = g_strconcat ("SELECT s.id FROM subscriptions s", where, " ORDER BY s.id DESC", NULL);
  stmt = mp_db_prepare (self->db, walk_sql);
  bind_filter (stmt, filter);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (n % MP_KEYSET_STEP == 0)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (keyset, id);
        }
      n++;
    }
  sqlite3_reset (stmt);
  g_array_index (keyset, gint64, 1) = n;
  g_hash_table_replace (self->keysets, g_strdup (key), keyset);
  return keyset;
}

static void
subscription_products_free (gpointer data)
{
  SubscriptionProducts *products = data;

  g_free (products->products);
  g_free (products);
}

/* The products[] and totals of the subscriptions IDS (a JSON array of
 * ids) in one query: subscription id (gint64*) -> SubscriptionProducts.
 */
static GHashTable *
fetch_products (MpServer   *self,
                const char *ids)
{
  GHashTable *result = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, subscription_products_free);
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT p.id, p.mpn, pl.vendor, " MP_TR ("product", "p.mpn", "name", "p.name") ","
                                      " sp.quantity, sp.usage, p.minimum, p.maximum, p.included, p.resource_category_id, "
                                      MP_TR ("resourceCategory", "rc.id", "name", "rc.name") ", p.one_time,"
                                      " coalesce (pr.recurring, 0), s.id, s.currency"
                                      " FROM subscriptions s JOIN subscription_products sp ON sp.subscription_id = s.id"
                                      " JOIN products p ON p.id = sp.product_id"
                                      " JOIN plans pl ON pl.id = p.plan_id"
                                      " LEFT JOIN resource_categories rc ON rc.id = p.resource_category_id"
                                      " LEFT JOIN prices pr ON pr.product_id = p.id AND pr.currency = s.currency"
                                      "  AND pr.period_type = s.period_type AND pr.period_duration = s.period_duration"
                                      " WHERE s.id IN (SELECT value FROM json_each (?1)) ORDER BY s.id, p.position");
  MpJsonWriter writer;
  gint64 current = 0, total = 0;
  gboolean open = FALSE;

  sqlite3_bind_text (stmt, 1, ids, -1, SQLITE_STATIC);
  for (;;)
    {
      gboolean row = sqlite3_step (stmt) == SQLITE_ROW;
      gint64 id = row ? sqlite3_column_int64 (stmt, 13) : 0;
      g_autofree char *currency = NULL;
      gint64 quantity, included, unit, extended;

      if (open && (!row || id != current))
        {
          SubscriptionProducts *products = g_new0 (SubscriptionProducts, 1);
          gsize length;

          mp_json_end_array (&writer);
          products->products = mp_json_writer_steal (&writer, &length);
          products->total = total;
          g_hash_table_replace (result, g_memdup2 (&current, sizeof current), products);
          open = FALSE;
        }
      if (!row)
        break;
      if (!open)
        {
          mp_json_writer_init (&writer);
          mp_json_begin_array (&writer);
          open = TRUE;
          current = id;
          total = 0;
        }
      currency = g_strdup (mp_db_text (stmt, 14));
      quantity = sqlite3_column_int64 (stmt, 4);
      included = sqlite3_column_int64 (stmt, 8);
      unit = sqlite3_column_int (stmt, 11) ? 0 : sqlite3_column_int64 (stmt, 12);
      extended = MAX (0, quantity - included) * unit;
      total += extended;
      mp_json_begin_object (&writer);
      mp_json_member_string (&writer, "mpn", mp_db_text (stmt, 1));
      mp_json_member_string (&writer, "vendor", mp_db_text (stmt, 2));
      mp_json_member_id (&writer, "id", sqlite3_column_int64 (stmt, 0));
      mp_json_member_string (&writer, "name", mp_db_text (stmt, 3));
      mp_json_member_int (&writer, "quantity", quantity);
      mp_json_member_money (&writer, "unitPrice", unit, currency);
      mp_json_member_money (&writer, "extendedPrice", extended, currency);
      if (self->extensions)
        {
          mp_json_member_int (&writer, "usage", sqlite3_column_int64 (stmt, 5));
          mp_json_member_int (&writer, "minimumQuantity", sqlite3_column_int64 (stmt, 6));
          mp_json_member_int (&writer, "maximumQuantity", sqlite3_column_int64 (stmt, 7));
          mp_json_member_int (&writer, "includedQuantity", included);
          mp_json_key (&writer, "resourceCategory");
          if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
            {
              mp_json_begin_object (&writer);
              mp_json_member_string (&writer, "id", mp_db_text (stmt, 9));
              mp_json_member_string (&writer, "name", mp_db_text (stmt, 10));
              mp_json_end_object (&writer);
            }
          else
            mp_json_null (&writer);
          mp_json_member_bool (&writer, "oneTime", sqlite3_column_int (stmt, 11));
        }
      mp_json_end_object (&writer);
    }
  sqlite3_reset (stmt);
  return result;
}

void
mp_server_handle_subscriptions (MpRequest *req)
{
  MpServer *self = req->server;
  g_autoptr(GString) where = g_string_new (" WHERE s.marketplace = :market");
  g_autoptr(GString) cache_key = NULL;
  g_autoptr(GString) page_key = g_string_new (NULL);
  g_autoptr(GString) ids = g_string_new ("[");
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GHashTable) products = NULL;
  GBytes *page;
  gsize length;
  char *data;
  g_autofree char *list_sql = NULL;
  const char *from = mp_request_query (req, "creationDateFrom");
  const char *to = mp_request_query (req, "creationDateTo");
  const char *status = mp_request_query (req, "status");
  SubscriptionFilter filter = { req->marketplace, req->account_id, 0, from, to, status };
  sqlite3_stmt *stmt;
  MpJsonWriter writer;
  GArray *keyset;
  gint64 offset, limit, total, anchor, skip;
  guint n_anchors;

  if (!mp_request_paging (req, &offset, &limit) || !mp_request_id_param (req, "customerId", &filter.customer))
    return;
  if ((from != NULL && !valid_date (from)) || (to != NULL && !valid_date (to)))
    {
      mp_request_error (req, 400, "Subscription date filters take dates as YYYY-MM-DD.");
      return;
    }
  if (status != NULL && strcmp (status, "pending") != 0 && strcmp (status, "active") != 0
      && strcmp (status, "hold") != 0 && strcmp (status, "terminated") != 0 && strcmp (status, "removed") != 0)
    {
      mp_request_error (req, 400, "The parameter “status” must be pending, active, hold, terminated or removed.");
      return;
    }
  if (req->who == MP_PRINCIPAL_RESELLER)
    g_string_append (where, " AND s.reseller_id = :me");
  else
    g_string_append (where, " AND s.customer_id = :me");
  if (filter.customer != 0)
    g_string_append (where, " AND s.customer_id = :customer");
  if (from != NULL)
    g_string_append (where, " AND s.created >= :from");
  if (to != NULL)
    g_string_append (where, " AND s.created <= :to");
  if (status != NULL)
    g_string_append (where, " AND s.status = :status");

  cache_key = g_string_new (where->str);
  g_string_append_printf (cache_key, "|%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT "|%s|%s|%s",
                          req->marketplace, req->account_id, filter.customer, from ? from : "", to ? to : "",
                          status ? status : "");
  g_string_append_printf (page_key, "%s|%" G_GINT64_FORMAT "|%" G_GINT64_FORMAT, cache_key->str, offset, limit);
  page = mp_server_cached_page (self, page_key->str);
  if (page != NULL)
    {
      mp_request_reply_bytes (req, 200, page);
      return;
    }

  keyset = subscription_keyset (self, cache_key->str, where->str, &filter);
  total = g_array_index (keyset, gint64, 1);
  n_anchors = keyset->len - 2;
  anchor = MIN (offset / MP_KEYSET_STEP, (gint64) n_anchors - 1);
  skip = anchor >= 0 ? offset - anchor * MP_KEYSET_STEP : offset;

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  if (offset < total)
    {
      /* The page's ids come from the index alone; only they are joined. */
      list_sql = g_strconcat ("SELECT " SUB_COLUMNS SUB_FROM " WHERE s.id IN (SELECT s.id FROM subscriptions s",
                              where->str, " AND s.id <= :anchor ORDER BY s.id DESC LIMIT :limit OFFSET :offset)"
                              " ORDER BY s.id DESC", NULL);
      /* The list-row extension: every row's products[] and totals, in one query. */
      if (self->extensions)
        {
          g_autofree char *ids_sql = g_strconcat ("SELECT s.id FROM subscriptions s", where->str,
                                                  " AND s.id <= :anchor ORDER BY s.id DESC LIMIT :limit OFFSET :offset",
                                                  NULL);

          stmt = prepare_page (self, ids_sql, &filter, g_array_index (keyset, gint64, 2 + anchor), limit, skip);
          while (sqlite3_step (stmt) == SQLITE_ROW)
            g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, ids->len > 1 ? "," : "",
                                    (gint64) sqlite3_column_int64 (stmt, 0));
          sqlite3_reset (stmt);
          g_string_append_c (ids, ']');
          products = fetch_products (self, ids->str);
        }
      stmt = prepare_page (self, list_sql, &filter, g_array_index (keyset, gint64, 2 + anchor), limit, skip);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        write_subscription (self, &writer, stmt, products, FALSE);
      sqlite3_reset (stmt);
    }
  mp_request_write_list_end (&writer, offset, limit, total);
  data = mp_json_writer_steal (&writer, &length);
  answer = g_bytes_new_take (data, length);
  mp_server_cache_page (self, page_key->str, answer);
  mp_request_reply_bytes (req, 200, answer);
}

static gboolean
reply_subscription (MpRequest *req,
                    gint64     id)
{
  MpServer *self = req->server;
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT " SUB_COLUMNS ", s.reseller_id" SUB_FROM
                                      " WHERE s.id = ? AND s.marketplace = ?");
  MpJsonWriter writer;
  gboolean found = FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, req->marketplace, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (req->who == MP_PRINCIPAL_RESELLER)
        found = sqlite3_column_int64 (stmt, 15) == req->account_id;
      else
        found = sqlite3_column_int64 (stmt, 2) == req->account_id;
      if (found)
        {
          mp_json_writer_init (&writer);
          mp_server_write_subscription (self, &writer, stmt, TRUE);
        }
    }
  sqlite3_reset (stmt);
  if (found)
    mp_request_reply (req, 200, &writer);
  else
    mp_request_error (req, 404, "No entity has been found: subscription #%" G_GINT64_FORMAT ".", id);
  return found;
}

void
mp_server_handle_subscription (MpRequest *req,
                               gint64     id)
{
  MpServer *self = req->server;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *today = NULL;
  g_autofree char *attributes_json = NULL;
  JsonNode *renewal;
  JsonNode *attributes;
  sqlite3_stmt *stmt;
  gboolean visible = FALSE;
  gboolean ok;

  if (strcmp (req->method, "PATCH") != 0)
    {
      reply_subscription (req, id);
      return;
    }

  stmt = mp_db_prepare (self->db,
                        "SELECT customer_id, reseller_id FROM subscriptions WHERE id = ? AND marketplace = ?");
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, req->marketplace, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    visible = req->who == MP_PRINCIPAL_RESELLER ? sqlite3_column_int64 (stmt, 1) == req->account_id
                                                : sqlite3_column_int64 (stmt, 0) == req->account_id;
  sqlite3_reset (stmt);
  if (!visible)
    {
      mp_request_error (req, 404, "No entity has been found: subscription #%" G_GINT64_FORMAT ".", id);
      return;
    }

  body = mp_request_body (req);
  if (body == NULL)
    return;
  renewal = json_object_get_member (json_node_get_object (body), "renewalStatus");
  attributes = json_object_get_member (json_node_get_object (body), "attributes");
  if (renewal == NULL && attributes == NULL)
    {
      mp_request_error (req, 400, "Nothing to change: send “renewalStatus” or “attributes”.");
      return;
    }
  if (renewal != NULL && (!JSON_NODE_HOLDS_VALUE (renewal) || json_node_get_value_type (renewal) != G_TYPE_BOOLEAN))
    {
      mp_request_error (req, 400, "The field “renewalStatus” must be true or false.");
      return;
    }
  if (attributes != NULL && !JSON_NODE_HOLDS_OBJECT (attributes))
    {
      mp_request_error (req, 400, "The field “attributes” must be an object.");
      return;
    }
  if (attributes != NULL)
    {
      attributes_json = mp_validate_attributes (json_node_get_object (attributes), &error);
      if (attributes_json == NULL)
        {
          mp_request_gerror (req, error);
          return;
        }
    }

  today = mp_server_clock_today_string ();
  if (!mp_db_begin (self->db, &error))
    {
      mp_request_error (req, 500, "%s", error->message);
      return;
    }
  stmt = mp_db_prepare (self->db,
                        "UPDATE subscriptions SET renewal = coalesce (?, renewal), modified = ? WHERE id = ?");
  if (renewal != NULL)
    sqlite3_bind_int (stmt, 1, json_node_get_boolean (renewal));
  sqlite3_bind_text (stmt, 2, today, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, id);
  ok = mp_db_step_done (self->db, stmt, &error);
  if (ok && attributes_json != NULL)
    {
      stmt = mp_db_prepare (self->db,
                            "INSERT OR REPLACE INTO subscription_attributes (subscription_id, attributes) VALUES (?, ?)");
      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_text (stmt, 2, attributes_json, -1, SQLITE_STATIC);
      ok = mp_db_step_done (self->db, stmt, &error);
    }
  if (!ok || !mp_db_commit (self->db, &error))
    {
      mp_db_rollback (self->db);
      mp_request_error (req, 500, "%s", error->message);
      return;
    }
  mp_server_forget_counts (self);
  reply_subscription (req, id);
}
