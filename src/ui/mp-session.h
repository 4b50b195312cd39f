/* mp-session.h
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-client.h"
#include "mp-journal.h"
#include "mp-mirror.h"
#include "mp-purchase.h"

G_BEGIN_DECLS

#define MP_TYPE_SESSION (mp_session_get_type ())

G_DECLARE_FINAL_TYPE (MpSession, mp_session, MP, SESSION, GObject)

MpSession  *mp_session_new                (MpClient   *client) G_GNUC_WARN_UNUSED_RESULT;
MpClient   *mp_session_get_client         (MpSession  *self);
MpAccount  *mp_session_get_account        (MpSession  *self);
gboolean    mp_session_is_reseller        (MpSession  *self);
MpOrder    *mp_session_track_order        (MpSession  *self,
                                           MpOrder    *order);
void        mp_session_track_purchase     (MpSession  *self,
                                           MpPurchase *purchase);
void        mp_session_record_cancel_order (MpSession    *self,
                                            const char   *order_id,
                                            MpOrder      *cancelled,
                                            const GError *error);
MpJournal  *mp_session_get_journal        (MpSession  *self);
MpMirror   *mp_session_get_mirror         (MpSession  *self);
/* What the local copy is kept by (with the marketplace and login): the
 * client's base URL unless set before the copy is first opened (the demo
 * marketplace, whose URL changes from one start to the next).
 */
void        mp_session_set_mirror_key     (MpSession  *self,
                                           const char *key);
const char *mp_session_get_mirror_key     (MpSession  *self);
MpListSource *mp_session_open_list        (MpSession    *self,
                                           MpMirrorKind  kind) G_GNUC_WARN_UNUSED_RESULT;
MpOrder    *mp_session_follow_order       (MpSession  *self,
                                           MpOrder    *order);
MpOrder    *mp_session_lookup_order       (MpSession  *self,
                                           const char *order_id);
const char *mp_session_get_order_number   (MpSession  *self,
                                           const char *order_id);
GListModel *mp_session_get_active_orders  (MpSession  *self);
gboolean    mp_session_has_pending_change (MpSession  *self,
                                           const char *subscription_id);
void        mp_session_notify_changed     (MpSession  *self);
void        mp_session_close              (MpSession  *self);
gboolean    mp_session_get_offline        (MpSession  *self);
void        mp_session_reconnect          (MpSession  *self);
void        mp_session_marketplace_moved  (MpSession  *self,
                                           const char *old_root,
                                           const char *new_root);

G_END_DECLS
