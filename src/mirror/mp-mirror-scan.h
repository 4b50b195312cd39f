/* mp-mirror-scan.h: rows of a list answer without building a JSON tree
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A run of bytes of the answer. */
typedef struct
{
  const char *start;
  gsize       length;
} MpSpan;

/* Finds the rows of a SimpleAPI list answer ({"data": [...], "pagination":
 * {"total": N, ...}}) as spans of the text, each row's exact bytes, and the
 * total. FALSE when the text is not such an answer (or not valid JSON as
 * far as the scan can tell: strings, nesting and the top-level members are
 * checked; the values of a row are checked when parsed).
 */
gboolean  mp_mirror_scan_page    (const char         *text,
                                  gsize               length,
                                  GArray             *rows,
                                  gint64             *total);
/* The values (raw spans: "\"abc\"", "12", "null", "[...]") of the top-level
 * members @keys of the object @row; a member not there gets length 0.
 */
gboolean  mp_mirror_scan_members (MpSpan              row,
                                  const char * const *keys,
                                  guint               n_keys,
                                  MpSpan             *values);
/* A value as a string: a JSON string unescaped, an integer as its digits,
 * NULL for anything else (null, absent, objects).
 */
char     *mp_mirror_span_dup_string (MpSpan           value);

G_END_DECLS
