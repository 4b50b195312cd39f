/* mp-a11y.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-ui"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <gtk/gtk.h>

#include "mp-a11y.h"

/* GTK 4.8 names some widgets wrongly, whoever builds them (our templates,
 * libadwaita's dialogs and toasts, GTK's own composite widgets):
 *
 * - A button with a mnemonic ("_Next") gets its raw label as its accessible
 *   label *and* is labelled by its label child (gtk_label_set_mnemonic_widget
 *   adds the relation), so a screen reader reads "_Next Next" (and a name
 *   the code gave, "Select “Plan”", becomes "Select “Plan” Select"). It keeps
 *   one name: the one the code gave, else the label without the underscore.
 * - A check button with a mnemonic gets its raw label ("_Remember").
 * - A drop-down's toggle button has no name at all (AT-SPI shows the class
 *   name, "GtkToggleButton"): it is labelled by its drop-down.
 * - An icon button with no name is named "GtkImage" (the password entry
 *   row's peek button): it is named after its tooltip ("Show Text").
 * - A table's row of column titles is named "GtkListItemWidget".
 * - The rows of a drop-down's list have no name, nor expander rows; a
 *   search entry with no name is named "GtkSearchEntry".
 *
 * Every widget is fixed when it is mapped, and again whenever the text GTK
 * derives the wrong name from changes.
 */

#define FIXED_KEY "mp-a11y-fixed"
#define TOOLTIP_NAME_KEY "mp-a11y-tooltip-name"

char *
mp_a11y_strip_mnemonic (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;

  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p != '\0'; p++)
    {
      /* "__" is a literal underscore; "_x" marks x as the mnemonic. */
      if (*p == '_' && p[1] != '\0')
        p++;
      else if (*p == '_')
        break;
      g_string_append_c (out, *p);
    }
  return g_string_free (out, FALSE);
}

/* Whether WIDGET's accessible label is TEXT, the raw label GTK copies in. */
static gboolean
label_property_is (GtkWidget  *widget,
                   const char *text)
{
  g_autofree char *mismatch = NULL;

  if (!gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    return FALSE;
  mismatch = gtk_test_accessible_check_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, text);
  return mismatch == NULL;
}

/* One name for a widget with a mnemonic label RAW: the name its code gave
 * it, if any, else RAW without its underscore; never the label again.
 */
static void
fix_mnemonic_name (GtkWidget  *widget,
                   const char *raw)
{
  gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL)
                   && !label_property_is (widget, raw);

  if (!named)
    {
      g_autofree char *name = mp_a11y_strip_mnemonic (raw);

      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  gtk_accessible_reset_relation (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_RELATION_LABELLED_BY);
}

static void
fix_button (GtkButton *button)
{
  GtkWidget *child = gtk_button_get_child (button);
  const char *tooltip = gtk_widget_get_tooltip_text (GTK_WIDGET (button));

  /* An icon button nobody named: its tooltip says what it does. */
  if (GTK_IS_IMAGE (child) && tooltip != NULL
      && (g_object_get_data (G_OBJECT (button), TOOLTIP_NAME_KEY) != NULL
          || !gtk_test_accessible_has_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL)))
    {
      g_object_set_data (G_OBJECT (button), TOOLTIP_NAME_KEY, GINT_TO_POINTER (TRUE));
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
      return;
    }
  /* Only a label child that labels the button doubles the name. */
  if (gtk_button_get_use_underline (button) && GTK_IS_LABEL (child)
      && gtk_label_get_mnemonic_widget (GTK_LABEL (child)) == GTK_WIDGET (button))
    fix_mnemonic_name (GTK_WIDGET (button), gtk_button_get_label (button));
}

static void
fix_check_button (GtkCheckButton *check)
{
  const char *label = gtk_check_button_get_label (check);

  if (gtk_check_button_get_use_underline (check) && label != NULL)
    fix_mnemonic_name (GTK_WIDGET (check), label);
}

