/* test-server-reports.c: rated-data reports (docs/api.md "Reports"):
 * totals against a sum computed here over the subscriptions' unit prices,
 * the status progression, validation, and who sees which report
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <glib/gstdio.h>
#include <string.h>

#include "mp-server-test-util.h"

static MpTestServer *server;
static SoupSession *session;
static char *base;
static char *reseller_token;
static char *acme_token;
static char *globex_token;

static MpTestResponse *
call (const char *token,
      const char *method,
      const char *path,
      const char *body)
{
  g_autofree char *u = g_str_has_prefix (path, "http") ? g_strdup (path) : g_strconcat (base, path, NULL);

  return mp_test_request (session, method, u, token, body, NULL);
}

static MpTestResponse *
get_ok (const char *token,
        const char *path)
{
  MpTestResponse *response = call (token, "GET", path, NULL);

  if (response->status != 200)
    g_printerr ("%s\n", response->body);
  g_assert_cmpuint (response->status, ==, 200);
  return response;
}

static char *
today_minus (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* Requests a report; its id. */
static char *
request_report (const char *token,
                const char *format,
                const char *start,
                const char *end)
{
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Test report\", \"format\": \"%s\","
                                           " \"startDate\": \"%s\", \"endDate\": \"%s\"}", format, start, end);
  g_autoptr(MpTestResponse) r = call (token, "POST", "/reports", body);
  JsonObject *o;

  if (r->status != 200)
    g_printerr ("%s\n", r->body);
  g_assert_cmpuint (r->status, ==, 200);
  o = mp_test_object (r);
  g_assert_true (g_uuid_string_is_valid (mp_test_string (o, "id")));
  g_assert_cmpstr (mp_test_string (o, "status"), ==, "submitted");
  g_assert_cmpstr (mp_test_string (o, "type"), ==, "onetime");
  g_assert_cmpstr (mp_test_string (o, "format"), ==, format);
  g_assert_null (mp_test_string (o, "downloadUrl"));
  return g_strdup (mp_test_string (o, "id"));
}

static int
status_rank (const char *status)
{
  if (g_strcmp0 (status, "submitted") == 0)
    return 0;
  if (g_strcmp0 (status, "processing") == 0)
    return 1;
  if (g_strcmp0 (status, "completed") == 0)
    return 2;
  g_error ("unexpected status %s", status);
}

/* Polls the report until completed; SEEN_PROCESSING: whether it was seen
 * processing on the way; the completed report. Statuses never go back. */
static MpTestResponse *
wait_report (const char *token,
             const char *id,
             gboolean   *seen_processing)
{
  g_autofree char *path = g_strconcat ("/reports/", id, NULL);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  int last = 0;

  *seen_processing = FALSE;
  for (;;)
    {
      MpTestResponse *r = get_ok (token, path);
      const char *status = mp_test_string (mp_test_object (r), "status");
      int rank = status_rank (status);

      g_assert_cmpint (rank, >=, last);
      last = rank;
      if (rank == 1)
        *seen_processing = TRUE;
      if (rank == 2)
        return r;
      mp_test_response_free (r);
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (20 * 1000);
    }
}

typedef struct
{
  gint64 total;
  gint64 lines;
  GHashTable *per_customer;     /* customer id -> gint64* total */
} Expected;

static void
expected_clear (Expected *e)
{
  g_clear_pointer (&e->per_customer, g_hash_table_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Expected, expected_clear)

/* What the subscriptions TOKEN sees that are active or on hold were
 * billed during START..END, summed here from each subscription's unit
 * prices (GET /subscriptions/{id}): every subscription is billed monthly
 * in advance, on its creation day; a recurring line's term price is
 * (quantity - included) x unit price, and month i of a term of M months
 * bills floor (price x (i + 1) / M) - floor (price x i / M) of it. */
static void
expected_charges (const char *token,
                  const char *start,
                  const char *end,
                  Expected   *e)
{
  g_autoptr(MpTestResponse) list = get_ok (token, "/subscriptions?limit=1000");
  JsonArray *rows = json_object_get_array_member (mp_test_object (list), "data");

  e->total = 0;
  e->lines = 0;
  e->per_customer = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_assert_cmpint (mp_test_int (mp_test_object (list), "pagination.total"), ==, json_array_get_length (rows));
  for (guint i = 0; i < json_array_get_length (rows); i++)
    {
      JsonObject *row = json_array_get_object_element (rows, i);
      const char *status = json_object_get_string_member (row, "status");
      g_autofree char *created = g_strndup (json_object_get_string_member (row, "creationDate"), 10);
      g_autofree char *expires = g_strndup (json_object_get_string_member (row, "renewalDate"), 10);
      g_autofree char *path = NULL;
      g_autoptr(MpTestResponse) detail = NULL;
      g_autoptr(GArray) months = NULL;
      JsonObject *period;
      JsonArray *products;
      gint64 *customer_total;
      const char *customer;
      gint64 term_months;

      if (strcmp (status, "active") != 0 && strcmp (status, "hold") != 0)
        continue;
      months = mp_test_billed_months (created, expires, start, end);
      if (months->len == 0)
        continue;
      path = g_strconcat ("/subscriptions/", json_object_get_string_member (row, "id"), NULL);
      detail = get_ok (token, path);
      period = json_object_get_object_member (mp_test_object (detail), "subscriptionPeriod");
      term_months = json_object_get_int_member (period, "duration")
                    * (strcmp (json_object_get_string_member (period, "type"), "year") == 0 ? 12 : 1);
      g_assert_cmpint (term_months, >, 0);
      customer = mp_test_string (mp_test_object (detail), "customerId");
      customer_total = g_hash_table_lookup (e->per_customer, customer);
      if (customer_total == NULL)
        {
          customer_total = g_new0 (gint64, 1);
          g_hash_table_insert (e->per_customer, g_strdup (customer), customer_total);
        }
      products = json_object_get_array_member (mp_test_object (detail), "products");
      for (guint j = 0; j < json_array_get_length (products); j++)
        {
          JsonObject *p = json_array_get_object_element (products, j);
          gint64 unit, billable, price;

          if (json_object_get_boolean_member_with_default (p, "oneTime", FALSE))
            continue;
          unit = mp_test_minor_units (json_object_get_string_member (json_object_get_object_member (p, "unitPrice"),
                                                                     "amount"));
          billable = MAX (0, json_object_get_int_member (p, "quantity")
                             - json_object_get_int_member (p, "includedQuantity"));
          price = billable * unit;
          for (guint m = 0; m < months->len; m++)
            {
              gint64 charge = mp_test_month_share (price, g_array_index (months, guint, m), term_months);

              e->total += charge;
              *customer_total += charge;
              e->lines++;
            }
        }
    }
}

static MpTestResponse *
download (const char *token,
          JsonObject *report)
{
  const char *url = mp_test_string (report, "downloadUrl");

  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, "http://127.0.0.1:"));
  return get_ok (token, url);
}

