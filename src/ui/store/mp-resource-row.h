/* mp-resource-row.h: a resource's amount on the storefront's product page
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-api.h"

G_BEGIN_DECLS

#define MP_TYPE_RESOURCE_ROW (mp_resource_row_get_type ())

G_DECLARE_FINAL_TYPE (MpResourceRow, mp_resource_row, MP, RESOURCE_ROW, AdwActionRow)

/* A row of the product page's resources: it knows its resource and the
 * spin button holding the amount chosen (@spin, a descendant of the row
 * the caller adds).
 */
GtkWidget     *mp_resource_row_new          (MpResource    *resource,
                                             GtkSpinButton *spin);
MpResource    *mp_resource_row_get_resource (MpResourceRow *self);
GtkSpinButton *mp_resource_row_get_spin     (MpResourceRow *self);

G_END_DECLS
