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
 * - The rows of a drop-down's list have no name.
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
   * other pages), which AT-SPI lists all the same.
   */
  if (GTK_IS_WINDOW (instance) || GTK_IS_STACK (instance) || ADW_IS_VIEW_STACK (instance)
      || ADW_IS_LEAFLET (instance))
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
