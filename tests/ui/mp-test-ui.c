/* mp-test-ui.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-test-ui.h"
#include "mp-a11y.h"

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
 * environment. Returns FALSE only when MP_TEST_ALLOW_NO_DISPLAY is set.
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
        return FALSE;
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

  g_return_val_if_fail (GTK_IS_WIDGET (widget), FALSE);

  if (width <= 0 || height <= 0 || gtk_widget_get_native (widget) == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "Cannot render %s: it is not realized", G_OBJECT_TYPE_NAME (widget));
      return FALSE;
    }

  paintable = gtk_widget_paintable_new (widget);
  /* A window presented a moment ago may not have its first frame yet. */
  for (guint attempt = 0; attempt < 200 && node == NULL; attempt++)
    {
      if (attempt > 0)
        {
          g_usleep (10000);
          while (g_main_context_iteration (NULL, FALSE))
            ;
        }
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
    }
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
