/* mp-reports-page.c: Billing Reports
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-reports-page"

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "mp-client-reports.h"
#include "mp-error-box.h"
#include "mp-page-util.h"
#include "mp-reports-page.h"

/* Requests a rated-data report for a period (type, dates that say what is
 * allowed, format), lists the reports newest first, follows the ones still
 * being made (their status polled, a progress bar each), and opens or saves
 * a completed one. The marketplace's refusals show in place with their
 * correlation ID.
 */
struct _MpReportsPage
{
  AdwBin                parent_instance;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  AdwEntryRow          *name_row;
  AdwComboRow          *type_row;
  AdwActionRow         *start_row;
  GtkEntry             *start_entry;
  AdwActionRow         *end_row;
  GtkEntry             *end_entry;
  AdwComboRow          *format_row;
  MpErrorBox           *error_box;
  GtkButton            *request_button;
  GtkStack             *list_stack;
  GtkListBox           *reports_list;

  /* Owned References */
  MpSession            *session;
  GListStore           *reports;
  GCancellable         *cancellable;
  MpPagedList          *loading;
  GtkFileChooserNative *chooser;

  guint                 poll_id;
  guint                 poll_interval;
  guint                 polls_in_flight;
  gboolean              requesting;
  gboolean              updating;
};

G_DEFINE_FINAL_TYPE (MpReportsPage, mp_reports_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The type row's items, in order. */
static const MpReportType types[] = { MP_REPORT_TYPE_ONETIME, MP_REPORT_TYPE_DAILY, MP_REPORT_TYPE_MONTHLY };
static const MpReportFormat formats[] = { MP_REPORT_FORMAT_CSV, MP_REPORT_FORMAT_XLSX, MP_REPORT_FORMAT_JSON,
                                          MP_REPORT_FORMAT_XML };

#define MAX_DAYS 366

static MpReportType
selected_type (MpReportsPage *self)
{
  guint i = adw_combo_row_get_selected (self->type_row);

  return i < G_N_ELEMENTS (types) ? types[i] : MP_REPORT_TYPE_ONETIME;
}

static MpReportFormat
selected_format (MpReportsPage *self)
{
  guint i = adw_combo_row_get_selected (self->format_row);

  return i < G_N_ELEMENTS (formats) ? formats[i] : MP_REPORT_FORMAT_CSV;
}

/* "YYYY-MM-DD" exactly, a real day. */
static gboolean
parse_date (const char *text,
            GDate      *date)
{
  guint y, m, d;

  g_date_clear (date, 1);
  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;
  for (guint i = 0; i < 10; i++)
    if (i != 4 && i != 7 && !g_ascii_isdigit (text[i]))
      return FALSE;
  y = (guint) g_ascii_strtoull (text, NULL, 10);
  m = (guint) g_ascii_strtoull (text + 5, NULL, 10);
  d = (guint) g_ascii_strtoull (text + 8, NULL, 10);
  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;
  g_date_set_dmy (date, (GDateDay) d, (GDateMonth) m, (GDateYear) y);
  return TRUE;
}

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

static void
today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, (GDateDay) g_date_time_get_day_of_month (now), (GDateMonth) g_date_time_get_month (now),
                  (GDateYear) g_date_time_get_year (now));
}

static void
set_valid (GtkEntry *entry,
           gboolean  valid)
{
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE, -1);
}

/* Reads the form: the period it asks for; FALSE when it cannot be
 * requested as it stands. The rows say what is allowed and the end date
 * follows the start where the type fixes it.
 */
