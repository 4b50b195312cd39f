/* test-reports.c: the Billing Reports page against the real server: the
 * form says and checks what is allowed, a requested report is followed
 * (progress bar, polled status) to Open and Save…, its total and saved
 * file add up to a sum computed here over the subscriptions' unit prices,
 * and the server's refusal shows with its correlation ID
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <stdlib.h>
#include <string.h>

#include <glib/gstdio.h>

#include "mp-api.h"
#include "mp-client-test-util.h"
#include "mp-error-box.h"
#include "mp-reports-page.h"
#include "mp-session.h"

#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"

#define TIMEOUT_MS 20000

static char *
day_text (int days_ago)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, -days_ago);

  return g_date_time_format (then, "%Y-%m-%d");
}

static void
set_text (GtkWidget  *page,
          const char *child,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (mp_test_ui_child (page, child)), text);
}

static gboolean
can_request (GtkWidget *page)
{
  return gtk_widget_get_sensitive (mp_test_ui_child (page, "request_button"));
}

static GtkWidget *
open_page (MpTestUiFixture *fixture)
{
  GtkWidget *page = mp_reports_page_new (fixture->session);

  mp_reports_page_set_poll_interval (MP_REPORTS_PAGE (page), 50);
  mp_test_ui_show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (mp_test_ui_child (page, "list_stack")), "loading") != 0,
                 TIMEOUT_MS);
  return page;
}

static MpReport *
first_report (GtkWidget *page)
{
  GListModel *reports = mp_reports_page_get_reports (MP_REPORTS_PAGE (page));

  return g_list_model_get_n_items (reports) > 0 ? g_list_model_get_item (reports, 0) : NULL;
}

static MpReportStatus
first_status (GtkWidget *page)
{
  g_autoptr(MpReport) report = first_report (page);

  return report != NULL ? mp_report_get_status (report) : MP_REPORT_STATUS_UNKNOWN;
}

static MpReportFormat
first_format (GtkWidget *page)
{
  g_autoptr(MpReport) report = first_report (page);

  return report != NULL ? mp_report_get_format (report) : MP_REPORT_FORMAT_UNKNOWN;
}

static void
count_saved_cb (guint *count)
{
  (*count)++;
}

/* The form: the end follows the start for daily and monthly reports, and
 * what is not allowed cannot be requested. */
static void
test_form (MpTestUiFixture *fixture,
           gconstpointer    data)
{
  GtkWidget *page = open_page (fixture);
  AdwComboRow *type = mp_test_ui_child (page, "type_row");
  GtkWidget *end_entry = mp_test_ui_child (page, "end_entry");
  g_autofree char *yesterday = day_text (1);
  g_autofree char *today = day_text (0);
  g_autofree char *tomorrow = day_text (-1);
  g_autofree char *long_ago = day_text (400);

  g_assert_cmpstr (gtk_stack_get_visible_child_name (mp_test_ui_child (page, "list_stack")), ==, "empty");
  /* last month by default */
  g_assert_cmpint (strlen (gtk_editable_get_text (GTK_EDITABLE (mp_test_ui_child (page, "start_entry")))), ==, 10);
  g_assert_true (can_request (page));

  set_text (page, "start_entry", today);
  set_text (page, "end_entry", yesterday);
  g_assert_false (can_request (page));
  g_assert_true (gtk_widget_has_css_class (end_entry, "error"));
  set_text (page, "end_entry", today);
  g_assert_true (can_request (page));
  g_assert_false (gtk_widget_has_css_class (end_entry, "error"));
  set_text (page, "start_entry", tomorrow);
  g_assert_false (can_request (page));
  set_text (page, "start_entry", "2026-02-30");
  g_assert_false (can_request (page));
  set_text (page, "start_entry", long_ago);
  g_assert_false (can_request (page));
  set_text (page, "start_entry", yesterday);
  set_text (page, "name_row", "   ");
  g_assert_false (can_request (page));
  set_text (page, "name_row", "Test");
  g_assert_true (can_request (page));

  /* daily: the end is the start, not editable */
  adw_combo_row_set_selected (type, 1);
  g_assert_false (gtk_widget_get_sensitive (end_entry));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (end_entry)), ==, yesterday);
  g_assert_true (can_request (page));
  /* monthly: from a first day to the month's last */
  adw_combo_row_set_selected (type, 2);
  g_assert_cmpstr (adw_action_row_get_subtitle (mp_test_ui_child (page, "start_row")), ==,
                   "YYYY-MM-DD, the first day of a month that has begun");
  set_text (page, "start_entry", "2026-02-01");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (end_entry)), ==, "2026-02-28");
  g_assert_true (can_request (page));
  set_text (page, "start_entry", "2026-02-02");
  g_assert_false (can_request (page));
}

