/* mp-login-page.c: signing in to a marketplace, or to the demo
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-login-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-credentials.h"
#include "mp-login-page.h"
#include "mp-marketplace.h"

/* The rows of the "Server" combo row. */
enum {
  SERVER_DEMO,
  SERVER_CUSTOM,
};

static const struct {
  const char *user;
  const char *password;
} demo_accounts[] = {
  [MP_DEMO_ACCOUNT_RESELLER] = { "demo-reseller", "Demo-Reseller-1" },
  [MP_DEMO_ACCOUNT_CUSTOMER] = { "acme-admin", "Demo-Customer-1" },
};

#define DEMO_SUBSCRIPTION_KEY "demo-subscription-key"
/* The first of the demo marketplace's (data/catalog/demo-catalog.json). */
#define DEMO_MARKETPLACE "US"

struct _MpLoginPage
{
  AdwBin           parent_instance;

  /* Template Widgets */
  GtkImage        *logo;
  GtkRevealer     *error_revealer;
  GtkLabel        *error_label;
  GtkLabel        *correlation_label;
  AdwComboRow     *server_row;
  AdwEntryRow     *url_row;
  AdwComboRow     *marketplace_row;
  AdwEntryRow     *user_row;
  AdwPasswordEntryRow *password_row;
  AdwPasswordEntryRow *key_row;
  AdwActionRow    *remember_row;
  GtkSwitch       *remember_switch;
  GtkSpinner      *spinner;
  AdwComboRow     *demo_account_row;

  /* Owned References */
  MpDemoServer    *demo_server;
  MpCredentials   *credentials;
  GSettings       *settings;
  GCancellable    *cancellable;       /* the sign-in under way */
  GCancellable    *list_cancellable;  /* the marketplace list being loaded */
  GListModel      *marketplaces;
  char            *marketplaces_root;
  char            *pending_root;
  char            *error_text;
  guint            url_timeout_id;

  gboolean         busy;
  gboolean         sign_in_when_ready;
  gboolean         keyring_missing;
};