static gboolean
read_form (MpReportsPage *self,
           GDate         *start,
           GDate         *end)
{
  MpReportType type = selected_type (self);
  gboolean start_ok, end_ok = TRUE;
  GDate now;

  today (&now);
  start_ok = parse_date (gtk_editable_get_text (GTK_EDITABLE (self->start_entry)), start)
             && g_date_compare (start, &now) <= 0;
  if (start_ok && type == MP_REPORT_TYPE_MONTHLY)
    start_ok = g_date_get_day (start) == 1;

  if (type == MP_REPORT_TYPE_ONETIME)
    {
      end_ok = parse_date (gtk_editable_get_text (GTK_EDITABLE (self->end_entry)), end);
      if (end_ok && start_ok)
        end_ok = g_date_compare (end, start) >= 0 && g_date_days_between (start, end) < MAX_DAYS;
    }
  else if (start_ok)
    {
      g_autofree char *text = NULL;

      *end = *start;
      if (type == MP_REPORT_TYPE_MONTHLY)
        {
          g_date_add_months (end, 1);
          g_date_subtract_days (end, 1);
        }
      text = date_text (end);
      self->updating = TRUE;
      gtk_editable_set_text (GTK_EDITABLE (self->end_entry), text);
      self->updating = FALSE;
    }

  set_valid (self->start_entry, start_ok);
  set_valid (self->end_entry, end_ok);
  return start_ok && end_ok;
}

static gboolean
name_is_blank (const char *name)
{
  for (; name != NULL && *name != '\0'; name++)
    if (!g_ascii_isspace (*name))
      return FALSE;
  return TRUE;
}

static void
update_form (MpReportsPage *self)
{
  MpReportType type = selected_type (self);
  GDate start, end;
  gboolean valid;

  if (self->updating)
    return;
  switch (type)
    {
    case MP_REPORT_TYPE_DAILY:
      adw_action_row_set_subtitle (self->start_row, _("YYYY-MM-DD, today or earlier: the report covers this one day"));
      adw_action_row_set_subtitle (self->end_row, _("The same day as the start"));
      break;
    case MP_REPORT_TYPE_MONTHLY:
      adw_action_row_set_subtitle (self->start_row, _("YYYY-MM-DD, the first day of a month that has begun"));
      adw_action_row_set_subtitle (self->end_row, _("The last day of that month"));
      break;
    case MP_REPORT_TYPE_ONETIME:
    case MP_REPORT_TYPE_UNKNOWN:
    case MP_REPORT_TYPE_PERIODIC:
    case MP_REPORT_TYPE_ON_INVOICE:
    default:
      adw_action_row_set_subtitle (self->start_row, _("YYYY-MM-DD, today or earlier"));
      adw_action_row_set_subtitle (self->end_row, _("YYYY-MM-DD, from the start date, at most 366 days"));
      break;
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->end_entry), type == MP_REPORT_TYPE_ONETIME);
  valid = read_form (self, &start, &end);
  valid = valid && !name_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->name_row)));
  gtk_widget_set_sensitive (GTK_WIDGET (self->request_button), valid && !self->requesting);
}

static void
form_changed_cb (MpReportsPage *self)
{
  update_form (self);
}

static void
type_changed_cb (MpReportsPage *self)
{
  update_form (self);
}

/* Rows */

static const char *
status_text (MpReportStatus status)
{
  switch (status)
    {
    case MP_REPORT_STATUS_SUBMITTED:
      return _("Submitted");
    case MP_REPORT_STATUS_PROCESSING:
      return _("Processing");
    case MP_REPORT_STATUS_COMPLETED:
      return _("Completed");
    case MP_REPORT_STATUS_ERROR:
      return _("Failed");
    case MP_REPORT_STATUS_UNKNOWN:
    default:
      return _("Unknown");
    }
}

static gboolean
is_pending (MpReport *report)
{
  MpReportStatus status = mp_report_get_status (report);

  return status == MP_REPORT_STATUS_SUBMITTED || status == MP_REPORT_STATUS_PROCESSING;
}

static char *
day_of (const char *date_time)
{
  g_autofree char *day = date_time != NULL ? g_strndup (date_time, 10) : NULL;

  return mp_page_format_date (day);
}

