/* mp-server-reports.c: rated-data reports (GET/POST /reports,
 * GET /reports/{id}, and the file behind its downloadUrl)
 *
 * A report is requested for a period; it is submitted, then processing,
 * then completed, each step after the server's provisioning step time
 * (--provision-step-ms), in the background. When it completes, its file is
 * computed from the server's own subscriptions and orders: what was billed
 * in the period, one line per month billed of every recurring resource
 * line of the subscriptions active (or on hold), with its billable
 * quantity, unit price and that month's charge, the lines of the orders
 * completed in the period, and the totals per customer, as JSON, XML, CSV
 * or XLSX (docs/api.md "Reports").
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mp-money.h"
#include "mp-server-clock.h"
#include "mp-server-private.h"
#include "mp-server-xlsx.h"

#define MP_REPORT_MAX_DAYS 366
#define MP_REPORT_MAX_TEXT 100

/* Kept apart from mp-db.c's schema: created on first use. */
static const char reports_schema[] =
  "CREATE TABLE IF NOT EXISTS reports ("
  "  id TEXT PRIMARY KEY, marketplace TEXT NOT NULL, owner_type TEXT NOT NULL,"
  "  owner_id INTEGER NOT NULL, name TEXT NOT NULL, customization_name TEXT,"
  "  type TEXT NOT NULL, format TEXT NOT NULL, status TEXT NOT NULL,"
  "  start_date TEXT NOT NULL, end_date TEXT NOT NULL, created TEXT NOT NULL,"
  "  created_ms INTEGER NOT NULL, due_ms INTEGER, content BLOB,"
  "  line_count INTEGER NOT NULL DEFAULT 0, total INTEGER NOT NULL DEFAULT 0,"
  "  order_total INTEGER NOT NULL DEFAULT 0,"
  "  currency TEXT NOT NULL);"
  "CREATE INDEX IF NOT EXISTS reports_owner ON reports (marketplace, owner_type, owner_id, created_ms);"
  "CREATE INDEX IF NOT EXISTS reports_due ON reports (due_ms) WHERE due_ms IS NOT NULL;";

#define REPORT_COLUMNS "id, name, customization_name, status, type, format, created, start_date, end_date," \
                       " line_count, total, currency, order_total"

static const char * const report_types[] = { "periodic", "daily", "monthly", "onetime", "on_invoice", NULL };
static const char * const report_formats[] = { "json", "xml", "csv", "xlsx", NULL };
static const char * const report_statuses[] = { "submitted", "processing", "completed", "error", NULL };

static gboolean
ensure_table (MpRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!mp_db_exec (req->server->db, reports_schema, &error))
    {
      mp_request_error (req, 500, "%s", error->message);
      return FALSE;
    }
  return TRUE;
}

static const char *
owner_type (MpRequest *req)
{
  return req->who == MP_PRINCIPAL_RESELLER ? "reseller" : "customer";
}

static gboolean
in_list (const char * const *list,
         const char         *value)
{
  return value != NULL && g_strv_contains (list, value);
}

/* "YYYY-MM-DD" or "YYYY-MM-DDThh:mm:ss[.fff](Z|±hh:mm)": the date part. */
static gboolean
parse_day (const char *text,
           GDate      *date)
{
  g_date_clear (date, 1);
  if (text == NULL || strlen (text) < 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  if (text[10] != '\0')
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);

      if (dt == NULL)
        return FALSE;
    }
  g_date_set_dmy (date, 1, 1, 2000);
  {
    int y = atoi (text), m = atoi (text + 5), d = atoi (text + 8);

    if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
      return FALSE;
    g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  }
  return TRUE;
}

static char *
day_string (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* A string member, or NULL; FALSE (after answering 400) if it is there but
 * not a string of 1 to MP_REPORT_MAX_TEXT characters. */
static gboolean
text_member (MpRequest   *req,
             JsonObject  *body,
             const char  *field,
             const char **out)
{
  JsonNode *node = json_object_get_member (body, field);
  const char *text;

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, field, "The field “%s” must be a string.", field);
      return FALSE;
    }
  text = json_node_get_string (node);
  *out = text;
  while (g_ascii_isspace (*text))
    text++;
  if (*text == '\0' || !g_utf8_validate (text, -1, NULL) || g_utf8_strlen (text, -1) > MP_REPORT_MAX_TEXT)
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, field,
                         "The field “%s” must have 1 to %d characters.", field, MP_REPORT_MAX_TEXT);
      *out = NULL;
      return FALSE;
    }
  return TRUE;
}

static void
write_report (MpRequest    *req,
              MpJsonWriter *writer,
              sqlite3_stmt *row)
{
  const char *id = mp_db_text (row, 0);
  const char *status = mp_db_text (row, 3);
  g_autofree char *start = g_strconcat (mp_db_text (row, 7), "T00:00:00Z", NULL);
  g_autofree char *end = g_strconcat (mp_db_text (row, 8), "T23:59:59Z", NULL);

  mp_json_begin_object (writer);
  mp_json_member_string (writer, "id", id);
  mp_json_member_string (writer, "name", mp_db_text (row, 1));
  mp_json_member_optional_string (writer, "customizationName", mp_db_text (row, 2));
  mp_json_member_string (writer, "status", status);
  mp_json_member_string (writer, "type", mp_db_text (row, 4));
  mp_json_member_string (writer, "format", mp_db_text (row, 5));
  mp_json_member_string (writer, "creationDate", mp_db_text (row, 6));
  mp_json_member_string (writer, "startDate", start);
  mp_json_member_string (writer, "endDate", end);
  if (strcmp (status, "completed") == 0)
    {
      GUri *uri = soup_server_message_get_uri (req->msg);
      const char *reports = g_strrstr (req->path, "/reports");
      g_autofree char *base = g_strndup (req->path, reports != NULL ? (gsize) (reports - req->path) : 0);
      g_autofree char *path = g_strconcat (base, "/reports/", id, "/file", NULL);
      g_autofree char *url = g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                                         g_uri_get_port (uri), path, NULL, NULL);

      mp_json_member_string (writer, "downloadUrl", url);
      if (req->server->extensions)
        {
          mp_json_member_int (writer, "lineCount", sqlite3_column_int64 (row, 9));
          mp_json_member_money (writer, "total", sqlite3_column_int64 (row, 10), mp_db_text (row, 11));
          mp_json_member_money (writer, "orderTotal", sqlite3_column_int64 (row, 12), mp_db_text (row, 11));
        }
    }
  mp_json_end_object (writer);
}

