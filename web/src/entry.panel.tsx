/**
 * The panel's server entry (web/server/entry.panel.js): Qwik City's router for Node requests, which
 * the API process mounts behind its session check (api/plugins/web.ts). Every page renders per
 * request; pages with a routeLoader$ render their first data, which the browser resumes.
 */
import { createQwikCity } from '@builder.io/qwik-city/middleware/node';
import qwikCityPlan from '@qwik-city-plan';
import { manifest } from '@qwik-client-manifest';
import render from './entry.ssr';

export const { router } = createQwikCity({ render, qwikCityPlan, manifest });

/** Every page's path without a trailing slash ("/", "/board", "/import/appointments"). */
export const pages: string[] = qwikCityPlan.routes.map(
  (route: readonly unknown[]) => `/${String(route[0]).replace(/^\/|\/$/g, '')}`,
);
