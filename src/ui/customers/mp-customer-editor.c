/* mp-customer-editor.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-customer-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-customer-editor.h"
#include "mp-error-box.h"

/* The New Customer form: the SimpleAPI customer fields, checked as the user
 * types. When the server still refuses, its message goes to the field it
 * names (“contactPersons[0].email” -> the E-mail row) or, when it names
 * none, to the top of the form with the correlation ID.
 */

typedef enum
{
  FIELD_NAME,
  FIELD_EXTERNAL_ID,
  FIELD_TAX_REG_ID,
  FIELD_LANGUAGE,
  FIELD_STREET,
  FIELD_POSTAL_CODE,
  FIELD_CITY,
  FIELD_STATE,
  FIELD_COUNTRY,
  FIELD_FIRST_NAME,
  FIELD_LAST_NAME,
  FIELD_EMAIL,
  FIELD_PHONE,
  FIELD_LOGIN,
  FIELD_PASSWORD,
  N_FIELDS
} Field;

typedef enum
{
  CHECK_NONE,
  CHECK_LANGUAGE,
  CHECK_COUNTRY,
  CHECK_EMAIL,
  CHECK_LOGIN,
  CHECK_PASSWORD,
} Check;

typedef struct
{
  const char *key;       /* the API field name, as the server's messages quote it */
  const char *title;
  int         group;     /* 0 account, 1 address, 2 contact, 3 login */
  gboolean    required;
  Check       check;
  const char *initial;
} FieldInfo;

static const FieldInfo fields[N_FIELDS] = {
  [FIELD_NAME] = { "name", N_("Account Name"), 0, TRUE, CHECK_NONE, NULL },
  [FIELD_EXTERNAL_ID] = { "externalId", N_("External ID"), 0, FALSE, CHECK_NONE, NULL },
  [FIELD_TAX_REG_ID] = { "taxRegId", N_("Tax Registration ID"), 0, FALSE, CHECK_NONE, NULL },
  [FIELD_LANGUAGE] = { "language", N_("Language"), 0, TRUE, CHECK_LANGUAGE, "en" },
  [FIELD_STREET] = { "streetAddress", N_("Street Address"), 1, TRUE, CHECK_NONE, NULL },
  [FIELD_POSTAL_CODE] = { "postalCode", N_("Postal Code"), 1, TRUE, CHECK_NONE, NULL },
  [FIELD_CITY] = { "city", N_("City"), 1, TRUE, CHECK_NONE, NULL },
  [FIELD_STATE] = { "state", N_("State"), 1, FALSE, CHECK_NONE, NULL },
  [FIELD_COUNTRY] = { "countryCode", N_("Country Code"), 1, TRUE, CHECK_COUNTRY, NULL },
  [FIELD_FIRST_NAME] = { "firstName", N_("First Name"), 2, TRUE, CHECK_NONE, NULL },
  [FIELD_LAST_NAME] = { "lastName", N_("Last Name"), 2, TRUE, CHECK_NONE, NULL },
  [FIELD_EMAIL] = { "email", N_("E-mail"), 2, TRUE, CHECK_EMAIL, NULL },
  [FIELD_PHONE] = { "phoneNumber", N_("Phone"), 2, TRUE, CHECK_NONE, NULL },
  [FIELD_LOGIN] = { "login", N_("Login"), 3, FALSE, CHECK_LOGIN, NULL },
  [FIELD_PASSWORD] = { "password", N_("Password"), 3, FALSE, CHECK_PASSWORD, NULL },
};

struct _MpCustomerEditor
{
  AdwWindow             parent_instance;

  /* Template Widgets */
  GtkStack             *create_stack;
  GtkButton            *create_button;
  MpErrorBox           *error_box;
  AdwPreferencesPage   *prefs_page;
  AdwPreferencesGroup  *account_group;
  AdwPreferencesGroup  *address_group;
  AdwPreferencesGroup  *contact_group;
  AdwPreferencesGroup  *login_group;
  GtkLabel             *reason_label;

  /* Borrowed */
  AdwEntryRow          *rows[N_FIELDS];
  GtkImage             *icons[N_FIELDS];

  /* Owned References */
  MpSession            *session;
  GCancellable         *cancellable;
  char                 *server_errors[N_FIELDS];  /* the server's refusal, until edited */

  /* State */
  gboolean              touched[N_FIELDS];        /* edited since the form opened */
};

G_DEFINE_FINAL_TYPE (MpCustomerEditor, mp_customer_editor, ADW_TYPE_WINDOW)