/* CSV: a field quoted when it holds a separator, quote or line break. */
static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  if (strpbrk (text, ",\"\r\n") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static char *
amount_text (gint64      minor,
             const char *currency)
{
  MpMoney money;

  mp_money_init (&money, minor, currency);
  return mp_money_to_string (&money);
}

typedef struct
{
  gint64  customer_id;
  char   *name;
  gint64  total;
  gint64  order_total;
  gint64  lines;
} CustomerTotal;

static void
customer_total_free (gpointer data)
{
  CustomerTotal *total = data;

  g_free (total->name);
  g_free (total);
}

static const char csv_header[] =
  "kind,customerId,customerName,subscriptionId,subscriptionName,subscriptionStatus,periodType,periodDuration,"
  "mpn,productName,quantity,includedQuantity,billableQuantity,unitPrice,charge,currency,startDate,endDate,"
  "orderNumber,orderType,orderDate,chargeType,periodStart,periodEnd\r\n";

static char *
int_text (gint64 value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, value);
}

/* A statement of the build's own (not the connection's cache: requests
 * answered while it runs may prepare the same text). */
static sqlite3_stmt *
prepare_own (MpDb       *db,
             const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (mp_db_get_handle (db), sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Cannot prepare the report's query: %s", sqlite3_errmsg (mp_db_get_handle (db)));
  return stmt;
}

#define ROWS_PER_SLICE 256

/* The next row; every ROWS_PER_SLICE rows the main loop runs once, so that
 * other requests are answered while a big report is built (from the
 * report timer only, never inside a request). */
static gboolean
step_yielding (sqlite3_stmt *stmt,
               guint        *rows)
{
  gboolean row = sqlite3_step (stmt) == SQLITE_ROW;

  /* after the step: the first one sorts every row, so what requests write
   * meanwhile does not change them */
  if (row && ++*rows % ROWS_PER_SLICE == 0)
    g_main_context_iteration (NULL, FALSE);
  return row;
}

/* The element name of an item of array NAME: "lines" → "line". */
static char *
item_name (const char *name)
{
  gsize length = strlen (name);

  if (length > 1 && name[length - 1] == 's')
    return g_strndup (name, length - 1);
  return g_strdup ("item");
}

static void
append_xml (GString    *out,
            const char *name,
            JsonNode   *node,
            guint       depth,
            guint      *rows)
{
  g_string_append_printf (out, "%*s<%s", (int) depth * 2, "", name);
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *key;
        JsonNode *member;

        g_string_append (out, ">\n");
        json_object_iter_init_ordered (&iter, json_node_get_object (node));
        while (json_object_iter_next_ordered (&iter, &key, &member))
          append_xml (out, key, member, depth + 1, rows);
        g_string_append_printf (out, "%*s</%s>\n", (int) depth * 2, "", name);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        g_autofree char *item = item_name (name);
        guint n = json_array_get_length (array);

        g_string_append (out, ">\n");
        for (guint i = 0; i < n; i++)
          {
            append_xml (out, item, json_array_get_element (array, i), depth + 1, rows);
            /* as the lines' rows do: the server answers meanwhile */
            if (++*rows % ROWS_PER_SLICE == 0)
              g_main_context_iteration (NULL, FALSE);
          }
        g_string_append_printf (out, "%*s</%s>\n", (int) depth * 2, "", name);
      }
      break;

    case JSON_NODE_VALUE:
      {
        g_autofree char *text = NULL;

        if (json_node_get_value_type (node) == G_TYPE_STRING)
          text = g_markup_escape_text (json_node_get_string (node), -1);
        else if (json_node_get_value_type (node) == G_TYPE_BOOLEAN)
          text = g_strdup (json_node_get_boolean (node) ? "true" : "false");
        else if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
          {
            char buffer[G_ASCII_DTOSTR_BUF_SIZE];

            text = g_strdup (g_ascii_dtostr (buffer, sizeof buffer, json_node_get_double (node)));
          }
        else
          text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
        g_string_append_printf (out, ">%s</%s>\n", text, name);
      }
      break;

    case JSON_NODE_NULL:
    default:
      g_string_append (out, "/>\n");
      break;
    }
}

/* The report's JSON file as XML (docs/api.md, "Reports"): the same
 * document, each member an element of its name, each item of an array an
 * element of the array's name in the singular ("lines" holds "line"
 * elements), amounts and dates written as in the JSON.
 */
static GBytes *
report_xml_from_json (GBytes *json)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  gsize size;
  const char *data = g_bytes_get_data (json, &size);
  guint rows = 0;

  /* The server wrote it: it parses. */
  if (!json_parser_load_from_data (parser, data, (gssize) size, &error))
    g_error ("A report's JSON does not parse: %s", error->message);
  append_xml (out, "report", json_parser_get_root (parser), 0, &rows);
  return g_string_free_to_bytes (g_steal_pointer (&out));
}

/* One billing period of a subscription that falls in the report's
 * period: its first and last days ("YYYY-MM-DD"), and which month of the
 * subscription's term it is (INDEX of MONTHS). */
typedef struct
{
  char  first[11];
  char  last[11];
  guint index;
  guint months;
} BilledPeriod;

