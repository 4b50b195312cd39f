/* mp-page-util.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-page-util.h"

/* Dates arrive either as dates ("2026-11-24", subscriptions) or as date-times
 * ("2026-11-24T10:00:00Z", orders). Both are shown as a local date; a
 * date-time also gets its local time.
 */
char *
mp_page_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (iso_date == NULL || *iso_date == '\0')
    return g_strdup ("—");

  if (strchr (iso_date, 'T') == NULL)
    {
      GDate date;
      char buffer[64];

      g_date_clear (&date, 1);
      g_date_set_parse (&date, iso_date);
      if (!g_date_valid (&date))
        return g_strdup (iso_date);
      /* Translators: a date as strftime() writes it, e.g. "24 Nov 2026". */
      if (g_date_strftime (buffer, sizeof buffer, _("%-d %b %Y"), &date) == 0)
        return g_strdup (iso_date);
      return g_strdup (buffer);
    }

  utc = g_date_time_new_from_iso8601 (iso_date, NULL);
  if (utc == NULL)
    return g_strdup (iso_date);
  local = g_date_time_to_local (utc);
  /* Translators: a date and time as g_date_time_format() writes it,
   * e.g. "24 Nov 2026, 10:00".
   */
  return g_date_time_format (local, _("%-d %b %Y, %H:%M"));
}

char *
mp_page_format_money (const MpMoney *money)
{
  if (money == NULL)
    return g_strdup ("—");
  return mp_money_format (money);
}

/* A count of seats, users, devices...: grouped as the locale groups digits
 * (LC_NUMERIC: "10,000" in English, "10.000" in German). The printf "'"
 * flag is glibc's (and POSIX's) digit grouping.
 */
char *
mp_page_format_quantity (gint64 quantity)
{
  return g_strdup_printf ("%'" G_GINT64_FORMAT, quantity);
}

char *
mp_page_format_period (MpPeriod *period)
{
  MpPeriodUnit unit;
  int duration;

  if (period == NULL)
    return g_strdup ("—");

  unit = mp_period_get_unit (period);
  duration = (int) mp_period_get_duration (period);
  if (unit == MP_PERIOD_UNIT_YEAR)
    return g_strdup_printf (ngettext ("%d Year", "%d Years", duration), duration);
  if (unit == MP_PERIOD_UNIT_MONTH)
    return g_strdup_printf (ngettext ("%d Month", "%d Months", duration), duration);
  if (unit == MP_PERIOD_UNIT_DAY)
    return g_strdup_printf (ngettext ("%d Day", "%d Days", duration), duration);
  return g_strdup_printf ("%d %s", duration, mp_period_get_unit_name (period));
}

/* The title of an estimate line, written in the user's language from its
 * structured fields (product name, kind, term, charged span), with the
 * locale's dates: the marketplace's own description is English. Falls back
 * to that description when the marketplace did not name the product.
 */
char *
mp_page_format_estimate_line (MpOrderLine *line)
{
  const char *name = mp_order_line_get_name (line);
  const char *kind = mp_order_line_get_kind (line);
  const char *start = mp_order_line_get_start_date (line);
  const char *end = mp_order_line_get_end_date (line);
  MpPeriod *period = mp_order_line_get_period (line);

  if (name == NULL)
    {
      const char *description = mp_order_line_get_description (line);

      return g_strdup (description != NULL ? description : mp_order_line_get_mpn (line));
    }
  if (g_strcmp0 (kind, "setup") == 0)
    /* Translators: an estimate line: the setup fee of a product. */
    return g_strdup_printf (_("%s, setup fee"), name);
  if (g_strcmp0 (kind, "nonProvisioningItem") == 0)
    /* Translators: an estimate line: a one-time service. */
    return g_strdup_printf (_("%s, one-time service"), name);
  if ((g_strcmp0 (kind, "recurring") == 0 || g_strcmp0 (kind, "downgrade") == 0
       || g_strcmp0 (kind, "cancellation") == 0) && period != NULL)
    {
      g_autofree char *term = mp_page_format_period (period);

      if (start != NULL && end != NULL)
        {
          g_autofree char *from = mp_page_format_date (start);
          g_autofree char *through = mp_page_format_date (end);

          /* Translators: an estimate line: product, term ("1 Month"), first
           * and last day charged, e.g. "IDSync users, 1 Month term,
           * 24 Nov 2026 – 23 Dec 2026".
           */
          return g_strdup_printf (_("%s, %s term, %s – %s"), name, term, from, through);
        }
      /* Translators: an estimate line: product and term ("1 Month"). */
      return g_strdup_printf (_("%s, %s term"), name, term);
    }
  return g_strdup (name);
}

