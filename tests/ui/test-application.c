/* test-application.c: the application stays alive, with its window closed,
 * until the orders it follows are final.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-application.h"
#include "mp-order-draft.h"
/* This program has names of its own (Fixture, Wait, TIMEOUT_MS, ...). */
#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"
#include "mp-window.h"

typedef struct
{
  gboolean  done;
  GObject  *object;
  GError   *error;
} Wait;

static void
subscription_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->object = G_OBJECT (mp_client_get_subscription_finish (MP_CLIENT (source), result, &wait->error));
  wait->done = TRUE;
}

static void
placed_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;

  wait->object = G_OBJECT (mp_client_place_order_finish (MP_CLIENT (source), result, &wait->error));
  wait->done = TRUE;
}

/* A stand-in for the desktop's notification server on the test's session
 * bus: it records what GNotification sends.
 */
static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.freedesktop.Notifications'>"
  "    <method name='Notify'>"
  "      <arg type='s' direction='in'/><arg type='u' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='s' direction='in'/><arg type='as' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/><arg type='i' direction='in'/>"
  "      <arg type='u' direction='out'/>"
  "    </method>"
  "    <method name='GetCapabilities'><arg type='as' direction='out'/></method>"
  "  </interface>"
  "</node>";

static GPtrArray *notified;  /* "summary\nbody" of each notification */

static void
notifications_call_cb (GDBusConnection       *connection,
                       const char            *sender,
                       const char            *path,
                       const char            *interface,
                       const char            *method,
                       GVariant              *parameters,
                       GDBusMethodInvocation *invocation,
                       gpointer               user_data)
{
  if (g_str_equal (method, "Notify"))
    {
      const char *summary, *body;

      g_variant_get_child (parameters, 3, "&s", &summary);
      g_variant_get_child (parameters, 4, "&s", &body);
      g_ptr_array_add (notified, g_strdup_printf ("%s\n%s", summary, body));
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(u)", notified->len));
    }
  else
    {
      const char *none[] = { NULL };

      g_dbus_method_invocation_return_value (invocation,
                                             g_variant_new ("(^as)", none));
    }
}

static void
serve_notifications (void)
{
  static const GDBusInterfaceVTable vtable = { notifications_call_cb, NULL, NULL, { 0 } };
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = NULL;

  g_assert_nonnull (bus);
  notified = g_ptr_array_new_with_free_func (g_free);
  g_dbus_connection_register_object (bus, "/org/freedesktop/Notifications", info->interfaces[0],
                                     &vtable, NULL, NULL, &error);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.freedesktop.Notifications", 4),
                                       NULL, G_DBUS_CALL_FLAGS_NONE, -1, NULL, &error);
  g_assert_no_error (error);
}

static void
destroyed_cb (GtkWidget *widget,
              gpointer   user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
test_close_while_provisioning (void)
{
  g_autoptr(MpApplication) app = mp_application_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpOrder) placed = NULL;
  MpSession *session;
  MpClient *client;
  MpOrder *order;
  MpWindow *window;
  gboolean destroyed = FALSE;
  Wait wait = { 0 };

  /* Not the unique instance of a running Market Panel. */
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);

  window = mp_window_new (app);
  g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  gtk_window_present (GTK_WINDOW (window));
  mp_login_page_sign_in_demo (mp_window_get_login_page (window), MP_DEMO_ACCOUNT_RESELLER);
  MP_WAIT_UNTIL (mp_window_get_signed_in (window), 30000);
  session = mp_window_get_session (window);
  client = mp_session_get_client (session);

  /* A change order on a customer's subscription, followed by the session. */
  mp_client_get_subscription_async (client, "1000102", NULL, subscription_cb, &wait);
  MP_WAIT_UNTIL (wait.done, 30000);
  g_assert_no_error (wait.error);
  subscription = MP_SUBSCRIPTION (wait.object);
  draft = mp_order_draft_new_change (subscription);
  mp_order_draft_set_quantity (draft, "FAB-OS-USER",
                               mp_order_draft_get_quantity (draft, "FAB-OS-USER") + 1);
  wait = (Wait) { 0 };
  mp_client_place_order_async (client, draft, NULL, placed_cb, &wait);
  MP_WAIT_UNTIL (wait.done, 30000);
  g_assert_no_error (wait.error);
  placed = MP_ORDER (wait.object);
  order = mp_session_track_order (session, placed);
  g_assert_false (mp_order_get_final (order));
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_get_active_orders (session)), ==, 1);

  /* Closing the window hides it; the order goes on being followed. */
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (destroyed);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (gtk_application_get_windows (GTK_APPLICATION (app)) != NULL);

  /* When it is final (the demo takes a few seconds a step), the window
   * goes, and the application with it.
   */
  MP_WAIT_UNTIL (mp_order_get_final (order), 60000);
  MP_WAIT_UNTIL (destroyed, 5000);
  g_assert_cmpstr (mp_order_get_status (order), ==, "completed");
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Nobody was looking: the desktop was told. */
  MP_WAIT_UNTIL (notified->len == 1, 5000);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (notified, 0), "Order CH"));
  g_assert_nonnull (strstr (g_ptr_array_index (notified, 0), "is complete\n"));
}

/* With nothing in progress, closing the window closes it. */
static void
test_close_when_idle (void)
{
  g_autoptr(MpApplication) app = mp_application_new ();
  g_autoptr(GError) error = NULL;
  MpWindow *window;
  gboolean destroyed = FALSE;

  /* The first test's application may still hold its bus names. */
  g_application_set_application_id (G_APPLICATION (app), APP_ID_BASE ".IdleTest");
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  window = mp_window_new (app);
  g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  gtk_window_present (GTK_WINDOW (window));
  mp_login_page_sign_in_demo (mp_window_get_login_page (window), MP_DEMO_ACCOUNT_CUSTOMER);
  MP_WAIT_UNTIL (mp_window_get_signed_in (window), 30000);

  gtk_window_close (GTK_WINDOW (window));
  MP_WAIT_UNTIL (destroyed, 5000);
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;
  serve_notifications ();

  g_test_add_func ("/application/close-while-provisioning", test_close_while_provisioning);
  g_test_add_func ("/application/close-when-idle", test_close_when_idle);

  return g_test_run ();
}
