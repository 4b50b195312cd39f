/* mp-session-registry.h: the sessions of one login, one per marketplace
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-marketplace.h"
#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_SESSION_REGISTRY (mp_session_registry_get_type ())

G_DECLARE_FINAL_TYPE (MpSessionRegistry, mp_session_registry, MP, SESSION_REGISTRY, GObject)

/* The sessions (MpSession) of one login: the one signed in to first (the
 * main session), then one per other marketplace (region) opened with the
 * same login. Sessions stay open, following their orders, until
 * mp_session_registry_close() (signing out).
 *
 * Signals: "order-finished" (MpSession *session, MpOrder *order), an order
 * followed by any of the sessions reached a final status.
 */
MpSessionRegistry *mp_session_registry_new                (void) G_GNUC_WARN_UNUSED_RESULT;
void               mp_session_registry_sign_in            (MpSessionRegistry    *self,
                                                           MpSession            *session);
MpSession         *mp_session_registry_get_main           (MpSessionRegistry    *self);
GListModel        *mp_session_registry_get_sessions       (MpSessionRegistry    *self);
MpSession         *mp_session_registry_lookup             (MpSessionRegistry    *self,
                                                           const char           *marketplace);
MpSession         *mp_session_registry_lookup_order       (MpSessionRegistry    *self,
                                                           const char           *order_id);
void               mp_session_registry_open_async         (MpSessionRegistry    *self,
                                                           MpMarketplace        *marketplace,
                                                           const char           *password,
                                                           const char           *subscription_key,
                                                           GCancellable         *cancellable,
                                                           GAsyncReadyCallback   callback,
                                                           gpointer              user_data);
MpSession         *mp_session_registry_open_finish        (MpSessionRegistry    *self,
                                                           GAsyncResult         *result,
                                                           GError              **error);
GListModel        *mp_session_registry_get_active_orders  (MpSessionRegistry    *self);
void               mp_session_registry_marketplace_moved  (MpSessionRegistry    *self,
                                                           const char           *old_root,
                                                           const char           *new_root);
void               mp_session_registry_close              (MpSessionRegistry    *self);

G_END_DECLS
