/* mp-server-throttle.c: sign-in attempts counted per key, with a lock-out
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mp-server"

#include "config.h"

#include "mp-server-throttle.h"

/* Keys kept before stale ones are dropped; keys are attacker-chosen. */
#define MAX_KEYS 4096

typedef struct
{
  guint  attempts;
  gint64 window_start;
  gint64 locked_until;
} Entry;

struct _MpThrottle
{
  GHashTable *entries;   /* key -> Entry */
  guint       max_attempts;
  gint64      window;    /* microseconds */
  gint64      lockout;
};

MpThrottle *
mp_throttle_new (guint max_attempts,
                 guint window,
                 guint lockout)
{
  MpThrottle *self = g_new0 (MpThrottle, 1);

  self->entries = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->max_attempts = max_attempts;
  self->window = (gint64) window * G_USEC_PER_SEC;
  self->lockout = (gint64) lockout * G_USEC_PER_SEC;
  return self;
}

void
mp_throttle_free (MpThrottle *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->entries);
  g_free (self);
}

static gboolean
entry_stale (Entry  *entry,
             gint64  now,
             gint64  window)
{
  return entry->locked_until <= now && (entry->attempts == 0 || now - entry->window_start >= window);
}

static void
prune (MpThrottle *self,
       gint64      now)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->entries);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (entry_stale (value, now, self->window))
      g_hash_table_iter_remove (&iter);
  /* Still full of live keys (a flood from many addresses): drop those not
   * locked, so memory stays bounded while the lock-outs hold.
   */
  if (g_hash_table_size (self->entries) >= MAX_KEYS)
    {
      g_hash_table_iter_init (&iter, self->entries);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        if (((Entry *) value)->locked_until <= now)
          g_hash_table_iter_remove (&iter);
    }
}

guint
mp_throttle_check (MpThrottle *self,
                   const char *key,
                   gint64      now)
{
  Entry *entry = g_hash_table_lookup (self->entries, key);

  if (entry == NULL)
    return 0;
  if (entry->locked_until > now)
    return (guint) ((entry->locked_until - now + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
  if (now - entry->window_start >= self->window)
    entry->attempts = 0;
  if (entry->attempts < self->max_attempts)
    return 0;
  entry->attempts = 0;
  entry->locked_until = now + self->lockout;
  return (guint) ((self->lockout + G_USEC_PER_SEC - 1) / G_USEC_PER_SEC);
}

void
mp_throttle_attempt (MpThrottle *self,
                     const char *key,
                     gint64      now)
{
  Entry *entry = g_hash_table_lookup (self->entries, key);

  if (entry == NULL)
    {
      if (g_hash_table_size (self->entries) >= MAX_KEYS)
        prune (self, now);
      entry = g_new0 (Entry, 1);
      g_hash_table_insert (self->entries, g_strdup (key), entry);
    }
  if (entry->attempts == 0 || now - entry->window_start >= self->window)
    {
      entry->attempts = 0;
      entry->window_start = now;
    }
  entry->attempts++;
}

void
mp_throttle_succeeded (MpThrottle *self,
                       const char *key)
{
  Entry *entry = g_hash_table_lookup (self->entries, key);

  if (entry != NULL && entry->attempts > 0)
    entry->attempts--;
}

void
mp_throttle_forget (MpThrottle *self,
                    const char *key)
{
  Entry *entry = g_hash_table_lookup (self->entries, key);

  /* A lock-out holds even against the right password. */
  if (entry != NULL && entry->locked_until == 0)
    g_hash_table_remove (self->entries, key);
  else if (entry != NULL)
    entry->attempts = 0;
}
