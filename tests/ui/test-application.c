/* test-application.c: the application stays alive, with its window closed,
 * until the orders it follows are final.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-application.h"
#include "mp-client-test-util.h"
#include "mp-order-draft.h"
#include "mp-provisioning-page.h"
#include "mp-purchase.h"
#include "mp-storefront-page.h"
#include "mp-subscription-page.h"
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

/* Clicks notification ID (what Notify answered) as the desktop does. */
static void
click_notification (guint id)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_dbus_connection_emit_signal (bus, NULL, "/org/freedesktop/Notifications", "org.freedesktop.Notifications",
                                 "ActionInvoked", g_variant_new ("(us)", id, "default"), &error);
  g_assert_no_error (error);
}

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

/* A registered application that is not the unique instance of a running
 * Market Panel; each test's own ID (SUFFIX), as an earlier test's may
 * still hold its bus names.
 */
static MpApplication *
new_application (const char *suffix)
{
  MpApplication *app = mp_application_new ();
  g_autoptr(GError) error = NULL;

  if (suffix != NULL)
    {
      g_autofree char *id = g_strconcat (APP_ID_BASE, suffix, NULL);

      g_application_set_application_id (G_APPLICATION (app), id);
    }
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, &error));
  g_assert_no_error (error);
  return app;
}

static void
test_close_while_provisioning (void)
{
  g_autoptr(MpApplication) app = new_application (NULL);
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpOrder) placed = NULL;
  MpSession *session;
  MpClient *client;
  MpOrder *order;
  MpWindow *window;
  gboolean destroyed = FALSE;
  Wait wait = { 0 };

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
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Nobody was looking: the desktop was told. */
  MP_WAIT_UNTIL (notified->len == 1, 5000);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (notified, 0), "Order CH"));
  g_assert_nonnull (strstr (g_ptr_array_index (notified, 0), "is complete\n"));
}

static gboolean
shows_marketplace (GtkWidget  *storefront,
                   const char *code)
{
  g_autofree char *shown = NULL;

  g_object_get (storefront, "marketplace", &shown, NULL);
  return g_strcmp0 (shown, code) == 0;
}

/* Picks the region whose label names CURRENCY in the storefront's
 * drop-down, as a user would, and waits until the storefront shows CODE.
 */
static void
show_region (GtkWidget  *storefront,
             const char *currency,
             const char *code)
{
  GtkDropDown *regions = mp_test_ui_child (storefront, "region_dropdown");
  GListModel *labels;
  guint found = G_MAXUINT;

  MP_WAIT_UNTIL ((labels = gtk_drop_down_get_model (regions)) != NULL && g_list_model_get_n_items (labels) >= 3,
                 30000);
  for (guint i = 0; i < g_list_model_get_n_items (labels); i++)
    if (strstr (gtk_string_list_get_string (GTK_STRING_LIST (labels), i), currency) != NULL)
      found = i;
  g_assert_cmpuint (found, !=, G_MAXUINT);
  gtk_drop_down_set_selected (regions, found);
  MP_WAIT_UNTIL (shows_marketplace (storefront, code), 30000);
}

/* Signs in APP's new window as the demo reseller, with the storefront
 * in the UK, and places an order there. Returns the UK session's order.
 */
static MpOrder *
order_in_uk (MpApplication  *app,
             MpWindow      **window,
             GtkWidget     **storefront)
{
  MpSessionRegistry *sessions = mp_application_get_sessions (app);
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(MpPurchase) purchase = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) placed = NULL;
  MpSession *uk;
  MpOrder *order;

  *window = mp_window_new (app);
  gtk_window_present (GTK_WINDOW (*window));
  mp_login_page_sign_in_demo (mp_window_get_login_page (*window), MP_DEMO_ACCOUNT_RESELLER);
  MP_WAIT_UNTIL (mp_window_get_signed_in (*window), 30000);
  g_assert_true (mp_window_get_sessions (*window) == sessions);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_registry_get_sessions (sessions)), ==, 1);

  /* The storefront switches to the UK: the application opens its session
   * with the same login.
   */
  gtk_widget_activate_action (GTK_WIDGET (*window), "win.show-section", "s", "marketplace");
  *storefront = mp_test_ui_find_widget (GTK_WIDGET (*window), MP_TYPE_STOREFRONT_PAGE);
  g_assert_nonnull (*storefront);
  show_region (*storefront, "GBP", "UK");
  uk = mp_session_registry_lookup (sessions, "UK");
  g_assert_nonnull (uk);
  g_assert_true (uk != mp_window_get_session (*window));

  draft = mp_test_customer_draft (mp_session_get_client (uk), "100", NULL);
  purchase = mp_purchase_new (mp_session_get_client (uk), draft);
  mp_purchase_place_async (purchase, NULL, mp_test_store_result, &result);
  placed = mp_purchase_place_finish (purchase, mp_test_wait (&result), &error);
  g_assert_no_error (error);
  order = mp_session_track_order (uk, placed);
  g_assert_false (mp_order_get_final (order));
  return order;
}

