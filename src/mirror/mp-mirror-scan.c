/* mp-mirror-scan.c: rows of a list answer without building a JSON tree
 *
 * A page of 500 subscriptions with their lines is half a megabyte of JSON;
 * json-glib takes about 20 ms to build its tree and the mirror stores each
 * row's text anyway. This scan only finds where each row starts and ends
 * and reads the few members the mirror's columns need.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "mp-mirror-scan.h"

#define MAX_DEPTH 64

static const char *
skip_ws (const char *p,
         const char *end)
{
  while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
    p++;
  return p;
}

/* @p at the opening quote; returns the byte after the closing one. */
static const char *
skip_string (const char *p,
             const char *end)
{
  for (p++; p < end; p++)
    {
      if (*p == '"')
        return p + 1;
      if (*p == '\\')
        {
          if (++p >= end)
            return NULL;
        }
      else if ((guchar) *p < 0x20)
        return NULL;
    }
  return NULL;
}

static const char *
skip_value (const char *p,
            const char *end,
            guint       depth)
{
  p = skip_ws (p, end);
  if (p >= end || depth > MAX_DEPTH)
    return NULL;
  switch (*p)
    {
    case '"':
      return skip_string (p, end);

    case '{':
    case '[':
      {
        char close = *p == '{' ? '}' : ']';
        gboolean object = *p == '{';

        p = skip_ws (p + 1, end);
        if (p < end && *p == close)
          return p + 1;
        while (p < end)
          {
            if (object)
              {
                p = skip_ws (p, end);
                if (p >= end || *p != '"' || (p = skip_string (p, end)) == NULL)
                  return NULL;
                p = skip_ws (p, end);
                if (p >= end || *p != ':')
                  return NULL;
                p++;
              }
            if ((p = skip_value (p, end, depth + 1)) == NULL)
              return NULL;
            p = skip_ws (p, end);
            if (p >= end)
              return NULL;
            if (*p == close)
              return p + 1;
            if (*p != ',')
              return NULL;
            p++;
          }
        return NULL;
      }

    default:
      /* A number, true, false or null. */
      {
        const char *start = p;

        while (p < end && (g_ascii_isalnum (*p) || *p == '-' || *p == '+' || *p == '.'))
          p++;
        return p > start ? p : NULL;
      }
    }
}

static gboolean
key_is (const char *key_start,
        const char *key_end,
        const char *key)
{
  gsize length = (gsize) (key_end - key_start);

  return strlen (key) == length && memcmp (key_start, key, length) == 0;
}

/* Calls @func for each top-level member of the object at @p. */
typedef gboolean (*MemberFunc) (const char *key_start,
                                const char *key_end,
                                const char *value_start,
                                const char *value_end,
                                gpointer    user_data);

static gboolean
scan_object (const char *p,
             const char *end,
             MemberFunc  func,
             gpointer    user_data)
{
  p = skip_ws (p, end);
  if (p >= end || *p != '{')
    return FALSE;
  p = skip_ws (p + 1, end);
  if (p < end && *p == '}')
    return TRUE;
  while (p < end)
    {
      const char *key_start, *key_end, *value_start;

      if (*p != '"')
        return FALSE;
      key_start = p + 1;
      if ((p = skip_string (p, end)) == NULL)
        return FALSE;
      key_end = p - 1;
      p = skip_ws (p, end);
      if (p >= end || *p != ':')
        return FALSE;
      value_start = skip_ws (p + 1, end);
      if ((p = skip_value (value_start, end, 1)) == NULL)
        return FALSE;
      if (!func (key_start, key_end, value_start, p, user_data))
        return FALSE;
      p = skip_ws (p, end);
      if (p >= end)
        return FALSE;
      if (*p == '}')
        return TRUE;
      if (*p != ',')
        return FALSE;
      p = skip_ws (p + 1, end);
    }
  return FALSE;
}

typedef struct
{
  GArray  *rows;
  gint64  *total;
  gboolean has_data;
  gboolean has_total;
} PageScan;

