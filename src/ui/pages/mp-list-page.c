/* mp-list-page.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-list-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mp-a11y.h"
#include "mp-filtered-list.h"
#include "mp-list-export.h"
#include "mp-list-page.h"
#include "mp-page-util.h"

/* The rows come from an MpListSource that fills itself page by page (or
 * from the mirror). The column view's sorter runs through a
 * GtkSortListModel, incremental for a class that asks, so that sorting
 * 100,000 rows never freezes the main loop; search and the status filter
 * through an MpFilteredList above it, so that a keystroke never sorts.
 * Each row's search text is folded once, when the row comes in, and kept
 * on the row: a keystroke costs one strstr() per row (about 2 ms for
 * 100,000), and the filtered list reports the shown rows by difference, in
 * one change from the first row that differs to the last. Only the visible
 * rows are ever bound.
 */
typedef struct
{
  /* The subclass's template children */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *status_dropdown;
  GtkStack           *stack;
  AdwStatusPage      *error_page;
  GtkButton          *retry_button;
  GtkInfoBar         *info_bar;
  GtkLabel           *info_label;
  GtkColumnView      *column_view;
  GtkLabel           *count_label;

  /* Owned References */
  MpSession          *session;
  MpListSource       *list;
  MpFilteredList     *filter_model;
  GtkSingleSelection *selection;
  char               *search;       /* casefolded; NULL: none */
  guint               status;       /* the status filter's entry; 0: any */
  GQuark              folded_quark; /* each row's folded search text */
  gboolean            disposed;
  GtkLabel           *updated_label; /* "Updated 2 minutes ago" (a mirror's list) */
  guint               updated_id;    /* keeps it true as time goes by */

  /* Export… (the bar below the list, made by the base) */
  GtkRevealer        *export_revealer;
  GtkLabel           *export_label;
  GtkProgressBar     *export_progress;
  GtkButton          *export_cancel_button;
  GtkButton          *export_close_button;
  MpListExport       *export;       /* while one runs */
  gint64              export_shown; /* when its progress was last shown */
  GCancellable       *export_cancellable;
  GtkFileChooserNative *export_chooser;
} MpListPagePrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (MpListPage, mp_list_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SESSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *folded_search_text (MpListPage *self,
                                       gpointer    item);

/* The row's key in the filtered list: its folded search text, folded
 * here as the row comes in (so the first keystroke costs no more than the
 * next), so that a keystroke reads no object data (and takes no lock) per
 * row.
 */
static const char *
row_key_func (gpointer item,
              gpointer user_data)
{
  MpListPage *self = user_data;

  if (MP_LIST_PAGE_GET_CLASS (self)->get_search_text == NULL)
    return NULL;
  return folded_search_text (self, item);
}

static gboolean
filter_func (gpointer    item,
             const char *key,
             gpointer    user_data)
{
  MpListPage *self = user_data;
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  /* Disposing the column view unsorts the rows below the filter, when the
   * subclass's widgets may be gone.
   */
  if (priv->disposed)
    return FALSE;
  return ((MpListPageClass *) G_OBJECT_GET_CLASS (self))->filter (self, item, key, priv->status, priv->search);
}

/* ITEM's search text, folded: kept on the row (per class, as two pages may
 * search the same objects by different fields).
 */
static const char *
folded_search_text (MpListPage *self,
                    gpointer    item)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  const char *folded = g_object_get_qdata (item, priv->folded_quark);

  if (folded == NULL)
    {
      g_autofree char *text = MP_LIST_PAGE_GET_CLASS (self)->get_search_text (self, item);
      char *new_folded = g_utf8_casefold (text != NULL ? text : "", -1);

      g_object_set_qdata_full (item, priv->folded_quark, new_folded, g_free);
      folded = new_folded;
    }
  return folded;
}

gboolean
mp_list_page_item_matches (MpListPage *self,
                           gpointer    item,
                           const char *search)
{
  g_return_val_if_fail (MP_IS_LIST_PAGE (self), FALSE);
  g_return_val_if_fail (MP_LIST_PAGE_GET_CLASS (self)->get_search_text != NULL, TRUE);

  return search == NULL || strstr (folded_search_text (self, item), search) != NULL;
}