/* An order placed in another region is followed by that region's session,
 * which the application owns: with the storefront back in the US and the
 * window closed, the application stays until the order is final, and
 * tells the desktop.
 */
static void
test_region_order_followed (void)
{
  g_autoptr(MpApplication) app = new_application (".RegionTest");
  MpSessionRegistry *sessions = mp_application_get_sessions (app);
  MpSession *uk;
  MpOrder *order;
  MpWindow *window;
  GtkWidget *storefront;
  gboolean destroyed = FALSE;
  guint notified_before = notified->len;

  order = g_object_ref (order_in_uk (app, &window, &storefront));
  g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  uk = mp_session_registry_lookup (sessions, "UK");

  /* Back in the US, the UK session goes on following its order; the
   * main session follows nothing.
   */
  show_region (storefront, "USD", "US");
  g_assert_true (mp_session_registry_lookup (sessions, "UK") == uk);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_get_active_orders (uk)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_get_active_orders (mp_window_get_session (window))), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_registry_get_active_orders (sessions)), ==, 1);

  /* Its notification's action opens it from the UK session, on its
   * provisioning page (the US session does not know it).
   */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-order", "s", mp_order_get_id (order)));
  g_assert_true (MP_IS_PROVISIONING_PAGE (mp_window_get_visible_page (window)));

  /* Closing the window hides it: the UK order keeps the application. */
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (destroyed);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  MP_WAIT_UNTIL (mp_order_get_final (order), 60000);
  MP_WAIT_UNTIL (destroyed, 5000);
  g_assert_cmpint (mp_order_get_status (order), ==, MP_ORDER_STATUS_COMPLETED);
  g_assert_null (gtk_application_get_windows (GTK_APPLICATION (app)));

  /* Nobody was looking: the desktop was told, by the order's number. */
  MP_WAIT_UNTIL (notified->len == notified_before + 1, 5000);
  {
    g_autofree char *expected = g_strdup_printf ("Order %s is complete\n", mp_order_get_order_number (order));

    g_assert_true (g_str_has_prefix (g_ptr_array_index (notified, notified_before), expected));
  }

  /* The window gone, every session is closed. */
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_registry_get_sessions (sessions)), ==, 0);
  g_object_unref (order);
}

/* Shown again while it waits for an order (Market Panel started again):
 * the window is the user's again and stays when the order is done;
 * closing it then closes it.
 */
static void
test_shown_again_while_held (void)
{
  g_autoptr(MpApplication) app = new_application (".ShownAgainTest");
  g_autoptr(MpOrder) order = NULL;
  MpWindow *window;
  GtkWidget *storefront;
  gboolean destroyed = FALSE;

  order = g_object_ref (order_in_uk (app, &window, &storefront));
  g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (destroyed);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));

  g_application_activate (G_APPLICATION (app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  MP_WAIT_UNTIL (mp_order_get_final (order), 60000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (destroyed);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_close (GTK_WINDOW (window));
  MP_WAIT_UNTIL (destroyed, 5000);
}

/* Signing out closes every session of the login, the UK's with its order
 * in progress too: none follows anything any more.
 */
static void
test_sign_out_closes_sessions (void)
{
  g_autoptr(MpApplication) app = new_application (".SignOutTest");
  g_autoptr(MpSession) uk = NULL;
  g_autoptr(MpSession) main_session = NULL;
  MpSessionRegistry *sessions = mp_application_get_sessions (app);
  MpWindow *window;
  GtkWidget *storefront;
  gboolean destroyed = FALSE;

  order_in_uk (app, &window, &storefront);
  g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  uk = g_object_ref (mp_session_registry_lookup (sessions, "UK"));
  main_session = g_object_ref (mp_window_get_session (window));
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_registry_get_sessions (sessions)), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_get_active_orders (uk)), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_false (mp_window_get_signed_in (window));
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_registry_get_sessions (sessions)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_registry_get_active_orders (sessions)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (mp_session_get_active_orders (uk)), ==, 0);
  g_assert_null (mp_session_registry_lookup (sessions, "UK"));

  /* Nothing followed: closing the window closes it. */
  gtk_window_close (GTK_WINDOW (window));
  MP_WAIT_UNTIL (destroyed, 5000);
}

/* With nothing in progress, closing the window closes it. */
static void
test_close_when_idle (void)
{
  g_autoptr(MpApplication) app = new_application (".IdleTest");
  MpWindow *window;
  gboolean destroyed = FALSE;

  window = mp_window_new (app);
  g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  gtk_window_present (GTK_WINDOW (window));
  mp_login_page_sign_in_demo (mp_window_get_login_page (window), MP_DEMO_ACCOUNT_CUSTOMER);
  MP_WAIT_UNTIL (mp_window_get_signed_in (window), 30000);

  gtk_window_close (GTK_WINDOW (window));
  MP_WAIT_UNTIL (destroyed, 5000);
}

