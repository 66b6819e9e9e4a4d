import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Schema = {
  type?: string | readonly string[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  items?: Schema;
  anyOf?: readonly Schema[];
  oneOf?: readonly Schema[];
  content?: Record<string, { schema: Schema }>;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);

/**
 * The places in `payload` that serializing through `schema` would silently drop: properties an
 * object schema does not list (and does not leave open), at any depth. Fastify's serializer
 * writes only what the schema names, so a field a handler adds but the contract forgets never
 * reaches the panel; this finds it while the answer is still an object.
 */
export const droppedPaths = (schema: Schema, payload: unknown, path = '$'): string[] => {
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) {
    const tries = branches.map((branch) => droppedPaths(branch, payload, path));
    return tries.reduce((best, next) => (next.length < best.length ? next : best));
  }
  if (Array.isArray(payload)) {
    return schema.items ? payload.flatMap((item, i) => droppedPaths(schema.items!, item, `${path}[${i}]`)) : [];
  }
  if (!isObject(payload)) return [];
  const types = schema.type === undefined ? [] : [schema.type].flat();
  // No type and nothing listed: any JSON, written as it is.
  if (types.length === 0 && !schema.properties) return [];
  const listed = schema.properties ?? {};
  return Object.entries(payload).flatMap(([key, value]) => {
    if (value === undefined || typeof value === 'function') return [];
    const at = `${path}.${key}`;
    if (key in listed) return droppedPaths(listed[key]!, value, at);
    if (schema.additionalProperties === true) return [];
    if (isObject(schema.additionalProperties)) return droppedPaths(schema.additionalProperties, value, at);
    return [at];
  });
};

/** The response schema Fastify serializes this answer with: by status, then `2xx`, then default; by content type. */
const answerSchema = (request: FastifyRequest, reply: FastifyReply): Schema | undefined => {
  const responses = request.routeOptions.schema?.response as Record<string, Schema> | undefined;
  if (!responses) return undefined;
  const status = String(reply.statusCode);
  const chosen = responses[status] ?? responses[`${status[0]}xx`] ?? responses.default;
  if (!chosen?.content) return chosen;
  const type = String(reply.getHeader('content-type') ?? 'application/json')
    .split(';')[0]!
    .trim();
  return chosen.content[type]?.schema;
};

/**
 * Reports every answer that loses properties to its response schema (tests pass a reporter, so a
 * field missing from contract/ fails them instead of vanishing from the panel).
 */
export const registerResponseCheck = (app: FastifyInstance, report: (route: string, paths: string[]) => void) => {
  app.addHook('preSerialization', async (request, reply, payload) => {
    const schema = answerSchema(request, reply);
    const dropped = schema ? droppedPaths(schema, payload) : [];
    if (dropped.length > 0) report(`${request.method} ${request.routeOptions.url} ${reply.statusCode}`, dropped);
    return payload;
  });
};
