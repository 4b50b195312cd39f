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

/* YYYY-MM-DD into DATE without the locale-aware g_date_set_parse () (a list
 * page parses one per row); anything else goes through it. */
static void
parse_date (GDate      *date,
            const char *text)
{
  g_date_clear (date, 1);
  if (strlen (text) == 10 && text[4] == '-' && text[7] == '-'
      && g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && g_ascii_isdigit (text[2])
      && g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[5]) && g_ascii_isdigit (text[6])
      && g_ascii_isdigit (text[8]) && g_ascii_isdigit (text[9]))
    {
      int year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
      int month = (text[5] - '0') * 10 + (text[6] - '0');
      int day = (text[8] - '0') * 10 + (text[9] - '0');

      if (g_date_valid_dmy ((GDateDay) day, (GDateMonth) month, (GDateYear) year))
        g_date_set_dmy (date, (GDateDay) day, (GDateMonth) month, (GDateYear) year);
      return;
    }
  g_date_set_parse (date, text);
}

/* DATE as YYYY-MM-DD into BUFFER, without allocating. */
static const char *
format_date (const GDate *date,
             char         buffer[16])
{
  guint year = g_date_get_year (date) % 10000, month = g_date_get_month (date), day = g_date_get_day (date);

  buffer[0] = (char) ('0' + year / 1000);
  buffer[1] = (char) ('0' + year / 100 % 10);
  buffer[2] = (char) ('0' + year / 10 % 10);
  buffer[3] = (char) ('0' + year % 10);
  buffer[4] = '-';
  buffer[5] = (char) ('0' + month / 10);
  buffer[6] = (char) ('0' + month % 10);
  buffer[7] = '-';
  buffer[8] = (char) ('0' + day / 10);
  buffer[9] = (char) ('0' + day % 10);
  buffer[10] = '\0';
  return buffer;
}

/* The rules from the plan's plan_cancellation row (HAS_ROW, REFUND_DAYS,
 * AFTER) and the subscription's term. */
static void
cancellation_rules_from (gboolean             has_row,
                         gint64               refund_days,
                         const char          *after,
                         const char          *period_type,
                         gint64               period_duration,
                         const char          *expires,
                         MpCancellationRules *rules)
{
  rules->refund_days = has_row ? MAX (0, refund_days) : 0;
  /* static strings: the row may be reset before they are read */
  rules->after = !has_row ? "none" : strcmp (after, "prorated") == 0 ? "prorated"
                 : strcmp (after, "refused") == 0 ? "refused" : "none";
  parse_date (&rules->term_start, expires);
  if (!g_date_valid (&rules->term_start))
    g_date_set_time_t (&rules->term_start, time (NULL));
  else
    mp_date_subtract_period (&rules->term_start, period_type, period_duration);
  rules->refund_until = rules->term_start;
  g_date_add_days (&rules->refund_until, (guint) rules->refund_days);
  rules->has_refund_window = rules->refund_days > 0;
}

void
mp_server_cancellation_rules (MpServer            *self,
                              gint64               plan_id,
                              const char          *period_type,
                              gint64               period_duration,
                              const char          *expires,
                              MpCancellationRules *rules)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db, "SELECT refund_days, after FROM plan_cancellation WHERE plan_id = ?");
  gboolean has_row;
  gint64 refund_days = 0;
  const char *after = "none";

  sqlite3_bind_int64 (stmt, 1, plan_id);
  has_row = sqlite3_step (stmt) == SQLITE_ROW;
  if (has_row)
    {
      refund_days = sqlite3_column_int64 (stmt, 0);
      after = mp_db_text (stmt, 1);
    }
  /* PERIOD_TYPE and EXPIRES may be another statement's row: read before the reset */
  cancellation_rules_from (has_row, refund_days, after, period_type, period_duration, expires, rules);
  sqlite3_reset (stmt);
}

static void
write_cancellation_policy (MpJsonWriter              *writer,
                           const MpCancellationRules *rules)
{
  char start[16], until[16];

  mp_json_key (writer, "cancellationPolicy");
  mp_json_begin_object (writer);
  mp_json_member_int (writer, "refundDays", rules->refund_days);
  mp_json_member_string (writer, "termStartDate", format_date (&rules->term_start, start));
  if (rules->has_refund_window)
    mp_json_member_string (writer, "fullRefundUntil", format_date (&rules->refund_until, until));
  mp_json_member_string (writer, "afterRefundWindow", rules->after);
  mp_json_end_object (writer);
}

