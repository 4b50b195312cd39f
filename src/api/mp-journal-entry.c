/* mp-journal-entry.c
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-journal"

#include "config.h"

#include "mp-journal-entry.h"
#include "mp-json-private.h"

/* The version of the file's records; a reader skips records of a later one. */
#define ENTRY_VERSION 1

typedef struct
{
  char    *mpn;
  char    *description;
  gint64   quantity;
  gboolean has_unit_price;
  gboolean has_extended_price;
  MpMoney  unit_price;
  MpMoney  extended_price;
} Line;

struct _MpJournalEntry
{
  GObject         parent_instance;

  MpJournalEvent  event;
  GDateTime      *time;
  GDateTime      *updated;
  char           *login;
  char           *customer_id;
  char           *customer_name;
  MpOrderType     order_type;
  char           *plan_id;
  char           *plan_name;
  char           *subscription_id;
  GArray         *lines;            /* Line */
  gboolean        has_estimate;
  MpMoney         estimate;
  char           *order_id;
  char           *order_number;
  MpOrderStatus   status;
  GPtrArray      *correlation_ids;  /* char*, NULL-terminated */
  char           *message;
};

G_DEFINE_FINAL_TYPE (MpJournalEntry, mp_journal_entry, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATUS,
  PROP_UPDATED,
  PROP_ORDER_NUMBER,
  PROP_CORRELATION_ID,
  PROP_MESSAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
line_clear (gpointer data)
{
  Line *line = data;

  g_clear_pointer (&line->mpn, g_free);
  g_clear_pointer (&line->description, g_free);
}

static void
mp_journal_entry_finalize (GObject *object)
{
  MpJournalEntry *self = MP_JOURNAL_ENTRY (object);

  g_clear_pointer (&self->time, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_free (self->login);
  g_free (self->customer_id);
  g_free (self->customer_name);
  g_free (self->plan_id);
  g_free (self->plan_name);
  g_free (self->subscription_id);
  g_array_unref (self->lines);
  g_free (self->order_id);
  g_free (self->order_number);
  g_ptr_array_unref (self->correlation_ids);
  g_free (self->message);

  G_OBJECT_CLASS (mp_journal_entry_parent_class)->finalize (object);
}

static void
mp_journal_entry_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MpJournalEntry *self = MP_JOURNAL_ENTRY (object);

  switch (prop_id)
    {
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    case PROP_UPDATED:
      g_value_set_boxed (value, mp_journal_entry_get_updated (self));
      break;
    case PROP_ORDER_NUMBER:
      g_value_set_string (value, self->order_number);
      break;
    case PROP_CORRELATION_ID:
      g_value_set_string (value, mp_journal_entry_get_correlation_id (self));
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->message);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mp_journal_entry_class_init (MpJournalEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mp_journal_entry_finalize;
  object_class->get_property = mp_journal_entry_get_property;

  properties[PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, MP_TYPE_ORDER_STATUS, MP_ORDER_STATUS_UNKNOWN,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED] =
    g_param_spec_boxed ("updated", NULL, NULL, G_TYPE_DATE_TIME,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ORDER_NUMBER] =
    g_param_spec_string ("order-number", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CORRELATION_ID] =
    g_param_spec_string ("correlation-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGE] =
    g_param_spec_string ("message", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
mp_journal_entry_init (MpJournalEntry *self)
{
  self->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (self->lines, line_clear);
  self->correlation_ids = g_ptr_array_new_null_terminated (2, g_free, TRUE);
  self->time = g_date_time_new_now_utc ();
}

MpJournalEntry *
mp_journal_entry_new (MpJournalEvent event)
{
  MpJournalEntry *self = g_object_new (MP_TYPE_JOURNAL_ENTRY, NULL);

  self->event = event;
  return self;
}

/* JSON */

static void
add_string (JsonBuilder *builder,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (builder, member);
  json_builder_add_string_value (builder, value);
}

static void
add_money (JsonBuilder   *builder,
           const char    *member,
           const MpMoney *money)
{
  g_autofree char *amount = mp_money_to_string (money);

  json_builder_set_member_name (builder, member);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "amount");
  json_builder_add_string_value (builder, amount);
  json_builder_set_member_name (builder, "currency");
  json_builder_add_string_value (builder, money->currency);
  json_builder_end_object (builder);
}

static void
add_time (JsonBuilder *builder,
          const char  *member,
          GDateTime   *time)
{
  g_autofree char *text = NULL;

  if (time == NULL)
    return;
  text = g_date_time_format_iso8601 (time);
  add_string (builder, member, text);
}

JsonNode *
mp_journal_entry_to_json (MpJournalEntry *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "v");
  json_builder_add_int_value (builder, ENTRY_VERSION);
  add_string (builder, "event", mp_enum_to_nick (MP_TYPE_JOURNAL_EVENT, self->event));
  add_time (builder, "time", self->time);
  add_string (builder, "login", self->login);
  add_string (builder, "customerId", self->customer_id);
  add_string (builder, "customerName", self->customer_name);
  if (self->order_type != MP_ORDER_TYPE_UNKNOWN)
    add_string (builder, "orderType", mp_enum_to_nick (MP_TYPE_ORDER_TYPE, self->order_type));
  add_string (builder, "planId", self->plan_id);
  add_string (builder, "planName", self->plan_name);
  add_string (builder, "subscriptionId", self->subscription_id);
  if (self->lines->len > 0)
    {
      json_builder_set_member_name (builder, "lines");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->lines->len; i++)
        {
          Line *line = &g_array_index (self->lines, Line, i);

          json_builder_begin_object (builder);
          add_string (builder, "mpn", line->mpn);
          add_string (builder, "description", line->description);
          json_builder_set_member_name (builder, "quantity");
          json_builder_add_int_value (builder, line->quantity);
          if (line->has_unit_price)
            add_money (builder, "unitPrice", &line->unit_price);
          if (line->has_extended_price)
            add_money (builder, "extendedPrice", &line->extended_price);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }
  if (self->has_estimate)
    add_money (builder, "estimate", &self->estimate);
  add_string (builder, "orderId", self->order_id);
  add_string (builder, "orderNumber", self->order_number);
  if (self->status != MP_ORDER_STATUS_UNKNOWN)
    add_string (builder, "status", mp_enum_to_nick (MP_TYPE_ORDER_STATUS, self->status));
  if (self->correlation_ids->len > 0)
    {
      json_builder_set_member_name (builder, "correlationIds");
      json_builder_begin_array (builder);
      for (guint i = 0; i < self->correlation_ids->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (self->correlation_ids, i));
      json_builder_end_array (builder);
    }
  add_string (builder, "message", self->message);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static GDateTime *
parse_time (JsonObject *object,
            const char *member)
{
  g_autofree char *text = mp_json_dup_string (object, member);

  return text != NULL ? g_date_time_new_from_iso8601 (text, NULL) : NULL;
}

MpJournalEntry *
mp_journal_entry_new_from_json (JsonObject  *object,
                                GError     **error)
{
  g_autoptr(MpJournalEntry) self = NULL;
  g_autoptr(GDateTime) time = NULL;
  JsonArray *array;
  MpJournalEvent event;
  gboolean present;

  g_return_val_if_fail (object != NULL, NULL);

  event = mp_json_get_enum (object, "event", MP_TYPE_JOURNAL_EVENT, MP_JOURNAL_EVENT_UNKNOWN);
  time = parse_time (object, "time");
  if (mp_json_get_int (object, "v", 0) != ENTRY_VERSION || event == MP_JOURNAL_EVENT_UNKNOWN || time == NULL)
    {
      mp_json_set_bad_response (error, "Not a journal entry of version %d", ENTRY_VERSION);
      return NULL;
    }

  self = mp_journal_entry_new (event);
  mp_journal_entry_set_time (self, time);
  self->login = mp_json_dup_string (object, "login");
  self->customer_id = mp_json_dup_string (object, "customerId");
  self->customer_name = mp_json_dup_string (object, "customerName");
  self->order_type = mp_json_get_enum (object, "orderType", MP_TYPE_ORDER_TYPE, MP_ORDER_TYPE_UNKNOWN);
  self->plan_id = mp_json_dup_string (object, "planId");
  self->plan_name = mp_json_dup_string (object, "planName");
  self->subscription_id = mp_json_dup_string (object, "subscriptionId");
  array = mp_json_get_array (object, "lines");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *member;
      Line line = { NULL, NULL, 0, FALSE, FALSE, { 0, "" }, { 0, "" } };

      if (!JSON_NODE_HOLDS_OBJECT (node))
        continue;
      member = json_node_get_object (node);
      line.mpn = mp_json_dup_string (member, "mpn");
      line.description = mp_json_dup_string (member, "description");
      line.quantity = mp_json_get_int (member, "quantity", 0);
      if (mp_json_get_money (member, "unitPrice", &line.unit_price, &present, NULL))
        line.has_unit_price = present;
      if (mp_json_get_money (member, "extendedPrice", &line.extended_price, &present, NULL))
        line.has_extended_price = present;
      g_array_append_val (self->lines, line);
    }
  if (mp_json_get_money (object, "estimate", &self->estimate, &present, NULL))
    self->has_estimate = present;
  self->order_id = mp_json_dup_string (object, "orderId");
  self->order_number = mp_json_dup_string (object, "orderNumber");
  self->status = mp_json_get_enum (object, "status", MP_TYPE_ORDER_STATUS, MP_ORDER_STATUS_UNKNOWN);
  array = mp_json_get_array (object, "correlationIds");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        g_ptr_array_add (self->correlation_ids, g_strdup (json_node_get_string (node)));
    }
  self->message = mp_json_dup_string (object, "message");
  return g_steal_pointer (&self);
}

/* Accessors */

MpJournalEvent
mp_journal_entry_get_event (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), MP_JOURNAL_EVENT_UNKNOWN);
  return self->event;
}

