/* test-session-registry.c: one session per marketplace of a login, against
 * the real server and its three marketplaces
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>

#include "mp-client-test-util.h"
#include "mp-session-registry.h"

#define USER     "demo-reseller"
#define PASSWORD "Demo-Reseller-1"
#define KEY      "demo-subscription-key"

typedef struct
{
  MpTestServer      *server;
  MpClient          *client;    /* the main session's, in the US */
  MpSessionRegistry *sessions;
  GListModel        *marketplaces;
} Fixture;

static MpMarketplace *
marketplace (Fixture    *fixture,
             const char *code)
{
  for (guint i = 0; i < g_list_model_get_n_items (fixture->marketplaces); i++)
    {
      g_autoptr(MpMarketplace) m = g_list_model_get_item (fixture->marketplaces, i);

      if (g_str_equal (mp_marketplace_get_code (m), code))
        return m;
    }
  g_assert_not_reached ();
}

static void
setup_with (Fixture  *fixture,
            MpClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) session = NULL;

  fixture->client = client;
  session = mp_session_new (fixture->client);
  fixture->sessions = mp_session_registry_new ();
  mp_session_registry_sign_in (fixture->sessions, session);

  mp_client_list_marketplaces_async (mp_test_server_get_url (fixture->server), NULL,
                                     mp_test_store_result, &result);
  fixture->marketplaces = mp_client_list_marketplaces_finish (mp_test_wait (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (fixture->marketplaces), >=, 3);
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->server = mp_test_start_server ("--provision-step-ms", "20", NULL);
  setup_with (fixture, mp_test_login (fixture->server, USER, PASSWORD));
}

/* A login that cannot be reused: the main client holds no password (it
 * never signed in, so nothing of the US is asked).
 */
static void
setup_no_password (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *base = NULL;

  fixture->server = mp_test_start_server (NULL, NULL);
  base = mp_test_server_get_base_url (fixture->server, "US");
  setup_with (fixture, mp_client_new (base, "US", USER, NULL, KEY));
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  mp_session_registry_close (fixture->sessions);
  g_clear_object (&fixture->sessions);
  g_clear_object (&fixture->marketplaces);
  g_clear_object (&fixture->client);
  g_clear_pointer (&fixture->server, mp_test_server_free);
}

static guint
n_sessions (Fixture *fixture)
{
  return g_list_model_get_n_items (mp_session_registry_get_sessions (fixture->sessions));
}

static MpSession *
open_session (Fixture       *fixture,
              const char    *code,
              const char    *password,
              const char    *key,
              GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mp_session_registry_open_async (fixture->sessions, marketplace (fixture, code), password, key, NULL,
                                  mp_test_store_result, &result);
  return mp_session_registry_open_finish (fixture->sessions, mp_test_wait (&result), error);
}

/* The UK session signs in with the main session's login, copied inside
 * the client; asked twice at once, it signs in once; asked again, it is
 * the same session.
 */
static void
test_open (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) uk = NULL;
  g_autoptr(MpSession) twin = NULL;
  g_autoptr(MpSession) again = NULL;
  MpClient *client;

  g_assert_cmpuint (n_sessions (fixture), ==, 1);
  g_assert_null (mp_session_registry_lookup (fixture->sessions, "UK"));

  mp_session_registry_open_async (fixture->sessions, marketplace (fixture, "UK"), NULL, NULL, NULL,
                                  mp_test_store_result, &first);
  mp_session_registry_open_async (fixture->sessions, marketplace (fixture, "UK"), NULL, NULL, NULL,
                                  mp_test_store_result, &second);
  uk = mp_session_registry_open_finish (fixture->sessions, mp_test_wait (&first), &error);
  g_assert_no_error (error);
  twin = mp_session_registry_open_finish (fixture->sessions, mp_test_wait (&second), &error);
  g_assert_no_error (error);
  g_assert_true (uk == twin);
  g_assert_cmpuint (n_sessions (fixture), ==, 2);

  client = mp_session_get_client (uk);
  g_assert_true (client != fixture->client);
  g_assert_cmpstr (mp_client_get_marketplace (client), ==, "UK");
  g_assert_cmpstr (mp_client_get_user (client), ==, USER);
  g_assert_true (g_str_has_suffix (mp_client_get_base_url (client), "/marketplace/UK"));
  g_assert_nonnull (mp_client_get_account (client));
  g_assert_cmpuint (mp_client_get_page_size (client), ==, mp_client_get_page_size (fixture->client));

  g_assert_true (mp_session_registry_lookup (fixture->sessions, "uk") == uk);
  g_assert_true (mp_session_registry_get_main (fixture->sessions) != uk);
  again = open_session (fixture, "UK", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (again == uk);
  g_assert_cmpuint (n_sessions (fixture), ==, 2);
}

/* Without a login to reuse, opening asks for the secrets (UNAUTHORIZED);
 * given them, it opens.
 */