/* JSON report of the last 30 days: the status goes submitted, processing,
 * completed; its total, line count and customer totals are the sum here;
 * the report's own total (extension) too.
 */
static void
test_json_totals (void)
{
  g_autofree char *start = today_minus (30);
  g_autofree char *end = today_minus (0);
  g_autofree char *id = request_report (reseller_token, "json", start, end);
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) file = NULL;
  g_auto(Expected) expected = { 0, 0, NULL };
  g_autofree char *start_time = g_strconcat (start, "T00:00:00Z", NULL);
  JsonObject *report, *content;
  JsonArray *customers, *lines;
  gboolean processing;
  gint64 sum_lines = 0;

  done = wait_report (reseller_token, id, &processing);
  g_assert_true (processing);
  report = mp_test_object (done);
  g_assert_cmpstr (mp_test_string (report, "startDate"), ==, start_time);
  g_assert_nonnull (mp_test_string (report, "creationDate"));

  expected_charges (reseller_token, start, end, &expected);
  g_assert_cmpint (expected.total, >, 0);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (report, "total.amount")), ==, expected.total);
  g_assert_cmpint (mp_test_int (report, "lineCount"), ==, expected.lines);

  file = download (reseller_token, report);
  g_assert_cmpstr (soup_message_headers_get_content_type (file->headers, NULL), ==, "application/json");
  content = mp_test_object (file);
  g_assert_cmpstr (mp_test_string (content, "reportId"), ==, id);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (content, "total.amount")), ==, expected.total);
  lines = json_object_get_array_member (content, "lines");
  g_assert_cmpint (json_array_get_length (lines), ==, expected.lines);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);

      sum_lines += mp_test_minor_units (mp_test_string (line, "charge.amount"));
    }
  g_assert_cmpint (sum_lines, ==, expected.total);
  customers = json_object_get_array_member (content, "customers");
  g_assert_cmpuint (json_array_get_length (customers), ==, g_hash_table_size (expected.per_customer));
  g_assert_cmpuint (json_array_get_length (customers), >, 1);
  for (guint i = 0; i < json_array_get_length (customers); i++)
    {
      JsonObject *c = json_array_get_object_element (customers, i);
      gint64 *want = g_hash_table_lookup (expected.per_customer, mp_test_string (c, "customerId"));

      g_assert_nonnull (want);
      g_assert_cmpint (mp_test_minor_units (mp_test_string (c, "total.amount")), ==, *want);
    }
}

/* CSV: a header, one row per line, machine-readable amounts (decimal
 * point) whose charges add up to the sum here; served as text/csv. */
