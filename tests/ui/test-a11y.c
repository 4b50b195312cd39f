/* test-a11y.c: the accessible names GTK 4.8 gets wrong, as fixed by mp-a11y
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "mp-a11y.h"
#include "mp-page-util.h"
/* This program has names of its own (Fixture, Wait, TIMEOUT_MS, ...). */
#define MP_TEST_UI_NO_SHORT_NAMES
#include "mp-test-ui.h"

#define TIMEOUT_MS 10000

/* Shows CHILD in a window of its own and waits until it is mapped, which is
 * when the fixes apply (as in the application).
 */
static GtkWindow *
show (GtkWidget *child)
{
  GtkWindow *window = GTK_WINDOW (gtk_window_new ());

  gtk_window_set_child (window, child);
  gtk_window_present (window);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (child), TIMEOUT_MS);
  return window;
}

static void
test_strip_mnemonic (void)
{
  g_autofree char *plain = mp_a11y_strip_mnemonic ("_Place Order");
  g_autofree char *literal = mp_a11y_strip_mnemonic ("snake__case_x");
  g_autofree char *trailing = mp_a11y_strip_mnemonic ("End_");

  g_assert_cmpstr (plain, ==, "Place Order");
  g_assert_cmpstr (literal, ==, "snake_casex");
  g_assert_cmpstr (trailing, ==, "End");
  g_assert_null (mp_a11y_strip_mnemonic (NULL));
}

/* "_Next" used to be read "_Next Next": the raw label plus the label child
 * labelling the button. One name is left, without the underscore, also after
 * the label changes.
 */
static void
test_mnemonic_button (void)
{
  GtkWidget *button = gtk_button_new_with_mnemonic ("_Next");
  GtkWindow *window = show (button);

  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Next");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  gtk_button_set_label (GTK_BUTTON (button), "_Place Order");
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Place Order");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY));

  gtk_window_destroy (window);
}

/* A name the code gives a mnemonic button is the only one it keeps. */
static void
test_mnemonic_button_named (void)
{
  GtkWidget *button = gtk_button_new_with_mnemonic ("_Select");
  GtkWindow *window;

  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  "Select “IDSync”", -1);
  window = show (button);
  gtk_test_accessible_assert_property (button, GTK_ACCESSIBLE_PROPERTY_LABEL, "Select “IDSync”");
  g_assert_false (gtk_test_accessible_has_relation (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_RELATION_LABELLED_BY));
  gtk_window_destroy (window);
}

/* Buttons built before the window is shown, on a page that is not (the
 * other pages of a stack), are fixed too: AT-SPI lists them all the same.
 */
static void
test_hidden_stack_page (void)
{
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *hidden = gtk_button_new_with_mnemonic ("_Retry");
  GtkWindow *window;

  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("Shown"), "shown");
  gtk_stack_add_named (GTK_STACK (stack), hidden, "hidden");
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "shown");
  window = show (stack);
  g_assert_false (gtk_widget_get_mapped (hidden));
  gtk_test_accessible_assert_property (hidden, GTK_ACCESSIBLE_PROPERTY_LABEL, "Retry");
  gtk_window_destroy (window);
}

static void
test_mnemonic_check_button (void)
{
  GtkWidget *check = gtk_check_button_new_with_mnemonic ("_Remember Me");
  GtkWindow *window = show (check);

  gtk_test_accessible_assert_property (check, GTK_ACCESSIBLE_PROPERTY_LABEL, "Remember Me");
  gtk_window_destroy (window);
}

/* Grouped choices are radio buttons for AT-SPI. */
static void
test_radio (void)
{
  GtkWidget *first = mp_a11y_radio_new (NULL);
  GtkWidget *second = mp_a11y_radio_new (GTK_CHECK_BUTTON (first));

  g_object_ref_sink (first);
  g_object_ref_sink (second);
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (first), GTK_ACCESSIBLE_ROLE_RADIO));
  g_assert_true (gtk_test_accessible_has_role (GTK_ACCESSIBLE (second), GTK_ACCESSIBLE_ROLE_RADIO));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (first), TRUE);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (second), TRUE);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (first)));
  g_object_unref (second);
  g_object_unref (first);
}

