/* mp-credentials.h: passwords and keys in the Secret Service
 *
 * Copyright 2026 The Market Panel authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MP_CREDENTIALS_ERROR (mp_credentials_error_quark ())

/**
 * MpCredentialsError:
 * @MP_CREDENTIALS_ERROR_NO_KEYRING: no Secret Service (or no unlocked
 *   keyring) is available: passwords will not be remembered. Never a reason
 *   to store them anywhere else.
 * @MP_CREDENTIALS_ERROR_FAILED: the Secret Service refused or failed.
 * @MP_CREDENTIALS_ERROR_CORRUPT: a stored item could not be read back.
 */
typedef enum
{
  MP_CREDENTIALS_ERROR_NO_KEYRING,
  MP_CREDENTIALS_ERROR_FAILED,
  MP_CREDENTIALS_ERROR_CORRUPT,
} MpCredentialsError;

#define MP_TYPE_CREDENTIALS (mp_credentials_get_type ())

G_DECLARE_FINAL_TYPE (MpCredentials, mp_credentials, MP, CREDENTIALS, GObject)

/* The secrets of one login: @base_url (the marketplace's API URL) and
 * @user identify it. Any secret may be NULL (not stored / none).
 */
typedef struct
{
  char *password;
  char *subscription_key;
  char *client_secret;
} MpSecrets;

GQuark         mp_credentials_error_quark    (void);
/* Wipes and frees. */
void           mp_secrets_free               (MpSecrets            *secrets);

MpCredentials *mp_credentials_new            (void);

/* Stores (or replaces) the secrets of @user at @base_url as one item. */
void           mp_credentials_store_async    (MpCredentials        *self,
                                              const char           *base_url,
                                              const char           *user,
                                              const MpSecrets      *secrets,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       mp_credentials_store_finish   (MpCredentials        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Returns NULL without an error when nothing is stored. */
void           mp_credentials_lookup_async   (MpCredentials        *self,
                                              const char           *base_url,
                                              const char           *user,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
MpSecrets     *mp_credentials_lookup_finish  (MpCredentials        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* Returns TRUE also when there was nothing to clear. */
void           mp_credentials_clear_async    (MpCredentials        *self,
                                              const char           *base_url,
                                              const char           *user,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
gboolean       mp_credentials_clear_finish   (MpCredentials        *self,
                                              GAsyncResult         *result,
                                              GError              **error);
/* The users with stored secrets at @base_url, sorted (for the login
 * screen's user field).
 */
void           mp_credentials_list_users_async  (MpCredentials     *self,
                                                 const char        *base_url,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
GStrv          mp_credentials_list_users_finish (MpCredentials     *self,
                                                 GAsyncResult      *result,
                                                 GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MpSecrets, mp_secrets_free)

G_END_DECLS
