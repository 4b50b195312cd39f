/* mp-list-page.h: the base of the pages that list an account's items
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mp-page-util.h"
#include "mp-session.h"

G_BEGIN_DECLS

#define MP_TYPE_LIST_PAGE (mp_list_page_get_type ())

G_DECLARE_DERIVABLE_TYPE (MpListPage, mp_list_page, MP, LIST_PAGE, AdwBin)

/* A section that lists the items of an MpPagedList in a column view, with
 * a search entry, a status filter and the list's states (loading, empty,
 * error with Retry, no results, the list), in the manner of
 * gnome-software's GsPage. A subclass sets its template with
 * mp_list_page_class_set_template_from_resource(): the template has a
 * GtkSearchEntry "search_entry", a GtkDropDown "status_dropdown" (its
 * first entry shows every status), a GtkStack "stack" with the pages
 * "loading", "empty", "no-results", "error" (the AdwStatusPage
 * "error_page" with a GtkButton "retry_button") and "list" (the GtkColumnView
 * "column_view", a GtkLabel "count_label" and a GtkInfoBar "info_bar"
 * with a GtkLabel "info_label" for a list that loaded in part).
 * The handlers search_changed_cb, status_selected_cb, retry_clicked_cb,
 * info_bar_response_cb and column_view_activate_cb are the base's.
 */
/* Sets *MONEY to the amount of one cell for ITEM; FALSE when it has none. */
typedef gboolean (*MpCellMoneyFunc) (gpointer  item,
                                     gpointer  user_data,
                                     MpMoney  *money);

/* A column of the list: TITLE marked with N_(), the cell's TEXT (NULL for a
 * column whose cells the class's create_factory() makes), COMPARE to sort
 * by it (or NULL), whether it takes the width left and holds a number.
 * What Export… writes of the cell (USER_DATA is the page): VALUE, its
 * machine-readable text (ISO 8601 dates, numbers with a decimal point and
 * no grouping, the API's codes for statuses and kinds), or for an amount of
 * money MONEY, written as two columns (the amount with a decimal point, then
 * its ISO 4217 currency code). A column with neither is not exported.
 */
typedef struct
{
  const char       *title;
  MpCellTextFunc    text;
  GCompareDataFunc  compare;
  gboolean          expand;
  gboolean          numeric;
  MpCellTextFunc    value;
  MpCellMoneyFunc   money;
} MpListPageColumn;

struct _MpListPageClass
{
  AdwBinClass parent_class;

  /* The section's name. */
  const char  *(*get_title)          (MpListPage   *self);
  /* The list of every item; called once, when the page is constructed. */
  MpListSource *(*create_list)       (MpListPage   *self);
  /* Whether ITEM is shown for entry STATUS of the status filter (0: any)
   * and SEARCH (stripped and casefolded; NULL when there is none). FOLDED
   * is ITEM's search text, folded once (NULL without get_search_text).
   * The default shows, for entry N > 0, the items whose get_status() is
   * status_values[N], and those whose search text holds SEARCH. Called
   * for every row at each keystroke: no look-up per row.
   */
  gboolean     (*filter)             (MpListPage   *self,
                                      gpointer      item,
                                      const char   *folded,
                                      guint         status,
                                      const char   *search);
  const char  *(*get_status)         (MpListPage   *self,
                                      gpointer      item);
  /* The text SEARCH is looked for in (the row's searchable fields, one
   * per line); the base folds it once, when the row comes in, never per
   * keystroke. A row whose fields change must be replaced in the list by
   * a new object.
   */
  char        *(*get_search_text)    (MpListPage   *self,
                                      gpointer      item);
  /* The line below the list ("3 of 7 orders"). */
  char        *(*count_text)         (MpListPage   *self,
                                      guint         n_shown,
                                      guint         n_all);
  /* The message of the bar shown over rows that loaded before ERROR. */
  char        *(*partial_error_text) (MpListPage   *self,
                                      const GError *error);
  /* Opens ITEM (Enter, or a double click on its row). */
  void         (*activate)           (MpListPage   *self,
                                      gpointer      item);
  /* Loads the list again (the session changed); the default reloads it. */
  void         (*reload)             (MpListPage   *self);
  /* The user asked to retry; the default reloads. */
  void         (*retry)              (MpListPage   *self);

  /* The cells of COLUMN, whose text is NULL. */
  GtkListItemFactory *(*create_factory) (MpListPage *self,
                                         const MpListPageColumn *column);

  /* The columns, in their order. */
  const MpListPageColumn *columns;
  guint                   n_columns;
  /* Whether to sort in steps, for lists of many thousand rows
   * (a small list is then shown a moment later).
   */
  gboolean                incremental;
  /* The status of each entry of the status filter but the first. */
  const char * const *status_values;
  guint               n_status_values;

  gpointer padding[8];
};

void         mp_list_page_class_set_template_from_resource (MpListPageClass *klass,
                                                            const char      *resource_name);

const char  *mp_list_page_get_title       (MpListPage *self);
MpSession   *mp_list_page_get_session     (MpListPage *self);
MpListSource *mp_list_page_get_list       (MpListPage *self);
void         mp_list_page_reload          (MpListPage *self);
/* The rows shown, in the order shown (filtered and sorted). */
GListModel  *mp_list_page_get_shown       (MpListPage *self);
GtkColumnView *mp_list_page_get_column_view (MpListPage *self);
/* The IDs of @ids (a set of IDs, as get_id gives them of the shown rows)
 * in the order the rows are seen: from the top row of the view down, then
 * the rows above it, then any not found near the view. For the local
 * copy's details, asked for in that order.
 */
GPtrArray   *mp_list_page_order_by_view   (MpListPage  *self,
                                           GHashTable  *ids,
                                           const char *(*get_id) (gpointer item));
/* A subclass's own filter changed (its filter vfunc answers otherwise). */
void         mp_list_page_refilter        (MpListPage *self);
/* Whether ITEM's search text (see get_search_text) contains SEARCH
 * (casefolded; NULL matches every row).
 */
gboolean     mp_list_page_item_matches    (MpListPage *self,
                                           gpointer    item,
                                           const char *search);

/* Export: the shown rows (filtered and sorted) and the visible columns with
 * a value, in the order shown, to a CSV file (see MpListExport); the
 * action "list.export" (Ctrl+E, the page's Export… button) asks for the
 * file first. One export at a time.
 */
char        *mp_list_page_get_export_name (MpListPage          *self);
void         mp_list_page_export_async    (MpListPage          *self,
                                           GFile               *file,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     mp_list_page_export_finish   (MpListPage          *self,
                                           GAsyncResult        *result,
                                           GError             **error);
void         mp_list_page_cancel_export   (MpListPage          *self);

G_END_DECLS