/* One line of products[] from STMT's columns BASE ... BASE + 12 (p.id,
 * p.mpn, vendor, name, quantity, usage, minimum, maximum, included,
 * resource category id and name, one_time, recurring price); answers its
 * extended price. */
static gint64
write_product_line (MpServer     *self,
                    MpJsonWriter *writer,
                    sqlite3_stmt *stmt,
                    int           base,
                    const char   *currency)
{
  gint64 quantity = sqlite3_column_int64 (stmt, base + 4);
  gint64 included = sqlite3_column_int64 (stmt, base + 8);
  gboolean one_time = sqlite3_column_int (stmt, base + 11);
  gint64 unit = one_time ? 0 : sqlite3_column_int64 (stmt, base + 12);
  gint64 extended = MAX (0, quantity - included) * unit;

  mp_json_begin_object (writer);
  mp_json_member_string (writer, "mpn", mp_db_text (stmt, base + 1));
  mp_json_member_string (writer, "vendor", mp_db_text (stmt, base + 2));
  mp_json_member_id (writer, "id", sqlite3_column_int64 (stmt, base + 0));
  mp_json_member_string (writer, "name", mp_db_text (stmt, base + 3));
  mp_json_member_int (writer, "quantity", quantity);
  mp_json_member_money (writer, "unitPrice", unit, currency);
  mp_json_member_money (writer, "extendedPrice", extended, currency);
  if (self->extensions)
    {
      mp_json_member_int (writer, "usage", sqlite3_column_int64 (stmt, base + 5));
      mp_json_member_int (writer, "minimumQuantity", sqlite3_column_int64 (stmt, base + 6));
      mp_json_member_int (writer, "maximumQuantity", sqlite3_column_int64 (stmt, base + 7));
      mp_json_member_int (writer, "includedQuantity", included);
      mp_json_key (writer, "resourceCategory");
      if (sqlite3_column_type (stmt, base + 9) != SQLITE_NULL)
        {
          mp_json_begin_object (writer);
          mp_json_member_string (writer, "id", mp_db_text (stmt, base + 9));
          mp_json_member_string (writer, "name", mp_db_text (stmt, base + 10));
          mp_json_end_object (writer);
        }
      else
        mp_json_null (writer);
      mp_json_member_bool (writer, "oneTime", one_time);
    }
  mp_json_end_object (writer);
  return extended;
}

/* The product columns of write_product_line (), their joins and their order. */
#define PRODUCT_COLUMNS "p.id, p.mpn, ppl.vendor, " MP_TR ("product", "p.mpn", "name", "p.name") "," \
                        " sp.quantity, sp.usage, p.minimum, p.maximum, p.included, p.resource_category_id, " \
                        MP_TR ("resourceCategory", "rc.id", "name", "rc.name") ", p.one_time," \
                        " coalesce (pr.recurring, 0)"
#define PRODUCT_JOINS " JOIN products p ON p.id = sp.product_id" \
                      " JOIN plans ppl ON ppl.id = p.plan_id" \
                      " LEFT JOIN resource_categories rc ON rc.id = p.resource_category_id" \
                      " LEFT JOIN prices pr ON pr.product_id = p.id AND pr.currency = s.currency" \
                      "  AND pr.period_type = s.period_type AND pr.period_duration = s.period_duration"

/* Everything of a subscription (ROW: SUB_COLUMNS) before products[]:
 * the object is left open. RULES: the cancellation rules (active
 * subscriptions with extensions only). */