/* How fresh a list is: "Updated just now", "Updated 5 minutes ago", ... */
static char *
updated_text (GDateTime *updated)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  GTimeSpan age = MAX (0, g_date_time_difference (now, updated));
  gint64 minutes = age / G_TIME_SPAN_MINUTE;
  gint64 hours = age / G_TIME_SPAN_HOUR;
  gint64 days = age / G_TIME_SPAN_DAY;

  if (minutes < 1)
    return g_strdup (_("Updated just now"));
  if (hours < 1)
    return g_strdup_printf (ngettext ("Updated %d minute ago", "Updated %d minutes ago", (gulong) minutes),
                            (int) minutes);
  if (days < 1)
    return g_strdup_printf (ngettext ("Updated %d hour ago", "Updated %d hours ago", (gulong) hours),
                            (int) hours);
  return g_strdup_printf (ngettext ("Updated %d day ago", "Updated %d days ago", (gulong) days), (int) days);
}

/* Only a list kept between runs (the mirror's) says how fresh it is: a
 * live list is as fresh as its last page.
 */
static void
update_freshness (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  GDateTime *updated;
  g_autofree char *text = NULL;

  if (priv->updated_label == NULL || priv->list == NULL)
    return;
  updated = MP_IS_PAGED_LIST (priv->list) ? NULL : mp_list_source_get_updated (priv->list);
  if (updated != NULL)
    text = mp_list_source_get_loading (priv->list) && g_list_model_get_n_items (G_LIST_MODEL (priv->list)) > 0
           ? g_strdup (_("Updating…")) : updated_text (updated);
  else if (!MP_IS_PAGED_LIST (priv->list) && mp_list_source_get_loading (priv->list))
    text = g_strdup (_("Updating…"));
  gtk_label_set_text (priv->updated_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (priv->updated_label), text != NULL);
}

static gboolean
updated_tick_cb (gpointer data)
{
  update_freshness (data);
  return G_SOURCE_CONTINUE;
}

static void
update_state (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  MpListPageClass *klass = MP_LIST_PAGE_GET_CLASS (self);
  const GError *error;
  g_autofree char *count = NULL;

  /* Disposing the column view unsorts the rows below the filter. */
  if (priv->disposed || priv->list == NULL)
    return;
  error = mp_list_source_get_error (priv->list);
  update_freshness (self);
  if (!mp_page_show_list_state (priv->stack, priv->error_page, priv->list,
                                G_LIST_MODEL (priv->filter_model), FALSE))
    {
      gtk_label_set_text (priv->count_label, "");
      return;
    }

  /* Some rows are in, the rest failed to load. */
  if (error != NULL)
    {
      g_autofree char *text = klass->partial_error_text (self, error);

      gtk_label_set_text (priv->info_label, text);
    }
  gtk_info_bar_set_revealed (priv->info_bar, error != NULL);

  count = klass->count_text (self, g_list_model_get_n_items (G_LIST_MODEL (priv->filter_model)),
                             g_list_model_get_n_items (G_LIST_MODEL (priv->list)));
  gtk_label_set_text (priv->count_label, count);
}

static void
refilter (MpListPage     *self,
          MpFilterChange  change)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  /* The drop-down notifies while the template is being built. */
  if (priv->filter_model == NULL)
    return;
  mp_filtered_list_refilter (priv->filter_model, change);
  update_state (self);
}

static char *
casefold_stripped (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return NULL;
  return g_utf8_casefold (stripped, -1);
}

static void
search_changed_cb (MpListPage     *self,
                   GtkSearchEntry *entry)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  g_autofree char *old = g_steal_pointer (&priv->search);
  MpFilterChange change = MP_FILTER_CHANGE_DIFFERENT;

  g_assert (MP_IS_LIST_PAGE (self));

  priv->search = casefold_stripped (gtk_editable_get_text (GTK_EDITABLE (entry)));
  if (g_strcmp0 (old, priv->search) == 0)
    return;
  /* Typing more only hides rows; deleting only shows rows: tell the model,
   * so that it refilters only what can change.
   */
  if (old == NULL || (priv->search != NULL && strstr (priv->search, old) != NULL))
    change = MP_FILTER_CHANGE_MORE_STRICT;
  else if (priv->search == NULL || strstr (old, priv->search) != NULL)
    change = MP_FILTER_CHANGE_LESS_STRICT;
  refilter (self, change);
}

