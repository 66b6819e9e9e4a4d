import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { ContractTypeProvider } from './contract-app.ts';
import { loggedPath } from './plugins/logged-path.ts';
import Fastify, { type FastifyServerOptions } from 'fastify';
import helmet from 'helmet';
import { postgresRateLimitStore } from './auth/rate-limit-store.ts';
import type { AppDeps } from './deps.ts';
import { registerAuth } from './plugins/auth.ts';
import { clientErrorHandler, frameworkErrors, registerProblems } from './plugins/problems.ts';
import { registerRequestGuard } from './plugins/request-guard.ts';
import { registerResponseCheck } from './plugins/response-check.ts';
import { registerSameOrigin } from './plugins/same-origin.ts';
import { panelRoutes } from './plugins/web.ts';
import { authRoutes } from './routes/auth.ts';
import { boardRoutes } from './routes/board.ts';
import { bookingRoutes } from './routes/bookings.ts';
import { calendarRoutes } from './routes/calendar.ts';
import { catalogRoutes } from './routes/catalog.ts';
import { setupRoutes } from './routes/setup.ts';
import { carRoutes } from './routes/cars.ts';
import { clientRoutes } from './routes/clients.ts';
import { complianceRoutes } from './routes/compliance/index.ts';
import { digestRoutes } from './routes/digest.ts';
import { documentSettingsRoutes } from './routes/document-settings.ts';
import { firstRunRoutes } from './routes/first-run.ts';
import { healthRoutes } from './routes/health.ts';
import { importRoutes } from './routes/import.ts';
import { inviteRoutes } from './routes/invites.ts';
import { kpiRoutes } from './routes/kpis.ts';
import { moneyRoutes } from './routes/money.ts';
import { deliveryRateRoutes } from './routes/delivery-rates.ts';
import { liveRoutes } from './routes/live.ts';
import { mechanicRoutes } from './routes/mechanics.ts';
import { quarantineRoutes } from './routes/quarantine.ts';
import { staffRoutes } from './routes/staff.ts';
import { taskRoutes } from './routes/tasks.ts';
import { workingTimeRoutes } from './routes/working-time.ts';
import { telegramBotSettingsRoutes } from './routes/telegram-bot-settings.ts';
import { userRoutes } from './routes/users.ts';
import { workOrderRoutes } from './routes/work-orders.ts';
import { inboxRoutes } from './routes/inbox.ts';
import { workOrderVisitRoutes } from './routes/work-order-visit.ts';
import { publicBookingRoutes } from './routes/public-booking.ts';
import { leadSourceRoutes } from './routes/lead-sources.ts';

export const BODY_LIMIT = 1024 * 1024;

/** What API answers may do in a browser: nothing (pages and documents set their own policy). */
const API_CSP = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

/** The app as a Fastify instance: routes, schemas, auth, errors. The process lives in main.ts, the wiring in composition-root.ts. */
export const buildApp = async (
  deps: AppDeps,
  options: {
    logLevel?: string;
    trustProxy?: boolean | number | string;
    publicUrl?: string;
    /** Told of every answer whose response schema drops some of its properties (tests). */
    onDroppedFields?: (route: string, paths: string[]) => void;
  } = {},
) => {
  const logger: FastifyServerOptions['logger'] = {
    level: options.logLevel ?? 'info',
    // Query strings carry searched names and phones: log the path only; a path whose parameter is
    // not an id (a car's plate) is logged as its route's pattern.
    serializers: {
      req: (request: { method: string; url: string; routeOptions?: { url?: string } }) => ({
        method: request.method,
        path: loggedPath(request.url, request.routeOptions?.url),
      }),
    },
  };
  const app = Fastify({
    logger,
    bodyLimit: BODY_LIMIT,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    frameworkErrors,
    clientErrorHandler,
    // A hop count becomes the function form Fastify's types take.
    trustProxy:
      typeof options.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(options.trustProxy)
        : (options.trustProxy ?? false),
  }).withTypeProvider<ContractTypeProvider>();
  registerProblems(app);
  if (options.onDroppedFields) registerResponseCheck(app, options.onDroppedFields);
  // Its onRequest hook marks handshakes; it must run before any hook that may refuse one, or the
  // refused handshake's socket is never released.
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });
  // Helmet's headers, its middleware built once: the Fastify wrapper built it again for every
  // request (3 % of the server's time under booking load). First of the other hooks, so refusals
  // made by the later ones carry the headers too.
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: API_CSP },
    // Sent only over HTTPS, by registerSameOrigin: over plain HTTP it means nothing.
    strictTransportSecurity: false,
    referrerPolicy: { policy: 'same-origin' },
    xFrameOptions: { action: 'deny' },
  });
  app.addHook('onRequest', (request, reply, done) =>
    securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error instanceof Error ? error : undefined)),
  );
  registerRequestGuard(app);
  await app.register(cookie);
  registerSameOrigin(app, options.publicUrl ?? null);
  // Limits are applied where a route asks for them (sign-in); counters live in PostgreSQL.
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(deps.pool) });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Zero-CRM API',
        version: '0.1.0',
        description: 'Bookings, board, calendar and clients of a car-service station',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    // Its own pages' script and style hashes; not framed, and no upgrade of requests on plain HTTP.
    staticCSP: true,
    transformStaticCSP: (header) =>
      header
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(' validator.swagger.io', '')
        .replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  registerAuth(app, deps.tokens);
  const routes = [
    healthRoutes,
    authRoutes,
    catalogRoutes,
    userRoutes,
    mechanicRoutes,
    bookingRoutes,
    boardRoutes,
    calendarRoutes,
    clientRoutes,
    carRoutes,
    liveRoutes,
    importRoutes,
    kpiRoutes,
    moneyRoutes,
    deliveryRateRoutes,
    leadSourceRoutes,
    panelRoutes,
    ...complianceRoutes,
    digestRoutes,
    documentSettingsRoutes,
    quarantineRoutes,
    firstRunRoutes,
    setupRoutes,
    staffRoutes,
    taskRoutes,
    workOrderRoutes,
    workingTimeRoutes,
    telegramBotSettingsRoutes,
    inviteRoutes,
    inboxRoutes,
    workOrderVisitRoutes,
    publicBookingRoutes,
  ];
  // Each in its own encapsulated scope: a route file's content-type parsers and hooks stay its own.
  for (const register of routes) await app.register(async (scope) => register(scope, deps));
  return app;
};