static char *
report_subtitle (MpReport *report)
{
  g_autofree char *start = day_of (mp_report_get_start_date (report));
  g_autofree char *end = day_of (mp_report_get_end_date (report));
  g_autofree char *format = g_ascii_strup (mp_enum_to_nick (MP_TYPE_REPORT_FORMAT, mp_report_get_format (report)), -1);

  /* Translators: a report's period, format and status: "1 Nov 2026 – 30 Nov 2026 · CSV · Processing". */
  return g_strdup_printf (_("%s – %s · %s · %s"), start, end, format, status_text (mp_report_get_status (report)));
}

static void open_clicked_cb (GtkButton *button,
                             gpointer   user_data);
static void save_clicked_cb (GtkButton *button,
                             gpointer   user_data);

static GtkWidget *
report_button (MpReportsPage *self,
               MpReport      *report,
               const char    *label,
               const char    *name,
               const char    *accessible,
               GCallback      callback)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_name (button, name);
  gtk_widget_set_tooltip_text (button, accessible);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
  g_object_set_data_full (G_OBJECT (button), "report", g_object_ref (report), g_object_unref);
  g_signal_connect (button, "clicked", callback, self);
  return button;
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  MpReportsPage *self = user_data;
  MpReport *report = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = report_subtitle (report);
  MpReportStatus status = mp_report_get_status (report);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mp_report_get_name (report));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (is_pending (report))
    {
      GtkWidget *bar = gtk_progress_bar_new ();
      /* Translators: the accessible name of a report's progress bar; %s is its name. */
      g_autofree char *accessible = g_strdup_printf (_("Progress of “%s”"), mp_report_get_name (report));

      gtk_widget_set_name (bar, "progress");
      gtk_widget_set_valign (bar, GTK_ALIGN_CENTER);
      gtk_widget_set_size_request (bar, 120, -1);
      gtk_progress_bar_set_fraction (GTK_PROGRESS_BAR (bar), status == MP_REPORT_STATUS_SUBMITTED ? 1.0 / 3 : 2.0 / 3);
      gtk_progress_bar_set_text (GTK_PROGRESS_BAR (bar), status_text (status));
      gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
      gtk_accessible_update_property (GTK_ACCESSIBLE (bar), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible, -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), bar);
    }
  else if (status == MP_REPORT_STATUS_COMPLETED)
    {
      const MpMoney *total = mp_report_get_total (report);
      /* Translators: accessible names of a report's buttons; %s is its name. */
      g_autofree char *open_name = g_strdup_printf (_("Open “%s”"), mp_report_get_name (report));
      /* Translators: %s is a report's name. */
      g_autofree char *save_name = g_strdup_printf (_("Save “%s”…"), mp_report_get_name (report));

      if (total != NULL)
        {
          g_autofree char *text = mp_page_format_money (total);
          GtkWidget *label = gtk_label_new (text);

          gtk_widget_set_name (label, "total");
          gtk_widget_add_css_class (label, "numeric");
          if (mp_report_get_order_total (report) != NULL)
            {
              g_autofree char *orders = mp_page_format_money (mp_report_get_order_total (report));
              /* Translators: the tooltip of a report's total; %s are amounts of money. */
              g_autofree char *tip = g_strdup_printf (_("Recurring charges %s; orders in the period %s"), text, orders);

              gtk_widget_set_tooltip_text (label, tip);
            }
          else
            gtk_widget_set_tooltip_text (label, _("Recurring charges"));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 report_button (self, report, _("_Open"), "open-button", open_name,
                                                G_CALLBACK (open_clicked_cb)));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 report_button (self, report, _("_Save…"), "save-button", save_name,
                                                G_CALLBACK (save_clicked_cb)));
    }
  return row;
}