static void
test_csv (void)
{
  g_autofree char *start = today_minus (10);
  g_autofree char *end = today_minus (1);
  g_autofree char *id = request_report (reseller_token, "csv", start, end);
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) file = NULL;
  g_auto(Expected) expected = { 0, 0, NULL };
  g_auto(GStrv) rows = NULL;
  g_auto(GStrv) header = NULL;
  gboolean processing;
  gint64 sum = 0;
  guint n_rows = 0, charge_column = 0, start_column = 0;

  done = wait_report (reseller_token, id, &processing);
  expected_charges (reseller_token, start, end, &expected);
  file = download (reseller_token, mp_test_object (done));
  g_assert_cmpstr (soup_message_headers_get_content_type (file->headers, NULL), ==, "text/csv");
  rows = g_strsplit (file->body, "\r\n", -1);
  header = g_strsplit (rows[0], ",", -1);
  for (guint i = 0; header[i] != NULL; i++)
    {
      if (strcmp (header[i], "charge") == 0)
        charge_column = i;
      if (strcmp (header[i], "startDate") == 0)
        start_column = i;
    }
  g_assert_cmpuint (charge_column, >, 0);
  g_assert_cmpuint (start_column, >, 0);
  g_assert_cmpstr (header[0], ==, "kind");
  for (guint i = 1; rows[i] != NULL && rows[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = NULL;

      /* the order lines (their descriptions may hold commas) are not summed here */
      if (g_str_has_prefix (rows[i], "order,"))
        continue;
      g_assert_true (g_str_has_prefix (rows[i], "recurring,"));
      /* the demo catalogue's names hold no commas, so a plain split works */
      fields = g_strsplit (rows[i], ",", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
      g_assert_nonnull (strchr (fields[charge_column], '.'));
      g_assert_cmpstr (fields[start_column], ==, start);
      sum += mp_test_minor_units (fields[charge_column]);
      n_rows++;
    }
  g_assert_cmpint (n_rows, ==, expected.lines);
  g_assert_cmpint (sum, ==, expected.total);
  g_assert_cmpint (sum, >, 0);
}

/* A completed JSON report of START..END: its total (minor units) and its
 * lines; FILE: the downloaded file. */
static gint64
report_total (const char      *start,
              const char      *end,
              gint64          *lines,
              MpTestResponse **file)
{
  g_autofree char *id = request_report (reseller_token, "json", start, end);
  g_autoptr(MpTestResponse) done = NULL;
  gboolean processing;

  done = wait_report (reseller_token, id, &processing);
  *lines = mp_test_int (mp_test_object (done), "lineCount");
  *file = download (reseller_token, mp_test_object (done));
  return mp_test_minor_units (mp_test_string (mp_test_object (done), "total.amount"));
}

/* Each recurring line is one month billed in the report's period, so the
 * reports of a period's two halves add up to the whole's, in lines and in
 * total (the whole term charged in each would count it twice); every
 * line's billing period starts in the report's period and runs a month. */
static void
test_periods_add_up (void)
{
  g_autofree char *start = today_minus (60);
  g_autofree char *middle = today_minus (31);
  g_autofree char *after_middle = today_minus (30);
  g_autofree char *end = today_minus (0);
  g_autoptr(MpTestResponse) whole_file = NULL;
  g_autoptr(MpTestResponse) first_file = NULL;
  g_autoptr(MpTestResponse) second_file = NULL;
  g_auto(Expected) expected = { 0, 0, NULL };
  gint64 whole_lines, first_lines, second_lines;
  gint64 whole, first, second;
  g_autoptr(GHashTable) creation = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  JsonArray *lines;

  whole = report_total (start, end, &whole_lines, &whole_file);
  first = report_total (start, middle, &first_lines, &first_file);
  second = report_total (after_middle, end, &second_lines, &second_file);
  expected_charges (reseller_token, start, end, &expected);
  g_assert_cmpint (whole, ==, expected.total);
  g_assert_cmpint (whole, >, 0);
  g_assert_cmpint (first, >, 0);
  g_assert_cmpint (second, >, 0);
  g_assert_cmpint (first + second, ==, whole);
  g_assert_cmpint (first_lines + second_lines, ==, whole_lines);

  {
    g_autoptr(MpTestResponse) list = get_ok (reseller_token, "/subscriptions?limit=1000");
    JsonArray *rows = json_object_get_array_member (mp_test_object (list), "data");

    for (guint i = 0; i < json_array_get_length (rows); i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);

        g_hash_table_insert (creation, g_strdup (json_object_get_string_member (row, "id")),
                             g_strndup (json_object_get_string_member (row, "creationDate"), 10));
      }
  }
  lines = json_object_get_array_member (mp_test_object (whole_file), "lines");
  g_assert_cmpuint (json_array_get_length (lines), ==, whole_lines);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      const char *period_start = json_object_get_string_member (line, "periodStart");
      const char *period_end = json_object_get_string_member (line, "periodEnd");
      GDate day;
      char text[16];

      const char *created = g_hash_table_lookup (creation, json_object_get_string_member (line, "subscriptionId"));
      guint k;

      g_assert_cmpstr (period_start, >=, start);
      g_assert_cmpstr (period_start, <=, end);
      /* the month that starts then, counted from the creation day */
      g_assert_nonnull (created);
      for (k = 0;; k++)
        {
          g_date_clear (&day, 1);
          g_date_set_parse (&day, created);
          g_assert_true (g_date_valid (&day));
          g_date_add_months (&day, k);
          g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
          g_assert_cmpstr (text, <=, period_start);
          if (strcmp (text, period_start) == 0)
            break;
        }
      g_date_set_parse (&day, created);
      g_date_add_months (&day, k + 1);
      g_date_subtract_days (&day, 1);
      g_date_strftime (text, sizeof text, "%Y-%m-%d", &day);
      g_assert_cmpstr (period_end, ==, text);
    }
}

/* What an XML report holds, read with GLib's own XML parser. */
typedef struct
{
  GPtrArray *path;          /* the open elements' names */
  char      *report_id;
  char      *total;         /* report > total > amount */
  guint      lines;         /* report > lines > line */
  gint64     line_sum;      /* of report > lines > line > charge > amount */
} XmlReport;

static char *
xml_path (XmlReport *x)
{
  g_autoptr(GString) path = g_string_new (NULL);

  for (guint i = 0; i < x->path->len; i++)
    g_string_append_printf (path, "/%s", (const char *) g_ptr_array_index (x->path, i));
  return g_string_free (g_steal_pointer (&path), FALSE);
}

static void
xml_start (GMarkupParseContext  *context,
           const char           *name,
           const char          **attribute_names,
           const char          **attribute_values,
           gpointer              user_data,
           GError              **error)
{
  XmlReport *x = user_data;
  g_autofree char *path = NULL;

  g_ptr_array_add (x->path, g_strdup (name));
  path = xml_path (x);
  if (strcmp (path, "/report/lines/line") == 0)
    x->lines++;
}

