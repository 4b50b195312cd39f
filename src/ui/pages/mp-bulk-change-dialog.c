/* mp-bulk-change-dialog.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-bulk-change-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "mp-a11y.h"
#include "mp-bulk-change-dialog.h"
#include "mp-cart-order-row.h"
#include "mp-error-box.h"
#include "mp-page-util.h"

/* Change Seats (issue 14 item 5): one resource of several subscriptions,
 * of one customer or many, set to an amount or moved by +/- N. Each
 * subscription is one line: one MpPurchase of one change draft, with its
 * own idempotency key and its own (debounced) estimate; the line shows
 * current -> new and its prorated price, or why it is not changed. The
 * total is summed per currency over the lines that will be placed. OK
 * places every such line at once and shows their orders as the cart's
 * check-out does (MpCartOrderRow); a refusal stays on its own line, the
 * other orders are placed. Closing the window never cancels a placement:
 * each purchase is handed to the session first.
 */
struct _MpBulkChangeDialog
{
  AdwWindow       parent_instance;

  /* Template Widgets */
  AdwWindowTitle *window_title;
  GtkButton      *cancel_button;
  GtkButton      *ok_button;
  GtkSpinner     *spinner;
  GtkStack       *stack;
  MpErrorBox     *error_box;
  AdwComboRow    *resource_row;
  GtkStringList  *resource_names;
  AdwActionRow   *set_row;
  AdwActionRow   *add_row;
  AdwActionRow   *amount_row;
  GtkSpinButton  *amount_spin;
  GtkListBox     *lines_list;
  GtkLabel       *total_label;
  GtkListBox     *orders_list;

  /* Unowned: the prefixes of set_row and add_row. */
  GtkCheckButton *set_check;
  GtkCheckButton *add_check;

  /* Owned References */
  MpSession      *session;
  GStrv           ids;
  GPtrArray      *lines;        /* Line *, in the order of ids */
  GPtrArray      *mpns;         /* char *: the resources, as in resource_names */
  GCancellable   *cancellable;  /* loads; only detaches placements */
  guint           n_loaded;
  gboolean        placed;       /* OK was pressed */
};

G_DEFINE_FINAL_TYPE (MpBulkChangeDialog, mp_bulk_change_dialog, ADW_TYPE_WINDOW)

/* One subscription of the change. */
typedef struct
{
  MpBulkChangeDialog *self;     /* unowned; NULL once the window is gone */
  char               *id;
  MpSubscription     *subscription;
  char               *customer_name;
  MpPurchase         *purchase;
  GError             *load_error;
  AdwActionRow       *row;
  GtkLabel           *figure;
  GtkWidget          *order_row;   /* on the progress page */
  gint64              current;     /* -1: no such resource */
  gint64              wanted;
  char               *refusal;     /* why it is not changed; NULL: it is */
} Line;

/* Lines are reference-counted boxes: each call on its way holds one, so
 * that its callback can tell (line->self == NULL) that the window is gone.
 */
static void
line_clear (gpointer data)
{
  Line *line = data;

  if (line->purchase != NULL)
    {
      g_signal_handlers_disconnect_by_data (line->purchase, line);
      g_signal_handlers_disconnect_by_data (mp_purchase_get_draft (line->purchase), line);
    }
  g_clear_object (&line->purchase);
  g_clear_object (&line->subscription);
  g_clear_error (&line->load_error);
  g_free (line->customer_name);
  g_free (line->refusal);
  g_free (line->id);
}

