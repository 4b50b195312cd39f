/* mp-server-throttle.h: sign-in attempts counted per key, with a lock-out
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MpThrottle MpThrottle;

/* At most MAX_ATTEMPTS attempts that have not succeeded per key within
 * WINDOW seconds; one more locks the key for LOCKOUT seconds.
 */
MpThrottle *mp_throttle_new       (guint        max_attempts,
                                   guint        window,
                                   guint        lockout);
void        mp_throttle_free      (MpThrottle  *self);
/* 0 if KEY may try now, else the seconds to wait (and KEY is locked). NOW
 * in microseconds of g_get_monotonic_time().
 */
guint       mp_throttle_check     (MpThrottle  *self,
                                   const char  *key,
                                   gint64       now);
/* Counts an attempt before its outcome is known, so that attempts in
 * flight count too.
 */
void        mp_throttle_attempt   (MpThrottle  *self,
                                   const char  *key,
                                   gint64       now);
/* The attempt succeeded: it does not count. */
void        mp_throttle_succeeded (MpThrottle  *self,
                                   const char  *key);
/* The attempt succeeded: forget every earlier one too. */
void        mp_throttle_forget    (MpThrottle  *self,
                                   const char  *key);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpThrottle, mp_throttle_free)

G_END_DECLS