static void
status_selected_cb (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  guint status = gtk_drop_down_get_selected (priv->status_dropdown);
  MpFilterChange change;

  g_assert (MP_IS_LIST_PAGE (self));

  if (status == GTK_INVALID_LIST_POSITION)
    status = 0;
  if (status == priv->status)
    return;
  change = priv->status == 0 ? MP_FILTER_CHANGE_MORE_STRICT
           : status == 0 ? MP_FILTER_CHANGE_LESS_STRICT
           : MP_FILTER_CHANGE_DIFFERENT;
  priv->status = status;
  refilter (self, change);
}

static void
retry_clicked_cb (MpListPage *self)
{
  g_assert (MP_IS_LIST_PAGE (self));

  MP_LIST_PAGE_GET_CLASS (self)->retry (self);
}

static void
info_bar_response_cb (MpListPage *self,
                      int         response)
{
  retry_clicked_cb (self);
}

static void
column_view_activate_cb (MpListPage *self,
                         guint       position)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  g_autoptr(GObject) item = NULL;

  g_assert (MP_IS_LIST_PAGE (self));

  item = g_list_model_get_item (G_LIST_MODEL (priv->selection), position);
  if (item != NULL && MP_LIST_PAGE_GET_CLASS (self)->activate != NULL)
    MP_LIST_PAGE_GET_CLASS (self)->activate (self, item);
}

static gboolean
mp_list_page_real_filter (MpListPage *self,
                          gpointer    item,
                          const char *folded,
                          guint       status,
                          const char *search)
{
  MpListPageClass *klass = (MpListPageClass *) G_OBJECT_GET_CLASS (self);  /* per row: no check */

  if (status > 0 && status < klass->n_status_values &&
      g_strcmp0 (klass->get_status (self, item), klass->status_values[status]) != 0)
    return FALSE;
  if (search == NULL)
    return TRUE;
  if (folded == NULL)
    return mp_list_page_item_matches (self, item, search);
  return strstr (folded, search) != NULL;
}

static void
mp_list_page_real_reload (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  mp_list_source_reload (priv->list);
  update_state (self);
}

static void
mp_list_page_real_retry (MpListPage *self)
{
  mp_list_page_reload (self);
}

/* An unsorted column view still hands the sort model a sorter, which then
 * sorts every new page of rows for nothing: give it the sorter only while
 * a column is sorted.
 */
static void
sorter_changed_cb (GtkSortListModel *sort_model,
                   GtkSorterChange   change,
                   GtkSorter        *sorter)
{
  gboolean sorted = gtk_sorter_get_order (sorter) != GTK_SORTER_ORDER_NONE;

  if (sorted != (gtk_sort_list_model_get_sorter (sort_model) != NULL))
    gtk_sort_list_model_set_sorter (sort_model, sorted ? sorter : NULL);
}

static GQuark
column_quark (void)
{
  return g_quark_from_static_string ("mp-list-page-column");
}

static void
add_columns (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  MpListPageClass *klass = MP_LIST_PAGE_GET_CLASS (self);

  for (guint i = 0; i < klass->n_columns; i++)
    {
      const MpListPageColumn *c = &klass->columns[i];
      g_autoptr(GtkColumnViewColumn) column = NULL;
      g_autoptr(GtkSorter) sorter = NULL;

      if (c->text != NULL)
        {
          GtkColumnViewColumn *text_column;

          text_column = mp_page_add_text_column (priv->column_view, _(c->title), c->text, c->compare, self,
                                                 c->expand, c->numeric);
          /* Which column it is, for Export… (the user may reorder them). */
          g_object_set_qdata (G_OBJECT (text_column), column_quark (), (gpointer) c);
          continue;
        }
      column = gtk_column_view_column_new (_(c->title), klass->create_factory (self, c));
      g_object_set_qdata (G_OBJECT (column), column_quark (), (gpointer) c);
      gtk_column_view_column_set_expand (column, c->expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (c->compare != NULL)
        {
          sorter = GTK_SORTER (gtk_custom_sorter_new (c->compare, NULL, NULL));
          gtk_column_view_column_set_sorter (column, sorter);
        }
      gtk_column_view_append_column (priv->column_view, column);
    }
}

/* Export… */

#define PROGRESS_INTERVAL_USEC (200 * 1000)

/* The visible columns that have a value, in the order shown. */
static GPtrArray *
exported_columns (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  GListModel *columns = gtk_column_view_get_columns (priv->column_view);
  GPtrArray *exported = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      const MpListPageColumn *c = g_object_get_qdata (G_OBJECT (column), column_quark ());

      if (c != NULL && gtk_column_view_column_get_visible (column) && (c->value != NULL || c->money != NULL))
        g_ptr_array_add (exported, (gpointer) c);
    }
  return exported;
}

