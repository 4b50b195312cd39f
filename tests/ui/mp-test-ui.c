/* mp-test-ui.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"
#include "mp-a11y.h"
#include "mp-mirror.h"
#include "mp-page-util.h"

#include <adwaita.h>
#include <locale.h>
#include <stdlib.h>

gboolean
mp_test_wake_cb (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static char *data_dir;

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;

  children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  while (children != NULL &&
         (info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
    {
      g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

      remove_tree (child);
      g_object_unref (info);
    }
  g_file_delete (file, NULL, NULL);
}

static void
remove_data_dir (void)
{
  g_autoptr(GFile) dir = g_file_new_for_path (data_dir);

  remove_tree (dir);
  g_clear_pointer (&data_dir, g_free);
}

/* The demo marketplace keeps its database under the user's data folder:
 * every test program gets a fresh one, removed when it exits.
 */
static void
isolate_data_dir (void)
{
  g_autoptr(GError) error = NULL;

  data_dir = g_dir_make_tmp ("market-panel-test-XXXXXX", &error);
  g_assert_no_error (error);
  g_setenv ("XDG_DATA_HOME", data_dir, TRUE);
  atexit (remove_data_dir);
}

/* gtk_test_init() aborts without a display. Tests must fail in CI then, not
 * skip: the harness always provides Xvfb, so a missing display is a broken
 * environment. Returns FALSE only when MP_TEST_ALLOW_NO_DISPLAY is set,
 * having said that the program is skipped: main() then returns 0.
 */
gboolean
mp_test_init_gtk (int    *argc,
                  char ***argv)
{
  g_test_init (argc, argv, NULL);
  isolate_data_dir ();
  gtk_disable_setlocale ();
  setlocale (LC_ALL, "C.UTF-8");

  if (!gtk_init_check ())
    {
      if (g_getenv ("MP_TEST_ALLOW_NO_DISPLAY") != NULL)
        {
          /* In TAP, the whole program is skipped. */
          g_print ("1..0 # SKIP no display\n");
          return FALSE;
        }
      g_error ("No display: run the UI tests under xvfb-run (see build-aux/test)");
    }

  adw_init ();
  /* The accessible-name fixes the application installs at startup. */
  mp_a11y_init ();
  /* GTK's default settings, animations on, as users have them: a page
   * switch finishes after its transition, so tests wait for the effect.
   */
  return TRUE;
}

/* Screenshots go to $MP_TEST_ARTIFACTS_DIR (the CI script points it into
 * the build directory) or the test's build directory.
 */
char *
mp_test_artifact_path (const char *name)
{
  const char *dir = g_getenv ("MP_TEST_ARTIFACTS_DIR");

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, name, NULL);
}

/* Renders WIDGET as it is on screen to NAME.png through the widget's own
 * renderer; the widget must be mapped and have been drawn once.
 */
gboolean
mp_test_render_png (GtkWidget   *widget,
                    const char  *name,
                    GError     **error)
{
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  gint64 end;
  guint wake;

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot render %s: it is not realized", G_OBJECT_TYPE_NAME (widget));
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  /* A window presented a moment ago may not have its first frame yet:
   * wait for one that draws something (2 s at most).
   */
  end = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  wake = g_timeout_add (10, mp_test_wake_cb, NULL);
  for (;;)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node != NULL || g_get_monotonic_time () > end)
        break;
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (wake);
  if (node == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Nothing was drawn");
      return FALSE;
    }

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = mp_test_artifact_path (name);
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

/* The fixture */

void
mp_test_ui_record_action_cb (GSimpleAction *action,
                             GVariant      *parameter,
                             gpointer       user_data)
{
  MpTestUiFixture *fixture = user_data;

  g_ptr_array_add (fixture->activations,
                   g_strdup_printf ("%s %s", g_action_get_name (G_ACTION (action)),
                                    parameter != NULL ? g_variant_get_string (parameter, NULL) : ""));
}

gboolean
mp_test_ui_was_activated (MpTestUiFixture *fixture,
                          const char      *activation)
{
  for (guint i = 0; i < fixture->activations->len; i++)
    if (g_strcmp0 (g_ptr_array_index (fixture->activations, i), activation) == 0)
      return TRUE;
  return FALSE;
}

gboolean
mp_test_ui_was_activated_prefix (MpTestUiFixture *fixture,
                                 const char      *prefix)
{
  return mp_test_ui_count_prefix (fixture, prefix) > 0;
}

guint
mp_test_ui_count_prefix (MpTestUiFixture *fixture,
                         const char      *prefix)
{
  guint n = 0;

  for (guint i = 0; i < fixture->activations->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (fixture->activations, i), prefix))
      n++;
  return n;
}

