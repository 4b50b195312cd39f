/* mp-csv-writer.h: rows of text written as CSV (RFC 4180) to a stream
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MP_TYPE_CSV_WRITER (mp_csv_writer_get_type ())

G_DECLARE_FINAL_TYPE (MpCsvWriter, mp_csv_writer, MP, CSV_WRITER, GObject)

/* Writes rows as RFC 4180 CSV in UTF-8 to a GOutputStream: fields
 * separated by commas, rows ended by CRLF, a field quoted ("...") when it
 * holds a comma, a double quote (doubled inside), CR or LF, or begins or
 * ends with a space. Text that is not valid UTF-8 is written with U+FFFD
 * in place of the invalid bytes; a NULL field is empty.
 *
 * Rows are added to a buffer (mp_csv_writer_add_row(), which never does
 * I/O); the buffer goes to the stream in chunks with
 * mp_csv_writer_write_async() (while it is written, new rows go to a new
 * buffer) or mp_csv_writer_write(). mp_csv_writer_get_pending() says how
 * many bytes wait, so that a caller writes when a chunk is full
 * (MP_CSV_WRITER_CHUNK_SIZE). The writer never closes the stream.
 */
#define MP_CSV_WRITER_CHUNK_SIZE (64 * 1024)

MpCsvWriter  *mp_csv_writer_new           (GOutputStream        *stream);
GOutputStream *mp_csv_writer_get_stream   (MpCsvWriter          *self);
void          mp_csv_writer_add_row       (MpCsvWriter          *self,
                                           const char * const   *fields,
                                           gsize                 n_fields);
gsize         mp_csv_writer_get_pending   (MpCsvWriter          *self);
guint64       mp_csv_writer_get_n_rows    (MpCsvWriter          *self);
guint64       mp_csv_writer_get_n_written (MpCsvWriter          *self);
gboolean      mp_csv_writer_is_writing    (MpCsvWriter          *self);
/* Writes what is pending; one write at a time. */
void          mp_csv_writer_write_async   (MpCsvWriter          *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      mp_csv_writer_write_finish  (MpCsvWriter          *self,
                                           GAsyncResult         *result,
                                           GError              **error);
gboolean      mp_csv_writer_write         (MpCsvWriter          *self,
                                           GCancellable         *cancellable,
                                           GError              **error);
/* Appends FIELD to OUT as one CSV field, quoted if it needs to be. */
void          mp_csv_append_field         (GString              *out,
                                           const char           *field);

G_END_DECLS