static void
export_progress_cb (MpListPage   *self,
                    GParamSpec   *pspec,
                    MpListExport *export)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  guint n_rows = mp_list_export_get_n_rows (export);
  g_autofree char *text = NULL;
  gint64 now = g_get_monotonic_time ();

  /* A new text relays out the page: a few times a second is enough, and
   * leaves the frames' time to the export.
   */
  if (n_rows == 0 || now - priv->export_shown < PROGRESS_INTERVAL_USEC)
    return;
  priv->export_shown = now;
  /* Translators: the progress of Export… of a list. */
  text = g_strdup_printf (ngettext ("Exporting %u of %u row…", "Exporting %u of %u rows…", n_rows),
                          mp_list_export_get_n_done (export), n_rows);
  gtk_label_set_text (priv->export_label, text);
  gtk_progress_bar_set_fraction (priv->export_progress, mp_list_export_get_fraction (export));
}

static void
show_export_bar (MpListPage *self,
                 const char *text,
                 gboolean    running)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  /* The page was disposed while its export ran. */
  if (priv->export_label == NULL)
    return;
  gtk_label_set_text (priv->export_label, text);
  gtk_widget_set_visible (GTK_WIDGET (priv->export_progress), running);
  gtk_widget_set_visible (GTK_WIDGET (priv->export_cancel_button), running);
  gtk_widget_set_visible (GTK_WIDGET (priv->export_close_button), !running);
  gtk_revealer_set_reveal_child (priv->export_revealer, text != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "list.export", !running);
}

static void
export_written_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  MpListPage *self = g_task_get_source_object (task);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  MpListExport *export = MP_LIST_EXPORT (source);
  g_autoptr(GFile) file = g_object_ref (g_task_get_task_data (task));
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *text = NULL;
  GError *error = NULL;
  guint n_rows = mp_list_export_get_n_rows (export);

  g_signal_handlers_disconnect_by_func (export, export_progress_cb, self);
  g_clear_object (&priv->export);
  g_clear_object (&priv->export_cancellable);
  if (!mp_list_export_write_finish (export, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show_export_bar (self, NULL, FALSE);
      else
        {
          /* Translators: %s is why the file could not be written. */
          text = g_strdup_printf (_("The list could not be exported: %s"), error->message);
          show_export_bar (self, text, FALSE);
        }
      g_task_return_error (task, error);
      return;
    }
  /* Translators: after Export…; %s is the file's name. */
  text = g_strdup_printf (ngettext ("Exported %u row to %s", "Exported %u rows to %s", n_rows), n_rows, name);
  show_export_bar (self, text, FALSE);
  g_task_return_boolean (task, TRUE);
}

/**
 * mp_list_page_export_async:
 * @self: a list page
 * @file: the CSV file to write; replaced if it exists
 * @cancellable: (nullable): to stop the export (or mp_list_page_cancel_export())
 * @callback: called when the file is written, or on an error
 * @user_data: for @callback
 *
 * Writes the rows shown and the visible columns, as they are now, to
 * @file without blocking the main loop, with the progress in a bar below
 * the list (Cancel stops it) and its end or error there.
 */