static void
write_subscription_head (MpServer                  *self,
                         MpJsonWriter              *writer,
                         sqlite3_stmt              *row,
                         gint64                     scheduled_order_id,
                         gboolean                   manual_renewal,
                         const MpCancellationRules *rules)
{
  const char *status = mp_db_text (row, 3);
  const char *expires = mp_db_text (row, 6);

  mp_json_begin_object (writer);
  mp_json_member_id (writer, "id", sqlite3_column_int64 (row, 0));
  mp_json_member_string (writer, "name", mp_db_text (row, 1));
  mp_json_member_id (writer, "customerId", sqlite3_column_int64 (row, 2));
  mp_json_member_string (writer, "status", status);
  mp_json_key (writer, "attributes");
  mp_json_raw (writer, mp_db_text (row, 14));
  mp_json_member_bool (writer, "renewalStatus", sqlite3_column_int (row, 4));
  mp_json_member_string (writer, "creationDate", mp_db_text (row, 5));
  mp_json_member_string (writer, "renewalDate", expires);
  mp_json_member_string (writer, "lastModifiedDate", mp_db_text (row, 7));
  mp_json_member_string (writer, "expirationDate", expires);
  mp_json_member_string (writer, "billingModel", mp_db_text (row, 13));
  mp_json_member_period (writer, "billingPeriod", "month", 1);
  mp_json_member_period (writer, "subscriptionPeriod", mp_db_text (row, 9), sqlite3_column_int64 (row, 10));
  mp_json_member_int (writer, "planId", sqlite3_column_int64 (row, 8));
  if (self->extensions)
    {
      mp_json_member_string (writer, "planName", mp_db_text (row, 1));
      mp_json_member_id (writer, "pendingOrderId", sqlite3_column_int64 (row, 11));
      mp_json_member_id (writer, "scheduledOrderId", scheduled_order_id);
      mp_json_member_bool (writer, "manualRenewal", strcmp (status, "active") == 0 && manual_renewal);
      if (rules != NULL)
        write_cancellation_policy (writer, rules);
    }
}

static void
write_subscription_totals (MpJsonWriter *writer,
                           gint64        total,
                           const char   *currency)
{
  mp_json_member_money (writer, "totalPrice", total, currency);
  mp_json_member_money (writer, "totalSubscriptionPrice", total, currency);
}

/* A subscription's details: its extras and lines by their own queries. */
void
mp_server_write_subscription (MpServer     *self,
                              MpJsonWriter *writer,
                              sqlite3_stmt *row,
                              gboolean      detailed)
{
  gint64 id = sqlite3_column_int64 (row, 0);
  const char *currency = mp_db_text (row, 12);
  gboolean active = strcmp (mp_db_text (row, 3), "active") == 0;
  MpCancellationRules rules;
  gint64 scheduled = 0, total = 0;
  gboolean manual = FALSE;

  if (self->extensions)
    {
      gint64 plan_id = sqlite3_column_int64 (row, 8);

      scheduled = mp_server_scheduled_order_id (self, id);
      manual = mp_server_allows_manual_renewal (self, plan_id);
      if (active)
        mp_server_cancellation_rules (self, plan_id, mp_db_text (row, 9), sqlite3_column_int64 (row, 10),
                                      mp_db_text (row, 6), &rules);
    }
  write_subscription_head (self, writer, row, scheduled, manual, self->extensions && active ? &rules : NULL);
  if (detailed)
    {
      sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                          "SELECT " PRODUCT_COLUMNS
                                          " FROM subscriptions s JOIN subscription_products sp ON sp.subscription_id = s.id"
                                          PRODUCT_JOINS " WHERE s.id = ? ORDER BY p.position");

      sqlite3_bind_int64 (stmt, 1, id);
      mp_json_key (writer, "products");
      mp_json_begin_array (writer);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        total += write_product_line (self, writer, stmt, 0, currency);
      sqlite3_reset (stmt);
      mp_json_end_array (writer);
      write_subscription_totals (writer, total, currency);
      mp_json_key (writer, "orderParameters");
      mp_json_begin_array (writer);
      mp_json_end_array (writer);
      mp_json_key (writer, "fulfillmentParameters");
      mp_json_begin_array (writer);
      mp_json_end_array (writer);
    }
  mp_json_end_object (writer);
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
 * list's order), built by one walk down the index and kept until a row of
 * subscriptions is next written (mp_db_table_changes (); sign-ins, orders
 * and other tables leave it be). A page at offset n starts at anchor n / STEP with "s.id <= anchor"
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
  gint64 changes = (gint64) mp_db_table_changes (self->db, "subscriptions");
  GArray *keyset = g_hash_table_lookup (self->keysets, key);
  g_autofree char *walk_sql = NULL;
  g_autofree char *count_sql = NULL;
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int anchor_index;

  if (keyset != NULL && g_array_index (keyset, gint64, 0) == changes)
    return keyset;
  if (g_hash_table_size (self->keysets) >= MP_KEYSET_MAX_LISTS)
    {
      g_hash_table_remove_all (self->keysets);
      g_hash_table_remove_all (self->keyset_ids);
      self->keyset_id_bytes = 0;
    }
  else
    {
      GArray *ids = g_hash_table_lookup (self->keyset_ids, key);

      if (ids != NULL)
        {
          self->keyset_id_bytes -= ids->len * sizeof (gint64);
          g_hash_table_remove (self->keyset_ids, key);
        }
    }
  keyset = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_array_append_val (keyset, changes);
  g_array_append_val (keyset, n);
  /* Each anchor from the one before, STEP - 1 rows skipped inside SQLite
   * (no sqlite3_step () per row): about a third of the cost of walking the
   * rows one by one. The last anchor's rows below it make up the total. */
  walk_sql = g_strconcat ("SELECT s.id FROM subscriptions s", where,
                          " AND s.id < :anchor ORDER BY s.id DESC LIMIT 1 OFFSET :offset", NULL);
  count_sql = g_strconcat ("SELECT count (*) FROM (SELECT 1 FROM subscriptions s", where,
                           " AND s.id <= :anchor ORDER BY s.id DESC LIMIT :limit)", NULL);
  /* one statement, bound once; only the anchor changes */
  stmt = mp_db_prepare (self->db, walk_sql);
  bind_filter (stmt, filter);
  anchor_index = sqlite3_bind_parameter_index (stmt, ":anchor");
  sqlite3_bind_int64 (stmt, anchor_index, G_MAXINT64);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), 0);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (keyset, id);
      sqlite3_reset (stmt);
      if (keyset->len == 3)
        sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), MP_KEYSET_STEP - 1);
      sqlite3_bind_int64 (stmt, anchor_index, id);
    }
  sqlite3_reset (stmt);
  if (keyset->len > 2)
    {
      stmt = mp_db_prepare (self->db, count_sql);
      bind_filter (stmt, filter);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":anchor"),
                          g_array_index (keyset, gint64, keyset->len - 1));
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), MP_KEYSET_STEP);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = (gint64) (keyset->len - 3) * MP_KEYSET_STEP + sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  g_array_index (keyset, gint64, 1) = n;
  g_hash_table_replace (self->keysets, g_strdup (key), keyset);
  return keyset;
}

