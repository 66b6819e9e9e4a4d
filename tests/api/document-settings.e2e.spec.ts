import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/test-server.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const settingsRow = async () =>
  (
    await server.runtime.pool.query(
      `SELECT o.vat_mode, o.legal_name, o.inn, b.hourly_rate_kopecks
         FROM organizations o JOIN branches b ON b.org_id = o.id WHERE b.id = $1`,
      [server.branch.id],
    )
  ).rows[0] as Record<string, unknown>;

describe('Settings behind work orders and their documents', () => {
  it('starts without details or rate and keeps what the owner saves', async () => {
    const empty = await server.api('GET', '/api/settings/documents');
    expect(empty.status).toBe(200);
    expect(empty.body).toEqual({
      vatMode: 'none',
      executor: null,
      branches: [{ branchId: server.branch.id, name: server.branch.name, hourlyRateKopecks: null }],
    });
    const saved = await server.api('PUT', '/api/settings/documents', {
      vatMode: 'usn5',
      executor: {
        legalName: 'ИП Ёлкин Пётр Сергеевич',
        inn: '500100732259',
        ogrn: '304500116000157',
        legalAddress: 'г. Тула, ул. Мира, 5',
        phone: '+7 4872 00-00-00',
      },
      rates: [{ branchId: server.branch.id, hourlyRateKopecks: 250_000 }],
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body).toMatchObject({
      vatMode: 'usn5',
      executor: { legalName: 'ИП Ёлкин Пётр Сергеевич', inn: '500100732259', ogrn: '304500116000157' },
      branches: [{ branchId: server.branch.id, hourlyRateKopecks: 250_000 }],
    });
    expect(await server.api('GET', '/api/settings/documents')).toMatchObject({ body: saved.body });
  });

  it('refuses a wrong check digit, an unknown VAT mode, a rate out of range or another organization’s branch, with nothing written', async () => {
    const before = await settingsRow();
    for (const [body, status] of [
      [{ executor: { legalName: 'ООО «Ромашка»', inn: '7707083894' } }, 400],
      [{ executor: { legalName: 'ООО «Ромашка»', ogrn: '1027700132196' } }, 400],
      [{ executor: { legalName: '' } }, 400],
      [{ vatMode: 'vat18' }, 400],
      [{ vatMode: 'general22', rates: [{ branchId: server.branch.id, hourlyRateKopecks: 0 }] }, 400],
      [{ vatMode: 'general22', rates: [{ branchId: server.branch.id, hourlyRateKopecks: 10_000_001 }] }, 400],
      [
        {
          vatMode: 'general22',
          rates: [
            { branchId: server.branch.id, hourlyRateKopecks: 250_000 },
            { branchId: server.branch.id, hourlyRateKopecks: 1 },
          ],
        },
        400,
      ],
      [{ vatMode: 'general22', rates: [{ branchId: '6f1c2b9e-1d2a-4c3b-9e8f-7a6b5c4d3e2f', hourlyRateKopecks: 100_000 }] }, 404],
      [{}, 400],
    ] as const) {
      const refused = await server.api('PUT', '/api/settings/documents', body);
      expect(refused.status, JSON.stringify(body)).toBe(status);
      expect(refused.body.code, JSON.stringify(body)).toBe(status === 404 ? 'NOT_FOUND' : 'VALIDATION');
    }
    expect(await settingsRow()).toEqual(before);
  });

  it('is the owner’s: a manager neither reads nor changes it', async () => {
    const manager = await server.addUser('manager', [server.branch.id]);
    const auth = { authorization: `Bearer ${manager.token}` };
    expect((await server.api('GET', '/api/settings/documents', undefined, auth)).status).toBe(403);
    expect((await server.api('PUT', '/api/settings/documents', { vatMode: 'none' }, auth)).status).toBe(403);
  });
});