void
mp_list_page_export_async (MpListPage          *self,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GPtrArray) columns = NULL;

  g_return_if_fail (MP_IS_LIST_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, mp_list_page_export_async);
  g_task_set_task_data (task, g_object_ref (file), g_object_unref);
  if (priv->export != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_BUSY, _("The list is being exported already"));
      return;
    }
  columns = exported_columns (self);
  priv->export = mp_list_export_new (mp_list_page_get_shown (self), (const MpListPageColumn * const *) columns->pdata,
                                     columns->len, G_OBJECT (self));
  priv->export_cancellable = cancellable != NULL ? g_object_ref (cancellable) : g_cancellable_new ();
  g_signal_connect_object (priv->export, "notify::n-done", G_CALLBACK (export_progress_cb), self, G_CONNECT_SWAPPED);
  gtk_progress_bar_set_fraction (priv->export_progress, 0.0);
  priv->export_shown = 0;
  show_export_bar (self, _("Exporting…"), TRUE);
  mp_list_export_write_async (priv->export, file, priv->export_cancellable, export_written_cb,
                              g_steal_pointer (&task));
}

gboolean
mp_list_page_export_finish (MpListPage    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Stops the export that runs, if any (its callback gets G_IO_ERROR_CANCELLED). */
void
mp_list_page_cancel_export (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_if_fail (MP_IS_LIST_PAGE (self));

  if (priv->export_cancellable != NULL)
    g_cancellable_cancel (priv->export_cancellable);
}

/**
 * mp_list_page_get_export_name:
 * @self: a list page
 *
 * Returns: (transfer full): the file name Export… suggests,
 *   "subscriptions-2026-12-03.csv" (the section and today's date)
 */
char *
mp_list_page_get_export_name (MpListPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d");
  g_autoptr(GString) name = g_string_new (NULL);
  const char *type_name;

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  /* MpSubscriptionsPage: "subscriptions"; the name is the same in every language. */
  type_name = G_OBJECT_TYPE_NAME (self);
  if (g_str_has_prefix (type_name, "Mp"))
    type_name += 2;
  g_string_append (name, type_name);
  if (g_str_has_suffix (name->str, "Page"))
    g_string_truncate (name, name->len - 4);
  for (gsize i = 0; i < name->len; i++)
    name->str[i] = g_ascii_tolower (name->str[i]);
  g_string_append_printf (name, "-%s.csv", date);
  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
export_chooser_response_cb (MpListPage           *self,
                            int                   response,
                            GtkFileChooserNative *chooser)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&priv->export_chooser);
  if (file != NULL)
    mp_list_page_export_async (self, file, NULL, NULL, NULL);
}