/* A list page's rows, with everything a row shows in the one statement:
 * the plan's cancellation rules, manual renewal and the scheduled order
 * (columns 15 ... 19) and, with extensions, one row per product line
 * (PRODUCT_COLUMNS from column 20; NULL for a subscription without lines),
 * so the page is written straight from the rows. */
#define LIST_EXTRA_COLUMNS ", pc.plan_id IS NOT NULL, pc.refund_days, pc.after, pmr.plan_id IS NOT NULL," \
                           " (SELECT so.order_id FROM scheduled_orders so JOIN orders o ON o.id = so.order_id" \
                           "  WHERE so.subscription_id = s.id AND o.status = 'submitted' ORDER BY so.order_id LIMIT 1)"
#define LIST_EXTRA_JOINS " LEFT JOIN plan_cancellation pc ON pc.plan_id = s.plan_id" \
                         " LEFT JOIN plan_manual_renewal pmr ON pmr.plan_id = s.plan_id"
#define LIST_PRODUCT_JOINS " LEFT JOIN subscription_products sp ON sp.subscription_id = s.id" \
                           " LEFT JOIN products p ON p.id = sp.product_id" \
                           " LEFT JOIN plans ppl ON ppl.id = p.plan_id" \
                           " LEFT JOIN resource_categories rc ON rc.id = p.resource_category_id" \
                           " LEFT JOIN prices pr ON pr.product_id = p.id AND pr.currency = s.currency" \
                           "  AND pr.period_type = s.period_type AND pr.period_duration = s.period_duration"
#define LIST_PRODUCTS 20

/* The row cache: each subscription's list row as last written, so that a
 * page that is not in the page cache (another offset, another filter) is
 * its ids from the index and the rows copied, instead of the joined
 * statement and some 60 JSON members a row. A row is written from these
 * tables only; a write to any of them empties the cache.
 */
#define MP_ROW_CACHE_BYTES (128 * 1024 * 1024)

static const char * const row_tables[] = {
  "subscriptions", "subscription_products", "products", "plans", "resource_categories", "prices",
  "plan_cancellation", "plan_manual_renewal", "scheduled_orders", "orders", "translations", "marketplaces",
};

