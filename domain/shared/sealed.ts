/**
 * Personal data as it travels inside events: AES-GCM ciphertext under the client's key.
 * The domain never opens it; only the host holds keys, so erasing a key erases the data.
 */
export type Sealed = { readonly iv: string; readonly data: string };
