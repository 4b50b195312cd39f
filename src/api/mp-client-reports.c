/* mp-client-reports.c: rated-data reports
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requesting, listing and reading reports over the client's requests
 * (mp-client-private.h); downloading a report's file streams it to the
 * caller's output stream or file, never holding it whole.
 */

#define G_LOG_DOMAIN "mp-client"

#include "config.h"

#include "mp-client-reports.h"

#include "mp-client-private.h"

static char *
date_text (const GDate *date)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

void
mp_client_request_report_async (MpClient            *self,
                                const char          *name,
                                const char          *customization_name,
                                MpReportType         type,
                                MpReportFormat       format,
                                const GDate         *start,
                                const GDate         *end,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *start_text = NULL;
  g_autofree char *end_text = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (name != NULL);
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (end == NULL || g_date_valid (end));

  start_text = date_text (start);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  if (customization_name != NULL && *customization_name != '\0')
    {
      json_builder_set_member_name (builder, "customizationName");
      json_builder_add_string_value (builder, customization_name);
    }
  /* "type" is read-only in SimpleAPI (a request is a one-time report):
   * sent only for the demo server's daily and monthly extension. */
  if (type != MP_REPORT_TYPE_UNKNOWN && type != MP_REPORT_TYPE_ONETIME && mp_client_get_has_extensions (self))
    {
      json_builder_set_member_name (builder, "type");
      json_builder_add_string_value (builder, mp_enum_to_nick (MP_TYPE_REPORT_TYPE, type));
    }
  if (format != MP_REPORT_FORMAT_UNKNOWN)
    {
      json_builder_set_member_name (builder, "format");
      json_builder_add_string_value (builder, mp_enum_to_nick (MP_TYPE_REPORT_FORMAT, format));
    }
  json_builder_set_member_name (builder, "startDate");
  json_builder_add_string_value (builder, start_text);
  if (end != NULL)
    {
      end_text = date_text (end);
      json_builder_set_member_name (builder, "endDate");
      json_builder_add_string_value (builder, end_text);
    }
  json_builder_end_object (builder);
  body = json_builder_get_root (builder);
  mp_client_object_request (self, "POST", "/reports", body, (MpJsonParseFunc) mp_report_new_from_json,
                            mp_client_request_report_async, cancellable, callback, user_data);
}

MpReport *
mp_client_request_report_finish (MpClient      *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  return mp_client_object_finish (self, result, mp_client_request_report_async, error);
}

MpPagedList *
mp_client_list_reports (MpClient       *self,
                        const char     *name,
                        MpReportStatus  status,
                        MpReportFormat  format)
{
  g_autofree char *query = NULL;

  g_return_val_if_fail (MP_IS_CLIENT (self), NULL);

  query = mp_client_build_query ("name", name,
                                 "status", status != MP_REPORT_STATUS_UNKNOWN
                                           ? mp_enum_to_nick (MP_TYPE_REPORT_STATUS, status) : NULL,
                                 "format", format != MP_REPORT_FORMAT_UNKNOWN
                                           ? mp_enum_to_nick (MP_TYPE_REPORT_FORMAT, format) : NULL,
                                 NULL);
  return mp_paged_list_new (self, "/reports", query, MP_TYPE_REPORT, (MpJsonParseFunc) mp_report_new_from_json);
}

void
mp_client_get_report_async (MpClient            *self,
                            const char          *report_id,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autofree char *path = NULL;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (report_id != NULL);

  path = mp_client_build_id_path ("/reports", report_id, "");
  mp_client_object_request (self, "GET", path, NULL, (MpJsonParseFunc) mp_report_new_from_json,
                            mp_client_get_report_async, cancellable, callback, user_data);
}

MpReport *
mp_client_get_report_finish (MpClient      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return mp_client_object_finish (self, result, mp_client_get_report_async, error);
}

/* Downloads */

static void
flush_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_flush_finish (G_OUTPUT_STREAM (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, GPOINTER_TO_SIZE (g_task_get_task_data (task)));
}

static void
download_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpResponse) response = mp_client_request_finish (MP_CLIENT (object), result, &error);
  GOutputStream *stream;

  if (response == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  stream = g_object_get_data (G_OBJECT (task), "stream");
  g_task_set_task_data (task, GSIZE_TO_POINTER ((gsize) response->written), NULL);
  g_output_stream_flush_async (stream, G_PRIORITY_DEFAULT, g_task_get_cancellable (task), flush_cb,
                               g_object_ref (task));
}

void
mp_client_download_report_async (MpClient            *self,
                                 MpReport            *report,
                                 GOutputStream       *stream,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const char *url;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (MP_IS_REPORT (report));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_download_report_async);
  g_object_set_data_full (G_OBJECT (task), "stream", g_object_ref (stream), g_object_unref);
  url = mp_report_get_download_url (report);
  if (url == NULL)
    {
      g_task_return_error (task, mp_client_error_new (MP_CLIENT_ERROR_VALIDATION, 0, "/reports", NULL,
                                                      "The report is not ready to download yet."));
      return;
    }
  mp_client_request_stream_async (self, url, stream, cancellable, download_cb, g_steal_pointer (&task));
}

gint64
mp_client_download_report_finish (MpClient      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_client_download_report_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* To a file: g_file_replace () writes a temporary file and moves it over
 * the old one when closed; a failed download closes nothing, so the
 * temporary file is dropped and the old file stays. */

typedef struct
{
  MpReport          *report;
  GFileOutputStream *output;
  gint64             written;
} FileDownload;

static void
file_download_free (gpointer data)
{
  FileDownload *download = data;

  g_clear_object (&download->report);
  g_clear_object (&download->output);
  g_free (download);
}

static void
file_closed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FileDownload *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_output_stream_close_finish (G_OUTPUT_STREAM (object), result, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_int (task, download->written);
}

static void
file_written_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FileDownload *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  download->written = mp_client_download_report_finish (MP_CLIENT (object), result, &error);
  if (error != NULL)
    {
      /* closing would replace the old file: cancel the close instead */
      g_autoptr(GCancellable) abort = g_cancellable_new ();

      g_cancellable_cancel (abort);
      g_output_stream_close (G_OUTPUT_STREAM (download->output), abort, NULL);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_output_stream_close_async (G_OUTPUT_STREAM (download->output), G_PRIORITY_DEFAULT,
                               g_task_get_cancellable (task), file_closed_cb, g_object_ref (task));
}

static void
file_replaced_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  FileDownload *download = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  download->output = g_file_replace_finish (G_FILE (object), result, &error);
  if (download->output == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  mp_client_download_report_async (g_task_get_source_object (task), download->report,
                                   G_OUTPUT_STREAM (download->output), g_task_get_cancellable (task),
                                   file_written_cb, g_object_ref (task));
}

void
mp_client_download_report_to_file_async (MpClient            *self,
                                         MpReport            *report,
                                         GFile               *file,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  FileDownload *download;

  g_return_if_fail (MP_IS_CLIENT (self));
  g_return_if_fail (MP_IS_REPORT (report));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_client_download_report_to_file_async);
  download = g_new0 (FileDownload, 1);
  download->report = g_object_ref (report);
  g_task_set_task_data (task, download, file_download_free);
  g_file_replace_async (file, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, G_PRIORITY_DEFAULT, cancellable,
                        file_replaced_cb, g_steal_pointer (&task));
}

gint64
mp_client_download_report_to_file_finish (MpClient      *self,
                                          GAsyncResult  *result,
                                          GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == mp_client_download_report_to_file_async, -1);

  return g_task_propagate_int (G_TASK (result), error);
}