static void
button_notify_cb (GObject    *object,
                  GParamSpec *pspec,
                  gpointer    user_data)
{
  if (GTK_IS_CHECK_BUTTON (object))
    fix_check_button (GTK_CHECK_BUTTON (object));
  else
    fix_button (GTK_BUTTON (object));
}

/* The first label inside WIDGET, depth first. */
static GtkLabel *
find_label (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return GTK_LABEL (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label (child);

      if (label != NULL)
        return label;
    }
  return NULL;
}

static void
item_label_notify_cb (GtkLabel   *label,
                      GParamSpec *pspec,
                      GtkWidget  *item)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (item), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (label), -1);
}

/* A row of a drop-down's or a combo row's list (the popover's, and the
 * combo row's current value), built by a factory we do not own: named after its label, and again whenever the row is bound
 * to another item.
 */
static void
fix_popover_item (GtkWidget *item)
{
  GtkLabel *label = find_label (item);

  if (label == NULL)
    return;
  g_signal_connect_object (label, "notify::label", G_CALLBACK (item_label_notify_cb), item, 0);
  item_label_notify_cb (label, NULL, item);
}

/* An expander row (a cart line) is a list row of its own, which libadwaita
 * 1.2 leaves nameless: it is named by its title.
 */
static void
expander_title_cb (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (object));

  if (title != NULL && *title != '\0')
    gtk_accessible_update_property (GTK_ACCESSIBLE (object), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
}

static gboolean
is_popover_item (GtkWidget *widget)
{
  return gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (widget)) == GTK_ACCESSIBLE_ROLE_LIST_ITEM
         && GTK_IS_LIST_VIEW (gtk_widget_get_parent (widget))
         && (gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER) != NULL
             || gtk_widget_get_ancestor (widget, ADW_TYPE_COMBO_ROW) != NULL);
}

void
mp_a11y_fix_widget (GtkWidget *widget)
{
  GtkWidget *parent = gtk_widget_get_parent (widget);
  gboolean first = g_object_get_data (G_OBJECT (widget), FIXED_KEY) == NULL;

  if (GTK_IS_BUTTON (widget) || GTK_IS_CHECK_BUTTON (widget))
    {
      if (first)
        {
          g_signal_connect (widget, "notify::label", G_CALLBACK (button_notify_cb), NULL);
          g_signal_connect (widget, "notify::use-underline", G_CALLBACK (button_notify_cb), NULL);
          g_signal_connect (widget, "notify::tooltip-text", G_CALLBACK (button_notify_cb), NULL);
        }
      button_notify_cb (G_OBJECT (widget), NULL, NULL);
      if (first && GTK_IS_TOGGLE_BUTTON (widget) && GTK_IS_DROP_DOWN (parent))
        gtk_accessible_update_relation (GTK_ACCESSIBLE (widget),
                                        GTK_ACCESSIBLE_RELATION_LABELLED_BY, parent, NULL,
                                        -1);
    }
  else if (GTK_IS_SEARCH_ENTRY (widget) && first
           && !gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL))
    {
      g_autofree char *placeholder = NULL;

      /* A search entry nobody named (the preferences window's own). */
      g_object_get (widget, "placeholder-text", &placeholder, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      placeholder != NULL && *placeholder != '\0' ? placeholder : _("Search"),
                                      -1);
    }
  else if (ADW_IS_EXPANDER_ROW (widget))
    {
      if (first)
        g_signal_connect (widget, "notify::title", G_CALLBACK (expander_title_cb), NULL);
      expander_title_cb (G_OBJECT (widget), NULL, NULL);
    }
  else if (GTK_IS_COLUMN_VIEW (widget) && first)
    {
      /* The first child is the row of column titles. */
      GtkWidget *header = gtk_widget_get_first_child (widget);

      if (header != NULL)
        gtk_accessible_update_property (GTK_ACCESSIBLE (header), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                        /* Translators: the accessible name of a table's header row. */
                                        _("Column Titles"), -1);
    }
  else if (first && is_popover_item (widget))
    fix_popover_item (widget);
  else
    return;

  g_object_set_data (G_OBJECT (widget), FIXED_KEY, GINT_TO_POINTER (TRUE));
}

