import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  batchParams,
  importBatch,
  importFileBody,
  importFileQuery,
  importPreview,
  importProgress,
  importResult,
  type ImportFileQuery,
} from '../../contract/import.ts';
import {
  appointmentImportQuery,
  appointmentImportResult,
  appointmentPreview,
  type AppointmentImportQuery,
} from '../../contract/appointment-import.ts';
import { errors } from '../../contract/shared.ts';
import { isBatchId } from '../../domain/import/batch.ts';
import { isImportField, type ImportField } from '../../domain/import/columns.ts';
import { DomainError } from '../../domain/shared/errors.ts';
import type { Session } from '../auth/tokens.ts';
import type { ContractApp } from '../contract-app.ts';
import type { AppDeps } from '../deps.ts';
import { createAppointmentImport, type AppointmentImportOptions } from '../../core/import/appointment-import.ts';
import { createImportCommands, type ImportOptions } from '../../core/import/import-commands.ts';
import { createImportSlots, type ImportSlot, type ImportWork } from '../../core/import/import-slots.ts';
import { createImportProgress } from '../../core/import/progress.ts';
import { MAX_IMPORT_BYTES, tooLarge } from '../../core/import/read-file.ts';
import { assertBranch, sessionOf } from '../plugins/auth.ts';
import { HttpProblem } from '../plugins/problems.ts';

const staff = { roles: ['owner', 'manager'] as const };

const parseMapping = (text: string | undefined): ImportOptions['mapping'] => {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION', 'mapping must be a JSON object', { field: 'mapping' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new DomainError('VALIDATION', 'mapping must be a JSON object', { field: 'mapping' });
  }
  const mapping: Partial<Record<ImportField, number | null>> = {};
  for (const [field, index] of Object.entries(parsed)) {
    if (!isImportField(field))
      throw new DomainError('VALIDATION', `Unknown field «${field}» in the mapping`, { field: 'mapping' });
    if (index !== null && (!Number.isInteger(index) || (index as number) < 0 || (index as number) > 1000)) {
      throw new DomainError('VALIDATION', `The column of «${field}» must be a column number or null`, { field: 'mapping' });
    }
    mapping[field] = index as number | null;
  }
  return mapping;
};

const jsonOf = (text: string, field: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new DomainError('VALIDATION', `${field} must be JSON`, { field });
  }
};

/** The station's answers to the diary's preview, as the query carries them. */
const appointmentAnswers = (query: AppointmentImportQuery): Pick<AppointmentImportOptions, 'services' | 'placeAnyway'> => {
  const services = query.services === undefined ? undefined : jsonOf(query.services, 'services');
  if (
    services !== undefined &&
    (typeof services !== 'object' ||
      services === null ||
      Array.isArray(services) ||
      !Object.values(services).every((id) => id === null || typeof id === 'string'))
  ) {
    throw new DomainError('VALIDATION', 'services must map the works to a service id or null', { field: 'services' });
  }
  const rows = query.placeAnyway === undefined ? undefined : jsonOf(query.placeAnyway, 'placeAnyway');
  if (rows !== undefined && !(Array.isArray(rows) && rows.every((row) => Number.isInteger(row) && row > 0))) {
    throw new DomainError('VALIDATION', 'placeAnyway must be a list of row numbers', { field: 'placeAnyway' });
  }
  return { services: services as Record<string, string | null> | undefined, placeAnyway: rows as number[] | undefined };
};

/** The raw upload, refused by its declared length before a byte is read, and again if it runs over. */
const readUpload = (
  request: FastifyRequest,
  payload: NodeJS.ReadableStream,
  done: (error: Error | null, body?: Buffer) => void,
) => {
  const declared = Number(request.headers['content-length'] ?? NaN);
  if (declared > MAX_IMPORT_BYTES) {
    done(tooLarge(declared));
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let finished = false;
  const finish = (error: Error | null, body?: Buffer) => {
    if (finished) return;
    finished = true;
    done(error, body);
  };
  payload.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_IMPORT_BYTES) {
      chunks.length = 0;
      payload.removeAllListeners('data');
      payload.resume();
      finish(tooLarge(size));
      return;
    }
    chunks.push(chunk);
  });
  payload.on('end', () => finish(null, Buffer.concat(chunks)));
  payload.on('error', (error: Error) => finish(error));
};

const bodyOf = (request: FastifyRequest): Buffer => {
  if (!Buffer.isBuffer(request.body)) throw new HttpProblem(400, 'FILE_EMPTY', 'Send the file as the request body');
  return request.body;
};

