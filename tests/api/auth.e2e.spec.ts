import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { withOrg } from '../../projections/reader.ts';
import { READER_ROLE } from '../../projections/schema.ts';
import { OWNER, startAt, testPasswords, phoneSequence } from '../support/test-server.ts';
import { serverForFile } from '../support/file-server.ts';
import { pollUntil } from '../support/poll.ts';

const server = serverForFile();

const nextPhone = phoneSequence(163_000_001);

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
/** A request with exactly these headers: the owner's token is replaced, or dropped with `authorization: ''`. */
const as = (token: string, method: string, path: string, body?: unknown) => server.api(method, path, body, bearer(token));
const anonymous = (method: string, path: string, body?: unknown) => server.api(method, path, body, { authorization: '' });

const bookingBody = (branchId: string, serviceId: string, start: string) => ({
  branchId,
  serviceId,
  start,
  client: { name: 'Ольга', phone: nextPhone() },
});

const expectProblem = (response: { status: number; body: any }, status: number, code: string) => {
  expect(response.status, JSON.stringify(response.body).slice(0, 300)).toBe(status);
  expect(response.body).toMatchObject({ status, code });
};

const jwtSecret = async () =>
  new Uint8Array(
    (await server.runtime.pool.query<{ value: Buffer }>(`SELECT value FROM app_secrets WHERE name = 'jwt'`)).rows[0]!.value,
  );

/** The claims our tokens carry, with a fresh token id (jti) and the owner's session epoch. */
const ownerClaims = () => ({ org: server.branch.orgId, role: 'owner', branches: null, sv: 0, jti: randomUUID() });

const ownerId = async () =>
  (await server.runtime.pool.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [OWNER.email])).rows[0]!.id;

const everyDay = (open: string, close: string) =>
  Object.fromEntries(['1', '2', '3', '4', '5', '6', '7'].map((day) => [day, { open, close, breaks: [] }]));

/** A second branch of the demo organization with one lift bay and one service, made through the API. */
const createBranch = async (name: string) => {
  const branch = await server.api('POST', '/api/branches', {
    name,
    timeZone: 'Europe/Moscow',
    hours: everyDay('09:00', '20:00'),
  });
  expect(branch.status, JSON.stringify(branch.body)).toBe(201);
  const bay = await server.api('POST', '/api/bays', { branchId: branch.body.id, name: 'Подъёмник', kinds: ['lift'] });
  expect(bay.status).toBe(201);
  const service = await server.api('POST', '/api/services', {
    branchId: branch.body.id,
    name: 'Замена масла',
    durationMinutes: 45,
    bayKind: 'lift',
  });
  expect(service.status).toBe(201);
  return { branchId: branch.body.id as string, serviceId: service.body.id as string };
};

