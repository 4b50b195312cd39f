/* mp-error-box.h: an error shown in place, with its correlation ID
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MP_TYPE_ERROR_BOX (mp_error_box_get_type ())

G_DECLARE_FINAL_TYPE (MpErrorBox, mp_error_box, MP, ERROR_BOX, GtkWidget)

GtkWidget  *mp_error_box_new                (void);
void        mp_error_box_set_error          (MpErrorBox   *self,
                                             const char   *heading,
                                             const GError *error);
void        mp_error_box_set_message        (MpErrorBox   *self,
                                             const char   *heading,
                                             const char   *message,
                                             const char   *correlation_id);
void        mp_error_box_clear              (MpErrorBox   *self);
const char *mp_error_box_get_message        (MpErrorBox   *self);
const char *mp_error_box_get_correlation_id (MpErrorBox   *self);

G_END_DECLS