static void
xml_end (GMarkupParseContext  *context,
         const char           *name,
         gpointer              user_data,
         GError              **error)
{
  XmlReport *x = user_data;

  g_ptr_array_remove_index (x->path, x->path->len - 1);
}

static void
xml_text (GMarkupParseContext  *context,
          const char           *text,
          gsize                 length,
          gpointer              user_data,
          GError              **error)
{
  XmlReport *x = user_data;
  g_autofree char *path = xml_path (x);
  g_autofree char *value = g_strndup (text, length);

  if (strcmp (path, "/report/reportId") == 0)
    {
      g_free (x->report_id);
      x->report_id = g_steal_pointer (&value);
    }
  else if (strcmp (path, "/report/total/amount") == 0)
    {
      g_free (x->total);
      x->total = g_steal_pointer (&value);
    }
  else if (strcmp (path, "/report/lines/line/charge/amount") == 0)
    x->line_sum += mp_test_minor_units (value);
}

/* XML: the same report as an XML document that an XML parser reads, served
 * as application/xml; its lines' charges and its total are the sum here,
 * from the subscriptions' unit prices. */
static void
test_xml (void)
{
  static const GMarkupParser parser = { xml_start, xml_end, xml_text, NULL, NULL };
  g_autofree char *start = today_minus (30);
  g_autofree char *end = today_minus (0);
  g_autofree char *id = request_report (reseller_token, "xml", start, end);
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) file = NULL;
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(Expected) expected = { 0, 0, NULL };
  XmlReport x = { g_ptr_array_new_with_free_func (g_free), NULL, NULL, 0, 0 };
  gboolean processing;

  done = wait_report (reseller_token, id, &processing);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "format"), ==, "xml");
  expected_charges (reseller_token, start, end, &expected);
  g_assert_cmpint (expected.total, >, 0);
  file = download (reseller_token, mp_test_object (done));
  g_assert_cmpstr (soup_message_headers_get_content_type (file->headers, NULL), ==, "application/xml");
  g_assert_true (g_str_has_prefix (file->body, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report>"));

  context = g_markup_parse_context_new (&parser, G_MARKUP_TREAT_CDATA_AS_TEXT, &x, NULL);
  g_assert_true (g_markup_parse_context_parse (context, file->body, -1, &error));
  g_assert_true (g_markup_parse_context_end_parse (context, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (x.report_id, ==, id);
  g_assert_cmpuint (x.lines, ==, expected.lines);
  g_assert_cmpint (x.line_sum, ==, expected.total);
  g_assert_nonnull (x.total);
  g_assert_cmpint (mp_test_minor_units (x.total), ==, expected.total);
  g_ptr_array_unref (x.path);
  g_free (x.report_id);
  g_free (x.total);
}

/* XLSX: a workbook that Python's own ZIP and XML readers open
 * (tests/server/read-xlsx.py), served with the spreadsheet type; its
 * charge cells are numbers, and the recurring rows' add up to the sum
 * here. */
static void
test_xlsx (void)
{
  g_autofree char *start = today_minus (30);
  g_autofree char *end = today_minus (0);
  g_autofree char *id = request_report (reseller_token, "xlsx", start, end);
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) file = NULL;
  g_auto(Expected) expected = { 0, 0, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mp-xlsx-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.xlsx", NULL);
  g_autofree char *reader = g_test_build_filename (G_TEST_DIST, "server", "read-xlsx.py", NULL);
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_auto(GStrv) figures = NULL;
  gboolean processing;
  int wait_status = 0;
  const char *argv[] = { "python3", reader, path, NULL };

  done = wait_report (reseller_token, id, &processing);
  g_assert_cmpstr (mp_test_string (mp_test_object (done), "format"), ==, "xlsx");
  expected_charges (reseller_token, start, end, &expected);
  g_assert_cmpint (expected.total, >, 0);
  file = download (reseller_token, mp_test_object (done));
  g_assert_cmpstr (soup_message_headers_get_content_type (file->headers, NULL), ==,
                   "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  g_assert_cmpuint (file->length, >, 4);
  g_assert_cmpmem (file->body, 4, "PK\3\4", 4);
  g_assert_true (g_file_set_contents (path, file->body, (gssize) file->length, &error));
  g_assert_no_error (error);

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err,
                               &wait_status, &error));
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("read-xlsx.py: %s", err);
  figures = g_strsplit (g_strstrip (out), " ", -1);
  g_assert_cmpuint (g_strv_length (figures), ==, 3);
  g_assert_cmpint (g_ascii_strtoll (figures[0], NULL, 10), ==, expected.total);
  g_assert_cmpint (g_ascii_strtoll (figures[1], NULL, 10), ==, expected.lines);
  g_unlink (path);
  g_rmdir (dir);
}

/* A customer's report holds only its own subscriptions; nobody else can
 * see, list or download it, and it cannot see the reseller's. */
static void
test_authz (void)
{
  g_autofree char *start = today_minus (5);
  g_autofree char *end = today_minus (0);
  g_autofree char *acme_id = request_report (acme_token, "json", start, end);
  g_autofree char *reseller_id = request_report (reseller_token, "csv", start, end);
  g_autofree char *acme_path = g_strconcat ("/reports/", acme_id, NULL);
  g_autofree char *reseller_path = g_strconcat ("/reports/", reseller_id, NULL);
  g_autofree char *acme_file = g_strconcat ("/reports/", acme_id, "/file", NULL);
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) file = NULL;
  g_autoptr(MpTestResponse) me = get_ok (acme_token, "/me");
  g_auto(Expected) expected = { 0, 0, NULL };
  JsonArray *lines;
  gboolean processing;
  const char *acme = mp_test_string (mp_test_object (me), "id");

  done = wait_report (acme_token, acme_id, &processing);
  expected_charges (acme_token, start, end, &expected);
  g_assert_cmpuint (g_hash_table_size (expected.per_customer), ==, 1);
  file = download (acme_token, mp_test_object (done));
  lines = json_object_get_array_member (mp_test_object (file), "lines");
  g_assert_cmpint (json_array_get_length (lines), ==, expected.lines);
  g_assert_cmpint (expected.lines, >, 0);
  for (guint i = 0; i < json_array_get_length (lines); i++)
    g_assert_cmpstr (mp_test_string (json_array_get_object_element (lines, i), "customerId"), ==, acme);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (file), "total.amount")), ==, expected.total);

  {
    g_autoptr(MpTestResponse) a = call (reseller_token, "GET", acme_path, NULL);
    g_autoptr(MpTestResponse) b = call (globex_token, "GET", acme_path, NULL);
    g_autoptr(MpTestResponse) c = call (globex_token, "GET", acme_file, NULL);
    g_autoptr(MpTestResponse) d = call (acme_token, "GET", reseller_path, NULL);
    g_autoptr(MpTestResponse) e = call (NULL, "GET", acme_path, NULL);
    g_autoptr(MpTestResponse) list = get_ok (globex_token, "/reports");

    mp_test_assert_error (a, 404);
    mp_test_assert_error (b, 404);
    mp_test_assert_error (c, 404);
    mp_test_assert_error (d, 404);
    mp_test_assert_error (e, 401);
    g_assert_cmpint (mp_test_int (mp_test_object (list), "pagination.total"), ==, 0);
  }
}

