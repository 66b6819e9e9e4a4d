/**
 * A printable document as blocks of text, rendered either as an inert HTML page
 * (core/compliance/html.ts) or as a PDF (printable-pdf.ts): one content, two forms, so the officer's
 * download and the page in the browser never say different things.
 */
export type Block =
  | { kind: 'heading'; level: 1 | 2; text: string }
  | { kind: 'paragraph'; text: string }
  | { kind: 'definitions'; items: readonly (readonly [string, string])[] }
  | { kind: 'table'; headers: readonly string[]; rows: readonly (readonly string[])[] };

export type Printable = { title: string; blocks: readonly Block[] };

/** A value as a document prints it: text as it is, a dash for nothing, anything else as compact JSON. */
export const printed = (value: unknown): string =>
  value === null || value === undefined ? '—' : typeof value === 'string' ? value : JSON.stringify(value);
