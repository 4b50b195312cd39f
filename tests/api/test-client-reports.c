/* test-client-reports.c: requesting, following, listing and downloading
 * rated-data reports through MpClient against the real demo server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "mp-client-test-util.h"

static MpTestServer *server;

static GDate *
days_ago (int days)
{
  GDate *date = g_date_new ();

  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();   /* the server's clock is UTC */

  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now),
                  (GDateMonth) g_date_time_get_month (now), (GDateYear) g_date_time_get_year (now));
  g_date_subtract_days (date, (guint) days);
  return date;
}

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static MpReport *
request (MpClient       *client,
         MpReportType    type,
         MpReportFormat  format,
         const GDate    *start,
         const GDate    *end,
         GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_client_request_report_async (client, "Client test", NULL, type, format, start, end, NULL,
                                  mp_test_store_result, &result);
  return mp_client_request_report_finish (client, mp_test_wait (&result), error);
}

/* Polls until completed; the statuses seen never go back. */
static MpReport *
wait_completed (MpClient *client,
                MpReport *report)
{
  g_autoptr(MpReport) current = g_object_ref (report);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (mp_report_get_status (current) != MP_REPORT_STATUS_COMPLETED)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      MpReportStatus before = mp_report_get_status (current);

      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      mp_test_sleep (20);
      mp_client_get_report_async (client, mp_report_get_id (report), NULL, mp_test_store_result, &result);
      g_clear_object (&current);
      current = mp_client_get_report_finish (client, mp_test_wait (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpstr (mp_report_get_id (current), ==, mp_report_get_id (report));
      g_assert_cmpint (mp_report_get_status (current), >=, before);
      g_assert_cmpint (mp_report_get_status (current), <=, MP_REPORT_STATUS_COMPLETED);
    }
  g_assert_nonnull (mp_report_get_download_url (current));
  return g_steal_pointer (&current);
}

static gint64
csv_charges (const char *csv,
             guint      *n_rows)
{
  g_auto(GStrv) rows = g_strsplit (csv, "\r\n", -1);
  g_auto(GStrv) header = g_strsplit (rows[0], ",", -1);
  guint column = 0;
  gint64 sum = 0;

  while (header[column] != NULL && strcmp (header[column], "charge") != 0)
    column++;
  g_assert_nonnull (header[column]);
  *n_rows = 0;
  for (guint i = 1; rows[i] != NULL && rows[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = NULL;
      MpMoney money;
      g_autoptr(GError) error = NULL;

      /* the recurring lines; the orders' (their descriptions may hold commas) are not summed */
      if (!g_str_has_prefix (rows[i], "recurring,"))
        continue;
      fields = g_strsplit (rows[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, g_strv_length (header));
      g_assert_true (mp_money_parse (fields[column], "USD", &money, &error));
      sum += money.minor;
      (*n_rows)++;
    }
  return sum;
}

/* Requested, followed to completed, listed first, downloaded to a stream
 * and to a file: its charges add up to the sum over the subscriptions. */
static void
test_request_follow_download (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(GDate) start = days_ago (30);
  g_autoptr(GDate) end = days_ago (0);
  g_autofree char *start_text = date_text (start);
  g_autofree char *end_text = date_text (end);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpReport) report = request (client, MP_REPORT_TYPE_ONETIME, MP_REPORT_FORMAT_CSV, start, end, &error);
  g_autoptr(MpReport) done = NULL;
  g_autoptr(MpPagedList) list = NULL;
  g_autoptr(MpReport) first = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) file_result = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mp-report-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "report.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autofree char *text = NULL;
  g_autofree char *on_disk = NULL;
  gsize size;
  gint64 written, expected;
  guint n_rows, n_lines;

  g_assert_no_error (error);
  g_assert_cmpint (mp_report_get_status (report), ==, MP_REPORT_STATUS_SUBMITTED);
  g_assert_cmpint (mp_report_get_report_type (report), ==, MP_REPORT_TYPE_ONETIME);
  g_assert_cmpint (mp_report_get_format (report), ==, MP_REPORT_FORMAT_CSV);
  g_assert_true (g_str_has_prefix (mp_report_get_start_date (report), start_text));
  g_assert_true (g_str_has_prefix (mp_report_get_end_date (report), end_text));
  g_assert_null (mp_report_get_download_url (report));

  done = wait_completed (client, report);
  list = mp_client_list_reports (client, NULL, MP_REPORT_STATUS_UNKNOWN, MP_REPORT_FORMAT_CSV);
  g_assert_true (mp_test_wait_list (list, &error));
  first = g_list_model_get_item (G_LIST_MODEL (list), 0);
  g_assert_cmpstr (mp_report_get_id (first), ==, mp_report_get_id (report));

  mp_client_download_report_async (client, done, memory, NULL, mp_test_store_result, &result);
  written = mp_client_download_report_finish (client, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_output_stream_write (memory, "", 1, NULL, NULL);
  g_output_stream_close (memory, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
  g_assert_cmpint (written, ==, (gint64) strlen (text));

  expected = mp_test_billed_total (client, start_text, end_text, &n_lines);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (csv_charges (text, &n_rows), ==, expected);
  g_assert_cmpuint (n_rows, ==, n_lines);
  g_assert_nonnull (mp_report_get_total (done));
  g_assert_cmpint (mp_report_get_total (done)->minor, ==, expected);
  g_assert_cmpint (mp_report_get_line_count (done), ==, n_lines);
  g_assert_nonnull (mp_report_get_order_total (done));

  mp_client_download_report_to_file_async (client, done, file, NULL, mp_test_store_result, &file_result);
  written = mp_client_download_report_to_file_finish (client, mp_test_wait (&file_result), &error);
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &on_disk, &size, NULL));
  g_assert_cmpint (written, ==, (gint64) size);
  g_assert_cmpstr (on_disk, ==, text);

  /* not ready: an error, and the file on disk stays as it was */
  {
    g_autoptr(MpReport) pending = request (client, MP_REPORT_TYPE_DAILY, MP_REPORT_FORMAT_JSON, start, NULL, &error);
    g_autoptr(GAsyncResult) failed = NULL;
    g_autofree char *after = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (mp_report_get_report_type (pending), ==, MP_REPORT_TYPE_DAILY);
    mp_client_download_report_to_file_async (client, pending, file, NULL, mp_test_store_result, &failed);
    g_assert_cmpint (mp_client_download_report_to_file_finish (client, mp_test_wait (&failed), &error), ==, -1);
    g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
    g_clear_error (&error);
    g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
    g_assert_cmpstr (after, ==, text);
  }

  g_unlink (path);
  g_rmdir (dir);
}

/* A customer's report holds only its own lines; the reseller cannot get it. */
static void
test_customer_scope (void)
{
  g_autoptr(MpClient) acme = mp_test_login (server, "acme-admin", "Demo-Customer-1");
  g_autoptr(MpClient) reseller = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(GDate) start = days_ago (3);
  g_autoptr(GDate) end = days_ago (0);
  g_autofree char *start_text = date_text (start);
  g_autofree char *end_text = date_text (end);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpReport) report = request (acme, MP_REPORT_TYPE_UNKNOWN, MP_REPORT_FORMAT_CSV, start, end, &error);
  g_autoptr(MpReport) done = NULL;
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) other = NULL;
  g_autoptr(MpReport) none = NULL;
  g_autofree char *text = NULL;
  guint n_rows, n_lines;
  gint64 expected;

  g_assert_no_error (error);
  done = wait_completed (acme, report);
  mp_client_download_report_async (acme, done, memory, NULL, mp_test_store_result, &result);
  mp_client_download_report_finish (acme, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_output_stream_write (memory, "", 1, NULL, NULL);
  g_output_stream_close (memory, NULL, NULL);
  text = g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (memory));
  expected = mp_test_billed_total (acme, start_text, end_text, &n_lines);
  g_assert_cmpint (csv_charges (text, &n_rows), ==, expected);
  g_assert_cmpuint (n_rows, ==, n_lines);
  g_assert_cmpuint (n_rows, >, 0);
  g_assert_null (strstr (text, "Globex"));

  mp_client_get_report_async (reseller, mp_report_get_id (report), NULL, mp_test_store_result, &other);
  none = mp_client_get_report_finish (reseller, mp_test_wait (&other), &error);
  g_assert_null (none);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_NOT_FOUND);
}

