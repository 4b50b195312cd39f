/* mp-report.c: a rated-data report (SimpleAPI Report)
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-api"

#include "config.h"

#include "mp-report.h"

#include "mp-json-private.h"

struct _MpReport
{
  GObject parent_instance;

  char           *id;
  char           *name;
  char           *customization_name;
  MpReportStatus  status;
  MpReportType    type;
  MpReportFormat  format;
  char           *creation_date;
  char           *start_date;
  char           *end_date;
  char           *download_url;
  gint64          line_count;
  MpMoney         total;
  gboolean        has_total;
  MpMoney         order_total;
  gboolean        has_order_total;
};

G_DEFINE_FINAL_TYPE (MpReport, mp_report, G_TYPE_OBJECT)

static void
mp_report_finalize (GObject *object)
{
  MpReport *self = MP_REPORT (object);

  g_free (self->id);
  g_free (self->name);
  g_free (self->customization_name);
  g_free (self->creation_date);
  g_free (self->start_date);
  g_free (self->end_date);
  g_free (self->download_url);
  G_OBJECT_CLASS (mp_report_parent_class)->finalize (object);
}

static void
mp_report_class_init (MpReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mp_report_finalize;
}

static void
mp_report_init (MpReport *self)
{
  self->line_count = -1;
}

/**
 * mp_report_new_from_json:
 *
 * Parses a Report. Returns NULL with an MP_CLIENT_ERROR_BAD_RESPONSE error
 * without id, or with a total that is not money.
 */
MpReport *
mp_report_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(MpReport) self = g_object_new (MP_TYPE_REPORT, NULL);

  if (!mp_json_require_id (object, "id", "a report", &self->id, error))
    return NULL;
  self->name = mp_json_dup_string (object, "name");
  self->customization_name = mp_json_dup_string (object, "customizationName");
  self->status = mp_json_get_enum (object, "status", MP_TYPE_REPORT_STATUS, MP_REPORT_STATUS_UNKNOWN);
  self->type = mp_json_get_enum (object, "type", MP_TYPE_REPORT_TYPE, MP_REPORT_TYPE_UNKNOWN);
  self->format = mp_json_get_enum (object, "format", MP_TYPE_REPORT_FORMAT, MP_REPORT_FORMAT_UNKNOWN);
  self->creation_date = mp_json_dup_string (object, "creationDate");
  self->start_date = mp_json_dup_string (object, "startDate");
  self->end_date = mp_json_dup_string (object, "endDate");
  self->download_url = mp_json_dup_string (object, "downloadUrl");
  if (self->download_url != NULL && *self->download_url == '\0')
    g_clear_pointer (&self->download_url, g_free);
  self->line_count = mp_json_get_int (object, "lineCount", -1);
  if (!mp_json_get_money (object, "total", &self->total, &self->has_total, error)
      || !mp_json_get_money (object, "orderTotal", &self->order_total, &self->has_order_total, error))
    return NULL;
  return g_steal_pointer (&self);
}

const char *
mp_report_get_id (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->id;
}

const char *
mp_report_get_name (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->name;
}

const char *
mp_report_get_customization_name (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->customization_name;
}

MpReportStatus
mp_report_get_status (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), MP_REPORT_STATUS_UNKNOWN);

  return self->status;
}

MpReportType
mp_report_get_report_type (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), MP_REPORT_TYPE_UNKNOWN);

  return self->type;
}

MpReportFormat
mp_report_get_format (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), MP_REPORT_FORMAT_UNKNOWN);

  return self->format;
}

const char *
mp_report_get_creation_date (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->creation_date;
}

const char *
mp_report_get_start_date (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->start_date;
}

const char *
mp_report_get_end_date (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->end_date;
}

const char *
mp_report_get_download_url (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->download_url;
}

gint64
mp_report_get_line_count (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), -1);

  return self->line_count;
}

/* Returns: (nullable): the total, NULL where the marketplace does not say. */
const MpMoney *
mp_report_get_total (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->has_total ? &self->total : NULL;
}

/* Returns: (nullable): what the period's completed orders charged, NULL
 * where the marketplace does not say. */
const MpMoney *
mp_report_get_order_total (MpReport *self)
{
  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  return self->has_order_total ? &self->order_total : NULL;
}

static void
append_safe (GString    *out,
             const char *text,
             gsize       max_chars)
{
  gsize n = 0;

  for (const char *p = text; p != NULL && *p != '\0' && n < max_chars; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x20 || c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"'
          || c == '<' || c == '>' || c == '|')
        g_string_append_c (out, '_');
      else
        g_string_append_unichar (out, c);
    }
}

char *
mp_report_dup_file_name (MpReport *self)
{
  GString *out;

  g_return_val_if_fail (MP_IS_REPORT (self), NULL);

  out = g_string_new (NULL);
  append_safe (out, self->name != NULL && *self->name != '\0' ? self->name : "report", 80);
  if (self->start_date != NULL && self->end_date != NULL)
    {
      g_string_append_c (out, ' ');
      append_safe (out, self->start_date, 10);
      g_string_append (out, "–");
      append_safe (out, self->end_date, 10);
    }
  g_string_append (out, self->format == MP_REPORT_FORMAT_CSV ? ".csv"
                        : self->format == MP_REPORT_FORMAT_XML ? ".xml"
                        : self->format == MP_REPORT_FORMAT_XLSX ? ".xlsx" : ".json");
  return g_string_free (out, FALSE);
}
