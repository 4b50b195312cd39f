/* mp-preferences-window.h
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MP_TYPE_PREFERENCES_WINDOW (mp_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MpPreferencesWindow, mp_preferences_window, MP, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *mp_preferences_window_new          (GtkWindow *parent) G_GNUC_WARN_UNUSED_RESULT;
gboolean   mp_color_scheme_get_mapping        (GValue    *value,
                                               GVariant  *variant,
                                               gpointer   user_data);

G_END_DECLS
