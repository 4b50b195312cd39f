/* mp-json-writer.c: a small, fast JSON text writer for responses
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include "mp-money.h"
#include "mp-json-writer.h"

#include <string.h>

/* Appends without a call into GLib while the buffer has room (a list page
 * appends some 10,000 pieces). */
static inline void
out_append_len (GString    *out,
                const char *data,
                gsize       length)
{
  if (G_LIKELY (out->len + length < out->allocated_len))
    {
      memcpy (out->str + out->len, data, length);
      out->len += length;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, data, (gssize) length);
}

static inline void
out_append_c (GString *out,
              char     c)
{
  if (G_LIKELY (out->len + 1 < out->allocated_len))
    {
      out->str[out->len++] = c;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_c (out, c);
}

void
mp_json_writer_init (MpJsonWriter *self)
{
  mp_json_writer_init_sized (self, 1024);
}

void
mp_json_writer_init_sized (MpJsonWriter *self,
                           gsize         size)
{
  self->out = g_string_sized_new (size);
  self->depth = 0;
  self->need_comma = 0;
}

char *
mp_json_writer_steal (MpJsonWriter *self,
                      gsize        *length)
{
  *length = self->out->len;
  return g_string_free (g_steal_pointer (&self->out), FALSE);
}

void
mp_json_writer_clear (MpJsonWriter *self)
{
  if (self->out != NULL)
    g_string_free (g_steal_pointer (&self->out), TRUE);
}

static void
before_value (MpJsonWriter *self)
{
  guint64 bit = G_GUINT64_CONSTANT (1) << (self->depth & 63);

  if (self->need_comma & bit)
    out_append_c (self->out, ',');
  self->need_comma |= bit;
}

static void
push (MpJsonWriter *self,
      char          c)
{
  before_value (self);
  out_append_c (self->out, c);
  self->depth++;
  self->need_comma &= ~(G_GUINT64_CONSTANT (1) << (self->depth & 63));
}

static void
pop (MpJsonWriter *self,
     char          c)
{
  out_append_c (self->out, c);
  self->depth--;
}

void
mp_json_begin_object (MpJsonWriter *self)
{
  push (self, '{');
}

void
mp_json_end_object (MpJsonWriter *self)
{
  pop (self, '}');
}

void
mp_json_begin_array (MpJsonWriter *self)
{
  push (self, '[');
}

void
mp_json_end_array (MpJsonWriter *self)
{
  pop (self, ']');
}

/* Appends S as a JSON string: runs of plain bytes in one go. */
static void
append_escaped (GString    *out,
                const char *s)
{
  const unsigned char *p = (const unsigned char *) s;
  const unsigned char *run = p;

  out_append_c (out, '"');
  for (;; p++)
    {
      unsigned char c = *p;

      if (G_LIKELY (c >= 0x20 && c != '"' && c != '\\'))
        continue;
      if (p > run)
        out_append_len (out, (const char *) run, (gsize) (p - run));
      run = p + 1;
      switch (c)
        {
        case '\0':
          out_append_c (out, '"');
          return;
        case '"':
          out_append_len (out, "\\\"", 2);
          break;
        case '\\':
          out_append_len (out, "\\\\", 2);
          break;
        case '\n':
          out_append_len (out, "\\n", 2);
          break;
        case '\r':
          out_append_len (out, "\\r", 2);
          break;
        case '\t':
          out_append_len (out, "\\t", 2);
          break;
        default:
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }
}

/* Decimal text of VALUE (and of minus NEGATIVE), without printf. */
static void
append_digits (GString  *out,
               guint64   v,
               gboolean  negative)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    {
      *--p = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v != 0);
  if (negative)
    *--p = '-';
  out_append_len (out, p, (gsize) (buf + sizeof buf - p));
}

static void
append_int (GString *out,
            gint64   value)
{
  append_digits (out, value < 0 ? (guint64) 0 - (guint64) value : (guint64) value, value < 0);
}

/* Member names are the program's own ASCII constants: no escaping. */
void
mp_json_key (MpJsonWriter *self,
             const char   *key)
{
  before_value (self);
  out_append_c (self->out, '"');
  out_append_len (self->out, key, strlen (key));
  out_append_len (self->out, "\":", 2);
  /* The value that follows takes no comma. */
  self->need_comma &= ~(G_GUINT64_CONSTANT (1) << (self->depth & 63));
}

static void
after_key_value (MpJsonWriter *self)
{
  self->need_comma |= G_GUINT64_CONSTANT (1) << (self->depth & 63);
}

void
mp_json_string (MpJsonWriter *self,
                const char   *value)
{
  before_value (self);
  append_escaped (self->out, value != NULL ? value : "");
  after_key_value (self);
}

void
mp_json_int (MpJsonWriter *self,
             gint64        value)
{
  before_value (self);
  append_int (self->out, value);
}

void
mp_json_bool (MpJsonWriter *self,
              gboolean      value)
{
  before_value (self);
  if (value)
    out_append_len (self->out, "true", 4);
  else
    out_append_len (self->out, "false", 5);
}

void
mp_json_null (MpJsonWriter *self)
{
  before_value (self);
  out_append_len (self->out, "null", 4);
}

void
mp_json_raw (MpJsonWriter *self,
             const char   *json)
{
  before_value (self);
  if (json == NULL || *json == '\0')
    json = "null";
  out_append_len (self->out, json, strlen (json));
}

void
mp_json_member_string (MpJsonWriter *self,
                       const char   *key,
                       const char   *value)
{
  mp_json_key (self, key);
  mp_json_string (self, value);
}

void
mp_json_member_string_or_null (MpJsonWriter *self,
                               const char   *key,
                               const char   *value)
{
  mp_json_key (self, key);
  if (value != NULL && *value != '\0')
    mp_json_string (self, value);
  else
    mp_json_null (self);
}

void
mp_json_member_optional_string (MpJsonWriter *self,
                                const char   *key,
                                const char   *value)
{
  if (value != NULL && *value != '\0')
    mp_json_member_string (self, key, value);
}

void
mp_json_member_optional_id (MpJsonWriter *self,
                            const char   *key,
                            gint64        value)
{
  if (value > 0)
    mp_json_member_id (self, key, value);
}

void
mp_json_member_int (MpJsonWriter *self,
                    const char   *key,
                    gint64        value)
{
  mp_json_key (self, key);
  mp_json_int (self, value);
}

void
mp_json_member_id (MpJsonWriter *self,
                   const char   *key,
                   gint64        value)
{
  mp_json_key (self, key);
  if (value <= 0)
    {
      mp_json_null (self);
      return;
    }
  before_value (self);
  out_append_c (self->out, '"');
  append_int (self->out, value);
  out_append_c (self->out, '"');
}

void
mp_json_member_bool (MpJsonWriter *self,
                     const char   *key,
                     gboolean      value)
{
  mp_json_key (self, key);
  mp_json_bool (self, value);
}

/* {"amount": "12.50", "currency": "USD"}: mp_money_to_string ()'s text
 * (the currency's decimals, a dot), written without allocating. */
void
mp_json_member_money (MpJsonWriter *self,
                      const char   *key,
                      gint64        minor,
                      const char   *currency)
{
  guint decimals = mp_currency_get_decimals (currency);
  guint64 magnitude = minor < 0 ? (guint64) 0 - (guint64) minor : (guint64) minor;
  guint64 scale = 1;
  guint i;

  for (i = 0; i < decimals; i++)
    scale *= 10;
  mp_json_key (self, key);
  mp_json_begin_object (self);
  mp_json_key (self, "amount");
  before_value (self);
  out_append_c (self->out, '"');
  append_digits (self->out, magnitude / scale, minor < 0);
  if (decimals > 0)
    {
      char frac[24];
      guint64 rest = magnitude % scale;

      for (i = decimals; i > 0; i--)
        {
          frac[i - 1] = (char) ('0' + rest % 10);
          rest /= 10;
        }
      out_append_c (self->out, '.');
      out_append_len (self->out, frac, decimals);
    }
  out_append_c (self->out, '"');
  after_key_value (self);
  mp_json_member_string (self, "currency", currency);
  mp_json_end_object (self);
}

void
mp_json_member_period (MpJsonWriter *self,
                       const char   *key,
                       const char   *type,
                       gint64        duration)
{
  mp_json_key (self, key);
  mp_json_begin_object (self);
  mp_json_member_string (self, "type", type);
  mp_json_member_int (self, "duration", duration);
  mp_json_end_object (self);
}