G_DEFINE_FINAL_TYPE (MpLoginPage, mp_login_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

enum {
  SIGNAL_SIGNED_IN,
  SIGNAL_NOTICE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void load_marketplaces (MpLoginPage *self);
static void sign_in (MpLoginPage *self);

/* Regional-indicator letters make the flag emoji of a country code. */
static char *
flag_for_country (const char *country)
{
  GString *flag = g_string_new (NULL);

  if (country == NULL || strlen (country) != 2)
    return g_string_free (flag, FALSE);
  for (guint i = 0; i < 2; i++)
    g_string_append_unichar (flag, 0x1F1E6 + (gunichar) (g_ascii_toupper (country[i]) - 'A'));
  return g_string_free (flag, FALSE);
}

static char *
marketplace_label (MpMarketplace *marketplace)
{
  g_autofree char *flag = NULL;

  if (marketplace == NULL)
    return g_strdup ("");

  flag = flag_for_country (mp_marketplace_get_country (marketplace));
  /* Translators: a marketplace: flag, name and currency, e.g. "🇺🇸 United States (USD)". */
  return g_strdup_printf (_("%s %s (%s)"), flag,
                          mp_marketplace_get_name (marketplace),
                          mp_marketplace_get_currency (marketplace));
}

static const char *
entry_text (gpointer editable)
{
  return gtk_editable_get_text (GTK_EDITABLE (editable));
}

static gboolean
is_blank (const char *text)
{
  for (; text != NULL && *text != '\0'; text++)
    if (!g_ascii_isspace (*text))
      return FALSE;
  return TRUE;
}

static gboolean
using_demo (MpLoginPage *self)
{
  return adw_combo_row_get_selected (self->server_row) == SERVER_DEMO;
}

static MpMarketplace *
selected_marketplace (MpLoginPage *self)
{
  return adw_combo_row_get_selected_item (self->marketplace_row);
}

/* The API base URL and marketplace code to sign in with, or FALSE with a
 * reason when the form does not name one yet.
 */
static gboolean
get_target (MpLoginPage  *self,
            char        **base_url,
            char        **code,
            char        **reason)
{
  MpMarketplace *marketplace = selected_marketplace (self);
  g_autoptr(GError) error = NULL;
  const char *url;

  if (marketplace != NULL)
    {
      *base_url = g_strdup (mp_marketplace_get_base_url (marketplace));
      *code = g_strdup (mp_marketplace_get_code (marketplace));
      return TRUE;
    }

  if (using_demo (self))
    {
      *reason = g_strdup (_("The demo marketplace is starting"));
      return FALSE;
    }

  url = entry_text (self->url_row);
  if (is_blank (url))
    {
      *reason = g_strdup (_("Enter the API address of the marketplace"));
      return FALSE;
    }
  if (!mp_client_check_url (url, &error))
    {
      *reason = g_strdup (error->message);
      return FALSE;
    }

  /* A real marketplace's API address ends in its code, as in
   * ".../marketplace/us"; it has no list of marketplaces.
   */
  {
    g_autofree char *trimmed = g_strdup (url);
    char *slash;

    g_strstrip (trimmed);
    while (g_str_has_suffix (trimmed, "/"))
      trimmed[strlen (trimmed) - 1] = '\0';
    slash = strrchr (trimmed, '/');
    *code = g_ascii_strup (slash != NULL ? slash + 1 : trimmed, -1);
    *base_url = g_steal_pointer (&trimmed);
  }
  return TRUE;
}

/* The key of the keyring item for a server address (empty for the demo)
 * and marketplace: the demo server's port changes on every start, so the
 * demo is named by its marketplace instead.
 */
char *
mp_login_page_credentials_id (const char *server_url,
                              const char *code)
{
  if (server_url == NULL || *server_url == '\0')
    return g_strdup_printf ("market-panel-demo:%s", code);
  return g_strdup_printf ("%s#%s", server_url, code);
}

static void
update_sign_in (MpLoginPage *self)
{
  g_autofree char *base_url = NULL;
  g_autofree char *code = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) url_error = NULL;
  const char *url = entry_text (self->url_row);
  gboolean ok;

  ok = get_target (self, &base_url, &code, &reason);
  if (ok && is_blank (entry_text (self->user_row)))
    {
      ok = FALSE;
      reason = g_strdup (_("Enter your user name"));
    }
  else if (ok && *entry_text (self->password_row) == '\0')
    {
      ok = FALSE;
      reason = g_strdup (_("Enter your password"));
    }
  else if (ok && is_blank (entry_text (self->key_row)))
    {
      ok = FALSE;
      reason = g_strdup (_("Enter the subscription key of the API"));
    }

  /* The address is checked as it is typed. */
  if (!using_demo (self) && !is_blank (url) && !mp_client_check_url (url, &url_error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->url_row), url_error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->url_row), NULL);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.sign-in", ok && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "login.try-demo", !self->busy);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->spinner), reason);
}

static void
set_busy (MpLoginPage *self,
          gboolean     busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->server_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->url_row), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->marketplace_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->user_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->password_row), !busy);
  gtk_editable_set_editable (GTK_EDITABLE (self->key_row), !busy);
  update_sign_in (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
show_error (MpLoginPage *self,
            const char  *message,
            const char  *correlation_id)
{
  g_free (self->error_text);
  self->error_text = g_strdup (message);

  if (message == NULL)
    {
      gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
      return;
    }

  gtk_label_set_text (self->error_label, message);
  if (correlation_id != NULL)
    {
      /* Translators: %s is the ID the marketplace gives a failed request, for its support. */
      g_autofree char *text = g_strdup_printf (_("Correlation ID: %s"), correlation_id);

      gtk_label_set_text (self->correlation_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->correlation_label), TRUE);
    }
  else
    {
      gtk_widget_set_visible (GTK_WIDGET (self->correlation_label), FALSE);
    }
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static char *
describe_error (const GError *error)
{
  if (error->domain == MP_CLIENT_ERROR)
    {
      switch ((MpClientError) error->code)
        {
        case MP_CLIENT_ERROR_UNAUTHORIZED:
          return g_strdup (_("The user name, password or subscription key is not right."));

        case MP_CLIENT_ERROR_NETWORK:
          return g_strdup_printf (_("The marketplace cannot be reached. Check the address and "
                                    "your connection. (%s)"), error->message);

        case MP_CLIENT_ERROR_TLS:
          return g_strdup_printf (_("The marketplace’s security certificate is not valid, so "
                                    "the connection was refused. (%s)"), error->message);

        case MP_CLIENT_ERROR_FORBIDDEN:
        case MP_CLIENT_ERROR_NOT_FOUND:
        case MP_CLIENT_ERROR_VALIDATION:
        case MP_CLIENT_ERROR_CONFLICT:
        case MP_CLIENT_ERROR_RATE_LIMITED:
        case MP_CLIENT_ERROR_SERVER:
        case MP_CLIENT_ERROR_BAD_RESPONSE:
        default:
          break;
        }
    }
  return g_strdup (error->message);
}

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (mp_credentials_store_finish (MP_CREDENTIALS (object), result, &error))
    return;

  /* No keyring is a state of the system, not a fault: the user is told. */
  g_message ("Could not store the password: %s", error->message);
  if (g_error_matches (error, MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_NO_KEYRING))
    g_signal_emit (self, signals[SIGNAL_NOTICE], 0,
                   _("No keyring is available: the password will not be remembered"));
  else
    g_signal_emit (self, signals[SIGNAL_NOTICE], 0,
                   _("The password could not be saved in the keyring"));
}