static void
update_list_state (MpReportsPage *self)
{
  if (self->loading != NULL)
    gtk_stack_set_visible_child_name (self->list_stack, "loading");
  else
    gtk_stack_set_visible_child_name (self->list_stack,
                                      g_list_model_get_n_items (G_LIST_MODEL (self->reports)) > 0 ? "list" : "empty");
}

/* Polling */

static void ensure_polling (MpReportsPage *self);

static gboolean
find_report (MpReportsPage *self,
             const char    *id,
             guint         *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->reports));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpReport) report = g_list_model_get_item (G_LIST_MODEL (self->reports), i);

      if (g_strcmp0 (mp_report_get_id (report), id) == 0)
        {
          *position = i;
          return TRUE;
        }
    }
  return FALSE;
}

static void
replace_report (MpReportsPage *self,
                MpReport      *report)
{
  guint position;

  if (find_report (self, mp_report_get_id (report), &position))
    g_list_store_splice (self->reports, position, 1, (gpointer *) &report, 1);
}

static void
poll_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MpReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpReport) report = mp_client_get_report_finish (MP_CLIENT (object), result, &error);

  self->polls_in_flight--;
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mp_error_box_set_error (self->error_box, _("Could Not Follow the Report"), error);
      return;
    }
  replace_report (self, report);
  ensure_polling (self);
}

static gboolean
poll_timeout_cb (gpointer user_data)
{
  MpReportsPage *self = user_data;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->reports));
  MpClient *client = mp_session_get_client (self->session);

  self->poll_id = 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpReport) report = g_list_model_get_item (G_LIST_MODEL (self->reports), i);

      if (!is_pending (report))
        continue;
      self->polls_in_flight++;
      mp_client_get_report_async (client, mp_report_get_id (report), self->cancellable, poll_cb,
                                  g_object_ref (self));
    }
  return G_SOURCE_REMOVE;
}

/* Polls again after the interval while a report is pending and no poll
 * is still waiting for its answer. */
static void
ensure_polling (MpReportsPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->reports));
  gboolean pending = FALSE;

  if (self->poll_id != 0 || self->polls_in_flight > 0)
    return;
  for (guint i = 0; i < n && !pending; i++)
    {
      g_autoptr(MpReport) report = g_list_model_get_item (G_LIST_MODEL (self->reports), i);

      pending = is_pending (report);
    }
  if (pending)
    self->poll_id = g_timeout_add (self->poll_interval, poll_timeout_cb, self);
}

/* Loading */

static void
load_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(MpReportsPage) self = user_data;
  MpPagedList *list = MP_PAGED_LIST (object);
  g_autoptr(GError) error = NULL;
  guint n;

  if (!mp_paged_list_wait_finish (list, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      mp_error_box_set_error (self->error_box, _("Could Not Load the Reports"), error);
    }
  if (list != self->loading)
    return;
  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  {
    g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);

    for (guint i = 0; i < n; i++)
      g_ptr_array_add (items, g_list_model_get_item (G_LIST_MODEL (list), i));
    g_list_store_splice (self->reports, 0, g_list_model_get_n_items (G_LIST_MODEL (self->reports)),
                         items->pdata, items->len);
  }
  g_clear_object (&self->loading);
  update_list_state (self);
  ensure_polling (self);
}

static void
load (MpReportsPage *self)
{
  g_clear_object (&self->loading);
  self->loading = mp_client_list_reports (mp_session_get_client (self->session), NULL, MP_REPORT_STATUS_UNKNOWN,
                                          MP_REPORT_FORMAT_UNKNOWN);
  update_list_state (self);
  mp_paged_list_wait_async (self->loading, self->cancellable, load_cb, g_object_ref (self));
}

static void
reload_clicked_cb (MpReportsPage *self)
{
  mp_error_box_clear (self->error_box);
  load (self);
}

/* Requesting */