static void
line_release (gpointer data)
{
  g_rc_box_release_full (data, line_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Line, line_release)

static const char *
chosen_mpn (MpBulkChangeDialog *self)
{
  guint i = adw_combo_row_get_selected (self->resource_row);

  return i < self->mpns->len ? g_ptr_array_index (self->mpns, i) : NULL;
}

static gint64
amount (MpBulkChangeDialog *self)
{
  return (gint64) gtk_spin_button_get_value (self->amount_spin);
}

/* The line will be placed: its estimate is in and nothing is in the way. */
static gboolean
line_ready (Line *line)
{
  return line->refusal == NULL && line->purchase != NULL &&
         mp_purchase_get_state (line->purchase) == MP_PURCHASE_STATE_READY &&
         mp_order_draft_get_valid (mp_purchase_get_draft (line->purchase));
}

static gboolean
line_estimating (Line *line)
{
  return line->refusal == NULL && line->purchase != NULL &&
         mp_purchase_get_state (line->purchase) == MP_PURCHASE_STATE_ESTIMATING;
}

static char *
line_title (Line *line)
{
  if (line->subscription == NULL)
    return g_strdup (line->id);
  /* Translators: a subscription: "Fabrikam Office Standard (#1000102)". */
  return g_strdup_printf (_("%s (#%s)"), mp_subscription_get_name (line->subscription),
                          mp_subscription_get_id (line->subscription));
}

static char *
line_subtitle (Line *line)
{
  const char *customer = line->customer_name;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (line->subscription == NULL)
    return g_strdup ("");
  if (customer == NULL)
    customer = mp_subscription_get_customer_id (line->subscription);
  if (line->current < 0)
    return g_strdup (customer != NULL ? customer : "");
  from = mp_page_format_quantity (line->current);
  to = mp_page_format_quantity (line->wanted);
  /* Translators: a line of Change Seats: customer, current and new amount: "Acme · 40 → 42". */
  return g_strdup_printf (_("%s · %s → %s"), customer != NULL ? customer : "", from, to);
}

/* Why the line is not changed (in words for the user), or NULL. */
static const char *
line_reason (Line *line)
{
  const GError *error;
  const char *reason;

  if (line->load_error != NULL)
    return line->load_error->message;
  if (line->subscription == NULL)
    return NULL;
  if (line->refusal != NULL)
    return line->refusal;
  switch (mp_purchase_get_state (line->purchase))
    {
    case MP_PURCHASE_STATE_FAILED:
      error = mp_purchase_get_error (line->purchase);
      return error != NULL ? error->message : "";

    case MP_PURCHASE_STATE_IDLE:
      reason = mp_order_draft_get_reason (mp_purchase_get_draft (line->purchase));
      return reason != NULL ? reason : "";

    case MP_PURCHASE_STATE_READY:
    case MP_PURCHASE_STATE_ESTIMATING:
    default:
      return NULL;
    }
}

/* What the line's figure says: its price, a credit, or that it is not
 * changed (the reason is then on its subtitle).
 */
static char *
line_figure (Line *line)
{
  if (line_reason (line) != NULL)
    /* Translators: a line of Change Seats that is not placed. */
    return g_strdup (_("Not changed"));
  if (line->subscription == NULL || mp_purchase_get_state (line->purchase) != MP_PURCHASE_STATE_READY)
    return g_strdup (_("Estimating…"));
  if (mp_purchase_get_credit (line->purchase))
    {
      g_autofree char *credit = mp_page_format_money (mp_purchase_get_credit_amount (line->purchase));

      /* Translators: a line's refund: "Credit $8.00". */
      return g_strdup_printf (_("Credit %s"), credit);
    }
  return mp_page_format_money (mp_purchase_get_due_now (line->purchase));
}

static void
update_line_row (Line *line)
{
  g_autofree char *title = line_title (line);
  g_autofree char *subtitle = line_subtitle (line);
  g_autofree char *figure = line_figure (line);
  const char *reason = line_reason (line);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line->row), title);
  if (reason != NULL)
    {
      g_autofree char *both = g_strdup_printf ("%s\n%s", subtitle, reason);

      adw_action_row_set_subtitle (line->row, both);
      gtk_widget_add_css_class (GTK_WIDGET (line->figure), "error");
    }
  else
    {
      adw_action_row_set_subtitle (line->row, subtitle);
      gtk_widget_remove_css_class (GTK_WIDGET (line->figure), "error");
    }
  gtk_label_set_text (line->figure, figure);
}