/* The keyring item of the form's marketplace CODE: the demo's or the
 * address typed. */
static char *
form_credentials_id (MpLoginPage *self,
                     const char  *code)
{
  return mp_login_page_credentials_id (using_demo (self) ? NULL : entry_text (self->url_row), code);
}

static void
remember (MpLoginPage *self,
          const char  *code)
{
  g_autofree char *id = form_credentials_id (self, code);
  const char *user = entry_text (self->user_row);

  if (gtk_switch_get_active (self->remember_switch))
    {
      MpSecrets secrets = {
        .password = (char *) entry_text (self->password_row),
        .subscription_key = (char *) entry_text (self->key_row),
      };

      mp_credentials_store_async (self->credentials, id, user, &secrets, NULL,
                                  store_cb, g_object_ref (self));
    }
  else
    {
      mp_credentials_clear_async (self->credentials, id, user, NULL, NULL, NULL);
    }
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(MpLoginPage) self = user_data;
  MpClient *client = MP_CLIENT (object);
  g_autoptr(MpAccount) account = NULL;
  g_autoptr(GError) error = NULL;

  account = mp_client_login_finish (client, result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  set_busy (self, FALSE);

  if (account == NULL)
    {
      g_autofree char *message = describe_error (error);

      g_debug ("Signing in failed: %s", error->message);
      show_error (self, message, mp_client_error_get_correlation_id (error));
      return;
    }

  g_settings_set_string (self->settings, "last-server-url",
                         using_demo (self) ? "" : entry_text (self->url_row));
  g_settings_set_string (self->settings, "last-marketplace", mp_client_get_marketplace (client));
  g_settings_set_string (self->settings, "last-user", entry_text (self->user_row));
  remember (self, mp_client_get_marketplace (client));

  show_error (self, NULL, NULL);
  /* From now on the password is only kept by the client (and the
   * keyring); other marketplaces of the login reuse it through the client
   * (mp_client_new_for_marketplace()).
   */
  g_signal_emit (self, signals[SIGNAL_SIGNED_IN], 0, client);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
}

static void
sign_in_to (MpLoginPage *self,
            const char  *base_url,
            const char  *code)
{
  g_autoptr(MpClient) client = NULL;
  g_autofree char *user = NULL;
  g_autofree char *key = NULL;

  user = g_strstrip (g_strdup (entry_text (self->user_row)));
  key = g_strstrip (g_strdup (entry_text (self->key_row)));
  client = mp_client_new (base_url, code, user, entry_text (self->password_row), key);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  g_debug ("Signing in to %s, marketplace %s", base_url, code);
  set_busy (self, TRUE);
  mp_client_login_async (client, self->cancellable, login_cb, g_object_ref (self));
}

static void
sign_in (MpLoginPage *self)
{
  g_autofree char *base_url = NULL;
  g_autofree char *code = NULL;
  g_autofree char *reason = NULL;

  self->sign_in_when_ready = FALSE;
  if (self->busy)
    {
      g_debug ("Not signing in: busy");
      return;
    }
  if (!get_target (self, &base_url, &code, &reason))
    {
      g_debug ("Not signing in: %s", reason);
      show_error (self, reason, NULL);
      return;
    }
  sign_in_to (self, base_url, code);
}

/* The demo sign-in does not wait for the marketplace list: the password
 * check on the server runs while the window draws its first frame. The
 * marketplace is the last demo one, else the demo's first (the list then
 * selects the same).
 */
static void
sign_in_demo_now (MpLoginPage *self)
{
  g_autofree char *last_server = g_settings_get_string (self->settings, "last-server-url");
  g_autofree char *code = g_settings_get_string (self->settings, "last-marketplace");
  g_autofree char *base_url = NULL;

  self->sign_in_when_ready = FALSE;
  if (*last_server != '\0' || *code == '\0')
    {
      g_free (code);
      code = g_strdup (DEMO_MARKETPLACE);
    }
  base_url = g_strconcat (mp_demo_server_get_url (self->demo_server), "/marketplace/", code, NULL);
  sign_in_to (self, base_url, code);
}

static void
select_marketplace (MpLoginPage *self,
                    const char  *code)
{
  guint n;

  if (self->marketplaces == NULL || code == NULL || *code == '\0')
    return;

  n = g_list_model_get_n_items (self->marketplaces);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpMarketplace) marketplace = g_list_model_get_item (self->marketplaces, i);

      if (g_ascii_strcasecmp (mp_marketplace_get_code (marketplace), code) == 0)
        {
          adw_combo_row_set_selected (self->marketplace_row, i);
          return;
        }
    }
}