/* Refusals carry the server's message, correlation ID and field. */
static void
test_refused (void)
{
  g_autoptr(MpClient) client = mp_test_login (server, "demo-reseller", "Demo-Reseller-1");
  g_autoptr(GDate) start = days_ago (1);
  g_autoptr(GDate) end = days_ago (2);
  g_autoptr(GDate) month = days_ago (0);
  g_autoptr(GError) error = NULL;
  g_autoptr(MpReport) backwards = request (client, MP_REPORT_TYPE_ONETIME, MP_REPORT_FORMAT_JSON, start, end, &error);
  g_autoptr(MpReport) periodic = NULL;
  const char *subject = NULL;

  g_assert_null (backwards);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
  g_assert_cmpuint (mp_client_error_get_status (error), ==, 400);
  g_assert_nonnull (strstr (error->message, "end before it starts"));
  g_assert_true (g_str_has_prefix (mp_client_error_get_correlation_id (error), "mp-"));
  g_assert_cmpint (mp_client_error_get_refusal (error, &subject), ==, MP_REFUSAL_FIELD);
  g_assert_cmpstr (subject, ==, "endDate");
  g_clear_error (&error);

  /* periodic reports are the platform's own, not requested */
  g_date_set_day (month, 1);
  periodic = request (client, MP_REPORT_TYPE_PERIODIC, MP_REPORT_FORMAT_XLSX, month, NULL, &error);
  g_assert_null (periodic);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION);
  g_assert_cmpint (mp_client_error_get_refusal (error, &subject), ==, MP_REFUSAL_FIELD);
  g_assert_cmpstr (subject, ==, "type");
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  server = mp_test_start_server ("--provision-step-ms", "100", NULL);

  g_test_add_func ("/client/reports/request-follow-download", test_request_follow_download);
  g_test_add_func ("/client/reports/customer-scope", test_customer_scope);
  g_test_add_func ("/client/reports/refused", test_refused);
  status = g_test_run ();
  mp_test_server_free (server);
  return status;
}