/* The billing periods of a subscription that begin during START..END.
 * Subscriptions are billed monthly (billingPeriod), in advance
 * (chargeBeforeBillingPeriod): on the day of CREATED each month, each
 * counted from CREATED (31 Jan, 28 Feb, 31 Mar: GDate clamps to the
 * month's end), up to EXPIRES, the next renewal, which its renewal order
 * bills. A term is DURATION months or years (PERIOD_TYPE). */
static GArray *
billed_periods (const char *created,
                const char *expires,
                const char *period_type,
                gint64      duration,
                const char *start,
                const char *end)
{
  GArray *periods = g_array_new (FALSE, TRUE, sizeof (BilledPeriod));
  guint months = (guint) CLAMP (duration, 1, 120) * (g_strcmp0 (period_type, "year") == 0 ? 12 : 1);
  GDate from, until;

  if (!parse_day (created, &from) || !parse_day (expires, &until))
    return periods;
  /* 100 years of months at most */
  for (guint k = 0; k < 1200; k++)
    {
      GDate first = from, next = from;
      BilledPeriod period;
      g_autofree char *first_text = NULL;
      g_autofree char *last_text = NULL;

      g_date_add_months (&first, k);
      if (g_date_compare (&first, &until) >= 0)
        break;
      first_text = day_string (&first);
      if (strcmp (first_text, end) > 0)
        break;
      if (strcmp (first_text, start) < 0)
        continue;
      g_date_add_months (&next, k + 1);
      g_date_subtract_days (&next, 1);
      last_text = day_string (&next);
      g_strlcpy (period.first, first_text, sizeof period.first);
      g_strlcpy (period.last, last_text, sizeof period.last);
      period.index = k % months;
      period.months = months;
      g_array_append_val (periods, period);
    }
  return periods;
}

/* The share of TERM_CHARGE (one term's price) that month INDEX of a term
 * of MONTHS bills: the term's price spread over its months to the minor
 * unit, the first months rounded down, so that a whole term bills exactly
 * TERM_CHARGE. */
static gint64
month_share (gint64 term_charge,
             guint  index,
             guint  months)
{
  return term_charge * (index + 1) / months - term_charge * index / months;
}

/* The report's file: what OWNER was billed during START..END, in FORMAT
 * (json, xml or csv): the periods of its subscriptions that begin then,
 * and the lines of its orders completed then. */
