/* mp-journal-entry.h: one record of the local order journal
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mp-enums.h"
#include "mp-money.h"
#include "mp-order.h"
#include "mp-purchase.h"

G_BEGIN_DECLS

#define MP_TYPE_JOURNAL_ENTRY (mp_journal_entry_get_type ())

G_DECLARE_FINAL_TYPE (MpJournalEntry, mp_journal_entry, MP, JOURNAL_ENTRY, GObject)

/* What this app did with one order (mp-journal.h): when, by which login,
 * for whom, what (plan, lines and quantities), the estimate shown, the
 * order, its correlation IDs and status, or the server's message of a
 * refusal. It holds no secret: no password, token or subscription key is
 * ever set on it. Entries read from the journal are folded: a later
 * MP_JOURNAL_EVENT_STATUS of the same order updates the entry of its
 * placement ("status", "correlation-ids", "updated" and "message" are
 * notified).
 */
MpJournalEntry *mp_journal_entry_new               (MpJournalEvent  event);
/* NULL (and @error set) when @object is not an entry. */
MpJournalEntry *mp_journal_entry_new_from_json     (JsonObject     *object,
                                                    GError        **error);
JsonNode       *mp_journal_entry_to_json           (MpJournalEntry *self);

MpJournalEvent  mp_journal_entry_get_event         (MpJournalEntry *self);
/* When it was recorded (UTC). */
GDateTime      *mp_journal_entry_get_time          (MpJournalEntry *self);
void            mp_journal_entry_set_time          (MpJournalEntry *self,
                                                    GDateTime      *time);
/* When the last status folded into it was recorded; the entry's own time
 * when none was.
 */
GDateTime      *mp_journal_entry_get_updated       (MpJournalEntry *self);
const char     *mp_journal_entry_get_login         (MpJournalEntry *self);
void            mp_journal_entry_set_login         (MpJournalEntry *self,
                                                    const char     *login);
/* The buyer: NULL ID for the signed-in account itself. */
const char     *mp_journal_entry_get_customer_id   (MpJournalEntry *self);
const char     *mp_journal_entry_get_customer_name (MpJournalEntry *self);
void            mp_journal_entry_set_customer      (MpJournalEntry *self,
                                                    const char     *customer_id,
                                                    const char     *customer_name);
MpOrderType     mp_journal_entry_get_order_type    (MpJournalEntry *self);
void            mp_journal_entry_set_order_type    (MpJournalEntry *self,
                                                    MpOrderType     order_type);
const char     *mp_journal_entry_get_plan_id       (MpJournalEntry *self);
const char     *mp_journal_entry_get_plan_name     (MpJournalEntry *self);
void            mp_journal_entry_set_plan          (MpJournalEntry *self,
                                                    const char     *plan_id,
                                                    const char     *plan_name);
const char     *mp_journal_entry_get_subscription_id (MpJournalEntry *self);
void            mp_journal_entry_set_subscription_id (MpJournalEntry *self,
                                                      const char     *subscription_id);

/* The estimate's lines as shown. */
guint           mp_journal_entry_get_n_lines       (MpJournalEntry *self);
const char     *mp_journal_entry_get_line_mpn      (MpJournalEntry *self,
                                                    guint           i);
const char     *mp_journal_entry_get_line_description (MpJournalEntry *self,
                                                       guint           i);
gint64          mp_journal_entry_get_line_quantity (MpJournalEntry *self,
                                                    guint           i);
/* NULL when the line had no price. */
const MpMoney  *mp_journal_entry_get_line_unit_price (MpJournalEntry *self,
                                                      guint           i);
const MpMoney  *mp_journal_entry_get_line_extended_price (MpJournalEntry *self,
                                                          guint           i);
void            mp_journal_entry_add_line          (MpJournalEntry *self,
                                                    const char     *mpn,
                                                    const char     *description,
                                                    gint64          quantity,
                                                    const MpMoney  *unit_price,
                                                    const MpMoney  *extended_price);

/* The estimate's total as shown (negative for a credit); NULL when none. */
const MpMoney  *mp_journal_entry_get_estimate      (MpJournalEntry *self);
void            mp_journal_entry_set_estimate      (MpJournalEntry *self,
                                                    const MpMoney  *estimate);

const char     *mp_journal_entry_get_order_id      (MpJournalEntry *self);
const char     *mp_journal_entry_get_order_number  (MpJournalEntry *self);
void            mp_journal_entry_set_order         (MpJournalEntry *self,
                                                    const char     *order_id,
                                                    const char     *order_number);
MpOrderStatus   mp_journal_entry_get_status        (MpJournalEntry *self);
void            mp_journal_entry_set_status        (MpJournalEntry *self,
                                                    MpOrderStatus   status);
/* Every correlation ID seen, oldest first (NULL-terminated, never NULL). */
const char * const *mp_journal_entry_get_correlation_ids (MpJournalEntry *self);
/* The last one, or NULL. */
const char     *mp_journal_entry_get_correlation_id (MpJournalEntry *self);
void            mp_journal_entry_add_correlation_id (MpJournalEntry *self,
                                                     const char     *correlation_id);
/* The server's message of a refusal, or an order's error. */
const char     *mp_journal_entry_get_message       (MpJournalEntry *self);
void            mp_journal_entry_set_message       (MpJournalEntry *self,
                                                    const char     *message);

/* Folds the later STATUS entry @status (of the same order) into @self:
 * its status, correlation IDs, message, and the buyer's name when @self
 * has none (the same customer ID).
 */
void            mp_journal_entry_fold              (MpJournalEntry *self,
                                                    MpJournalEntry *status);

/* Fills order type, plan, subscription, order, status and correlation ID
 * from @order (the fields it has).
 */
void            mp_journal_entry_set_from_order    (MpJournalEntry *self,
                                                    MpOrder        *order);

/* The entries the app records (no secret of the client is read):
 * the placement of @purchase's @order with the estimate it showed, the
 * server's refusal @error of placing @purchase, and a later status of
 * @order placed with @client.
 */
MpJournalEntry *mp_journal_entry_new_placed        (MpPurchase     *purchase,
                                                    MpOrder        *order);
MpJournalEntry *mp_journal_entry_new_refused       (MpPurchase     *purchase,
                                                    const GError   *error);
MpJournalEntry *mp_journal_entry_new_status        (MpClient       *client,
                                                    MpOrder        *order);

G_END_DECLS
