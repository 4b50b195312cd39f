/* bench-plans.c: the wizard's service step with 10,000 plans. Prints
 * figures; asserts nothing.
 *
 *   xvfb-run -a build/bench/ui/bench-plans [PLANS] [RUNS]
 *
 * The demo server is started on a catalogue of PLANS plans (the demo
 * catalogue's plans, copied under new IDs and product lines until there are
 * PLANS), and the service step lists them. It measures:
 *
 * - time to first paint: from the step's creation to the first frame
 *   painted with every product line in the list (the plans' download is
 *   said apart: "loaded" is when the list model has them all);
 * - per keystroke: typing a 17-character query one character at a time
 *   into the search entry, the time from the keystroke to the next painted
 *   frame, median and p95;
 * - scroll: the list scrolled by a third of a page per frame, from top to
 *   bottom, the frame-to-frame times, median and p95.
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bench-util.h"
#include "mp-order-draft.h"
#include "mp-service-step.h"
#include "mp-session.h"
#include "mp-test-server.h"

#define QUERY "identity synchron"

/* The demo catalogue with its plans copied until there are N_PLANS: each
 * copy under a new ID, its own product line (two plans a line, as the
 * demo's reseller and customer variants), its MPNs made unique, no
 * switches. Returns the file's path.
 */
static char *
write_catalogue (guint n_plans)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  JsonObject *root;
  JsonArray *plans;
  guint n_demo;
  char *path;
  int fd;

  if (!json_parser_load_from_file (parser, MP_SOURCE_ROOT "/data/catalog/demo-catalog.json", &error))
    {
      g_printerr ("bench-plans: %s\n", error->message);
      exit (1);
    }
  root = json_node_get_object (json_parser_get_root (parser));
  plans = json_object_get_array_member (root, "plans");
  n_demo = json_array_get_length (plans);
  for (guint i = n_demo; i < n_plans; i++)
    {
      JsonObject *demo = json_array_get_object_element (plans, i % n_demo);
      /* json_node_copy() shares the object: a deep copy through text. */
      g_autofree char *text = json_to_string (json_array_get_element (plans, i % n_demo), FALSE);
      JsonNode *node = json_from_string (text, NULL);
      JsonObject *copy = json_node_get_object (node);
      JsonObject *line = json_object_new ();
      JsonArray *products = json_object_get_array_member (copy, "products");
      g_autofree char *id = g_strdup_printf ("%u", 900000 + i);
      g_autofree char *line_id = g_strdup_printf ("bench-line-%u", i / 2);
      g_autofree char *line_name = g_strdup_printf ("%s %u", json_object_get_string_member (demo, "name"), i / 2);
      g_autofree char *name = g_strdup_printf ("%s %u", json_object_get_string_member (demo, "name"), i);

      json_object_set_string_member (copy, "id", id);
      json_object_set_string_member (copy, "name", name);
      json_object_set_string_member (line, "id", line_id);
      json_object_set_string_member (line, "name", line_name);
      json_object_set_object_member (copy, "productLine", line);
      json_object_remove_member (copy, "switches");
      json_object_remove_member (copy, "translations");
      for (guint j = 0; products != NULL && j < json_array_get_length (products); j++)
        {
          JsonObject *product = json_array_get_object_element (products, j);
          g_autofree char *mpn = g_strdup_printf ("%s-B%u", json_object_get_string_member (product, "mpn"), i);

          json_object_set_string_member (product, "mpn", mpn);
        }
      json_array_add_element (plans, node);
    }
  /* No subscriptions or orders: they would only slow the seeding. */
  json_object_set_array_member (root, "subscriptions", json_array_new ());
  json_object_set_array_member (root, "orders", json_array_new ());

  fd = g_file_open_tmp ("bench-plans-XXXXXX.json", &path, &error);
  if (fd < 0)
    {
      g_printerr ("bench-plans: %s\n", error->message);
      exit (1);
    }
  close (fd);
  json_generator_set_root (generator, json_parser_get_root (parser));
  if (!json_generator_to_file (generator, path, &error))
    {
      g_printerr ("bench-plans: %s\n", error->message);
      exit (1);
    }
  return path;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_figures (const char *what,
               GArray     *ms)
{
  double median, p95;

  g_array_sort (ms, compare_doubles);
  median = g_array_index (ms, double, ms->len / 2);
  p95 = g_array_index (ms, double, MIN (ms->len - 1, (ms->len * 95 + 99) / 100 - 1));
  printf ("%-44s median %7.2f ms  p95 %7.2f ms  max %7.2f ms  (%u samples)\n",
          what, median, p95, g_array_index (ms, double, ms->len - 1), ms->len);
}

static GtkWidget *
find_scrolled (GtkWidget *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_SCROLLED_WINDOW (child) && gtk_widget_get_mapped (child))
        return child;
      if ((found = find_scrolled (child)) != NULL)
        return found;
    }
  return NULL;
}

/* Waits for the next frame painted after now. */
static void
wait_paint (GtkWidget *widget)
{
  guint before = bench_paints;

  gtk_widget_queue_draw (widget);
  BENCH_SPIN_UNTIL (bench_paints > before, 300, 5);
}