/* "Total Due Now: $12.00", "Credit: $3.00", one per currency. */
static char *
total_text (GArray *sums)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < sums->len; i++)
    {
      MpMoney sum = g_array_index (sums, MpMoney, i);
      gboolean credit = sum.minor < 0;
      g_autofree char *money = NULL;

      if (credit)
        sum.minor = -sum.minor;
      money = mp_page_format_money (&sum);
      if (i > 0)
        g_string_append (text, "\n");
      if (sums->len == 1)
        /* Translators: the sum over the lines of Change Seats. */
        g_string_append_printf (text, credit ? _("Credit: %s") : _("Total Due Now: %s"), money);
      else
        /* Translators: one sum per currency: "Total Due Now in USD: $12.00". */
        g_string_append_printf (text, credit ? _("Credit in %s: %s") : _("Total Due Now in %s: %s"),
                                sum.currency, money);
    }
  return g_string_free (text, FALSE);
}

static void
update_total (MpBulkChangeDialog *self)
{
  g_autoptr(GArray) sums = g_array_new (FALSE, TRUE, sizeof (MpMoney));
  guint n_ready = 0;
  gboolean estimating = FALSE;
  gboolean overflow = FALSE;
  g_autofree char *text = NULL;

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);

      estimating = estimating || line_estimating (line);
      if (!line_ready (line))
        continue;
      n_ready++;
      overflow = overflow || !mp_money_sums_add (sums, mp_purchase_get_due_now (line->purchase), NULL);
    }

  if (estimating)
    text = g_strdup (_("Estimating…"));
  else if (n_ready == 0 && gtk_check_button_get_active (self->add_check) && amount (self) == 0)
    text = g_strdup (_("Enter how many seats to add or remove"));
  else if (n_ready == 0)
    text = g_strdup (_("No subscription can be changed this way"));
  else if (overflow)
    text = g_strdup (_("The total is too large"));
  else
    text = total_text (sums);
  gtk_label_set_text (self->total_label, text);
  gtk_spinner_set_spinning (self->spinner, estimating);
  /* Every price is shown before OK. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button),
                            !self->placed && !estimating && !overflow && n_ready > 0);
}

static void
purchase_changed_cb (Line *line)
{
  if (line->self == NULL)
    return;
  update_line_row (line);
  update_total (line->self);
}

/* The draft of LINE asks for the chosen change; the other resources stay. */
static void
apply_line (MpBulkChangeDialog *self,
            Line               *line)
{
  const char *mpn = chosen_mpn (self);
  MpSubscriptionResource *resource;
  GListModel *resources;
  MpOrderDraft *draft;

  if (line->subscription == NULL || self->placed)
    return;
  g_clear_pointer (&line->refusal, g_free);
  resource = mpn != NULL ? mp_subscription_find_resource (line->subscription, mpn) : NULL;
  line->current = resource != NULL ? mp_subscription_resource_get_quantity (resource) : -1;
  line->wanted = line->current;

  if (resource == NULL)
    line->refusal = g_strdup (_("Does not have this resource"));
  else
    {
      gboolean set = gtk_check_button_get_active (self->set_check);

      line->wanted = set ? amount (self) : line->current + amount (self);
      if (mp_subscription_get_pending_order_id (line->subscription) != NULL ||
          mp_session_has_pending_change (self->session, line->id))
        line->refusal = g_strdup (_("A change order is in progress on this subscription"));
      else if (line->wanted == line->current)
        line->refusal = g_strdup (_("No change"));
    }

  draft = mp_purchase_get_draft (line->purchase);
  resources = mp_subscription_get_resources (line->subscription);
  for (guint i = 0; resources != NULL && i < g_list_model_get_n_items (resources); i++)
    {
      g_autoptr(MpSubscriptionResource) r = g_list_model_get_item (resources, i);
      const char *r_mpn = mp_subscription_resource_get_mpn (r);

      /* A refused line asks for no change at all: no estimate is sent. */
      if (line->refusal == NULL && g_strcmp0 (r_mpn, mpn) == 0)
        mp_order_draft_set_quantity (draft, r_mpn, line->wanted);
      else
        mp_order_draft_set_quantity (draft, r_mpn, mp_subscription_resource_get_quantity (r));
    }
  update_line_row (line);
}