describe('Authentication', () => {
  describe('when the token is missing or not ours', () => {
    it('refuses a request without a token with 401', async () => {
      expectProblem(await anonymous('GET', `/api/board?branchId=${server.branch.id}`), 401, 'UNAUTHORIZED');
      expectProblem(await anonymous('GET', '/api/auth/me'), 401, 'UNAUTHORIZED');
    });

    it('refuses a booking without a token and writes no event', async () => {
      const before = await server.eventCount();
      const response = await anonymous(
        'POST',
        '/api/bookings',
        bookingBody(server.branch.id, server.service('Замена масла').id, startAt(server.branch, 2, '10:00')),
      );
      expectProblem(response, 401, 'UNAUTHORIZED');
      expect(await server.eventCount()).toBe(before);
    });

    it('refuses a token whose signature was tampered with', async () => {
      const [header, payload, signature] = server.token.split('.') as [string, string, string];
      const flipped = signature.slice(0, 10) + (signature[10] === 'A' ? 'B' : 'A') + signature.slice(11);
      expect(flipped).not.toBe(signature);
      expectProblem(await as(`${header}.${payload}.${flipped}`, 'GET', '/api/auth/me'), 401, 'UNAUTHORIZED');
    });

    it('refuses a token whose payload was changed to another role', async () => {
      const [header, payload, signature] = server.token.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
      const forged = Buffer.from(JSON.stringify({ ...claims, role: 'compliance' })).toString('base64url');
      expectProblem(await as(`${header}.${forged}.${signature}`, 'GET', '/api/auth/me'), 401, 'UNAUTHORIZED');
    });

    it('refuses an unsigned (alg none) token', async () => {
      const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const now = Math.floor(Date.now() / 1000);
      const token = `${encode({ alg: 'none' })}.${encode({ ...ownerClaims(), sub: await ownerId(), iss: 'zero-crm', iat: now, exp: now + 3600 })}.`;
      expectProblem(await as(token, 'GET', '/api/auth/me'), 401, 'UNAUTHORIZED');
    });

    it('accepts a token signed with the installation secret, so the refusals below are about what differs', async () => {
      const token = await new SignJWT(ownerClaims())
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(await ownerId())
        .setIssuer('zero-crm')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await jwtSecret());
      const response = await as(token, 'GET', '/api/auth/me');
      expect(response.status).toBe(200);
      expect(response.body).toMatchObject({ email: OWNER.email, role: 'owner' });
    });

    it('refuses a token without its own id, which could not be signed out', async () => {
      const { jti: _id, ...withoutId } = ownerClaims();
      const token = await new SignJWT(withoutId)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(await ownerId())
        .setIssuer('zero-crm')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await jwtSecret());
      expectProblem(await as(token, 'GET', '/api/auth/me'), 401, 'UNAUTHORIZED');
    });

    it('refuses an expired token with 401', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = await new SignJWT(ownerClaims())
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(await ownerId())
        .setIssuer('zero-crm')
        .setIssuedAt(now - 13 * 3600)
        .setExpirationTime(now - 3600)
        .sign(await jwtSecret());
      const response = await as(token, 'GET', '/api/auth/me');
      expectProblem(response, 401, 'UNAUTHORIZED');
      expect(response.body.detail).toMatch(/invalid or expired/);
    });

    it('refuses a token from another issuer or signed with another secret', async () => {
      const otherIssuer = await new SignJWT(ownerClaims())
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(await ownerId())
        .setIssuer('someone-else')
        .setExpirationTime('1h')
        .sign(await jwtSecret());
      expectProblem(await as(otherIssuer, 'GET', '/api/auth/me'), 401, 'UNAUTHORIZED');
      const otherSecret = await new SignJWT(ownerClaims())
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(await ownerId())
        .setIssuer('zero-crm')
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('a-different-secret-of-32-characters!!'));
      expectProblem(await as(otherSecret, 'GET', '/api/auth/me'), 401, 'UNAUTHORIZED');
    });
  });

  describe('when the path is spelled with percent-escapes', () => {
    // The router decodes /%61pi/… to /api/…: the same route must get the same protection.
    it('still requires a token for the API description', async () => {
      expect((await anonymous('GET', '/api/docs/json')).status).toBe(401);
      expectProblem(await anonymous('GET', '/%61pi/docs/json'), 401, 'UNAUTHORIZED');
    });

    it('still applies the role check', async () => {
      const compliance = await server.addUser('compliance');
      expectProblem(await as(compliance.token, 'GET', `/%61pi/board?branchId=${server.branch.id}`), 403, 'FORBIDDEN');
      expect((await server.api('GET', `/%61pi/board?branchId=${server.branch.id}`)).status).toBe(200);
    });
  });

  describe('when the session comes in the cookie', () => {
    it('accepts the cookie set at login and refuses it after logout clears it', async () => {
      const login = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(OWNER),
      });
      const setCookie = login.headers.get('set-cookie') ?? '';
      expect(setCookie).toMatch(/zero_session=[^;]+;/);
      expect(setCookie).toMatch(/HttpOnly/i);
      expect(setCookie).toMatch(/SameSite=Lax/i);
      const cookie = setCookie.split(';')[0]!;
      expect((await server.api('GET', '/api/auth/me', undefined, { authorization: '', cookie })).status).toBe(200);
      const logout = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie, origin: server.url } });
      expect(logout.headers.get('set-cookie')).toMatch(/zero_session=;/);
    });
  });

  describe('when logging in with wrong credentials', () => {
    it('answers 401 for a wrong password', async () => {
      const response = await server.api('POST', '/api/auth/login', { email: OWNER.email, password: 'wrong-password' });
      expectProblem(response, 401, 'BAD_CREDENTIALS');
    });

    it('answers an unknown e-mail exactly like a wrong password', async () => {
      const wrongPassword = await server.api('POST', '/api/auth/login', { email: OWNER.email, password: 'wrong-password' });
      const unknownEmail = await server.api('POST', '/api/auth/login', {
        email: 'nobody@test.local',
        password: 'wrong-password',
      });
      expect(unknownEmail.status).toBe(401);
      expect(unknownEmail.body).toEqual(wrongPassword.body);
    });

    it('signs in with the right password, whatever the case of the e-mail', async () => {
      const response = await server.api('POST', '/api/auth/login', {
        email: OWNER.email.toUpperCase(),
        password: OWNER.password,
      });
      expect(response.status).toBe(200);
      expect(response.body.role).toBe('owner');
    });
  });
  describe('when the user behind a valid token is deactivated or changes role', () => {
    /** The server re-reads users with a short cache: the refusal comes within seconds, not at the token's expiry. */
    const statusSoon = (token: string, path: string, wanted: number) =>
      pollUntil(async () => (await as(token, 'GET', path)).status, wanted);

    it('refuses the old token of a deactivated manager', async () => {
      const manager = await server.addUser('manager');
      expect((await as(manager.token, 'GET', '/api/auth/me')).status).toBe(200);
      await server.runtime.pool.query('UPDATE users SET active = false WHERE id = $1', [manager.id]);
      expect(await statusSoon(manager.token, '/api/auth/me', 401)).toBe(401);
      expectProblem(await as(manager.token, 'GET', `/api/board?branchId=${server.branch.id}`), 401, 'UNAUTHORIZED');
    });

    it('refuses the token of a role the user no longer has, and a fresh login carries the new role', async () => {
      const promoted = await server.addUser('owner');
      expect((await as(promoted.token, 'GET', '/api/users')).status).toBe(200);
      await server.runtime.pool.query(`UPDATE users SET role = 'mechanic' WHERE id = $1`, [promoted.id]);
      expect(await statusSoon(promoted.token, '/api/users', 401)).toBe(401);
      const { rows } = await server.runtime.pool.query<{ email: string }>('SELECT email FROM users WHERE id = $1', [promoted.id]);
      const fresh = await server.login(rows[0]!.email, 'password-123');
      expectProblem(await as(fresh, 'GET', '/api/users'), 403, 'FORBIDDEN');
    });
  });
});