const char *
mp_test_ui_last_parameter (MpTestUiFixture *fixture,
                           const char      *action)
{
  for (guint i = fixture->activations->len; i > 0; i--)
    {
      const char *a = g_ptr_array_index (fixture->activations, i - 1);

      if (g_str_has_prefix (a, action) && a[strlen (action)] == ' ')
        return a + strlen (action) + 1;
    }
  return NULL;
}

guint16
mp_test_ui_free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, TRUE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

void
mp_test_ui_login_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(MpAccount) account = mp_client_login_finish (MP_CLIENT (object), result, error);

  if (account == NULL && *error == NULL)
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "no account");
  g_object_set_data (object, "test-logged-in", GINT_TO_POINTER (TRUE));
}

static MpClient *
login_with_timeout (MpTestUiFixture *fixture,
                    const char      *marketplace,
                    const char      *user,
                    const char      *password,
                    guint            timeout)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = mp_test_server_get_base_url (fixture->server, marketplace);
  MpClient *client = mp_client_new (base_url, marketplace, user, password, MP_TEST_KEY);

  /* Set before any connection is made: libsoup gives it to new ones. */
  if (timeout > 0)
    mp_client_set_timeout (client, timeout);
  mp_client_login_async (client, NULL, mp_test_ui_login_cb, &error);
  MP_WAIT_UNTIL (g_object_get_data (G_OBJECT (client), "test-logged-in") != NULL, MP_TEST_TIMEOUT_MS);
  g_assert_no_error (error);
  return client;
}

MpClient *
mp_test_ui_login (MpTestUiFixture *fixture,
                  const char      *marketplace,
                  const char      *user,
                  const char      *password)
{
  return login_with_timeout (fixture, marketplace, user, password, 0);
}

static void
session_changed_cb (MpSession       *session,
                    MpTestUiFixture *fixture)
{
  fixture->changed++;
}

void
mp_test_ui_fixture_setup (MpTestUiFixture     *fixture,
                          const MpTestUiSetup *setup)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *listen = NULL;
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *marketplace = setup->marketplace != NULL ? setup->marketplace : "US";
  static const GActionEntry entries[] = {
    { "open-subscription", mp_test_ui_record_action_cb, "s" },
    { "open-order", mp_test_ui_record_action_cb, "s" },
    { "open-customer", mp_test_ui_record_action_cb, "s" },
    { "change-limits", mp_test_ui_record_action_cb, "s" },
    { "switch-plan", mp_test_ui_record_action_cb, "s" },
    { "show-section", mp_test_ui_record_action_cb, "s" },
    { "go-back", mp_test_ui_record_action_cb, NULL },
  };

  if (setup->fixed_port)
    {
      fixture->port = mp_test_ui_free_port ();
      listen = g_strdup_printf ("127.0.0.1:%u", fixture->port);
      g_ptr_array_add (args, (gpointer) "--listen");
      g_ptr_array_add (args, listen);
    }
  for (guint i = 0; setup->server_args != NULL && setup->server_args[i] != NULL; i++)
    g_ptr_array_add (args, (gpointer) setup->server_args[i]);
  g_ptr_array_add (args, NULL);
  fixture->server = mp_test_server_start ((const char * const *) args->pdata, &error);
  g_assert_no_error (error);

  fixture->client = login_with_timeout (fixture, marketplace,
                                        setup->user != NULL ? setup->user : MP_TEST_RESELLER,
                                        setup->user != NULL ? setup->password : MP_TEST_RESELLER_PW,
                                        setup->timeout);
  /* The server may have the port of the last test's, whose local copy of
   * the lists (kept by address) is another marketplace's: none is kept.
   */
  if (!mp_mirror_delete_for_account (mp_client_get_base_url (fixture->client), marketplace,
                                     mp_client_get_user (fixture->client), &error))
    g_error ("Could not delete the last test's local copy: %s", error->message);
  fixture->session = mp_session_new (fixture->client);
  g_signal_connect (fixture->session, "changed", G_CALLBACK (session_changed_cb), fixture);

  fixture->activations = g_ptr_array_new_with_free_func (g_free);
  g_action_map_add_action_entries (G_ACTION_MAP (group), entries, G_N_ELEMENTS (entries), fixture);
  fixture->window = GTK_WINDOW (gtk_window_new ());
  gtk_window_set_default_size (fixture->window, 1000, 720);
  gtk_widget_insert_action_group (GTK_WIDGET (fixture->window), "win", G_ACTION_GROUP (group));
  gtk_window_present (fixture->window);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), MP_TEST_TIMEOUT_MS);
}