static GBytes *
build_content (MpDb       *db,
               const char *id,
               const char *marketplace,
               const char *owner,
               gint64      owner_id,
               const char *name,
               const char *type,
               const char *format,
               const char *start,
               const char *end,
               const char *currency,
               gint64     *line_count,
               gint64     *grand_total,
               gint64     *orders_total)
{
  /* XLSX: the CSV file's rows, as a workbook */
  gboolean xlsx = strcmp (format, "xlsx") == 0;
  gboolean csv = xlsx || strcmp (format, "csv") == 0;
  char *sql = g_strconcat (
    "SELECT s.customer_id, a.name, s.id, s.name, s.status, s.period_type, s.period_duration,"
    " p.mpn, " MP_TR ("product", "p.mpn", "name", "p.name") ", sp.quantity, p.included,"
    " coalesce (pr.recurring, 0), s.currency, substr (s.created, 1, 10), substr (s.expires, 1, 10)"
    " FROM subscriptions s JOIN accounts a ON a.id = s.customer_id"
    " JOIN subscription_products sp ON sp.subscription_id = s.id"
    " JOIN products p ON p.id = sp.product_id"
    " LEFT JOIN prices pr ON pr.product_id = p.id AND pr.currency = s.currency"
    "  AND pr.period_type = s.period_type AND pr.period_duration = s.period_duration"
    " WHERE s.marketplace = ?1 AND ",
    strcmp (owner, "reseller") == 0 ? "s.reseller_id" : "s.customer_id",
    " = ?2 AND s.status IN ('active', 'hold') AND p.one_time = 0"
    " AND substr (s.created, 1, 10) <= ?4 AND substr (s.expires, 1, 10) >= ?3"
    " ORDER BY s.customer_id, s.id, p.position", NULL);
  sqlite3_stmt *stmt = prepare_own (db, sql);
  g_autoptr(GHashTable) customers = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, customer_total_free);
  g_autoptr(GPtrArray) order = g_ptr_array_new ();
  g_autoptr(GString) out = g_string_new (NULL);
  MpJsonWriter writer;
  gint64 total = 0, lines = 0, order_total = 0, order_lines = 0;
  guint rows = 0;
  GBytes *result;

  if (csv)
    g_string_append (out, csv_header);
  else
    {
      mp_json_writer_init (&writer);
      mp_json_begin_object (&writer);
      mp_json_member_string (&writer, "reportId", id);
      mp_json_member_string (&writer, "name", name);
      mp_json_member_string (&writer, "type", type);
      mp_json_member_string (&writer, "startDate", start);
      mp_json_member_string (&writer, "endDate", end);
      mp_json_member_string (&writer, "currency", currency);
      mp_json_key (&writer, "lines");
      mp_json_begin_array (&writer);
    }

  sqlite3_bind_text (stmt, 1, marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, owner_id);
  sqlite3_bind_text (stmt, 3, start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, end, -1, SQLITE_STATIC);
  /* tr () answers in the language set when the rows are sorted: the first step */
  mp_db_set_marketplace (db, marketplace);
  while (step_yielding (stmt, &rows))
    {
      gint64 customer_id = sqlite3_column_int64 (stmt, 0);
      gint64 quantity = sqlite3_column_int64 (stmt, 9);
      gint64 included = sqlite3_column_int64 (stmt, 10);
      gint64 unit = sqlite3_column_int64 (stmt, 11);
      gint64 billable = MAX (0, quantity - included);
      gint64 term_charge = billable * unit;
      const char *line_currency = mp_db_text (stmt, 12);
      g_autofree char *unit_text = amount_text (unit, line_currency);
      g_autoptr(GArray) periods = billed_periods (mp_db_text (stmt, 13), mp_db_text (stmt, 14),
                                                  mp_db_text (stmt, 5), sqlite3_column_int64 (stmt, 6),
                                                  start, end);
      CustomerTotal *ct;

      if (periods->len == 0)
        continue;
      ct = g_hash_table_lookup (customers, &customer_id);
      if (ct == NULL)
        {
          ct = g_new0 (CustomerTotal, 1);
          ct->customer_id = customer_id;
          ct->name = g_strdup (mp_db_text (stmt, 1));
          g_hash_table_insert (customers, &ct->customer_id, ct);
          g_ptr_array_add (order, ct);
        }
      for (guint k = 0; k < periods->len; k++)
        {
          const BilledPeriod *period = &g_array_index (periods, BilledPeriod, k);
          gint64 charge = month_share (term_charge, period->index, period->months);
          g_autofree char *charge_text = amount_text (charge, line_currency);

          ct->total += charge;
          ct->lines++;
          total += charge;
          lines++;

          if (csv)
            {
              g_autofree char *cid = int_text (customer_id);
              g_autofree char *sid = int_text (sqlite3_column_int64 (stmt, 2));
              g_autofree char *duration = int_text (sqlite3_column_int64 (stmt, 6));
              g_autofree char *q = int_text (quantity);
              g_autofree char *inc = int_text (included);
              g_autofree char *bill = int_text (billable);

              csv_field (out, "recurring", FALSE);
              csv_field (out, cid, FALSE);
              csv_field (out, mp_db_text (stmt, 1), FALSE);
              csv_field (out, sid, FALSE);
              csv_field (out, mp_db_text (stmt, 3), FALSE);
              csv_field (out, mp_db_text (stmt, 4), FALSE);
              csv_field (out, mp_db_text (stmt, 5), FALSE);
              csv_field (out, duration, FALSE);
              csv_field (out, mp_db_text (stmt, 7), FALSE);
              csv_field (out, mp_db_text (stmt, 8), FALSE);
              csv_field (out, q, FALSE);
              csv_field (out, inc, FALSE);
              csv_field (out, bill, FALSE);
              csv_field (out, unit_text, FALSE);
              csv_field (out, charge_text, FALSE);
              csv_field (out, line_currency, FALSE);
              csv_field (out, start, FALSE);
              csv_field (out, end, FALSE);
              g_string_append (out, ",,,,");
              csv_field (out, period->first, FALSE);
              csv_field (out, period->last, TRUE);
            }
          else
            {
              mp_json_begin_object (&writer);
              mp_json_member_string (&writer, "kind", "recurring");
              mp_json_member_id (&writer, "customerId", customer_id);
              mp_json_member_string (&writer, "customerName", mp_db_text (stmt, 1));
              mp_json_member_id (&writer, "subscriptionId", sqlite3_column_int64 (stmt, 2));
              mp_json_member_string (&writer, "subscriptionName", mp_db_text (stmt, 3));
              mp_json_member_string (&writer, "subscriptionStatus", mp_db_text (stmt, 4));
              mp_json_member_period (&writer, "subscriptionPeriod", mp_db_text (stmt, 5),
                                     sqlite3_column_int64 (stmt, 6));
              mp_json_member_string (&writer, "periodStart", period->first);
              mp_json_member_string (&writer, "periodEnd", period->last);
              mp_json_member_string (&writer, "mpn", mp_db_text (stmt, 7));
              mp_json_member_string (&writer, "productName", mp_db_text (stmt, 8));
              mp_json_member_int (&writer, "quantity", quantity);
              mp_json_member_int (&writer, "includedQuantity", included);
              mp_json_member_int (&writer, "billableQuantity", billable);
              mp_json_member_money (&writer, "unitPrice", unit, line_currency);
              mp_json_member_money (&writer, "charge", charge, line_currency);
              mp_json_end_object (&writer);
            }
        }
    }
  sqlite3_finalize (stmt);

  if (!csv)
    {
      mp_json_end_array (&writer);
      mp_json_key (&writer, "orderLines");
      mp_json_begin_array (&writer);
    }
  /* What the completed orders of the period charged, line by line. */
  g_free (sql);
  sql = g_strconcat (
    "SELECT o.customer_id, a.name, o.subscription_id, o.number, o.type, substr (o.created, 1, 10),"
    " d.type, d.mpn, d.description, d.quantity, d.unit, d.extended, o.currency"
    " FROM orders o JOIN accounts a ON a.id = o.customer_id"
    " JOIN order_details d ON d.order_id = o.id"
    " WHERE o.marketplace = ?1 AND ",
    strcmp (owner, "reseller") == 0 ? "o.reseller_id" : "o.customer_id",
    " = ?2 AND o.status = 'completed'"
    " AND substr (o.created, 1, 10) >= ?3 AND substr (o.created, 1, 10) <= ?4"
    " ORDER BY o.customer_id, o.created_ms, o.id, d.position", NULL);
  stmt = prepare_own (db, sql);
  sqlite3_bind_text (stmt, 1, marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, owner_id);
  sqlite3_bind_text (stmt, 3, start, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, end, -1, SQLITE_STATIC);
  mp_db_set_marketplace (db, marketplace);
  while (step_yielding (stmt, &rows))
    {
      gint64 customer_id = sqlite3_column_int64 (stmt, 0);
      gint64 charge = sqlite3_column_int64 (stmt, 11);
      const char *line_currency = mp_db_text (stmt, 12);
      g_autofree char *unit_text = amount_text (sqlite3_column_int64 (stmt, 10), line_currency);
      g_autofree char *charge_text = amount_text (charge, line_currency);
      CustomerTotal *ct = g_hash_table_lookup (customers, &customer_id);

      if (ct == NULL)
        {
          ct = g_new0 (CustomerTotal, 1);
          ct->customer_id = customer_id;
          ct->name = g_strdup (mp_db_text (stmt, 1));
          g_hash_table_insert (customers, &ct->customer_id, ct);
          g_ptr_array_add (order, ct);
        }
      ct->order_total += charge;
      order_total += charge;
      order_lines++;

      if (csv)
        {
          g_autofree char *cid = int_text (customer_id);
          g_autofree char *sid = sqlite3_column_int64 (stmt, 2) != 0 ? int_text (sqlite3_column_int64 (stmt, 2))
                                                                    : g_strdup ("");
          g_autofree char *q = int_text (sqlite3_column_int64 (stmt, 9));

          csv_field (out, "order", FALSE);
          csv_field (out, cid, FALSE);
          csv_field (out, mp_db_text (stmt, 1), FALSE);
          csv_field (out, sid, FALSE);
          g_string_append (out, ",,,,");
          csv_field (out, mp_db_text (stmt, 7), FALSE);
          csv_field (out, mp_db_text (stmt, 8), FALSE);
          csv_field (out, q, FALSE);
          g_string_append (out, ",,");
          csv_field (out, unit_text, FALSE);
          csv_field (out, charge_text, FALSE);
          csv_field (out, line_currency, FALSE);
          csv_field (out, start, FALSE);
          csv_field (out, end, FALSE);
          csv_field (out, mp_db_text (stmt, 3), FALSE);
          csv_field (out, mp_db_text (stmt, 4), FALSE);
          csv_field (out, mp_db_text (stmt, 5), FALSE);
          csv_field (out, mp_db_text (stmt, 6), FALSE);
          g_string_append (out, ",\r\n");
        }
      else
        {
          mp_json_begin_object (&writer);
          mp_json_member_string (&writer, "kind", "order");
          mp_json_member_id (&writer, "customerId", customer_id);
          mp_json_member_string (&writer, "customerName", mp_db_text (stmt, 1));
          mp_json_member_optional_id (&writer, "subscriptionId", sqlite3_column_int64 (stmt, 2));
          mp_json_member_string (&writer, "orderNumber", mp_db_text (stmt, 3));
          mp_json_member_string (&writer, "orderType", mp_db_text (stmt, 4));
          mp_json_member_string (&writer, "orderDate", mp_db_text (stmt, 5));
          mp_json_member_string (&writer, "chargeType", mp_db_text (stmt, 6));
          mp_json_member_string (&writer, "mpn", mp_db_text (stmt, 7));
          mp_json_member_string (&writer, "description", mp_db_text (stmt, 8));
          mp_json_member_int (&writer, "quantity", sqlite3_column_int64 (stmt, 9));
          mp_json_member_money (&writer, "unitPrice", sqlite3_column_int64 (stmt, 10), line_currency);
          mp_json_member_money (&writer, "charge", charge, line_currency);
          mp_json_end_object (&writer);
        }
    }
  sqlite3_finalize (stmt);

  *line_count = lines;
  *grand_total = total;
  *orders_total = order_total;
  g_free (sql);
  if (xlsx)
    {
      static const char * const numeric[] = { "periodDuration", "quantity", "includedQuantity",
                                              "billableQuantity", "unitPrice", "charge", NULL };
      g_autoptr(GBytes) table = g_string_free_to_bytes (g_steal_pointer (&out));

      return mp_server_xlsx_from_csv (table, numeric);
    }
  if (csv)
    return g_string_free_to_bytes (g_steal_pointer (&out));

  mp_json_end_array (&writer);
  mp_json_key (&writer, "customers");
  mp_json_begin_array (&writer);
  for (guint i = 0; i < order->len; i++)
    {
      CustomerTotal *ct = g_ptr_array_index (order, i);

      mp_json_begin_object (&writer);
      mp_json_member_id (&writer, "customerId", ct->customer_id);
      mp_json_member_string (&writer, "customerName", ct->name);
      mp_json_member_int (&writer, "lineCount", ct->lines);
      mp_json_member_money (&writer, "total", ct->total, currency);
      mp_json_member_money (&writer, "orderTotal", ct->order_total, currency);
      mp_json_end_object (&writer);
    }
  mp_json_end_array (&writer);
  mp_json_member_int (&writer, "lineCount", lines);
  mp_json_member_money (&writer, "total", total, currency);
  mp_json_member_int (&writer, "orderLineCount", order_lines);
  mp_json_member_money (&writer, "orderTotal", order_total, currency);
  mp_json_end_object (&writer);
  {
    gsize length;
    char *data = mp_json_writer_steal (&writer, &length);

    result = g_bytes_new_take (data, length);
  }
  if (strcmp (format, "xml") == 0)
    {
      g_autoptr(GBytes) json = result;

      result = report_xml_from_json (json);
    }
  return result;
}

