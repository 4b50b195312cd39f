/* main.c: market-panel-server, the demo marketplace
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "mp-server.h"

static const char *demo_logins =
  "Demo logins (every marketplace; subscription key \"demo-subscription-key\"):\n"
  "  demo-reseller   / Demo-Reseller-1   reseller API user of Northwind Cloud Reseller\n"
  "  acme-admin      / Demo-Customer-1   admin of customer Acme Corporation\n"
  "  globex-admin    / Demo-Customer-2   admin of customer Globex Inc.\n"
  "  initech-admin   / Demo-Customer-3   admin of customer Initech LLC\n"
  "  other-reseller  / Demo-Reseller-2   a second reseller (Contoso Partners)\n"
  "  umbrella-admin  / Demo-Customer-4   admin of its customer Umbrella Ltd\n"
  "OAuth2 client: id \"market-panel\", secret \"demo-client-secret\"; realm = lower-case\n"
  "marketplace code (us, uk, de).\n";

typedef struct
{
  GMainLoop *loop;
  MpServer  *server;
  gboolean   quitting;
} Shutdown;

static gboolean
on_drained (gpointer user_data)
{
  Shutdown *shutdown = user_data;

  g_main_loop_quit (shutdown->loop);
  return G_SOURCE_REMOVE;
}

/* The first signal answers the requests held open, then quits; a second
 * one quits at once.
 */
static gboolean
on_quit_signal (gpointer user_data)
{
  Shutdown *shutdown = user_data;

  if (shutdown->quitting)
    {
      g_main_loop_quit (shutdown->loop);
      return G_SOURCE_CONTINUE;
    }
  g_message ("Shutting down");
  shutdown->quitting = TRUE;
  mp_server_drain (shutdown->server, on_drained, shutdown);
  return G_SOURCE_CONTINUE;
}