static void
fix_tree (GtkWidget *widget)
{
  mp_a11y_fix_widget (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    fix_tree (child);
}

static gboolean
map_hook (GSignalInvocationHint *hint,
          guint                  n_params,
          const GValue          *params,
          gpointer               user_data)
{
  gpointer instance = g_value_get_object (&params[0]);

  /* A window or a stack also fixes what it holds but does not show (the
   * other pages, a collapsed expander row's rows), which AT-SPI lists all
   * the same.
   */
  if (GTK_IS_WINDOW (instance) || GTK_IS_STACK (instance) || ADW_IS_VIEW_STACK (instance)
      || ADW_IS_LEAFLET (instance) || ADW_IS_EXPANDER_ROW (instance))
    fix_tree (instance);
  else if (GTK_IS_WIDGET (instance))
    mp_a11y_fix_widget (instance);
  return TRUE;
}

/* Installs the fixes above for every widget of the process; call after
 * gtk_init().
 */
void
mp_a11y_init (void)
{
  static gsize installed = 0;
  const char *backend = g_getenv ("GTK_A11Y");

  /* With GTK_A11Y=none widgets have no accessible state to fix (or read). */
  if (backend != NULL && g_ascii_strcasecmp (backend, "none") == 0)
    return;

  if (g_once_init_enter (&installed))
    {
      /* Signals exist once their class does. */
      gpointer widget_class = g_type_class_ref (GTK_TYPE_WIDGET);
      guint map_id = g_signal_lookup ("map", GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (map_id, 0, map_hook, NULL, NULL);
      g_type_class_unref (widget_class);
      g_once_init_leave (&installed, 1);
    }
}

/* A choice among several (a period, a variant, a category): a check button
 * in GROUP (NULL for the first) that AT-SPI exposes as a radio button, which
 * GTK 4.8 does not do for grouped check buttons by itself. The role can only
 * be given at construction.
 */
GtkWidget *
mp_a11y_radio_new (GtkCheckButton *group)
{
  GtkWidget *check = g_object_new (GTK_TYPE_CHECK_BUTTON,
                                   "accessible-role", GTK_ACCESSIBLE_ROLE_RADIO,
                                   NULL);

  if (group != NULL)
    gtk_check_button_set_group (GTK_CHECK_BUTTON (check), group);
  return check;
}

/* Names the row of a GtkListView or GtkColumnView that shows ROW_CHILD (the
 * list item's child, or a cell's): GTK 4.8 gives list rows no name of their
 * own, so AT-SPI shows "" or "GtkListItemWidget". Call it from the bind
 * handler; rows are recycled, so each bind names its row again.
 */
void
mp_a11y_name_list_row (GtkWidget  *row_child,
                       const char *name)
{
  GtkWidget *w = row_child;

  for (int depth = 0; w != NULL && depth < 4; depth++, w = gtk_widget_get_parent (w))
    {
      GtkAccessibleRole role = gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (w));

      if (role == GTK_ACCESSIBLE_ROLE_LIST_ITEM || role == GTK_ACCESSIBLE_ROLE_ROW)
        {
          gtk_accessible_update_property (GTK_ACCESSIBLE (w), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
          return;
        }
    }
}

/* Takes WIDGET, read-only text (a list row that only shows something, a
 * selectable price label), out of the Tab chain: the keyboard goes from one
 * control to the next, not over every figure in between. A label stays
 * selectable with the mouse; a screen reader still reads both. GTK 4.8's
 * list box gives up on a list whose first row cannot take the focus, so a
 * list with a control in a later row keeps its read-only rows.
 */
void
mp_a11y_set_read_only (GtkWidget *widget)
{
  if (GTK_IS_LIST_BOX_ROW (widget))
    {
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (widget), FALSE);
      gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (widget), FALSE);
      /* Neither the row nor what it holds: the list box then skips it. */
      gtk_widget_set_can_focus (widget, FALSE);
    }
  else
    gtk_widget_set_focusable (widget, FALSE);
}

