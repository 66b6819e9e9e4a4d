/** How far a commit has got: rows read so far and the share of the file they cover (0 to 1). */
export type ImportProgress = { rows: number; fraction: number };

/**
 * The imports running in this process, by organization and file, so a panel can show a real progress
 * bar while its upload is being imported. Kept in memory only: a poll that reaches another API
 * process finds nothing and the panel falls back to an indeterminate bar; the result itself comes
 * back on the commit request, never from here.
 */
export const createImportProgress = () => {
  const running = new Map<string, ImportProgress>();
  const keyOf = (orgId: string, batchId: string) => `${orgId}:${batchId}`;

  /** Starts tracking one commit; `update` fits ImportOptions.onProgress and `done` must follow in a finally. */
  const track = (orgId: string, batchId: string) => {
    const key = keyOf(orgId, batchId);
    const entry: ImportProgress = { rows: 0, fraction: 0 };
    running.set(key, entry);
    return {
      update: (rows: number, fraction: number) => {
        entry.rows = rows;
        entry.fraction = Math.min(1, Math.max(0, fraction));
      },
      // The same file sent twice at once: the later upload's entry stays until it ends.
      done: () => {
        if (running.get(key) === entry) running.delete(key);
      },
    };
  };

  const of = (orgId: string, batchId: string): ImportProgress | null => {
    const entry = running.get(keyOf(orgId, batchId));
    return entry ? { ...entry } : null;
  };

  return { track, of };
};

export type ImportProgressTracker = ReturnType<typeof createImportProgress>;
