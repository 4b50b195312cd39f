/* mp-json-private.h: tolerant JSON readers shared by the model types
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mp-enums.h"
#include "mp-money.h"

G_BEGIN_DECLS

typedef gpointer (*MpJsonParseFunc) (JsonObject  *object,
                                     GError     **error);

gboolean    mp_set_str            (char          **field,
                                   const char     *value);
/* A string member; an integer member (SimpleAPI's planId) is turned into
 * its decimal string. NULL when absent, null or of another type.
 */
char       *mp_json_dup_string    (JsonObject     *object,
                                   const char     *member);
/* A string member as a value of @enum_type (by its nick, see mp-enums.h);
 * @fallback when absent or not one of its values.
 */
int         mp_json_get_enum      (JsonObject     *object,
                                   const char     *member,
                                   GType           enum_type,
                                   int             fallback);
/* An integer member; integral doubles and numeric strings ("100", as
 * SimpleAPI's Product.maximumQuantity) are accepted too.
 */
gint64      mp_json_get_int       (JsonObject     *object,
                                   const char     *member,
                                   gint64          fallback);
gboolean    mp_json_get_bool      (JsonObject     *object,
                                   const char     *member,
                                   gboolean        fallback);
JsonObject *mp_json_get_object    (JsonObject     *object,
                                   const char     *member);
JsonArray  *mp_json_get_array     (JsonObject     *object,
                                   const char     *member);
/* {"amount": "12.50", "currency": "USD"}; *present is FALSE (and TRUE is
 * returned) when the member is absent or null.
 */
gboolean    mp_json_get_money     (JsonObject     *object,
                                   const char     *member,
                                   MpMoney        *out,
                                   gboolean       *present,
                                   GError        **error);
/* A required ID (string or integer). */
gboolean    mp_json_require_id    (JsonObject     *object,
                                   const char     *member,
                                   const char     *what,
                                   char          **out,
                                   GError        **error);
/* Parses each object of @array with @func into a new store of @type.
 * Non-objects are a BAD_RESPONSE error.
 */
gboolean    mp_json_parse_into    (JsonArray      *array,
                                   GListStore     *store,
                                   MpJsonParseFunc func,
                                   GError        **error);
void        mp_json_set_bad_response (GError    **error,
                                      const char *format,
                                      ...) G_GNUC_PRINTF (2, 3);

G_END_DECLS