/* The list: newest first, the caller's only, filtered; the file of a
 * report not completed yet is 409. */
static void
test_list_and_filters (void)
{
  g_autofree char *day = today_minus (2);
  g_autofree char *first = request_report (reseller_token, "json", day, day);
  g_autofree char *second = request_report (reseller_token, "csv", day, day);
  g_autofree char *second_file = g_strconcat ("/reports/", second, "/file", NULL);
  g_autoptr(MpTestResponse) early = call (reseller_token, "GET", second_file, NULL);
  g_autoptr(MpTestResponse) all = get_ok (reseller_token, "/reports?limit=2");
  g_autoptr(MpTestResponse) csv = get_ok (reseller_token, "/reports?format=csv&limit=1000");
  g_autoptr(MpTestResponse) named = get_ok (reseller_token, "/reports?name=TEST%20rep&limit=1000");
  g_autoptr(MpTestResponse) none = get_ok (reseller_token, "/reports?name=no-such-report");
  g_autoptr(MpTestResponse) future = get_ok (reseller_token, "/reports?from=2999-01-01");
  JsonArray *rows;

  mp_test_assert_error (early, 409);
  rows = json_object_get_array_member (mp_test_object (all), "data");
  g_assert_cmpuint (json_array_get_length (rows), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 0), "id"), ==, second);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, 1), "id"), ==, first);
  g_assert_cmpint (mp_test_int (mp_test_object (all), "pagination.total"), >=, 2);

  rows = json_object_get_array_member (mp_test_object (csv), "data");
  g_assert_cmpuint (json_array_get_length (rows), >=, 1);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (rows, i), "format"), ==, "csv");
  g_assert_cmpint (mp_test_int (mp_test_object (named), "pagination.total"), ==,
                   mp_test_int (mp_test_object (all), "pagination.total"));
  g_assert_cmpint (mp_test_int (mp_test_object (none), "pagination.total"), ==, 0);
  g_assert_cmpint (mp_test_int (mp_test_object (future), "pagination.total"), ==, 0);
}

typedef struct
{
  const char *body;
  guint       status;
  const char *subject;   /* refusal subject, NULL: not checked */
} BadRequest;