static void
request_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MpReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpReport) report = mp_client_request_report_finish (MP_CLIENT (object), result, &error);

  self->requesting = FALSE;
  update_form (self);
  if (report == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mp_error_box_set_error (self->error_box, _("Could Not Request the Report"), error);
      return;
    }
  g_list_store_insert (self->reports, 0, report);
  update_list_state (self);
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (_("Report requested")));
  ensure_polling (self);
}

static void
request_clicked_cb (MpReportsPage *self)
{
  GDate start, end;
  g_autofree char *name = NULL;

  if (self->requesting || !read_form (self, &start, &end)
      || name_is_blank (gtk_editable_get_text (GTK_EDITABLE (self->name_row))))
    return;
  name = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
  mp_error_box_clear (self->error_box);
  self->requesting = TRUE;
  update_form (self);
  mp_client_request_report_async (mp_session_get_client (self->session), name, NULL, selected_type (self),
                                  selected_format (self), &start, &end, self->cancellable, request_cb,
                                  g_object_ref (self));
}

/* Opening and saving */

typedef struct
{
  MpReportsPage *page;
  GFile         *file;
} Download;

static void
download_free (Download *download)
{
  g_clear_object (&download->page);
  g_clear_object (&download->file);
  g_free (download);
}

static Download *
download_new (MpReportsPage *self,
              GFile         *file)
{
  Download *download = g_new0 (Download, 1);

  download->page = g_object_ref (self);
  download->file = g_object_ref (file);
  return download;
}

static void
launched_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MpReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    mp_error_box_set_error (self->error_box, _("Could Not Open the Report"), error);
}

static void
open_downloaded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Download *download = user_data;
  MpReportsPage *self = download->page;
  g_autoptr(GError) error = NULL;

  if (mp_client_download_report_to_file_finish (MP_CLIENT (object), result, &error) < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mp_error_box_set_error (self->error_box, _("Could Not Download the Report"), error);
    }
  else
    {
      g_autofree char *uri = g_file_get_uri (download->file);
      g_autoptr(GAppLaunchContext) context =
        G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (gtk_widget_get_display (GTK_WIDGET (self))));

      g_object_set_data_full (G_OBJECT (self), "opened-file", g_object_ref (download->file), g_object_unref);
      g_app_info_launch_default_for_uri_async (uri, context, self->cancellable, launched_cb, g_object_ref (self));
    }
  download_free (download);
}

static void
open_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  MpReportsPage *self = user_data;
  MpReport *report = g_object_get_data (G_OBJECT (button), "report");
  g_autofree char *name = mp_report_dup_file_name (report);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "market-panel", "reports",
                                           mp_report_get_id (report), NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  mp_error_box_clear (self->error_box);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      mp_error_box_set_message (self->error_box, _("Could Not Download the Report"), g_strerror (errno), NULL);
      return;
    }
  mp_client_download_report_to_file_async (mp_session_get_client (self->session), report, file, self->cancellable,
                                           open_downloaded_cb, download_new (self, file));
}

static void
saved_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Download *download = user_data;
  MpReportsPage *self = download->page;
  g_autoptr(GError) error = NULL;

  if (mp_client_download_report_to_file_finish (MP_CLIENT (object), result, &error) < 0)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mp_error_box_set_error (self->error_box, _("Could Not Save the Report"), error);
    }
  else
    {
      g_autofree char *basename = g_file_get_basename (download->file);
      /* Translators: %s is a file name. */
      g_autofree char *text = g_strdup_printf (_("Saved “%s”"), basename);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      g_signal_emit (self, signals[SIGNAL_SAVED], 0, download->file);
    }
  download_free (download);
}

void
mp_reports_page_save_report (MpReportsPage *self,
                             MpReport      *report,
                             GFile         *file)
{
  g_return_if_fail (MP_IS_REPORTS_PAGE (self));
  g_return_if_fail (MP_IS_REPORT (report));
  g_return_if_fail (G_IS_FILE (file));

  mp_error_box_clear (self->error_box);
  mp_client_download_report_to_file_async (mp_session_get_client (self->session), report, file, self->cancellable,
                                           saved_cb, download_new (self, file));
}

