/* mp-a11y.h: accessible names GTK 4.8 gets wrong, fixed in one place
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void       mp_a11y_init                (void);
void       mp_a11y_fix_widget          (GtkWidget  *widget);
char      *mp_a11y_strip_mnemonic      (const char *text);
GtkWidget *mp_a11y_radio_new           (GtkCheckButton *group);
void       mp_a11y_name_list_row       (GtkWidget  *row_child,
                                        const char *name);
void       mp_a11y_set_read_only       (GtkWidget  *widget);
void       mp_a11y_setup_search        (GtkSearchEntry *entry,
                                        GtkWidget      *page,
                                        GtkWidget      *list);
void       mp_a11y_add_search_shortcut (GtkWidget  *window);
gboolean   mp_a11y_focus_search        (GtkWidget  *window);
gboolean   mp_a11y_focus_first_row     (GtkWidget  *list);
void       mp_a11y_tab_leaves_list     (GtkListBox *list,
                                        GtkWidget  *before,
                                        GtkWidget  *after);
void       mp_a11y_enter_activates_default (GtkWindow *window);
void       mp_a11y_set_enter_advances  (GtkListBox *list);
void       mp_a11y_set_list_enter_advances (GtkWidget *list_view);
void       mp_a11y_default_while_shown (GtkWidget  *page,
                                        GtkWidget  *button);

G_END_DECLS