void
mp_test_ui_setup_reseller (MpTestUiFixture *fixture,
                           gconstpointer    data)
{
  MpTestUiSetup options = { .user = MP_TEST_RESELLER, .password = MP_TEST_RESELLER_PW, .server_args = data };

  mp_test_ui_fixture_setup (fixture, &options);
}

void
mp_test_ui_setup_customer (MpTestUiFixture *fixture,
                           gconstpointer    data)
{
  MpTestUiSetup options = { .user = MP_TEST_CUSTOMER, .password = MP_TEST_CUSTOMER_PW, .server_args = data };

  mp_test_ui_fixture_setup (fixture, &options);
}

void
mp_test_ui_setup_fixed_port (MpTestUiFixture *fixture,
                             gconstpointer    data)
{
  MpTestUiSetup options = {
    .user = MP_TEST_CUSTOMER, .password = MP_TEST_CUSTOMER_PW, .server_args = data, .fixed_port = TRUE,
  };

  mp_test_ui_fixture_setup (fixture, &options);
}

void
mp_test_ui_teardown (MpTestUiFixture *fixture,
                     gconstpointer    data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  /* Close what the test left open (dialogs, wizards, the cart). */
  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  fixture->window = NULL;
  g_signal_handlers_disconnect_by_func (fixture->session, session_changed_cb, fixture);
  mp_session_close (fixture->session);
  g_clear_object (&fixture->session);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->activations, g_ptr_array_unref);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&fixture->server, mp_test_server_free);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Screens */

void
mp_test_ui_show_page (MpTestUiFixture *fixture,
                      GtkWidget       *page)
{
  gtk_window_set_child (fixture->window, page);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (page), MP_TEST_TIMEOUT_MS);
  /* Without a window manager, a second window (a dialog) takes the focus
   * without the first one hearing of it; a text entry left focused there
   * then warns when the focus comes back. Start with nothing focused.
   */
  gtk_window_set_focus (fixture->window, NULL);
}

/* Whether a transition below ROOT is still on its way: a stack changing
 * pages, a revealer opening or closing (an info bar's too), a leaflet
 * sliding. Spinners spin for ever and are no transition.
 */
static gboolean
in_transition (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return FALSE;
  if (GTK_IS_STACK (root) && gtk_stack_get_transition_running (GTK_STACK (root)))
    return TRUE;
  if (GTK_IS_REVEALER (root) &&
      gtk_revealer_get_child_revealed (GTK_REVEALER (root)) != gtk_revealer_get_reveal_child (GTK_REVEALER (root)))
    return TRUE;
  if (ADW_IS_LEAFLET (root) && adw_leaflet_get_child_transition_running (ADW_LEAFLET (root)))
    return TRUE;
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (in_transition (w))
      return TRUE;
  return FALSE;
}

void
mp_test_ui_render (GtkWidget  *widget,
                   const char *name)
{
  g_autoptr(GError) error = NULL;

  /* What is due runs first (model updates, relayouts) and the transitions
   * it starts end; then a frame is drawn with their outcome, and the
   * picture taken.
   */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  MP_WAIT_UNTIL (!in_transition (widget), MP_TEST_TIMEOUT_MS);
  gtk_widget_queue_draw (widget);
  gtk_test_widget_wait_for_draw (widget);
  mp_test_render_png (widget, name, &error);
  g_assert_no_error (error);
}

/* Look-ups */

gpointer
mp_test_ui_child (gpointer    widget,
                  const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, G_OBJECT_TYPE (widget), name);

  g_assert_nonnull (object);
  return object;
}

const char *
mp_test_ui_visible_name (GtkWidget *page)
{
  return gtk_stack_get_visible_child_name (mp_test_ui_child (page, "stack"));
}

GListModel *
mp_test_ui_column_model (GtkWidget *page)
{
  return G_LIST_MODEL (gtk_column_view_get_model (mp_test_ui_child (page, "column_view")));
}

/* The first widget of TYPE below ROOT (depth first), or NULL. */
gpointer
mp_test_ui_find_widget (GtkWidget *root,
                        GType      type)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      gpointer found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
      if ((found = mp_test_ui_find_widget (w, type)) != NULL)
        return found;
    }
  return NULL;
}

/* The first widget below ROOT whose widget name is NAME, or NULL. */
gpointer
mp_test_ui_find_named (GtkWidget  *root,
                       const char *name)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      gpointer found;

      if (g_strcmp0 (gtk_widget_get_name (w), name) == 0)
        return w;
      if ((found = mp_test_ui_find_named (w, name)) != NULL)
        return found;
    }
  return NULL;
}

