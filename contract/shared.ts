import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/**
 * The HTTP contract: each route's request and answer as JSON schema, stated once. The server
 * validates and serializes with these schemas (Fastify, through its type provider); the panel
 * imports the types derived from them, type-only, so no schema reaches its bundle.
 *
 * Answers are serialized from their schema, which drops every property it does not list: a field
 * the panel or a test reads must be in the schema (api/plugins/response-check.ts reports one in tests).
 */

/** The static type of a schema. */
export type Shape<Schema extends JSONSchema> = FromSchema<Schema>;

/**
 * A closed object: the properties listed and no others. Every property is required unless
 * `required` names the ones that are (`[]`: none). Written out, the schema stays a literal type,
 * so Shape<> (FromSchema) reads it as it would the object spelled by hand.
 */
export function obj<const P extends Properties>(properties: P): AllRequired<P>;
export function obj<const P extends Properties, const R extends readonly (keyof P & string)[]>(
  properties: P,
  required: R,
): R extends readonly [] ? NoneRequired<P> : SomeRequired<P, R>;
export function obj(properties: Properties, required: readonly string[] = Object.keys(properties)) {
  // An empty `required` is left out, as a schema written by hand would.
  return required.length === 0
    ? { type: 'object', additionalProperties: false, properties }
    : { type: 'object', required, additionalProperties: false, properties };
}
type Properties = Record<string, unknown>;
type NoneRequired<P> = { readonly type: 'object'; readonly additionalProperties: false; readonly properties: P };
type SomeRequired<P, R> = NoneRequired<P> & { readonly required: R };
type AllRequired<P> = SomeRequired<P, (keyof P & string)[]>;

/** A change of a closed object: any of its properties, at least one. */
export const patchOf = <const P extends Properties>(properties: P) => ({ ...obj(properties, []), minProperties: 1 }) as const;

/** The same object, or null. */
export const orNull = <const S extends { type: 'object' }>(schema: S) =>
  ({ ...schema, type: ['object', 'null'] }) as const as Omit<S, 'type'> & { readonly type: readonly ['object', 'null'] };

export const list = <const Item>(items: Item) => ({ type: 'array', items }) as const;

export const uuid = { type: 'string', format: 'uuid' } as const;
// `format: 'date'` also refuses days that do not exist (2026-02-30), which Temporal would throw on as a 500.
// Years 1900–2199: a zone's local mean time turns 0001-01-01 into year 0 and 9999-12-31 into 10000,
// which PostgreSQL refuses, and no day of a station's work lies outside them.
export const isoDate = { type: 'string', pattern: '^(19|20|21)\\d{2}-\\d{2}-\\d{2}$', format: 'date' } as const;
export const dateTime = { type: 'string', minLength: 16, maxLength: 40 } as const;

/** Text and numbers as answers give them (no input limits: those belong to requests). */
export const text = { type: 'string' } as const;
export const nullableText = { type: ['string', 'null'] } as const;
export const integer = { type: 'integer' } as const;
export const nullableInteger = { type: ['integer', 'null'] } as const;
export const nullableNumber = { type: ['number', 'null'] } as const;
export const boolean = { type: 'boolean' } as const;
export const texts = { type: 'array', items: text } as const;
export const uuids = { type: 'array', items: uuid } as const;
/** Any JSON value, passed through as it is (event data, opened personal data). */
export const anyJson = {} as const;
/** An object whose keys are open (event data, log details), passed through as it is. */
export const openObject = { type: 'object', additionalProperties: true } as const;

/** An RFC 9457 problem: every refusal of the API (api/plugins/problems.ts), extended with its details. */
export const problem = {
  type: 'object',
  required: ['type', 'title', 'status', 'code', 'detail'],
  properties: {
    type: text,
    title: text,
    status: integer,
    code: text,
    detail: text,
  },
  additionalProperties: true,
} as const;
export type Problem = Shape<typeof problem>;

export const errors = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem } as const;

/** An empty answer (204). */
export const noContent = { type: 'null' } as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: uuid } } as const;

export const timeOfDay = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const;
/** A time something ends by: a time of day, or «24:00», the midnight at the end of the day. */
export const endTimeOfDay = { type: 'string', pattern: '^(([01]\\d|2[0-3]):[0-5]\\d|24:00)$' } as const;