#define SEARCH_LIST_KEY "mp-a11y-search-list"

/* Focuses the first row LIST shows (a GtkListBox's first visible row, a
 * list or column view's first item), not the scrolled window around it.
 */
gboolean
mp_a11y_focus_first_row (GtkWidget *list)
{
  if (list == NULL || !gtk_widget_get_mapped (list))
    return FALSE;
  /* A list box moves its cursor there too, so that Enter activates it. */
  if (GTK_IS_LIST_BOX (list))
    return gtk_widget_child_focus (list, GTK_DIR_TAB_FORWARD);
  return gtk_widget_grab_focus (list);
}

typedef struct
{
  GtkWidget *before;
  GtkWidget *after;
} TabTargets;

static void
tab_targets_free (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

static gboolean
list_tab_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     TabTargets            *targets)
{
  gboolean back = keyval == GDK_KEY_ISO_Left_Tab || (state & GDK_SHIFT_MASK) != 0;

  if ((state & (GDK_CONTROL_MASK | GDK_ALT_MASK)) != 0
      || (keyval != GDK_KEY_Tab && keyval != GDK_KEY_KP_Tab && keyval != GDK_KEY_ISO_Left_Tab))
    return FALSE;
  if (back)
    return gtk_widget_grab_focus (targets->before);
  return gtk_widget_child_focus (targets->after, GTK_DIR_TAB_FORWARD);
}

/* GTK 4.8's list box selects each row the focus moves to, so Tab across a
 * list of categories would open every one on the way: Tab leaves LIST in
 * one step for AFTER (the first control in it), Shift+Tab for BEFORE. The
 * arrows still move between rows, Ctrl+Tab too without selecting. BEFORE
 * and AFTER must live as long as LIST (widgets of the same page).
 */
void
mp_a11y_tab_leaves_list (GtkListBox *list,
                         GtkWidget  *before,
                         GtkWidget  *after)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  TabTargets *targets = g_new0 (TabTargets, 1);

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  g_return_if_fail (GTK_IS_WIDGET (before) && GTK_IS_WIDGET (after));

  targets->before = before;
  targets->after = after;
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  gtk_event_controller_set_name (keys, "mp-a11y-tab-leaves-list");
  g_signal_connect_data (keys, "key-pressed", G_CALLBACK (list_tab_pressed_cb), targets,
                         tab_targets_free, 0);
  gtk_widget_add_controller (GTK_WIDGET (list), keys);
}

static void
search_stop_cb (GtkSearchEntry *entry,
                gpointer        user_data)
{
  GtkWidget *list = g_object_get_data (G_OBJECT (entry), SEARCH_LIST_KEY);

  /* Escape clears the search first, then leaves it for the list: only
   * then does Escape go back.
   */
  if (*gtk_editable_get_text (GTK_EDITABLE (entry)) != '\0')
    gtk_editable_set_text (GTK_EDITABLE (entry), "");
  else
    mp_a11y_focus_first_row (list);
}

static gboolean
search_key_pressed_cb (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       gpointer               user_data)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  if ((keyval == GDK_KEY_Down || keyval == GDK_KEY_KP_Down)
      && (state & gtk_accelerator_get_default_mod_mask ()) == 0)
    return mp_a11y_focus_first_row (g_object_get_data (G_OBJECT (entry), SEARCH_LIST_KEY));
  return FALSE;
}

/* Type-to-search: a character typed on the page, where nothing took it,
 * goes into the search. GtkSearchEntry's own key capture forwards Enter
 * too, before the focused row can take it; this one comes last.
 */
