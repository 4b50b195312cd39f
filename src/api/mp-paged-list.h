/* mp-paged-list.h: a GListModel filled page by page from a SimpleAPI list
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-list-source.h"

G_BEGIN_DECLS

#define MP_TYPE_PAGED_LIST (mp_paged_list_get_type ())

G_DECLARE_FINAL_TYPE (MpPagedList, mp_paged_list, MP, PAGED_LIST, GObject)

/* An MpPagedList is what the mp_client_list_*() functions return. It
 * implements GListModel (item type: the model type of the list, e.g.
 * MpSubscription) and starts loading at once: the first page arrives as one
 * items-changed, then the next pages, each as one more items-changed at the
 * end, until "total" rows are in. Rows are never moved or removed while
 * loading. 100,000 rows take total / page-size requests.
 *
 * Properties (all notified):
 *   "item-type"  GType, construct-only
 *   "loading"    TRUE while pages are still coming
 *   "total"      the server's pagination.total (-1 until the first page)
 *   "error"      a GError (boxed) when a page failed; loading stops there
 *   "updated"    when the last load finished with every page in
 * ("loading", "error" and "updated" are those of MpListSource, which it
 * implements.)
 */
GType         mp_paged_list_get_item_type   (MpPagedList          *self);
gboolean      mp_paged_list_get_loading     (MpPagedList          *self);
gint64        mp_paged_list_get_total       (MpPagedList          *self);
const GError *mp_paged_list_get_error       (MpPagedList          *self);
/* Stops loading; the rows loaded so far stay. Also done on dispose. */
void          mp_paged_list_cancel          (MpPagedList          *self);
/* Drops all rows and loads again from the first page. */
void          mp_paged_list_reload          (MpPagedList          *self);

/* Completes when loading stopped: TRUE when every page is in, FALSE with the
 * page's error (or G_IO_ERROR_CANCELLED) otherwise. Several waits may be
 * pending at once; cancelling @cancellable cancels only the wait.
 */
void          mp_paged_list_wait_async      (MpPagedList          *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      mp_paged_list_wait_finish     (MpPagedList          *self,
                                             GAsyncResult         *result,
                                             GError              **error);

G_END_DECLS
