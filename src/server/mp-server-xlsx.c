/* mp-server-xlsx.c: a report's CSV file as an Office Open XML workbook
 *
 * The smallest workbook spreadsheets open: [Content_Types].xml, the
 * package and workbook relationships, the workbook and one worksheet whose
 * cells are inline strings or numbers (no shared strings, no styles), in a
 * ZIP archive whose entries are stored (ECMA-376 part 2; the ZIP
 * application note, version 2.0, no ZIP64: a report stays far below 4 GB).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mp-server-xlsx.h"

/* CRC-32 (ISO 3309, the ZIP one), by table. */
static guint32
crc32_of (const guint8 *data,
          gsize         length)
{
  static guint32 table[256];
  static gsize ready = 0;
  guint32 crc = 0xffffffffu;

  if (g_once_init_enter (&ready))
    {
      for (guint32 i = 0; i < 256; i++)
        {
          guint32 c = i;

          for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
          table[i] = c;
        }
      g_once_init_leave (&ready, 1);
    }
  for (gsize i = 0; i < length; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffffu;
}

static void
put16 (GByteArray *out,
       guint       value)
{
  guint8 b[2] = { value & 0xff, (value >> 8) & 0xff };

  g_byte_array_append (out, b, 2);
}

static void
put32 (GByteArray *out,
       guint32     value)
{
  guint8 b[4] = { value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >> 24) & 0xff };

  g_byte_array_append (out, b, 4);
}

typedef struct
{
  const char *name;
  guint32     crc;
  guint32     size;
  guint32     offset;
} Entry;

/* 1 January 1980, 00:00, in MS-DOS form: the archive's every date. */
#define DOS_TIME 0
#define DOS_DATE ((0 << 9) | (1 << 5) | 1)

static void
add_entry (GByteArray *zip,
           GArray     *entries,
           const char *name,
           GString    *data)
{
  Entry entry = { name, crc32_of ((const guint8 *) data->str, data->len), (guint32) data->len,
                  (guint32) zip->len };

  put32 (zip, 0x04034b50);                /* local file header */
  put16 (zip, 20);                        /* version needed: 2.0 */
  put16 (zip, 1 << 11);                   /* names in UTF-8 */
  put16 (zip, 0);                         /* stored */
  put16 (zip, DOS_TIME);
  put16 (zip, DOS_DATE);
  put32 (zip, entry.crc);
  put32 (zip, entry.size);
  put32 (zip, entry.size);
  put16 (zip, (guint) strlen (name));
  put16 (zip, 0);
  g_byte_array_append (zip, (const guint8 *) name, (guint) strlen (name));
  g_byte_array_append (zip, (const guint8 *) data->str, (guint) data->len);
  g_array_append_val (entries, entry);
}

static void
finish_zip (GByteArray *zip,
            GArray     *entries)
{
  guint32 directory = (guint32) zip->len;
  guint32 directory_size;

  for (guint i = 0; i < entries->len; i++)
    {
      const Entry *e = &g_array_index (entries, Entry, i);

      put32 (zip, 0x02014b50);            /* central directory header */
      put16 (zip, 20);                    /* made by: 2.0 */
      put16 (zip, 20);
      put16 (zip, 1 << 11);
      put16 (zip, 0);
      put16 (zip, DOS_TIME);
      put16 (zip, DOS_DATE);
      put32 (zip, e->crc);
      put32 (zip, e->size);
      put32 (zip, e->size);
      put16 (zip, (guint) strlen (e->name));
      put16 (zip, 0);                     /* extra field */
      put16 (zip, 0);                     /* comment */
      put16 (zip, 0);                     /* disk */
      put16 (zip, 0);                     /* internal attributes */
      put32 (zip, 0);                     /* external attributes */
      put32 (zip, e->offset);
      g_byte_array_append (zip, (const guint8 *) e->name, (guint) strlen (e->name));
    }
  directory_size = (guint32) zip->len - directory;
  put32 (zip, 0x06054b50);                /* end of central directory */
  put16 (zip, 0);
  put16 (zip, 0);
  put16 (zip, entries->len);
  put16 (zip, entries->len);
  put32 (zip, directory_size);
  put32 (zip, directory);
  put16 (zip, 0);
}

/* The next field of the CSV at *P (the end of its row sets *ROW_END);
 * NULL at the end of the text. */