char *
mp_page_format_elapsed (gint64 seconds)
{
  if (seconds < 0)
    seconds = 0;
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600),
                            (int) (seconds / 60 % 60), (int) (seconds % 60));
  return g_strdup_printf ("%d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

const char *
mp_page_subscription_status (const char *status)
{
  if (g_strcmp0 (status, "active") == 0)
    return _("Active");
  if (g_strcmp0 (status, "pending") == 0)
    return _("Pending");
  if (g_strcmp0 (status, "hold") == 0)
    return _("On Hold");
  if (g_strcmp0 (status, "terminated") == 0)
    return _("Terminated");
  if (g_strcmp0 (status, "removed") == 0)
    return _("Removed");
  return status != NULL ? status : "—";
}

const char *
mp_page_order_status (MpOrderStatus status)
{
  if (status == MP_ORDER_STATUS_SUBMITTED)
    return _("Submitted");
  if (status == MP_ORDER_STATUS_PROCESSING)
    return _("Processing");
  if (status == MP_ORDER_STATUS_COMPLETED)
    return _("Completed");
  if (status == MP_ORDER_STATUS_ERROR)
    return _("Failed");
  if (status == MP_ORDER_STATUS_CANCELLED)
    return _("Cancelled");
  return "—";
}

/* An order's status as the lists and the order page show it: "Scheduled
 * for DATE" for a change waiting for the renewal, the progress while it
 * is provisioned ("Processing (50%)").
 */
char *
mp_page_order_status_text (MpOrder *order)
{
  MpOrderStatus status = mp_order_get_status (order);
  gint64 progress = mp_order_get_progress (order);

  if (status == MP_ORDER_STATUS_SUBMITTED && mp_order_get_scheduled (order))
    {
      const char *date = mp_order_get_scheduled_date (order);
      g_autofree char *shown = NULL;

      if (date == NULL || *date == '\0')
        return g_strdup (_("Scheduled for Renewal"));
      shown = mp_page_format_date (date);
      /* Translators: an order waiting for the renewal; %s is its date, e.g. "December 16, 2026" */
      return g_strdup_printf (_("Scheduled for %s"), shown);
    }
  if (!mp_order_get_final (order) && progress >= 0)
    /* Translators: an order's status and its progress, e.g. "Processing (50%)". */
    return g_strdup_printf (_("%s (%d%%)"), mp_page_order_status (status), (int) progress);
  return g_strdup (mp_page_order_status (status));
}

const char *
mp_page_order_type (MpOrderType order_type)
{
  if (order_type == MP_ORDER_TYPE_SALES)
    return _("New Subscription");
  if (order_type == MP_ORDER_TYPE_CHANGE)
    return _("Change of Limits");
  if (order_type == MP_ORDER_TYPE_RENEWAL)
    return _("Renewal");
  if (order_type == MP_ORDER_TYPE_CANCELLATION)
    return _("Cancellation");
  return "—";
}

/* The seats of a subscription: the sum of the limits of its recurring
 * resources. -1 when the subscription came without its resource lines (list
 * rows of a server that leaves them out).
 */
gint64
mp_page_subscription_seats (MpSubscription *subscription)
{
  GListModel *resources = mp_subscription_get_resources (subscription);
  guint n = resources != NULL ? g_list_model_get_n_items (resources) : 0;
  gint64 seats = 0;

  if (n == 0)
    return -1;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpSubscriptionResource) resource = g_list_model_get_item (resources, i);

      if (!mp_subscription_resource_get_one_time (resource))
        seats += mp_subscription_resource_get_quantity (resource);
    }
  return seats;
}

static gboolean
cut_label_query_tooltip_cb (GtkWidget  *widget,
                            int         x,
                            int         y,
                            gboolean    keyboard_mode,
                            GtkTooltip *tooltip,
                            gpointer    user_data)
{
  GtkLabel *label = GTK_LABEL (widget);

  if (!pango_layout_is_ellipsized (gtk_label_get_layout (label)))
    return FALSE;
  gtk_tooltip_set_text (tooltip, gtk_label_get_text (label));
  return TRUE;
}

/* Gives LABEL its own text as its tooltip, shown only while the text is cut
 * short. The tooltip is made when asked for: list cells are bound again and
 * again, and gtk_widget_set_tooltip_text() in a bind handler asks the
 * display where the pointer is each time (a round trip per cell, most of a
 * keystroke's cost in a search over a long list).
 */
void
mp_page_label_tooltip_when_cut (GtkLabel *label)
{
  g_return_if_fail (GTK_IS_LABEL (label));

  gtk_widget_set_has_tooltip (GTK_WIDGET (label), TRUE);
  g_signal_connect (label, "query-tooltip", G_CALLBACK (cut_label_query_tooltip_cb), NULL);
}

