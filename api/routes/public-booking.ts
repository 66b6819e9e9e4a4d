import type { FastifyReply, FastifyRequest } from 'fastify';
import { errors, idParams, noContent } from '../../contract/shared.ts';
import {
  codeConfirmBody,
  codeRequestBody,
  codeSent,
  privacyRequestBody,
  privacyRequested,
  publicChallenge,
  publicFreeTimes,
  publicFreeTimesQuery,
  publicStation,
  signedIn,
  stationQuery,
  webBooked,
  webBookingBody,
  webClient,
  webClientBookings,
} from '../../contract/web-booking.ts';
import { linkSource, utmSource } from '../../domain/booking/lead-source.ts';
import { Refusal } from '../../core/shared/refusal.ts';
import type { WebClient } from '../../conversation/web-booking/client-token.ts';
import type { BookingSummary } from '../../core/booking/booking-summary.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { HttpProblem } from '../plugins/problems.ts';

/**
 * Requests for codes and tries of codes one address may make in 15 minutes (every API process
 * counts). Generous: a mobile carrier puts many clients behind one address; the proof of work and
 * the three codes per phone an hour are what stop a bot.
 */
export const CODE_REQUESTS_PER_ADDRESS = 30;
export const CODE_TRIES_PER_ADDRESS = 60;
/** Reads of free times and puzzles one address may make in 15 minutes: a person taps a few dozen days. */
export const READS_PER_ADDRESS = 600;
const ADDRESS_WINDOW_MS = 15 * 60_000;

/** The header the page sends its client token in (not a cookie: the page may live in a frame on the station's site). */
export const CLIENT_TOKEN_HEADER = 'x-client-token';

const open = { public: true } as const;

/** A booking as its client sees it: no bay (the station's business). */
const bookedView = ({ id, start, end, status }: BookingSummary) => ({ id, start, end, status });
const tags = ['public booking'];
const gone = { 410: errors[404], 429: errors[404], 502: errors[404] };

/**
 * The public booking page's API: no staff session. Anyone may read the station's services and free
 * times; a code to the phone (after the page's proof of work, within limits per address and per
 * phone) earns a client token; the token books, lists and cancels the client's own bookings only.
 */
