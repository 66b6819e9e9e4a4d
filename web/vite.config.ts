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

/**
 * Qwik 1.20's diff loses a bound text once its component re-renders: a re-render clears every
 * subscription the component holds, and the diff subscribes a text bound to a store (`{t.card.call}`
 * inside an element that also shows data) again only when it creates one. Such a text then keeps its
 * words when the language changes: a client list re-drawn by a search kept «Позвонить» in English.
 *
 * The mend: the diff treats a kept bound text as it treats a text (`"#text" === tag`), which tracks
 * the signal again and writes the text. The browser takes the minified runtime (core.min.mjs, whose
 * names are not stable), so the pattern reads the names from the text branch itself; the build stops
 * if the runtime no longer has it (a Qwik that fixed it, or changed the diff).
 */
const KEPT_SIGNAL_TEXT = /"#text"===(\w+)\)\{([^{}]*\[4,\w+\.\w+,\w+,(\w+)\][^{}]*)\}if\("#signal"===\1\)return;/;
const TRACKED_AS_TEXT = '("#text"===$1||"#signal"===$1&&3===$3.nodeType)){$2}if("#signal"===$1)return;';
const subscribeKeptSignalTexts = (): Plugin => ({
  name: 'zero:subscribe-kept-signal-texts',
  transform(code, id) {
    if (!id.split('?')[0]!.endsWith('/@builder.io/qwik/dist/core.min.mjs')) return null;
    if (!KEPT_SIGNAL_TEXT.test(code))
      this.error('Qwik’s diff changed: check whether kept bound texts still lose their subscription');
    return { code: code.replace(KEPT_SIGNAL_TEXT, TRACKED_AS_TEXT), map: null };
  },
});

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig((): UserConfig => ({
  root,
  // Pages render on the server with their first data; the browser reads the rest from the JSON API.
  plugins: [
    qwikCity({ trailingSlash: false }),
    qwikVite({ srcDir: `${root}src` }),
    keepFullCalendarStyles(),
    subscribeKeptSignalTexts(),
  ],
  resolve: { alias: { '~': `${root}src` } },
  build: { emptyOutDir: true, reportCompressedSize: false },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:3000', ws: true } } },
}));
