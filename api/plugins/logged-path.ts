/** A route parameter that is not an id (`:plate`): its value may be personal data. */
const NAMED_PARAMETER = /:(?!\w*(?:id|Id)\b)\w+/;

/**
 * What the log keeps of a request's address: the path without its query (searched names and
 * phones), or the route's pattern when a parameter of it is no id (a car's plate names its owner).
 */
export const loggedPath = (url: string, pattern: string | undefined): string =>
  pattern && NAMED_PARAMETER.test(pattern) ? pattern : (url.split('?')[0] ?? url);