static gboolean
page_key_pressed_cb (GtkEventControllerKey *controller,
                     guint                  keyval,
                     guint                  keycode,
                     GdkModifierType        state,
                     GtkSearchEntry        *entry)
{
  gunichar c = gdk_keyval_to_unicode (keyval);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (entry));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  char text[8] = { 0 };
  int position;

  if (c == 0 || !g_unichar_isgraph (c)
      || (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SUPER_MASK)) != 0
      || !gtk_widget_get_mapped (GTK_WIDGET (entry))
      || (focus != NULL && (GTK_IS_EDITABLE (focus) || gtk_widget_get_ancestor (focus, GTK_TYPE_EDITABLE) != NULL)))
    return FALSE;

  g_unichar_to_utf8 (c, text);
  gtk_widget_grab_focus (GTK_WIDGET (entry));
  position = (int) g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (entry)), -1);
  gtk_editable_insert_text (GTK_EDITABLE (entry), text, -1, &position);
  gtk_editable_set_position (GTK_EDITABLE (entry), position);
  return TRUE;
}

/* Makes ENTRY the search of LIST, the list it filters on PAGE: typing on
 * the page types into it (when PAGE is given), Ctrl+F focuses it
 * (mp_a11y_add_search_shortcut), Down goes to the list's first row and
 * Escape clears it, then leaves it for the list.
 */
void
mp_a11y_setup_search (GtkSearchEntry *entry,
                      GtkWidget      *page,
                      GtkWidget      *list)
{
  GtkEventController *keys = gtk_event_controller_key_new ();

  g_object_set_data (G_OBJECT (entry), SEARCH_LIST_KEY, list);
  if (page != NULL)
    {
      GtkEventController *typing = gtk_event_controller_key_new ();

      gtk_event_controller_set_name (typing, "mp-a11y-type-to-search");
      g_signal_connect_object (typing, "key-pressed", G_CALLBACK (page_key_pressed_cb), entry, 0);
      gtk_widget_add_controller (page, typing);
    }
  g_signal_connect (entry, "stop-search", G_CALLBACK (search_stop_cb), NULL);
  gtk_event_controller_set_name (keys, "mp-a11y-search");
  g_signal_connect (keys, "key-pressed", G_CALLBACK (search_key_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (entry), keys);
}

/* The first shown search entry set up by mp_a11y_setup_search() in ROOT. */
static GtkWidget *
find_search (GtkWidget *root)
{
  if (!gtk_widget_get_mapped (root))
    return NULL;
  if (GTK_IS_SEARCH_ENTRY (root) && g_object_get_data (G_OBJECT (root), SEARCH_LIST_KEY) != NULL)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_search (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* Focuses the search of the list WINDOW shows, with its text selected: the
 * one in the popover the focus is in (the switcher's), else the page's.
 */
gboolean
mp_a11y_focus_search (GtkWidget *window)
{
  GtkWidget *focus = GTK_IS_WINDOW (window) ? gtk_window_get_focus (GTK_WINDOW (window)) : NULL;
  GtkWidget *entry = NULL;

  if (focus != NULL && GTK_IS_POPOVER (gtk_widget_get_native (focus)))
    entry = find_search (GTK_WIDGET (gtk_widget_get_native (focus)));
  if (entry == NULL)
    entry = find_search (window);
  if (entry == NULL)
    return FALSE;
  gtk_widget_grab_focus (entry);
  gtk_editable_select_region (GTK_EDITABLE (entry), 0, -1);
  return TRUE;
}

static gboolean
search_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  return mp_a11y_focus_search (widget);
}

/* Ctrl+F in WINDOW focuses the search of the list it shows. */
void
mp_a11y_add_search_shortcut (GtkWidget *window)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  GtkShortcut *shortcut = gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_f, GDK_CONTROL_MASK),
                                            gtk_callback_action_new (search_shortcut_cb, NULL, NULL));

  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), shortcut);
  gtk_widget_add_controller (window, controller);
}

#define ENTER_PENDING_KEY "mp-a11y-enter-pending"
#define ENTER_ADVANCES_KEY "mp-a11y-enter-advances"
#define PREFERRED_DEFAULT_KEY "mp-a11y-preferred-default"