/* Moves every report whose step is due on: submitted to processing,
 * processing to completed, its file computed then (on the main loop: the
 * server's connection holds the database file exclusively; about 3 s for
 * 100,000 subscriptions on the project's machine), in the report's
 * marketplace's language. CURRENT: the marketplace of the request being
 * answered, whose language is set again afterwards (NULL: none).
 */
static gboolean
is_building (MpServer *self)
{
  return GPOINTER_TO_INT (g_object_get_data (G_OBJECT (self), "mp-reports-building"));
}

static void
advance_due (MpServer   *self,
             const char *current,
             gboolean    build)
{
  gint64 now = g_get_real_time () / 1000;
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  if (sqlite3_exec (mp_db_get_handle (self->db), reports_schema, NULL, NULL, NULL) != SQLITE_OK)
    return;
  /* due steps, and files whose build stopped with the server (processing
   * without a due time while nothing is built) */
  stmt = mp_db_prepare (self->db,
                        "SELECT id FROM reports WHERE (due_ms IS NOT NULL AND due_ms <= ?1)"
                        " OR (?2 AND status = 'processing' AND due_ms IS NULL) ORDER BY due_ms");
  sqlite3_bind_int64 (stmt, 1, now);
  sqlite3_bind_int (stmt, 2, !is_building (self));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (due, g_strdup (mp_db_text (stmt, 0)));
  sqlite3_reset (stmt);

  for (guint i = 0; i < due->len; i++)
    {
      const char *id = g_ptr_array_index (due, i);
      g_autofree char *status = NULL, *marketplace = NULL, *owner = NULL, *name = NULL, *type = NULL;
      g_autofree char *format = NULL, *start = NULL, *end = NULL, *currency = NULL;
      g_autoptr(GBytes) content = NULL;
      g_autoptr(GError) error = NULL;
      gint64 owner_id, lines = 0, total = 0, orders_total = 0;

      stmt = mp_db_prepare (self->db,
                            "SELECT status, marketplace, owner_type, owner_id, name, type, format, start_date,"
                            " end_date, currency FROM reports WHERE id = ?");
      sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          continue;
        }
      status = g_strdup (mp_db_text (stmt, 0));
      marketplace = g_strdup (mp_db_text (stmt, 1));
      owner = g_strdup (mp_db_text (stmt, 2));
      owner_id = sqlite3_column_int64 (stmt, 3);
      name = g_strdup (mp_db_text (stmt, 4));
      type = g_strdup (mp_db_text (stmt, 5));
      format = g_strdup (mp_db_text (stmt, 6));
      start = g_strdup (mp_db_text (stmt, 7));
      end = g_strdup (mp_db_text (stmt, 8));
      currency = g_strdup (mp_db_text (stmt, 9));
      sqlite3_reset (stmt);

      if (strcmp (status, "submitted") == 0)
        {
          stmt = mp_db_prepare (self->db, "UPDATE reports SET status = 'processing', due_ms = ? WHERE id = ?");
          sqlite3_bind_int64 (stmt, 1, now + self->step_ms);
          sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
        }
      else if (!build || is_building (self))
        continue;   /* the timer builds it, one at a time */
      else
        {
          gint64 began = g_get_monotonic_time ();

          stmt = mp_db_prepare (self->db, "UPDATE reports SET due_ms = NULL WHERE id = ?");
          sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
          if (!mp_db_step_done (self->db, stmt, &error))
            {
              g_warning ("Report %s: %s", id, error->message);
              continue;
            }
          g_object_set_data (G_OBJECT (self), "mp-reports-building", GINT_TO_POINTER (TRUE));
          content = build_content (self->db, id, marketplace, owner, owner_id, name, type, format, start, end,
                                   currency, &lines, &total, &orders_total);
          g_object_set_data (G_OBJECT (self), "mp-reports-building", GINT_TO_POINTER (FALSE));
          mp_db_set_marketplace (self->db, current);
          g_debug ("Report %s: %" G_GINT64_FORMAT " lines, %" G_GSIZE_FORMAT " bytes in %.1f ms", id, lines,
                   g_bytes_get_size (content), (g_get_monotonic_time () - began) / 1000.0);
          stmt = mp_db_prepare (self->db,
                                "UPDATE reports SET status = 'completed', due_ms = NULL, content = ?,"
                                " line_count = ?, total = ?, order_total = ? WHERE id = ?");
          sqlite3_bind_blob64 (stmt, 1, g_bytes_get_data (content, NULL), g_bytes_get_size (content),
                               SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, lines);
          sqlite3_bind_int64 (stmt, 3, total);
          sqlite3_bind_int64 (stmt, 4, orders_total);
          sqlite3_bind_text (stmt, 5, id, -1, SQLITE_STATIC);
        }
      if (!mp_db_step_done (self->db, stmt, &error))
        g_warning ("Report %s: %s", id, error->message);
    }
}

