/* mp-bulk-change-dialog.h: Change Seats of several subscriptions at once
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_BULK_CHANGE_DIALOG (mp_bulk_change_dialog_get_type ())

G_DECLARE_FINAL_TYPE (MpBulkChangeDialog, mp_bulk_change_dialog, MP, BULK_CHANGE_DIALOG, AdwWindow)

/* A modal window over @parent for the subscriptions @subscription_ids
 * (NULL-terminated): one change order per subscription, each its own
 * MpPurchase, placed together and followed like the cart's orders.
 */
GtkWidget *mp_bulk_change_dialog_new (MpSession          *session,
                                      GtkWindow          *parent,
                                      const char * const *subscription_ids);

G_END_DECLS
