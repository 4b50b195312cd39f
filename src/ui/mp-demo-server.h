/* mp-demo-server.h
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MP_TYPE_DEMO_SERVER (mp_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (MpDemoServer, mp_demo_server, MP, DEMO_SERVER, GObject)

MpDemoServer *mp_demo_server_new          (const char           *data_dir) G_GNUC_WARN_UNUSED_RESULT;
const char   *mp_demo_server_get_url      (MpDemoServer         *self);
const char   *mp_demo_server_get_data_dir (MpDemoServer         *self);
gboolean      mp_demo_server_get_running  (MpDemoServer         *self);
void          mp_demo_server_start_async  (MpDemoServer         *self,
                                           GCancellable         *cancellable,
                                           GAsyncReadyCallback   callback,
                                           gpointer              user_data);
gboolean      mp_demo_server_start_finish (MpDemoServer         *self,
                                           GAsyncResult         *result,
                                           GError              **error);
void          mp_demo_server_stop         (MpDemoServer         *self);
gboolean      mp_demo_server_get_restarting (MpDemoServer       *self);
const char   *mp_demo_server_get_identifier (MpDemoServer       *self);
char         *mp_demo_server_find_program (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