/* The shown toplevel of TYPE, or NULL. */
gpointer
mp_test_ui_find_toplevel (GType type)
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

/* A shown label below ROOT that reads TEXT, or NULL. */
GtkWidget *
mp_test_ui_find_label (GtkWidget  *root,
                       const char *text)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) &&
          g_strcmp0 (gtk_label_get_text (GTK_LABEL (w)), text) == 0)
        return w;
      if ((found = mp_test_ui_find_label (w, text)) != NULL)
        return found;
    }
  return NULL;
}

/* Whether a shown label below ROOT has TEXT in it. */
gboolean
mp_test_ui_label_contains (GtkWidget  *root,
                           const char *text)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_LABEL (w) && gtk_widget_get_visible (w) &&
          strstr (gtk_label_get_text (GTK_LABEL (w)), text) != NULL)
        return TRUE;
      if (mp_test_ui_label_contains (w, text))
        return TRUE;
    }
  return FALSE;
}

gboolean
mp_test_ui_press_shortcut (GtkWidget       *widget,
                           guint            keyval,
                           GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers &&
              gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), GTK_SHORTCUT_ACTION_EXCLUSIVE,
                                            widget, gtk_shortcut_get_arguments (shortcut)))
            return TRUE;
        }
    }
  return FALSE;
}

static void
collect_labels_below (GtkWidget  *root,
                      const char *css_class,
                      GPtrArray  *texts)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_LABEL (w) && gtk_widget_get_mapped (w) &&
          (css_class == NULL || gtk_widget_has_css_class (w, css_class)))
        g_ptr_array_add (texts, g_strdup (gtk_label_get_text (GTK_LABEL (w))));
      collect_labels_below (w, css_class, texts);
    }
}

GPtrArray *
mp_test_ui_collect_labels (GtkWidget  *root,
                           const char *css_class)
{
  GPtrArray *texts = g_ptr_array_new_with_free_func (g_free);

  collect_labels_below (root, css_class, texts);
  return texts;
}

gboolean
mp_test_ui_row_shows (GtkWidget  *root,
                      const char *prefix,
                      const char *text)
{
  for (GtkWidget *w = gtk_widget_get_first_child (root); w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (ADW_IS_ACTION_ROW (w) && gtk_widget_get_visible (w)
          && g_str_has_prefix (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), prefix)
          && mp_test_ui_find_label (w, text) != NULL)
        return TRUE;
      if (mp_test_ui_row_shows (w, prefix, text))
        return TRUE;
    }
  return FALSE;
}

char *
mp_test_ui_format_cents (gint64      minor,
                         const char *currency)
{
  MpMoney money;

  mp_money_init (&money, minor, currency);
  return mp_page_format_money (&money);
}

guint
mp_test_ui_count_rows (GtkListBox *list)
{
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (list)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_LIST_BOX_ROW (w))
      n++;
  return n;
}

GtkWidget *
mp_test_ui_find_button (GtkWidget  *root,
                        const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = mp_test_ui_find_button (child, label)) != NULL)
        return found;
    }
  return NULL;
}

void
mp_test_ui_click_response (AdwMessageDialog *dialog,
                           const char       *label)
{
  GtkWidget *button = mp_test_ui_find_button (GTK_WIDGET (dialog), label);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

/* The row of LIST whose title has TITLE in it, or NULL. */
GtkListBoxRow *
mp_test_ui_row_titled (GtkListBox *list,
                       const char *title)
{
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (list)); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (ADW_IS_PREFERENCES_ROW (w) &&
        strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (w)), title) != NULL)
      return GTK_LIST_BOX_ROW (w);
  return NULL;
}

/* Asynchronous calls */

void
mp_test_ui_get_plan_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  MpTestUiWait *wait = user_data;

  wait->result = mp_client_get_plan_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

void
mp_test_ui_get_subscription_cb (GObject      *object,
                                GAsyncResult *result,
                                gpointer      user_data)
{
  MpTestUiWait *wait = user_data;

  wait->result = mp_client_get_subscription_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

void
mp_test_ui_place_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  MpTestUiWait *wait = user_data;

  wait->result = mp_client_place_order_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

void
mp_test_ui_read_text_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  MpTestUiWait *wait = user_data;

  wait->result = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &wait->error);
  wait->done = TRUE;
}

void
mp_test_ui_wait_list_cb (GObject      *object,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  MpTestUiWait *wait = user_data;

  mp_paged_list_wait_finish (MP_PAGED_LIST (object), result, &wait->error);
  wait->done = TRUE;
}

