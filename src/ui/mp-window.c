/* mp-window.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-window.h"

struct _MpWindow
{
  AdwApplicationWindow  parent_instance;

  /* Template Widgets */
  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *section_stack;
  AdwViewSwitcherTitle *switcher_title;
  AdwViewSwitcherBar   *switcher_bar;

  /* Owned References */
  GSettings            *settings;
};

G_DEFINE_FINAL_TYPE (MpWindow, mp_window, ADW_TYPE_APPLICATION_WINDOW)

static const char * const sections[] = {
  "subscriptions", "customers", "orders", "marketplace",
};

static gboolean
is_section (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    if (g_strcmp0 (sections[i], name) == 0)
      return TRUE;
  return FALSE;
}

static void
show_section_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  MpWindow *self = MP_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  AdwViewStackPage *page;

  g_assert (MP_IS_WINDOW (self));

  if (!is_section (name))
    {
      g_warning ("No section called “%s”", name);
      return;
    }

  /* A section that the account's role hides cannot be shown by shortcut. */
  page = adw_view_stack_get_page (self->section_stack,
                                  adw_view_stack_get_child_by_name (self->section_stack, name));
  if (page == NULL || !adw_view_stack_page_get_visible (page))
    return;

  adw_view_stack_set_visible_child_name (self->section_stack, name);
}

static void
mp_window_dispose (GObject *object)
{
  MpWindow *self = MP_WINDOW (object);

  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_WINDOW);

  G_OBJECT_CLASS (mp_window_parent_class)->dispose (object);
}

static void
mp_window_class_init (MpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/mp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, section_stack);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, MpWindow, switcher_bar);

  gtk_widget_class_install_action (widget_class, "win.show-section", "s", show_section_action);

  for (guint i = 0; i < G_N_ELEMENTS (sections); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-section", "s", sections[i]);
}

static void
mp_window_init (MpWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  if (g_strcmp0 (PROFILE, "development") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Window state lives in GSettings, bound both ways. */
  self->settings = g_settings_new (APP_ID_BASE);
  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
}

MpWindow *
mp_window_new (MpApplication *application)
{
  g_return_val_if_fail (application == NULL || MP_IS_APPLICATION (application), NULL);

  return g_object_new (MP_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

const char *
mp_window_get_visible_section (MpWindow *self)
{
  g_return_val_if_fail (MP_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->section_stack);
}

void
mp_window_add_toast (MpWindow *self,
                     AdwToast *toast)
{
  g_return_if_fail (MP_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}
