/* mp-test-ui.h: the one fixture library of the UI tests.
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

G_BEGIN_DECLS

/* Spins the default main context until COND holds; fails the test after MS
 * milliseconds. A 10 ms timer keeps the loop waking up to re-check.
 */
#define MP_WAIT_UNTIL(cond, ms)                                               \
  G_STMT_START {                                                              \
    gint64 _mp_end = g_get_monotonic_time () + (gint64) (ms) * 1000;          \
    guint _mp_wake = g_timeout_add (10, mp_test_wake_cb, NULL);               \
    while (!(cond))                                                           \
      {                                                                       \
        if (g_get_monotonic_time () > _mp_end)                                \
          g_error ("Timed out after %d ms waiting for: %s", (int) (ms), #cond); \
        g_main_context_iteration (NULL, TRUE);                                \
      }                                                                       \
    g_source_remove (_mp_wake);                                               \
  } G_STMT_END

/* How long a test waits for the server or the screen. */
#define MP_TEST_TIMEOUT_MS 20000

/* The demo marketplace's accounts (data/seed). */
#define MP_TEST_RESELLER    "demo-reseller"
#define MP_TEST_RESELLER_PW "Demo-Reseller-1"
#define MP_TEST_CUSTOMER    "acme-admin"
#define MP_TEST_CUSTOMER_PW "Demo-Customer-1"
#define MP_TEST_KEY         "demo-subscription-key"

gboolean mp_test_wake_cb        (gpointer    data);
gboolean mp_test_init_gtk       (int        *argc,
                                 char     ***argv);
gboolean mp_test_render_png     (GtkWidget  *widget,
                                 const char *name,
                                 GError    **error);
char    *mp_test_artifact_path  (const char *name);

/* The fixture of the tests that show a screen signed in to the real
 * server: the server, a signed-in client and its session, and an empty
 * window whose "win" action group records what the screen activates
 * (open-subscription, open-order, open-customer, change-limits, switch-plan,
 * show-section, go-back).
 */
typedef struct
{
  MpTestServer *server;
  MpClient     *client;
  MpSession    *session;
  GtkWindow    *window;
  GPtrArray    *activations;   /* "action parameter" strings */
  guint16       port;          /* the server's port, with fixed_port */
  guint         changed;       /* how often the session said "changed" */
} MpTestUiFixture;

/* What mp_test_ui_fixture_setup() starts. */
typedef struct
{
  const char         *marketplace;  /* NULL: "US" */
  const char         *user;         /* NULL: the demo reseller */
  const char         *password;
  const char * const *server_args;  /* more arguments for the server, or NULL */
  gboolean            fixed_port;   /* a port that stays across restarts */
  guint               timeout;      /* the client's timeout in seconds; 0: its default */
} MpTestUiSetup;

void           mp_test_ui_fixture_setup          (MpTestUiFixture     *fixture,
                                                  const MpTestUiSetup *setup);
/* The usual set-ups for g_test_add(): DATA is NULL or more server
 * arguments (a NULL-terminated const char * const *).
 */
void           mp_test_ui_setup_reseller         (MpTestUiFixture *fixture,
                                                  gconstpointer    data);
void           mp_test_ui_setup_customer         (MpTestUiFixture *fixture,
                                                  gconstpointer    data);
/* The customer, on a server with a fixed port (fixture->port). */
void           mp_test_ui_setup_fixed_port       (MpTestUiFixture *fixture,
                                                  gconstpointer    data);
/* Closes every window left open, the session and the server. */
void           mp_test_ui_teardown               (MpTestUiFixture *fixture,
                                                  gconstpointer    data);

/* A client of MARKETPLACE signed in as USER; fails the test otherwise. */
MpClient      *mp_test_ui_login                  (MpTestUiFixture *fixture,
                                                  const char      *marketplace,
                                                  const char      *user,
                                                  const char      *password);
/* The GAsyncReadyCallback of mp_client_login_async(): USER_DATA is a
 * GError **; sets the client's data "test-logged-in" when done.
 */
void           mp_test_ui_login_cb               (GObject      *object,
                                                  GAsyncResult *result,
                                                  gpointer      user_data);
void           mp_test_ui_record_action_cb       (GSimpleAction *action,
                                                  GVariant      *parameter,
                                                  gpointer       user_data);
gboolean       mp_test_ui_was_activated          (MpTestUiFixture *fixture,
                                                  const char      *activation);
gboolean       mp_test_ui_was_activated_prefix   (MpTestUiFixture *fixture,
                                                  const char      *prefix);
guint          mp_test_ui_count_prefix           (MpTestUiFixture *fixture,
                                                  const char      *prefix);
/* The parameter of the last activation of ACTION, or NULL. */
const char    *mp_test_ui_last_parameter         (MpTestUiFixture *fixture,
                                                  const char      *action);
/* A loopback port free at the time of asking. */
guint16        mp_test_ui_free_port              (void);

/* Shows PAGE as the window's content, with nothing focused. */
void           mp_test_ui_show_page              (MpTestUiFixture *fixture,
                                                  GtkWidget       *page);
/* Renders WIDGET to NAME.png once its layout has settled, its transitions
 * (stacks, revealers, leaflets) have ended and it is drawn.
 */
void           mp_test_ui_render                 (GtkWidget  *widget,
                                                  const char *name);

/* Look-ups below a widget, as the user sees it. */
gpointer       mp_test_ui_child                  (gpointer    widget,
                                                  const char *name);
const char    *mp_test_ui_visible_name           (GtkWidget *page);
GListModel    *mp_test_ui_column_model           (GtkWidget *page);
gpointer       mp_test_ui_find_widget            (GtkWidget *root,
                                                  GType      type);
gpointer       mp_test_ui_find_named             (GtkWidget  *root,
                                                  const char *name);
gpointer       mp_test_ui_find_toplevel          (GType type);
GtkWidget     *mp_test_ui_find_label             (GtkWidget  *root,
                                                  const char *text);
gboolean       mp_test_ui_label_contains         (GtkWidget  *root,
                                                  const char *text);
/* Presses KEYVAL with MODIFIERS as a shortcut of WIDGET's own (its class's
 * key bindings and shortcut controllers); whether one handled it.
 */
gboolean       mp_test_ui_press_shortcut         (GtkWidget       *widget,
                                                  guint            keyval,
                                                  GdkModifierType  modifiers);
/* The texts of the mapped labels below ROOT that have CSS_CLASS (NULL:
 * every one), in widget order; free with g_ptr_array_unref().
 */
GPtrArray     *mp_test_ui_collect_labels         (GtkWidget  *root,
                                                  const char *css_class);
guint          mp_test_ui_count_rows             (GtkListBox *list);
/* A visible AdwActionRow below ROOT whose title starts with PREFIX and
 * that shows a label TEXT exactly.
 */
gboolean       mp_test_ui_row_shows              (GtkWidget  *root,
                                                  const char *prefix,
                                                  const char *text);
/* MINOR units of CURRENCY as the pages show money (the user's locale). */
char          *mp_test_ui_format_cents           (gint64      minor,
                                                  const char *currency);
GtkListBoxRow *mp_test_ui_row_titled             (GtkListBox *list,
                                                  const char *title);
/* The button below ROOT whose label is LABEL ("_Discard"), or NULL. */
GtkWidget     *mp_test_ui_find_button            (GtkWidget  *root,
                                                  const char *label);
/* Clicks the response button of DIALOG labelled LABEL, as a user does
 * (the dialog then closes).
 */
void           mp_test_ui_click_response         (AdwMessageDialog *dialog,
                                                  const char       *label);

/* An asynchronous call's outcome: pass &wait as the callback's data, then
 * MP_WAIT_UNTIL (wait.done, ...).
 */
typedef struct
{
  gpointer result;
  GError  *error;
  gboolean done;
} MpTestUiWait;

void           mp_test_ui_get_plan_cb            (GObject      *object,
                                                  GAsyncResult *result,
                                                  gpointer      user_data);
void           mp_test_ui_get_subscription_cb    (GObject      *object,
                                                  GAsyncResult *result,
                                                  gpointer      user_data);
void           mp_test_ui_place_cb               (GObject      *object,
                                                  GAsyncResult *result,
                                                  gpointer      user_data);
void           mp_test_ui_read_text_cb           (GObject      *object,
                                                  GAsyncResult *result,
                                                  gpointer      user_data);
/* For mp_paged_list_wait_async(): USER_DATA is an MpTestUiWait. */
void           mp_test_ui_wait_list_cb           (GObject      *object,
                                                  GAsyncResult *result,
                                                  gpointer      user_data);
/* Waits until LIST has loaded every page; fails the test on an error. */
void           mp_test_ui_wait_list              (MpPagedList *list);
MpSubscription *mp_test_ui_get_subscription      (MpTestUiFixture *fixture,
                                                  const char      *id);
guint          mp_test_ui_count_subscriptions    (MpTestUiFixture *fixture);
gboolean       mp_test_ui_has_subscription       (MpTestUiFixture *fixture,
                                                  const char      *id);
gint64         mp_test_ui_count_orders           (MpTestUiFixture *fixture);

/* Places a change order (MPN to QUANTITY) behind the screens' back, as
 * another user would; fails the test unless it is placed.
 */
MpOrder       *mp_test_ui_place_change           (MpTestUiFixture *fixture,
                                                  const char      *subscription_id,
                                                  const char      *mpn,
                                                  gint64           quantity);
/* The months of SUBSCRIPTION's term. */
gint64         mp_test_ui_term_months            (MpSubscription  *subscription);
/* The charge for DELTA more (or, negative, fewer) units of MPN, prorated
 * as a change is (docs/api.md): the days left until the subscription
 * expires over the days of its term, rounded half away from zero. In
 * minor units, computed from the unit price, not from an estimate.
 */
gint64         mp_test_ui_prorated_change        (MpSubscription  *subscription,
                                                  const char      *mpn,
                                                  gint64           delta);
/* Presses KEYVAL (with STATE) through WIDGET's event controller NAME, as
 * the keyboard would: GTK 4 has no public way to synthesize a key event.
 * Returns whether it was handled.
 */
gboolean       mp_test_ui_press_key              (GtkWidget       *widget,
                                                  const char      *name,
                                                  guint            keyval,
                                                  GdkModifierType  state);

/* The short names the screen tests use. A test program with a fixture of
 * its own (the application window's) defines MP_TEST_UI_NO_SHORT_NAMES
 * before including this header.
 */
#ifndef MP_TEST_UI_NO_SHORT_NAMES
typedef MpTestUiFixture Fixture;
typedef MpTestUiWait Wait;

/* Spelt out as the tests wrote them, so that a test's own identical
 * definition stays valid.
 */
#define TIMEOUT_MS  20000
#define RESELLER    "demo-reseller"
#define RESELLER_PW "Demo-Reseller-1"
#define CUSTOMER    "acme-admin"
#define CUSTOMER_PW "Demo-Customer-1"
#define KEY         "demo-subscription-key"

/* Passed to g_test_add() and g_async calls as well as called. */
#define setup                 mp_test_ui_setup_reseller
#define setup_reseller        mp_test_ui_setup_reseller
#define setup_customer        mp_test_ui_setup_customer
#define setup_fixed_port      mp_test_ui_setup_fixed_port
#define teardown              mp_test_ui_teardown
#define login_cb              mp_test_ui_login_cb
#define record_action_cb      mp_test_ui_record_action_cb
#define get_plan_cb           mp_test_ui_get_plan_cb
#define get_subscription_cb   mp_test_ui_get_subscription_cb
#define place_cb              mp_test_ui_place_cb
#define read_text_cb          mp_test_ui_read_text_cb
#define wait_list_cb          mp_test_ui_wait_list_cb

/* Only called. */
#define login(f, m, u, p)           mp_test_ui_login (f, m, u, p)
#define was_activated(f, a)         mp_test_ui_was_activated (f, a)
#define was_activated_prefix(f, p)  mp_test_ui_was_activated_prefix (f, p)
#define count_prefix(f, p)          mp_test_ui_count_prefix (f, p)
#define last_parameter(f, a)        mp_test_ui_last_parameter (f, a)
#define free_port()                 mp_test_ui_free_port ()
#define show_page(f, p)             mp_test_ui_show_page (f, p)
#define render(w, n)                mp_test_ui_render (w, n)
#define screenshot(w, n)            mp_test_ui_render (w, n)
#define child(w, n)                 mp_test_ui_child (w, n)
#define visible_name(p)             mp_test_ui_visible_name (p)
#define column_model(p)             mp_test_ui_column_model (p)
#define find_widget(r, t)           mp_test_ui_find_widget (r, t)
#define find_named(r, n)            mp_test_ui_find_named (r, n)
#define find_toplevel(t)            mp_test_ui_find_toplevel (t)
#define find_label(r, t)            mp_test_ui_find_label (r, t)
#define label_contains(r, t)        mp_test_ui_label_contains (r, t)
#define count_rows(l)               mp_test_ui_count_rows (l)
#define collect_labels(r, c)        mp_test_ui_collect_labels (r, c)
#define press_shortcut(w, k, m)     mp_test_ui_press_shortcut (w, k, m)
#define row_titled(l, t)            mp_test_ui_row_titled (l, t)
#define find_button(r, l)           mp_test_ui_find_button (r, l)
#define click_response(d, l)        mp_test_ui_click_response (d, l)
#define get_subscription(f, id)     mp_test_ui_get_subscription (f, id)
#define count_subscriptions(f)      mp_test_ui_count_subscriptions (f)
#define has_subscription(f, id)     mp_test_ui_has_subscription (f, id)
#define count_orders(f)             mp_test_ui_count_orders (f)
#endif

G_END_DECLS
