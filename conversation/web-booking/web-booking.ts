import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { BookingCommands } from '../../core/booking/booking-commands.ts';
import { countOpenBookings } from '../../core/booking/open-bookings.ts';
import type { CatalogRepository } from '../../core/catalog/catalog-repository.ts';
import type { ClientCommands } from '../../core/client/client-commands.ts';
import type { ComplianceServices } from '../../core/compliance/services.ts';
import type { ComplianceTexts } from '../../core/compliance/texts.ts';
import { Refusal } from '../../core/shared/refusal.ts';
import type { Actor } from '../../core/shared/actor.ts';
import type { Vault } from '../../core/vault/vault.ts';
import { clientChange } from '../../domain/booking/client-changes.ts';
import { assertRoomForAnotherBooking } from '../../domain/booking/client-limits.ts';
import type { BookingStatus } from '../../domain/booking/booking.ts';
import { requireCar, requireClientName, type CarInput } from '../../domain/client/client-rules.ts';
import { openIntervals, requireDistinctServices, type Branch } from '../../domain/catalog/catalog.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import { leadMinutes, requireId, requireMultiLine, textLimits } from '../../domain/shared/input-rules.ts';
import type { Lang } from '../../domain/shared/lang.ts';
import { addDays, dateOf } from '../../domain/shared/time.ts';
import { isRussianMobile, requirePhone } from '../../domain/shared/phone.ts';
import { getClientBookings } from '../../projections/board/queries.ts';
import { createConsentNotices, PERSONAL_DATA, type ConsentNotice } from '../consent.ts';
import type { BotLog } from '../context.ts';
import { stationContacts } from '../station-facts.ts';
import type { Challenges } from './challenge.ts';
import type { ClientTokens, WebClient } from './client-token.ts';
import { SMS_CODES_PER_DAY, type OneTimeCodes } from './one-time-codes.ts';
import { codeMessage } from './texts.ts';

/** Where a one-time code can go: the client's own messenger chats first (a known client), then SMS if `sms` allows. */
export type CodeDelivery = (
  to: { orgId: string; clientId: string | null; phone: string; sms: boolean },
  textFor: (lang: Lang) => string,
) => Promise<string | null>;

export type WebBookingDeps = {
  pool: Pool;
  vault: Vault;
  catalog: CatalogRepository;
  commands: BookingCommands;
  clients: ClientCommands;
  complianceTexts: ComplianceTexts;
  /** The officer's registry of subject requests (the bots' /privacy registers there too). */
  requests: ComplianceServices['requests'];
  codes: OneTimeCodes;
  tokens: ClientTokens;
  challenges: Challenges;
  deliverCode: CodeDelivery;
  /** Whether codes can go by SMS: without it only clients the station knows in a messenger can sign in. */
  codesBySms: boolean;
  log: BotLog;
  now: () => number;
};

export type CodeRequest = {
  branchId: string;
  name: string;
  phone: string;
  lang: Lang;
  /** The hash of the consent text the person ticked (the page shows the one `station` gives). */
  consentHash: string;
  /** The ALTCHA solution, base64 JSON. */
  proof: string;
};

export type WebBookingInput = {
  branchId: string;
  serviceIds: string[];
  start: string;
  car?: CarInput;
  comment?: string;
  /** The lead source label (domain/booking/lead-source.ts), already cleaned. */
  source?: string | null;
  idempotencyKey?: string;
};

export type WebClientBooking = {
  id: string;
  branchName: string;
  services: string[];
  start: string;
  status: BookingStatus;
  timeZone: string;
  /** Whether the client may still cancel it here (status and the branch's notice period). */
  cancellable: boolean;
};

/** The days from `today` to the branch's horizon it does not work (weekly days off and its own). */
const closedDays = (branch: Branch, today: string): string[] =>
  Array.from({ length: branch.bookingHorizonDays + 1 }, (_, i) => addDays(today, i)).filter(
    (date) => openIntervals(branch, date).length === 0,
  );

