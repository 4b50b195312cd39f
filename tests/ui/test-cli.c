/* test-cli.c: market-panel's command line, run as a user would.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>

static char *
program_path (void)
{
  return g_build_filename (g_getenv ("MP_BUILD_DIR"), "src", "ui", "market-panel", NULL);
}

static int
run (const char * const  *args,
     char               **out,
     char               **err)
{
  g_autofree char *program = program_path ();
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status = 0;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                out, err, &wait_status, &error);
  g_assert_no_error (error);
  g_assert_true (WIFEXITED (wait_status));
  return WEXITSTATUS (wait_status);
}

static void
test_version (void)
{
  static const char * const args[] = { "--version", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_cmpstr (out, ==, "market-panel " PACKAGE_VERSION "\n");
}

static void
test_help (void)
{
  static const char * const args[] = { "--help", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (args, &out, &err), ==, 0);
  g_assert_nonnull (strstr (out, "--server=URL"));
  g_assert_nonnull (strstr (out, "--demo"));
  g_assert_nonnull (strstr (out, "--version"));
}

static void
test_bad_server (void)
{
  static const char * const ftp[] = { "--server", "ftp://example.com/api", NULL };
  static const char * const junk[] = { "--server", "not a url", NULL };
  static const char * const both[] = { "--demo", "--server", "https://example.com/api", NULL };
  static const char * const unknown[] = { "--frobnicate", NULL };
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;

  g_assert_cmpint (run (ftp, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "ftp://example.com/api"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (junk, &out, &err), ==, 2);
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (both, &out, &err), ==, 2);
  g_assert_nonnull (strstr (err, "--demo"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_cmpint (run (unknown, &out, &err), !=, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/cli/version", test_version);
  g_test_add_func ("/cli/help", test_help);
  g_test_add_func ("/cli/bad-server", test_bad_server);

  return g_test_run ();
}
