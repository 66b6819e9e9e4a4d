import pg from 'pg';

const JSON_OIDS = new Set<number>([pg.types.builtins.JSON, pg.types.builtins.JSONB]);
const parseJson = (value: string): unknown => JSON.parse(value);

/**
 * Type parsers for our own pools: json and jsonb through plain JSON.parse, every other type as pg's
 * process-wide parsers say. Emmett (run by migrate()) installs process-wide a jsonb parser with a
 * reviver that turns long digit strings into BigInt; called on every value of every event row, it
 * costs several times plain parsing (BENCHMARKS.md), and our event store writes with plain
 * JSON.stringify, so plain parsing is its exact inverse. Emmett's own connections keep its parser.
 */
export const plainJsonTypes: pg.CustomTypesConfig = {
  getTypeParser: (oid, format) => {
    if (format !== 'binary' && JSON_OIDS.has(oid)) return parseJson;
    const parser: unknown = pg.types.getTypeParser(oid, format);
    return parser;
  },
};
