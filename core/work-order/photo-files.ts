import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PhotoStorage } from './photo-storage.ts';

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === 'ENOENT';

/** Sealed photos as files under `dir` (DATA_DIR/photos), readable by the server's user only. */
export const createFilePhotoStorage = (dir: string): PhotoStorage => ({
  put: async (key, sealed) => {
    const file = path.join(dir, key);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    // Written aside and renamed: a reader never meets half a file.
    await writeFile(`${file}.part`, sealed, { mode: 0o600 });
    await rename(`${file}.part`, file);
  },

  get: async (key) => {
    try {
      return await readFile(path.join(dir, key));
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  },
});
