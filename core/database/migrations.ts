import { importProgressMigrationSql } from '../import/progress.ts';
import type { Pool } from 'pg';
import { demoMigrationSql } from '../setup/demo-registry.ts';
import { firstRunMigrationSql } from '../setup/first-run.ts';
import { telegramBotMigrationSql } from '../setup/telegram-bot-settings.ts';
import { staffInviteMigrationSql } from '../staff/invites.ts';
import { getPostgreSQLEventStore } from '@event-driven-io/emmett-postgresql';
import { migrateReadModels } from '../../projections/registry.ts';
import { READER_ROLE } from '../../projections/schema.ts';
import { botMigrationSql } from './bot-migrations.ts';
import { complianceMigrationSql } from './compliance-migrations.ts';
import { digestMigrationSql } from './digest-migrations.ts';
import { sessionMigrationSql } from './session-migrations.ts';
import { staffMigrationSql, taskMigrationSql } from './staff-migrations.ts';
import { workingTimeMigrationSql } from './working-time-migrations.ts';
import { workOrderMigrationSql } from './work-order-migrations.ts';
import { deliveryMigrationSql, inboxMigrationSql } from './inbox-migrations.ts';
import { webBookingMigrationSql } from './web-booking-migrations.ts';
import { settingsChangeMigrationSql } from './settings-changes.ts';
import { rowChangeNotifySql } from './row-change-notify.ts';
import { clientKeyChangeMigrationSql } from '../vault/vault.ts';