/* The window's default widget; the one it had, when GTK dropped it (it does
 * when the default is hidden or made insensitive for a moment: Next while
 * the wizard loads the plan).
 */
static GtkWidget *
get_default (GtkWindow *window)
{
  GtkWidget *preferred = g_object_get_data (G_OBJECT (window), PREFERRED_DEFAULT_KEY);

  if (gtk_window_get_default_widget (window) == NULL && preferred != NULL
      && gtk_widget_get_root (preferred) == GTK_ROOT (window))
    gtk_window_set_default_widget (window, preferred);
  return gtk_window_get_default_widget (window);
}

static gboolean
activate_default_if_ready (GtkWindow *window)
{
  GtkWidget *button = get_default (window);

  if (button == NULL || !gtk_widget_is_sensitive (button) || !gtk_widget_get_mapped (button))
    return FALSE;
  g_object_set_data (G_OBJECT (window), ENTER_PENDING_KEY, NULL);
  gtk_widget_activate (button);
  return TRUE;
}

static gboolean
enter_idle_cb (gpointer user_data)
{
  GtkWindow *window = user_data;

  if (g_object_get_data (G_OBJECT (window), ENTER_PENDING_KEY) != NULL)
    activate_default_if_ready (window);
  return G_SOURCE_REMOVE;
}

/* The default becomes usable (Next once the chosen plan is loaded, OK once
 * the price is known): an Enter that waited for it goes on.
 */
static void
default_sensitive_cb (GtkWidget  *button,
                      GParamSpec *pspec,
                      GtkWindow  *window)
{
  if (g_object_get_data (G_OBJECT (window), ENTER_PENDING_KEY) != NULL
      && get_default (window) == button)
    activate_default_if_ready (window);
}

static void
default_widget_cb (GtkWindow  *window,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  GtkWidget *button = gtk_window_get_default_widget (window);

  if (button == NULL)
    return;
  if (g_object_get_data (G_OBJECT (window), PREFERRED_DEFAULT_KEY) != button)
    g_object_set_data_full (G_OBJECT (window), PREFERRED_DEFAULT_KEY, g_object_ref (button), g_object_unref);
  if (g_object_get_data (G_OBJECT (button), ENTER_PENDING_KEY) == NULL)
    {
      g_object_set_data (G_OBJECT (button), ENTER_PENDING_KEY, GINT_TO_POINTER (TRUE));
      g_signal_connect_object (button, "notify::sensitive", G_CALLBACK (default_sensitive_cb), window, 0);
    }
}

static gboolean
enter_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      gpointer               user_data)
{
  GtkWindow *window = GTK_WINDOW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller)));
  GtkWidget *focus = gtk_window_get_focus (window);
  GtkWidget *spin, *row, *view;

  /* Any other key (or a click) forgets an Enter that waited. */
  g_object_set_data (G_OBJECT (window), ENTER_PENDING_KEY, NULL);
  if ((keyval != GDK_KEY_Return && keyval != GDK_KEY_KP_Enter && keyval != GDK_KEY_ISO_Enter)
      || (state & gtk_accelerator_get_default_mod_mask ()) != 0
      || focus == NULL || get_default (window) == NULL)
    return FALSE;

  spin = gtk_widget_get_ancestor (focus, GTK_TYPE_SPIN_BUTTON);
  row = GTK_IS_LIST_BOX_ROW (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW);
  view = GTK_IS_LIST_VIEW (focus) ? focus : gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_VIEW);
  if (spin != NULL)
    {
      /* The typed amount counts before the default acts on it. */
      gtk_spin_button_update (GTK_SPIN_BUTTON (spin));
      g_object_set_data (G_OBJECT (window), ENTER_PENDING_KEY, GINT_TO_POINTER (TRUE));
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, enter_idle_cb, g_object_ref (window), g_object_unref);
      return TRUE;
    }
  if (row != NULL && gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (row))
      && g_object_get_data (G_OBJECT (gtk_widget_get_parent (row)), ENTER_ADVANCES_KEY) != NULL)
    {
      /* The row is chosen as usual; then the default goes on, now or as
       * soon as the choice makes it usable.
       */
      g_object_set_data (G_OBJECT (window), ENTER_PENDING_KEY, GINT_TO_POINTER (TRUE));
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, enter_idle_cb, g_object_ref (window), g_object_unref);
    }
  else if (row == NULL && view != NULL && focus != view
           && g_object_get_data (G_OBJECT (view), ENTER_ADVANCES_KEY) != NULL)
    {
      /* A list view's row (the focus is on it, not on the view). */
      g_object_set_data (G_OBJECT (window), ENTER_PENDING_KEY, GINT_TO_POINTER (TRUE));
      g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, enter_idle_cb, g_object_ref (window), g_object_unref);
    }
  return FALSE;
}

