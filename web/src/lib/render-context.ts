import type { RequestEventBase } from '@builder.io/qwik-city';
import { PANEL_RENDER, type PanelRender } from '../../../contract/panel-render.ts';

/**
 * How a page's first data is read: `readForRender` on the server (null when refused), the browser's
 * `api` (which throws instead); one read function per page serves both.
 */
export type ApiRead = <T>(path: string) => Promise<T | null>;

/** What the API process passed with this page request; null under Vite's dev server. */
export const panelRender = (event: Pick<RequestEventBase, 'platform'>): PanelRender | null => {
  const request = (event.platform as { incomingMessage?: Record<symbol, unknown> } | undefined)?.incomingMessage;
  return (request?.[PANEL_RENDER] as PanelRender | undefined) ?? null;
};

/**
 * An API answer for a page's first render, read server-side as the signed-in person; null when there
 * is none (no render context, or the API refused), and the page reads it in the browser as before.
 */
export const readForRender = async <T>(event: Pick<RequestEventBase, 'platform'>, path: string): Promise<T | null> => {
  const render = panelRender(event);
  return render ? ((await render.read(path)) as T | null) : null;
};