// Settings, users, keys and the append function live beside Emmett's tables; read models get their
// own schema so a replay can build a fresh one and swap it in.
const settingsSql = /* sql */ `
CREATE EXTENSION IF NOT EXISTS btree_gist;

CREATE TABLE IF NOT EXISTS organizations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS branches (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id),
  name text NOT NULL,
  time_zone text NOT NULL,
  hours jsonb NOT NULL,
  days_off jsonb NOT NULL DEFAULT '[]',
  slot_step_minutes int NOT NULL DEFAULT 30,
  booking_horizon_days int NOT NULL DEFAULT 14,
  change_notice_minutes int NOT NULL DEFAULT 120,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- How long a booking may stay New (working minutes) before it counts as an SLA miss in the KPIs.
ALTER TABLE branches ADD COLUMN IF NOT EXISTS confirm_target_minutes int NOT NULL DEFAULT 30;
-- Where clients come and whom they call at this branch; null means the station's own (its documents' address and phone).
ALTER TABLE branches ADD COLUMN IF NOT EXISTS address text;
ALTER TABLE branches ADD COLUMN IF NOT EXISTS phone text;
CREATE TABLE IF NOT EXISTS bays (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id),
  branch_id uuid NOT NULL REFERENCES branches(id),
  name text NOT NULL,
  kinds text[] NOT NULL,
  active boolean NOT NULL DEFAULT true,
  position int NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS services (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id),
  branch_id uuid NOT NULL REFERENCES branches(id),
  name text NOT NULL,
  duration_minutes int NOT NULL CHECK (duration_minutes > 0),
  buffer_minutes int NOT NULL DEFAULT 0 CHECK (buffer_minutes >= 0),
  bay_kind text NOT NULL,
  price_rub int NOT NULL DEFAULT 0,
  multi_day boolean NOT NULL DEFAULT false,
  active boolean NOT NULL DEFAULT true,
  position int NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id),
  email text NOT NULL UNIQUE,
  name text NOT NULL,
  password_hash text NOT NULL,
  role text NOT NULL CHECK (role IN ('owner', 'manager', 'mechanic', 'compliance')),
  branch_ids uuid[] NOT NULL DEFAULT '{}',
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS app_secrets (
  name text PRIMARY KEY,
  value bytea NOT NULL
);
-- Per-client data keys, outside the event store: deleting a row crypto-shreds the client.
CREATE TABLE IF NOT EXISTS client_keys (
  client_id uuid PRIMARY KEY,
  org_id uuid NOT NULL,
  key bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS client_phones (
  org_id uuid NOT NULL,
  phone_hash text NOT NULL,
  client_id uuid NOT NULL,
  PRIMARY KEY (org_id, phone_hash)
);
CREATE INDEX IF NOT EXISTS client_phones_client ON client_phones (client_id);

-- The global log is read in commit-safe order: (transaction_id, global_position).
CREATE INDEX IF NOT EXISTS emt_messages_tx_order ON emt_messages (transaction_id, global_position);

-- How many refusal events each asker and each client phone added lately (core/booking/refusal-limits.ts).
CREATE TABLE IF NOT EXISTS refusal_counts (
  key text NOT NULL,
  window_start timestamptz NOT NULL,
  n int NOT NULL,
  PRIMARY KEY (key, window_start)
);
CREATE INDEX IF NOT EXISTS refusal_counts_window ON refusal_counts (window_start);

CREATE SEQUENCE IF NOT EXISTS live_position;
CREATE TABLE IF NOT EXISTS live_changes (
  position bigint PRIMARY KEY,
  org_id uuid NOT NULL,
  branch_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Appends to several streams in one transaction and one round trip, each with its expected
-- version, into Emmett's tables exactly as its emt_append_to_stream writes them (so they stay the
-- single log), but new streams and all events in one statement each instead of a call per
-- stream, which made a 500-client import chunk cost ~50 ms of PostgreSQL. Existing streams are
-- moved on in sorted order, so two writers that share streams cannot deadlock. A stream whose
-- version moved is a version conflict (ZC001, the stream in DETAIL); a new stream that exists
-- already is Emmett's unique violation, read the same way by the caller.
CREATE OR REPLACE FUNCTION zero_append_many(p_streams jsonb)
RETURNS TABLE (stream_id text, next_position bigint, transaction_id xid8)
LANGUAGE plpgsql AS $$
DECLARE
  v_transaction xid8 := pg_current_xact_id();
  v_streams text[];
  v_expected bigint[];
  v_added int[];
  v_stream text;
  v_from bigint;
  v_count int;
BEGIN
  SELECT array_agg(x.value->>'stream' ORDER BY x.n), array_agg((x.value->>'expected')::bigint ORDER BY x.n),
         array_agg(jsonb_array_length(x.value->'events') ORDER BY x.n)
    INTO v_streams, v_expected, v_added
    FROM jsonb_array_elements(p_streams) WITH ORDINALITY AS x(value, n);

  -- Streams that exist move on one by one, by key and in sorted order (a set-based UPDATE was
  -- planned as a scan of every stream); a stream whose version moved is a conflict.
  FOR v_stream, v_from, v_count IN
    SELECT a.stream, a.expected, a.added FROM unnest(v_streams, v_expected, v_added) AS a(stream, expected, added)
     WHERE a.expected > 0 ORDER BY a.stream
  LOOP
    UPDATE emt_streams t SET stream_position = v_from + v_count
     WHERE t.stream_id = v_stream AND t.partition = 'emt:default' AND NOT t.is_archived AND t.stream_position = v_from;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'version conflict on %', v_stream USING ERRCODE = 'ZC001', DETAIL = v_stream;
    END IF;
  END LOOP;

  INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata, is_archived)
  SELECT a.stream, a.added, 'emt:default', split_part(a.stream, '-', 1), '{}', FALSE
    FROM unnest(v_streams, v_expected, v_added) AS a(stream, expected, added)
   WHERE a.expected = 0 ORDER BY a.stream;

  INSERT INTO emt_messages (stream_id, stream_position, partition, message_data, message_metadata,
                            message_schema_version, message_type, message_kind, message_id, transaction_id)
  SELECT s.value->>'stream', (s.value->>'expected')::bigint + e.n, 'emt:default', e.value->'data',
         e.value->'metadata', '1', e.value->>'type', 'E', e.value->>'id', v_transaction
    FROM jsonb_array_elements(p_streams) WITH ORDINALITY AS s(value, sn)
   CROSS JOIN LATERAL jsonb_array_elements(s.value->'events') WITH ORDINALITY AS e(value, n)
   ORDER BY s.sn, e.n;

  RETURN QUERY SELECT a.stream, a.expected + a.added, v_transaction
    FROM unnest(v_streams, v_expected, v_added) WITH ORDINALITY AS a(stream, expected, added, n) ORDER BY a.n;
END $$;

-- Group commit: several commands' appends in one transaction and one synchronous flush, each
-- command with its own expected versions. A command whose stream moved (another writer, or an
-- earlier command of the group) is answered its conflict (its stream) and writes nothing; the
-- others commit together. Set-based, as zero_append_many is for one command: the group's existing
-- streams are locked once, in sorted order, so groups that share streams cannot deadlock; the
-- commands are checked in order against the versions in hand; the accepted ones' streams and
-- events are written by one statement each. (A subtransaction and six statements per command
-- before: the better part of a booking's time in PostgreSQL.) A new stream another writer created
-- meanwhile fails the whole call with Emmett's unique violation; the caller then appends each
-- command alone, as after any error of the group.
CREATE OR REPLACE FUNCTION zero_append_group(p_commands jsonb)
RETURNS TABLE (idx int, conflict text)
LANGUAGE plpgsql AS $$
DECLARE
  v_transaction xid8 := pg_current_xact_id();
  v_names text[];
  v_found jsonb;
  v_versions jsonb;
  v_accepted int[] := '{}';
  v_command record;
  v_stream record;
BEGIN
  SELECT array_agg(DISTINCT a.value->>'stream') INTO v_names
    FROM jsonb_array_elements(p_commands) AS c(value), jsonb_array_elements(c.value) AS a(value);

  SELECT coalesce(jsonb_object_agg(t.stream_id, t.stream_position), '{}') INTO v_found
    FROM (SELECT s.stream_id, s.stream_position FROM emt_streams s
           WHERE s.stream_id = ANY (v_names) AND s.partition = 'emt:default' AND NOT s.is_archived
           ORDER BY s.stream_id FOR UPDATE) AS t;
  v_versions := v_found;

  FOR v_command IN
    SELECT c.value AS appends, (c.n - 1)::int AS i FROM jsonb_array_elements(p_commands) WITH ORDINALITY AS c(value, n) ORDER BY c.n
  LOOP
    idx := v_command.i;
    -- As one command alone would hear it: a moved stream that exists before a new one that does.
    SELECT a.value->>'stream' INTO conflict
      FROM jsonb_array_elements(v_command.appends) AS a(value)
     WHERE coalesce((v_versions->>(a.value->>'stream'))::bigint, 0) <> (a.value->>'expected')::bigint
     ORDER BY (a.value->>'expected')::bigint = 0, a.value->>'stream'
     LIMIT 1;
    IF conflict IS NULL THEN
      v_accepted := v_accepted || v_command.i;
      -- A command with nothing to append adds nothing (an empty aggregate is NULL, which would void the map).
      SELECT v_versions || coalesce(jsonb_object_agg(a.value->>'stream',
                                                     (a.value->>'expected')::bigint + jsonb_array_length(a.value->'events')),
                                    '{}')
        INTO v_versions FROM jsonb_array_elements(v_command.appends) AS a(value);
    END IF;
    RETURN NEXT;
  END LOOP;

  -- Existing streams moved on one by one, by key (a set-based UPDATE was planned as a scan of
  -- every stream); their rows are locked already.
  FOR v_stream IN
    SELECT f.key AS stream, (v_versions->>f.key)::bigint AS position FROM jsonb_each(v_found) AS f(key, value)
     WHERE (v_versions->>f.key)::bigint <> (f.value)::bigint ORDER BY f.key
  LOOP
    UPDATE emt_streams t SET stream_position = v_stream.position
     WHERE t.stream_id = v_stream.stream AND t.partition = 'emt:default' AND NOT t.is_archived;
  END LOOP;

  INSERT INTO emt_streams (stream_id, stream_position, partition, stream_type, stream_metadata, is_archived)
  SELECT v.key, (v.value)::bigint, 'emt:default', split_part(v.key, '-', 1), '{}', FALSE
    FROM jsonb_each(v_versions) AS v(key, value)
   WHERE NOT v_found ? v.key ORDER BY v.key;

  INSERT INTO emt_messages (stream_id, stream_position, partition, message_data, message_metadata,
                            message_schema_version, message_type, message_kind, message_id, transaction_id)
  SELECT s.value->>'stream', (s.value->>'expected')::bigint + e.n, 'emt:default', e.value->'data',
         e.value->'metadata', '1', e.value->>'type', 'E', e.value->>'id', v_transaction
    FROM jsonb_array_elements(p_commands) WITH ORDINALITY AS c(value, cn)
   CROSS JOIN LATERAL jsonb_array_elements(c.value) WITH ORDINALITY AS s(value, sn)
   CROSS JOIN LATERAL jsonb_array_elements(s.value->'events') WITH ORDINALITY AS e(value, n)
   WHERE (c.cn - 1)::int = ANY (v_accepted)
   ORDER BY c.cn, s.sn, e.n;
END $$;

-- One phone's claim was a function of its own (zero_claim_client); claims now always go in groups
-- (zero_claim_clients) and it is no longer created. A database migrated before keeps it, for API
-- processes of the previous release still running during a rolling deploy; the release after this
-- one drops it.

-- Finds the client that owns each phone or claims it for a new one, with its data key, for many
-- phones in one round trip (a file import, the bookings that arrive together): one candidate id
-- and key per hash.
-- Hashes are taken in sorted order so two claims that share phones cannot deadlock.
CREATE OR REPLACE FUNCTION zero_claim_clients(p_org uuid, p_hashes text[], p_candidates uuid[], p_keys bytea[])
RETURNS TABLE (phone_hash text, client_id uuid, key bytea, registered boolean)
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO client_phones AS cp (org_id, phone_hash, client_id)
  SELECT p_org, u.h, u.c FROM unnest(p_hashes, p_candidates) AS u(h, c) ORDER BY u.h
  ON CONFLICT DO NOTHING;
  INSERT INTO client_keys AS k (client_id, org_id, key)
  SELECT cp.client_id, p_org, u.k
    FROM unnest(p_hashes, p_keys) AS u(h, k)
    -- Phone by phone through the key (a LATERAL with LIMIT is not flattened into a join): as a
    -- join, the cached plan of a claim of a few phones hashed every phone of the table.
    CROSS JOIN LATERAL (
      SELECT c.client_id FROM client_phones c WHERE c.org_id = p_org AND c.phone_hash = u.h LIMIT 1
    ) AS cp
   ORDER BY cp.client_id
  ON CONFLICT DO NOTHING;
  RETURN QUERY
  SELECT cp.phone_hash, cp.client_id, k.key, EXISTS (
    SELECT 1 FROM emt_streams s
    WHERE s.stream_id = 'client-' || cp.client_id AND s.partition = 'emt:default' AND NOT s.is_archived)
  FROM client_phones cp JOIN client_keys k ON k.client_id = cp.client_id
  WHERE cp.org_id = p_org AND cp.phone_hash = ANY (p_hashes);
END $$;

DO $$ BEGIN
  CREATE ROLE ${READER_ROLE} NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
`;

