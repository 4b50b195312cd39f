/* mp-mirror-list.h: a list of the mirror, for a list page
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-list-source.h"
#include "mp-mirror.h"

G_BEGIN_DECLS

#define MP_TYPE_MIRROR_LIST (mp_mirror_list_get_type ())

G_DECLARE_FINAL_TYPE (MpMirrorList, mp_mirror_list, MP, MIRROR_LIST, GObject)

/* An MpListSource (a GListModel of MpSubscription, MpCustomer, MpOrder or
 * MpPlan, by @kind) over the mirror: it opens at once with the rows in the
 * database (read in a worker thread; one items-changed), then follows the
 * mirror by difference: whenever the mirror's rows of @kind were written
 * it reads them again and reports only the rows that were inserted,
 * removed or changed (a changed row is replaced at its position: the new
 * object, items-changed (position, 1, 1)); the objects of unchanged rows
 * stay the same. An object is built from its stored JSON when it is first
 * asked for (so 100,000 rows cost no parsing until shown).
 *
 * "loading": TRUE while the database is read or the mirror refreshes.
 * "error": the error of the last refresh mp_list_source_reload () asked
 * for. "updated": when the mirror's last refresh of @kind finished
 * (mp_mirror_get_updated ()). mp_list_source_reload () refreshes the
 * mirror in the background; the rows stay meanwhile.
 */
MpListSource *mp_mirror_list_new        (MpMirror      *mirror,
                                         MpMirrorKind   kind);
MpMirror     *mp_mirror_list_get_mirror (MpMirrorList  *self);
MpMirrorKind  mp_mirror_list_get_kind   (MpMirrorList  *self);
/* Completes when the rows of the database are in (the first read, or the
 * one under way).
 */
void          mp_mirror_list_wait_async  (MpMirrorList        *self,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data);
gboolean      mp_mirror_list_wait_finish (MpMirrorList        *self,
                                          GAsyncResult        *result,
                                          GError             **error);

G_END_DECLS