enum {
  SIGNAL_CUSTOMER_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
row_text (MpCustomerEditor *self,
          Field             field)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->rows[field]))));
}

static gboolean
is_email (const char *text)
{
  const char *at = strchr (text, '@');

  /* The shape only: something@something.something, no spaces. */
  return at != NULL && at != text && strchr (at + 1, '@') == NULL &&
         strchr (at + 1, '.') != NULL && at[1] != '.' && !g_str_has_suffix (text, ".") &&
         strpbrk (text, " \t") == NULL;
}

/* Returns why the text of FIELD is not acceptable, or NULL. */
static char *
field_problem (MpCustomerEditor *self,
               Field             field)
{
  const FieldInfo *info = &fields[field];
  g_autofree char *text = row_text (self, field);
  g_autofree char *login = NULL;
  g_autofree char *password = NULL;

  if (*text == '\0')
    {
      if (info->required)
        /* Translators: %s is a field's title, "City". */
        return g_strdup_printf (_("%s is required."), _(info->title));
      if (field == FIELD_LOGIN || field == FIELD_PASSWORD)
        {
          login = row_text (self, FIELD_LOGIN);
          password = row_text (self, FIELD_PASSWORD);
          if (field == FIELD_LOGIN && *password != '\0')
            return g_strdup (_("A login is needed with a password."));
          if (field == FIELD_PASSWORD && *login != '\0')
            return g_strdup (_("A password is needed with a login."));
        }
      return NULL;
    }

  switch (info->check)
    {
    case CHECK_LANGUAGE:
      if (strlen (text) < 2 || strlen (text) > 5 || !g_ascii_isalpha (text[0]) || !g_ascii_isalpha (text[1]))
        return g_strdup (_("The language is a code such as “en” or “de”."));
      break;

    case CHECK_COUNTRY:
      if (strlen (text) != 2 || !g_ascii_isalpha (text[0]) || !g_ascii_isalpha (text[1]))
        return g_strdup (_("The country code has two letters (ISO 3166), such as “US” or “DE”."));
      break;

    case CHECK_EMAIL:
      if (!is_email (text))
        return g_strdup (_("This is not an e-mail address."));
      break;

    case CHECK_LOGIN:
      if (g_utf8_strlen (text, -1) < 3 || g_utf8_strlen (text, -1) > 64)
        return g_strdup (_("A login has 3 to 64 characters."));
      break;

    case CHECK_PASSWORD:
      if (g_utf8_strlen (text, -1) < 8)
        return g_strdup (_("A password has at least 8 characters."));
      break;

    case CHECK_NONE:
    default:
      break;
    }
  return NULL;
}

/* Shows each field's state; returns the first problem of the form. */
static void
update_validity (MpCustomerEditor *self)
{
  g_autofree char *first = NULL;
  gboolean valid = TRUE;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      g_autofree char *problem = field_problem (self, i);
      g_autofree char *text = row_text (self, i);
      const char *shown = self->server_errors[i] != NULL ? self->server_errors[i] : problem;
      /* An untouched empty required field is not an error yet: it only
       * keeps Create disabled, so that a new form is not all red.
       */
      gboolean touched = self->touched[i];
      gboolean show = shown != NULL && (touched || self->server_errors[i] != NULL || *text != '\0');

      if (problem != NULL || self->server_errors[i] != NULL)
        {
          valid = FALSE;
          if (first == NULL)
            first = g_strdup (shown);
        }
      if (show)
        gtk_widget_add_css_class (GTK_WIDGET (self->rows[i]), "error");
      else
        gtk_widget_remove_css_class (GTK_WIDGET (self->rows[i]), "error");
      gtk_widget_set_visible (GTK_WIDGET (self->icons[i]), show);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->icons[i]), show ? shown : NULL);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->rows[i]), show ? shown : NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->rows[i]),
                                      GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, show ? shown : "",
                                      -1);
    }

  gtk_label_set_text (self->reason_label, first != NULL ? first : "");
  for (guint i = 0; i < N_FIELDS; i++)
    if (self->server_errors[i] != NULL)
      {
        gtk_widget_add_css_class (GTK_WIDGET (self->reason_label), "error");
        break;
      }
    else if (i == N_FIELDS - 1)
      gtk_widget_remove_css_class (GTK_WIDGET (self->reason_label), "error");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "editor.create",
                                 valid && self->cancellable == NULL);
}