static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  MpListPage *self = MP_LIST_PAGE (widget);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = mp_list_page_get_export_name (self);
  g_autofree char *title = NULL;
  g_autoptr(GFile) folder = NULL;
  const char *documents;

  if (priv->export != NULL || priv->export_chooser != NULL)
    return;
  /* Translators: the title of the file chooser of Export…; %s is the section, "Export Subscriptions". */
  title = g_strdup_printf (_("Export %s"), mp_list_page_get_title (self));
  priv->export_chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                      GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (priv->export_chooser), TRUE);
  /* In Documents (else home), not the program's working directory. */
  documents = g_get_user_special_dir (G_USER_DIRECTORY_DOCUMENTS);
  folder = g_file_new_for_path (documents != NULL && g_file_test (documents, G_FILE_TEST_IS_DIR)
                                ? documents : g_get_home_dir ());
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (priv->export_chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (priv->export_chooser), name);
  gtk_file_filter_set_name (filter, _("CSV Files"));
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_pattern (filter, "*.csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (priv->export_chooser), filter);
  g_signal_connect_object (priv->export_chooser, "response", G_CALLBACK (export_chooser_response_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (priv->export_chooser));
}

static void
export_close_clicked_cb (MpListPage *self)
{
  show_export_bar (self, NULL, FALSE);
}

/* Ctrl+E, and the bar below the list that shows the export's progress and
 * end.
 */
static void
add_export_widgets (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  g_autoptr(GtkWidget) child = g_object_ref (adw_bin_get_child (ADW_BIN (self)));
  GtkWidget *box, *bar;
  GtkEventController *shortcuts;

  /* Ctrl+E wherever the focus is in the window (the header bar too), while
   * the page is shown: a managed shortcut, which the window runs for
   * mapped pages only.
   */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (shortcuts), GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_e, GDK_CONTROL_MASK),
                                                          gtk_named_action_new ("list.export")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  /* No button of its own: the toolbars must fit an 800-pixel window;
   * Export List… is in the primary menu (win.export-list).
   */

  bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (bar, 12);
  gtk_widget_set_margin_end (bar, 12);
  gtk_widget_set_margin_top (bar, 6);
  gtk_widget_set_margin_bottom (bar, 6);
  priv->export_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (priv->export_label, 0.0);
  gtk_label_set_wrap (priv->export_label, TRUE);
  gtk_widget_set_hexpand (GTK_WIDGET (priv->export_label), TRUE);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (priv->export_label));
  priv->export_progress = GTK_PROGRESS_BAR (gtk_progress_bar_new ());
  gtk_widget_set_valign (GTK_WIDGET (priv->export_progress), GTK_ALIGN_CENTER);
  gtk_widget_set_size_request (GTK_WIDGET (priv->export_progress), 200, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->export_progress), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Export Progress"), -1);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (priv->export_progress));
  priv->export_cancel_button = GTK_BUTTON (gtk_button_new_with_mnemonic (_("_Cancel")));
  /* Its name for screen readers, without the mnemonic's underscore. */
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->export_cancel_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Cancel Export"), -1);
  gtk_widget_set_valign (GTK_WIDGET (priv->export_cancel_button), GTK_ALIGN_CENTER);
  g_signal_connect_swapped (priv->export_cancel_button, "clicked", G_CALLBACK (mp_list_page_cancel_export), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (priv->export_cancel_button));
  priv->export_close_button = GTK_BUTTON (gtk_button_new_from_icon_name ("window-close-symbolic"));
  gtk_widget_set_valign (GTK_WIDGET (priv->export_close_button), GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (GTK_WIDGET (priv->export_close_button), "flat");
  gtk_widget_set_tooltip_text (GTK_WIDGET (priv->export_close_button), _("Close"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (priv->export_close_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Close"), -1);
  g_signal_connect_swapped (priv->export_close_button, "clicked", G_CALLBACK (export_close_clicked_cb), self);
  gtk_box_append (GTK_BOX (bar), GTK_WIDGET (priv->export_close_button));

  priv->export_revealer = GTK_REVEALER (gtk_revealer_new ());
  gtk_revealer_set_transition_type (priv->export_revealer, GTK_REVEALER_TRANSITION_TYPE_SLIDE_UP);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_box_append (GTK_BOX (box), gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
  gtk_box_append (GTK_BOX (box), bar);
  gtk_revealer_set_child (priv->export_revealer, box);

  /* The template's child above the bar. */
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_bin_set_child (ADW_BIN (self), box);
  gtk_widget_set_vexpand (child, TRUE);
  gtk_box_append (GTK_BOX (box), child);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (priv->export_revealer));
}

/* The freshness of the list, at the end of the count's line. */
static void
add_updated_label (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  GtkWidget *count = GTK_WIDGET (priv->count_label);
  GtkWidget *parent = gtk_widget_get_parent (count);
  GtkWidget *line;

  if (MP_IS_PAGED_LIST (priv->list) || !GTK_IS_BOX (parent))
    return;
  priv->updated_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (priv->updated_label), "dim-label");
  gtk_widget_set_margin_end (GTK_WIDGET (priv->updated_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (priv->updated_label), FALSE);
  /* The count and the freshness on one line. */
  line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_box_insert_child_after (GTK_BOX (parent), line, count);
  g_object_ref (count);
  gtk_box_remove (GTK_BOX (parent), count);
  gtk_widget_set_hexpand (count, TRUE);
  gtk_box_append (GTK_BOX (line), count);
  g_object_unref (count);
  gtk_box_append (GTK_BOX (line), GTK_WIDGET (priv->updated_label));
  g_signal_connect_object (priv->list, "notify::updated", G_CALLBACK (update_freshness), self,
                           G_CONNECT_SWAPPED);
  priv->updated_id = g_timeout_add_seconds (30, updated_tick_cb, self);
}

static void
mp_list_page_constructed (GObject *object)
{
  MpListPage *self = MP_LIST_PAGE (object);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  MpListPageClass *klass = MP_LIST_PAGE_GET_CLASS (self);
  GtkSortListModel *sort_model;
  g_autofree char *quark_name = NULL;

  G_OBJECT_CLASS (mp_list_page_parent_class)->constructed (object);

  g_assert (priv->stack != NULL && priv->column_view != NULL);

  add_columns (self);
  add_export_widgets (self);
  /* Typing anywhere on the page searches. */
  mp_a11y_setup_search (priv->search_entry, GTK_WIDGET (self), GTK_WIDGET (priv->column_view));

  priv->list = MP_LIST_PAGE_GET_CLASS (self)->create_list (self);
  add_updated_label (self);
  quark_name = g_strconcat ("mp-list-page-folded-", G_OBJECT_TYPE_NAME (self), NULL);
  priv->folded_quark = g_quark_from_string (quark_name);
  sort_model = gtk_sort_list_model_new (g_object_ref (G_LIST_MODEL (priv->list)), NULL);
  g_signal_connect_object (gtk_column_view_get_sorter (priv->column_view), "changed",
                           G_CALLBACK (sorter_changed_cb), sort_model, G_CONNECT_SWAPPED);
  gtk_sort_list_model_set_incremental (sort_model, klass->incremental);
  /* Never incremental: an incremental model shows every row again and
   * takes them out in batches of 512, each a change of the column view.
   */
  priv->filter_model = mp_filtered_list_new (G_LIST_MODEL (sort_model), row_key_func, filter_func, self, NULL);
  g_object_unref (sort_model);
  priv->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (priv->filter_model)));
  gtk_single_selection_set_autoselect (priv->selection, FALSE);
  gtk_single_selection_set_can_unselect (priv->selection, TRUE);
  gtk_column_view_set_model (priv->column_view, GTK_SELECTION_MODEL (priv->selection));

  g_signal_connect_object (priv->list, "notify::loading", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->list, "notify::error", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->filter_model, "items-changed", G_CALLBACK (update_state), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (priv->session, "changed", G_CALLBACK (mp_list_page_reload), self, G_CONNECT_SWAPPED);

  update_state (self);
}

static void
mp_list_page_dispose (GObject *object)
{
  MpListPage *self = MP_LIST_PAGE (object);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  priv->disposed = TRUE;
  g_clear_handle_id (&priv->updated_id, g_source_remove);
  if (priv->list != NULL)
    mp_list_source_cancel (priv->list);
  /* An export that runs ends on its own (cancelled) after the bar is gone. */
  mp_list_page_cancel_export (self);
  if (priv->export != NULL)
    g_signal_handlers_disconnect_by_data (priv->export, self);
  priv->export_revealer = NULL;
  priv->export_label = NULL;
  priv->export_progress = NULL;
  priv->export_cancel_button = NULL;
  priv->export_close_button = NULL;
  if (priv->export_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (priv->export_chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (priv->export_chooser));
    }
  g_clear_object (&priv->export_chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), G_OBJECT_TYPE (self));

  g_clear_object (&priv->selection);
  g_clear_object (&priv->filter_model);
  g_clear_object (&priv->list);
  g_clear_object (&priv->session);

  G_OBJECT_CLASS (mp_list_page_parent_class)->dispose (object);
}

static void
mp_list_page_finalize (GObject *object)
{
  MpListPage *self = MP_LIST_PAGE (object);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_clear_pointer (&priv->search, g_free);

  G_OBJECT_CLASS (mp_list_page_parent_class)->finalize (object);
}

static void
mp_list_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  MpListPage *self = MP_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_SESSION:
      g_value_set_object (value, mp_list_page_get_session (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_list_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  MpListPage *self = MP_LIST_PAGE (object);
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_SESSION:
      priv->session = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_list_page_class_init (MpListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = mp_list_page_constructed;
  object_class->dispose = mp_list_page_dispose;
  object_class->finalize = mp_list_page_finalize;
  object_class->get_property = mp_list_page_get_property;
  object_class->set_property = mp_list_page_set_property;

  /* Export… on every list */
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (klass), "list.export", NULL, export_action);

  klass->filter = mp_list_page_real_filter;
  klass->reload = mp_list_page_real_reload;
  klass->retry = mp_list_page_real_retry;

  properties[PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, MP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_list_page_init (MpListPage *self)
{
}

/**
 * mp_list_page_class_set_template_from_resource:
 * @klass: the class of a subclass
 * @resource_name: its template
 *
 * Sets the subclass's template, whose children and handlers the base
 * binds (see above); the subclass binds its own ones after this and calls
 * gtk_widget_init_template() in its init function.
 */
void
mp_list_page_class_set_template_from_resource (MpListPageClass *klass,
                                               const char      *resource_name)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_return_if_fail (MP_IS_LIST_PAGE_CLASS (klass));

  gtk_widget_class_set_template_from_resource (widget_class, resource_name);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, search_entry);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, status_dropdown);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, stack);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, error_page);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, retry_button);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, info_bar);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, info_label);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, column_view);
  gtk_widget_class_bind_template_child_private (widget_class, MpListPage, count_label);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, status_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, retry_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, info_bar_response_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);
}

