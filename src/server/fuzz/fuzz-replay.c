/* fuzz-replay.c: runs a fuzz target's inputs once each, without libFuzzer
 *
 * Links with fuzz-request.c or fuzz-server.c into a plain program (any
 * compiler) that the server suite runs over the seed corpora, so that the
 * harnesses and what they reach are exercised on every test run.
 *
 * Usage: fuzz-replay FILE-OR-DIRECTORY...
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>
#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static guint
replay (const char *path)
{
  g_autofree char *data = NULL;
  gsize length;
  guint count = 0;

  if (g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert (dir != NULL);
      while ((name = g_dir_read_name (dir)) != NULL)
        g_ptr_array_add (names, g_build_filename (path, name, NULL));
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);
      for (guint i = 0; i < names->len; i++)
        count += replay (g_ptr_array_index (names, i));
      return count;
    }
  if (!g_file_get_contents (path, &data, &length, NULL))
    g_error ("cannot read %s", path);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, length);
  return 1;
}

int
main (int   argc,
      char *argv[])
{
  guint count = 0;
  int i;

  for (i = 1; i < argc; i++)
    count += replay (argv[i]);
  if (count == 0)
    g_error ("no inputs");
  printf ("1..1\nok 1 - %u inputs replayed\n", count);
  return 0;
}