static void
run (MpSession *session,
     guint      n_plans,
     GArray    *first_paint,
     GArray    *keystrokes,
     GArray    *frames)
{
  g_autoptr(MpOrderDraft) draft = mp_order_draft_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *step;
  GtkWidget *scrolled;
  GtkAdjustment *adjustment;
  GtkEditable *entry;
  gint64 t0, loaded;
  guint all;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 720);
  gtk_widget_realize (window);
  bench_watch_paints (window);

  t0 = g_get_monotonic_time ();
  step = mp_service_step_new (session, draft, NULL, "reseller");
  gtk_window_set_child (GTK_WINDOW (window), step);
  gtk_window_present (GTK_WINDOW (window));
  /* Every product line of the catalogue: half as many as plans, the
   * demo's own lines aside.
   */
  BENCH_SPIN_UNTIL (mp_service_step_get_n_shown (MP_SERVICE_STEP (step)) >= n_plans / 2 - 26, 120, 5);
  loaded = g_get_monotonic_time ();
  all = mp_service_step_get_n_shown (MP_SERVICE_STEP (step));
  wait_paint (step);
  g_array_append_val (first_paint, (double) { (bench_last_paint - t0) / 1000.0 });
  printf ("run: %u product lines loaded after %.0f ms, painted %.0f ms later (first paint %.0f ms)\n",
          all, (loaded - t0) / 1000.0, (bench_last_paint - loaded) / 1000.0, (bench_last_paint - t0) / 1000.0);

  /* Typing the query, one character at a time: each character inserted
   * at the end of the search entry, then its "search-changed" (which the
   * entry says 150 ms after the last key; emitted at once here, so that the
   * figure is the list's work and not the entry's delay).
   */
  entry = GTK_EDITABLE (gtk_widget_get_template_child (step, MP_TYPE_SERVICE_STEP, "search_entry"));
  for (guint i = 0; i < strlen (QUERY); i++)
    {
      gint64 k0 = g_get_monotonic_time ();
      int position = (int) strlen (gtk_editable_get_text (entry));

      gtk_editable_insert_text (entry, QUERY + i, 1, &position);
      g_signal_emit_by_name (entry, "search-changed");
      wait_paint (step);
      g_array_append_val (keystrokes, (double) { (bench_last_paint - k0) / 1000.0 });
      printf ("  \"%s\": %u product lines, %.1f ms\n", gtk_editable_get_text (entry),
              mp_service_step_get_n_shown (MP_SERVICE_STEP (step)), (bench_last_paint - k0) / 1000.0);
    }
  printf ("run: \"%s\" shows %u product lines\n", QUERY, mp_service_step_get_n_shown (MP_SERVICE_STEP (step)));
  mp_service_step_set_search (MP_SERVICE_STEP (step), NULL);
  BENCH_SPIN_UNTIL (mp_service_step_get_n_shown (MP_SERVICE_STEP (step)) == all, 30, 5);
  wait_paint (step);

  /* Scrolling from top to bottom, a third of a page a frame. */
  scrolled = find_scrolled (step);
  if (scrolled == NULL)
    {
      g_printerr ("bench-plans: no scrolled window on the step\n");
      exit (1);
    }
  adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  for (guint i = 0; i < 300; i++)
    {
      gint64 before = bench_last_paint;
      double value = gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) / 3;

      if (value >= gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment))
        break;
      gtk_adjustment_set_value (adjustment, value);
      wait_paint (step);
      g_array_append_val (frames, (double) { (bench_last_paint - before) / 1000.0 });
    }

  gtk_window_destroy (GTK_WINDOW (window));
  BENCH_SPIN_UNTIL (g_main_context_iteration (NULL, FALSE) == FALSE, 10, 5);
}

int
main (int   argc,
      char *argv[])
{
  guint n_plans = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 10000;
  guint runs = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 3;
  g_autofree char *catalogue = NULL;
  g_autoptr(MpTestServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpClient) client = NULL;
  g_autoptr(MpSession) session = NULL;
  g_autofree char *base_url = NULL;
  g_autoptr(GArray) first_paint = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) keystrokes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) frames = g_array_new (FALSE, FALSE, sizeof (double));
  const char *server_args[] = { "--catalog", NULL, NULL };
  gint64 t0;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", MP_BUILD_ROOT "/data", TRUE);
  if (g_getenv ("MP_BUILD_DIR") == NULL)
    g_setenv ("MP_BUILD_DIR", MP_BUILD_ROOT, TRUE);

  gtk_init ();
  adw_init ();

  catalogue = write_catalogue (n_plans);
  server_args[1] = catalogue;
  t0 = g_get_monotonic_time ();
  server = mp_test_server_start (server_args, &error);
  if (server == NULL)
    {
      g_printerr ("bench-plans: %s\n", error->message);
      return 1;
    }
  printf ("server seeded with %u plans in %.2f s\n", n_plans, (g_get_monotonic_time () - t0) / 1e6);

  base_url = mp_test_server_get_base_url (server, "US");
  client = mp_client_new (base_url, "US", "demo-reseller", "Demo-Reseller-1", "demo-subscription-key");
  bench_login (client);
  session = mp_session_new (client);

  for (guint r = 0; r < runs; r++)
    run (session, n_plans, first_paint, keystrokes, frames);

  printf ("\nservice step, %u plans, %u runs (build type %s):\n", n_plans, runs, MP_BUILD_TYPE);
  print_figures ("time to first paint (incl. download)", first_paint);
  print_figures ("keystroke to painted frame (\"" QUERY "\")", keystrokes);
  print_figures ("scroll frame to frame", frames);
  g_unlink (catalogue);
  return 0;
}