/* What the amount may be, said where the user types it. */
static void
update_hint (MpBulkChangeDialog *self)
{
  const char *mpn = chosen_mpn (self);
  gint64 low = G_MAXINT64, high = G_MININT64;
  gboolean unlimited = FALSE;
  g_autofree char *hint = NULL;

  for (guint i = 0; mpn != NULL && i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      MpSubscriptionResource *r = line->subscription != NULL ? mp_subscription_find_resource (line->subscription, mpn) : NULL;
      gint64 minimum, maximum;

      /* The plans' ranges; the usage floor of each is said on its line. */
      if (r == NULL)
        continue;
      minimum = mp_subscription_resource_get_minimum (r);
      maximum = mp_subscription_resource_get_maximum (r);
      low = MIN (low, minimum);
      if (maximum < 0)
        unlimited = TRUE;
      else
        high = MAX (high, maximum);
    }

  if (low == G_MAXINT64)
    hint = g_strdup ("");
  else if (gtk_check_button_get_active (self->add_check))
    hint = g_strdup (_("A negative amount removes seats; each subscription keeps within its plan's limits and its usage"));
  else if (unlimited || high == G_MININT64)
    {
      g_autofree char *from = mp_page_format_quantity (low);

      /* Translators: the smallest amount the plans allow. */
      hint = g_strdup_printf (_("The plans allow %s or more, and no fewer than are in use"), from);
    }
  else
    {
      g_autofree char *from = mp_page_format_quantity (low);
      g_autofree char *to = mp_page_format_quantity (high);

      /* Translators: the range the plans allow: "5 to 300". */
      hint = g_strdup_printf (_("The plans allow %s to %s, and no fewer than are in use"), from, to);
    }
  adw_action_row_set_subtitle (self->amount_row, hint);
}

static void
changed_cb (MpBulkChangeDialog *self)
{
  if (self->lines == NULL || self->placed)
    return;
  /* An amount to set is never negative; one to add may be. */
  gtk_adjustment_set_lower (gtk_spin_button_get_adjustment (self->amount_spin),
                            gtk_check_button_get_active (self->set_check) ? 0 : -1000000);
  for (guint i = 0; i < self->lines->len; i++)
    apply_line (self, g_ptr_array_index (self->lines, i));
  update_hint (self);
  update_total (self);
}

/* The resources of the subscriptions, by MPN; the one most of them have
 * (the seats) first chosen.
 */
static void
fill_resources (MpBulkChangeDialog *self)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint best = 0, best_count = 0;

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      GListModel *resources = line->subscription != NULL ? mp_subscription_get_resources (line->subscription) : NULL;

      for (guint j = 0; resources != NULL && j < g_list_model_get_n_items (resources); j++)
        {
          g_autoptr(MpSubscriptionResource) r = g_list_model_get_item (resources, j);
          const char *mpn = mp_subscription_resource_get_mpn (r);
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, mpn));

          if (mp_subscription_resource_get_one_time (r))
            continue;
          if (count == 0)
            {
              /* Translators: a resource of Change Seats: "Office Users (FAB-OS-USER)". */
              g_autofree char *name = g_strdup_printf (_("%s (%s)"), mp_subscription_resource_get_name (r), mpn);

              g_ptr_array_add (self->mpns, g_strdup (mpn));
              gtk_string_list_append (self->resource_names, name);
            }
          g_hash_table_replace (counts, g_strdup (mpn), GUINT_TO_POINTER (count + 1));
        }
    }
  for (guint i = 0; i < self->mpns->len; i++)
    {
      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, g_ptr_array_index (self->mpns, i)));

      if (count > best_count)
        {
          best = i;
          best_count = count;
        }
    }
  adw_combo_row_set_selected (self->resource_row, best);
}