static gboolean
pagination_member (const char *key_start,
                   const char *key_end,
                   const char *value_start,
                   const char *value_end,
                   gpointer    user_data)
{
  PageScan *scan = user_data;

  if (key_is (key_start, key_end, "total"))
    {
      g_autofree char *digits = g_strndup (value_start, (gsize) (value_end - value_start));
      gint64 total;

      if (!g_ascii_string_to_signed (digits, 10, 0, G_MAXINT64, &total, NULL))
        return FALSE;
      *scan->total = total;
      scan->has_total = TRUE;
    }
  return TRUE;
}

static gboolean
page_member (const char *key_start,
             const char *key_end,
             const char *value_start,
             const char *value_end,
             gpointer    user_data)
{
  PageScan *scan = user_data;

  if (key_is (key_start, key_end, "data"))
    {
      const char *p = skip_ws (value_start + 1, value_end);

      if (*value_start != '[')
        return FALSE;
      scan->has_data = TRUE;
      while (p < value_end && *p != ']')
        {
          MpSpan row;

          row.start = p;
          if ((p = skip_value (p, value_end, 1)) == NULL || *row.start != '{')
            return FALSE;
          row.length = (gsize) (p - row.start);
          g_array_append_val (scan->rows, row);
          p = skip_ws (p, value_end);
          if (p < value_end && *p == ',')
            p = skip_ws (p + 1, value_end);
        }
    }
  else if (key_is (key_start, key_end, "pagination"))
    return scan_object (value_start, value_end, pagination_member, scan);
  return TRUE;
}

gboolean
mp_mirror_scan_page (const char *text,
                     gsize       length,
                     GArray     *rows,
                     gint64     *total)
{
  PageScan scan = { rows, total, FALSE, FALSE };

  return scan_object (text, text + length, page_member, &scan) && scan.has_data && scan.has_total;
}

typedef struct
{
  const char * const *keys;
  guint               n_keys;
  MpSpan             *values;
} MemberScan;

static gboolean
wanted_member (const char *key_start,
               const char *key_end,
               const char *value_start,
               const char *value_end,
               gpointer    user_data)
{
  MemberScan *scan = user_data;

  for (guint i = 0; i < scan->n_keys; i++)
    if (key_is (key_start, key_end, scan->keys[i]))
      {
        scan->values[i].start = value_start;
        scan->values[i].length = (gsize) (value_end - value_start);
        break;
      }
  return TRUE;
}

gboolean
mp_mirror_scan_members (MpSpan              row,
                        const char * const *keys,
                        guint               n_keys,
                        MpSpan             *values)
{
  MemberScan scan = { keys, n_keys, values };

  memset (values, 0, n_keys * sizeof (MpSpan));
  return scan_object (row.start, row.start + row.length, wanted_member, &scan);
}

char *
mp_mirror_span_dup_string (MpSpan value)
{
  if (value.length == 0)
    return NULL;
  if (value.start[0] == '"')
    {
      g_autoptr(JsonParser) parser = NULL;
      g_autofree char *text = NULL;
      JsonNode *root;

      if (memchr (value.start, '\\', value.length) == NULL)
        return g_strndup (value.start + 1, value.length - 2);
      /* Escapes: json-glib reads them. */
      parser = json_parser_new_immutable ();
      text = g_strdup_printf ("[%.*s]", (int) value.length, value.start);
      if (!json_parser_load_from_data (parser, text, -1, NULL)
          || (root = json_parser_get_root (parser)) == NULL)
        return NULL;
      return g_strdup (json_array_get_string_element (json_node_get_array (root), 0));
    }
  if (g_ascii_isdigit (value.start[0]) || value.start[0] == '-')
    {
      for (gsize i = 1; i < value.length; i++)
        if (!g_ascii_isdigit (value.start[i]))
          return NULL;
      return g_strndup (value.start, value.length);
    }
  return NULL;
}