/* One timer per server, set for the next report due (its id kept on the
 * server, the source removed with it). */
static void reschedule (MpServer *self);

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

static void
remove_timer (gpointer data)
{
  g_source_remove (GPOINTER_TO_UINT (data));
}

static gboolean
on_report_step (gpointer data)
{
  GWeakRef *ref = data;
  g_autoptr(MpServer) self = g_weak_ref_get (ref);

  if (self == NULL || self->db == NULL)
    return G_SOURCE_REMOVE;
  /* this source ends here: forget it without removing it */
  g_object_steal_data (G_OBJECT (self), "mp-reports-timer");
  advance_due (self, NULL, TRUE);
  reschedule (self);
  return G_SOURCE_REMOVE;
}

static void
reschedule (MpServer *self)
{
  sqlite3_stmt *stmt = mp_db_prepare (self->db,
                                      "SELECT min (CASE WHEN due_ms IS NULL THEN 1 ELSE due_ms END) FROM reports"
                                      " WHERE due_ms IS NOT NULL OR (?1 AND status = 'processing')");
  GWeakRef *ref;
  gint64 next = 0, delay;
  guint id;

  sqlite3_bind_int (stmt, 1, !is_building (self));
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    next = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  g_object_set_data (G_OBJECT (self), "mp-reports-timer", NULL);
  if (next == 0)
    return;
  delay = MAX (0, next - g_get_real_time () / 1000);
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  id = g_timeout_add_full (G_PRIORITY_DEFAULT, (guint) MIN (delay, G_MAXINT), on_report_step, ref, weak_ref_free);
  g_object_set_data_full (G_OBJECT (self), "mp-reports-timer", GUINT_TO_POINTER (id), remove_timer);
}