/* The subscriptions' kept rows, made when first asked for. */
static MpRowCache *
subscription_rows (MpServer *self)
{
  if (self->subscription_rows == NULL)
    self->subscription_rows = mp_row_cache_new (row_tables, G_N_ELEMENTS (row_tables), MP_ROW_CACHE_BYTES);
  return self->subscription_rows;
}

static void
write_list_rows (MpServer     *self,
                 MpJsonWriter *writer,
                 sqlite3_stmt *stmt)
{
  gboolean open = FALSE;
  gint64 current = 0, total = 0;
  gsize start = 0;
  char currency[16] = "";

  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      if (!open || id != current)
        {
          gboolean active = strcmp (mp_db_text (stmt, 3), "active") == 0;
          MpCancellationRules rules;

          if (open)
            {
              if (self->extensions)
                {
                  mp_json_end_array (writer);
                  write_subscription_totals (writer, total, currency);
                }
              mp_json_end_object (writer);
              mp_row_cache_keep (subscription_rows (self), writer, start, current);
            }
          start = writer->out->len;
          if (self->extensions && active)
            cancellation_rules_from (sqlite3_column_int (stmt, 15), sqlite3_column_int64 (stmt, 16),
                                     mp_db_text (stmt, 17), mp_db_text (stmt, 9), sqlite3_column_int64 (stmt, 10),
                                     mp_db_text (stmt, 6), &rules);
          write_subscription_head (self, writer, stmt, sqlite3_column_int64 (stmt, 19), sqlite3_column_int (stmt, 18),
                                   self->extensions && active ? &rules : NULL);
          g_strlcpy (currency, mp_db_text (stmt, 12), sizeof currency);
          open = TRUE;
          current = id;
          total = 0;
          if (self->extensions)
            {
              mp_json_key (writer, "products");
              mp_json_begin_array (writer);
            }
        }
      /* a line whose product or plan is gone is left out (inner joins in the details) */
      if (self->extensions && sqlite3_column_type (stmt, LIST_PRODUCTS) != SQLITE_NULL
          && sqlite3_column_type (stmt, LIST_PRODUCTS + 2) != SQLITE_NULL)
        total += write_product_line (self, writer, stmt, LIST_PRODUCTS, currency);
    }
  if (open)
    {
      if (self->extensions)
        {
          mp_json_end_array (writer);
          write_subscription_totals (writer, total, currency);
        }
      mp_json_end_object (writer);
      mp_row_cache_keep (subscription_rows (self), writer, start, current);
    }
  sqlite3_reset (stmt);
}

/* The ids a list's pages were read from, kept beside its keyset (and
 * dropped with it) so that a page at an offset read before needs no
 * statement at all: [0] the keyset's change count, [1 + n] the id of row
 * n, 0 until the block of MP_KEYSET_STEP rows it is in was read. At most
 * this many bytes of them are kept; past it a page reads its ids from the
 * index each time.
 */
#define MP_KEYSET_ID_BYTES (64 * 1024 * 1024)

/* Appends the ids of the LIMIT rows from OFFSET to PAGE_IDS: from the kept
 * ids, reading the blocks not yet read (one statement of MP_KEYSET_STEP
 * rows from each block's anchor), or with the kept ids over their bound
 * from the page's own statement.
 */
