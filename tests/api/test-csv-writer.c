/* test-csv-writer.c: RFC 4180 quoting, UTF-8 and chunked writes of MpCsvWriter.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-csv-writer.h"
#include "mp-test-csv.h"

static char *
row_to_csv (const char * const *fields,
            gsize               n_fields)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(MpCsvWriter) writer = mp_csv_writer_new (stream);
  g_autoptr(GError) error = NULL;

  mp_csv_writer_add_row (writer, fields, n_fields);
  g_assert_true (mp_csv_writer_write (writer, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mp_csv_writer_get_pending (writer), ==, 0);
  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  return g_memory_output_stream_steal_data (G_MEMORY_OUTPUT_STREAM (stream));
}

static void
assert_row (const char * const *fields,
            gsize               n_fields,
            const char         *expected)
{
  g_autofree char *csv = row_to_csv (fields, n_fields);

  g_assert_cmpstr (csv, ==, expected);
}

static void
test_plain (void)
{
  const char *row[] = { "Office 365", "12.50", "USD", "2026-12-06" };

  assert_row (row, G_N_ELEMENTS (row), "Office 365,12.50,USD,2026-12-06\r\n");
}

static void
test_commas (void)
{
  const char *row[] = { "Smith, John", "a,b,", "," };

  assert_row (row, G_N_ELEMENTS (row), "\"Smith, John\",\"a,b,\",\",\"\r\n");
}

static void
test_quotes (void)
{
  const char *row[] = { "The \"Best\" Plan", "\"", "x\"\"y" };

  assert_row (row, G_N_ELEMENTS (row), "\"The \"\"Best\"\" Plan\",\"\"\"\",\"x\"\"\"\"y\"\r\n");
}

static void
test_newlines (void)
{
  const char *row[] = { "line 1\nline 2", "cr\rhere", "crlf\r\nthere", "end" };

  assert_row (row, G_N_ELEMENTS (row),
              "\"line 1\nline 2\",\"cr\rhere\",\"crlf\r\nthere\",end\r\n");
}

static void
test_empty_and_null (void)
{
  const char *row[] = { "", NULL, "x", NULL };

  assert_row (row, G_N_ELEMENTS (row), ",,x,\r\n");
  assert_row (NULL, 0, "\r\n");
}

static void
test_spaces (void)
{
  const char *row[] = { " leading", "trailing ", "in side" };

  /* Spreadsheets strip unquoted spaces at the ends. */
  assert_row (row, G_N_ELEMENTS (row), "\" leading\",\"trailing \",in side\r\n");
}

static void
test_non_ascii (void)
{
  const char *row[] = { "Müller GmbH", "Ωμέγα, Ltd", "東京", "€ 12,50" };

  assert_row (row, G_N_ELEMENTS (row), "Müller GmbH,\"Ωμέγα, Ltd\",東京,\"€ 12,50\"\r\n");
}

static void
test_invalid_utf8 (void)
{
  const char *row[] = { "M\xfcller", "ok" };
  g_autofree char *csv = row_to_csv (row, G_N_ELEMENTS (row));

  g_assert_true (g_utf8_validate (csv, -1, NULL));
  g_assert_cmpstr (csv, ==, "M\xef\xbf\xbdller,ok\r\n");
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;

  mp_csv_writer_write_finish (MP_CSV_WRITER (source), result, error);
  if (*error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NONE, "done");
}

static void
wait_for_write (MpCsvWriter *writer,
                GError     **error)
{
  while (*error == NULL)
    g_main_context_iteration (NULL, TRUE);
  if (g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_NONE))
    g_clear_error (error);
}

/* Many rows of awkward fields, written in chunks while more are added,
 * read back field for field.
 */
static void
test_chunks_round_trip (void)
{
  const char *samples[] = { "plain", "a,b", "say \"hi\"", "two\nlines", "Ünïcödé €", "", " pad ", "\r\n" };
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(MpCsvWriter) writer = mp_csv_writer_new (stream);
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  const guint n_rows = 20000;
  guint n_writes = 0;

  for (guint i = 0; i < n_rows; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i);
      const char *row[] = { number, samples[i % G_N_ELEMENTS (samples)], samples[(i / 3) % G_N_ELEMENTS (samples)] };

      mp_csv_writer_add_row (writer, row, G_N_ELEMENTS (row));
      if (mp_csv_writer_get_pending (writer) >= MP_CSV_WRITER_CHUNK_SIZE)
        {
          mp_csv_writer_write_async (writer, NULL, write_cb, &error);
          g_assert_true (mp_csv_writer_is_writing (writer));
          /* Rows added while a chunk is written go to the next one. */
          g_assert_cmpuint (mp_csv_writer_get_pending (writer), ==, 0);
          wait_for_write (writer, &error);
          g_assert_no_error (error);
          n_writes++;
        }
    }
  mp_csv_writer_write_async (writer, NULL, write_cb, &error);
  wait_for_write (writer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (n_writes, >, 1);
  g_assert_cmpuint (mp_csv_writer_get_n_rows (writer), ==, n_rows);
  g_assert_cmpuint (mp_csv_writer_get_n_written (writer), ==,
                    g_memory_output_stream_get_data_size (G_MEMORY_OUTPUT_STREAM (stream)));

  g_assert_true (g_output_stream_write_all (stream, "", 1, NULL, NULL, NULL));
  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  rows = mp_test_csv_parse (g_memory_output_stream_get_data (G_MEMORY_OUTPUT_STREAM (stream)));
  g_assert_cmpuint (rows->len, ==, n_rows);
  for (guint i = 0; i < n_rows; i++)
    {
      char **row = g_ptr_array_index (rows, i);
      g_autofree char *number = g_strdup_printf ("%u", i);

      g_assert_cmpuint (g_strv_length (row), ==, 3);
      g_assert_cmpstr (row[0], ==, number);
      g_assert_cmpstr (row[1], ==, samples[i % G_N_ELEMENTS (samples)]);
      g_assert_cmpstr (row[2], ==, samples[(i / 3) % G_N_ELEMENTS (samples)]);
    }
}

static void
test_write_error (void)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(MpCsvWriter) writer = mp_csv_writer_new (stream);
  g_autoptr(GError) error = NULL;
  const char *row[] = { "x" };

  g_assert_true (g_output_stream_close (stream, NULL, NULL));
  mp_csv_writer_add_row (writer, row, 1);
  mp_csv_writer_write_async (writer, NULL, write_cb, &error);
  wait_for_write (writer, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_assert_false (mp_csv_writer_is_writing (writer));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv-writer/plain", test_plain);
  g_test_add_func ("/csv-writer/commas", test_commas);
  g_test_add_func ("/csv-writer/quotes", test_quotes);
  g_test_add_func ("/csv-writer/newlines", test_newlines);
  g_test_add_func ("/csv-writer/empty-and-null", test_empty_and_null);
  g_test_add_func ("/csv-writer/spaces", test_spaces);
  g_test_add_func ("/csv-writer/non-ascii", test_non_ascii);
  g_test_add_func ("/csv-writer/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/csv-writer/chunks-round-trip", test_chunks_round_trip);
  g_test_add_func ("/csv-writer/write-error", test_write_error);

  return g_test_run ();
}
