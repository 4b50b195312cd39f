/* mp-window-private.h
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mp-window.h"

G_BEGIN_DECLS

GtkWidget *_mp_window_create_section (MpWindow   *self,
                                      const char *name);
GtkWidget *_mp_window_create_page    (MpWindow   *self,
                                      const char *action_name,
                                      const char *id);

G_END_DECLS