GDateTime *
mp_journal_entry_get_time (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->time;
}

void
mp_journal_entry_set_time (MpJournalEntry *self,
                           GDateTime      *time)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));
  g_return_if_fail (time != NULL);

  g_clear_pointer (&self->time, g_date_time_unref);
  self->time = g_date_time_to_utc (time);
}

GDateTime *
mp_journal_entry_get_updated (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->updated != NULL ? self->updated : self->time;
}

const char *
mp_journal_entry_get_login (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->login;
}

void
mp_journal_entry_set_login (MpJournalEntry *self,
                            const char     *login)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));
  mp_set_str (&self->login, login);
}

const char *
mp_journal_entry_get_customer_id (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->customer_id;
}

const char *
mp_journal_entry_get_customer_name (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->customer_name;
}

void
mp_journal_entry_set_customer (MpJournalEntry *self,
                               const char     *customer_id,
                               const char     *customer_name)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));
  mp_set_str (&self->customer_id, customer_id);
  mp_set_str (&self->customer_name, customer_name);
}

MpOrderType
mp_journal_entry_get_order_type (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), MP_ORDER_TYPE_UNKNOWN);
  return self->order_type;
}

void
mp_journal_entry_set_order_type (MpJournalEntry *self,
                                 MpOrderType     order_type)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));
  self->order_type = order_type;
}