/* A drop-down's toggle button was named "GtkToggleButton". */
static void
test_drop_down_toggle (void)
{
  const char *strings[] = { "All Statuses", "Active", NULL };
  GtkWidget *drop_down = gtk_drop_down_new_from_strings (strings);
  GtkWidget *toggle = NULL;
  GtkWindow *window;

  gtk_accessible_update_property (GTK_ACCESSIBLE (drop_down), GTK_ACCESSIBLE_PROPERTY_LABEL, "Status", -1);
  window = show (drop_down);
  for (GtkWidget *w = gtk_widget_get_first_child (drop_down); w != NULL; w = gtk_widget_get_next_sibling (w))
    if (GTK_IS_TOGGLE_BUTTON (w))
      toggle = w;
  g_assert_nonnull (toggle);
  gtk_test_accessible_assert_relation (toggle, GTK_ACCESSIBLE_RELATION_LABELLED_BY, drop_down, NULL);
  gtk_window_destroy (window);
}

/* An icon button nobody named (the password row's peek button was
 * "GtkImage") is named after its tooltip, and follows it.
 */
static void
test_icon_button (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *unnamed = gtk_button_new_from_icon_name ("view-reveal-symbolic");
  GtkWidget *named = gtk_button_new_from_icon_name ("open-menu-symbolic");
  GtkWindow *window;

  gtk_widget_set_tooltip_text (unnamed, "Show Text");
  gtk_widget_set_tooltip_text (named, "Menu");
  gtk_accessible_update_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu", -1);
  gtk_box_append (GTK_BOX (box), unnamed);
  gtk_box_append (GTK_BOX (box), named);
  window = show (box);

  gtk_test_accessible_assert_property (unnamed, GTK_ACCESSIBLE_PROPERTY_LABEL, "Show Text");
  gtk_widget_set_tooltip_text (unnamed, "Hide Text");
  gtk_test_accessible_assert_property (unnamed, GTK_ACCESSIBLE_PROPERTY_LABEL, "Hide Text");
  gtk_test_accessible_assert_property (named, GTK_ACCESSIBLE_PROPERTY_LABEL, "Main Menu");
  gtk_window_destroy (window);
}

/* A list cell's tooltip, set at each bind, is kept and given when asked
 * for (no round trip to the display per bind); it is the cell's
 * description too, as with gtk_widget_set_tooltip_text ().
 */
static void
test_cell_tooltip (void)
{
  GtkWidget *cell = g_object_ref_sink (gtk_label_new ("Auto-renew off"));

  mp_page_set_cell_tooltip (cell, "Nothing is charged");
  g_assert_true (gtk_widget_get_has_tooltip (cell));
  g_assert_null (gtk_widget_get_tooltip_text (cell));
  gtk_test_accessible_assert_property (cell, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "Nothing is charged");
  mp_page_set_cell_tooltip (cell, "The subscription ends");
  gtk_test_accessible_assert_property (cell, GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, "The subscription ends");
  mp_page_set_cell_tooltip (cell, NULL);
  g_assert_false (gtk_test_accessible_has_property (GTK_ACCESSIBLE (cell), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION));
  g_object_unref (cell);
}

/* The rows of a combo row's list had no name. */
static void
test_combo_row_items (void)
{
  const char *strings[] = { "Built-in demo", "Custom address", NULL };
  GtkWidget *list_box = gtk_list_box_new ();
  GtkWidget *row = adw_combo_row_new ();
  g_autoptr(GtkStringList) model = gtk_string_list_new (strings);
  GtkWindow *window;
  GtkWidget *item = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Server");
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (model));
  gtk_list_box_append (GTK_LIST_BOX (list_box), row);
  window = show (list_box);

  /* The row's own list, which shows the chosen item: depth first. */
  {
    g_autoptr(GPtrArray) todo = g_ptr_array_new ();

    g_ptr_array_add (todo, row);
    while (todo->len > 0 && item == NULL)
      {
        GtkWidget *w = g_ptr_array_steal_index (todo, todo->len - 1);

        if (GTK_IS_LIST_VIEW (gtk_widget_get_parent (w)) && gtk_widget_get_mapped (w))
          item = w;
        for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL; c = gtk_widget_get_next_sibling (c))
          g_ptr_array_add (todo, c);
      }
  }
  g_assert_nonnull (item);
  gtk_test_accessible_assert_property (item, GTK_ACCESSIBLE_PROPERTY_LABEL, "Built-in demo");
  gtk_window_destroy (window);
}