static void
page_ids (MpServer                 *self,
          const char               *key,
          GArray                   *keyset,
          const char               *ids_sql,
          const SubscriptionFilter *filter,
          gint64                    offset,
          gint64                    limit,
          GArray                   *page_ids)
{
  gint64 total = g_array_index (keyset, gint64, 1);
  gint64 end = MIN (total, offset + limit);
  GArray *ids = g_hash_table_lookup (self->keyset_ids, key);
  sqlite3_stmt *stmt;

  g_assert (ids == NULL || g_array_index (ids, gint64, 0) == g_array_index (keyset, gint64, 0));
  if (ids == NULL && self->keyset_id_bytes + (gsize) (total + 1) * sizeof (gint64) <= MP_KEYSET_ID_BYTES)
    {
      ids = g_array_sized_new (FALSE, TRUE, sizeof (gint64), (guint) total + 1);
      g_array_set_size (ids, (guint) total + 1);
      g_array_index (ids, gint64, 0) = g_array_index (keyset, gint64, 0);
      g_hash_table_replace (self->keyset_ids, g_strdup (key), ids);
      self->keyset_id_bytes += ids->len * sizeof (gint64);
    }
  if (ids == NULL)
    {
      gint64 anchor = MIN (offset / MP_KEYSET_STEP, (gint64) keyset->len - 3);

      stmt = prepare_page (self, ids_sql, filter, g_array_index (keyset, gint64, 2 + anchor), limit,
                           offset - anchor * MP_KEYSET_STEP);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (stmt, 0);

          g_array_append_val (page_ids, id);
        }
      sqlite3_reset (stmt);
      return;
    }

  for (gint64 block = offset / MP_KEYSET_STEP; block * MP_KEYSET_STEP < end; block++)
    {
      gint64 *row = &g_array_index (ids, gint64, 1 + block * MP_KEYSET_STEP);
      gint64 n = 0;

      if (*row != 0)
        continue;
      stmt = prepare_page (self, ids_sql, filter, g_array_index (keyset, gint64, 2 + block), MP_KEYSET_STEP, 0);
      while (n < total - block * MP_KEYSET_STEP && sqlite3_step (stmt) == SQLITE_ROW)
        row[n++] = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
  g_array_append_vals (page_ids, &g_array_index (ids, gint64, 1 + offset), (guint) (end - offset));
}

void
mp_server_handle_subscriptions (MpRequest *req)
{
  MpServer *self = req->server;
  g_autoptr(GString) where = g_string_new (" WHERE s.marketplace = :market");
  g_autoptr(GString) cache_key = NULL;
  g_autoptr(GString) page_key = g_string_new (NULL);
  g_autoptr(GString) page_where = NULL;
  g_autoptr(GBytes) answer = NULL;
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
  /* Pages and the keyset's walk go down the list's ids: the date filters
   * are read from the id-ordered covering index rather than through the
   * date index, which would sort every match for each page (and each step
   * of the keyset's walk). */
  page_where = g_string_new (where->str);
  if (from != NULL || to != NULL)
    {
      g_string_replace (page_where, "s.created >=", "+s.created >=", 1);
      g_string_replace (page_where, "s.created <=", "+s.created <=", 1);
    }

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

  keyset = subscription_keyset (self, cache_key->str, page_where->str, &filter);
  total = g_array_index (keyset, gint64, 1);
  n_anchors = keyset->len - 2;
  anchor = MIN (offset / MP_KEYSET_STEP, (gint64) n_anchors - 1);
  skip = anchor >= 0 ? offset - anchor * MP_KEYSET_STEP : offset;

  /* about 1.1 KB a row with the lines, 0.6 KB without: one allocation */
  mp_json_writer_init_sized (&writer, 256 + (gsize) MIN (limit, MAX (0, total - offset)) * (self->extensions ? 1280 : 768));
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  if (offset < total)
    {
      /* The page's ids come from the index alone; only they are joined,
       * unless the row cache holds them all.
       */
      g_autofree char *ids_sql = g_strconcat ("SELECT s.id FROM subscriptions s", page_where->str,
                                              " AND s.id <= :anchor ORDER BY s.id DESC LIMIT :limit OFFSET :offset",
                                              NULL);
      g_autoptr(GArray) ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), (guint) MIN (limit, total - offset));

      mp_row_cache_check (subscription_rows (self), self->db);
      page_ids (self, cache_key->str, keyset, ids_sql, &filter, offset, limit, ids);
      if (!mp_row_cache_write (subscription_rows (self), &writer, (const gint64 *) (gpointer) ids->data, ids->len))
        {
          list_sql = g_strconcat ("SELECT " SUB_COLUMNS LIST_EXTRA_COLUMNS,
                                  self->extensions ? ", " PRODUCT_COLUMNS : "",
                                  SUB_FROM LIST_EXTRA_JOINS, self->extensions ? LIST_PRODUCT_JOINS : "",
                                  " WHERE s.id IN (", ids_sql, ") ORDER BY s.id DESC",
                                  self->extensions ? ", p.position" : "", NULL);
          stmt = prepare_page (self, list_sql, &filter, g_array_index (keyset, gint64, 2 + anchor), limit, skip);
          write_list_rows (self, &writer, stmt);
        }
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