const char *
mp_journal_entry_get_plan_id (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->plan_id;
}

const char *
mp_journal_entry_get_plan_name (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->plan_name;
}

void
mp_journal_entry_set_plan (MpJournalEntry *self,
                           const char     *plan_id,
                           const char     *plan_name)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));
  mp_set_str (&self->plan_id, plan_id);
  mp_set_str (&self->plan_name, plan_name);
}

const char *
mp_journal_entry_get_subscription_id (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->subscription_id;
}

void
mp_journal_entry_set_subscription_id (MpJournalEntry *self,
                                      const char     *subscription_id)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));
  mp_set_str (&self->subscription_id, subscription_id);
}

guint
mp_journal_entry_get_n_lines (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), 0);
  return self->lines->len;
}

static Line *
get_line (MpJournalEntry *self,
          guint           i)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  g_return_val_if_fail (i < self->lines->len, NULL);
  return &g_array_index (self->lines, Line, i);
}

const char *
mp_journal_entry_get_line_mpn (MpJournalEntry *self,
                               guint           i)
{
  Line *line = get_line (self, i);

  return line != NULL ? line->mpn : NULL;
}

const char *
mp_journal_entry_get_line_description (MpJournalEntry *self,
                                       guint           i)
{
  Line *line = get_line (self, i);

  return line != NULL ? line->description : NULL;
}

gint64
mp_journal_entry_get_line_quantity (MpJournalEntry *self,
                                    guint           i)
{
  Line *line = get_line (self, i);

  return line != NULL ? line->quantity : 0;
}

const MpMoney *
mp_journal_entry_get_line_unit_price (MpJournalEntry *self,
                                      guint           i)
{
  Line *line = get_line (self, i);

  return line != NULL && line->has_unit_price ? &line->unit_price : NULL;
}

const MpMoney *
mp_journal_entry_get_line_extended_price (MpJournalEntry *self,
                                          guint           i)
{
  Line *line = get_line (self, i);

  return line != NULL && line->has_extended_price ? &line->extended_price : NULL;
}

