import type { ClientEvent } from '../../domain/client/client.ts';
import type { Sealed } from '../../domain/shared/sealed.ts';
import type { RecordedEvent } from '../recorded-event.ts';
import {
  idsOf,
  key,
  loadRows,
  openAll,
  upsertRows,
  writtenIdsOf,
  type Batch,
  type Folding,
  type Queryable,
  type SealedOf,
} from '../read-model.ts';

type Car = { make?: string; model?: string; plate?: string };
type Profile = { name?: string; phone?: string };

/** A row of `clients` as read-model.ts `loadRows` reads it. */
type ClientRow = {
  id: string;
  org_id: string;
  name: string | null;
  phone: string | null;
  cars: Record<string, unknown>[];
  channel: string;
  registered_at: string;
  erased: boolean;
  imported_visits: number | null;
  last_visit_at: string | null;
  /** Batch ids of the client-base files that brought the client, in log order. */
  import_batches: string[];
  manager_id: string | null;
};

const clientColumns: readonly (keyof ClientRow)[] = [
  'id',
  'org_id',
  'name',
  'phone',
  'cars',
  'channel',
  'registered_at',
  'erased',
  'imported_visits',
  'last_visit_at',
  'import_batches',
  'manager_id',
];

type ImportBranch = { orgId: string; batchId: string; branchId: string };

type State = {
  clients: Map<string, ClientRow>;
  /** Rows to write: changed or created by the batch. */
  changed: Set<string>;
  /** Client-base files committed into a branch, keyed by organization and batch: the first commit wins. */
  importBranches: Map<string, ImportBranch>;
  opened: Map<RecordedEvent, unknown>;
};

/** The event's sealed value as opened before the fold; null when unreadable or absent. */
const openedOf = <T>(state: State, recorded: RecordedEvent): T | null => (state.opened.get(recorded) ?? null) as T | null;

/** Larger of two values, as SQL's greatest: nulls are ignored. */
const greatest = <T extends number | string>(a: T | null, b: T | null): T | null =>
  a === null ? b : b === null ? a : a > b ? a : b;