static void
set_marketplaces (MpLoginPage *self,
                  GListModel  *marketplaces,
                  const char  *root)
{
  g_set_object (&self->marketplaces, marketplaces);
  g_free (self->marketplaces_root);
  self->marketplaces_root = g_strdup (root);

  adw_combo_row_set_model (self->marketplace_row, marketplaces);
  gtk_widget_set_visible (GTK_WIDGET (self->marketplace_row), marketplaces != NULL);
  if (marketplaces != NULL)
    {
      g_autofree char *last = g_settings_get_string (self->settings, "last-marketplace");

      select_marketplace (self, last);
    }
  update_sign_in (self);
}

static void
list_marketplaces_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MpLoginPage) self = user_data;
  g_autoptr(GListModel) marketplaces = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *root = NULL;

  marketplaces = mp_client_list_marketplaces_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  root = g_steal_pointer (&self->pending_root);
  g_debug ("Marketplaces of %s: %u", root, marketplaces != NULL ? g_list_model_get_n_items (marketplaces) : 0);
  if (marketplaces == NULL || g_list_model_get_n_items (marketplaces) == 0)
    {
      /* A real marketplace has no list: its address is the API itself. */
      g_debug ("No marketplace list at %s: %s", root, error ? error->message : "empty");
      set_marketplaces (self, NULL, NULL);
      if (using_demo (self) && error != NULL)
        {
          g_autofree char *message = describe_error (error);
          show_error (self, message, mp_client_error_get_correlation_id (error));
        }
      self->sign_in_when_ready = FALSE;
      return;
    }

  set_marketplaces (self, marketplaces, root);
  if (self->sign_in_when_ready)
    sign_in (self);
}

static void
list_marketplaces (MpLoginPage *self,
                   const char  *root)
{
  if (self->marketplaces != NULL && g_strcmp0 (root, self->marketplaces_root) == 0)
    {
      if (self->sign_in_when_ready)
        sign_in (self);
      return;
    }

  g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  self->list_cancellable = g_cancellable_new ();
  set_marketplaces (self, NULL, NULL);

  /* Only the newest request completes: older ones are cancelled. */
  g_free (self->pending_root);
  self->pending_root = g_strdup (root);
  g_debug ("Listing the marketplaces of %s", root);
  mp_client_list_marketplaces_async (root, self->list_cancellable,
                                     list_marketplaces_cb, g_object_ref (self));
}

static void
demo_started_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MpLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mp_demo_server_start_finish (MP_DEMO_SERVER (object), result, &error))
    {
      g_debug ("The demo marketplace did not start: %s", error->message);
      set_busy (self, FALSE);
      self->sign_in_when_ready = FALSE;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_error (self, error->message, NULL);
      return;
    }

  set_busy (self, FALSE);
  if (using_demo (self))
    load_marketplaces (self);
}

static void
load_marketplaces (MpLoginPage *self)
{
  if (using_demo (self))
    {
      if (!mp_demo_server_get_running (self->demo_server))
        {
          set_marketplaces (self, NULL, NULL);
          set_busy (self, TRUE);
          mp_demo_server_start_async (self->demo_server, NULL, demo_started_cb, g_object_ref (self));
          return;
        }
      if (self->sign_in_when_ready && !self->busy && self->marketplaces == NULL)
        sign_in_demo_now (self);
      list_marketplaces (self, mp_demo_server_get_url (self->demo_server));
    }
  else
    {
      const char *url = entry_text (self->url_row);

      if (is_blank (url) || !mp_client_check_url (url, NULL))
        {
          set_marketplaces (self, NULL, NULL);
          return;
        }
      list_marketplaces (self, url);
    }
}

