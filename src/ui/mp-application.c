/* mp-application.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-application"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-application.h"
#include "mp-journal.h"
#include "mp-login-page.h"
#include "mp-preferences-window.h"
#include "mp-renewal-notifier.h"
#include "mp-window.h"

struct _MpApplication
{
  AdwApplication     parent_instance;

  /* Owned References */
  char              *server_url;
  GSettings         *settings;
  /* One session per marketplace of the signed-in login: the window's, and
   * the storefront's other regions, following their orders.
   */
  MpSessionRegistry *sessions;
  MpRenewalNotifier *renewal_notifier;
  gboolean           demo;
  gboolean           held;      /* running in the background */
  MpDemoAccount      demo_account;
};

G_DEFINE_FINAL_TYPE (MpApplication, mp_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "version", 'v', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Show the program’s version and exit"), NULL },
  { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the marketplace API at URL"), N_("URL") },
  { "demo", 'd', G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
    N_("Start the built-in demo marketplace and sign in to it"), NULL },
  { "demo-account", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
    N_("The demo account to sign in with: “reseller” (the default) or “customer”"), N_("ACCOUNT") },
  { NULL }
};

static void
mp_application_about_action (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  MpApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  static const char *developers[] = { "The Market Panel authors", NULL };

  g_assert (MP_IS_APPLICATION (self));

  adw_show_about_window (window,
                         "application-name", _("Market Panel"),
                         "application-icon", APP_ID,
                         "developer-name", _("The Market Panel authors"),
                         "version", PACKAGE_VERSION,
                         "comments", _("Buy cloud services and manage subscriptions on a CloudBlue Commerce marketplace"),
                         "website", "https://github.com/marketpanel/market-panel",
                         "issue-url", "https://github.com/marketpanel/market-panel/issues",
                         "developers", developers,
                         /* Translators: Replace "translator-credits" with your names, one name per line. */
                         "translator-credits", _("translator-credits"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
mp_application_preferences_action (GSimpleAction *action,
                                   GVariant      *parameter,
                                   gpointer       user_data)
{
  MpApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (mp_preferences_window_new (window)));
}

static void
mp_application_quit_action (GSimpleAction *action,
                            GVariant      *parameter,
                            gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

/* From a notification: shows the window (hidden while running in the
 * background) and there what ACTION_NAME opens for PARAMETER.
 */
static void
show_in_window (MpApplication *self,
                const char    *action_name,
                GVariant      *parameter)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));
      window = windows != NULL ? windows->data : NULL;
    }
  if (window == NULL)
    return;

  gtk_widget_set_visible (GTK_WIDGET (window), TRUE);
  gtk_window_present (window);
  gtk_widget_activate_action_variant (GTK_WIDGET (window), action_name, parameter);
}

static void
mp_application_open_order_action (GSimpleAction *action,
                                  GVariant      *parameter,
                                  gpointer       user_data)
{
  show_in_window (user_data, "win.open-order", parameter);
}

static void
mp_application_open_subscription_action (GSimpleAction *action,
                                         GVariant      *parameter,
                                         gpointer       user_data)
{
  show_in_window (user_data, "win.open-subscription", parameter);
}

static const GActionEntry app_actions[] = {
  { "about", mp_application_about_action },
  { "preferences", mp_application_preferences_action },
  { "quit", mp_application_quit_action },
  { "open-order", mp_application_open_order_action, "s" },
  { "open-subscription", mp_application_open_subscription_action, "s" },
};

/* Running in the background (Preferences), as GNOME Software does: the
 * application holds itself and closing the window hides it; activating
 * the application shows it again.
 */
