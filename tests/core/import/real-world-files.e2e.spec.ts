import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { Sealed } from '../../../domain/shared/sealed.ts';
import { testPasswords } from '../../support/test-server.ts';
import { serverForFile } from '../../support/file-server.ts';

// Files as Russian stations bring them on their first day (issue 18, item 5), through the HTTP
// import the panel uses. Spreadsheets here are written by real spreadsheet writers (ExcelJS for
// .xlsx; LibreOffice, Gnumeric and iconv for the committed fixtures, see tests/fixtures/import/README.md).

const data = path.resolve(import.meta.dirname, '../../../../shared/data');
const SAMPLE_CSV = readFileSync(path.join(data, 'clients-sample.csv'));
const SAMPLE_XLSX = readFileSync(path.join(data, 'clients-sample.xlsx'));

const server = serverForFile();

const upload = async (route: string, bytes: Uint8Array, query: Record<string, string>, token: string) => {
  const response = await fetch(`${server.url}${route}?${new URLSearchParams(query).toString()}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) };
};

/** An organization of its own for each scenario, so each file meets the client base it expects. */
const newOrganization = async () => {
  const orgId = randomUUID();
  const email = `owner-${orgId.slice(0, 8)}@test.local`;
  await server.runtime.pool.query('INSERT INTO organizations (id, name) VALUES ($1, $2)', [orgId, 'СТО']);
  await server.runtime.pool.query(
    `INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Owner', $4, 'owner')`,
    [randomUUID(), orgId, email, await testPasswords.hash('password-123')],
  );
  return { orgId, token: await server.login(email, 'password-123') };
};

/** The imported clients of one organization with their opened profiles, by row of the batch. */
const importedProfiles = async (orgId: string, batchId: string) => {
  const { rows } = await server.runtime.pool.query<{ data: any }>(
    `SELECT message_data AS data FROM emt_messages
      WHERE message_type = 'ClientImported' AND message_data->>'orgId' = $1 AND message_data->>'batchId' = $2`,
    [orgId, batchId],
  );
  const profiles = new Map<number, { clientId: string; profile: any }>();
  for (const { data } of rows) {
    const profile = await server.runtime.deps.vault.open(data.clientId as string, data.profile as Sealed);
    profiles.set(Number(data.row), { clientId: data.clientId as string, profile });
  }
  return profiles;
};

const twoSheets = async () => {
  const workbook = new ExcelJS.Workbook();
  const current = workbook.addWorksheet('Клиенты');
  current.addRow(['ФИО', 'Телефон', 'Автомобиль']);
  current.addRow(['Иванов Иван', '89161230001', 'Lada Vesta']);
  current.addRow(['Петров Пётр', '89161230002', 'Kia Rio']);
  const archive = workbook.addWorksheet('Архив');
  archive.addRow(['ФИО', 'Телефон', 'Автомобиль']);
  archive.addRow(['Сидоров Семён', '89161230003', 'Ford Focus']);
  archive.addRow(['Иванов Иван', '89161230001', 'Lada Vesta']);
  archive.addRow(['Орлова Ольга', '89161230004', 'Skoda Octavia']);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
};

const fixtures = path.resolve(import.meta.dirname, '../../fixtures/import');

describe('Old Excel files and web pages saved as .xls', () => {
  for (const name of [
    'clients-biff8-libreoffice.xls',
    'clients-biff5-cp1251-gnumeric.xls',
    'clients-spreadsheetml-2003.xls',
    'clients-html-bitrix-cp1251.xls',
    'clients-html-libreoffice.xls',
  ]) {
    it(`imports ${name}: 4 clients, 1 repeat merged, 2 rows reported; again, nothing changes`, async () => {
      const org = await newOrganization();
      const bytes = new Uint8Array(readFileSync(path.join(fixtures, name)));
      const preview = await upload('/api/imports/preview', bytes, { fileName: name }, org.token);
      expect(preview.status).toBe(200);
      expect(preview.body.columns.map((column: { field: string | null }) => column.field)).toEqual([
        'name',
        'phone',
        'car',
        'plate',
        'lastVisit',
      ]);
      const { status, body } = await upload('/api/imports', bytes, { fileName: name }, org.token);
      expect(status).toBe(201);
      expect(body.counts).toEqual({ rows: 7, created: 4, merged: 1, rejected: 2, unchanged: 0 });
      expect(body.rejections.map(({ row, reason }: { row: number; reason: string }) => [row, reason])).toEqual([
        [7, 'NO_PHONE'],
        [8, 'BAD_PHONE'],
      ]);
      const profiles = await importedProfiles(org.orgId, body.batchId);
      expect(profiles.get(2)!.profile).toEqual({ name: 'ООО «Автотранс»', phone: '+74959876543', extension: '123' });
      expect(body.merges).toEqual([{ row: 6, clientId: profiles.get(4)!.clientId }]);

      const before = await server.eventCount();
      const again = await upload('/api/imports', bytes, { fileName: name }, org.token);
      expect(again.body.status).toBe('already-imported');
      expect(await server.eventCount()).toBe(before);
    });
  }
});

