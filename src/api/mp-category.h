/* mp-category.h: a catalogue category (extension), also used for resource categories
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-money.h"

G_BEGIN_DECLS

#define MP_TYPE_CATEGORY (mp_category_get_type ())

G_DECLARE_FINAL_TYPE (MpCategory, mp_category, MP, CATEGORY, GObject)

MpCategory *mp_category_new_from_json   (JsonObject  *object,
                                         GError     **error);
const char *mp_category_get_id          (MpCategory  *self);
const char *mp_category_get_name        (MpCategory  *self);
const char *mp_category_get_parent_id   (MpCategory  *self);
const char *mp_category_get_description (MpCategory  *self);

/* The category tree, as a table of category ID -> parent ID. */
gboolean    mp_category_tree_contains   (GHashTable  *parents,
                                         const char  *ancestor_id,
                                         const char  *category_id);

G_END_DECLS