static void
handle_create (MpRequest *req)
{
  MpServer *self = req->server;
  g_autoptr(JsonNode) root = mp_request_body (req);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL, *start_text = NULL, *end_text = NULL, *created = NULL;
  const char *name, *customization, *format = "json", *type = "onetime";
  JsonObject *body;
  JsonNode *node;
  GDate start, end, today, last;
  sqlite3_stmt *stmt;
  MpJsonWriter writer;
  gboolean found;

  if (root == NULL)
    return;
  body = json_node_get_object (root);
  if (!text_member (req, body, "name", &name) || !text_member (req, body, "customizationName", &customization))
    return;
  if (name == NULL)
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "name", "The field “name” is required.");
      return;
    }

  node = json_object_get_member (body, "format");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      format = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
               ? json_node_get_string (node) : NULL;
      if (!in_list (report_formats, format))
        {
          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "format",
                             "The field “format” must be json, xml, csv or xlsx.");
          return;
        }
    }

  /* type is read-only in the schema (a request is a one-time report); the
   * extension takes daily and monthly too, which fix the period's shape. */
  node = json_object_get_member (body, "type");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      type = JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING
             ? json_node_get_string (node) : NULL;
      if (!in_list (report_types, type))
        {
          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "type",
                             "The field “type” must be periodic, daily, monthly, onetime or on_invoice.");
          return;
        }
      if (strcmp (type, "periodic") == 0 || strcmp (type, "on_invoice") == 0)
        {
          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "type",
                             "Reports of type “%s” are made by the platform, not requested; "
                             "request onetime, daily or monthly.", type);
          return;
        }
    }

  node = json_object_get_member (body, "startDate");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
      || !parse_day (json_node_get_string (node), &start))
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "startDate",
                         "The field “startDate” is required, as a date (YYYY-MM-DD) or date and time.");
      return;
    }
  node = json_object_get_member (body, "endDate");
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (strcmp (type, "onetime") == 0)
        {
          mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "endDate",
                             "The field “endDate” is required for a one-time report.");
          return;
        }
      end = start;
      if (strcmp (type, "monthly") == 0)
        {
          g_date_add_months (&end, 1);
          g_date_subtract_days (&end, 1);
        }
    }
  else if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING
           || !parse_day (json_node_get_string (node), &end))
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "endDate",
                         "The field “endDate” must be a date (YYYY-MM-DD) or date and time.");
      return;
    }

  mp_server_clock_today (&today);
  if (g_date_compare (&end, &start) < 0)
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "endDate",
                         "The period must not end before it starts.");
      return;
    }
  if (g_date_compare (&start, &today) > 0)
    {
      g_autofree char *today_text = day_string (&today);

      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "startDate",
                         "The period must start on or before today (%s).", today_text);
      return;
    }
  if (g_date_days_between (&start, &end) + 1 > MP_REPORT_MAX_DAYS)
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "endDate",
                         "A report covers at most %d days.", MP_REPORT_MAX_DAYS);
      return;
    }
  if (strcmp (type, "daily") == 0 && g_date_compare (&start, &end) != 0)
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "endDate",
                         "A daily report covers one day: its end date is its start date.");
      return;
    }
  last = start;
  g_date_add_months (&last, 1);
  g_date_subtract_days (&last, 1);
  if (strcmp (type, "monthly") == 0 && (g_date_get_day (&start) != 1 || g_date_compare (&end, &last) != 0))
    {
      mp_request_refuse (req, 400, MP_SERVER_REFUSAL_FIELD, "startDate",
                         "A monthly report covers one calendar month: from its first day to its last.");
      return;
    }

  id = g_uuid_string_random ();
  start_text = day_string (&start);
  end_text = day_string (&end);
  created = mp_format_time (mp_server_clock_now ());
  stmt = mp_db_prepare (self->db,
                        "INSERT INTO reports (id, marketplace, owner_type, owner_id, name, customization_name, type,"
                        " format, status, start_date, end_date, created, created_ms, due_ms, currency)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'submitted', ?, ?, ?, ?, ?, ?)");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, req->marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, owner_type (req), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, req->account_id);
  sqlite3_bind_text (stmt, 5, name, -1, SQLITE_STATIC);
  if (customization != NULL)
    sqlite3_bind_text (stmt, 6, customization, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, type, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, format, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 9, start_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 10, end_text, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 11, created, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 12, g_get_real_time () / 1000);
  sqlite3_bind_int64 (stmt, 13, g_get_real_time () / 1000 + self->step_ms);
  sqlite3_bind_text (stmt, 14, req->currency, -1, SQLITE_STATIC);
  if (!mp_db_step_done (self->db, stmt, &error))
    {
      mp_request_error (req, 500, "%s", error->message);
      return;
    }
  reschedule (self);

  stmt = mp_db_prepare (self->db, "SELECT " REPORT_COLUMNS " FROM reports WHERE id = ?");
  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      mp_json_writer_init (&writer);
      write_report (req, &writer, stmt);
    }
  sqlite3_reset (stmt);
  if (found)
    mp_request_reply (req, 200, &writer);
  else
    mp_request_error (req, 500, "The report could not be stored.");
}

