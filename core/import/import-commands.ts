import type { Pool } from 'pg';
import { ClientErasedError, clientDecider } from '../../domain/client/business-logic.ts';
import { clientStreamName } from '../../domain/client/client.ts';
import {
  importBatchDecider,
  importStreamName,
  type ImportCommitted,
  type ImportCounts,
  type ImportMerge,
} from '../../domain/import/batch.ts';
import type { ColumnMapping, ImportField } from '../../domain/import/columns.ts';
import { recognizeHeader } from '../../domain/import/columns.ts';
import {
  cellText,
  normalizeRow,
  rejectionReasons,
  type ClientRow,
  type Rejection,
  type SourceRow,
} from '../../domain/import/normalize.ts';
import { rejectionReport } from '../../domain/import/report.ts';
import { createAnalysis, normalizedRows, resolveMapping, tableOf, type Analysis, type Table } from '../../domain/import/table.ts';
import { DomainError, isDomainError } from '../../domain/shared/errors.ts';
import { requireSingleLine } from '../../domain/shared/input-rules.ts';
import { sealWith, type Vault } from '../vault/vault.ts';
import { createEventStore, VersionConflict, type EventStore } from '../event-store/event-store.ts';
import { handle, NO_RETRY, type RetryPolicy } from '../event-store/handle.ts';
import { collectorPast } from '../shared/full-collection.ts';
import { Refusal } from '../shared/refusal.ts';
import { carIdFor } from '../client/car-id.ts';
import { clientsBeyond } from '../../projections/clients/queries.ts';
import { claimClients } from '../vault/client-claims.ts';
import { batchIdOf, knownClients } from './client-claims.ts';
import { createYields } from './yields.ts';
import { readImportFile, type ReadFile } from './read-file.ts';

/** Who imports: `branchIds` are the branches they are limited to, null for the whole organization. */
export type ImportActor = { orgId: string; userId: string | null; branchIds: readonly string[] | null };

export type ImportOptions = {
  fileName: string;
  sheet?: string;
  /** Corrections to the detected mapping: field → 0-based column, or null to leave a field out. */
  mapping?: Partial<Record<ImportField, number | null>>;
  branchId?: string | null;
  /** Called once a commit knows its batch (file, sheet and mapping) and is about to write. */
  onStart?: (batchId: string) => void;
  /** Called after every chunk with the rows done and the share of the file they cover (0 to 1). */
  onProgress?: (rows: number, fraction: number) => void;
};

export type ImportPreview = {
  batchId: string;
  fileName: string;
  format: ReadFile['format'];
  encoding: ReadFile['encoding'];
  delimiter: ReadFile['delimiter'];
  sheets: string[];
  sheet: string | null;
  headerRow: number;
  columns: { index: number; header: string; detected: ImportField | null; field: ImportField | null; samples: string[] }[];
  mapping: ColumnMapping;
  sample: ClientRow[];
  counts: ImportCounts;
  rejections: Rejection[];
  alreadyImported: boolean;
};

export type ImportResult = {
  status: 'imported' | 'already-imported';
  batchId: string;
  fileName: string;
  counts: ImportCounts;
  rejections: { row: number; reason: string; message: string }[];
  /** Rows that updated a client already known (before the file or from an earlier row of it), by client id. */
  merges: ImportMerge[];
  message: string;
};

/** Rows appended per round trip: one claim, one read and one multi-stream append per chunk. */
export const IMPORT_CHUNK = 500;
const SAMPLE_ROWS = 10;
const LISTED_REJECTIONS = 10_000;
/** A chunk's client streams meet bookings and other imports: more writers than one client has alone. */
const IMPORT_RETRY: RetryPolicy = { retries: 12, pauseStepMs: 10 };

const messageOf = (reason: string) => rejectionReasons[reason as keyof typeof rejectionReasons] ?? reason;

type Prepared = { batchId: string; file: ReadFile; table: Table; mapping: ColumnMapping };

const noRows = () => new Refusal('invalid', 'FILE_NO_ROWS', 'The file has a header but no client rows under it');

