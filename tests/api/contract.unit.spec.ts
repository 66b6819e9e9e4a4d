import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import * as bookings from '../../contract/bookings.ts';
import * as compliance from '../../contract/compliance.ts';
import { groupings as contractGroupings } from '../../contract/kpis.ts';
import { failureKinds as contractFailureKinds } from '../../contract/settings.ts';
import { passwordLength, roles as contractRoles } from '../../contract/users.ts';
import { droppedPaths, registerResponseCheck } from '../../api/plugins/response-check.ts';
import { roles } from '../../api/auth/tokens.ts';
import { blockReasons } from '../../core/compliance/blocks.ts';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../core/staff/password-policy.ts';
import { dataCategories, erasureReasons, textKeys } from '../../domain/compliance/notice.ts';
import { retentionRules } from '../../domain/compliance/retention.ts';
import { textLimits } from '../../domain/shared/input-rules.ts';
import { PHONE_TYPED } from '../../domain/shared/phone.ts';
import { groupings } from '../../projections/kpi/queries.ts';
import { failureKinds } from '../../projections/quarantine.ts';

describe('contract/ vocabulary', () => {
  // contract/ takes domain/'s lists as they are; these live elsewhere (or as records), so it states them itself.
  it.each([
    ['roles', contractRoles, roles],
    ['KPI groupings', contractGroupings, groupings],
    ['quarantine failure kinds', contractFailureKinds, failureKinds],
    ['block reasons', compliance.blockReasons, blockReasons],
    ['erasure reasons', compliance.erasureReasons, Object.keys(erasureReasons)],
    ['data categories', compliance.dataCategories, Object.keys(dataCategories)],
    ['retention rules', compliance.retentionRules, retentionRules],
    ['station text keys', compliance.textKeys, textKeys],
  ])('%s are the server’s', (_name, contract, server) => {
    expect([...contract]).toEqual([...server]);
  });

  it('limits a booking’s text and a password as the domain does', () => {
    const { personName, carMake, carModel, plateTyped, comment } = textLimits;
    expect(bookings.bookingTextLimits).toEqual({ personName, carMake, carModel, plateTyped, comment });
    expect(bookings.phoneTyped).toEqual(PHONE_TYPED);
    expect(passwordLength).toEqual({ min: MIN_PASSWORD_LENGTH, max: MAX_PASSWORD_LENGTH });
  });
});

describe('droppedPaths', () => {
  const card = {
    type: 'object',
    additionalProperties: false,
    properties: {
      id: { type: 'string' },
      lastCall: { type: ['object', 'null'], properties: { at: { type: 'string' } } },
      tags: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      data: { type: 'object', additionalProperties: true },
      any: {},
    },
  } as const;

  it('names every property the schema does not list, at any depth', () => {
    const payload = {
      id: 'a',
      extra: 1,
      lastCall: { at: 'now', outcome: 'reached' },
      tags: [{ name: 'x' }, { name: 'y', colour: 'red' }],
      data: { free: true },
      any: { what: 'ever' },
    };
    expect(droppedPaths(card, payload)).toEqual(['$.extra', '$.lastCall.outcome', '$.tags[1].colour']);
  });

  it('finds nothing to drop in an answer the schema lists, nulls and absent fields included', () => {
    expect(droppedPaths(card, { id: 'a', lastCall: null, tags: [], skipped: undefined })).toEqual([]);
  });

  it('takes the branch of anyOf that keeps the most', () => {
    const either = {
      anyOf: [
        { type: 'object', properties: { a: {} } },
        { type: 'object', properties: { b: {} } },
      ],
    } as const;
    expect(droppedPaths(either, { b: 1 })).toEqual([]);
    expect(droppedPaths(either, { a: 1, c: 2 })).toEqual(['$.c']);
  });
});

describe('the response check on a route', () => {
  it('reports what the route’s response schema for its status and content type drops, and the answer loses it', async () => {
    const reported: [string, string[]][] = [];
    const app = Fastify();
    registerResponseCheck(app, (route, paths) => reported.push([route, paths]));
    const thing = { type: 'object', properties: { id: { type: 'string' } } } as const;
    app.get('/things', { schema: { response: { 201: thing } } }, async (_request, reply) =>
      reply.status(201).send({ id: 'a', secretlyNew: true }),
    );
    app.get(
      '/documents',
      { schema: { response: { 200: { content: { 'application/json': { schema: thing } } } } } },
      async () => ({
        id: 'b',
        forgotten: 1,
      }),
    );
    const things = await app.inject({ method: 'GET', url: '/things' });
    const documents = await app.inject({ method: 'GET', url: '/documents' });
    await app.close();
    expect(things.json()).toEqual({ id: 'a' });
    expect(documents.json()).toEqual({ id: 'b' });
    expect(reported).toEqual([
      ['GET /things 201', ['$.secretlyNew']],
      ['GET /documents 200', ['$.forgotten']],
    ]);
  });
});