static void
customer_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(Line) line = user_data;
  g_autoptr(MpCustomer) customer = NULL;
  g_autoptr(GError) error = NULL;

  customer = mp_client_get_customer_finish (MP_CLIENT (object), result, &error);
  if (line->self == NULL)
    return;
  if (customer == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_debug ("Could not load a customer: %s", error->message);
      return;
    }
  g_free (line->customer_name);
  line->customer_name = g_strdup (mp_customer_get_name (customer));
  update_line_row (line);
}

static void
all_loaded (MpBulkChangeDialog *self)
{
  g_autofree char *subtitle = NULL;

  fill_resources (self);
  /* Translators: the subtitle of Change Seats: how many subscriptions it changes. */
  subtitle = g_strdup_printf (ngettext ("%u Subscription", "%u Subscriptions", self->lines->len),
                              self->lines->len);
  adw_window_title_set_subtitle (self->window_title, subtitle);
  changed_cb (self);
  gtk_stack_set_visible_child_name (self->stack, "edit");
  gtk_widget_grab_focus (GTK_WIDGET (self->amount_spin));
}

static void
subscription_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(Line) line = user_data;
  MpBulkChangeDialog *self;
  g_autoptr(GError) error = NULL;
  MpSubscription *subscription;
  MpAccount *account;

  subscription = mp_client_get_subscription_finish (MP_CLIENT (object), result, &error);
  if (line->self == NULL)
    {
      g_clear_object (&subscription);
      return;
    }
  line->subscription = subscription;
  self = line->self;
  if (line->subscription == NULL)
    line->load_error = g_steal_pointer (&error);
  else
    {
      g_autoptr(MpOrderDraft) draft = mp_order_draft_new_change (line->subscription);
      const char *customer_id = mp_subscription_get_customer_id (line->subscription);

      line->purchase = mp_purchase_new (mp_session_get_client (self->session), draft);
      /* Whoever still shows the purchase, its order is followed. */
      mp_session_track_purchase (self->session, line->purchase);
      g_signal_connect_swapped (line->purchase, "notify::state", G_CALLBACK (purchase_changed_cb), line);
      g_signal_connect_swapped (line->purchase, "notify::due-now", G_CALLBACK (purchase_changed_cb), line);
      g_signal_connect_swapped (draft, "notify::valid", G_CALLBACK (purchase_changed_cb), line);
      account = mp_session_get_account (self->session);
      if (account != NULL && g_strcmp0 (mp_account_get_id (account), customer_id) == 0)
        line->customer_name = g_strdup (mp_account_get_name (account));
      else if (customer_id != NULL)
        mp_client_get_customer_async (mp_session_get_client (self->session), customer_id,
                                      self->cancellable, customer_cb, g_rc_box_acquire (line));
    }
  update_line_row (line);
  if (++self->n_loaded == self->lines->len)
    all_loaded (self);
}

/* Placing */

static void
set_order_row (MpBulkChangeDialog *self,
               Line               *line,
               GtkWidget          *row)
{
  int index = line->order_row != NULL ? gtk_list_box_row_get_index (GTK_LIST_BOX_ROW (line->order_row)) : -1;

  if (line->order_row != NULL)
    gtk_list_box_remove (self->orders_list, line->order_row);
  line->order_row = row;
  gtk_list_box_insert (self->orders_list, row, index);
}

/* A line that was not placed, and why: the server's message with its
 * correlation ID when the server refused it.
 */
