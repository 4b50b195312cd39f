/* mp-limit-row.h: a resource's current limit beside a spin button for the new one
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-api.h"

G_BEGIN_DECLS

#define MP_TYPE_LIMIT_ROW (mp_limit_row_get_type ())

G_DECLARE_FINAL_TYPE (MpLimitRow, mp_limit_row, MP, LIMIT_ROW, AdwActionRow)

GtkWidget      *mp_limit_row_new            (MpSubscriptionResource *resource,
                                             gint64                  minimum,
                                             gint64                  maximum);
const char     *mp_limit_row_get_mpn        (MpLimitRow             *self);
gint64          mp_limit_row_get_current    (MpLimitRow             *self);
gint64          mp_limit_row_get_value      (MpLimitRow             *self);
void            mp_limit_row_set_value      (MpLimitRow             *self,
                                             gint64                  value);
void            mp_limit_row_set_resource   (MpLimitRow             *self,
                                             MpSubscriptionResource *resource);
GtkSpinButton  *mp_limit_row_get_spin_button (MpLimitRow            *self);

G_END_DECLS
