import { expect } from 'vitest';
import type { Branch } from '../../domain/catalog/catalog.ts';
import type { TestServer } from './test-server.ts';

/** Open every day 09:00–20:00, no breaks: a branch whose hours never get in a test's way. */
export const everyDayHours = Object.fromEntries(
  ['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { open: '09:00', close: '20:00', breaks: [] }]),
);

/** Another branch of the test server's organization, made through the API as the owner would. */
export const addBranch = async (server: TestServer, name = 'СТО на Лесной'): Promise<Branch> => {
  const created = await server.api('POST', '/api/branches', { name, timeZone: 'Europe/Moscow', hours: everyDayHours });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as Branch;
};