const char *
mp_list_page_get_title (MpListPage *self)
{
  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return MP_LIST_PAGE_GET_CLASS (self)->get_title (self);
}

MpSession *
mp_list_page_get_session (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return priv->session;
}

/* The list of every item, filtered or not. */
MpListSource *
mp_list_page_get_list (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return priv->list;
}

/* Loads the list again (F5, Retry, the session changed). */
void
mp_list_page_reload (MpListPage *self)
{
  g_return_if_fail (MP_IS_LIST_PAGE (self));

  MP_LIST_PAGE_GET_CLASS (self)->reload (self);
}

GListModel *
mp_list_page_get_shown (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return G_LIST_MODEL (priv->selection);
}

/* How far from the view's top row the rows bound may be: GTK 4.8 keeps
 * widgets for about 200 rows around it. */
#define ORDER_WINDOW 256

GPtrArray *
mp_list_page_order_by_view (MpListPage  *self,
                            GHashTable  *ids,
                            const char *(*get_id) (gpointer item))
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);
  GListModel *shown = G_LIST_MODEL (priv->selection);
  g_autoptr(GHashTable) left = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *ordered = g_ptr_array_new_with_free_func (g_free);
  GtkAdjustment *adjustment;
  guint n, top = 0;
  GHashTableIter iter;
  gpointer id;

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), ordered);

  g_hash_table_iter_init (&iter, ids);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_hash_table_add (left, id);
  n = shown != NULL ? g_list_model_get_n_items (shown) : 0;
  /* The top row, from the scrolled part of the list's estimated height. */
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (priv->column_view));
  if (adjustment != NULL && gtk_adjustment_get_upper (adjustment) > 0)
    top = MIN (n, (guint) (n * gtk_adjustment_get_value (adjustment) / gtk_adjustment_get_upper (adjustment)));
  for (guint k = 0; k < 2 * ORDER_WINDOW && g_hash_table_size (left) > 0; k++)
    {
      /* Down from the top row, then up from the row above it. */
      gint64 i = k < ORDER_WINDOW ? (gint64) top + k : (gint64) top - 1 - (k - ORDER_WINDOW);
      g_autoptr(GObject) item = NULL;
      const char *item_id;

      if (i < 0 || i >= n)
        continue;
      item = g_list_model_get_item (shown, (guint) i);
      item_id = get_id (item);
      if (item_id != NULL && g_hash_table_remove (left, item_id))
        g_ptr_array_add (ordered, g_strdup (item_id));
    }
  g_hash_table_iter_init (&iter, left);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    g_ptr_array_add (ordered, g_strdup (id));
  return ordered;
}

GtkColumnView *
mp_list_page_get_column_view (MpListPage *self)
{
  MpListPagePrivate *priv = mp_list_page_get_instance_private (self);

  g_return_val_if_fail (MP_IS_LIST_PAGE (self), NULL);

  return priv->column_view;
}

void
mp_list_page_refilter (MpListPage *self)
{
  g_return_if_fail (MP_IS_LIST_PAGE (self));
  refilter (self, MP_FILTER_CHANGE_DIFFERENT);
}
