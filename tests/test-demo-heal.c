/* test-demo-heal.c: the real window on the demo marketplace, whose server
 * dies (kill -9) while an order is being provisioned.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "mp-api.h"
#include "mp-demo-server.h"
#include "mp-orders-page.h"
#include "mp-provisioning-page.h"
#include "mp-session.h"
#include "mp-test-ui.h"
#include "mp-window.h"

#define TIMEOUT_MS   30000
/* The demo customer's Woodgrove subscription, with WGS-EP-DEVICE 40. */
#define WOODGROVE_ID "1000103"

typedef struct
{
  MpWindow *window;
} Fixture;

typedef struct
{
  gboolean  done;
  gpointer  result;
  GError   *error;
} Wait;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autofree char *demo_dir = NULL;

  demo_dir = g_build_filename (g_get_user_data_dir (), "demo", g_test_get_path (), NULL);
  g_setenv ("MP_DEMO_DATA_DIR", demo_dir, TRUE);
  fixture->window = mp_window_new (NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), 5000);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  mp_demo_server_stop (mp_window_get_demo_server (fixture->window));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
subscription_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = mp_client_get_subscription_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  Wait *wait = user_data;

  wait->result = mp_client_place_order_finish (MP_CLIENT (object), result, &wait->error);
  wait->done = TRUE;
}

/* A change order placed the way the limits page does. */
static MpOrder *
place_change (MpClient *client)
{
  g_autoptr(MpSubscription) subscription = NULL;
  g_autoptr(MpOrderDraft) draft = NULL;
  Wait wait = { FALSE, NULL, NULL };

  mp_client_get_subscription_async (client, WOODGROVE_ID, NULL, subscription_cb, &wait);
  MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
  g_assert_no_error (wait.error);
  subscription = wait.result;

  draft = mp_order_draft_new_change (subscription);
  mp_order_draft_set_quantity (draft, "WGS-EP-DEVICE", 44);
  g_assert_true (mp_order_draft_get_valid (draft));
  wait = (Wait) { FALSE, NULL, NULL };
  mp_client_place_order_async (client, draft, NULL, place_cb, &wait);
  MP_WAIT_UNTIL (wait.done, TIMEOUT_MS);
  g_assert_no_error (wait.error);
  return wait.result;
}

static gboolean
has_label (GtkWidget  *root,
           const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

static gpointer
find_of_type (GtkWidget *root,
              GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer found;

      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        return child;
      if ((found = find_of_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static gpointer
page_child (GtkWidget  *page,
            GType       type,
            const char *name)
{
  GObject *child = gtk_widget_get_template_child (page, type, name);

  g_assert_nonnull (child);
  return child;
}

/* The Orders section's row of ORDER_ID, or NULL. */
static MpOrder *
orders_row (GtkWidget  *orders_page,
            const char *order_id)
{
  GtkColumnView *view = page_child (orders_page, MP_TYPE_ORDERS_PAGE, "column_view");
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(MpOrder) row = g_list_model_get_item (model, i);

      if (g_strcmp0 (mp_order_get_id (row), order_id) == 0)
        return row;
    }
  return NULL;
}

static const char *
row_status (GtkWidget  *orders_page,
            const char *order_id)
{
  MpOrder *row = orders_row (orders_page, order_id);

  return row != NULL ? mp_order_get_status (row) : NULL;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GError) error = NULL;

  gtk_test_widget_wait_for_draw (widget);
  g_assert_true (mp_test_render_png (widget, name, &error));
  g_assert_no_error (error);
}

/* kill -9 of the demo server mid-provisioning: the window says so in one
 * line, the server comes back on the same address and data, the order
 * completes without a click, and the Orders list agrees with its page.
 */
static void
test_killed_mid_provisioning (Fixture       *fixture,
                              gconstpointer  data)
{
  MpDemoServer *demo = mp_window_get_demo_server (fixture->window);
  MpSession *session;
  MpClient *client;
  g_autoptr(MpOrder) placed = NULL;
  g_autofree char *url = NULL;
  g_autofree char *base_url = NULL;
  MpOrder *order;
  GtkWidget *orders_page;
  GtkWidget *provisioning;

  mp_login_page_sign_in_demo (mp_window_get_login_page (fixture->window), MP_DEMO_ACCOUNT_CUSTOMER);
  MP_WAIT_UNTIL (mp_window_get_signed_in (fixture->window), TIMEOUT_MS);
  session = mp_window_get_session (fixture->window);
  client = mp_session_get_client (session);
  url = g_strdup (mp_demo_server_get_url (demo));
  base_url = g_strdup (mp_client_get_base_url (client));

  /* The Orders section is loaded before the order is placed. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section", "s", "orders");
  orders_page = find_of_type (GTK_WIDGET (fixture->window), MP_TYPE_ORDERS_PAGE);
  g_assert_nonnull (orders_page);

  placed = place_change (client);
  order = mp_session_track_order (session, placed);
  MP_WAIT_UNTIL (g_strcmp0 (row_status (orders_page, mp_order_get_id (order)), "submitted") == 0 ||
                 g_strcmp0 (row_status (orders_page, mp_order_get_id (order)), "processing") == 0,
                 TIMEOUT_MS);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-order", "s", mp_order_get_id (order));
  MP_WAIT_UNTIL (MP_IS_PROVISIONING_PAGE (mp_window_get_visible_page (fixture->window)), TIMEOUT_MS);
  provisioning = mp_window_get_visible_page (fixture->window);
  MP_WAIT_UNTIL (mp_order_get_step (order) >= 1, TIMEOUT_MS);
  g_assert_false (mp_order_get_final (order));

  g_assert_nonnull (mp_demo_server_get_identifier (demo));
  g_assert_cmpint (kill ((pid_t) g_ascii_strtoll (mp_demo_server_get_identifier (demo), NULL, 10),
                         SIGKILL), ==, 0);

  /* One line says what happened; the server is back where it was. */
  MP_WAIT_UNTIL (has_label (GTK_WIDGET (fixture->window),
                            "The demo marketplace stopped and was restarted"), TIMEOUT_MS);
  g_assert_true (mp_demo_server_get_running (demo));
  g_assert_cmpstr (mp_demo_server_get_url (demo), ==, url);
  g_assert_cmpstr (mp_client_get_base_url (client), ==, base_url);
  save_png (GTK_WIDGET (fixture->window), "demo-restarted.png");

  /* No click: the order is followed to the end. */
  MP_WAIT_UNTIL (mp_order_get_final (order), 60000);
  g_assert_cmpstr (mp_order_get_status (order), ==, "completed");
  MP_WAIT_UNTIL (gtk_widget_get_visible (page_child (provisioning, MP_TYPE_PROVISIONING_PAGE,
                                                     "open_button")), TIMEOUT_MS);
  g_assert_false (gtk_widget_get_visible (page_child (provisioning, MP_TYPE_PROVISIONING_PAGE,
                                                      "error_box")));
  g_assert_false (mp_session_get_offline (session));

  /* The list, reloaded from the server, says the same as the page. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section", "s", "orders");
  MP_WAIT_UNTIL (g_strcmp0 (row_status (orders_page, mp_order_get_id (order)), "completed") == 0,
                 TIMEOUT_MS);
  g_assert_true (orders_row (orders_page, mp_order_get_id (order)) != order);
  save_png (GTK_WIDGET (fixture->window), "demo-restarted-orders.png");
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    {
      g_print ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_add ("/demo-heal/killed-mid-provisioning", Fixture, NULL, setup,
              test_killed_mid_provisioning, teardown);

  return g_test_run ();
}