static void
run_in_background_changed_cb (MpApplication *self)
{
  gboolean background = g_settings_get_boolean (self->settings, "run-in-background");

  if (background && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!background && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = background;
}

static int
mp_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  MpApplication *self = MP_APPLICATION (app);
  const char *server = NULL;
  const char *account = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "market-panel", PACKAGE_VERSION);
      return 0;
    }

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, NULL);

      if (uri == NULL ||
          (g_strcmp0 (g_uri_get_scheme (uri), "https") != 0 &&
           g_strcmp0 (g_uri_get_scheme (uri), "http") != 0))
        {
          g_printerr (_("“%s” is not an http:// or https:// address\n"), server);
          return 2;
        }
      g_free (self->server_url);
      self->server_url = g_strdup (server);
    }

  self->demo = g_variant_dict_contains (options, "demo");
  if (self->demo && self->server_url != NULL)
    {
      g_printerr (_("--demo and --server cannot be used together\n"));
      return 2;
    }
  if (g_variant_dict_lookup (options, "demo-account", "&s", &account))
    {
      if (g_strcmp0 (account, "reseller") == 0)
        self->demo_account = MP_DEMO_ACCOUNT_RESELLER;
      else if (g_strcmp0 (account, "customer") == 0)
        self->demo_account = MP_DEMO_ACCOUNT_CUSTOMER;
      else
        {
          g_printerr (_("Unknown demo account “%s”: use “reseller” or “customer”\n"), account);
          return 2;
        }
      self->demo = TRUE;
    }

  return G_APPLICATION_CLASS (mp_application_parent_class)->handle_local_options (app, options);
}

static void
mp_application_activate (GApplication *app)
{
  MpApplication *self = MP_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      MpLoginPage *login;

      window = GTK_WINDOW (mp_window_new (self));
      login = mp_window_get_login_page (MP_WINDOW (window));

      /* The command line picks the marketplace; otherwise the last one,
       * signed in to at once when the keyring remembers the password.
       */
      if (self->demo)
        mp_login_page_sign_in_demo (login, self->demo_account);
      else if (self->server_url != NULL)
        mp_login_page_use_server (login, self->server_url);
      else
        mp_login_page_restore (login);
    }

  gtk_window_present (window);
}

static void
mp_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };
  static const char *overview_accels[] = { "<Control><Shift>o", NULL };
  static const char *export_accels[] = { "<Control>e", NULL };
  MpApplication *self = MP_APPLICATION (app);

  G_APPLICATION_CLASS (mp_application_parent_class)->startup (app);
  mp_a11y_init ();

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions,
                                   G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.preferences",
                                         preferences_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.open-overview", overview_accels);
  /* Shown in the main menu; each list page also has Ctrl+E of its own. */
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "win.export-list", export_accels);

  self->settings = g_settings_new (APP_ID_BASE);
  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                adw_style_manager_get_default (), "color-scheme",
                                G_SETTINGS_BIND_GET, mp_color_scheme_get_mapping, NULL,
                                NULL, NULL);

  g_signal_connect_object (self->settings, "changed::run-in-background",
                           G_CALLBACK (run_in_background_changed_cb), self, G_CONNECT_SWAPPED);
  run_in_background_changed_cb (self);
  self->renewal_notifier = mp_renewal_notifier_new (app, self->sessions, self->settings);
}

static void
mp_application_shutdown (GApplication *app)
{
  MpApplication *self = MP_APPLICATION (app);

  g_clear_object (&self->renewal_notifier);
  /* The journal's last lines (an order's final status) are on disk before exit. */
  if (!mp_journal_wait_written (2000))
    g_warning ("The order journal could not be written in time");

  G_APPLICATION_CLASS (mp_application_parent_class)->shutdown (app);
}

static void
mp_application_finalize (GObject *object)
{
  MpApplication *self = MP_APPLICATION (object);

  g_clear_pointer (&self->server_url, g_free);
  g_clear_object (&self->renewal_notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->sessions);

  G_OBJECT_CLASS (mp_application_parent_class)->finalize (object);
}

static void
mp_application_class_init (MpApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = mp_application_finalize;
  app_class->activate = mp_application_activate;
  app_class->startup = mp_application_startup;
  app_class->shutdown = mp_application_shutdown;
  app_class->handle_local_options = mp_application_handle_local_options;
}

static void
mp_application_init (MpApplication *self)
{
  self->sessions = mp_session_registry_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Buy cloud services and manage subscriptions on a marketplace."));
}

MpApplication *
mp_application_new (void)
{
  return g_object_new (MP_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE_PATH,
                       NULL);
}

const char *
mp_application_get_server_url (MpApplication *self)
{
  g_return_val_if_fail (MP_IS_APPLICATION (self), NULL);
  return self->server_url;
}

gboolean
mp_application_get_demo (MpApplication *self)
{
  g_return_val_if_fail (MP_IS_APPLICATION (self), FALSE);
  return self->demo;
}

/* The sessions of the signed-in login, one per marketplace. */
MpSessionRegistry *
mp_application_get_sessions (MpApplication *self)
{
  g_return_val_if_fail (MP_IS_APPLICATION (self), NULL);
  return self->sessions;
}