describe('Authorization by role', () => {
  describe('when the role does not allow the route', () => {
    it('refuses a mechanic who tries to create a booking with 403 and writes no event', async () => {
      const mechanic = await server.addUser('mechanic');
      const before = await server.eventCount();
      const response = await as(
        mechanic.token,
        'POST',
        '/api/bookings',
        bookingBody(server.branch.id, server.service('Замена масла').id, startAt(server.branch, 2, '11:00')),
      );
      expectProblem(response, 403, 'FORBIDDEN');
      expect(await server.eventCount()).toBe(before);
    });

    it('lets a mechanic start a job but not confirm it', async () => {
      const booking = await server.api(
        'POST',
        '/api/bookings',
        bookingBody(server.branch.id, server.service('Замена масла').id, startAt(server.branch, 2, '12:00')),
      );
      expect(booking.status).toBe(201);
      const mechanic = await server.addUser('mechanic');
      const before = await server.eventCount();
      expectProblem(
        await as(mechanic.token, 'POST', `/api/bookings/${booking.body.id}/status`, { status: 'Confirmed' }),
        403,
        'FORBIDDEN',
      );
      expect(await server.eventCount()).toBe(before);
      expect((await server.api('POST', `/api/bookings/${booking.body.id}/status`, { status: 'Confirmed' })).status).toBe(200);
      expect((await as(mechanic.token, 'POST', `/api/bookings/${booking.body.id}/status`, { status: 'InProgress' })).status).toBe(
        200,
      );
    });

    it('lets a mechanic change only their own job or one nobody was given: another’s is 403 and writes nothing', async () => {
      const booking = await server.api(
        'POST',
        '/api/bookings',
        bookingBody(server.branch.id, server.service('Замена масла').id, startAt(server.branch, 2, '15:00')),
      );
      expect(booking.status).toBe(201);
      const [ivan, petr] = [await server.addUser('mechanic'), await server.addUser('mechanic')];
      const id = booking.body.id as string;
      expect((await server.api('POST', `/api/bookings/${id}/status`, { status: 'Confirmed' })).status).toBe(200);
      // Nobody's job yet: either mechanic may open its order.
      const order = await as(ivan.token, 'POST', `/api/bookings/${id}/work-order`, {});
      expect(order.status, JSON.stringify(order.body)).toBe(201);
      const assigned = await server.api('POST', `/api/bookings/${id}/assign`, { mechanicId: petr.id });
      expect(assigned.status, JSON.stringify(assigned.body)).toBe(200);

      const before = await server.eventCount();
      const orderId = order.body.id as string;
      for (const [method, path, body] of [
        ['POST', `/api/bookings/${id}/status`, { status: 'InProgress' }],
        ['POST', `/api/work-orders/${orderId}/parts`, { name: 'Фильтр', quantity: 1, unitPriceKopecks: 50_000 }],
        ['POST', `/api/work-orders/${orderId}/works`, { serviceId: server.service('Замена масла').id }],
        ['POST', `/api/work-orders/${orderId}/findings`, { note: 'Течь сальника' }],
        ['POST', `/api/work-orders/${orderId}/status`, { status: 'InWork' }],
      ] as const) {
        expectProblem(await as(ivan.token, method, path, body), 403, 'FORBIDDEN');
      }
      expect(await server.eventCount()).toBe(before);

      const own = await as(petr.token, 'POST', `/api/work-orders/${orderId}/parts`, {
        name: 'Фильтр',
        quantity: 1,
        unitPriceKopecks: 50_000,
      });
      expect(own.status, JSON.stringify(own.body)).toBe(201);
    });

    it('refuses a compliance officer the board with 403', async () => {
      const compliance = await server.addUser('compliance');
      expectProblem(await as(compliance.token, 'GET', `/api/board?branchId=${server.branch.id}`), 403, 'FORBIDDEN');
    });

    it('refuses a manager who tries to create a branch with 403', async () => {
      const manager = await server.addUser('manager');
      const response = await as(manager.token, 'POST', '/api/branches', {
        name: 'Филиал менеджера',
        timeZone: 'Europe/Moscow',
        hours: everyDay('09:00', '18:00'),
      });
      expectProblem(response, 403, 'FORBIDDEN');
      const branches = await server.runtime.pool.query(`SELECT 1 FROM branches WHERE name = 'Филиал менеджера'`);
      expect(branches.rowCount).toBe(0);
    });

    it('refuses a manager who tries to add a user with 403', async () => {
      const manager = await server.addUser('manager');
      const response = await as(manager.token, 'POST', '/api/users', {
        email: 'new-owner@test.local',
        name: 'Новый владелец',
        password: 'password-123',
        role: 'owner',
      });
      expectProblem(response, 403, 'FORBIDDEN');
    });
  });

  describe('when a manager is limited to one branch', () => {
    let other: { branchId: string; serviceId: string };
    let manager: { token: string; id: string };

    beforeAll(async () => {
      other = await createBranch('СТО на Мира');
      manager = await server.addUser('manager', [server.branch.id]);
    });

    it('lets the manager work in their own branch', async () => {
      expect((await as(manager.token, 'GET', `/api/board?branchId=${server.branch.id}`)).status).toBe(200);
      const booking = await as(
        manager.token,
        'POST',
        '/api/bookings',
        bookingBody(server.branch.id, server.service('Замена масла').id, startAt(server.branch, 2, '14:00')),
      );
      expect(booking.status, JSON.stringify(booking.body)).toBe(201);
    });

    it('refuses the other branch’s board, calendar, settings and availability with 403', async () => {
      const date = startAt(server.branch, 2, '10:00').slice(0, 10);
      for (const path of [
        `/api/board?branchId=${other.branchId}`,
        `/api/calendar?branchId=${other.branchId}&from=${date}&to=${date}T23:00%2B03:00`,
        `/api/services?branchId=${other.branchId}`,
        `/api/bays?branchId=${other.branchId}`,
        `/api/availability?branchId=${other.branchId}&serviceId=${other.serviceId}&date=${date}`,
      ]) {
        expectProblem(await as(manager.token, 'GET', path), 403, 'FORBIDDEN');
      }
    });

    it('refuses a booking in the other branch with 403 and writes no event', async () => {
      const before = await server.eventCount();
      const response = await as(
        manager.token,
        'POST',
        '/api/bookings',
        bookingBody(other.branchId, other.serviceId, startAt(server.branch, 2, '15:00')),
      );
      expectProblem(response, 403, 'FORBIDDEN');
      expect(await server.eventCount()).toBe(before);
    });

    it('refuses to show or move a booking of the other branch', async () => {
      const booking = await server.api(
        'POST',
        '/api/bookings',
        bookingBody(other.branchId, other.serviceId, startAt(server.branch, 2, '16:00')),
      );
      expect(booking.status, JSON.stringify(booking.body)).toBe(201);
      const before = await server.eventCount();
      expectProblem(await as(manager.token, 'GET', `/api/bookings/${booking.body.id}`), 403, 'FORBIDDEN');
      expectProblem(
        await as(manager.token, 'POST', `/api/bookings/${booking.body.id}/status`, { status: 'Confirmed' }),
        403,
        'FORBIDDEN',
      );
      expectProblem(
        await as(manager.token, 'POST', `/api/bookings/${booking.body.id}/reschedule`, {
          start: startAt(server.branch, 3, '10:00'),
        }),
        403,
        'FORBIDDEN',
      );
      expect(await server.eventCount()).toBe(before);
    });
  });
});