export const publicBookingRoutes = async (app: ContractApp, { webBooking }: AppDeps) => {
  const perAddress = (name: string, max: number) =>
    app.createRateLimit({ max, timeWindow: ADDRESS_WINDOW_MS, keyGenerator: (request) => `${name}:${request.ip}` });
  const codeRequests = perAddress('web-code', CODE_REQUESTS_PER_ADDRESS);
  const codeTries = perAddress('web-code-try', CODE_TRIES_PER_ADDRESS);
  // Each read of free times folds schedule streams: a script asking for every day of every service is stopped.
  const reads = perAddress('web-read', READS_PER_ADDRESS);

  const limited = async (limit: ReturnType<typeof perAddress>, request: FastifyRequest, reply: FastifyReply) => {
    const counted = await limit(request);
    // `isAllowed` is @fastify/rate-limit's allow-list; the count is in `isExceeded`.
    if (counted.isAllowed || !counted.isExceeded) return;
    void reply.header('retry-after', String(Math.max(1, counted.ttlInSeconds)));
    throw new HttpProblem(429, 'TOO_MANY_ATTEMPTS', 'Too many tries from this address: wait and try again');
  };

  const clientOf = async (request: FastifyRequest): Promise<WebClient> => {
    const token = request.headers[CLIENT_TOKEN_HEADER];
    const client = typeof token === 'string' && token.length < 2000 ? await webBooking.clientOf(token) : null;
    if (!client) throw new HttpProblem(401, 'CLIENT_TOKEN_INVALID', 'Confirm your phone again');
    return client;
  };

  app.get(
    '/api/public/booking/station',
    { config: open, schema: { tags, querystring: stationQuery, response: { 200: publicStation, ...errors } } },
    async (request, reply) => {
      await limited(reads, request, reply);
      return webBooking.station(request.query.branchId, request.query.lang ?? 'ru');
    },
  );

  app.get(
    '/api/public/booking/free-times',
    { config: open, schema: { tags, querystring: publicFreeTimesQuery, response: { 200: publicFreeTimes, ...errors } } },
    async (request, reply) => {
      await limited(reads, request, reply);
      const { branchId, serviceIds, date } = request.query;
      const slots = await webBooking.freeTimes(branchId, serviceIds.split(','), date);
      return { date, starts: slots.map((slot) => slot.start) };
    },
  );

  app.get(
    '/api/public/booking/challenge',
    { config: open, schema: { tags, response: { 200: publicChallenge, ...errors } } },
    async (request, reply) => {
      await limited(reads, request, reply);
      void reply.header('cache-control', 'no-store');
      const challenge = await webBooking.challenge();
      return { ...challenge, maxnumber: challenge.maxnumber ?? 0 };
    },
  );

  app.post(
    '/api/public/booking/code',
    {
      config: open,
      // The body holds a phone and a name.
      logLevel: 'warn',
      schema: { tags, body: codeRequestBody, response: { 201: codeSent, ...errors, ...gone } },
    },
    async (request, reply) => {
      await limited(codeRequests, request, reply);
      try {
        const sent = await webBooking.requestCode(request.body);
        return reply.status(201).send({ ...sent, expiresAt: new Date(sent.expiresAt).toISOString() });
      } catch (error) {
        if (error instanceof Refusal && typeof error.details?.retryAfterSeconds === 'number') {
          void reply.header('retry-after', String(error.details.retryAfterSeconds));
        }
        throw error;
      }
    },
  );

  app.post(
    '/api/public/booking/confirm',
    {
      config: open,
      logLevel: 'warn',
      schema: { tags, body: codeConfirmBody, response: { 200: signedIn, ...errors, ...gone } },
    },
    async (request, reply) => {
      await limited(codeTries, request, reply);
      return webBooking.confirmCode(request.body);
    },
  );

  app.get('/api/public/me', { config: open, schema: { tags, response: { 200: webClient, ...errors } } }, async (request) =>
    webBooking.whoIs((await clientOf(request)).clientId),
  );

  app.post(
    '/api/public/bookings',
    {
      config: open,
      schema: {
        tags,
        headers: { type: 'object', properties: { 'idempotency-key': { type: 'string', maxLength: 100 } } },
        body: webBookingBody,
        response: { 201: webBooked, ...errors },
      },
    },
    async (request, reply) => {
      const client = await clientOf(request);
      const { utm, ref, ...booking } = request.body;
      const key = request.headers['idempotency-key'];
      const placed = await webBooking.book(client, {
        ...booking,
        source: (utm ? utmSource(utm) : null) ?? linkSource(ref),
        ...(typeof key === 'string' && key ? { idempotencyKey: `web:${client.clientId}:${key}` } : {}),
      });
      return reply.status(201).send(bookedView(placed));
    },
  );

  app.get(
    '/api/public/bookings',
    { config: open, schema: { tags, response: { 200: webClientBookings, ...errors } } },
    async (request) => ({ bookings: await webBooking.myBookings(await clientOf(request)) }),
  );

  app.post(
    '/api/public/privacy-requests',
    { config: open, schema: { tags, body: privacyRequestBody, response: { 201: privacyRequested, ...errors } } },
    async (request, reply) => reply.status(201).send(await webBooking.privacyRequest(await clientOf(request), request.body.kind)),
  );

  app.post(
    '/api/public/signout',
    {
      config: open,
      schema: { tags, summary: 'Sign this browser out: its client token stops working', response: { 204: noContent, ...errors } },
    },
    async (request, reply) => {
      const token = request.headers[CLIENT_TOKEN_HEADER];
      if (typeof token === 'string' && token.length < 2000) await webBooking.signOut(token);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/public/consent/withdraw',
    { config: open, schema: { tags, response: { 204: noContent, ...errors } } },
    async (request, reply) => {
      await webBooking.withdrawConsent(await clientOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/public/bookings/:id/cancel',
    { config: open, schema: { tags, params: idParams, response: { 200: webBooked, ...errors } } },
    async (request) => bookedView(await webBooking.cancel(await clientOf(request), request.params.id)),
  );
};
