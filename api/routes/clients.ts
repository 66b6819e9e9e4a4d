import {
  addCarBody,
  carAdded,
  clientCard,
  clientList,
  clientManager,
  clientManagerBody,
  maintenanceReminders,
  maintenanceRemindersBody,
  clientParams,
  clientPhone,
  clientPhoneBody,
  clientPhoneChanged,
  clientProfile,
  clientProfileBody,
  clientSearchQuery,
  type Car,
  consentRecorded,
  paperConsentBody,
  withdrawConsentBody,
} from '../../contract/clients.ts';
import { errors } from '../../contract/shared.ts';
import { maskPhone } from '../../domain/compliance/notice.ts';
import { demoClientIds } from '../../core/setup/demo-registry.ts';
import { searchClients } from '../../projections/clients/queries.ts';
import { blockedAmong } from '../../core/compliance/blocks.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { actorOf, sessionOf } from '../plugins/auth.ts';
import { clientCardOf, consentKeepers, staff } from './compliance/shared.ts';

const CLIENT_PAGE = 50;

/** The read model keeps a client's cars as the opened JSON it was given; these are the cars the contract names. */
const carsOf = (cars: unknown[]) => cars as Car[];

/**
 * The station's clients: the list and search, and one client's card, phone (each logged) and
 * paper consents. Phones are masked everywhere but in a logged reveal.
 */