static void
test_validation (void)
{
  g_autofree char *today = today_minus (0);
  g_autofree char *yesterday = today_minus (1);
  g_autofree char *tomorrow = today_minus (-1);
  g_autofree char *long_ago = today_minus (400);
  g_autofree char *long_name = g_strnfill (101, 'x');
  g_autofree char *b_future = g_strdup_printf ("{\"name\": \"r\", \"startDate\": \"%s\", \"endDate\": \"%s\"}",
                                               tomorrow, tomorrow);
  g_autofree char *b_backwards = g_strdup_printf ("{\"name\": \"r\", \"startDate\": \"%s\", \"endDate\": \"%s\"}",
                                                  today, yesterday);
  g_autofree char *b_long = g_strdup_printf ("{\"name\": \"r\", \"startDate\": \"%s\", \"endDate\": \"%s\"}",
                                             long_ago, today);
  g_autofree char *b_daily = g_strdup_printf ("{\"name\": \"r\", \"type\": \"daily\", \"startDate\": \"%s\","
                                              " \"endDate\": \"%s\"}", yesterday, today);
  g_autofree char *b_name = g_strdup_printf ("{\"name\": \"%s\", \"startDate\": \"%s\", \"endDate\": \"%s\"}",
                                             long_name, today, today);
  const BadRequest cases[] = {
    { "[]", 400, NULL },
    { "{\"startDate\": \"2026-01-01\", \"endDate\": \"2026-01-02\"}", 400, "name" },
    { "{\"name\": 5, \"startDate\": \"2026-01-01\", \"endDate\": \"2026-01-02\"}", 400, "name" },
    { "{\"name\": \"  \", \"startDate\": \"2026-01-01\", \"endDate\": \"2026-01-02\"}", 400, "name" },
    { b_name, 400, "name" },
    { "{\"name\": \"r\", \"customizationName\": [], \"startDate\": \"2026-01-01\", \"endDate\": \"2026-01-02\"}", 400, "customizationName" },
    { "{\"name\": \"r\", \"format\": \"pdf\", \"startDate\": \"2026-01-01\", \"endDate\": \"2026-01-02\"}", 400, "format" },
    { "{\"name\": \"r\", \"type\": \"periodic\", \"startDate\": \"2026-01-01\", \"endDate\": \"2026-01-02\"}", 400, "type" },
    { "{\"name\": \"r\", \"type\": \"on_invoice\", \"startDate\": \"2026-01-01\", \"endDate\": \"2026-01-02\"}", 400, "type" },
    { "{\"name\": \"r\", \"type\": \"weekly\", \"startDate\": \"2026-01-01\", \"endDate\": \"2026-01-02\"}", 400, "type" },
    { "{\"name\": \"r\", \"endDate\": \"2026-01-02\"}", 400, "startDate" },
    { "{\"name\": \"r\", \"startDate\": \"2026-13-01\", \"endDate\": \"2026-01-02\"}", 400, "startDate" },
    { "{\"name\": \"r\", \"startDate\": \"2026-02-30\", \"endDate\": \"2026-03-02\"}", 400, "startDate" },
    { "{\"name\": \"r\", \"startDate\": \"2026-01-01T25:00:00Z\", \"endDate\": \"2026-01-02\"}", 400, "startDate" },
    { "{\"name\": \"r\", \"startDate\": 20260101, \"endDate\": \"2026-01-02\"}", 400, "startDate" },
    { "{\"name\": \"r\", \"startDate\": \"2026-01-01\"}", 400, "endDate" },
    { "{\"name\": \"r\", \"startDate\": \"2026-01-01\", \"endDate\": \"soon\"}", 400, "endDate" },
    { b_backwards, 400, "endDate" },
    { b_future, 400, "startDate" },
    { b_long, 400, "endDate" },
    { b_daily, 400, "endDate" },
    { "{\"name\": \"r\", \"type\": \"monthly\", \"startDate\": \"2026-01-02\"}", 400, "startDate" },
    { "{\"name\": \"r\", \"type\": \"monthly\", \"startDate\": \"2026-01-01\", \"endDate\": \"2026-02-28\"}", 400, "startDate" },
  };
  static const char * const bad_queries[] = {
    "/reports?status=done", "/reports?format=pdf", "/reports?type=weekly", "/reports?from=2026-1-1",
    "/reports?to=yesterday", "/reports?limit=0", "/reports?offset=-1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(MpTestResponse) r = call (reseller_token, "POST", "/reports", cases[i].body);

      g_test_message ("body %s", cases[i].body);
      mp_test_assert_error (r, cases[i].status);
      if (cases[i].subject != NULL)
        g_assert_cmpstr (mp_test_string (mp_test_object (r), "refusal.subject"), ==, cases[i].subject);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_queries); i++)
    {
      g_autoptr(MpTestResponse) r = call (reseller_token, "GET", bad_queries[i], NULL);

      mp_test_assert_error (r, 400);
    }
  {
    g_autoptr(MpTestResponse) a = call (reseller_token, "GET", "/reports/not-a-uuid", NULL);
    g_autoptr(MpTestResponse) b = call (reseller_token, "GET", "/reports/f40c942d-ebec-41b9-b604-5ed9ffb6d4f2", NULL);
    g_autoptr(MpTestResponse) c = call (reseller_token, "DELETE", "/reports", NULL);
    g_autoptr(MpTestResponse) d = call (reseller_token, "POST", "/reports/f40c942d-ebec-41b9-b604-5ed9ffb6d4f2", "{}");

    mp_test_assert_error (a, 404);
    mp_test_assert_error (b, 404);
    mp_test_assert_error (c, 405);
    mp_test_assert_error (d, 405);
  }
  /* the accepted shapes: daily without an end, monthly as a calendar month */
  {
    g_autofree char *daily = g_strdup_printf ("{\"name\": \"d\", \"type\": \"daily\", \"startDate\": \"%sT08:00:00Z\"}",
                                              yesterday);
    g_autoptr(MpTestResponse) a = call (reseller_token, "POST", "/reports", daily);
    g_autoptr(MpTestResponse) b = call (reseller_token, "POST", "/reports",
                                        "{\"name\": \"m\", \"type\": \"monthly\", \"startDate\": \"2026-02-01\"}");
    g_autofree char *day_end = g_strconcat (yesterday, "T23:59:59Z", NULL);

    g_assert_cmpuint (a->status, ==, 200);
    g_assert_cmpstr (mp_test_string (mp_test_object (a), "type"), ==, "daily");
    g_assert_cmpstr (mp_test_string (mp_test_object (a), "endDate"), ==, day_end);
    g_assert_cmpuint (b->status, ==, 200);
    g_assert_cmpstr (mp_test_string (mp_test_object (b), "endDate"), ==, "2026-02-28T23:59:59Z");
  }
}