/** The web books as the client itself: no staff user behind the command. */
const clientActor = (orgId: string): Actor => ({ orgId, userId: null });

/**
 * The booking conversation's web rendering, server side: the station's services and free times for
 * anyone, a phone proven by a one-time code (after a proof of work and within per-phone limits),
 * then bookings, the client's own list and cancellation under the token that proof earned. Every
 * booking goes through the same commands as the bots' and the panel's, channel «web».
 */
export const createWebBooking = (deps: WebBookingDeps) => {
  const { pool, vault, catalog, commands, clients, codes, tokens, challenges, now } = deps;
  const notices = createConsentNotices(deps.complianceTexts, deps.log);

  /** The organization a bookable branch belongs to; a demo branch is not bookable by the public. */
  const orgOfBranch = async (branchId: string): Promise<{ orgId: string; orgName: string }> => {
    requireId(branchId, 'branchId');
    const { rows } = await pool.query<{ org_id: string; org_name: string }>(
      `SELECT b.org_id, o.name AS org_name FROM branches b JOIN organizations o ON o.id = b.org_id
        WHERE b.id = $1 AND NOT EXISTS (SELECT 1 FROM demo_branches d WHERE d.branch_id = b.id)`,
      [branchId],
    );
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'There is no such branch to book at', { field: 'branchId' });
    return { orgId: rows[0].org_id, orgName: rows[0].org_name };
  };

  /** The station's first bookable branch: the page opened without naming one. */
  const defaultBranch = async (): Promise<string> => {
    const { rows } = await pool.query<{ id: string }>(
      `SELECT b.id FROM branches b JOIN organizations o ON o.id = b.org_id
        WHERE NOT EXISTS (SELECT 1 FROM demo_branches d WHERE d.branch_id = b.id)
        ORDER BY o.created_at, o.id, b.created_at, b.name LIMIT 1`,
    );
    if (!rows[0]) throw new DomainError('NOT_FOUND', 'The station has no branch to book at yet', { field: 'branchId' });
    return rows[0].id;
  };

  const branchCatalog = async (orgId: string, branchId: string) => {
    const found = await catalog.forBranch(orgId, branchId);
    if (!found) throw new DomainError('NOT_FOUND', 'There is no such branch to book at', { field: 'branchId' });
    return found;
  };

  const noticeFor = async (orgId: string, orgName: string, lang: Lang): Promise<ConsentNotice> =>
    notices.current({ id: orgId, name: orgName }, lang, 'web');

  /** What the page shows first: the station, its branches, the services with prices, the consent text. */
  const station = async (branchId: string | undefined, lang: Lang) => {
    const id = branchId ?? (await defaultBranch());
    const { orgId, orgName } = await orgOfBranch(id);
    const found = await branchCatalog(orgId, id);
    const demo = new Set(
      (await pool.query<{ branch_id: string }>('SELECT branch_id FROM demo_branches')).rows.map((row) => row.branch_id),
    );
    const branches = (await catalog.listBranches(orgId)).filter((branch) => !demo.has(branch.id));
    const [notice, contacts] = await Promise.all([noticeFor(orgId, orgName, lang), stationContacts(pool, orgId, id)]);
    return {
      stationName: orgName,
      phone: contacts.phone,
      address: contacts.address,
      codesBySms: deps.codesBySms,
      branch: {
        id: found.branch.id,
        name: found.branch.name,
        timeZone: found.branch.timeZone,
        bookingHorizonDays: found.branch.bookingHorizonDays,
        leadMinutes: leadMinutes(found.branch, 'client'),
        closedDays: closedDays(found.branch, dateOf(now(), found.branch.timeZone)),
      },
      branches: branches.map((branch) => ({ id: branch.id, name: branch.name })),
      services: found.services.map((service) => ({
        id: service.id,
        name: service.name,
        priceRub: service.priceRub,
        durationMinutes: service.durationMinutes,
      })),
      notice: { version: notice.version, text: notice.text, hash: notice.hash },
    };
  };

  const freeTimes = async (branchId: string, serviceIds: string[], date: string) => {
    const { orgId } = await orgOfBranch(branchId);
    return commands.availability(clientActor(orgId), branchId, requireDistinctServices(serviceIds), date);
  };

  /** Sends a one-time code to the phone; refuses a failed puzzle, a changed consent text or a phone asking too often. */
  const requestCode = async (request: CodeRequest) => {
    const { orgId, orgName } = await orgOfBranch(request.branchId);
    const phone = requirePhone(request.phone);
    requireClientName(request.name, 'name');
    if (!(await challenges.spend(request.proof))) {
      throw new Refusal('invalid', 'CHALLENGE_FAILED', 'The check that a person is booking did not pass: reload the page');
    }
    const current = await notices.allCurrent({ id: orgId, name: orgName }, 'web');
    const notice = current.find((candidate) => candidate.hash === request.consentHash);
    if (!notice) {
      throw new Refusal('conflict', 'CONSENT_CHANGED', 'The consent text has changed: read it again and tick it');
    }
    const phoneHash = await vault.phoneHash(orgId, phone);
    const issued = await codes.issue(orgId, phoneHash, { noticeVersion: notice.version, noticeHash: notice.hash, at: now() });
    if ('retryAfterSeconds' in issued) {
      throw new Refusal('busy', 'TOO_MANY_CODES', 'Too many codes for this phone: wait and try again', {
        retryAfterSeconds: issued.retryAfterSeconds,
      });
    }
    const known = await pool.query<{ client_id: string }>(
      'SELECT client_id FROM client_phones WHERE org_id = $1 AND phone_hash = $2',
      [orgId, phoneHash],
    );
    // An SMS is paid for: only to a Russian mobile, and only so many a day for the whole station.
    const mobile = isRussianMobile(phone);
    const withinDay = mobile && (await codes.smsSentToday(orgId)) < SMS_CODES_PER_DAY;
    const channel = await deps
      .deliverCode({ orgId, clientId: known.rows[0]?.client_id ?? null, phone, sms: withinDay }, (lang) =>
        codeMessage(lang, orgName, issued.code),
      )
      .catch((error: unknown) => {
        deps.log.warn({ name: (error as Error).name }, 'one-time code delivery failed');
        return null;
      });
    await codes.delivered(issued.id, channel);
    if (!channel && !mobile) {
      throw new Refusal('invalid', 'SMS_ONLY_TO_MOBILE', 'A code goes by SMS only to a Russian mobile number: book by phone', {
        field: 'phone',
      });
    }
    if (!channel && !withinDay) deps.log.warn({ limit: SMS_CODES_PER_DAY }, 'the station’s SMS codes for the day are spent');
    if (!channel) {
      throw new Refusal('upstream', 'CODE_NOT_SENT', 'The code could not be sent: try later or book through the bot or by phone');
    }
    return { requestId: issued.id, channel, expiresAt: issued.expiresAt };
  };

  /** Checks the code; the first right one registers the client (or finds them) with the consent and signs the browser in. */
  const confirmCode = async (input: { requestId: string; code: string; phone: string; name: string; branchId: string }) => {
    requireId(input.requestId, 'requestId');
    const { orgId } = await orgOfBranch(input.branchId);
    const phone = requirePhone(input.phone);
    const name = requireClientName(input.name, 'name');
    const checked = await codes.check(input.requestId, input.code, await vault.phoneHash(orgId, phone));
    if (checked.outcome === 'expired') {
      throw new Refusal('gone', 'CODE_EXPIRED', 'This code is no longer valid: ask for a new one');
    }
    if (checked.outcome === 'wrong') {
      throw new Refusal('invalid', 'CODE_WRONG', 'The code is not right', { attemptsLeft: checked.attemptsLeft });
    }
    const connected = await clients.connectByPhone(clientActor(orgId), {
      phone,
      name,
      channel: 'web',
      consent: {
        purpose: PERSONAL_DATA,
        noticeVersion: checked.consent.noticeVersion,
        textHash: checked.consent.noticeHash,
        givenAt: new Date(checked.consent.at).toISOString(),
        evidence: { channel: 'web', codeRequestId: input.requestId, codeSentBy: checked.channel },
      },
    });
    const { phoneHash } = await clients.standingOf(connected.clientId);
    if (!phoneHash) throw new DomainError('NOT_FOUND', 'Client not found');
    return {
      token: await tokens.issue({ orgId, clientId: connected.clientId, phoneHash }),
      ...(await whoIs(connected.clientId)),
    };
  };

  /** The signed-in client as the page greets them: the name and the phone with its middle hidden. */
  const whoIs = async (clientId: string) => {
    const profile = await clients.profileOf(clientId);
    if (!profile) throw new DomainError('NOT_FOUND', 'Client not found');
    return { name: profile.name, phone: profile.phone.replace(/^(\+\d{4})\d+(\d{2})$/, '$1•••••$2') };
  };

  const tokenHash = (token: string) => createHash('sha256').update(token).digest('base64url');

  /**
   * The client a token names, while they exist, consent, still have the phone the browser confirmed
   * (staff changing a wrong or someone else's number ends it) and the browser has not signed out;
   * null otherwise.
   */
  const clientOf = async (token: string): Promise<WebClient | null> => {
    const signed = await tokens.verify(token);
    if (!signed) return null;
    const signedOut = await pool.query('SELECT 1 FROM web_client_signouts WHERE token_hash = $1', [tokenHash(token)]);
    if (signedOut.rowCount) return null;
    const standing = await clients.standingOf(signed.clientId);
    if (!standing.consents.includes(PERSONAL_DATA) || standing.phoneHash !== signed.phoneHash) return null;
    return { orgId: signed.orgId, clientId: signed.clientId };
  };

  /**
   * «Это не я» on a shared device: the token stops working on the server too, not only in this
   * browser, so a copy of it (another tab, a backup of the tablet) opens nothing. Idempotent.
   */
  const signOut = async (token: string): Promise<void> => {
    const signed = await tokens.verify(token);
    if (!signed) return;
    await pool.query('DELETE FROM web_client_signouts WHERE expires_at < $1', [new Date(now())]);
    await pool.query(
      'INSERT INTO web_client_signouts (token_hash, expires_at) VALUES ($1, $2) ON CONFLICT (token_hash) DO NOTHING',
      [tokenHash(token), new Date(signed.expiresAt)],
    );
  };

  // One booking at a time per client in this process: a script's parallel requests are counted one by one.
  const queues = new Map<string, Promise<unknown>>();
  const oneAtATime = <T>(clientId: string, work: () => Promise<T>): Promise<T> => {
    const run = (queues.get(clientId) ?? Promise.resolve()).catch(() => undefined).then(work);
    queues.set(clientId, run);
    void run.finally(() => queues.get(clientId) === run && queues.delete(clientId)).catch(() => undefined);
    return run;
  };

  const book = (client: WebClient, input: WebBookingInput) =>
    oneAtATime(client.clientId, async () => {
      const { orgId } = await orgOfBranch(input.branchId);
      if (orgId !== client.orgId) throw new DomainError('NOT_FOUND', 'There is no such branch to book at', { field: 'branchId' });
      const profile = await clients.profileOf(client.clientId);
      if (!profile) throw new DomainError('NOT_FOUND', 'Client not found');
      const car = input.car ? requireCar(input.car) : undefined;
      const comment = input.comment ? requireMultiLine(input.comment, 'comment', textLimits.comment) : undefined;
      assertRoomForAnotherBooking(await countOpenBookings(pool, client.clientId, new Date(now())));
      return place(orgId, profile, input, car, comment);
    });

  const place = (
    orgId: string,
    profile: { name: string; phone: string },
    input: WebBookingInput,
    car: ReturnType<typeof requireCar> | undefined,
    comment: string | undefined,
  ) =>
    commands.place(clientActor(orgId), {
      branchId: input.branchId,
      serviceIds: input.serviceIds,
      start: input.start,
      client: { name: profile.name, phone: profile.phone },
      ...(car ? { car } : {}),
      ...(comment ? { comment } : {}),
      ...(input.source ? { source: input.source } : {}),
      channel: 'web',
      ...(input.idempotencyKey ? { idempotencyKey: input.idempotencyKey, callerKey: true } : {}),
    });

  /** The client's bookings named as the page shows them: the coming ones nearest first, then the past, latest first. */
  const myBookings = async (client: WebClient): Promise<WebClientBooking[]> => {
    const rows = await getClientBookings(pool, client.orgId, client.clientId, 20);
    const branches = new Map<string, Awaited<ReturnType<typeof catalog.forBranch>>>();
    const result: WebClientBooking[] = [];
    for (const row of rows) {
      if (!branches.has(row.branchId)) branches.set(row.branchId, await catalog.forBranch(client.orgId, row.branchId));
      const found = branches.get(row.branchId);
      const start = row.start.toISOString();
      const change = clientChange({ status: row.status, start }, found?.branch.changeNoticeMinutes ?? 0, now());
      result.push({
        id: row.id,
        branchName: found?.branch.name ?? '',
        services: row.serviceIds.map((id) => found?.services.find((service) => service.id === id)?.name ?? ''),
        start,
        status: row.status,
        timeZone: found?.branch.timeZone ?? 'Europe/Moscow',
        cancellable: change.allowed,
      });
    }
    const at = now();
    const coming = result.filter((row) => Date.parse(row.start) >= at).reverse();
    return [...coming, ...result.filter((row) => Date.parse(row.start) < at)];
  };

  /** Cancels one of the client's own bookings while the branch's notice period allows it. */
  const cancel = async (client: WebClient, bookingId: string) => {
    requireId(bookingId, 'bookingId');
    const actor = clientActor(client.orgId);
    const booking = await commands.loadBooking(actor, bookingId);
    if (booking.clientId !== client.clientId) throw new DomainError('NOT_FOUND', 'Booking not found', { field: 'bookingId' });
    const found = await catalog.forBranch(client.orgId, booking.branchId);
    const change = clientChange(booking, found?.branch.changeNoticeMinutes ?? 0, now());
    if (!change.allowed) {
      throw change.reason === 'not_changeable'
        ? new DomainError('ILLEGAL_TRANSITION', 'This booking can no longer be cancelled', { field: 'bookingId' })
        : new Refusal('conflict', 'TOO_LATE_TO_CANCEL', 'It is too late to cancel online: call the station', {
            // The page answers a passed start as it did before `past` was told apart: too late online.
            noticeMinutes: change.reason === 'too_late' ? change.noticeMinutes : (found?.branch.changeNoticeMinutes ?? 0),
          });
    }
    return commands.changeStatus(actor, bookingId, 'Cancelled', 'client_request');
  };

  /**
   * A subject request from the page (a copy of the data, or their erasure) into the officer's
   * registry, as the bots register theirs; a second one of a kind while one waits is the same request.
   */
  const privacyRequest = async (client: WebClient, kind: 'access' | 'erasure') => {
    const actor = { orgId: client.orgId, userId: null, role: null, ip: null };
    const { request, fresh } = await deps.requests.registerUnlessOpen(actor, {
      clientId: client.clientId,
      kind,
      channel: 'web',
      evidence: 'phone-code',
    });
    return { kind, dueDate: request.dueDate, fresh };
  };

  /** The client takes back the consent: the token stops working, the bookings stay (the officer erases on request). */
  const withdrawConsent = async (client: WebClient) => {
    await clients.withdrawConsent(clientActor(client.orgId), client.clientId, PERSONAL_DATA);
  };

  return {
    station,
    freeTimes,
    challenge: challenges.create,
    requestCode,
    confirmCode,
    clientOf,
    signOut,
    whoIs,
    book,
    myBookings,
    cancel,
    withdrawConsent,
    privacyRequest,
  };
};

export type WebBooking = ReturnType<typeof createWebBooking>;