/* A search entry nobody named (AdwPreferencesWindow's) was "GtkSearchEntry". */
static void
test_unnamed_search_entry (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *unnamed = gtk_search_entry_new ();
  GtkWidget *named = gtk_search_entry_new ();
  GtkWindow *window;

  g_object_set (unnamed, "placeholder-text", "Search preferences", NULL);
  g_object_set (named, "placeholder-text", "Search by name", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (named), GTK_ACCESSIBLE_PROPERTY_LABEL, "Search subscriptions", -1);
  gtk_box_append (GTK_BOX (box), unnamed);
  gtk_box_append (GTK_BOX (box), named);
  window = show (box);
  gtk_test_accessible_assert_property (unnamed, GTK_ACCESSIBLE_PROPERTY_LABEL, "Search preferences");
  gtk_test_accessible_assert_property (named, GTK_ACCESSIBLE_PROPERTY_LABEL, "Search subscriptions");
  gtk_window_destroy (window);
}

/* An expander row (a cart line) is named by its title, also when it changes. */
static void
test_expander_row (void)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_expander_row_new ();
  GtkWindow *window;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "IDSync - Connector for Resellers");
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  window = show (list);
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "IDSync - Connector for Resellers");
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), "Fabrikam Office Basic");
  gtk_test_accessible_assert_property (row, GTK_ACCESSIBLE_PROPERTY_LABEL, "Fabrikam Office Basic");
  gtk_window_destroy (window);
}

/* Read-only text is no Tab stop: Tab goes from the spin button to OK. */
static void
test_read_only (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 10, 1);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *price = gtk_label_new ("$15.60");
  GtkWidget *ok = gtk_button_new_with_label ("OK");
  GtkWindow *window;

  gtk_label_set_selectable (GTK_LABEL (price), TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), price);
  mp_a11y_set_read_only (price);
  mp_a11y_set_read_only (row);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), ok);
  window = show (box);

  g_assert_true (gtk_label_get_selectable (GTK_LABEL (price)));
  g_assert_false (gtk_widget_get_focusable (price));
  g_assert_false (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row)));
  gtk_widget_grab_focus (spin);
  MP_WAIT_UNTIL (gtk_widget_has_focus (gtk_window_get_focus (window)) &&
                 gtk_widget_is_ancestor (gtk_window_get_focus (window), spin), TIMEOUT_MS);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (window), GTK_DIR_TAB_FORWARD));
  g_assert_true (gtk_window_get_focus (window) == ok);
  gtk_window_destroy (window);
}

/* The key controller NAME that mp-a11y gave WIDGET, to replay a key press
 * through it: GTK 4 has no public way to synthesize one.
 */
static GtkEventController *
key_controller (GtkWidget  *widget,
                const char *name)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (g_strcmp0 (gtk_event_controller_get_name (c), name) == 0)
        return c;
    }
  g_assert_not_reached ();
}

static gboolean
press_key (GtkEventController *controller,
           guint               keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (controller, "key-pressed", keyval, 0, (GdkModifierType) 0, &handled);
  return handled;
}

/* Tab leaves a list of categories in one step (GTK would select each row
 * on the way); Shift+Tab goes back to the control before it.
 */
static void
test_tab_leaves_list (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *before = gtk_button_new_with_label ("Search");
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *after = gtk_button_new_with_label ("First Product");
  GtkListBoxRow *first;
  GtkWindow *window;

  for (guint i = 0; i < 3; i++)
    gtk_list_box_append (GTK_LIST_BOX (list), gtk_label_new ("Category"));
  mp_a11y_tab_leaves_list (GTK_LIST_BOX (list), before, after);
  gtk_box_append (GTK_BOX (box), before);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), after);
  window = show (box);

  first = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  gtk_list_box_select_row (GTK_LIST_BOX (list), first);
  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (first)));
  g_assert_true (press_key (key_controller (list, "mp-a11y-tab-leaves-list"), GDK_KEY_Tab));
  g_assert_true (gtk_window_get_focus (window) == after);
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)) == first);

  g_assert_true (gtk_widget_grab_focus (GTK_WIDGET (first)));
  g_assert_true (press_key (key_controller (list, "mp-a11y-tab-leaves-list"), GDK_KEY_ISO_Left_Tab));
  g_assert_true (gtk_window_get_focus (window) == before);
  g_assert_true (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)) == first);
  gtk_window_destroy (window);
}

typedef struct
{
  GtkWindow *window;
  GtkWidget *stack;
  GtkWidget *entry;
  GtkWidget *list;
  GtkWidget *hidden_entry;
} SearchWindow;