/* A sales order completed today is in today's report as order lines:
 * their charges are the sum here from the plan's unit prices (setup per
 * unit, recurring per billable unit for the month), and the report's
 * order total is theirs (no other order completes today). */
static void
test_orders (void)
{
  static const struct { const char *mpn; gint64 quantity; } lines[] = {
    { "IDS-C-USERS", 10 }, { "IDS-C-AT-BILL", 1 }, { "IDS-C-AT-QS", 1 },
  };
  const char *body =
    "{\"type\": \"sales\", \"customerId\": \"1000001\", \"planId\": \"101\","
    " \"subscriptionPeriod\": {\"type\": \"month\", \"duration\": 1},"
    " \"acceptedTerms\": [\"tc-marketplace\", \"tc-idsync-vendor\"],"
    " \"products\": [{\"mpn\": \"IDS-C-USERS\", \"quantity\": 10}, {\"mpn\": \"IDS-C-AT-BILL\", \"quantity\": 1},"
    "  {\"mpn\": \"IDS-C-AT-QS\", \"quantity\": 1}]}";
  g_autoptr(MpTestResponse) plan = get_ok (reseller_token, "/plans/101");
  g_autoptr(MpTestResponse) placed = call (reseller_token, "POST", "/orders", body);
  g_autoptr(MpTestResponse) final = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) file = NULL;
  g_autofree char *today = today_minus (0);
  g_autofree char *id = NULL;
  g_autofree char *number = NULL;
  JsonArray *products = json_object_get_array_member (mp_test_object (plan), "products");
  JsonArray *order_lines, *customers;
  gint64 expected = 0, seen = 0, acme_orders = -1;
  gboolean processing;

  g_assert_cmpuint (placed->status, ==, 200);
  number = g_strdup (mp_test_string (mp_test_object (placed), "orderNumber"));
  final = mp_test_wait_order (session, base, reseller_token, mp_test_string (mp_test_object (placed), "id"), 20);
  g_assert_cmpstr (mp_test_string (mp_test_object (final), "status"), ==, "completed");

  for (guint i = 0; i < G_N_ELEMENTS (lines); i++)
    for (guint j = 0; j < json_array_get_length (products); j++)
      {
        JsonObject *p = json_array_get_object_element (products, j);
        JsonArray *prices = json_object_get_array_member (p, "prices");

        if (strcmp (json_object_get_string_member (p, "mpn"), lines[i].mpn) != 0)
          continue;
        for (guint k = 0; k < json_array_get_length (prices); k++)
          {
            JsonObject *price = json_array_get_object_element (prices, k);

            if (strcmp (mp_test_string (price, "period.type"), "month") != 0 || mp_test_int (price, "period.duration") != 1)
              continue;
            expected += lines[i].quantity * mp_test_minor_units (mp_test_string (price, "setup.amount"))
                        + MAX (0, lines[i].quantity - json_object_get_int_member (p, "includedQuantity"))
                          * mp_test_minor_units (mp_test_string (price, "recurring.amount"));
          }
      }
  g_assert_cmpint (expected, ==, 26800);

  id = request_report (reseller_token, "json", today, today);
  done = wait_report (reseller_token, id, &processing);
  file = download (reseller_token, mp_test_object (done));
  order_lines = json_object_get_array_member (mp_test_object (file), "orderLines");
  for (guint i = 0; i < json_array_get_length (order_lines); i++)
    {
      JsonObject *line = json_array_get_object_element (order_lines, i);

      g_assert_cmpstr (mp_test_string (line, "kind"), ==, "order");
      g_assert_cmpstr (mp_test_string (line, "orderDate"), ==, today);
      if (g_strcmp0 (mp_test_string (line, "orderNumber"), number) == 0)
        {
          g_assert_cmpstr (mp_test_string (line, "customerId"), ==, "1000001");
          seen += mp_test_minor_units (mp_test_string (line, "charge.amount"));
        }
    }
  g_assert_cmpint (seen, ==, expected);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (file), "orderTotal.amount")), ==, expected);
  g_assert_cmpint (mp_test_minor_units (mp_test_string (mp_test_object (done), "orderTotal.amount")), ==, expected);
  customers = json_object_get_array_member (mp_test_object (file), "customers");
  for (guint i = 0; i < json_array_get_length (customers); i++)
    if (g_strcmp0 (mp_test_string (json_array_get_object_element (customers, i), "customerId"), "1000001") == 0)
      acme_orders = mp_test_minor_units (mp_test_string (json_array_get_object_element (customers, i),
                                                         "orderTotal.amount"));
  g_assert_cmpint (acme_orders, ==, expected);
}

/* A report of the German marketplace names the products in German, as its
 * subscriptions do, even when a request of another marketplace (or the
 * timer) completes it. */
