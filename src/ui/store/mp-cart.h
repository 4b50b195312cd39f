/* mp-cart.h: the shopping cart of one account on one marketplace
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "mp-api.h"

G_BEGIN_DECLS

#define MP_TYPE_CART_LINE (mp_cart_line_get_type ())
#define MP_TYPE_CART (mp_cart_get_type ())

G_DECLARE_FINAL_TYPE (MpCartLine, mp_cart_line, MP, CART_LINE, GObject)
G_DECLARE_FINAL_TYPE (MpCart, mp_cart, MP, CART, GObject)

/* One line of the cart: a plan, a period, quantities per MPN and the
 * buyer (NULL customer ID = the reseller itself). Lines notify "changed"
 * on every edit; the cart then saves itself.
 */
MpCartLine *mp_cart_line_new                (const char   *plan_id,
                                             const char   *plan_name,
                                             MpPeriod     *period);
const char *mp_cart_line_get_plan_id        (MpCartLine   *self);
const char *mp_cart_line_get_plan_name      (MpCartLine   *self);
/* A new MpPeriod, owned by the caller. */
MpPeriod   *mp_cart_line_dup_period         (MpCartLine   *self);
void        mp_cart_line_set_period         (MpCartLine   *self,
                                             MpPeriod     *period);
const char *mp_cart_line_get_customer_id    (MpCartLine   *self);
const char *mp_cart_line_get_customer_name  (MpCartLine   *self);
void        mp_cart_line_set_customer       (MpCartLine   *self,
                                             const char   *customer_id,
                                             const char   *customer_name);
/* The Idempotency-Key of the line's order (MpPurchase), kept with the
 * line so that a purchase rebuilt after a restart finds its order.
 */
const char *mp_cart_line_get_idempotency_key (MpCartLine  *self);
void        mp_cart_line_set_idempotency_key (MpCartLine  *self,
                                              const char  *key);
gint64      mp_cart_line_get_quantity       (MpCartLine   *self,
                                             const char   *mpn);
void        mp_cart_line_set_quantity       (MpCartLine   *self,
                                             const char   *mpn,
                                             gint64        quantity);
/* The MPNs with a quantity, sorted; free with g_strfreev(). */
char      **mp_cart_line_dup_mpns           (MpCartLine   *self);

/* The cart of (marketplace, user): one per process, shared by the
 * storefront and the header-bar button. It is a GListModel of MpCartLine,
 * loaded from and saved to
 * g_get_user_data_dir()/market-panel/carts/<MARKETPLACE>-<user>.json
 * (no secrets in it), written atomically after every change.
 * Properties: "loaded" (the file was read), "marketplace", "user".
 */
MpCart     *mp_cart_get                     (const char   *marketplace,
                                             const char   *user);
MpCart     *mp_cart_get_for_client          (MpClient     *client);
gboolean    mp_cart_get_loaded              (MpCart       *self);
const char *mp_cart_get_marketplace         (MpCart       *self);
void        mp_cart_add_line                (MpCart       *self,
                                             MpCartLine   *line);
void        mp_cart_remove_line             (MpCart       *self,
                                             MpCartLine   *line);
void        mp_cart_clear                   (MpCart       *self);
char       *mp_cart_get_path                (MpCart       *self);
/* TRUE while a save is being written or waiting to be. For tests. */
gboolean    mp_cart_get_saving              (MpCart       *self);
/* Forgets the per-process carts (tests: "restart the application"). */
void        mp_cart_forget_all              (void);

G_END_DECLS