describe('Import identity: file, sheet and mapping', () => {
  it('imports another sheet of an imported workbook, and each sheet only once', async () => {
    const org = await newOrganization();
    const bytes = await twoSheets();
    const first = await upload('/api/imports', bytes, { fileName: 'база.xlsx' }, org.token);
    expect(first.status).toBe(201);
    expect(first.body.counts).toEqual({ rows: 2, created: 2, merged: 0, rejected: 0, unchanged: 0 });

    const archive = await upload('/api/imports', bytes, { fileName: 'база.xlsx', sheet: 'Архив' }, org.token);
    expect(archive.status).toBe(201);
    expect(archive.body.status).toBe('imported');
    expect(archive.body.counts).toEqual({ rows: 3, created: 2, merged: 1, rejected: 0, unchanged: 0 });
    expect(archive.body.batchId).not.toBe(first.body.batchId);

    const before = await server.eventCount();
    for (const sheet of [{}, { sheet: 'Клиенты' }, { sheet: 'Архив' }] as Record<string, string>[]) {
      const again = await upload('/api/imports', bytes, { fileName: 'база.xlsx', ...sheet }, org.token);
      expect({ sheet, status: again.status, body: again.body.status }).toEqual({ sheet, status: 200, body: 'already-imported' });
    }
    expect(await server.eventCount()).toBe(before);
  });

  it('imports a file again with a corrected mapping, and the corrected reading only once', async () => {
    const org = await newOrganization();
    const csv = new TextEncoder().encode(
      'ФИО;Телефон;Машина\r\nИванов Иван;89161230001;Lada Vesta\r\nПетров Пётр;89161230002;Kia Rio\r\n',
    );
    const withoutCar = JSON.stringify({ car: null });
    const first = await upload('/api/imports', csv, { fileName: 'база.csv', mapping: withoutCar }, org.token);
    expect(first.body.counts).toMatchObject({ created: 2 });

    const corrected = await upload('/api/imports', csv, { fileName: 'база.csv', mapping: JSON.stringify({ car: 2 }) }, org.token);
    expect(corrected.status).toBe(201);
    expect(corrected.body.counts).toEqual({ rows: 2, created: 0, merged: 2, rejected: 0, unchanged: 0 });
    const cars = await server.runtime.pool.query(
      `SELECT count(*)::int AS n FROM emt_messages WHERE message_type = 'CarAdded' AND message_data->>'clientId' = ANY ($1)`,
      [corrected.body.merges.map((merge: { clientId: string }) => merge.clientId)],
    );
    expect(cars.rows[0].n).toBe(2);

    const before = await server.eventCount();
    const again = await upload('/api/imports', csv, { fileName: 'база.csv', mapping: JSON.stringify({ car: 2 }) }, org.token);
    expect(again.body.status).toBe('already-imported');
    // The detected mapping is the same reading as the corrections that name it.
    const detected = await upload('/api/imports', csv, { fileName: 'база.csv' }, org.token);
    expect(detected.body.status).toBe('already-imported');
    expect(await server.eventCount()).toBe(before);
  });
});

describe('Import report of merged rows', () => {
  it('says which rows merged with which client, by id, for repeats inside the file and clients already known', async () => {
    const org = await newOrganization();
    const csv = await upload('/api/imports', SAMPLE_CSV, { fileName: 'clients-sample.csv' }, org.token);
    expect(csv.body.counts).toMatchObject({ created: 195, merged: 6 });
    const csvProfiles = await importedProfiles(org.orgId, csv.body.batchId);
    expect(csv.body.merges).toHaveLength(6);
    for (const merge of csv.body.merges as { row: number; clientId: string }[]) {
      const earlier = [...csvProfiles].filter(([row, one]) => row < merge.row && one.clientId === merge.clientId);
      expect(earlier.length, `row ${merge.row} merges into an earlier row's client`).toBe(1);
      expect(csvProfiles.get(merge.row)!.profile.phone).toBe(earlier[0]![1].profile.phone);
    }

    const xlsx = await upload('/api/imports', SAMPLE_XLSX, { fileName: 'clients-sample.xlsx' }, org.token);
    expect(xlsx.body.counts).toMatchObject({ created: 0, merged: 54 });
    const known = new Set([...csvProfiles.values()].map((one) => one.clientId));
    expect(xlsx.body.merges).toHaveLength(54);
    expect(xlsx.body.merges.every((merge: { clientId: string }) => known.has(merge.clientId))).toBe(true);

    const batch = await fetch(`${server.url}/api/imports/${xlsx.body.batchId}`, {
      headers: { authorization: `Bearer ${org.token}` },
    }).then((response) => response.json() as Promise<{ merges: unknown }>);
    expect(batch.merges).toEqual(xlsx.body.merges);
    expect(JSON.stringify(batch)).not.toMatch(/\+7\d{10}/);
  });
});

describe('Phones of a real file through the whole import', () => {
  it('stores the extension and the other numbers of a cell in the client’s sealed profile', async () => {
    const org = await newOrganization();
    const csv = new TextEncoder().encode(
      'Клиент;Телефон\r\nООО «Автотранс»;+7 (495) 987-65-43 доб. 123\r\nВасильев И.И.;"89161234567, 8 903 111–22–33"\r\nЕгоров;+7 916 123\u200b45 68\r\n',
    );
    const { status, body } = await upload('/api/imports', csv, { fileName: 'реальные.csv' }, org.token);
    expect(status).toBe(201);
    expect(body.counts).toEqual({ rows: 3, created: 3, merged: 0, rejected: 0, unchanged: 0 });
    const profiles = await importedProfiles(org.orgId, body.batchId);
    expect(profiles.get(2)!.profile).toEqual({ name: 'ООО «Автотранс»', phone: '+74959876543', extension: '123' });
    expect(profiles.get(3)!.profile).toEqual({
      name: 'Васильев И.И.',
      phone: '+79161234567',
      phones: [{ phone: '+79031112233' }],
    });
    expect(profiles.get(4)!.profile).toEqual({ name: 'Егоров', phone: '+79161234568' });
  });
});