/* The list of a custom server is fetched once typing pauses. */
static gboolean
url_timeout_cb (gpointer user_data)
{
  MpLoginPage *self = user_data;

  self->url_timeout_id = 0;
  load_marketplaces (self);
  return G_SOURCE_REMOVE;
}

static void
url_changed_cb (MpLoginPage *self)
{
  g_clear_handle_id (&self->url_timeout_id, g_source_remove);
  set_marketplaces (self, NULL, NULL);
  self->url_timeout_id = g_timeout_add (500, url_timeout_cb, self);
  update_sign_in (self);
}

static void
server_changed_cb (MpLoginPage *self)
{
  gboolean demo = using_demo (self);

  gtk_widget_set_visible (GTK_WIDGET (self->url_row), !demo);
  show_error (self, NULL, NULL);
  load_marketplaces (self);
  update_sign_in (self);
}

static void
form_changed_cb (MpLoginPage *self)
{
  update_sign_in (self);
}

/* Enter in any field signs in, once the form is complete. */
static void
entry_activated_cb (MpLoginPage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "login.sign-in", NULL);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(MpLoginPage) self = user_data;
  g_autoptr(MpSecrets) secrets = NULL;
  g_autoptr(GError) error = NULL;

  secrets = mp_credentials_lookup_finish (MP_CREDENTIALS (object), result, &error);
  if (error != NULL)
    {
      if (g_error_matches (error, MP_CREDENTIALS_ERROR, MP_CREDENTIALS_ERROR_NO_KEYRING))
        {
          self->keyring_missing = TRUE;
          gtk_switch_set_active (self->remember_switch, FALSE);
          gtk_widget_set_sensitive (GTK_WIDGET (self->remember_switch), FALSE);
          adw_action_row_set_subtitle (self->remember_row,
                                       _("No keyring is available: passwords will not be remembered"));
        }
      g_message ("Could not look up the saved password: %s", error->message);
      return;
    }
  g_debug ("Saved password %s", secrets != NULL && secrets->password != NULL ? "found" : "not found");
  if (secrets == NULL || secrets->password == NULL)
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), secrets->password);
  if (secrets->subscription_key != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->key_row), secrets->subscription_key);
  gtk_switch_set_active (self->remember_switch, TRUE);

  /* Remembered credentials go straight to the main window. */
  self->sign_in_when_ready = TRUE;
  load_marketplaces (self);
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  MpLoginPage *self = MP_LOGIN_PAGE (widget);

  show_error (self, NULL, NULL);
  sign_in (self);
}

static void
try_demo_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  MpLoginPage *self = MP_LOGIN_PAGE (widget);

  mp_login_page_sign_in_demo (self, adw_combo_row_get_selected (self->demo_account_row));
}

static void
mp_login_page_dispose (GObject *object)
{
  MpLoginPage *self = MP_LOGIN_PAGE (object);

  g_clear_handle_id (&self->url_timeout_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->list_cancellable != NULL)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->list_cancellable);
  g_clear_object (&self->marketplaces);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->credentials);
  g_clear_object (&self->settings);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_LOGIN_PAGE);

  G_OBJECT_CLASS (mp_login_page_parent_class)->dispose (object);
}

static void
mp_login_page_finalize (GObject *object)
{
  MpLoginPage *self = MP_LOGIN_PAGE (object);

  g_clear_pointer (&self->marketplaces_root, g_free);
  g_clear_pointer (&self->pending_root, g_free);
  g_clear_pointer (&self->error_text, g_free);

  G_OBJECT_CLASS (mp_login_page_parent_class)->finalize (object);
}

static void
mp_login_page_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MpLoginPage *self = MP_LOGIN_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_login_page_class_init (MpLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_login_page_dispose;
  object_class->finalize = mp_login_page_finalize;
  object_class->get_property = mp_login_page_get_property;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Emitted with the signed-in MpClient. */
  signals[SIGNAL_SIGNED_IN] =
    g_signal_new ("signed-in", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MP_TYPE_CLIENT);
  /* A message for a toast, after the page is gone (e.g. no keyring). */
  signals[SIGNAL_NOTICE] =
    g_signal_new ("notice", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE_PATH "/mp-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, logo);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, correlation_label);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, marketplace_row);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, key_row);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, remember_row);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, remember_switch);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, MpLoginPage, demo_account_row);
  gtk_widget_class_bind_template_callback (widget_class, server_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, url_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "login.sign-in", NULL, sign_in_action);
  gtk_widget_class_install_action (widget_class, "login.try-demo", NULL, try_demo_action);
}

static void
mp_login_page_init (MpLoginPage *self)
{
  g_autoptr(GtkExpression) expression = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_image_set_from_icon_name (self->logo, APP_ID_BASE);
  self->settings = g_settings_new (APP_ID_BASE);
  self->credentials = mp_credentials_new ();

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (marketplace_label), NULL, NULL);
  adw_combo_row_set_expression (self->marketplace_row, expression);
  gtk_widget_set_visible (GTK_WIDGET (self->marketplace_row), FALSE);

  update_sign_in (self);
}

