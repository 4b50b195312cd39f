/* mp-mirror.h: a local copy of an account's lists, refreshed in the background
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mp-client.h"
#include "mp-request-budget.h"

G_BEGIN_DECLS

/* The lists a mirror holds. The item type of each: MpSubscription,
 * MpCustomer, MpOrder, MpPlan.
 */
typedef enum
{
  MP_MIRROR_KIND_SUBSCRIPTIONS,
  MP_MIRROR_KIND_CUSTOMERS,
  MP_MIRROR_KIND_ORDERS,
  MP_MIRROR_KIND_PLANS,
} MpMirrorKind;

#define MP_MIRROR_N_KINDS 4

#define MP_TYPE_MIRROR (mp_mirror_get_type ())

G_DECLARE_FINAL_TYPE (MpMirror, mp_mirror, MP, MIRROR, GObject)

/* One SQLite database per base URL, marketplace and login:
 * g_get_user_cache_dir()/market-panel/mirror/<SHA-256 of the three>.sqlite,
 * where @base_url may be any other key that names the server for longer than
 * its address does (the app keys the demo marketplace by its data folder),
 * mode 0600 in a directory of mode 0700. It holds what the lists show,
 * never a password, token or key. All its I/O runs in a worker thread with
 * the mirror's own connection (WAL); nothing here blocks the caller. A file
 * that is not a database, is corrupt or of another schema version is
 * deleted and built again (empty until the next refresh), never an error.
 */
char         *mp_mirror_build_path          (const char           *base_url,
                                             const char           *marketplace,
                                             const char           *login);
/* The mirror of @client's base URL, marketplace and user. */
MpMirror     *mp_mirror_new                 (MpClient             *client);
MpMirror     *mp_mirror_new_for_path        (MpClient             *client,
                                             const char           *path);
/* For sign-out: deletes the account's database (and its -wal and -shm
 * files). Drop the account's MpMirror first. TRUE when nothing is left.
 */
gboolean      mp_mirror_delete_for_account  (const char           *base_url,
                                             const char           *marketplace,
                                             const char           *login,
                                             GError              **error);

const char   *mp_mirror_get_path            (MpMirror             *self);
MpClient     *mp_mirror_get_client          (MpMirror             *self);
/* The budget every request of a refresh goes through (rate, burst). */
MpRequestBudget *mp_mirror_get_budget       (MpMirror             *self);
/* When the last refresh of @kind finished with every page in; NULL when
 * never. Kept in the database ("updated" of the lists).
 */
GDateTime    *mp_mirror_get_updated         (MpMirror             *self,
                                             MpMirrorKind          kind);
/* Property "refreshing", notified. */
gboolean      mp_mirror_get_refreshing      (MpMirror             *self);
/* How many times the database file was found unusable and rebuilt. */
guint         mp_mirror_get_rebuilds        (MpMirror             *self);
/* For tests and benchmarks: requests sent by refreshes (list pages and
 * detail calls), and detail calls alone.
 */
guint         mp_mirror_get_requests        (MpMirror             *self);
guint         mp_mirror_get_detail_requests (MpMirror             *self);

/* Stores rows as the API sends them (JSON objects of @kind; for
 * subscriptions @detailed says they carry their resource lines, as
 * GET /subscriptions/{id} or the list-row extension). One transaction.
 * Emits "changed" for @kind when done.
 */
void          mp_mirror_store_async         (MpMirror             *self,
                                             MpMirrorKind          kind,
                                             JsonArray            *rows,
                                             gboolean              detailed,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      mp_mirror_store_finish        (MpMirror             *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* Every row of @kind as model objects (newest ID first, as the API's
 * lists): a GListStore. For small lists and tests; a list page uses
 * mp_mirror_list_new (), which builds the objects it shows only.
 */
void          mp_mirror_load_async          (MpMirror             *self,
                                             MpMirrorKind          kind,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
GListModel   *mp_mirror_load_finish         (MpMirror             *self,
                                             GAsyncResult         *result,
                                             GError              **error);

/* Brings every kind up to date, through the budget:
 *  - new, changed and removed rows by paging each list;
 *  - subscriptions changed since the last refresh through the orders
 *    placed since then (GET /orders?creationTimeFrom=) and each row's
 *    lastModifiedDate;
 *  - a detail call (GET /subscriptions/{id}) for each subscription whose
 *    list row came without its resource lines (a server without the
 *    list-row extension) and whose lines are not yet known or have changed,
 *    the ones given to mp_mirror_prioritize () first.
 * A refresh asked for while one runs joins it. "changed" is emitted for a
 * kind whenever its rows were written (at most a few times a second).
 */
void          mp_mirror_refresh_async       (MpMirror             *self,
                                             GCancellable         *cancellable,
                                             GAsyncReadyCallback   callback,
                                             gpointer              user_data);
gboolean      mp_mirror_refresh_finish      (MpMirror             *self,
                                             GAsyncResult         *result,
                                             GError              **error);
/* Stops a running refresh (for sign-out): its callers get
 * G_IO_ERROR_CANCELLED; what was stored stays.
 */
void          mp_mirror_cancel_refresh      (MpMirror             *self);
/* Subscription IDs on screen: their details are fetched before the others'. */
void          mp_mirror_prioritize          (MpMirror             *self,
                                             const char * const   *ids);

G_END_DECLS