static void
row_changed_cb (MpCustomerEditor *self,
                GtkEditable      *row)
{
  for (guint i = 0; i < N_FIELDS; i++)
    if ((GtkEditable *) self->rows[i] == row)
      {
        self->touched[i] = TRUE;
        g_clear_pointer (&self->server_errors[i], g_free);
        /* Login and password go together: a refusal of one is about both. */
        if (i == FIELD_LOGIN)
          g_clear_pointer (&self->server_errors[FIELD_PASSWORD], g_free);
        if (i == FIELD_PASSWORD)
          g_clear_pointer (&self->server_errors[FIELD_LOGIN], g_free);
      }
  update_validity (self);
}

/* Finds which field a server message names: the quoted field path
 * ("The field “contactPersons[0].email” is not an e-mail address."), or
 * the words of the login rules. -1 when it names none.
 */
static int
field_of_message (const char *message)
{
  const char *open = strstr (message, "“");
  const char *close = open != NULL ? strstr (open, "”") : NULL;

  if (open != NULL && close != NULL)
    {
      g_autofree char *path = g_strndup (open + strlen ("“"), close - open - strlen ("“"));
      const char *last = strrchr (path, '.');
      const char *key = last != NULL ? last + 1 : path;

      for (guint i = 0; i < N_FIELDS; i++)
        if (g_strcmp0 (fields[i].key, key) == 0)
          return i;
    }
  if (strstr (message, "login") != NULL || strstr (message, "Login") != NULL)
    return FIELD_LOGIN;
  if (strstr (message, "password") != NULL || strstr (message, "Password") != NULL)
    return FIELD_PASSWORD;
  return -1;
}

/* Brings ROW into view: the server's refusal may concern a field far
 * below the one the user looks at.
 */
static void
scroll_to_row (MpCustomerEditor *self,
               GtkWidget        *row)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (row, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment;
  double x, y;

  if (scrolled == NULL)
    return;
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  if (!gtk_widget_translate_coordinates (row, scrolled, 0, 0, &x, &y))
    return;
  /* Y is relative to what is shown now. */
  y += gtk_adjustment_get_value (adjustment);
  gtk_adjustment_clamp_page (adjustment, y - 24, y + gtk_widget_get_height (row) + 24);
}

static void
create_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  MpCustomerEditor *self;
  g_autoptr(MpCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;
  int field;

  customer = mp_client_create_customer_finish (MP_CLIENT (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = MP_CUSTOMER_EDITOR (user_data);
  g_clear_object (&self->cancellable);
  gtk_stack_set_visible_child_name (self->create_stack, "button");

  if (customer == NULL)
    {
      field = field_of_message (error->message);
      if (field >= 0 &&
          (g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_VALIDATION) ||
           g_error_matches (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_CONFLICT)))
        {
          g_free (self->server_errors[field]);
          self->server_errors[field] = g_strdup (error->message);
          mp_error_box_clear (self->error_box);
          if (gtk_window_is_active (GTK_WINDOW (self)))
            gtk_widget_grab_focus (GTK_WIDGET (self->rows[field]));
          scroll_to_row (self, GTK_WIDGET (self->rows[field]));
        }
      else
        mp_error_box_set_error (self->error_box, _("Could Not Create the Customer"), error);
      update_validity (self);
      return;
    }

  g_signal_emit (self, signals[SIGNAL_CUSTOMER_CREATED], 0, customer);
  /* Leave no entry focused: GTK 4.8 warns when a focused text goes away
   * with its window.
   */
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_close (GTK_WINDOW (self));
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MpCustomerEditor *self = MP_CUSTOMER_EDITOR (widget);
  g_autoptr(MpCustomer) customer = mp_customer_new ();
  g_autofree char *values[N_FIELDS] = { NULL, };
  MpClient *client = mp_session_get_client (self->session);

  if (self->cancellable != NULL)
    return;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      values[i] = row_text (self, i);
      if (*values[i] == '\0')
        g_clear_pointer (&values[i], g_free);
    }
  if (values[FIELD_COUNTRY] != NULL)
    {
      char *upper = g_ascii_strup (values[FIELD_COUNTRY], -1);

      g_free (values[FIELD_COUNTRY]);
      values[FIELD_COUNTRY] = upper;
    }

  mp_customer_set_name (customer, values[FIELD_NAME]);
  mp_customer_set_external_id (customer, values[FIELD_EXTERNAL_ID]);
  mp_customer_set_tax_reg_id (customer, values[FIELD_TAX_REG_ID]);
  mp_customer_set_language (customer, values[FIELD_LANGUAGE]);
  mp_customer_set_street_address (customer, values[FIELD_STREET]);
  mp_customer_set_postal_code (customer, values[FIELD_POSTAL_CODE]);
  mp_customer_set_city (customer, values[FIELD_CITY]);
  mp_customer_set_state (customer, values[FIELD_STATE]);
  mp_customer_set_country_code (customer, values[FIELD_COUNTRY]);
  mp_customer_set_first_name (customer, values[FIELD_FIRST_NAME]);
  mp_customer_set_last_name (customer, values[FIELD_LAST_NAME]);
  mp_customer_set_email (customer, values[FIELD_EMAIL]);
  mp_customer_set_phone (customer, values[FIELD_PHONE]);
  mp_customer_set_login (customer, values[FIELD_LOGIN]);
  mp_customer_set_password (customer, values[FIELD_PASSWORD]);

  /* The form owns the values; wipe the password copy now. */
  if (values[FIELD_PASSWORD] != NULL)
    memset (values[FIELD_PASSWORD], 0, strlen (values[FIELD_PASSWORD]));
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&values[i], g_free);

  mp_error_box_clear (self->error_box);
  self->cancellable = g_cancellable_new ();
  gtk_stack_set_visible_child_name (self->create_stack, "busy");
  update_validity (self);
  mp_client_create_customer_async (client, customer, self->cancellable, create_cb, self);
}