static const char *
default_catalog (void)
{
#ifdef MP_DEMO_CATALOG_SOURCE
  if (g_file_test (MP_DEMO_CATALOG_SOURCE, G_FILE_TEST_IS_REGULAR))
    return MP_DEMO_CATALOG_SOURCE;
#endif
  return PKGDATADIR "/demo-catalog.json";
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(MpServer) server = NULL;
  g_autofree char *listen = NULL;
  g_autofree char *data_dir = NULL;
  g_autofree char *catalog = NULL;
  g_autofree char *tls_cert = NULL;
  g_autofree char *tls_key = NULL;
  g_autofree char *url = NULL;
  gboolean print_url = FALSE;
  gboolean no_extensions = FALSE;
  gboolean no_page_cache = FALSE;
  gboolean no_login_throttle = FALSE;
  gboolean version = FALSE;
  int step_ms = 3000;
  int token_lifetime = 3600;
  int rate_limit = 0;
  int seed_subscriptions = 0;
  int clock_offset_days = 0;
  gboolean demo_clock = FALSE;
  guint sigint_id, sigterm_id;
  MpServerOptions options = { 0 };
  Shutdown shutdown = { 0 };
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address to listen on (default 127.0.0.1:0)", "HOST:PORT" },
    { "data-dir", 0, 0, G_OPTION_ARG_FILENAME, &data_dir, "Directory of marketplace.db (required)", "DIR" },
    { "catalog", 0, 0, G_OPTION_ARG_FILENAME, &catalog, "Catalogue that seeds a new database", "FILE" },
    { "provision-step-ms", 0, 0, G_OPTION_ARG_INT, &step_ms, "Milliseconds per provisioning step (default 3000)", "MS" },
    { "print-url", 0, 0, G_OPTION_ARG_NONE, &print_url, "Print the root URL on standard output once listening", NULL },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &token_lifetime, "Token lifetime in seconds (default 3600)", "SECONDS" },
    { "no-extensions", 0, 0, G_OPTION_ARG_NONE, &no_extensions, "Behave as plain SimpleAPI 1.15, without the extensions", NULL },
    { "rate-limit", 0, 0, G_OPTION_ARG_INT, &rate_limit, "Answer 429 above N requests per second per subscription key (0: off)", "N" },
    { "seed-subscriptions", 0, 0, G_OPTION_ARG_INT, &seed_subscriptions, "Add N generated subscriptions to the database, then serve", "N" },
    { "no-page-cache", 0, 0, G_OPTION_ARG_NONE, &no_page_cache, "Write every subscription list page anew, not from the page cache (for benchmarks)", NULL },
    { "no-login-throttle", 0, 0, G_OPTION_ARG_NONE, &no_login_throttle, "Do not lock logins and addresses out after failed sign-ins (for benchmarks)", NULL },
    { "tls-cert", 0, 0, G_OPTION_ARG_FILENAME, &tls_cert, "TLS certificate (PEM); needed for a non-loopback address", "FILE" },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &tls_key, "TLS private key (PEM)", "FILE" },
    { "clock-offset-days", 0, 0, G_OPTION_ARG_INT, &clock_offset_days, "Demo clock: today is N days after the real date (renewals, estimates, dates)", "N" },
    { "demo-clock", 0, 0, G_OPTION_ARG_NONE, &demo_clock, "Let POST /clock advance the demo clock while running (demos and tests only)", NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, "Print the version and exit", NULL },
    { NULL }
  };

  /* A client that goes away mid-answer must not kill the server. */
  signal (SIGPIPE, SIG_IGN);

  context = g_option_context_new ("- the Market Panel demo marketplace (SimpleAPI 1.15)");
  g_option_context_add_main_entries (context, entries, NULL);
  g_option_context_set_description (context, demo_logins);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("market-panel-server: %s\n", error->message);
      return EXIT_FAILURE;
    }
  if (version)
    {
      g_print ("market-panel-server %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }
  if (data_dir == NULL)
    {
      g_printerr ("market-panel-server: --data-dir is required\n");
      return EXIT_FAILURE;
    }
  if (step_ms < 0 || token_lifetime < 1 || rate_limit < 0 || seed_subscriptions < 0)
    {
      g_printerr ("market-panel-server: numeric options must not be negative\n");
      return EXIT_FAILURE;
    }
  if (clock_offset_days < -36500 || clock_offset_days > 36500)
    {
      g_printerr ("market-panel-server: --clock-offset-days must be within ±36500\n");
      return EXIT_FAILURE;
    }
  if ((tls_cert == NULL) != (tls_key == NULL))
    {
      g_printerr ("market-panel-server: --tls-cert and --tls-key go together\n");
      return EXIT_FAILURE;
    }

  options.listen = listen != NULL ? listen : "127.0.0.1:0";
  options.data_dir = data_dir;
  options.catalog = catalog != NULL ? catalog : default_catalog ();
  options.step_ms = step_ms;
  options.token_lifetime = token_lifetime;
  options.extensions = !no_extensions;
  options.rate_limit = rate_limit;
  options.seed_subscriptions = seed_subscriptions;
  options.page_cache = !no_page_cache;
  options.login_throttle = !no_login_throttle;
  options.clock_offset_days = clock_offset_days;
  options.demo_clock = demo_clock;
  options.tls_cert = tls_cert;
  options.tls_key = tls_key;

  server = mp_server_new (&options, &error);
  if (server == NULL || !mp_server_start (server, &error))
    {
      g_printerr ("market-panel-server: %s\n", error->message);
      return EXIT_FAILURE;
    }

  /* Before the URL is out: whoever reads it may stop the server at once. */
  loop = g_main_loop_new (NULL, FALSE);
  shutdown.loop = loop;
  shutdown.server = server;
  sigint_id = g_unix_signal_add (SIGINT, on_quit_signal, &shutdown);
  sigterm_id = g_unix_signal_add (SIGTERM, on_quit_signal, &shutdown);

  url = mp_server_get_url (server);
  if (print_url)
    {
      printf ("%s\n", url);
      fflush (stdout);
    }
  g_message ("Listening on %s", url);

  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  mp_server_stop (server);
  return EXIT_SUCCESS;
}