void
mp_journal_entry_add_line (MpJournalEntry *self,
                           const char     *mpn,
                           const char     *description,
                           gint64          quantity,
                           const MpMoney  *unit_price,
                           const MpMoney  *extended_price)
{
  Line line = { NULL, NULL, 0, FALSE, FALSE, { 0, "" }, { 0, "" } };

  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));

  line.mpn = g_strdup (mpn);
  line.description = g_strdup (description);
  line.quantity = quantity;
  if (unit_price != NULL)
    {
      line.unit_price = *unit_price;
      line.has_unit_price = TRUE;
    }
  if (extended_price != NULL)
    {
      line.extended_price = *extended_price;
      line.has_extended_price = TRUE;
    }
  g_array_append_val (self->lines, line);
}

const MpMoney *
mp_journal_entry_get_estimate (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->has_estimate ? &self->estimate : NULL;
}

void
mp_journal_entry_set_estimate (MpJournalEntry *self,
                               const MpMoney  *estimate)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));

  self->has_estimate = estimate != NULL;
  if (estimate != NULL)
    self->estimate = *estimate;
}

const char *
mp_journal_entry_get_order_id (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->order_id;
}

const char *
mp_journal_entry_get_order_number (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->order_number;
}

void
mp_journal_entry_set_order (MpJournalEntry *self,
                            const char     *order_id,
                            const char     *order_number)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));

  mp_set_str (&self->order_id, order_id);
  if (mp_set_str (&self->order_number, order_number))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ORDER_NUMBER]);
}

MpOrderStatus
mp_journal_entry_get_status (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), MP_ORDER_STATUS_UNKNOWN);
  return self->status;
}

void
mp_journal_entry_set_status (MpJournalEntry *self,
                             MpOrderStatus   status)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));

  if (self->status == status)
    return;
  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATUS]);
}

const char * const *
mp_journal_entry_get_correlation_ids (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return (const char * const *) self->correlation_ids->pdata;
}

const char *
mp_journal_entry_get_correlation_id (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);

  if (self->correlation_ids->len == 0)
    return NULL;
  return g_ptr_array_index (self->correlation_ids, self->correlation_ids->len - 1);
}

void
mp_journal_entry_add_correlation_id (MpJournalEntry *self,
                                     const char     *correlation_id)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));

  if (correlation_id == NULL || *correlation_id == '\0')
    return;
  for (guint i = 0; i < self->correlation_ids->len; i++)
    if (g_str_equal (g_ptr_array_index (self->correlation_ids, i), correlation_id))
      return;
  g_ptr_array_add (self->correlation_ids, g_strdup (correlation_id));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CORRELATION_ID]);
}

const char *
mp_journal_entry_get_message (MpJournalEntry *self)
{
  g_return_val_if_fail (MP_IS_JOURNAL_ENTRY (self), NULL);
  return self->message;
}

void
mp_journal_entry_set_message (MpJournalEntry *self,
                              const char     *message)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));

  if (mp_set_str (&self->message, message))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGE]);
}

void
mp_journal_entry_fold (MpJournalEntry *self,
                       MpJournalEntry *status)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (status));

  g_object_freeze_notify (G_OBJECT (self));
  if (status->status != MP_ORDER_STATUS_UNKNOWN)
    mp_journal_entry_set_status (self, status->status);
  if (self->order_number == NULL && status->order_number != NULL)
    mp_journal_entry_set_order (self, self->order_id, status->order_number);
  for (guint i = 0; i < status->correlation_ids->len; i++)
    mp_journal_entry_add_correlation_id (self, g_ptr_array_index (status->correlation_ids, i));
  if (status->message != NULL)
    mp_journal_entry_set_message (self, status->message);
  /* The buyer's name, when it was looked up after the placement. */
  if (self->customer_name == NULL && status->customer_name != NULL &&
      g_strcmp0 (self->customer_id, status->customer_id) == 0)
    mp_set_str (&self->customer_name, status->customer_name);
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = g_date_time_ref (status->time);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
  g_object_thaw_notify (G_OBJECT (self));
}

void
mp_journal_entry_set_from_order (MpJournalEntry *self,
                                 MpOrder        *order)
{
  g_return_if_fail (MP_IS_JOURNAL_ENTRY (self));
  g_return_if_fail (MP_IS_ORDER (order));

  if (mp_order_get_order_type (order) != MP_ORDER_TYPE_UNKNOWN)
    self->order_type = mp_order_get_order_type (order);
  if (self->plan_id == NULL)
    mp_set_str (&self->plan_id, mp_order_get_plan_id (order));
  if (self->subscription_id == NULL)
    mp_set_str (&self->subscription_id, mp_order_get_subscription_id (order));
  mp_journal_entry_set_order (self, mp_order_get_id (order), mp_order_get_order_number (order));
  mp_journal_entry_set_status (self, mp_order_get_status (order));
  mp_journal_entry_add_correlation_id (self, mp_order_get_correlation_id (order));
  if (mp_order_get_error_message (order) != NULL)
    mp_journal_entry_set_message (self, mp_order_get_error_message (order));
}

