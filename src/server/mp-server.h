/* mp-server.h: the demo marketplace server
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  const char *listen;
  const char *data_dir;
  const char *catalog;
  const char *tls_cert;
  const char *tls_key;
  int         step_ms;
  int         token_lifetime;
  int         rate_limit;
  int         seed_subscriptions;
  gboolean    extensions;
  gboolean    page_cache;
  gboolean    login_throttle;
  gint64      clock_offset_days; /* the demo clock: days added to today */
  gboolean    demo_clock;        /* POST /clock may advance it */
} MpServerOptions;

#define MP_TYPE_SERVER (mp_server_get_type ())

G_DECLARE_FINAL_TYPE (MpServer, mp_server, MP, SERVER, GObject)

MpServer *mp_server_new     (const MpServerOptions  *options,
                             GError                **error);
gboolean  mp_server_start   (MpServer               *self,
                             GError                **error);
char     *mp_server_get_url (MpServer               *self);
/* Answers every request held open (Prefer: wait) with what it asked for as
 * it stands now, then calls DRAINED once those answers are out (5 s at
 * most). Call mp_server_stop() after.
 */
void      mp_server_drain   (MpServer               *self,
                             GSourceFunc             drained,
                             gpointer                user_data);
void      mp_server_stop    (MpServer               *self);

G_END_DECLS
