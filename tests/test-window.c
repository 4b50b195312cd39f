/* test-window.c: the main window, its sections, actions and rendering.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mp-test-ui.h"
#include "mp-window.h"

typedef struct
{
  MpWindow *window;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->window = mp_window_new (NULL);
  gtk_window_present (GTK_WINDOW (fixture->window));
  MP_WAIT_UNTIL (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)), 5000);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_child_of_type (GtkWidget *root,
                    GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_type_is_a (G_OBJECT_TYPE (child), type))
        return child;
      if ((found = find_child_of_type (child, type)) != NULL)
        return found;
    }
  return NULL;
}

static void
test_sections (Fixture       *fixture,
               gconstpointer  data)
{
  static const char *names[] = { "orders", "customers", "marketplace", "subscriptions" };
  AdwViewStack *stack = ADW_VIEW_STACK (find_child_of_type (GTK_WIDGET (fixture->window),
                                                            ADW_TYPE_VIEW_STACK));

  g_assert_nonnull (stack);
  g_assert_cmpstr (mp_window_get_visible_section (fixture->window), ==, "subscriptions");

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      GtkWidget *child;

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                                 "win.show-section", "s", names[i]));
      g_assert_cmpstr (mp_window_get_visible_section (fixture->window), ==, names[i]);
      child = adw_view_stack_get_visible_child (stack);
      MP_WAIT_UNTIL (gtk_widget_get_mapped (child), 2000);
    }

  /* An unknown section changes nothing. */
  g_test_expect_message ("mp-window", G_LOG_LEVEL_WARNING, "*No section called*");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-section", "s", "nope");
  g_test_assert_expected_messages ();
  g_assert_cmpstr (mp_window_get_visible_section (fixture->window), ==, "subscriptions");
}

static void
test_section_titles (Fixture       *fixture,
                     gconstpointer  data)
{
  static const struct { const char *name, *title; } expected[] = {
    { "subscriptions", "My Subscriptions" },
    { "customers", "Customers" },
    { "orders", "Orders" },
    { "marketplace", "Marketplace" },
  };
  AdwViewStack *stack = ADW_VIEW_STACK (find_child_of_type (GTK_WIDGET (fixture->window),
                                                            ADW_TYPE_VIEW_STACK));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      GtkWidget *child = adw_view_stack_get_child_by_name (stack, expected[i].name);
      AdwViewStackPage *page;

      g_assert_nonnull (child);
      page = adw_view_stack_get_page (stack, child);
      g_assert_cmpstr (adw_view_stack_page_get_title (page), ==, expected[i].title);
      g_assert_nonnull (adw_view_stack_page_get_icon_name (page));
    }
}

static void
test_window_state_settings (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new (APP_ID_BASE);
  int width;

  g_settings_set_int (settings, "window-width", 900);
  g_object_get (fixture->window, "default-width", &width, NULL);
  g_assert_cmpint (width, ==, 900);

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 1000);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 700);
}

static void
test_render (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = mp_test_artifact_path ("main-window.png");
  g_autofree guchar *pixels = NULL;
  int width, height;
  gsize stride;
  gboolean varied = FALSE;

  gtk_test_widget_wait_for_draw (GTK_WIDGET (fixture->window));
  g_assert_true (mp_test_render_png (GTK_WIDGET (fixture->window), "main-window.png", &error));
  g_assert_no_error (error);

  /* The file is a real picture of the window, not one flat colour. */
  texture = gdk_texture_new_from_filename (path, &error);
  g_assert_no_error (error);
  width = gdk_texture_get_width (texture);
  height = gdk_texture_get_height (texture);
  g_assert_cmpint (width, >, 300);
  g_assert_cmpint (height, >, 200);
  stride = (gsize) width * 4;
  pixels = g_malloc (stride * (gsize) height);
  gdk_texture_download (texture, pixels, stride);
  for (gsize i = 4; i < stride * (gsize) height && !varied; i += 4)
    varied = memcmp (pixels, pixels + i, 4) != 0;
  g_assert_true (varied);
}

int
main (int   argc,
      char *argv[])
{
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add ("/window/sections", Fixture, NULL, setup, test_sections, teardown);
  g_test_add ("/window/section-titles", Fixture, NULL, setup, test_section_titles, teardown);
  g_test_add ("/window/state-settings", Fixture, NULL, setup, test_window_state_settings, teardown);
  g_test_add ("/window/render", Fixture, NULL, setup, test_render, teardown);

  return g_test_run ();
}