static char *
next_field (const char **p,
            const char  *end,
            gboolean    *row_end)
{
  GString *field;
  const char *s = *p;

  if (s >= end)
    return NULL;
  field = g_string_new (NULL);
  if (*s == '"')
    {
      for (s++; s < end; s++)
        {
          if (*s == '"' && s + 1 < end && s[1] == '"')
            {
              g_string_append_c (field, '"');
              s++;
            }
          else if (*s == '"')
            {
              s++;
              break;
            }
          else
            g_string_append_c (field, *s);
        }
    }
  else
    {
      while (s < end && *s != ',' && *s != '\r' && *s != '\n')
        g_string_append_c (field, *s++);
    }
  *row_end = s >= end || *s == '\r' || *s == '\n';
  if (s < end && *s == ',')
    s++;
  if (s < end && *s == '\r')
    s++;
  if (s < end && *s == '\n')
    s++;
  *p = s;
  return g_string_free (field, FALSE);
}

static gboolean
is_number (const char *text)
{
  const char *s = text;
  gboolean digits = FALSE, point = FALSE;

  if (*s == '-')
    s++;
  for (; *s != '\0'; s++)
    {
      if (g_ascii_isdigit (*s))
        digits = TRUE;
      else if (*s == '.' && !point && digits)
        point = TRUE;
      else
        return FALSE;
    }
  return digits && s[-1] != '.';
}

/* "A", "B", ... "Z", "AA", ...: the name of column COLUMN (from 0). */
static void
append_column_name (GString *out,
                    guint    column)
{
  char name[8];
  int i = G_N_ELEMENTS (name) - 1;

  name[i] = '\0';
  column++;
  while (column > 0 && i > 0)
    {
      name[--i] = (char) ('A' + (column - 1) % 26);
      column = (column - 1) / 26;
    }
  g_string_append (out, name + i);
}

static void
append_cell (GString    *sheet,
             guint       column,
             guint       row,
             const char *text,
             gboolean    numeric)
{
  g_string_append (sheet, "<c r=\"");
  append_column_name (sheet, column);
  g_string_append_printf (sheet, "%u\"", row);
  if (numeric && is_number (text))
    g_string_append_printf (sheet, "><v>%s</v></c>", text);
  else
    {
      g_autofree char *escaped = g_markup_escape_text (text, -1);

      g_string_append_printf (sheet, " t=\"inlineStr\"><is><t xml:space=\"preserve\">%s</t></is></c>", escaped);
    }
}

GBytes *
mp_server_xlsx_from_csv (GBytes             *csv,
                         const char * const *numeric)
{
  static const char head[] = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  gsize size;
  const char *p = g_bytes_get_data (csv, &size);
  const char *end = p + size;
  g_autoptr(GArray) numeric_columns = g_array_new (FALSE, TRUE, sizeof (gboolean));
  g_autoptr(GString) sheet = g_string_new (head);
  g_autoptr(GString) part = NULL;
  g_autoptr(GArray) entries = g_array_new (FALSE, FALSE, sizeof (Entry));
  GByteArray *zip = g_byte_array_new ();
  guint row = 1, column = 0;
  gboolean row_end = FALSE;
  char *field;

  g_string_append (sheet, "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
                          "<sheetData>\n<row r=\"1\">");
  while ((field = next_field (&p, end, &row_end)) != NULL)
    {
      gboolean number = FALSE;

      if (row == 1)
        {
          gboolean listed = numeric != NULL && g_strv_contains (numeric, field);

          g_array_append_val (numeric_columns, listed);
        }
      else if (column < numeric_columns->len)
        number = g_array_index (numeric_columns, gboolean, column);
      if (*field != '\0')
        append_cell (sheet, column, row, field, number);
      g_free (field);
      column++;
      if (row_end)
        {
          row++;
          column = 0;
          g_string_append (sheet, "</row>\n");
          if (p < end)
            g_string_append_printf (sheet, "<row r=\"%u\">", row);
        }
    }
  if (!row_end)
    g_string_append (sheet, "</row>\n");
  g_string_append (sheet, "</sheetData></worksheet>\n");

  part = g_string_new (head);
  g_string_append (part,
                   "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                   "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                   "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                   "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                   "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                   "</Types>\n");
  add_entry (zip, entries, "[Content_Types].xml", part);
  g_string_assign (part, head);
  g_string_append (part,
                   "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                   "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
                   "</Relationships>\n");
  add_entry (zip, entries, "_rels/.rels", part);
  g_string_assign (part, head);
  g_string_append (part,
                   "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\""
                   " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
                   "<sheets><sheet name=\"Report\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>\n");
  add_entry (zip, entries, "xl/workbook.xml", part);
  g_string_assign (part, head);
  g_string_append (part,
                   "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                   "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                   "</Relationships>\n");
  add_entry (zip, entries, "xl/_rels/workbook.xml.rels", part);
  add_entry (zip, entries, "xl/worksheets/sheet1.xml", sheet);
  finish_zip (zip, entries);
  return g_byte_array_free_to_bytes (zip);
}