static gboolean
cell_query_tooltip_cb (GtkWidget  *widget,
                       int         x,
                       int         y,
                       gboolean    keyboard_mode,
                       GtkTooltip *tooltip,
                       gpointer    user_data)
{
  const char *text = g_object_get_data (G_OBJECT (widget), "mp-cell-tooltip");

  if (text == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, text);
  return TRUE;
}

/* Sets the tooltip of WIDGET, a list cell bound again and again, to TEXT
 * (NULL: none) and its accessible description with it, as
 * gtk_widget_set_tooltip_text () does, without its round trip to the
 * display at each call (see mp_page_label_tooltip_when_cut ()).
 */
void
mp_page_set_cell_tooltip (GtkWidget  *widget,
                          const char *text)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (g_object_get_data (G_OBJECT (widget), "mp-cell-tooltip-set-up") == NULL)
    {
      g_object_set_data (G_OBJECT (widget), "mp-cell-tooltip-set-up", GINT_TO_POINTER (TRUE));
      gtk_widget_set_has_tooltip (widget, TRUE);
      g_signal_connect (widget, "query-tooltip", G_CALLBACK (cell_query_tooltip_cb), NULL);
    }
  if (g_strcmp0 (text, g_object_get_data (G_OBJECT (widget), "mp-cell-tooltip")) == 0)
    return;
  g_object_set_data_full (G_OBJECT (widget), "mp-cell-tooltip", g_strdup (text), g_free);
  if (text != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

typedef struct
{
  MpCellTextFunc text_func;
  gpointer       user_data;
  gboolean       numeric;
  gboolean       wrap;      /* names: two lines, the full text in a tooltip when cut */
  gboolean       names_row;
} ColumnData;

static void
column_data_free (gpointer  data,
                  GClosure *closure)
{
  g_free (data);
}

static void
column_setup_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 ColumnData               *data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  /* Names that differ only at their end ("… for Resellers", "… for
   * Customer") stay readable in a narrow window.
   */
  if (data->wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_lines (GTK_LABEL (label), 2);
    }
  gtk_label_set_xalign (GTK_LABEL (label), data->numeric ? 1.0 : 0.0);
  if (data->numeric)
    gtk_widget_add_css_class (label, "numeric");
  if (data->wrap)
    mp_page_label_tooltip_when_cut (GTK_LABEL (label));
  gtk_list_item_set_child (list_item, label);
}

static void
column_bind_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                ColumnData               *data)
{
  g_autofree char *text = data->text_func (gtk_list_item_get_item (list_item), data->user_data);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (list_item)), text);
  if (data->names_row)
    mp_a11y_name_list_row (gtk_list_item_get_child (list_item), text);
}

/* Adds a column of plain text to COLUMN_VIEW, with a sorter when
 * COMPARE_FUNC is given. USER_DATA goes to TEXT_FUNC and must outlive the
 * column. The text is computed when a row is bound, so only
 * the visible rows cost anything.
 */
/* Marks the factories of mp_page_add_text_column(). */
static GQuark
text_column_quark (void)
{
  return g_quark_from_static_string ("mp-text-column");
}

GtkColumnViewColumn *
mp_page_add_text_column (GtkColumnView    *column_view,
                         const char       *title,
                         MpCellTextFunc    text_func,
                         GCompareDataFunc  compare_func,
                         gpointer          user_data,
                         gboolean          expand,
                         gboolean          numeric)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;
  ColumnData *data = g_new0 (ColumnData, 1);

  data->text_func = text_func;
  data->user_data = user_data;
  data->numeric = numeric;
  data->wrap = expand && !numeric;
  /* The first text column names the row for screen readers (a column of
   * check boxes before it, shown in selection mode only, cannot). */
  data->names_row = TRUE;
  for (guint i = 0; i < g_list_model_get_n_items (gtk_column_view_get_columns (column_view)); i++)
    {
      g_autoptr(GtkColumnViewColumn) other = g_list_model_get_item (gtk_column_view_get_columns (column_view), i);

      if (gtk_column_view_column_get_factory (other) != NULL
          && g_object_get_qdata (G_OBJECT (gtk_column_view_column_get_factory (other)), text_column_quark ()) != NULL)
        data->names_row = FALSE;
    }
  g_object_set_qdata (G_OBJECT (factory), text_column_quark (), GINT_TO_POINTER (TRUE));
  g_signal_connect_data (factory, "setup", G_CALLBACK (column_setup_cb), data,
                         column_data_free, G_CONNECT_DEFAULT);
  g_signal_connect (factory, "bind", G_CALLBACK (column_bind_cb), data);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (column, expand);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (compare_func != NULL)
    {
      g_autoptr(GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_func, NULL, NULL));

      gtk_column_view_column_set_sorter (column, sorter);
    }
  gtk_column_view_append_column (column_view, column);
  g_object_unref (column);
  return column;
}

