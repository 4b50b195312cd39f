/* mp-filtered-list.h: the rows of a list that a filter keeps, reported by difference
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MP_TYPE_FILTERED_LIST (mp_filtered_list_get_type ())

G_DECLARE_FINAL_TYPE (MpFilteredList, mp_filtered_list, MP, FILTERED_LIST, GObject)

/* ITEM's key, a text looked up once when the row comes in and passed to
 * the filter with it (its search text folded, say). The text belongs to
 * ITEM (object data) and must stay the same while ITEM lives.
 */
typedef const char *(*MpFilteredListKeyFunc) (gpointer item,
                                              gpointer user_data);

/* Whether ITEM, whose key is KEY (NULL without a key function; it may be
 * a copy, valid during the call), is kept.
 */
typedef gboolean (*MpFilteredListFunc) (gpointer    item,
                                        const char *key,
                                        gpointer    user_data);

/* How the filter changed: MORE_STRICT only hides rows (only the rows shown
 * are asked again), LESS_STRICT only shows rows (only the hidden ones are).
 */
typedef enum
{
  MP_FILTER_CHANGE_DIFFERENT,
  MP_FILTER_CHANGE_MORE_STRICT,
  MP_FILTER_CHANGE_LESS_STRICT,
} MpFilterChange;

MpFilteredList *mp_filtered_list_new       (GListModel            *model,
                                            MpFilteredListKeyFunc  key_func,
                                            MpFilteredListFunc     func,
                                            gpointer               user_data,
                                            GDestroyNotify         destroy) G_GNUC_WARN_UNUSED_RESULT;
GListModel     *mp_filtered_list_get_model (MpFilteredList     *self);
void            mp_filtered_list_refilter  (MpFilteredList     *self,
                                            MpFilterChange      change);

G_END_DECLS
