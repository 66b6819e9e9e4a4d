/**
 * What the API process hands the panel's server-side render with each page request: the CSP nonce
 * of the page's own inline scripts and a reader of the JSON API as the signed-in person (the same
 * routes, checks and answers the browser gets, called in-process). The render finds it on Node's
 * request object under a registry symbol, so neither side imports the other.
 */
export const PANEL_RENDER = Symbol.for('zero-crm.panel-render');

export type PanelRender = {
  nonce: string;
  /** The language the person chose in the panel (a cookie), Russian when none. */
  lang: 'ru' | 'en';
  /** GET of an /api/… path as the page's requester; null when the API refuses (the page then reads it in the browser). */
  read: (path: string) => Promise<unknown>;
};

/** The panel's language cookie: the server renders in it, the switch in the header sets it. */
export const LANG_COOKIE = 'zero_lang';
