/* mp-customer-editor.h: the New Customer form
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_CUSTOMER_EDITOR (mp_customer_editor_get_type ())

G_DECLARE_FINAL_TYPE (MpCustomerEditor, mp_customer_editor, MP, CUSTOMER_EDITOR, AdwWindow)

/* A modal window; emits "customer-created" (MpCustomer) once the server
 * accepted the new customer, then closes.
 */
GtkWidget *mp_customer_editor_new (MpSession *session);

G_END_DECLS
