import { describe, expect, it } from 'vitest';
import type { PoolClient } from 'pg';
import { createFailureTally } from '../../projections/quarantine.ts';
import { createReadModelSchema } from '../../projections/registry.ts';
import { projectBatch } from '../../projections/runner.ts';
import { phoneSequence, startAt } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';

const server = serverForFile();
const nextPhone = phoneSequence(164_500_001);

/** The statements a connection sends, in order, with their whitespace collapsed. */
const recording = (client: PoolClient) => {
  const sent: string[] = [];
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
    sent.push(text.replace(/\s+/g, ' ').trim());
    return query(...args);
  };
  return sent;
};

describe('the live runner’s batch', () => {
  it('applies a batch that succeeds in one try: no savepoints, the checkpoint and the live changes in one statement', async () => {
    for (let i = 0; i < 3; i++) {
      const booked = await server.api('POST', '/api/bookings', {
        branchId: server.branch.id,
        serviceId: server.service('Замена масла').id,
        start: startAt(server.branch, 3, `${10 + i}:00`),
        client: { name: 'Пётр', phone: nextPhone() },
      });
      expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    }
    const { pool } = server.runtime;
    // A schema of its own, so the server's runner does not take the events first.
    const schema = 'rm_runner_test';
    await pool.query(createReadModelSchema(schema));
    const client = await pool.connect();
    try {
      const sent = recording(client);
      const outcome = await projectBatch(client, {
        schema,
        open: server.runtime.deps.vault.open,
        limit: 100_000,
        emitLive: true,
        tally: createFailureTally(),
      });

      expect(outcome.retryLater).toBe(false);
      expect(outcome.passed).toBe(await server.eventCount());
      expect(sent.filter((text) => /SAVEPOINT/i.test(text))).toEqual([]);
      expect(sent[0]).toMatch(
        /^BEGIN; SELECT pg_advisory_xact_lock_shared\(\d+\), pg_advisory_xact_lock\(\d+, hashtext\('rm_runner_test'\)\)$/,
      );
      expect(sent[1]).toMatch(/FROM rm_runner_test\.checkpoints/);
      expect(sent[1]).toMatch(/FROM emt_messages/);
      const progress = sent.filter((text) => text.includes(`INTO ${schema}.checkpoints`));
      expect(progress).toHaveLength(1);
      expect(progress[0]).toContain('INSERT INTO live_changes');
      expect(sent.at(-1)).toBe('COMMIT');
    } finally {
      client.release();
    }
    const { rows } = await pool.query<{ bookings: number; at: string; last: string }>(
      `SELECT (SELECT count(*)::int FROM ${schema}.bookings) AS bookings,
              (SELECT global_position::text FROM ${schema}.checkpoints) AS at,
              (SELECT max(global_position)::text FROM emt_messages) AS last`,
    );
    expect(rows[0]!.bookings).toBe(3);
    expect(rows[0]!.at).toBe(rows[0]!.last);
  });
});