static void
test_language (void)
{
  g_autofree char *de_base = mp_test_server_get_base_url (server, "DE");
  g_autofree char *de_token = mp_test_login (session, de_base, "demo-reseller", "Demo-Reseller-1");
  g_autofree char *start = today_minus (30);
  g_autofree char *end = today_minus (0);
  g_autofree char *body = g_strdup_printf ("{\"name\": \"Bericht\", \"startDate\": \"%s\", \"endDate\": \"%s\"}",
                                           start, end);
  g_autofree char *post_url = g_strconcat (de_base, "/reports", NULL);
  g_autoptr(MpTestResponse) placed = mp_test_request (session, "POST", post_url, de_token, body, NULL);
  g_autofree char *report_url = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) file = NULL;
  JsonArray *lines;
  guint checked = 0;

  g_assert_cmpuint (placed->status, ==, 200);
  report_url = g_strconcat (de_base, "/reports/", mp_test_string (mp_test_object (placed), "id"), NULL);
  /* completed by the timer or by requests of the US marketplace */
  for (int i = 0; i < 400; i++)
    {
      g_autoptr(MpTestResponse) us = get_ok (reseller_token, "/reports?limit=1");
      g_autoptr(MpTestResponse) r = NULL;

      g_usleep (20 * 1000);
      r = mp_test_request (session, "GET", report_url, de_token, NULL, NULL);
      if (g_strcmp0 (mp_test_string (mp_test_object (r), "status"), "completed") == 0)
        {
          done = g_steal_pointer (&r);
          break;
        }
    }
  g_assert_nonnull (done);
  file = mp_test_request (session, "GET", mp_test_string (mp_test_object (done), "downloadUrl"), de_token, NULL, NULL);
  g_assert_cmpuint (file->status, ==, 200);
  lines = json_object_get_array_member (mp_test_object (file), "lines");
  for (guint i = 0; i < json_array_get_length (lines); i++)
    {
      JsonObject *line = json_array_get_object_element (lines, i);
      g_autofree char *sub_url = g_strconcat (de_base, "/subscriptions/", mp_test_string (line, "subscriptionId"), NULL);
      g_autoptr(MpTestResponse) sub = mp_test_request (session, "GET", sub_url, de_token, NULL, NULL);
      JsonArray *products = json_object_get_array_member (mp_test_object (sub), "products");

      for (guint j = 0; j < json_array_get_length (products); j++)
        {
          JsonObject *p = json_array_get_object_element (products, j);

          if (g_strcmp0 (json_object_get_string_member (p, "mpn"), mp_test_string (line, "mpn")) == 0)
            {
              g_assert_cmpstr (mp_test_string (line, "productName"), ==, json_object_get_string_member (p, "name"));
              checked++;
            }
        }
    }
  g_assert_cmpuint (checked, >, 0);
  g_assert_cmpuint (checked, ==, json_array_get_length (lines));
}

/* Kept across a restart: a completed report still downloads, and one
 * caught mid-way (killed) completes after the restart, with no new
 * request needed. Runs last: it restarts the server. */
static void
test_restart (void)
{
  g_autofree char *start = today_minus (3);
  g_autofree char *end = today_minus (0);
  g_autofree char *done_id = request_report (reseller_token, "csv", start, end);
  g_autofree char *pending_id = NULL;
  g_autoptr(MpTestResponse) done = NULL;
  g_autoptr(MpTestResponse) again = NULL;
  g_autoptr(MpTestResponse) file = NULL;
  g_autoptr(MpTestResponse) before = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *done_path = g_strconcat ("/reports/", done_id, NULL);
  g_autofree char *file_before = NULL;
  gboolean processing;

  done = wait_report (reseller_token, done_id, &processing);
  before = download (reseller_token, mp_test_object (done));
  file_before = g_strdup (before->body);
  pending_id = request_report (reseller_token, "json", start, end);

  mp_test_server_kill (server, SIGKILL);
  g_assert_true (mp_test_server_restart (server, &error));
  g_assert_no_error (error);
  g_free (base);
  base = mp_test_server_get_base_url (server, "US");
  g_free (reseller_token);
  reseller_token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");

  again = get_ok (reseller_token, done_path);
  g_assert_cmpstr (mp_test_string (mp_test_object (again), "status"), ==, "completed");
  file = download (reseller_token, mp_test_object (again));
  g_assert_cmpstr (file->body, ==, file_before);
  {
    g_autoptr(MpTestResponse) finished = wait_report (reseller_token, pending_id, &processing);
    g_autoptr(MpTestResponse) content = download (reseller_token, mp_test_object (finished));

    g_assert_cmpstr (mp_test_string (mp_test_object (content), "reportId"), ==, pending_id);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* long enough steps for the processing status to be seen */
  const char *args[] = { "--provision-step-ms", "300", NULL };
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_server_start (args, &error);
  g_assert_no_error (error);
  session = soup_session_new ();
  base = mp_test_server_get_base_url (server, "US");
  reseller_token = mp_test_login (session, base, "demo-reseller", "Demo-Reseller-1");
  acme_token = mp_test_login (session, base, "acme-admin", "Demo-Customer-1");
  globex_token = mp_test_login (session, base, "globex-admin", "Demo-Customer-2");

  g_test_add_func ("/server/reports/json-totals", test_json_totals);
  g_test_add_func ("/server/reports/csv", test_csv);
  g_test_add_func ("/server/reports/xml", test_xml);
  g_test_add_func ("/server/reports/xlsx", test_xlsx);
  g_test_add_func ("/server/reports/periods-add-up", test_periods_add_up);
  g_test_add_func ("/server/reports/authz", test_authz);
  g_test_add_func ("/server/reports/list-and-filters", test_list_and_filters);
  g_test_add_func ("/server/reports/validation", test_validation);
  g_test_add_func ("/server/reports/orders", test_orders);
  g_test_add_func ("/server/reports/language", test_language);
  g_test_add_func ("/server/reports/restart", test_restart);
  status = g_test_run ();

  g_free (reseller_token);
  g_free (acme_token);
  g_free (globex_token);
  g_free (base);
  g_object_unref (session);
  mp_test_server_kill (server, SIGTERM);
  g_assert_true (mp_test_server_exited_cleanly (server));
  mp_test_server_free (server);
  return status;
}