/* Run in Background: the window closed, the application goes on, warns of
 * the commitment windows that close soon (through the desktop's
 * notification server), and a click on a warning shows the window with
 * the subscription.
 */
#define RENEWAL_WARNING "can be reduced or cancelled until"

/* The renewal warnings among the notifications from FROM on, and the ID of
 * the first (0 if none). Other notifications (an earlier test's order that
 * completed late) do not count.
 */
static guint
count_renewal_warnings (guint  from,
                        guint *first_id)
{
  guint n = 0;

  if (first_id != NULL)
    *first_id = 0;
  for (guint i = from; i < notified->len; i++)
    if (strstr (g_ptr_array_index (notified, i), RENEWAL_WARNING) != NULL)
      {
        if (n++ == 0 && first_id != NULL)
          *first_id = i + 1;
      }
  return n;
}

/* The warnings remembered are as many as were sent (read anew each time:
 * they go out one by one as the subscriptions' details come in). Each new
 * state is logged, so that a wait that times out says where it stopped.
 */
static gboolean
warnings_match (GSettings *settings,
                char    ***sent,
                guint      from)
{
  static char *last_state;
  guint n_warnings = count_renewal_warnings (from, NULL);
  g_autofree char *state = NULL;

  g_clear_pointer (sent, g_strfreev);
  *sent = g_settings_get_strv (settings, "renewal-warnings-sent");
  state = g_strdup_printf ("%u renewal warnings and %u other notifications sent, %u remembered",
                           n_warnings, notified->len - from - n_warnings, g_strv_length (*sent));
  if (g_strcmp0 (state, last_state) != 0)
    {
      g_test_message ("%s", state);
      g_free (last_state);
      last_state = g_steal_pointer (&state);
    }
  return (*sent)[0] != NULL && n_warnings == g_strv_length (*sent);
}

static void
test_renewal_warnings_in_background (void)
{
  g_autoptr(MpApplication) app = new_application (".RenewalsTest");
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  g_auto(GStrv) sent = NULL;
  MpWindow *window;
  gboolean destroyed = FALSE;
  guint before = notified->len;
  guint first = 0;

  g_settings_set_strv (settings, "renewal-warnings-sent", NULL);
  g_settings_set_uint (settings, "renewal-warning-days", 30);
  g_settings_set_boolean (settings, "renewal-warnings", TRUE);
  g_settings_set_boolean (settings, "run-in-background", TRUE);

  window = mp_window_new (app);
  g_signal_connect (window, "destroy", G_CALLBACK (destroyed_cb), &destroyed);
  gtk_window_present (GTK_WINDOW (window));
  mp_login_page_sign_in_demo (mp_window_get_login_page (window), MP_DEMO_ACCOUNT_RESELLER);
  MP_WAIT_UNTIL (mp_window_get_signed_in (window), 30000);

  /* The demo's monthly subscriptions renew within a month: a warning each,
   * as many as were remembered.
   */
  MP_WAIT_UNTIL (warnings_match (settings, &sent, before), 30000);
  count_renewal_warnings (before, &first);
  g_assert_cmpuint (first, >, 0);

  /* Closing hides the window; the application and its sessions go on. */
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (destroyed);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (mp_window_get_signed_in (window));

  /* A click on the first warning shows its subscription. */
  click_notification (first);
  MP_WAIT_UNTIL (gtk_widget_get_visible (GTK_WIDGET (window)) &&
                 MP_IS_SUBSCRIPTION_PAGE (mp_window_get_visible_page (window)), 30000);

  /* Activating the application shows the window too. */
  gtk_window_close (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_application_activate (G_APPLICATION (app));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  /* Without it, closing closes. */
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  gtk_window_close (GTK_WINDOW (window));
  MP_WAIT_UNTIL (destroyed, 5000);
  g_settings_set_boolean (settings, "renewal-warnings", FALSE);
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;
  serve_notifications ();
  /* Only the test of the warnings sends any: another test's reseller
   * session would otherwise send its own, and one that reached the stand-in
   * server late would count among the next test's.
   */
  {
    g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);

    g_settings_set_boolean (settings, "renewal-warnings", FALSE);
  }

  g_test_add_func ("/application/close-while-provisioning", test_close_while_provisioning);
  g_test_add_func ("/application/close-when-idle", test_close_when_idle);
  g_test_add_func ("/application/region-order-followed", test_region_order_followed);
  g_test_add_func ("/application/sign-out-closes-sessions", test_sign_out_closes_sessions);
  g_test_add_func ("/application/shown-again-while-held", test_shown_again_while_held);
  g_test_add_func ("/application/renewal-warnings-in-background", test_renewal_warnings_in_background);

  return g_test_run ();
}
