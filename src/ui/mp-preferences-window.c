/* mp-preferences-window.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-credentials.h"
#include "mp-login-page.h"
#include "mp-preferences-window.h"

struct _MpPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* Template Widgets */
  AdwComboRow          *style_row;
  GtkSpinButton        *page_size_spin;
  GtkSwitch            *local_mirror_switch;
  AdwActionRow         *request_rate_row;
  GtkSpinButton        *request_rate_spin;
  GtkSwitch            *renewal_warnings_switch;
  AdwActionRow         *warning_days_row;
  GtkSpinButton        *warning_days_spin;
  GtkSwitch            *background_switch;
  AdwActionRow         *forget_row;
  GtkButton            *forget_button;

  /* Owned References */
  GSettings            *settings;
  MpCredentials        *credentials;
};

G_DEFINE_FINAL_TYPE (MpPreferencesWindow, mp_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char * const schemes[] = { "default", "light", "dark" };

/* The "color-scheme" setting as an AdwColorScheme, for AdwStyleManager. */
gboolean
mp_color_scheme_get_mapping (GValue   *value,
                             GVariant *variant,
                             gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  if (g_str_equal (nick, "light"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (nick, "dark"))
    g_value_set_enum (value, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    g_value_set_enum (value, ADW_COLOR_SCHEME_DEFAULT);
  return TRUE;
}

static gboolean
style_get_mapping (GValue   *value,
                   GVariant *variant,
                   gpointer  user_data)
{
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (schemes); i++)
    if (g_str_equal (nick, schemes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  return FALSE;
}

static GVariant *
style_set_mapping (const GValue       *value,
                   const GVariantType *expected_type,
                   gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (schemes))
    return NULL;
  return g_variant_new_string (schemes[selected]);
}

static void
clear_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mp_credentials_clear_finish (MP_CREDENTIALS (object), result, &error))
    {
      g_warning ("Could not forget the password: %s", error->message);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("The keyring could not be reached")));
      gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), TRUE);
      return;
    }

  adw_action_row_set_subtitle (self->forget_row, _("No password is saved"));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The saved password was removed from the keyring")));
}

static void
forget_clicked_cb (MpPreferencesWindow *self)
{
  g_autofree char *server = g_settings_get_string (self->settings, "last-server-url");
  g_autofree char *code = g_settings_get_string (self->settings, "last-marketplace");
  g_autofree char *user = g_settings_get_string (self->settings, "last-user");
  g_autofree char *id = mp_login_page_credentials_id (server, *code != '\0' ? code : "US");

  gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), FALSE);
  mp_credentials_clear_async (self->credentials, id, user, NULL, clear_cb, g_object_ref (self));
}

static void
mp_preferences_window_dispose (GObject *object)
{
  MpPreferencesWindow *self = MP_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->credentials);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (mp_preferences_window_parent_class)->dispose (object);
}

static void
mp_preferences_window_class_init (MpPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE_PATH "/mp-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, page_size_spin);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, local_mirror_switch);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, request_rate_row);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, request_rate_spin);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, renewal_warnings_switch);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, warning_days_row);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, warning_days_spin);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, forget_row);
  gtk_widget_class_bind_template_child (widget_class, MpPreferencesWindow, forget_button);
  gtk_widget_class_bind_template_callback (widget_class, forget_clicked_cb);
}

static void
mp_preferences_window_init (MpPreferencesWindow *self)
{
  g_autofree char *user = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID_BASE);
  self->credentials = mp_credentials_new ();

  g_settings_bind_with_mapping (self->settings, "color-scheme", self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, style_get_mapping, style_set_mapping,
                                NULL, NULL);
  g_settings_bind (self->settings, "page-size",
                   gtk_spin_button_get_adjustment (self->page_size_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "local-mirror", self->local_mirror_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "local-mirror", self->request_rate_row, "sensitive",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "mirror-request-rate",
                   gtk_spin_button_get_adjustment (self->request_rate_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);

  g_settings_bind (self->settings, "renewal-warnings", self->renewal_warnings_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "renewal-warnings", self->warning_days_row, "sensitive",
                   G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "renewal-warning-days",
                   gtk_spin_button_get_adjustment (self->warning_days_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "run-in-background", self->background_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  user = g_settings_get_string (self->settings, "last-user");
  if (*user == '\0')
    {
      adw_action_row_set_subtitle (self->forget_row, _("No password is saved"));
      gtk_widget_set_sensitive (GTK_WIDGET (self->forget_button), FALSE);
    }
}

GtkWidget *
mp_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (MP_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       NULL);
}
