/* mp-test-helpers.h: fixture and widget look-ups shared by the customers
 * and storefront UI tests (static functions, included once per test).
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <string.h>

#include "mp-api.h"
#include "mp-session.h"
#include "mp-test-server.h"
#include "mp-test-ui.h"

#define TIMEOUT_MS   20000
#define RESELLER     "demo-reseller"
#define RESELLER_PW  "Demo-Reseller-1"
#define KEY          "demo-subscription-key"

typedef struct
{
  MpTestServer *server;
  MpClient     *client;
  MpSession    *session;
  GtkWindow    *window;
  GPtrArray    *activations;   /* "action parameter" strings */
} Fixture;

static void
record_action_cb (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->activations,
                   g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)),
                                    parameter != NULL ? g_variant_get_string (parameter, NULL) : ""));
}

static G_GNUC_UNUSED const char *
last_parameter (Fixture    *fixture,
                const char *action)
{
  for (guint i = fixture->activations->len; i > 0; i--)
    {
      const char *a = g_ptr_array_index (fixture->activations, i - 1);

      if (g_str_has_prefix (a, action) && a[strlen (action)] == ' ')
        return a + strlen (action) + 1;
    }
  return NULL;
}

static void
login_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(MpAccount) account = mp_client_login_finish (MP_CLIENT (object), result, error);

  g_object_set_data (object, "test-logged-in", GINT_TO_POINTER (TRUE));
}

static G_GNUC_UNUSED MpClient *
login (Fixture    *fixture,
       const char *marketplace,
       const char *user,
       const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = mp_test_server_get_base_url (fixture->server, marketplace);
  MpClient *client = mp_client_new (base_url, marketplace, user, password, KEY);

  mp_client_login_async (client, NULL, login_cb, &error);
  MP_WAIT_UNTIL (g_object_get_data (G_OBJECT (client), "test-logged-in") != NULL, TIMEOUT_MS);
  g_assert_no_error (error);
  return client;
}

static G_GNUC_UNUSED void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  const char *args[] = { "--provision-step-ms", "20", NULL };
  static const GActionEntry entries[] = {
    { "open-subscription", record_action_cb, "s" },
    { "open-order", record_action_cb, "s" },
    { "open-customer", record_action_cb, "s" },
    { "change-limits", record_action_cb, "s" },
    { "show-section", record_action_cb, "s" },
    { "go-back", record_action_cb, NULL },
  };

  fixture->server = mp_test_server_start (args, &error);
  g_assert_no_error (error);
  fixture->client = login (fixture, "US", RESELLER, RESELLER_PW);
  fixture->session = mp_session_new (fixture->client);

  fixture->activations = g_ptr_array_new_with_free_func (g_free);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), fixture);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 720);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));
  gtk_window_present (fixture->window);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), TIMEOUT_MS);
}

static G_GNUC_UNUSED void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Close what the test left open (dialogs, wizards, the cart). */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  mp_session_close (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->activations, g_ptr_array_unref);
  g_clear_pointer (&fixture->server, mp_test_server_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static G_GNUC_UNUSED void
show_page (Fixture   *fixture,
           GtkWidget *page)
{
  gtk_window_set_child (fixture->window, page);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (page), TIMEOUT_MS);
  /* Without a window manager, a second window (a dialog) takes the focus
   * without the first one hearing of it; a text entry left focused there
   * then warns when the focus comes back. Start with nothing focused.
   */
  gtk_window_set_focus (fixture->window, NULL);
}

static G_GNUC_UNUSED gpointer
child (gpointer    widget,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name);

  g_assert_nonnull (object);
  return object;
}

/* The first widget of TYPE below ROOT (depth first), or NULL. */
static G_GNUC_UNUSED gpointer
find_widget (GtkWidget *root,
             GType      type)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      gpointer found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
      if ((found = find_widget (w, type)) != NULL)
        return found;
    }
  return NULL;
}

static G_GNUC_UNUSED gpointer
find_named (GtkWidget  *root,
            const char *name)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      gpointer found;

      if (g_strcmp0 (gtk_widget_get_name (w), name) == 0)
        return w;
      if ((found = find_named (w, name)) != NULL)
        return found;
    }
  return NULL;
}

/* The open toplevel of TYPE, or NULL. */
static G_GNUC_UNUSED gpointer
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static G_GNUC_UNUSED gboolean
label_contains (GtkWidget  *root,
                const char *text)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) &&
          strstr (gtk_label_get_text (GTK_LABEL (w)), text) != NULL)
        return TRUE;
      if (label_contains (w, text))
        return TRUE;
    }
  return FALSE;
}

static G_GNUC_UNUSED guint
count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (list)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LIST_BOX_ROW (w))
      n++;
  return n;
}

static G_GNUC_UNUSED GtkListBoxRow *
row_titled (GtkListBox *list,
            const char *title)
{
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (list)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_PREFERENCES_ROW (w) &&
        strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), title) != NULL)
      return GTK_LIST_BOX_ROW (w);
  return NULL;
}

static G_GNUC_UNUSED void
render (GtkWidget  *widget,
        const char *name)
{
  g_autoptr(GError) error = NULL;
  gint64 end = g_get_monotonic_time () + 300 * 1000;

  /* Let spinners, relayouts and the first frame settle. */
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  gtk_test_widget_wait_for_draw (widget);
  mp_test_render_png (widget, name, &error);
  g_assert_no_error (error);
}

static G_GNUC_UNUSED void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}
