import type { FastifyInstance } from 'fastify';
import { HttpProblem } from './problems.ts';

/** Longest URL (path and query) we read; a browser's longest real one here is a few hundred bytes. */
export const MAX_URL_LENGTH = 8192;

// C0 controls and DEL; in JSON string values a line break or a tab is how people write comments.
// Bidirectional embeddings, overrides and isolates too: no one types them, and in a name or a line of
// an order they make printed text read other than it is stored.
const CONTROL_IN_URL = /[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;
// A phone copied from a phone's contacts comes wrapped in bidirectional marks; the phone's own rule
// drops every format character, so there they are harmless and only C0 controls are refused.
const CONTROL_IN_PHONE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const PHONE_KEY = /phone/i;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

const controlCharacter = () =>
  new HttpProblem(400, 'CONTROL_CHARACTER', 'Control characters and broken Unicode are not accepted in a request');
const badUrl = () => new HttpProblem(400, 'BAD_URL', 'The address is not valid percent-encoded UTF-8');

/** Decodes one percent-encoded URL component, or null when it is not valid UTF-8. */
const decoded = (component: string): string | null => {
  try {
    return decodeURIComponent(component);
  } catch {
    return null;
  }
};

/** Why a raw request URL is refused, or null when it is fine. */
export const urlProblem = (url: string): HttpProblem | null => {
  if (url.length > MAX_URL_LENGTH) return new HttpProblem(414, 'URI_TOO_LONG', 'The address is too long');
  const question = url.indexOf('?');
  const path = question === -1 ? url : url.slice(0, question);
  const query = question === -1 ? '' : url.slice(question + 1);
  const parts = [path, ...query.split(/[&=]/).map((part) => part.replaceAll('+', ' '))];
  for (const part of parts) {
    const text = decoded(part);
    if (text === null) return badUrl();
    if (CONTROL_IN_URL.test(text)) return controlCharacter();
  }
  return null;
};

/** True when every string (values and keys) in a parsed JSON body is text a person could have typed. */
export const isCleanJson = (value: unknown, control: RegExp = CONTROL_IN_TEXT): boolean => {
  if (typeof value === 'string') return !control.test(value) && !LONE_SURROGATE.test(value);
  if (Array.isArray(value)) return value.every((item) => isCleanJson(item, control));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).every(
      ([key, item]) =>
        !CONTROL_IN_URL.test(key) &&
        !LONE_SURROGATE.test(key) &&
        isCleanJson(item, PHONE_KEY.test(key) ? CONTROL_IN_PHONE : CONTROL_IN_TEXT),
    );
  }
  return true;
};

const SCRUBBED = new RegExp(`${CONTROL_IN_TEXT.source}|${LONE_SURROGATE.source}`, 'g');

/**
 * A body another service sends us on its users' behalf (a messenger's update): not refused for
 * what a person put in their name or message, which that service would only send again and again.
 * Controls and bidirectional marks are dropped and a broken surrogate pair becomes U+FFFD, in keys
 * and values alike, before anything reads it.
 */
export const scrubbedJson = (value: unknown): unknown => {
  if (typeof value === 'string')
    return value.replace(SCRUBBED, (found) => (found.length === 1 && /[\ud800-\udfff]/.test(found) ? '\ufffd' : ''));
  if (Array.isArray(value)) return value.map(scrubbedJson);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrubbedJson(key) as string, scrubbedJson(item)]));
  }
  return value;
};

/**
 * One guard in front of every route, the public login included: a URL whose path or query holds a
 * control character (or is not valid percent-encoded UTF-8, or is too long) and a JSON body with a
 * NUL, another C0 control or a lone surrogate never reach a handler, so nothing of them reaches
 * PostgreSQL (which refuses NUL in text and lone surrogates in jsonb). Routes that take a file
 * replace the JSON parser in their own scope and check their bytes themselves.
 */
export const registerRequestGuard = (app: FastifyInstance) => {
  app.addHook('onRequest', async (request) => {
    const problem = urlProblem(request.raw.url ?? '/');
    if (problem) throw problem;
    // Bodies are taken as sent: a compressed one would otherwise be read as broken JSON.
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') {
      throw new HttpProblem(415, 'UNSUPPORTED_CONTENT_ENCODING', 'Send the body uncompressed (no Content-Encoding)');
    }
  });
  // A form or text/plain body is what a cross-site form can send without a preflight: JSON routes
  // take JSON only (Fastify's default text/plain parser would hand a string to routes without a body).
  app.removeContentTypeParser('text/plain');
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    void parseJson(request, body as string, (error: Error | null, parsed?: unknown) => {
      if (error) return done(error, undefined);
      return isCleanJson(parsed) ? done(null, parsed) : done(controlCharacter(), undefined);
    });
  });
};