static void
click_pressed_cb (GtkGestureClick *gesture,
                  int              n_press,
                  double           x,
                  double           y,
                  gpointer         user_data)
{
  GtkWidget *window = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));

  g_object_set_data (G_OBJECT (window), ENTER_PENDING_KEY, NULL);
}

/* LIST is a choice (a service, a variant, a period): Enter on a row
 * chooses it and goes on (see mp_a11y_enter_activates_default()).
 */
void
mp_a11y_set_enter_advances (GtkListBox *list)
{
  g_object_set_data (G_OBJECT (list), ENTER_ADVANCES_KEY, GINT_TO_POINTER (TRUE));
}

/* The same for LIST_VIEW, a GtkListView (or GtkColumnView) that is a
 * choice: Enter on its row activates it ("activate") and goes on.
 */
void
mp_a11y_set_list_enter_advances (GtkWidget *list_view)
{
  g_return_if_fail (GTK_IS_LIST_VIEW (list_view) || GTK_IS_COLUMN_VIEW (list_view));
  g_object_set_data (G_OBJECT (list_view), ENTER_ADVANCES_KEY, GINT_TO_POINTER (TRUE));
}

/* Enter on a row of a choice list (mp_a11y_set_enter_advances()) or in a
 * spin button of WINDOW chooses as usual and then activates the window's
 * default widget (Next, OK): at once, or as soon as the choice makes it
 * sensitive.
 */
void
mp_a11y_enter_activates_default (GtkWindow *window)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkGesture *click = gtk_gesture_click_new ();

  gtk_event_controller_set_name (keys, "mp-a11y-enter");
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (enter_key_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), keys);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (click), GTK_PHASE_CAPTURE);
  g_signal_connect (click, "pressed", G_CALLBACK (click_pressed_cb), NULL);
  gtk_widget_add_controller (GTK_WIDGET (window), GTK_EVENT_CONTROLLER (click));
  g_signal_connect (window, "notify::default-widget", G_CALLBACK (default_widget_cb), NULL);
  default_widget_cb (window, NULL, NULL);
}

static void
page_map_cb (GtkWidget *page,
             GtkWidget *button)
{
  GtkRoot *root = gtk_widget_get_root (page);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_default_widget (GTK_WINDOW (root), button);
}

static void
page_unmap_cb (GtkWidget *page,
               GtkWidget *button)
{
  GtkRoot *root = gtk_widget_get_root (page);

  if (GTK_IS_WINDOW (root) && gtk_window_get_default_widget (GTK_WINDOW (root)) == button)
    {
      gtk_window_set_default_widget (GTK_WINDOW (root), NULL);
      g_object_set_data (G_OBJECT (root), PREFERRED_DEFAULT_KEY, NULL);
    }
}

/* BUTTON (OK) is the default widget of PAGE's window while PAGE is shown,
 * in a window whose pages come and go.
 */
void
mp_a11y_default_while_shown (GtkWidget *page,
                             GtkWidget *button)
{
  g_signal_connect_object (page, "map", G_CALLBACK (page_map_cb), button, 0);
  g_signal_connect_object (page, "unmap", G_CALLBACK (page_unmap_cb), button, 0);
}