void
mp_test_ui_wait_list (MpPagedList *list)
{
  MpTestUiWait wait = { NULL, };

  mp_paged_list_wait_async (list, NULL, mp_test_ui_wait_list_cb, &wait);
  MP_WAIT_UNTIL (wait.done, MP_TEST_TIMEOUT_MS);
  g_assert_no_error (wait.error);
}

MpSubscription *
mp_test_ui_get_subscription (MpTestUiFixture *fixture,
                             const char      *id)
{
  MpTestUiWait wait = { NULL, };

  mp_client_get_subscription_async (fixture->client, id, NULL, mp_test_ui_get_subscription_cb, &wait);
  MP_WAIT_UNTIL (wait.done, MP_TEST_TIMEOUT_MS);
  g_assert_no_error (wait.error);
  return wait.result;
}

guint
mp_test_ui_count_subscriptions (MpTestUiFixture *fixture)
{
  g_autoptr(MpPagedList) list = mp_client_list_subscriptions (fixture->client, NULL, NULL);

  mp_test_ui_wait_list (list);
  return g_list_model_get_n_items (G_LIST_MODEL (list));
}

gboolean
mp_test_ui_has_subscription (MpTestUiFixture *fixture,
                             const char      *id)
{
  g_autoptr(MpPagedList) list = mp_client_list_subscriptions (fixture->client, NULL, NULL);

  mp_test_ui_wait_list (list);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(MpSubscription) s = g_list_model_get_item (G_LIST_MODEL (list), i);

      if (g_strcmp0 (mp_subscription_get_id (s), id) == 0)
        return TRUE;
    }
  return FALSE;
}

gint64
mp_test_ui_count_orders (MpTestUiFixture *fixture)
{
  g_autoptr(MpPagedList) list = mp_client_list_orders (fixture->client, NULL, NULL, NULL);

  mp_test_ui_wait_list (list);
  return mp_paged_list_get_total (list);
}

gint64
mp_test_ui_term_months (MpSubscription *subscription)
{
  MpPeriod *period = mp_subscription_get_period (subscription);

  if (mp_period_get_unit (period) == MP_PERIOD_UNIT_YEAR)
    return 12 * mp_period_get_duration (period);
  g_assert_cmpint (mp_period_get_unit (period), ==, MP_PERIOD_UNIT_MONTH);
  return mp_period_get_duration (period);
}

gint64
mp_test_ui_prorated_change (MpSubscription *subscription,
                            const char     *mpn,
                            gint64          delta)
{
  MpSubscriptionResource *r = mp_subscription_find_resource (subscription, mpn);
  GDate end, start, today;
  gint64 period_days, remaining, amount, magnitude;

  g_assert_nonnull (r);
  g_date_clear (&end, 1);
  g_date_set_parse (&end, mp_subscription_get_expiration_date (subscription));
  g_assert_true (g_date_valid (&end));
  start = end;
  g_date_subtract_months (&start, (guint) mp_test_ui_term_months (subscription));
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  period_days = g_date_days_between (&start, &end);
  remaining = CLAMP (g_date_days_between (&today, &end), 0, period_days);
  amount = delta * mp_subscription_resource_get_unit_price (r)->minor * remaining;
  magnitude = (ABS (amount) * 2 + period_days) / (2 * period_days);
  return amount < 0 ? -magnitude : magnitude;
}

gboolean
mp_test_ui_press_key (GtkWidget       *widget,
                      const char      *name,
                      guint            keyval,
                      GdkModifierType  state)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);
  gboolean handled = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), name) == 0)
        {
          g_signal_emit_by_name (c, "key-pressed", keyval, 0, state, &handled);
          return handled;
        }
    }
  g_error ("No event controller %s", name);
}

MpOrder *
mp_test_ui_place_change (MpTestUiFixture *fixture,
                         const char      *subscription_id,
                         const char      *mpn,
                         gint64           quantity)
{
  g_autoptr(MpSubscription) subscription = mp_test_ui_get_subscription (fixture, subscription_id);
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (subscription);
  MpTestUiWait wait = { NULL, };

  mp_order_draft_set_quantity (draft, mpn, quantity);
  g_assert_true (mp_order_draft_get_valid (draft));
  mp_client_place_order_async (fixture->client, draft, NULL, mp_test_ui_place_cb, &wait);
  MP_WAIT_UNTIL (wait.done, MP_TEST_TIMEOUT_MS);
  g_assert_no_error (wait.error);
  return wait.result;
}
