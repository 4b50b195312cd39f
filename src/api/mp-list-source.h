/* mp-list-source.h: a list of an account's items that loads or refreshes itself
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MP_TYPE_LIST_SOURCE (mp_list_source_get_type ())

G_DECLARE_INTERFACE (MpListSource, mp_list_source, MP, LIST_SOURCE, GListModel)

/* What a list page shows: a GListModel of model objects (MpSubscription,
 * MpCustomer, MpOrder...) that fills itself. Two kinds implement it: the
 * live MpPagedList (rows page by page from the marketplace) and the local
 * mirror's lists (rows from the mirror at once, refreshed in the
 * background). Either way a view only reads the rows and these states:
 *
 *   "loading"  TRUE while rows are being fetched (a first load or a refresh)
 *   "error"    the GError (boxed) of the last failed load, NULL when none;
 *              the rows that were in stay
 *   "updated"  the GDateTime the rows were last known to be current (a
 *              finished load or refresh); NULL while they never were
 *
 * Every property is notified when it changes. A list whose rows change
 * reports only the rows that really changed (items-changed of the smallest
 * span it knows), never a removal of all rows followed by their return.
 */
struct _MpListSourceInterface
{
  GTypeInterface parent_iface;

  gboolean      (*get_loading) (MpListSource *self);
  const GError *(*get_error)   (MpListSource *self);
  GDateTime    *(*get_updated) (MpListSource *self);
  /* Fetches the rows again: a live list from its first page, a mirror
   * list by a refresh in the background (its rows stay meanwhile).
   */
  void          (*reload)      (MpListSource *self);
  /* Stops what is being fetched; the rows in stay. */
  void          (*cancel)      (MpListSource *self);
};

gboolean      mp_list_source_get_loading (MpListSource *self);
const GError *mp_list_source_get_error   (MpListSource *self);
GDateTime    *mp_list_source_get_updated (MpListSource *self);
void          mp_list_source_reload      (MpListSource *self);
void          mp_list_source_cancel      (MpListSource *self);

G_END_DECLS
