/* test-customers.c: the reseller's Customers section against the real server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-customer-editor.h"
#include "mp-customer-page.h"
#include "mp-customers-page.h"
#include "mp-error-box.h"
#include "mp-plan-lookup-dialog.h"
#include "mp-test-helpers.h"

static void
set_field (GtkWidget  *editor,
           const char *key,
           const char *text)
{
  GtkWidget *row = find_named (editor, key);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static gboolean
field_has_error (GtkWidget  *editor,
                 const char *key)
{
  return gtk_widget_has_css_class (find_named (editor, key), "error");
}

static gboolean
create_enabled (GtkWidget *editor)
{
  return gtk_widget_get_sensitive (child (editor, "create_button"));
}

static guint
n_shown (GtkWidget *page)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (child (page, "column_view"))));
}

/* Lists, searches (name, e-mail, external ID) and opens a customer. */
static void
test_list_and_search (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *page = mp_customers_page_new (fixture->session);
  GtkWidget *search;
  GtkColumnView *view;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (child (page, "stack")), "list") == 0 &&
                 n_shown (page) >= 3, TIMEOUT_MS);
  render (GTK_WIDGET (fixture->window), "customers.png");

  search = child (page, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "acme");
  MP_WAIT_UNTIL (n_shown (page) == 1, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (search), "globex-nope");
  MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (child (page, "stack")), "no-results") == 0, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (search), "");
  MP_WAIT_UNTIL (n_shown (page) >= 3, TIMEOUT_MS);

  view = child (page, "column_view");
  g_signal_emit_by_name (view, "activate", 0);
  g_assert_nonnull (last_parameter (fixture, "open-customer"));
}

/* Bad input is caught as the user types; the server's refusal (a login
 * already taken) goes to its field; fixing it creates the customer.
 */
static void
test_create_customer (Fixture       *fixture,
                      gconstpointer  data)
{
  GtkWidget *page = mp_customers_page_new (fixture->session);
  GtkWidget *editor;
  GtkWidget *search;

  show_page (fixture, page);
  MP_WAIT_UNTIL (g_strcmp0 (gtk_stack_get_visible_child_name (child (page, "stack")), "list") == 0, TIMEOUT_MS);

  g_assert_true (gtk_widget_activate_action (page, "customers.new", NULL));
  MP_WAIT_UNTIL ((editor = find_toplevel (MP_TYPE_CUSTOMER_EDITOR)) != NULL, TIMEOUT_MS);
  /* Tall enough for the screenshot to show every field. */
  gtk_window_set_default_size (GTK_WINDOW (editor), 560, 1240);
  g_assert_false (create_enabled (editor));

  set_field (editor, "name", "Contoso Pharmaceuticals");
  set_field (editor, "externalId", "CRM-4711");
  set_field (editor, "streetAddress", "1 Main Street");
  set_field (editor, "postalCode", "98052");
  set_field (editor, "city", "Redmond");
  set_field (editor, "state", "WA");
  set_field (editor, "countryCode", "USA");
  set_field (editor, "firstName", "Jane");
  set_field (editor, "lastName", "Doe");
  set_field (editor, "email", "jane.doe@");
  set_field (editor, "phoneNumber", "+1 425 555 0100");
  set_field (editor, "login", "acme-admin");
  set_field (editor, "password", "Contoso-Pass-1");

  /* Checked as typed: a three-letter country and a half e-mail. */
  g_assert_true (field_has_error (editor, "countryCode"));
  g_assert_true (field_has_error (editor, "email"));
  g_assert_false (field_has_error (editor, "city"));
  g_assert_false (create_enabled (editor));

  set_field (editor, "countryCode", "us");
  set_field (editor, "email", "jane.doe@contoso.example");
  g_assert_false (field_has_error (editor, "countryCode"));
  g_assert_false (field_has_error (editor, "email"));
  g_assert_true (create_enabled (editor));

  /* The login is taken: the server refuses (409), the Login row says so. */
  g_assert_true (gtk_widget_activate_action (editor, "editor.create", NULL));
  MP_WAIT_UNTIL (field_has_error (editor, "login"), TIMEOUT_MS);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (find_named (editor, "login")), "already taken"));
  g_assert_true (label_contains (editor, "already taken"));
  g_assert_false (create_enabled (editor));
  render (editor, "new-customer.png");

  set_field (editor, "login", "contoso-admin");
  g_assert_false (field_has_error (editor, "login"));
  g_assert_true (create_enabled (editor));
  g_assert_true (gtk_widget_activate_action (editor, "editor.create", NULL));
  MP_WAIT_UNTIL (find_toplevel (MP_TYPE_CUSTOMER_EDITOR) == NULL, TIMEOUT_MS);

  /* The list reloads with the new customer, found by its external ID. */
  search = child (page, "search_entry");
  gtk_editable_set_text (GTK_EDITABLE (search), "crm-4711");
  MP_WAIT_UNTIL (n_shown (page) == 1, TIMEOUT_MS);
  gtk_editable_set_text (GTK_EDITABLE (search), "jane.doe@contoso");
  MP_WAIT_UNTIL (n_shown (page) == 1, TIMEOUT_MS);

  /* The new login works. */
  {
    g_autoptr(MpClient) customer = login (fixture, "US", "contoso-admin", "Contoso-Pass-1");

    g_assert_false (mp_account_is_reseller (mp_client_get_account (customer)));
    g_assert_cmpstr (mp_account_get_name (mp_client_get_account (customer)), ==, "Contoso Pharmaceuticals");
  }
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 77;
  /* GTK 4.8's cursor blink warns when a window loses the focus without a
   * window manager to say so (Xvfb); blinking is not what is tested.
   */
  g_object_set (gtk_settings_get_default (), "gtk-cursor-blink", FALSE, NULL);

  g_test_add ("/ui/customers/list-and-search", Fixture, NULL, setup, test_list_and_search, teardown);
  g_test_add ("/ui/customers/create", Fixture, NULL, setup, test_create_customer, teardown);

  return g_test_run ();
}
