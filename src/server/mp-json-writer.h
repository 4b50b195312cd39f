/* mp-json-writer.h: a small, fast JSON text writer for responses
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  GString *out;
  guint    depth;
  guint64  need_comma; /* one bit per nesting level */
} MpJsonWriter;

void   mp_json_writer_init         (MpJsonWriter *self);
/* With room for SIZE bytes before the first reallocation. */
void   mp_json_writer_init_sized   (MpJsonWriter *self,
                                    gsize         size);
char  *mp_json_writer_steal        (MpJsonWriter *self,
                                    gsize        *length);
void   mp_json_writer_clear        (MpJsonWriter *self);
void   mp_json_begin_object        (MpJsonWriter *self);
void   mp_json_end_object          (MpJsonWriter *self);
void   mp_json_begin_array         (MpJsonWriter *self);
void   mp_json_end_array           (MpJsonWriter *self);
void   mp_json_key                 (MpJsonWriter *self,
                                    const char   *key);
void   mp_json_string              (MpJsonWriter *self,
                                    const char   *value);
void   mp_json_int                 (MpJsonWriter *self,
                                    gint64        value);
void   mp_json_bool                (MpJsonWriter *self,
                                    gboolean      value);
void   mp_json_null                (MpJsonWriter *self);
/* Inserts already valid JSON text as one value. */
void   mp_json_raw                 (MpJsonWriter *self,
                                    const char   *json);
void   mp_json_member_string       (MpJsonWriter *self,
                                    const char   *key,
                                    const char   *value);
void   mp_json_member_string_or_null (MpJsonWriter *self,
                                    const char   *key,
                                    const char   *value);
/* Members the SimpleAPI schemas have as non-nullable strings: left out
 * when empty (NULL, "" or an ID of 0), as the real service does.
 */
void   mp_json_member_optional_string (MpJsonWriter *self,
                                    const char   *key,
                                    const char   *value);
void   mp_json_member_optional_id  (MpJsonWriter *self,
                                    const char   *key,
                                    gint64        value);
void   mp_json_member_int          (MpJsonWriter *self,
                                    const char   *key,
                                    gint64        value);
void   mp_json_member_id           (MpJsonWriter *self,
                                    const char   *key,
                                    gint64        value);
void   mp_json_member_bool         (MpJsonWriter *self,
                                    const char   *key,
                                    gboolean      value);
void   mp_json_member_money        (MpJsonWriter *self,
                                    const char   *key,
                                    gint64        minor,
                                    const char   *currency);
void   mp_json_member_period       (MpJsonWriter *self,
                                    const char   *key,
                                    const char   *type,
                                    gint64        duration);

G_END_DECLS
