/* mp-customer.h: a customer account of the reseller
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mp-money.h"

G_BEGIN_DECLS

#define MP_TYPE_CUSTOMER (mp_customer_get_type ())

G_DECLARE_FINAL_TYPE (MpCustomer, mp_customer, MP, CUSTOMER, GObject)

MpCustomer *mp_customer_new_from_json      (JsonObject  *object,
                                            GError     **error);
const char *mp_customer_get_id             (MpCustomer  *self);
const char *mp_customer_get_status         (MpCustomer  *self);
const char *mp_customer_get_reseller_id    (MpCustomer  *self);
const char *mp_customer_get_name           (MpCustomer  *self);
void        mp_customer_set_name           (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_external_id    (MpCustomer  *self);
void        mp_customer_set_external_id    (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_language       (MpCustomer  *self);
void        mp_customer_set_language       (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_tax_reg_id     (MpCustomer  *self);
void        mp_customer_set_tax_reg_id     (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_street_address (MpCustomer  *self);
void        mp_customer_set_street_address (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_postal_code    (MpCustomer  *self);
void        mp_customer_set_postal_code    (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_city           (MpCustomer  *self);
void        mp_customer_set_city           (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_state          (MpCustomer  *self);
void        mp_customer_set_state          (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_country_code   (MpCustomer  *self);
void        mp_customer_set_country_code   (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_first_name     (MpCustomer  *self);
void        mp_customer_set_first_name     (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_last_name      (MpCustomer  *self);
void        mp_customer_set_last_name      (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_email          (MpCustomer  *self);
void        mp_customer_set_email          (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_phone          (MpCustomer  *self);
void        mp_customer_set_phone          (MpCustomer  *self,
                                            const char  *value);
const char *mp_customer_get_login          (MpCustomer  *self);
void        mp_customer_set_login          (MpCustomer  *self,
                                            const char  *value);
void        mp_customer_set_password       (MpCustomer  *self,
                                            const char  *value);
MpCustomer *mp_customer_new                (void);
JsonNode   *mp_customer_to_json            (MpCustomer  *self);

G_END_DECLS
