import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyTypeProvider,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { FromSchema, JSONSchema } from 'json-schema-to-ts';

/**
 * What a handler may answer for a response schema: the schema's shape, with read-only arrays and
 * objects accepted (the catalogue's and the domain's types are read-only) and enums taken as plain
 * text (read models keep statuses as text). The panel reads the strict shape (contract/ Shape<>).
 */
type Answer<T> = T extends string
  ? string
  : T extends readonly (infer Item)[]
    ? readonly Answer<Item>[]
    : T extends object
      ? { readonly [Key in keyof T]: Answer<T[Key]> }
      : T;

/** Requests are typed by their schema exactly; answers as Answer<> says. */
export interface ContractTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends JSONSchema ? FromSchema<this['schema']> : unknown;
  serializer: this['schema'] extends JSONSchema ? Answer<FromSchema<this['schema']>> : unknown;
}

/**
 * The app as routes see it: request and reply types come from each route's schemas in contract/
 * (json-schema-to-ts), so a route states its shape once and its handler is checked against it.
 */
export type ContractApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ContractTypeProvider
>;