/* Requested: listed at once with a progress bar, followed to completed,
 * then its total and the saved CSV file add up to the sum here. */
static void
test_request_follow_save (MpTestUiFixture *fixture,
                          gconstpointer    data)
{
  GtkWidget *page = open_page (fixture);
  GtkListBox *list = mp_test_ui_child (page, "reports_list");
  g_autofree char *start = day_text (30);
  g_autofree char *end = day_text (0);
  g_autofree char *dir = g_dir_make_tmp ("mp-reports-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MpReport) report = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *csv = NULL;
  g_auto(GStrv) rows = NULL;
  GtkWidget *row, *progress;
  gint64 expected, sum = 0;
  guint charge_column = 0, saved = 0;

  set_text (page, "name_row", "November Charges");
  set_text (page, "start_entry", start);
  set_text (page, "end_entry", end);
  g_assert_true (can_request (page));
  gtk_widget_activate (mp_test_ui_child (page, "request_button"));
  MP_WAIT_UNTIL (first_status (page) != MP_REPORT_STATUS_UNKNOWN, TIMEOUT_MS);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (mp_test_ui_child (page, "list_stack")), ==, "list");
  row = gtk_widget_get_first_child (GTK_WIDGET (list));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, "November Charges");
  /* a few hundred milliseconds per step: still on its way */
  progress = mp_test_ui_find_named (row, "progress");
  g_assert_nonnull (progress);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (progress)), >, 0.0);
  g_assert_null (mp_test_ui_find_named (row, "save-button"));

  MP_WAIT_UNTIL (first_status (page) == MP_REPORT_STATUS_COMPLETED, TIMEOUT_MS);
  row = gtk_widget_get_first_child (GTK_WIDGET (list));
  g_assert_null (mp_test_ui_find_named (row, "progress"));
  g_assert_nonnull (mp_test_ui_find_named (row, "open-button"));
  g_assert_nonnull (mp_test_ui_find_named (row, "save-button"));
  /* named after the report (tooltip and accessible name alike) */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (mp_test_ui_find_named (row, "open-button")), ==,
                   "Open “November Charges”");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (mp_test_ui_find_named (row, "save-button")), ==,
                   "Save “November Charges”…");
  g_assert_true (mp_test_ui_label_contains (row, "CSV"));
  g_assert_true (mp_test_ui_label_contains (row, "Completed"));

  expected = mp_test_billed_total (fixture->client, start, end, NULL);
  g_assert_cmpint (expected, >, 0);
  total_text = mp_test_ui_format_cents (expected, "USD");
  g_assert_cmpstr (gtk_label_get_text (mp_test_ui_find_named (row, "total")), ==, total_text);
  mp_test_ui_render (GTK_WIDGET (fixture->window), "reports");

  report = first_report (page);
  g_signal_connect_swapped (page, "saved", G_CALLBACK (count_saved_cb), &saved);
  mp_reports_page_save_report (MP_REPORTS_PAGE (page), report, file);
  MP_WAIT_UNTIL (saved == 1, TIMEOUT_MS);
  g_assert_true (g_file_get_contents (path, &csv, NULL, NULL));
  rows = g_strsplit (csv, "\r\n", -1);
  {
    g_auto(GStrv) header = g_strsplit (rows[0], ",", -1);

    while (header[charge_column] != NULL && strcmp (header[charge_column], "charge") != 0)
      charge_column++;
    g_assert_nonnull (header[charge_column]);
  }
  for (guint i = 1; rows[i] != NULL && rows[i][0] != '\0'; i++)
    {
      g_auto(GStrv) fields = NULL;
      MpMoney money;

      /* the recurring lines; the orders' (their descriptions may hold commas) are not summed */
      if (!g_str_has_prefix (rows[i], "recurring,"))
        continue;
      fields = g_strsplit (rows[i], ",", -1);

      g_assert_true (mp_money_parse (fields[charge_column], "USD", &money, NULL));
      sum += money.minor;
    }
  g_assert_cmpint (sum, ==, expected);

  /* Open: downloaded into the cache (a temporary XDG_CACHE_HOME here), then
   * handed to the default application (whether one is installed or not) */
  gtk_widget_activate (mp_test_ui_find_named (gtk_widget_get_first_child (GTK_WIDGET (list)), "open-button"));
  MP_WAIT_UNTIL (g_object_get_data (G_OBJECT (page), "opened-file") != NULL, TIMEOUT_MS);
  {
    GFile *opened = g_object_get_data (G_OBJECT (page), "opened-file");
    g_autofree char *opened_path = g_file_get_path (opened);
    g_autofree char *opened_text = NULL;

    g_assert_true (g_str_has_prefix (opened_path, g_get_user_cache_dir ()));
    g_assert_true (g_str_has_suffix (opened_path, ".csv"));
    g_assert_true (g_file_get_contents (opened_path, &opened_text, NULL, NULL));
    g_assert_cmpstr (opened_text, ==, csv);
  }

  /* a new page lists it, completed */
  {
    GtkWidget *again = open_page (fixture);
    g_autoptr(MpReport) listed = first_report (again);

    g_assert_nonnull (listed);
    g_assert_cmpstr (mp_report_get_id (listed), ==, mp_report_get_id (report));
    g_assert_cmpint (mp_report_get_status (listed), ==, MP_REPORT_STATUS_COMPLETED);
  }
  g_unlink (path);
  g_rmdir (dir);
}

