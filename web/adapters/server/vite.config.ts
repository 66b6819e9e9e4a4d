import { extendConfig } from '@builder.io/qwik-city/vite';
import { fileURLToPath } from 'node:url';
import baseConfig from '../../vite.config.ts';

/**
 * Server build (web/server): the Qwik City router the API process mounts on its own port. Each page
 * renders per request with its first data, read server-side through the API's own routes.
 */
export default extendConfig(baseConfig, () => ({
  build: { ssr: true, rollupOptions: { input: [fileURLToPath(new URL('../../src/entry.panel.tsx', import.meta.url))] } },
}));