export const migrate = async (pool: Pool, connectionString: string): Promise<void> => {
  const eventStore = getPostgreSQLEventStore(connectionString);
  await eventStore.schema.migrate();
  await eventStore.close();
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727001)');
    await client.query(settingsSql);
    await client.query(botMigrationSql);
    await client.query(complianceMigrationSql);
    await client.query(digestMigrationSql);
    await client.query(rowChangeNotifySql);
    await client.query(sessionMigrationSql());
    await client.query(firstRunMigrationSql);
    await client.query(demoMigrationSql);
    await client.query(staffMigrationSql);
    await client.query(taskMigrationSql);
    await client.query(workingTimeMigrationSql);
    await client.query(workOrderMigrationSql);
    await client.query(importProgressMigrationSql);
    await client.query(telegramBotMigrationSql);
    await client.query(staffInviteMigrationSql);
    await client.query(inboxMigrationSql);
    await client.query(deliveryMigrationSql);
    await client.query(webBookingMigrationSql);
    await client.query(settingsChangeMigrationSql);
    await client.query(clientKeyChangeMigrationSql);
    await client.query(`GRANT ${READER_ROLE} TO CURRENT_USER`).catch(() => undefined);
    // The read models' schema, made or brought up to this version by each read model (projections/registry.ts).
    await migrateReadModels(client);
  } finally {
    await client.query('SELECT pg_advisory_unlock(727001)').catch(() => undefined);
    client.release();
  }
};
