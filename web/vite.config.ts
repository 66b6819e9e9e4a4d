/**
 * The panel's base Vite config (client build into dist/). adapters/server extends it for the
 * server-side render the API process runs per page request (web/server).
 */
import { qwikCity } from '@builder.io/qwik-city/vite';
import { qwikVite } from '@builder.io/qwik/optimizer';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin, type UserConfig } from 'vite';

/**
 * FullCalendar 6 injects its CSS from module top level, but its packages say `sideEffects: false`,
 * so the bundler would drop the injection: keep the side effects of its modules.
 */
const keepFullCalendarStyles = (): Plugin => ({
  name: 'zero:keep-fullcalendar-styles',
  transform: (code, id) => (id.includes('/@fullcalendar/') ? { code, map: null, moduleSideEffects: true } : null),
});

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig((): UserConfig => ({
  root,
  // Pages render on the server with their first data; the browser reads the rest from the JSON API.
  plugins: [qwikCity({ trailingSlash: false }), qwikVite({ srcDir: `${root}src` }), keepFullCalendarStyles()],
  resolve: { alias: { '~': `${root}src` } },
  build: { emptyOutDir: true, reportCompressedSize: false },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
}));