export const clientRoutes = async (app: ContractApp, deps: AppDeps) => {
  const { pool, audit, now, clients } = deps;
  const { consents } = deps.compliance;
  const cardOf = clientCardOf(deps);

  app.get(
    '/api/clients',
    {
      config: { roles: ['owner', 'manager', 'compliance'] },
      schema: { tags: ['read models'], querystring: clientSearchQuery, response: { 200: clientList, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const q = request.query.q?.trim() ?? '';
      const offset = Number(request.query.offset ?? 0);
      const { manager } = request.query;
      const managerId =
        manager === undefined ? undefined : manager === 'none' ? null : manager === 'me' ? session.userId : manager;
      // The officer finds blocked clients too (a block is their case), marked as such; everyone else
      // is shown none of them, and the total counts what they may see.
      const officer = session.role === 'compliance';
      const { rows: blocks } = officer
        ? { rows: [] }
        : await pool.query<{ client_id: string }>('SELECT client_id FROM compliance_blocks WHERE org_id = $1', [session.orgId]);
      // A manager limited to some branches finds only the clients who booked or were imported there.
      const found = await searchClients(pool, session, q, {
        limit: CLIENT_PAGE,
        offset,
        managerId,
        // The demo's clients stay out of the station's list; its board and cards still open them.
        exclude: [...blocks.map((block) => block.client_id), ...(await demoClientIds(pool, session.orgId))],
      });
      const blocked = officer
        ? await blockedAmong(
            pool,
            found.clients.map((client) => client.id),
          )
        : new Set<string>();
      const clients = found.clients.map((client) => (officer ? { ...client, blocked: blocked.has(client.id) } : client));
      // Phones are masked here (revealing one is its own logged action). The log gets the kind of
      // query and the clients listed, never the query: it may be a name, and the log is never erased.
      const kind = q === '' ? 'list' : /^[\d\s()+-]+$/.test(q) ? 'phone' : 'text';
      await audit.access(
        actorOf(request),
        'search',
        clients.map((client) => client.id),
        { query: kind, results: clients.length },
      );
      return {
        clients: clients.map((client) => ({ ...client, cars: carsOf(client.cars), phone: maskPhone(client.phone) })),
        total: found.total,
        offset,
        pageSize: CLIENT_PAGE,
      };
    },
  );

  app.get(
    '/api/clients/:id',
    {
      config: { roles: ['owner', 'manager', 'compliance'] },
      schema: { tags: ['clients'], params: clientParams, response: { 200: clientCard, ...errors } },
    },
    async (request) => {
      const card = await cardOf(request, request.params.id);
      const [consentsNow, notes, profile, remindersOn] = await Promise.all([
        consents.of(request.params.id),
        clients.importedNotesOf(card.id),
        clients.profileOf(card.id),
        clients.maintenanceRemindersOn(card.id),
      ]);
      await audit.access(actorOf(request), 'card-view', [card.id]);
      return {
        ...card,
        cars: carsOf(card.cars),
        phone: maskPhone(card.phone),
        phoneMasked: true,
        consents: consentsNow,
        notes,
        note: profile?.note ?? '',
        email: profile?.email ?? '',
        maintenanceReminders: remindersOn,
      };
    },
  );

  app.patch(
    '/api/clients/:id',
    {
      config: staff,
      schema: { tags: ['clients'], params: clientParams, body: clientProfileBody, response: { 200: clientProfile, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      // The same reach as the card: a client the user may not see is answered 404 with nothing written.
      const card = await cardOf(request, request.params.id);
      const saved = await clients.updateProfile({ orgId: session.orgId, userId: session.userId }, card.id, request.body);
      await audit.access(actorOf(request), 'edit', [card.id], { change: 'profile' });
      return { id: card.id, name: saved.name, note: saved.note, email: saved.email };
    },
  );

  app.post(
    '/api/clients/:id/cars',
    {
      config: staff,
      schema: {
        tags: ['clients'],
        params: clientParams,
        body: addCarBody,
        response: { 200: carAdded, 201: carAdded, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      const card = await cardOf(request, request.params.id);
      const { car, added } = await clients.addCar({ orgId: session.orgId, userId: session.userId }, card.id, request.body);
      await audit.access(actorOf(request), 'edit', [card.id], { change: 'car-added', added });
      return reply.status(added ? 201 : 200).send({ car: { make: '', model: '', plate: '', ...car }, added });
    },
  );

  app.put(
    '/api/clients/:id/phone',
    {
      config: staff,
      schema: {
        tags: ['clients'],
        params: clientParams,
        body: clientPhoneBody,
        response: { 200: clientPhoneChanged, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const card = await cardOf(request, request.params.id);
      const saved = await clients.changePhone({ orgId: session.orgId, userId: session.userId }, card.id, request.body.phone);
      await audit.access(actorOf(request), 'edit', [card.id], { change: 'phone' });
      return { id: card.id, phone: maskPhone(saved.phone) };
    },
  );

  app.put(
    '/api/clients/:id/manager',
    {
      config: staff,
      schema: { tags: ['clients'], params: clientParams, body: clientManagerBody, response: { 200: clientManager, ...errors } },
    },
    async (request) => {
      const session = sessionOf(request);
      const card = await cardOf(request, request.params.id);
      const { managerId } = request.body;
      const changed = await clients.assignManager({ orgId: session.orgId, userId: session.userId }, card.id, {
        managerId,
        by: session.role === 'owner' ? 'owner' : 'manager',
      });
      await audit.access(actorOf(request), 'edit', [card.id], { change: 'manager', changed });
      return { managerId, changed };
    },
  );

  app.put(
    '/api/clients/:id/maintenance-reminders',
    {
      config: staff,
      schema: {
        tags: ['clients'],
        params: clientParams,
        body: maintenanceRemindersBody,
        response: { 200: maintenanceReminders, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      const card = await cardOf(request, request.params.id);
      const { enabled } = request.body;
      const actor = { orgId: session.orgId, userId: session.userId };
      const changed = await clients.setMaintenanceReminders(actor, card.id, enabled, 'panel');
      await audit.access(actorOf(request), 'edit', [card.id], { change: 'maintenance-reminders', enabled, changed });
      return { enabled, changed };
    },
  );

  app.post(
    '/api/clients/:id/reveal-phone',
    { config: staff, schema: { tags: ['clients'], params: clientParams, response: { 200: clientPhone, ...errors } } },
    async (request) => {
      const card = await cardOf(request, request.params.id);
      await audit.access(actorOf(request), 'phone-reveal', [card.id]);
      return { phone: card.phone };
    },
  );

  app.post(
    '/api/clients/:id/consents',
    {
      config: consentKeepers,
      schema: {
        tags: ['clients'],
        params: clientParams,
        body: paperConsentBody,
        response: { 200: consentRecorded, 201: consentRecorded, ...errors },
      },
    },
    async (request, reply) => {
      const session = sessionOf(request);
      await cardOf(request, request.params.id);
      const { purpose, noticeVersion, textHash, signedAt, documentRef } = request.body;
      const recorded = await clients.giveConsent({ orgId: session.orgId, userId: session.userId }, request.params.id, {
        purpose,
        noticeVersion,
        textHash,
        givenAt: signedAt ? new Date(signedAt).toISOString() : new Date(now()).toISOString(),
        evidence: { channel: 'paper', recordedBy: session.userId, documentRef: documentRef ?? null },
      });
      await audit.access(actorOf(request), 'edit', [request.params.id], { change: 'consent-given', purpose, recorded });
      return reply.status(recorded ? 201 : 200).send({ recorded, consents: await consents.of(request.params.id) });
    },
  );

  app.post(
    '/api/clients/:id/consents/withdraw',
    {
      config: consentKeepers,
      schema: {
        tags: ['clients'],
        params: clientParams,
        body: withdrawConsentBody,
        response: { 200: consentRecorded, ...errors },
      },
    },
    async (request) => {
      const session = sessionOf(request);
      await cardOf(request, request.params.id);
      const { purpose, channel = 'in-person' } = request.body;
      const recorded = await clients.withdrawConsent(
        { orgId: session.orgId, userId: session.userId },
        request.params.id,
        purpose,
      );
      await audit.access(actorOf(request), 'edit', [request.params.id], { change: 'consent-withdrawn', purpose, recorded });
      // Withdrawing consent to processing obliges destruction within 30 days: the officer gets it as a
      // request with its deadline, as when the client withdraws in the bot.
      if (recorded && purpose === 'personal-data') {
        await deps.compliance.requests.register(actorOf(request), {
          clientId: request.params.id,
          kind: 'withdrawal',
          channel,
          evidence: 'none',
          note: 'Отзыв согласия на обработку данных, записан сотрудником',
        });
      }
      return { recorded, consents: await consents.of(request.params.id) };
    },
  );
};