static void
chooser_response_cb (GtkNativeDialog *dialog,
                     int              response,
                     gpointer         user_data)
{
  MpReportsPage *self = user_data;
  MpReport *report = g_object_get_data (G_OBJECT (dialog), "report");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        mp_reports_page_save_report (self, report, file);
    }
  g_clear_object (&self->chooser);
}

static void
save_clicked_cb (GtkButton *button,
                 gpointer   user_data)
{
  MpReportsPage *self = user_data;
  MpReport *report = g_object_get_data (G_OBJECT (button), "report");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = mp_report_dup_file_name (report);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save Report"), GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "report", g_object_ref (report), g_object_unref);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

/* Object */

static void
set_default_period (MpReportsPage *self)
{
  GDate start, end;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;

  /* last month */
  today (&start);
  g_date_set_day (&start, 1);
  end = start;
  g_date_subtract_days (&end, 1);
  g_date_subtract_months (&start, 1);
  start_text = date_text (&start);
  end_text = date_text (&end);
  gtk_editable_set_text (GTK_EDITABLE (self->start_entry), start_text);
  gtk_editable_set_text (GTK_EDITABLE (self->end_entry), end_text);
}

static void
mp_reports_page_constructed (GObject *object)
{
  MpReportsPage *self = MP_REPORTS_PAGE (object);

  G_OBJECT_CLASS (mp_reports_page_parent_class)->constructed (object);
  set_default_period (self);
  update_form (self);
  load (self);
}

static void
mp_reports_page_dispose (GObject *object)
{
  MpReportsPage *self = MP_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_object (&self->loading);
  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_REPORTS_PAGE);
  G_OBJECT_CLASS (mp_reports_page_parent_class)->dispose (object);
}

static void
mp_reports_page_finalize (GObject *object)
{
  MpReportsPage *self = MP_REPORTS_PAGE (object);

  g_clear_object (&self->session);
  g_clear_object (&self->reports);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (mp_reports_page_parent_class)->finalize (object);
}

static void
mp_reports_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  MpReportsPage *self = MP_REPORTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_reports_page_class_init (MpReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mp_reports_page_constructed;
  object_class->dispose = mp_reports_page_dispose;
  object_class->finalize = mp_reports_page_finalize;
  object_class->set_property = mp_reports_page_set_property;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* MpReportsPage::saved: a report's file was saved to FILE (whole). */
  signals[SIGNAL_SAVED] =
    g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_FILE);

  g_type_ensure (MP_TYPE_ERROR_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-reports-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, name_row);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, type_row);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, start_row);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, start_entry);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, end_row);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, end_entry);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, format_row);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, request_button);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, list_stack);
  gtk_widget_class_bind_template_child (widget_class, MpReportsPage, reports_list);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, request_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, reload_clicked_cb);
}

static void
mp_reports_page_init (MpReportsPage *self)
{
  self->reports = g_list_store_new (MP_TYPE_REPORT);
  self->cancellable = g_cancellable_new ();
  self->poll_interval = 1000;
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_bind_model (self->reports_list, G_LIST_MODEL (self->reports), create_row, self, NULL);
}

GtkWidget *
mp_reports_page_new (MpSession *session)
{
  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  return g_object_new (MP_TYPE_REPORTS_PAGE, "session", session, NULL);
}

GListModel *
mp_reports_page_get_reports (MpReportsPage *self)
{
  g_return_val_if_fail (MP_IS_REPORTS_PAGE (self), NULL);

  return G_LIST_MODEL (self->reports);
}

void
mp_reports_page_set_poll_interval (MpReportsPage *self,
                                   guint          milliseconds)
{
  g_return_if_fail (MP_IS_REPORTS_PAGE (self));

  self->poll_interval = MAX (10, milliseconds);
}