static void
mp_customer_editor_dispose (GObject *object)
{
  MpCustomerEditor *self = MP_CUSTOMER_EDITOR (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_CUSTOMER_EDITOR);

  g_clear_object (&self->session);
  for (guint i = 0; i < N_FIELDS; i++)
    g_clear_pointer (&self->server_errors[i], g_free);

  G_OBJECT_CLASS (mp_customer_editor_parent_class)->dispose (object);
}

static void
mp_customer_editor_class_init (MpCustomerEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_customer_editor_dispose;

  /**
   * MpCustomerEditor::customer-created:
   * @customer: the customer as the server created it
   */
  signals[SIGNAL_CUSTOMER_CREATED] =
    g_signal_new ("customer-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, MP_TYPE_CUSTOMER);

  g_type_ensure (MP_TYPE_ERROR_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/customers/mp-customer-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, create_stack);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, create_button);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, prefs_page);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, account_group);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, address_group);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, contact_group);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, login_group);
  gtk_widget_class_bind_template_child (widget_class, MpCustomerEditor, reason_label);

  gtk_widget_class_install_action (widget_class, "editor.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
mp_customer_editor_init (MpCustomerEditor *self)
{
  AdwPreferencesGroup *groups[4];

  gtk_widget_init_template (GTK_WIDGET (self));

  groups[0] = self->account_group;
  groups[1] = self->address_group;
  groups[2] = self->contact_group;
  groups[3] = self->login_group;

  for (guint i = 0; i < N_FIELDS; i++)
    {
      GtkWidget *row = i == FIELD_PASSWORD ? adw_password_entry_row_new () : adw_entry_row_new ();
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");
      g_autofree char *title = fields[i].required
                               /* Translators: a required field's title. */
                               ? g_strdup_printf (_("%s (required)"), _(fields[i].title))
                               : g_strdup (_(fields[i].title));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_name (row, fields[i].key);
      if (fields[i].initial != NULL)
        gtk_editable_set_text (GTK_EDITABLE (row), fields[i].initial);
      gtk_widget_add_css_class (icon, "error");
      gtk_widget_set_visible (icon, FALSE);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), icon);
      adw_preferences_group_add (groups[fields[i].group], row);
      self->rows[i] = ADW_ENTRY_ROW (row);
      self->icons[i] = GTK_IMAGE (icon);
      g_signal_connect_object (row, "changed", G_CALLBACK (row_changed_cb), self, G_CONNECT_SWAPPED);
    }
  adw_entry_row_set_input_purpose (self->rows[FIELD_EMAIL], GTK_INPUT_PURPOSE_EMAIL);
  adw_entry_row_set_input_purpose (self->rows[FIELD_PHONE], GTK_INPUT_PURPOSE_PHONE);

  update_validity (self);
}

GtkWidget *
mp_customer_editor_new (MpSession *session)
{
  MpCustomerEditor *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);

  self = g_object_new (MP_TYPE_CUSTOMER_EDITOR, NULL);
  self->session = g_object_ref (session);
  return GTK_WIDGET (self);
}