/** Seconds a refused upload is told to wait: a commit runs for minutes, a preview for seconds. */
const retryAfter: Record<ImportWork, number> = { commit: 30, read: 5 };

const busy = (work: ImportWork, limit: number) =>
  new HttpProblem(
    429,
    'IMPORT_BUSY',
    work === 'commit'
      ? 'Your organization is already importing a file; wait until it has finished, then import this one'
      : `Your organization already has ${limit} files being checked for a preview; try again in a few seconds`,
  );

/** The rejection report is a CSV download, not JSON. */
const csvReport = { content: { 'text/csv': { schema: { description: 'Row numbers and reasons, nothing personal' } } } } as const;

const sendCsv = (reply: FastifyReply, name: string, csv: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(csv);

/**
 * The client import the panel page uses: upload for a preview (detected columns, a sample, counts),
 * commit with corrections to the mapping, its progress while it runs, the batch's result and its
 * rejection report. The file travels as the raw request body each time, so nothing personal is kept
 * between steps.
 */
export const importRoutes = async (app: ContractApp, deps: AppDeps) => {
  const imports = createImportCommands(deps);
  const appointments = createAppointmentImport(deps);
  const progress = createImportProgress(deps.pool);
  const slots = createImportSlots();
  const slotOf = new WeakMap<FastifyRequest, ImportSlot>();

  /**
   * Takes the organization's slot before the body is read, so an upload over the cap costs
   * nothing but its refusal; the slot is let go when the response is done or the client hangs up.
   */
  const takesSlot = (work: ImportWork) => ({
    preParsing: async (request: FastifyRequest, reply: FastifyReply, payload: NodeJS.ReadableStream) => {
      const slot = slots.take(sessionOf(request).orgId, work);
      if (!slot) {
        void reply.header('retry-after', String(retryAfter[work]));
        throw busy(work, slots.limits[work]);
      }
      slotOf.set(request, slot);
      reply.raw.once('close', slot.release);
      return payload;
    },
  });

  /** Runs the work under the request's slot: a commit whose client hung up still holds it until it ends. */
  const inSlot = async <T>(request: FastifyRequest, work: () => Promise<T>): Promise<T> => {
    const slot = slotOf.get(request);
    slot?.hold();
    try {
      return await work();
    } finally {
      slot?.release();
    }
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', readUpload);

  const optionsOf = (request: FastifyRequest, query: ImportFileQuery): ImportOptions => {
    const session = sessionOf(request);
    if (query.branchId) assertBranch(session, query.branchId);
    return {
      fileName: query.fileName ?? 'upload',
      sheet: query.sheet,
      mapping: parseMapping(query.mapping),
      branchId: query.branchId ?? defaultBranchOf(session),
    };
  };

  /**
   * A manager limited to branches reaches only the clients imported into them, so their import
   * always names one: their only branch by default, otherwise they must choose.
   */
  const defaultBranchOf = (session: Session): string | null => {
    if (session.branchIds === null) return null;
    if (session.branchIds.length === 1) return session.branchIds[0]!;
    throw new DomainError('VALIDATION', 'Choose the branch the clients are imported into', { field: 'branchId' });
  };

  const actorOf = (request: FastifyRequest) => {
    const session = sessionOf(request);
    return { orgId: session.orgId, userId: session.userId, branchIds: session.branchIds };
  };

  const validBranch = async (orgId: string, branchId: string | null | undefined) => {
    if (branchId && !(await deps.catalog.forBranch(orgId, branchId))) {
      throw new DomainError('NOT_FOUND', 'Branch not found', { branchId });
    }
  };

  const upload = { config: staff, bodyLimit: MAX_IMPORT_BYTES + 1 };

  app.post(
    '/api/imports/preview',
    {
      ...upload,
      ...takesSlot('read'),
      schema: {
        tags: ['import'],
        querystring: importFileQuery,
        body: importFileBody,
        response: { 200: importPreview, ...errors },
      },
    },
    async (request) =>
      inSlot(request, () => imports.preview(actorOf(request), bodyOf(request), optionsOf(request, request.query))),
  );

  app.post(
    '/api/imports',
    {
      ...upload,
      ...takesSlot('commit'),
      schema: {
        tags: ['import'],
        querystring: importFileQuery,
        body: importFileBody,
        response: { 200: importResult, 201: importResult, ...errors },
      },
    },
    async (request, reply) =>
      inSlot(request, async () => {
        const options = optionsOf(request, request.query);
        const actor = actorOf(request);
        await validBranch(actor.orgId, options.branchId);
        // The batch (file, sheet, mapping) is known once the file is read: progress is tracked from then.
        let tracked: ReturnType<typeof progress.track> | null = null;
        const result = await imports
          .commit(actor, bodyOf(request), {
            ...options,
            onStart: (batchId) => (tracked = progress.track(actor.orgId, batchId)),
            onProgress: (rows, fraction) => tracked?.update(rows, fraction),
          })
          .finally(() => tracked?.done());
        return reply.status(result.status === 'imported' ? 201 : 200).send({
          ...result,
          reportUrl: `/api/imports/${result.batchId}/rejections.csv`,
        });
      }),
  );

  app.post(
    '/api/imports/rejections.csv',
    {
      ...upload,
      ...takesSlot('read'),
      schema: { tags: ['import'], querystring: importFileQuery, body: importFileBody, response: { 200: csvReport, ...errors } },
    },
    async (request, reply) =>
      inSlot(request, async () => {
        const options = optionsOf(request, request.query);
        const csv = await imports.reportOfFile(actorOf(request), bodyOf(request), options);
        return sendCsv(reply, `rejections-${options.fileName.replace(/[^\p{L}\p{N}._-]+/gu, '_')}.csv`, csv);
      }),
  );

  /** A batch imported into another branch than the manager's is not found, as its clients are not. */
  const visibleBatch = async (request: FastifyRequest, batchId: string) => {
    const batch = await imports.batchOf(actorOf(request), batchId);
    const { branchIds } = sessionOf(request);
    if (batch.branchId && branchIds !== null && !branchIds.includes(batch.branchId)) {
      throw new DomainError('NOT_FOUND', 'Import not found', { batchId });
    }
    return batch;
  };

  app.get(
    '/api/imports/:batchId',
    { config: staff, schema: { tags: ['import'], params: batchParams, response: { 200: importBatch, ...errors } } },
    async (request) => visibleBatch(request, request.params.batchId),
  );

  app.get(
    '/api/imports/:batchId/progress',
    {
      config: staff,
      schema: {
        tags: ['import'],
        description:
          'Rows done by a commit of this file that is running now (the batch id of the file, sheet and mapping, as the preview gives it); running: false once it has ended or before it starts',
        params: batchParams,
        response: { 200: importProgress, ...errors },
      },
    },
    async (request) => {
      const now = await progress.of(actorOf(request).orgId, request.params.batchId);
      return now ? { running: true, ...now } : { running: false };
    },
  );

  app.get(
    '/api/imports/:batchId/rejections.csv',
    { config: staff, schema: { tags: ['import'], params: batchParams, response: { 200: csvReport, ...errors } } },
    async (request, reply) => {
      if (!isBatchId(request.params.batchId)) throw new DomainError('NOT_FOUND', 'Import not found');
      await visibleBatch(request, request.params.batchId);
      const csv = await imports.report(actorOf(request), request.params.batchId);
      return sendCsv(reply, `rejections-${request.params.batchId.slice(0, 12)}.csv`, csv);
    },
  );
  const appointmentOptionsOf = (request: FastifyRequest, query: AppointmentImportQuery): AppointmentImportOptions => {
    assertBranch(sessionOf(request), query.branchId);
    return { fileName: query.fileName ?? 'upload', sheet: query.sheet, branchId: query.branchId, ...appointmentAnswers(query) };
  };

  app.post(
    '/api/imports/appointments/preview',
    {
      ...upload,
      ...takesSlot('read'),
      schema: {
        tags: ['import'],
        description: 'The diary of upcoming visits: what each row would become, the works to match to services; writes nothing',
        querystring: appointmentImportQuery,
        body: importFileBody,
        response: { 200: appointmentPreview, ...errors },
      },
    },
    async (request) =>
      inSlot(request, () =>
        appointments.preview(actorOf(request), bodyOf(request), appointmentOptionsOf(request, request.query)),
      ),
  );

  app.post(
    '/api/imports/appointments',
    {
      ...upload,
      ...takesSlot('commit'),
      schema: {
        tags: ['import'],
        description:
          'Books every row of the diary through the booking command (channel «import»); a second run books nothing twice',
        querystring: appointmentImportQuery,
        body: importFileBody,
        response: { 200: appointmentImportResult, ...errors },
      },
    },
    async (request) =>
      inSlot(request, () => appointments.commit(actorOf(request), bodyOf(request), appointmentOptionsOf(request, request.query))),
  );
};