GtkWidget *
mp_login_page_new (MpDemoServer *demo_server)
{
  MpLoginPage *self;

  g_return_val_if_fail (MP_IS_DEMO_SERVER (demo_server), NULL);

  self = g_object_new (MP_TYPE_LOGIN_PAGE, NULL);
  self->demo_server = g_object_ref (demo_server);
  return GTK_WIDGET (self);
}

gboolean
mp_login_page_get_busy (MpLoginPage *self)
{
  g_return_val_if_fail (MP_IS_LOGIN_PAGE (self), FALSE);
  return self->busy;
}

/* The text of the error shown in place, or NULL. For tests. */
const char *
mp_login_page_get_error_text (MpLoginPage *self)
{
  g_return_val_if_fail (MP_IS_LOGIN_PAGE (self), NULL);
  return self->error_text;
}

/* Starts the demo marketplace if needed and signs in with a demo account. */
void
mp_login_page_sign_in_demo (MpLoginPage   *self,
                            MpDemoAccount  account)
{
  g_return_if_fail (MP_IS_LOGIN_PAGE (self));
  g_return_if_fail (account <= MP_DEMO_ACCOUNT_CUSTOMER);

  show_error (self, NULL, NULL);
  adw_combo_row_set_selected (self->demo_account_row, account);
  adw_combo_row_set_selected (self->server_row, SERVER_DEMO);
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), demo_accounts[account].user);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), demo_accounts[account].password);
  gtk_editable_set_text (GTK_EDITABLE (self->key_row), DEMO_SUBSCRIPTION_KEY);

  self->sign_in_when_ready = TRUE;
  load_marketplaces (self);
}

/* Selects a custom API address (market-panel --server URL). */
void
mp_login_page_use_server (MpLoginPage *self,
                          const char  *url)
{
  g_return_if_fail (MP_IS_LOGIN_PAGE (self));
  g_return_if_fail (url != NULL);

  adw_combo_row_set_selected (self->server_row, SERVER_CUSTOM);
  gtk_editable_set_text (GTK_EDITABLE (self->url_row), url);
}

/* Fills the form from the last sign-in and, when the keyring remembers the
 * password, signs in again at once.
 */
void
mp_login_page_restore (MpLoginPage *self)
{
  g_autofree char *server = NULL;
  g_autofree char *user = NULL;
  g_autofree char *code = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (MP_IS_LOGIN_PAGE (self));

  server = g_settings_get_string (self->settings, "last-server-url");
  user = g_settings_get_string (self->settings, "last-user");
  code = g_settings_get_string (self->settings, "last-marketplace");

  if (*server != '\0')
    mp_login_page_use_server (self, server);
  else
    load_marketplaces (self);
  if (*user == '\0')
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->user_row), user);
  id = mp_login_page_credentials_id (server, *code != '\0' ? code : "US");

  mp_credentials_lookup_async (self->credentials, id, user, NULL, lookup_cb, g_object_ref (self));
}

static void
forget_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mp_credentials_clear_finish (MP_CREDENTIALS (object), result, &error))
    g_message ("Could not forget the saved password: %s", error->message);
}

/* Signing out forgets the password the keyring remembers for the user
 * signed out of marketplace CODE, at once: the next start asks for it.
 */
void
mp_login_page_forget_password (MpLoginPage *self,
                               const char  *code)
{
  g_autofree char *id = NULL;

  g_return_if_fail (MP_IS_LOGIN_PAGE (self));
  g_return_if_fail (code != NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  gtk_switch_set_active (self->remember_switch, FALSE);
  if (self->keyring_missing)
    return;

  /* The item remember() stored: the same address, marketplace and user. */
  id = form_credentials_id (self, code);
  mp_credentials_clear_async (self->credentials, id, entry_text (self->user_row), NULL,
                              forget_cb, NULL);
}