static void
test_no_login_to_reuse (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) uk = NULL;

  g_assert_null (mp_client_new_for_marketplace (fixture->client, "http://127.0.0.1:1/marketplace/UK", "UK"));
  uk = open_session (fixture, "UK", NULL, NULL, &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (uk);
  g_assert_cmpuint (n_sessions (fixture), ==, 1);
  g_clear_error (&error);

  uk = open_session (fixture, "UK", "wrong", KEY, &error);
  g_assert_error (error, MP_CLIENT_ERROR, MP_CLIENT_ERROR_UNAUTHORIZED);
  g_assert_null (uk);
  g_clear_error (&error);

  uk = open_session (fixture, "UK", PASSWORD, KEY, &error);
  g_assert_no_error (error);
  g_assert_nonnull (mp_client_get_account (mp_session_get_client (uk)));
  g_assert_cmpstr (mp_client_get_user (mp_session_get_client (uk)), ==, USER);
  g_assert_cmpuint (n_sessions (fixture), ==, 2);
}

static void
order_finished_cb (MpSessionRegistry *sessions,
                   MpSession         *session,
                   MpOrder           *order,
                   gpointer           user_data)
{
  MpSession **finished_by = user_data;

  g_assert_null (*finished_by);
  *finished_by = session;
}

/* An order of the UK session is among the registry's active orders, found
 * by its ID, and its end is told with the session that followed it.
 */
static void
test_orders (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) uk = open_session (fixture, "UK", NULL, NULL, &error);
  g_autoptr(MpOrderDraft) draft = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MpOrder) placed = NULL;
  GListModel *active = mp_session_registry_get_active_orders (fixture->sessions);
  MpSession *finished_by = NULL;
  MpOrder *order;

  g_assert_no_error (error);
  g_signal_connect (fixture->sessions, "order-finished", G_CALLBACK (order_finished_cb), &finished_by);
  draft = mp_test_customer_draft (mp_session_get_client (uk), "100", NULL);
  mp_client_place_order_async (mp_session_get_client (uk), draft, NULL, mp_test_store_result, &result);
  placed = mp_client_place_order_finish (mp_session_get_client (uk), mp_test_wait (&result), &error);
  g_assert_no_error (error);
  order = mp_session_track_order (uk, placed);

  g_assert_cmpuint (g_list_model_get_n_items (active), ==, 1);
  {
    g_autoptr(MpOrder) item = g_list_model_get_item (active, 0);

    g_assert_true (item == order);
  }
  g_assert_true (mp_session_registry_lookup_order (fixture->sessions, mp_order_get_id (order)) == uk);

  while (finished_by == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (finished_by == uk);
  g_assert_true (mp_order_get_final (order));
  g_assert_cmpuint (g_list_model_get_n_items (active), ==, 0);
}

/* The marketplace came back elsewhere: every session goes on there. */
static void
test_moved (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MpSession) uk = open_session (fixture, "UK", NULL, NULL, &error);
  g_autofree char *old_root = g_strdup (mp_test_server_get_url (fixture->server));
  g_autofree char *us_base = NULL;
  g_autofree char *uk_base = NULL;

  g_assert_no_error (error);
  mp_test_server_kill (fixture->server, SIGKILL);
  g_assert_true (mp_test_server_restart (fixture->server, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (old_root, !=, mp_test_server_get_url (fixture->server));

  mp_session_registry_marketplace_moved (fixture->sessions, old_root, mp_test_server_get_url (fixture->server));
  us_base = mp_test_server_get_base_url (fixture->server, "US");
  uk_base = mp_test_server_get_base_url (fixture->server, "UK");
  g_assert_cmpstr (mp_client_get_base_url (fixture->client), ==, us_base);
  g_assert_cmpstr (mp_client_get_base_url (mp_session_get_client (uk)), ==, uk_base);
}

static void
close_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  GError **error = user_data;
  g_autoptr(MpSession) session = mp_session_registry_open_finish (MP_SESSION_REGISTRY (object), result, error);

  g_assert_null (session);
}

/* Signing out closes every session and abandons the logins on their way. */
static void
test_close (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) pending = NULL;
  g_autoptr(MpSession) uk = open_session (fixture, "UK", NULL, NULL, &error);
  g_autoptr(MpSession) main_session = g_object_ref (mp_session_registry_get_main (fixture->sessions));

  g_assert_no_error (error);
  mp_session_registry_open_async (fixture->sessions, marketplace (fixture, "DE"), NULL, NULL, NULL,
                                  close_cb, &pending);
  mp_session_registry_close (fixture->sessions);
  while (pending == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (pending, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  g_assert_cmpuint (n_sessions (fixture), ==, 0);
  g_assert_null (mp_session_registry_get_main (fixture->sessions));
  g_assert_null (mp_session_registry_lookup (fixture->sessions, "UK"));
  g_assert_null (mp_session_registry_lookup (fixture->sessions, "DE"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/session-registry/open", Fixture, NULL, setup, test_open, teardown);
  g_test_add ("/session-registry/no-login-to-reuse", Fixture, NULL, setup_no_password,
              test_no_login_to_reuse, teardown);
  g_test_add ("/session-registry/orders", Fixture, NULL, setup, test_orders, teardown);
  g_test_add ("/session-registry/moved", Fixture, NULL, setup, test_moved, teardown);
  g_test_add ("/session-registry/close", Fixture, NULL, setup, test_close, teardown);

  return g_test_run ();
}