static void
search_window_init (SearchWindow *w)
{
  GtkWidget *page = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *other = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *button = gtk_button_new_with_label ("Buy More Services");

  w->stack = gtk_stack_new ();
  w->entry = gtk_search_entry_new ();
  w->hidden_entry = gtk_search_entry_new ();
  w->list = gtk_list_box_new ();
  for (int i = 0; i < 3; i++)
    {
      g_autofree char *name = g_strdup_printf ("Row %d", i);

      gtk_list_box_append (GTK_LIST_BOX (w->list), gtk_label_new (name));
    }
  gtk_box_append (GTK_BOX (page), w->entry);
  gtk_box_append (GTK_BOX (page), button);
  gtk_box_append (GTK_BOX (page), w->list);
  gtk_box_append (GTK_BOX (other), w->hidden_entry);
  mp_a11y_setup_search (GTK_SEARCH_ENTRY (w->entry), page, w->list);
  mp_a11y_setup_search (GTK_SEARCH_ENTRY (w->hidden_entry), other, NULL);
  gtk_stack_add_named (GTK_STACK (w->stack), other, "other");
  gtk_stack_add_named (GTK_STACK (w->stack), page, "page");
  gtk_stack_set_visible_child_name (GTK_STACK (w->stack), "page");
  w->window = show (w->stack);
  mp_a11y_add_search_shortcut (GTK_WIDGET (w->window));
  gtk_widget_grab_focus (button);
}

/* Ctrl+F, through the shortcut the window has for it, focuses the search of
 * the page shown (not the one of a hidden page), its text selected.
 */
static void
test_ctrl_f (void)
{
  SearchWindow w;
  g_autoptr(GListModel) controllers = NULL;
  GtkShortcut *ctrl_f = NULL;
  int start, end;

  search_window_init (&w);
  gtk_editable_set_text (GTK_EDITABLE (w.entry), "wing");
  controllers = gtk_widget_observe_controllers (GTK_WIDGET (w.window));
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && ctrl_f == NULL; i++)
    {
      g_autoptr(GtkEventController) c = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (c))
        continue;
      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (c)) && ctrl_f == NULL; j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (c), j);
          g_autofree char *trigger = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (g_strcmp0 (trigger, "<Control>f") == 0)
            ctrl_f = shortcut;
        }
    }
  g_assert_nonnull (ctrl_f);
  g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (ctrl_f), 0, GTK_WIDGET (w.window), NULL));
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (w.window), w.entry));
  g_assert_true (gtk_editable_get_selection_bounds (GTK_EDITABLE (w.entry), &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 4);
  gtk_window_destroy (w.window);
}

/* Down goes to the list's first row; Escape clears the search, then leaves
 * it for the list; typing on the page types into the search.
 */
static void
test_search_keys (void)
{
  SearchWindow w;
  GtkWidget *first_row;

  search_window_init (&w);
  first_row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (w.list), 0));

  /* A letter typed on the page, the focus on a button. */
  g_assert_true (press_key (key_controller (gtk_stack_get_visible_child (GTK_STACK (w.stack)), "mp-a11y-type-to-search"), GDK_KEY_w));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (w.entry)), ==, "w");
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (w.window), w.entry));

  g_assert_true (press_key (key_controller (w.entry, "mp-a11y-search"), GDK_KEY_Down));
  g_assert_true (gtk_window_get_focus (w.window) == first_row);

  gtk_widget_grab_focus (w.entry);
  g_signal_emit_by_name (w.entry, "stop-search");   /* what Escape does */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (w.entry)), ==, "");
  g_assert_true (gtk_widget_is_ancestor (gtk_window_get_focus (w.window), w.entry));
  g_signal_emit_by_name (w.entry, "stop-search");
  g_assert_true (gtk_window_get_focus (w.window) == first_row);
  gtk_window_destroy (w.window);
}

static void
count_clicks_cb (GtkButton *button,
                 int       *clicks)
{
  (*clicks)++;
}

static void
choose_cb (GtkListBox    *list,
           GtkListBoxRow *row,
           GtkWidget     *next)
{
  gtk_widget_set_sensitive (next, TRUE);
}

/* Enter on a row of a choice list chooses it and then activates the
 * default (Next) as soon as the choice makes it sensitive; Enter in a spin
 * button activates it too. The key press is replayed through the window's
 * controller, the row's activation as GtkListBox does it.
 */