/* Selects the item of COMBO the user reads as LABEL. */
static void
choose (AdwComboRow *combo,
        const char  *label)
{
  GListModel *items = adw_combo_row_get_model (combo);

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (gtk_string_object_get_string (item), label) == 0)
        {
          adw_combo_row_set_selected (combo, i);
          return;
        }
    }
  g_error ("No “%s” to choose", label);
}

/* Format XML: requested as XML, listed so, and saved as an XML document
 * whose total is the sum here; then XLSX, saved as a workbook. */
static void
test_xml (MpTestUiFixture *fixture,
          gconstpointer    data)
{
  GtkWidget *page = open_page (fixture);
  g_autofree char *start = day_text (30);
  g_autofree char *end = day_text (0);
  g_autofree char *dir = g_dir_make_tmp ("mp-reports-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "saved.xml", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(MpReport) report = NULL;
  g_autofree char *xml = NULL;
  g_autofree char *suggested = NULL;
  g_autofree char *total = NULL;
  g_autofree char *expected_total_text = NULL;
  gint64 expected;
  const char *at;
  guint saved = 0;

  set_text (page, "name_row", "Charges in XML");
  set_text (page, "start_entry", start);
  set_text (page, "end_entry", end);
  choose (mp_test_ui_child (page, "format_row"), "XML");
  gtk_widget_activate (mp_test_ui_child (page, "request_button"));
  MP_WAIT_UNTIL (first_status (page) == MP_REPORT_STATUS_COMPLETED, TIMEOUT_MS);
  report = first_report (page);
  g_assert_cmpint (mp_report_get_format (report), ==, MP_REPORT_FORMAT_XML);
  g_assert_true (mp_test_ui_label_contains (gtk_widget_get_first_child (mp_test_ui_child (page, "reports_list")),
                                            "XML"));
  suggested = mp_report_dup_file_name (report);
  g_assert_true (g_str_has_suffix (suggested, ".xml"));

  g_signal_connect_swapped (page, "saved", G_CALLBACK (count_saved_cb), &saved);
  mp_reports_page_save_report (MP_REPORTS_PAGE (page), report, file);
  MP_WAIT_UNTIL (saved == 1, TIMEOUT_MS);
  g_assert_true (g_file_get_contents (path, &xml, NULL, NULL));
  g_assert_true (g_str_has_prefix (xml, "<?xml"));
  /* the report's own total: the last <total> of <report> */
  at = g_strrstr (xml, "<total>\n    <amount>");
  g_assert_nonnull (at);
  at += strlen ("<total>\n    <amount>");
  total = g_strndup (at, strcspn (at, "<"));
  expected = mp_test_billed_total (fixture->client, start, end, NULL);
  g_assert_cmpint (expected, >, 0);
  expected_total_text = g_strdup_printf ("%" G_GINT64_FORMAT ".%02" G_GINT64_FORMAT, expected / 100, expected % 100);
  g_assert_cmpstr (total, ==, expected_total_text);
  g_unlink (path);

  /* XLSX: a workbook (a ZIP archive), saved as .xlsx */
  {
    g_autofree char *xlsx_path = g_build_filename (dir, "saved.xlsx", NULL);
    g_autoptr(GFile) xlsx_file = g_file_new_for_path (xlsx_path);
    g_autoptr(MpReport) workbook = NULL;
    g_autofree char *contents = NULL;
    g_autofree char *workbook_name = NULL;
    gsize length = 0;

    set_text (page, "name_row", "Charges for Excel");
    choose (mp_test_ui_child (page, "format_row"), "XLSX (Excel Workbook)");
    gtk_widget_activate (mp_test_ui_child (page, "request_button"));
    MP_WAIT_UNTIL (first_format (page) == MP_REPORT_FORMAT_XLSX &&
                   first_status (page) == MP_REPORT_STATUS_COMPLETED, TIMEOUT_MS);
    workbook = first_report (page);
    workbook_name = mp_report_dup_file_name (workbook);
    g_assert_true (g_str_has_suffix (workbook_name, ".xlsx"));
    g_assert_cmpint (mp_report_get_total (workbook)->minor, ==, expected);
    mp_reports_page_save_report (MP_REPORTS_PAGE (page), workbook, xlsx_file);
    MP_WAIT_UNTIL (saved == 2, TIMEOUT_MS);
    g_assert_true (g_file_get_contents (xlsx_path, &contents, &length, NULL));
    g_assert_cmpuint (length, >, 4);
    g_assert_cmpmem (contents, 4, "PK\3\4", 4);
    g_unlink (xlsx_path);
  }
  g_rmdir (dir);
}

/* The server's refusal shows in place with its correlation ID. */
static void
test_refused (MpTestUiFixture *fixture,
              gconstpointer    data)
{
  GtkWidget *page = open_page (fixture);
  MpErrorBox *box = mp_test_ui_child (page, "error_box");
  g_autofree char *long_name = g_strnfill (101, 'x');

  set_text (page, "name_row", long_name);
  g_assert_true (can_request (page));
  gtk_widget_activate (mp_test_ui_child (page, "request_button"));
  MP_WAIT_UNTIL (mp_error_box_get_message (box) != NULL, TIMEOUT_MS);
  g_assert_nonnull (strstr (mp_error_box_get_message (box), "1 to 100 characters"));
  g_assert_true (g_str_has_prefix (mp_error_box_get_correlation_id (box), "mp-"));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (box)));
  g_assert_true (can_request (page));
  g_assert_cmpuint (g_list_model_get_n_items (mp_reports_page_get_reports (MP_REPORTS_PAGE (page))), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  static const char * const steps[] = { "--provision-step-ms=400", NULL };

  g_autofree char *cache = g_dir_make_tmp ("mp-reports-cache-XXXXXX", NULL);
  int status;

  /* Open writes into the user's cache: a throw-away one */
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/pages/reports/form", MpTestUiFixture, steps, mp_test_ui_setup_reseller, test_form,
              mp_test_ui_teardown);
  g_test_add ("/pages/reports/request-follow-save", MpTestUiFixture, steps, mp_test_ui_setup_reseller,
              test_request_follow_save, mp_test_ui_teardown);
  g_test_add ("/pages/reports/xml", MpTestUiFixture, steps, mp_test_ui_setup_reseller, test_xml,
              mp_test_ui_teardown);
  g_test_add ("/pages/reports/refused", MpTestUiFixture, steps, mp_test_ui_setup_reseller, test_refused,
              mp_test_ui_teardown);
  status = g_test_run ();
  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", cache);

    (void) !system (command);
  }
  return status;
}