/** The file's name is recorded in the batch's event: one line like any other name. */
const FILE_NAME_MAX = 255;

export const createImportCommands = (deps: {
  pool: Pool;
  store: EventStore;
  vault: Vault;
  now: () => number;
  /** Called after each full chunk is handed to be written (`createCliImportCommands`). */
  betweenChunks?: () => void;
}) => {
  const { pool, store, vault, now } = deps;

  /** Reads one sheet (the named one, or the first); `settle` then maps its columns. */
  const prepareSheet = async (bytes: Uint8Array, options: ImportOptions, sheet: string | undefined) => {
    const file = await readImportFile(bytes, options.fileName, { sheet });
    const table = tableOf(file.rows);
    if (!table) throw new Refusal('invalid', 'FILE_EMPTY', 'The file is empty');
    return {
      file,
      table,
      settle: (): Prepared => {
        const mapping = resolveMapping(table, options.mapping);
        return { batchId: batchIdOf(bytes, { sheet: file.sheet, mapping }), file, table, mapping };
      },
    };
  };

  const noPhoneColumn = (error: unknown) => isDomainError(error) && error.details?.reason === 'NO_PHONE_COLUMN';

  /**
   * Reads and checks the file and settles the mapping; rows are normalised later, as they are used.
   * When no sheet or mapping was named and the first sheet has no phone column (a cover or
   * instructions page), the workbook is read from its first sheet that has one; with none, the first
   * sheet's refusal stands.
   */
  const prepare = async (bytes: Uint8Array, options: ImportOptions): Promise<Prepared> => {
    requireSingleLine(options.fileName, 'fileName', FILE_NAME_MAX, { required: true });
    const first = await prepareSheet(bytes, options, options.sheet);
    try {
      return first.settle();
    } catch (error) {
      if (options.sheet !== undefined || options.mapping !== undefined || !noPhoneColumn(error)) throw error;
      for (const sheet of first.file.sheets.slice(1)) {
        const other = await prepareSheet(bytes, options, sheet)
          .then((read) => read.settle())
          .catch((refused: unknown) => {
            if (noPhoneColumn(refused) || (refused instanceof Refusal && refused.code === 'FILE_EMPTY')) return null;
            throw refused;
          });
        if (other) return other;
      }
      throw error;
    }
  };

  const analyse = async (prepared: Prepared): Promise<Analysis> => {
    const gathered = createAnalysis(SAMPLE_ROWS);
    const yields = createYields();
    for (const outcome of normalizedRows(prepared.table, prepared.mapping)) {
      gathered.add(outcome);
      await yields();
    }
    const analysis = gathered.result();
    if (analysis.clients === 0 && analysis.rejections.length === 0) throw noRows();
    return analysis;
  };

  const hashAll = async (orgId: string, phones: readonly string[]): Promise<string[]> => {
    const hashes: string[] = [];
    for (let i = 0; i < phones.length; i += 1000) {
      hashes.push(...(await Promise.all(phones.slice(i, i + 1000).map((phone) => vault.phoneHash(orgId, phone)))));
    }
    return hashes;
  };

  const committed = async (orgId: string, batchId: string): Promise<ImportCommitted['data'] | null> => {
    const stream = await store.readStream(importStreamName(orgId, batchId));
    const event = stream.events.find((candidate) => candidate.type === 'ImportCommitted') as ImportCommitted | undefined;
    return event && event.data.orgId === orgId ? event.data : null;
  };

  /** Upload → what would happen: detected columns, a sample, counts to create, merge and reject. Writes nothing. */
  const preview = async (actor: ImportActor, bytes: Uint8Array, options: ImportOptions): Promise<ImportPreview> => {
    const prepared = await prepare(bytes, options);
    const { table, mapping, file } = prepared;
    const analysis = await analyse(prepared);
    const earlier = await committed(actor.orgId, prepared.batchId);
    const hashes = await hashAll(actor.orgId, analysis.phones);
    const known = await knownClients(pool, actor.orgId, hashes);
    const toCreate = hashes.filter((hash) => !known.has(hash)).length;
    const fieldOf = new Map(Object.entries(mapping).map(([field, index]) => [index, field as ImportField]));
    const width = Math.max(table.headers.length, ...table.head.map((row) => row.cells.length));
    return {
      batchId: prepared.batchId,
      fileName: options.fileName,
      format: file.format,
      encoding: file.encoding,
      delimiter: file.delimiter,
      sheets: file.sheets,
      sheet: file.sheet,
      headerRow: table.headerRow,
      columns: Array.from({ length: width }, (_, index) => ({
        index,
        header: table.headers[index] ?? '',
        detected: recognizeHeader(table.headers[index] ?? ''),
        field: fieldOf.get(index) ?? null,
        samples: table.head
          .slice(0, 20)
          .map((row) => cellText(row.cells[index]))
          .filter(Boolean)
          .slice(0, 3),
      })),
      mapping,
      sample: analysis.sample,
      counts: earlier
        ? { rows: analysis.clients + analysis.rejections.length, created: 0, merged: 0, rejected: 0, unchanged: earlier.rows }
        : {
            rows: analysis.clients + analysis.rejections.length,
            created: toCreate,
            merged: analysis.clients - toCreate,
            rejected: analysis.rejections.length,
            unchanged: 0,
          },
      rejections: analysis.rejections.slice(0, 100),
      alreadyImported: earlier !== null,
    };
  };

  /** A chunk's clients found or claimed by phone, their values sealed with their keys. */
  const claimChunk = async (actor: ImportActor, rows: readonly ClientRow[]) => {
    const hashes = await hashAll(
      actor.orgId,
      rows.map((row) => row.phone),
    );
    const claims = await claimClients(pool, actor.orgId, hashes);
    // A manager limited to some branches does not rename a client another branch serves (the
    // file's name would win everywhere): the row brings its car and visits, not a new profile.
    const beyond = await clientsBeyond(
      pool,
      actor,
      [...claims.values()].map((claim) => claim.clientId),
    );
    return rows.map((row, i) => {
      const phoneHash = hashes[i]!;
      const claim = claims.get(phoneHash);
      if (!claim) throw new Error('a phone hash was not claimed');
      const { name, phone, extension, phones, email, comment, car } = row;
      const carKey = car?.plate ?? ([car?.make, car?.model].filter(Boolean).join(' ').toUpperCase() || null);
      const keptProfile = beyond.has(claim.clientId);
      return {
        row,
        phoneHash,
        clientId: claim.clientId,
        keptProfile,
        profile: sealWith(
          claim.key,
          keptProfile
            ? { phone }
            : {
                name,
                phone,
                ...(extension ? { extension } : {}),
                ...(phones ? { phones } : {}),
                ...(email ? { email } : {}),
                ...(comment ? { comment } : {}),
              },
        ),
        car: car && carKey ? { carId: carIdFor(claim.clientId, carKey), sealed: sealWith(claim.key, car) } : null,
      };
    });
  };

  /** A claimed chunk's rows decided against their clients' streams and appended in one commit. */
  const appendChunk = (actor: ImportActor, batchId: string, sealed: Awaited<ReturnType<typeof claimChunk>>) =>
    handle(
      store,
      async (read) => {
        const metadata = { now: new Date(now()).toISOString(), userId: actor.userId };
        const batch = await read(sealed.map((one) => clientStreamName(one.clientId)));
        const outcome = { created: 0, merged: 0, unchanged: 0, erased: [] as Rejection[], merges: [] as ImportMerge[] };
        for (const one of sealed) {
          const stream = clientStreamName(one.clientId);
          const before = batch.state(stream, clientDecider).status;
          let events;
          try {
            events = batch.decide(stream, clientDecider, {
              type: 'ImportClient',
              data: {
                clientId: one.clientId,
                orgId: actor.orgId,
                batchId,
                row: one.row.row,
                phoneHash: one.phoneHash,
                profile: one.profile,
                visits: one.row.visits,
                lastVisitAt: one.row.lastVisitAt,
              },
              metadata,
            });
          } catch (error) {
            if (!(error instanceof ClientErasedError)) throw error;
            outcome.erased.push({ row: one.row.row, reason: 'ERASED_CLIENT', message: rejectionReasons.ERASED_CLIENT });
            continue;
          }
          if (events.length === 0) {
            outcome.unchanged++;
            continue;
          }
          if (before === 'Unknown') outcome.created++;
          else {
            outcome.merged++;
            outcome.merges.push({ row: one.row.row, clientId: one.clientId, ...(one.keptProfile ? { keptProfile: true } : {}) });
          }
          if (one.car) {
            batch.decide(stream, clientDecider, {
              type: 'AddCar',
              data: { clientId: one.clientId, carId: one.car.carId, car: one.car.sealed },
              metadata,
            });
          }
        }
        return outcome;
      },
      { metadata: { orgId: actor.orgId, userId: actor.userId, importBatch: batchId }, retry: IMPORT_RETRY },
    );

  const alreadyImported = (batchId: string, fileName: string, earlier: ImportCommitted['data']): ImportResult => ({
    status: 'already-imported',
    batchId,
    fileName,
    counts: { rows: earlier.rows, created: 0, merged: 0, rejected: 0, unchanged: earlier.rows },
    rejections: [],
    merges: [],
    message: `This file was already imported on ${earlier.committedAt.slice(0, 10)}; nothing changed`,
  });

  /**
   * Imports every good row, chunk by chunk, then records the batch as committed. Each row is
   * idempotent by (batch, row), so a run cut short and started again finishes the file and
   * counts the rows it had done as unchanged; a committed file changes nothing.
   */
  const commit = async (actor: ImportActor, bytes: Uint8Array, options: ImportOptions): Promise<ImportResult> => {
    requireSingleLine(options.fileName, 'fileName', FILE_NAME_MAX, { required: true });
    const prepared = await prepare(bytes, options);
    const { batchId } = prepared;
    const earlier = await committed(actor.orgId, batchId);
    if (earlier) return alreadyImported(batchId, options.fileName, earlier);
    options.onStart?.(batchId);
    const counts: ImportCounts = { rows: 0, created: 0, merged: 0, rejected: 0, unchanged: 0 };
    const rejected: Rejection[] = [];
    const merges: ImportMerge[] = [];
    let chunk: ClientRow[] = [];
    let done = 0;
    let written = Promise.resolve();
    /**
     * A chunk is claimed and sealed while the chunk before it is written, so Node's hashing and
     * sealing overlap PostgreSQL's append; the appends themselves stay one after another in file
     * order, so a later row of the file still updates a client after an earlier one.
     */
    const flush = async () => {
      const claimed = claimChunk(actor, chunk);
      claimed.catch(() => undefined); // answered below, or left behind by an earlier chunk's failure
      const rowsDone = done;
      chunk = [];
      await written;
      written = claimed
        .then((sealed) => appendChunk(actor, batchId, sealed))
        .then((outcome) => {
          counts.created += outcome.created;
          counts.merged += outcome.merged;
          counts.unchanged += outcome.unchanged;
          rejected.push(...outcome.erased);
          merges.push(...outcome.merges);
          options.onProgress?.(rowsDone, prepared.file.fraction());
        });
      written.catch(() => undefined); // awaited by the next chunk or at the end
    };
    options.onProgress?.(0, 0);
    const yields = createYields();
    // Rows are normalised chunk by chunk as they are written, so at most two chunks of clients are in
    // memory; a run of rejected rows writes nothing, so the loop yields to other requests on its own.
    for (const outcome of normalizedRows(prepared.table, prepared.mapping)) {
      await yields();
      done++;
      if (outcome.ok === true) chunk.push(outcome.client);
      else if (outcome.ok === false) rejected.push(outcome.rejection);
      if (chunk.length === IMPORT_CHUNK) {
        await flush();
        deps.betweenChunks?.();
      }
    }
    if (chunk.length > 0) await flush();
    await written;
    options.onProgress?.(done, prepared.file.fraction());
    counts.rows = counts.created + counts.merged + counts.unchanged + rejected.length;
    counts.rejected = rejected.length;
    if (counts.rows === 0) throw noRows();
    rejected.sort((a, b) => a.row - b.row);

    const stream = importStreamName(actor.orgId, batchId);
    try {
      await handle(
        store,
        async (read) => {
          (await read([stream])).decide(stream, importBatchDecider, {
            type: 'CommitImport',
            data: {
              ...counts,
              batchId,
              orgId: actor.orgId,
              branchId: options.branchId ?? null,
              fileName: options.fileName,
              format: prepared.file.format,
              rejections: rejected.slice(0, LISTED_REJECTIONS).map(({ row, reason }) => ({ row, reason })),
              merges: merges.slice(0, LISTED_REJECTIONS),
            },
            metadata: { now: new Date(now()).toISOString(), userId: actor.userId },
          });
        },
        { metadata: { orgId: actor.orgId, userId: actor.userId }, retry: NO_RETRY },
      );
    } catch (error) {
      // Another upload of the same file committed first; its rows and ours were the same rows.
      const raced = error instanceof VersionConflict || (isDomainError(error) && error.details?.batchId === batchId);
      const winner = raced ? await committed(actor.orgId, batchId) : null;
      if (winner) return alreadyImported(batchId, options.fileName, winner);
      throw error;
    }
    return {
      status: 'imported',
      batchId,
      fileName: options.fileName,
      counts,
      rejections: rejected.map(({ row, reason, message }) => ({ row, reason, message })),
      merges,
      message: `${counts.created} created, ${counts.merged} updated, ${counts.rejected} rejected, ${counts.unchanged} unchanged`,
    };
  };

  /** The committed batch: counts and rejected rows (numbers and reasons, no personal data). */
  const batchOf = async (actor: ImportActor, batchId: string) => {
    const found = await committed(actor.orgId, batchId);
    if (!found) throw new DomainError('NOT_FOUND', 'Import not found', { batchId });
    return {
      ...found,
      merges: found.merges ?? [],
      rejections: found.rejections.map(({ row, reason }) => ({ row, reason, message: messageOf(reason) })),
    };
  };

  /** The committed batch's rejection report as CSV: row numbers and reasons, nothing personal. */
  const report = async (actor: ImportActor, batchId: string) => rejectionReport((await batchOf(actor, batchId)).rejections);

  /** The rejection report of a file at hand as CSV, with the rejected rows' own cells under the file's headers. */
  const reportOfFile = async (actor: ImportActor, bytes: Uint8Array, options: ImportOptions) => {
    const prepared = await prepare(bytes, options);
    const earlier = await committed(actor.orgId, prepared.batchId);
    const stored = new Map(earlier?.rejections.map(({ row, reason }) => [row, reason]));
    const rejections: Rejection[] = [];
    const cells = new Map<number, SourceRow['cells']>();
    const yields = createYields();
    for (const source of prepared.table.rows) {
      await yields();
      const outcome = normalizeRow(source, prepared.mapping);
      const reason = earlier ? stored.get(source.row) : outcome.ok === false ? outcome.rejection.reason : undefined;
      if (!reason) continue;
      rejections.push({ row: source.row, reason: reason as Rejection['reason'], message: messageOf(reason) });
      cells.set(source.row, source.cells);
    }
    return rejectionReport(rejections, { headers: prepared.table.headers, cellsOf: (row) => cells.get(row) });
  };

  return { preview, commit, batchOf, report, reportOfFile };
};

export type ImportCommands = ReturnType<typeof createImportCommands>;

/**
 * The import as `npm run import` runs it, in a process that only imports: a full collection
 * whenever the heap has grown by 48 MB. Each chunk lives through claiming, sealing and appending
 * while the next is read, long enough for its rows to be promoted; left to V8, a 100,000-row file
 * held ~150 MB of them at its peak. Not for the server, where a collection that stops the world
 * would pause every request.
 */
export const createCliImportCommands = (pool: Pool, vault: Vault): ImportCommands =>
  createImportCommands({
    pool,
    store: createEventStore(pool),
    vault,
    now: Date.now,
    betweenChunks: collectorPast(48 * 1024 * 1024),
  });