static void
handle_list (MpRequest *req)
{
  MpServer *self = req->server;
  const char *name = mp_request_query (req, "name");
  const char *format = mp_request_query (req, "format");
  const char *status = mp_request_query (req, "status");
  const char *type = mp_request_query (req, "type");
  const char *from = mp_request_query (req, "from");
  const char *to = mp_request_query (req, "to");
  static const char where[] =
    " FROM reports WHERE marketplace = :market AND owner_type = :owner AND owner_id = :me"
    " AND (:name IS NULL OR instr (lower (name), lower (:name)) > 0)"
    " AND (:format IS NULL OR format = :format) AND (:status IS NULL OR status = :status)"
    " AND (:type IS NULL OR type = :type)"
    " AND (:from IS NULL OR substr (created, 1, 10) >= :from) AND (:to IS NULL OR substr (created, 1, 10) <= :to)";
  sqlite3_stmt *stmt;
  MpJsonWriter writer;
  gint64 offset, limit, total = 0;
  GDate date;

  if (!mp_request_paging (req, &offset, &limit))
    return;
  if (format != NULL && !in_list (report_formats, format))
    {
      mp_request_error (req, 400, "The parameter “format” must be json, xml, csv or xlsx.");
      return;
    }
  if (status != NULL && !in_list (report_statuses, status))
    {
      mp_request_error (req, 400, "The parameter “status” must be submitted, processing, completed or error.");
      return;
    }
  if (type != NULL && !in_list (report_types, type))
    {
      mp_request_error (req, 400, "The parameter “type” must be periodic, daily, monthly, onetime or on_invoice.");
      return;
    }
  if ((from != NULL && (strlen (from) != 10 || !parse_day (from, &date)))
      || (to != NULL && (strlen (to) != 10 || !parse_day (to, &date))))
    {
      mp_request_error (req, 400, "The parameters “from” and “to” take dates as YYYY-MM-DD.");
      return;
    }

#define BIND_FILTER(stmt) \
  G_STMT_START { \
    mp_db_bind_text (stmt, ":market", req->marketplace); \
    mp_db_bind_text (stmt, ":owner", owner_type (req)); \
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":me"), req->account_id); \
    mp_db_bind_text (stmt, ":name", name); \
    mp_db_bind_text (stmt, ":format", format); \
    mp_db_bind_text (stmt, ":status", status); \
    mp_db_bind_text (stmt, ":type", type); \
    mp_db_bind_text (stmt, ":from", from); \
    mp_db_bind_text (stmt, ":to", to); \
  } G_STMT_END

  {
    g_autofree char *sql = g_strconcat ("SELECT count (*)", where, NULL);

    stmt = mp_db_prepare (self->db, sql);
    BIND_FILTER (stmt);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      total = sqlite3_column_int64 (stmt, 0);
    sqlite3_reset (stmt);
  }

  mp_json_writer_init (&writer);
  mp_json_begin_object (&writer);
  mp_json_key (&writer, "data");
  mp_json_begin_array (&writer);
  {
    g_autofree char *sql = g_strconcat ("SELECT " REPORT_COLUMNS, where,
                                        " ORDER BY created_ms DESC, rowid DESC LIMIT :limit OFFSET :offset", NULL);

    stmt = mp_db_prepare (self->db, sql);
    BIND_FILTER (stmt);
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), offset);
    while (sqlite3_step (stmt) == SQLITE_ROW)
      write_report (req, &writer, stmt);
    sqlite3_reset (stmt);
  }
#undef BIND_FILTER
  mp_request_write_list_end (&writer, offset, limit, total);
  mp_request_reply (req, 200, &writer);
}

void
mp_server_handle_reports (MpRequest *req)
{
  if (!ensure_table (req))
    return;
  advance_due (req->server, req->marketplace, FALSE);
  reschedule (req->server);
  if (strcmp (req->method, "POST") == 0)
    handle_create (req);
  else
    handle_list (req);
}

/* The row of the caller's report ID, stepped; NULL after answering 404. */
static sqlite3_stmt *
find_report (MpRequest  *req,
             const char *columns,
             const char *id)
{
  g_autofree char *sql = g_strconcat ("SELECT ", columns, " FROM reports"
                                      " WHERE id = ? AND marketplace = ? AND owner_type = ? AND owner_id = ?", NULL);
  sqlite3_stmt *stmt = mp_db_prepare (req->server->db, sql);

  sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, req->marketplace, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, owner_type (req), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, req->account_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      mp_request_error (req, 404, "No entity has been found: report “%s”.", id);
      return NULL;
    }
  return stmt;
}

void
mp_server_handle_report (MpRequest  *req,
                         const char *id,
                         gboolean    file)
{
  sqlite3_stmt *stmt;

  if (!ensure_table (req))
    return;
  if (!g_uuid_string_is_valid (id))
    {
      mp_request_error (req, 404, "No entity has been found: report “%s”.", id);
      return;
    }
  advance_due (req->server, req->marketplace, FALSE);
  reschedule (req->server);
  if (!file)
    {
      MpJsonWriter writer;

      stmt = find_report (req, REPORT_COLUMNS, id);
      if (stmt == NULL)
        return;
      mp_json_writer_init (&writer);
      write_report (req, &writer, stmt);
      sqlite3_reset (stmt);
      mp_request_reply (req, 200, &writer);
      return;
    }

  stmt = find_report (req, "status, format, content, name", id);
  if (stmt == NULL)
    return;
  if (strcmp (mp_db_text (stmt, 0), "completed") != 0)
    {
      g_autofree char *status = g_strdup (mp_db_text (stmt, 0));

      sqlite3_reset (stmt);
      mp_request_error (req, 409, "The report is not ready yet: it is %s.", status);
      return;
    }
  {
    g_autofree char *format = g_strdup (mp_db_text (stmt, 1));
    g_autoptr(GBytes) content = g_bytes_new (sqlite3_column_blob (stmt, 2), (gsize) sqlite3_column_bytes (stmt, 2));
    g_autofree char *disposition = g_strdup_printf ("attachment; filename=\"report-%s.%s\"", id, format);
    SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);

    sqlite3_reset (stmt);
    mp_request_reply_bytes (req, 200, content);
    if (strcmp (format, "csv") == 0)
      soup_message_headers_set_content_type (headers, "text/csv", NULL);
    else if (strcmp (format, "xml") == 0)
      soup_message_headers_set_content_type (headers, "application/xml", NULL);
    else if (strcmp (format, "xlsx") == 0)
      soup_message_headers_set_content_type (headers,
                                             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL);
    soup_message_headers_replace (headers, "Content-Disposition", disposition);
  }
}