static void
test_enter_activates_default (void)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *spin = gtk_spin_button_new_with_range (0, 10, 1);
  GtkWidget *next = gtk_button_new_with_mnemonic ("_Next");
  GtkListBoxRow *row;
  GtkWindow *window;
  int clicks = 0;

  gtk_list_box_append (GTK_LIST_BOX (list), gtk_label_new ("1 Month"));
  row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0);
  mp_a11y_set_enter_advances (GTK_LIST_BOX (list));
  g_signal_connect (list, "row-activated", G_CALLBACK (choose_cb), next);
  g_signal_connect (next, "clicked", G_CALLBACK (count_clicks_cb), &clicks);
  gtk_widget_set_sensitive (next, FALSE);
  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), spin);
  gtk_box_append (GTK_BOX (box), next);
  window = show (box);
  gtk_window_set_default_widget (window, next);
  mp_a11y_enter_activates_default (window);

  gtk_widget_grab_focus (GTK_WIDGET (row));
  g_assert_false (press_key (key_controller (GTK_WIDGET (window), "mp-a11y-enter"), GDK_KEY_Return));
  g_signal_emit_by_name (row, "activate");
  MP_WAIT_UNTIL (clicks == 1, TIMEOUT_MS);

  gtk_widget_grab_focus (spin);
  gtk_editable_set_text (GTK_EDITABLE (spin), "7");
  g_assert_true (press_key (key_controller (GTK_WIDGET (window), "mp-a11y-enter"), GDK_KEY_Return));
  MP_WAIT_UNTIL (clicks == 2, TIMEOUT_MS);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (spin)), ==, 7);

  /* GTK drops the default while it is hidden (Next, while the wizard loads
   * a plan); Enter still finds it.
   */
  gtk_widget_set_visible (next, FALSE);
  gtk_widget_set_visible (next, TRUE);
  MP_WAIT_UNTIL (gtk_widget_get_mapped (next), TIMEOUT_MS);
  gtk_widget_grab_focus (spin);
  g_assert_true (press_key (key_controller (GTK_WIDGET (window), "mp-a11y-enter"), GDK_KEY_Return));
  MP_WAIT_UNTIL (clicks == 3, TIMEOUT_MS);

  /* Another key forgets an Enter that waits for the default. */
  gtk_widget_set_sensitive (next, FALSE);
  gtk_widget_grab_focus (spin);
  g_assert_true (press_key (key_controller (GTK_WIDGET (window), "mp-a11y-enter"), GDK_KEY_Return));
  g_assert_false (press_key (key_controller (GTK_WIDGET (window), "mp-a11y-enter"), GDK_KEY_Tab));
  gtk_widget_set_sensitive (next, TRUE);
  g_assert_cmpint (clicks, ==, 3);
  gtk_window_destroy (window);
}

int
main (int   argc,
      char *argv[])
{
  /* The suite runs with GTK_A11Y=none, which leaves widgets no accessible
   * state: GTK's test backend keeps it, without an AT-SPI bus.
   */
  g_setenv ("GTK_A11Y", "test", TRUE);
  if (!mp_test_init_gtk (&argc, &argv))
    return 0;

  g_test_add_func ("/a11y/strip-mnemonic", test_strip_mnemonic);
  g_test_add_func ("/a11y/mnemonic-button", test_mnemonic_button);
  g_test_add_func ("/a11y/mnemonic-button-named", test_mnemonic_button_named);
  g_test_add_func ("/a11y/hidden-stack-page", test_hidden_stack_page);
  g_test_add_func ("/a11y/mnemonic-check-button", test_mnemonic_check_button);
  g_test_add_func ("/a11y/radio", test_radio);
  g_test_add_func ("/a11y/drop-down-toggle", test_drop_down_toggle);
  g_test_add_func ("/a11y/icon-button", test_icon_button);
  g_test_add_func ("/a11y/cell-tooltip", test_cell_tooltip);
  g_test_add_func ("/a11y/combo-row-items", test_combo_row_items);
  g_test_add_func ("/a11y/expander-row", test_expander_row);
  g_test_add_func ("/a11y/unnamed-search-entry", test_unnamed_search_entry);
  g_test_add_func ("/a11y/read-only", test_read_only);
  g_test_add_func ("/a11y/tab-leaves-list", test_tab_leaves_list);
  g_test_add_func ("/a11y/ctrl-f", test_ctrl_f);
  g_test_add_func ("/a11y/search-keys", test_search_keys);
  g_test_add_func ("/a11y/enter-activates-default", test_enter_activates_default);

  return g_test_run ();
}