describe('Isolation between organizations', () => {
  const org2 = { orgId: randomUUID(), branchId: randomUUID(), bayId: randomUUID(), serviceId: randomUUID() };
  const owner2 = { email: `owner-${org2.orgId.slice(0, 8)}@other.local`, password: 'other-owner-password' };
  let token2: string;
  let org1Booking: { id: string };
  const org1Phone = '+79160001122';

  beforeAll(async () => {
    const pool = server.runtime.pool;
    await pool.query('INSERT INTO organizations (id, name) VALUES ($1, $2)', [org2.orgId, 'Чужое СТО']);
    await pool.query(
      `INSERT INTO branches (id, org_id, name, time_zone, hours) VALUES ($1, $2, 'Чужой филиал', 'Europe/Moscow', $3)`,
      [org2.branchId, org2.orgId, JSON.stringify(everyDay('09:00', '20:00'))],
    );
    await pool.query(`INSERT INTO bays (id, org_id, branch_id, name, kinds) VALUES ($1, $2, $3, 'Чужой подъёмник', '{lift}')`, [
      org2.bayId,
      org2.orgId,
      org2.branchId,
    ]);
    await pool.query(
      `INSERT INTO services (id, org_id, branch_id, name, duration_minutes, bay_kind) VALUES ($1, $2, $3, 'Чужая замена масла', 45, 'lift')`,
      [org2.serviceId, org2.orgId, org2.branchId],
    );
    await pool.query(
      `INSERT INTO users (id, org_id, email, name, password_hash, role) VALUES ($1, $2, $3, 'Чужой владелец', $4, 'owner')`,
      [randomUUID(), org2.orgId, owner2.email, await testPasswords.hash(owner2.password)],
    );
    token2 = await server.login(owner2.email, owner2.password);

    const booked = await server.api('POST', '/api/bookings', {
      branchId: server.branch.id,
      serviceId: server.service('Замена масла').id,
      start: startAt(server.branch, 8, '10:00'),
      client: { name: 'Клиент первой организации', phone: org1Phone },
    });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    org1Booking = booked.body;
    await server.waitForProjection();
  });

  describe('when the owner of another organization reads', () => {
    it('lists none of the first organization’s clients, which its own owner does see', async () => {
      const mine = await server.api('GET', '/api/clients');
      expect(mine.status).toBe(200);
      // Lists mask phones (+7 *** ***-**-NN); the name tells the client apart.
      expect(mine.body.clients.map((client: { name: string }) => client.name)).toContain('Клиент первой организации');

      const theirs = await as(token2, 'GET', '/api/clients');
      expect(theirs.status).toBe(200);
      expect(theirs.body.clients).toEqual([]);
      const searched = await as(token2, 'GET', `/api/clients?q=${encodeURIComponent('Клиент')}`);
      expect(searched.body.clients).toEqual([]);
    });

    it('answers 404 for the first organization’s booking', async () => {
      expect((await server.api('GET', `/api/bookings/${org1Booking.id}`)).status).toBe(200);
      const response = await as(token2, 'GET', `/api/bookings/${org1Booking.id}`);
      expectProblem(response, 404, 'NOT_FOUND');
      expect(JSON.stringify(response.body)).not.toContain(server.branch.id);
    });

    it('does not show the first organization’s board, calendar, bays or branches', async () => {
      const date = startAt(server.branch, 8, '10:00').slice(0, 10);
      const board = await as(token2, 'GET', `/api/board?branchId=${server.branch.id}&date=${date}`);
      expectProblem(board, 404, 'NOT_FOUND');
      expect(JSON.stringify(board.body)).not.toContain(org1Booking.id);
      const calendar = await as(
        token2,
        'GET',
        `/api/calendar?branchId=${server.branch.id}&from=${date}&to=${startAt(server.branch, 9, '00:00').slice(0, 10)}`,
      );
      expectProblem(calendar, 404, 'NOT_FOUND');
      expectProblem(await as(token2, 'GET', `/api/bays?branchId=${server.branch.id}`), 404, 'NOT_FOUND');
      const branches = await as(token2, 'GET', '/api/branches');
      expect(branches.body.map((branch: { id: string }) => branch.id)).toEqual([org2.branchId]);
    });
  });

  describe('when the owner of another organization writes', () => {
    it('cannot move or cancel the first organization’s booking, and nothing is written', async () => {
      const before = await server.eventCount();
      expectProblem(
        await as(token2, 'POST', `/api/bookings/${org1Booking.id}/status`, { status: 'Cancelled', reason: 'other' }),
        404,
        'NOT_FOUND',
      );
      expectProblem(
        await as(token2, 'POST', `/api/bookings/${org1Booking.id}/reschedule`, { start: startAt(server.branch, 9, '10:00') }),
        404,
        'NOT_FOUND',
      );
      expect(await server.eventCount()).toBe(before);
    });

    it('cannot book into the first organization’s branch', async () => {
      const before = await server.eventCount();
      const response = await as(
        token2,
        'POST',
        '/api/bookings',
        bookingBody(server.branch.id, server.service('Замена масла').id, startAt(server.branch, 9, '11:00')),
      );
      expectProblem(response, 404, 'NOT_FOUND');
      expect(await server.eventCount()).toBe(before);
    });

    it('cannot add a bay to the first organization’s branch', async () => {
      const response = await as(token2, 'POST', '/api/bays', { branchId: server.branch.id, name: 'Чужой', kinds: ['lift'] });
      expectProblem(response, 404, 'NOT_FOUND');
      const patched = await as(token2, 'PATCH', `/api/branches/${server.branch.id}`, { name: 'Захвачено' });
      expectProblem(patched, 404, 'NOT_FOUND');
    });
  });

  describe('when read models are queried under row-level security', () => {
    it('returns no rows of the first organization to a reader set to the second', async () => {
      const pool = server.runtime.pool;
      const all = await pool.query<{ org_id: string }>('SELECT org_id FROM rm.bookings');
      expect(all.rows.some((row) => row.org_id === server.branch.orgId)).toBe(true);

      const asFirst = await withOrg(pool, server.branch.orgId, (db) => db.query('SELECT id FROM rm.bookings'));
      expect(asFirst.rows.map((row) => row.id)).toContain(org1Booking.id);

      for (const table of ['bookings', 'clients', 'calendar']) {
        const asSecond = await withOrg(pool, org2.orgId, (db) => db.query(`SELECT * FROM rm.${table}`));
        expect(asSecond.rows, table).toEqual([]);
      }
    });

    it('returns no rows at all when no organization is set', async () => {
      const client = await server.runtime.pool.connect();
      try {
        await client.query(`BEGIN READ ONLY; SET LOCAL ROLE ${READER_ROLE}`);
        expect((await client.query('SELECT * FROM rm.bookings')).rows).toEqual([]);
      } finally {
        await client.query('ROLLBACK');
        client.release();
      }
    });
  });
});
