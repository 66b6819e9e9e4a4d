/**
 * Where sealed photos live, apart from what a photo is: the photo store cleans and seals, a storage
 * only keeps bytes it cannot read. Keys look like `<orgId>/<photoId>.jpg.sealed`.
 */
export type PhotoStorage = {
  put: (key: string, sealed: Buffer) => Promise<void>;
  /** Null when nothing is kept under the key; any other failure throws. */
  get: (key: string) => Promise<Buffer | null>;
};