/* Who placed it, and for whom. */
static void
set_buyer (MpJournalEntry *self,
           MpClient       *client,
           const char     *customer_id)
{
  MpAccount *account = mp_client_get_account (client);

  mp_set_str (&self->login, mp_client_get_user (client));
  if (customer_id != NULL && account != NULL && g_strcmp0 (customer_id, mp_account_get_id (account)) == 0)
    customer_id = NULL;
  mp_set_str (&self->customer_id, customer_id);
  if (customer_id == NULL && account != NULL)
    mp_set_str (&self->customer_name, mp_account_get_name (account));
}

/* What the purchase's draft and estimate say. */
static MpJournalEntry *
new_for_purchase (MpJournalEvent  event,
                  MpPurchase     *purchase)
{
  MpJournalEntry *self = mp_journal_entry_new (event);
  MpOrderDraft *draft = mp_purchase_get_draft (purchase);
  MpSubscription *subscription = mp_order_draft_get_subscription (draft);
  MpPlan *plan = mp_order_draft_get_plan (draft);
  GListModel *lines = mp_purchase_get_lines (purchase);
  const char *customer_id = mp_order_draft_get_customer_id (draft);
  guint n = lines != NULL ? g_list_model_get_n_items (lines) : 0;

  if (customer_id == NULL && subscription != NULL)
    customer_id = mp_subscription_get_customer_id (subscription);
  set_buyer (self, mp_purchase_get_client (purchase), customer_id);
  self->order_type = mp_order_draft_get_kind (draft);
  if (plan != NULL)
    mp_journal_entry_set_plan (self, mp_plan_get_id (plan), mp_plan_get_name (plan));
  else if (subscription != NULL)
    mp_journal_entry_set_plan (self, mp_subscription_get_plan_id (subscription),
                               mp_subscription_get_plan_name (subscription));
  if (subscription != NULL)
    mp_set_str (&self->subscription_id, mp_subscription_get_id (subscription));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MpOrderLine) line = g_list_model_get_item (lines, i);

      mp_journal_entry_add_line (self, mp_order_line_get_mpn (line),
                                 mp_order_line_get_name (line) != NULL ? mp_order_line_get_name (line)
                                                                       : mp_order_line_get_description (line),
                                 mp_order_line_get_quantity (line),
                                 mp_order_line_get_unit_price (line),
                                 mp_order_line_get_extended_price (line));
    }
  mp_journal_entry_set_estimate (self, mp_purchase_get_due_now (purchase));
  return self;
}

MpJournalEntry *
mp_journal_entry_new_placed (MpPurchase *purchase,
                             MpOrder    *order)
{
  MpJournalEntry *self;

  g_return_val_if_fail (MP_IS_PURCHASE (purchase), NULL);
  g_return_val_if_fail (MP_IS_ORDER (order), NULL);

  self = new_for_purchase (MP_JOURNAL_EVENT_PLACED, purchase);
  mp_journal_entry_set_from_order (self, order);
  return self;
}

MpJournalEntry *
mp_journal_entry_new_refused (MpPurchase   *purchase,
                              const GError *error)
{
  MpJournalEntry *self;

  g_return_val_if_fail (MP_IS_PURCHASE (purchase), NULL);
  g_return_val_if_fail (error != NULL, NULL);

  self = new_for_purchase (MP_JOURNAL_EVENT_REFUSED, purchase);
  mp_journal_entry_set_message (self, error->message);
  if (error->domain == MP_CLIENT_ERROR)
    mp_journal_entry_add_correlation_id (self, mp_client_error_get_correlation_id (error));
  return self;
}

MpJournalEntry *
mp_journal_entry_new_status (MpClient *client,
                             MpOrder  *order)
{
  MpJournalEntry *self;

  g_return_val_if_fail (MP_IS_CLIENT (client), NULL);
  g_return_val_if_fail (MP_IS_ORDER (order), NULL);

  self = mp_journal_entry_new (MP_JOURNAL_EVENT_STATUS);
  mp_set_str (&self->login, mp_client_get_user (client));
  mp_journal_entry_set_from_order (self, order);
  return self;
}