static GtkWidget *
refused_row (Line         *line,
             const char   *heading,
             const GError *error)
{
  g_autofree char *title = line_title (line);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *error_box = mp_error_box_new ();

  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (GTK_BOX (box), label);
  if (error != NULL)
    mp_error_box_set_error (MP_ERROR_BOX (error_box), heading, error);
  else
    mp_error_box_set_message (MP_ERROR_BOX (error_box), heading, line->refusal, NULL);
  gtk_box_append (GTK_BOX (box), error_box);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return row;
}

static void
update_done (MpBulkChangeDialog *self)
{
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);

      if (line->purchase != NULL && mp_purchase_get_placing (line->purchase))
        return;
    }
  gtk_button_set_label (self->cancel_button, _("_Close"));
  gtk_spinner_set_spinning (self->spinner, FALSE);
}

static void
place_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(Line) line = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MpOrder) order = mp_purchase_place_finish (MP_PURCHASE (object), result, &error);
  MpBulkChangeDialog *self;

  /* The window went away: the placement goes on without it. */
  if (line->self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = line->self;
  if (order != NULL)
    {
      /* The purchase's "placed" handed it to the session: the same live
       * order comes back, and the row follows it.
       */
      MpOrder *tracked = mp_session_track_order (self->session, order);
      g_autofree char *name = line_title (line);
      /* Translators: order number and subscription: "SO000123: Office (#1000102)". */
      g_autofree char *title = g_strdup_printf (_("%s: %s"), mp_order_get_order_number (tracked), name);

      set_order_row (self, line, mp_cart_order_row_new (tracked, title));
    }
  else
    set_order_row (self, line, refused_row (line, _("The Order Was Not Placed"), error));
  update_done (self);
}

static void
ok_clicked_cb (MpBulkChangeDialog *self)
{
  if (self->placed || !gtk_widget_get_sensitive (GTK_WIDGET (self->ok_button)))
    return;
  self->placed = TRUE;
  gtk_widget_set_sensitive (GTK_WIDGET (self->ok_button), FALSE);
  gtk_widget_set_visible (GTK_WIDGET (self->ok_button), FALSE);
  gtk_spinner_set_spinning (self->spinner, TRUE);

  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);

      if (line_ready (line))
        {
          g_autofree char *title = line_title (line);
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *spinner = gtk_spinner_new ();

          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("Placing the order…"));
          gtk_spinner_set_spinning (GTK_SPINNER (spinner), TRUE);
          gtk_accessible_update_property (GTK_ACCESSIBLE (spinner), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Placing the order"), -1);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), spinner);
          set_order_row (self, line, row);
          /* The window's cancellable only detaches this callback. */
          mp_purchase_place_async (line->purchase, self->cancellable, place_cb, g_rc_box_acquire (line));
        }
      else if (line->subscription != NULL && line->refusal != NULL && line->current >= 0)
        set_order_row (self, line, refused_row (line, _("Not Changed"), NULL));
      else if (line->purchase != NULL && mp_purchase_get_state (line->purchase) == MP_PURCHASE_STATE_FAILED)
        set_order_row (self, line, refused_row (line, _("Not Changed"), mp_purchase_get_error (line->purchase)));
    }
  gtk_stack_set_visible_child_name (self->stack, "progress");
  update_done (self);
}

static void
mp_bulk_change_dialog_dispose (GObject *object)
{
  MpBulkChangeDialog *self = MP_BULK_CHANGE_DIALOG (object);

  /* The calls still on their way see that the window is gone. */
  if (self->lines != NULL)
    for (guint i = 0; i < self->lines->len; i++)
      ((Line *) g_ptr_array_index (self->lines, i))->self = NULL;
  g_cancellable_cancel (self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MP_TYPE_BULK_CHANGE_DIALOG);

  /* A purchase being placed keeps itself alive until it is placed. */
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->mpns, g_ptr_array_unref);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  g_clear_pointer (&self->ids, g_strfreev);

  G_OBJECT_CLASS (mp_bulk_change_dialog_parent_class)->dispose (object);
}