void
mp_page_copy_to_clipboard (GtkWidget  *widget,
                           const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

/* The search text of a list row (see MpListPageClass.get_search_text): its
 * N_FIELDS FIELDS, one per line, NULLs left out.
 */
char *
mp_page_join_search_fields (const char * const *fields,
                            guint               n_fields)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < n_fields; i++)
    if (fields[i] != NULL)
      {
        if (text->len > 0)
          g_string_append_c (text, '\n');
        g_string_append (text, fields[i]);
      }
  return g_string_free (text, FALSE);
}

/* Whether HAYSTACK contains FOLDED_NEEDLE (already g_utf8_casefold()ed, once
 * per keystroke), ignoring case; an empty needle matches everything. It
 * runs for every row of a list on every keystroke: ASCII rows, the usual
 * case, are searched without allocating.
 */
gboolean
mp_page_text_contains (const char *haystack,
                       const char *folded_needle)
{
  g_autofree char *folded = NULL;

  if (folded_needle == NULL || *folded_needle == '\0')
    return TRUE;
  if (haystack == NULL)
    return FALSE;
  if (g_str_is_ascii (haystack))
    {
      gsize n = strlen (folded_needle);

      for (const char *p = haystack; *p != '\0'; p++)
        if (g_ascii_strncasecmp (p, folded_needle, n) == 0)
          return TRUE;
      return FALSE;
    }
  folded = g_utf8_casefold (haystack, -1);
  return strstr (folded, folded_needle) != NULL;
}

/* Shows in STACK the child that a filtered list page's state calls for:
 * "error" (with the message on ERROR_PAGE), "loading" or "empty" while no
 * row is in, then "no-results" when the filter leaves SHOWN empty (and is
 * not FILTERING still), else "list".
 * Returns TRUE when rows are in, for the page to update its counts.
 */
gboolean
mp_page_show_list_state (GtkStack           *stack,
                         AdwStatusPage      *error_page,
                         MpListSource       *list,
                         GListModel         *shown,
                         gboolean            filtering)
{
  guint n_all = g_list_model_get_n_items (G_LIST_MODEL (list));
  guint n_shown = g_list_model_get_n_items (shown);
  gboolean loading = mp_list_source_get_loading (list);
  const GError *error = mp_list_source_get_error (list);

  if (n_all == 0)
    {
      if (error != NULL)
        {
          adw_status_page_set_description (error_page, error->message);
          gtk_stack_set_visible_child_name (stack, "error");
        }
      else
        gtk_stack_set_visible_child_name (stack, loading ? "loading" : "empty");
      return FALSE;
    }

  if (n_shown == 0 && !loading && !filtering)
    gtk_stack_set_visible_child_name (stack, "no-results");
  else
    gtk_stack_set_visible_child_name (stack, "list");
  return TRUE;
}

typedef struct
{
  MpPagePlanFunc func;
  gpointer       user_data;
  GDestroyNotify destroy;
} PlanCall;

static void
get_plan_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      data)
{
  PlanCall *call = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpPlan) plan = mp_client_get_plan_finish (MP_CLIENT (object), result, &error);

  /* Cancelled: whoever asked is gone, or asks for another plan. */
  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    call->func (call->user_data, plan, error);
  if (call->destroy != NULL)
    call->destroy (call->user_data);
  g_free (call);
}

void
mp_page_get_plan (MpClient       *client,
                  const char     *plan_id,
                  GCancellable   *cancellable,
                  MpPagePlanFunc  func,
                  gpointer        user_data,
                  GDestroyNotify  destroy)
{
  PlanCall *call;

  g_return_if_fail (MP_IS_CLIENT (client));
  g_return_if_fail (plan_id != NULL);
  g_return_if_fail (func != NULL);

  call = g_new0 (PlanCall, 1);
  call->func = func;
  call->user_data = user_data;
  call->destroy = destroy;
  mp_client_get_plan_async (client, plan_id, cancellable, get_plan_cb, call);
}

gboolean
mp_page_update_when_choice (AdwActionRow   *renewal_row,
                            GtkCheckButton *now_check,
                            GtkCheckButton *renewal_check,
                            MpSubscription *subscription)
{
  const char *date = subscription != NULL ? mp_subscription_get_renewal_date (subscription) : NULL;
  gboolean renews = subscription != NULL && mp_subscription_get_auto_renew (subscription) && date != NULL;

  if (renews)
    {
      g_autofree char *shown = mp_page_format_date (date);
      /* Translators: %s is the renewal date, e.g. "December 16, 2026" */
      g_autofree char *title = g_strdup_printf (_("Apply at _Renewal (%s)"), shown);
      g_autofree char *name = g_strdup_printf (_("Apply at renewal, %s"), shown);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (renewal_row), title);
      gtk_accessible_update_property (GTK_ACCESSIBLE (renewal_check), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (now_check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Apply now"), -1);
  return renews;
}