const foldClientEvent = (state: State, recorded: RecordedEvent, event: ClientEvent) => {
  const id = key(event.data.clientId);
  const row = state.clients.get(id);
  switch (event.type) {
    case 'ClientRegistered': {
      if (row) return;
      const d = event.data;
      const profile = openedOf<Profile>(state, recorded);
      state.clients.set(id, {
        id: d.clientId,
        org_id: d.orgId,
        name: profile?.name ?? null,
        phone: profile?.phone ?? null,
        cars: [],
        channel: d.channel,
        registered_at: d.registeredAt,
        erased: profile === null,
        imported_visits: null,
        last_visit_at: null,
        import_batches: [],
        manager_id: null,
      });
      state.changed.add(id);
      return;
    }
    case 'ClientProfileUpdated':
    case 'ClientPhoneChanged': {
      const profile = openedOf<Profile>(state, recorded);
      if (!profile || !row) return;
      row.name = profile.name ?? null;
      row.phone = profile.phone ?? null;
      state.changed.add(id);
      return;
    }
    case 'CarAdded': {
      const car = openedOf<Car>(state, recorded);
      if (!car || !row) return;
      row.cars = [...row.cars, { id: event.data.carId, ...car }];
      state.changed.add(id);
      return;
    }
    case 'ClientImported': {
      // Registers or merges: the file's name and phone win when readable, the larger visit count
      // and the later last visit are kept, an erased client stays erased.
      const d = event.data;
      const profile = openedOf<Profile>(state, recorded);
      if (!row) {
        state.clients.set(id, {
          id: d.clientId,
          org_id: d.orgId,
          name: profile?.name || null,
          phone: profile?.phone ?? null,
          cars: [],
          channel: 'import',
          registered_at: d.importedAt,
          erased: profile === null,
          imported_visits: d.visits ?? null,
          last_visit_at: d.lastVisitAt ?? null,
          // An erased client (unreadable profile) belongs to no file, as ClientErased leaves them.
          import_batches: profile !== null && typeof d.batchId === 'string' ? [d.batchId] : [],
          manager_id: null,
        });
      } else if (!row.erased) {
        row.name = profile?.name || row.name;
        row.phone = profile?.phone ?? row.phone;
        row.imported_visits = greatest(row.imported_visits, d.visits ?? null);
        row.last_visit_at = greatest(row.last_visit_at, d.lastVisitAt ?? null);
        if (typeof d.batchId === 'string' && !row.import_batches.includes(d.batchId)) {
          row.import_batches = [...row.import_batches, d.batchId];
        }
      } else return;
      state.changed.add(id);
      return;
    }
    case 'ClientManagerAssigned': {
      const { managerId } = event.data;
      if (!row || row.erased || (managerId !== null && !UUID.test(managerId))) return;
      row.manager_id = managerId;
      state.changed.add(id);
      return;
    }
    case 'ClientErased': {
      // The bookings of the client are scrubbed by the board's fold.
      if (!row) return;
      Object.assign(row, { name: null, phone: null, cars: [], erased: true, import_batches: [], manager_id: null });
      state.changed.add(id);
      return;
    }
    default:
      return;
  }
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A client-base file committed into a branch: its clients belong to that branch. Its rows were
 * appended before it, but the branch is kept apart from them (import_branches), so the order the
 * two arrive in does not matter. An event without proper ids is passed over.
 */
const foldImportEvent = (state: State, recorded: RecordedEvent) => {
  if (recorded.type !== 'ImportCommitted') return;
  const { orgId, batchId, branchId } = recorded.data;
  if (typeof orgId !== 'string' || !UUID.test(orgId) || typeof branchId !== 'string' || !UUID.test(branchId)) return;
  if (typeof batchId !== 'string') return;
  const id = `${key(orgId)}:${batchId}`;
  if (!state.importBranches.has(id)) state.importBranches.set(id, { orgId, batchId, branchId });
};

const writeImportBranches = async (db: Queryable, s: string, rows: ImportBranch[]) => {
  if (rows.length === 0) return;
  await db.query(
    `INSERT INTO ${s}.import_branches (org_id, batch_id, branch_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`,
    [rows.map((row) => row.orgId), rows.map((row) => row.batchId), rows.map((row) => row.branchId)],
  );
};

/** A client's profile and cars are sealed with the client's key. */
const sealedOf: SealedOf = (recorded) => {
  if (!recorded.streamName.startsWith('client-')) return null;
  const clientId = recorded.data.clientId as string;
  switch (recorded.type) {
    case 'ClientRegistered':
    case 'ClientProfileUpdated':
    case 'ClientPhoneChanged':
    case 'ClientImported':
      return { clientId, sealed: recorded.data.profile as Sealed };
    case 'CarAdded':
      return { clientId, sealed: recorded.data.car as Sealed };
    default:
      return null;
  }
};

/** The clients and the branches their files went to: the rows the batch touches read once, folded, written back. */
export const beginClients = async (batch: Batch): Promise<Folding> => {
  const { db, schema: s, events } = batch;
  const written = writtenIdsOf(batch, 'clients');
  const [opened, loaded] = await Promise.all([
    openAll(events, batch.open, sealedOf),
    loadRows<ClientRow>(db, s, 'clients', idsOf(events, 'client-', 'clientId'), written),
  ]);
  const state: State = { clients: new Map(), changed: new Set(), importBranches: new Map(), opened };
  for (const row of loaded) state.clients.set(key(row.id), row);
  return {
    fold: (recorded) => {
      if (recorded.streamName.startsWith('client-')) {
        foldClientEvent(state, recorded, { type: recorded.type, data: recorded.data } as ClientEvent);
      } else if (recorded.streamName.startsWith('import-')) foldImportEvent(state, recorded);
    },
    write: async () => {
      const rows = [...state.changed].map((id) => state.clients.get(id)!);
      await upsertRows(db, s, 'clients', clientColumns, rows, written);
      await writeImportBranches(db, s, [...state.importBranches.values()]);
    },
  };
};