static void
mp_bulk_change_dialog_class_init (MpBulkChangeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mp_bulk_change_dialog_dispose;

  g_type_ensure (MP_TYPE_ERROR_BOX);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/marketpanel/MarketPanel/pages/mp-bulk-change-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, ok_button);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, error_box);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, resource_row);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, resource_names);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, set_row);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, add_row);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, amount_row);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, amount_spin);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, lines_list);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, total_label);
  gtk_widget_class_bind_template_child (widget_class, MpBulkChangeDialog, orders_list);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, ok_clicked_cb);
}

/* Escape cancels (what was placed goes on). */
static gboolean
key_pressed_cb (MpBulkChangeDialog    *self,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                GtkEventControllerKey *controller)
{
  if (keyval != GDK_KEY_Escape)
    return FALSE;
  gtk_window_close (GTK_WINDOW (self));
  return TRUE;
}

static void
mp_bulk_change_dialog_init (MpBulkChangeDialog *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkWidget *set_check, *add_check;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->mpns = g_ptr_array_new_with_free_func (g_free);

  set_check = mp_a11y_radio_new (NULL);
  add_check = mp_a11y_radio_new (GTK_CHECK_BUTTON (set_check));
  self->set_check = GTK_CHECK_BUTTON (set_check);
  self->add_check = GTK_CHECK_BUTTON (add_check);
  gtk_check_button_set_active (self->add_check, TRUE);
  adw_action_row_add_prefix (self->set_row, set_check);
  adw_action_row_add_prefix (self->add_row, add_check);
  adw_action_row_set_activatable_widget (self->set_row, set_check);
  adw_action_row_set_activatable_widget (self->add_row, add_check);
  gtk_accessible_update_property (GTK_ACCESSIBLE (set_check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Set To"), -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (add_check), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Add or Remove"), -1);
  g_signal_connect_swapped (add_check, "notify::active", G_CALLBACK (changed_cb), self);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->amount_spin), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Amount"), -1);
  adw_action_row_set_activatable_widget (self->amount_row, GTK_WIDGET (self->amount_spin));

  /* Enter in the amount means OK, once every price is in. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->ok_button));
  mp_a11y_enter_activates_default (GTK_WINDOW (self));
  gtk_event_controller_set_name (keys, "mp-bulk-keys");
  g_signal_connect_object (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
mp_bulk_change_dialog_new (MpSession          *session,
                           GtkWindow          *parent,
                           const char * const *subscription_ids)
{
  MpBulkChangeDialog *self;

  g_return_val_if_fail (MP_IS_SESSION (session), NULL);
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (subscription_ids != NULL && subscription_ids[0] != NULL, NULL);

  self = g_object_new (MP_TYPE_BULK_CHANGE_DIALOG, "transient-for", parent, NULL);
  self->session = g_object_ref (session);
  self->ids = g_strdupv ((char **) subscription_ids);
  self->lines = g_ptr_array_new_with_free_func (line_release);

  for (guint i = 0; self->ids[i] != NULL; i++)
    {
      Line *line = g_rc_box_new0 (Line);
      GtkWidget *figure = gtk_label_new ("…");

      line->self = self;
      line->id = g_strdup (self->ids[i]);
      line->current = -1;
      line->row = ADW_ACTION_ROW (adw_action_row_new ());
      line->figure = GTK_LABEL (figure);
      gtk_label_set_xalign (GTK_LABEL (figure), 1);
      gtk_label_set_selectable (GTK_LABEL (figure), TRUE);
      gtk_widget_add_css_class (figure, "numeric");
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (line->row), FALSE);
      adw_action_row_add_suffix (line->row, figure);
      gtk_list_box_append (self->lines_list, GTK_WIDGET (line->row));
      g_ptr_array_add (self->lines, line);
      update_line_row (line);
      mp_client_get_subscription_async (mp_session_get_client (session), line->id, self->cancellable,
                                        subscription_cb, g_rc_box_acquire (line));
    }
  return GTK_WIDGET (self);
}
