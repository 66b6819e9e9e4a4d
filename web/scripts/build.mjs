// Builds the panel (Qwik City) into web/dist (browser code) and web/server (its server-side render).
//   node web/scripts/build.mjs            build now
//   node web/scripts/build.mjs --if-stale build only when web/ or the lock file changed since the last build
// The inputs' hash is kept in web/dist/.build-stamp. Text assets get .gz and .br twins that the
// server sends to browsers that accept them.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const web = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.dirname(web);
const dist = path.join(web, 'dist');
const stampFile = path.join(dist, '.build-stamp');
const ifStale = process.argv.includes('--if-stale');
const skipped = new Set(['dist', 'server', 'node_modules', 'tmp', '.vite']);

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return skipped.has(entry.name) ? [] : walk(full);
    return entry.isFile() ? [full] : [];
  });

const inputsHash = () => {
  const hash = createHash('sha256');
  for (const file of [...walk(web), path.join(root, 'package-lock.json')].sort()) {
    if (!existsSync(file)) continue;
    hash.update(path.relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
};

const wanted = inputsHash();
if (
  ifStale &&
  existsSync(path.join(web, 'server', 'entry.panel.js')) &&
  existsSync(stampFile) &&
  readFileSync(stampFile, 'utf8').trim() === wanted
) {
  console.log('Panel is up to date (web/dist).');
  process.exit(0);
}

// The panel is built for production whoever asks: under vitest's NODE_ENV=test, Qwik's build made a
// panel whose download links lost their address when the reports' filter changed.
process.env.NODE_ENV = 'production';
let vite;
try {
  vite = await import('vite');
} catch {
  const message = 'The panel cannot be built: its build tools are not installed (run `npm install` with dev dependencies).';
  if (ifStale) {
    console.warn(`${message} The API starts without the panel.`);
    process.exit(0);
  }
  console.error(message);
  process.exit(1);
}

const started = Date.now();
console.log('Building the panel (web/ → web/dist) …');
await vite.build({ configFile: path.join(web, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
await vite.build({ configFile: path.join(web, 'adapters/server/vite.config.ts'), logLevel: 'warn', mode: 'production' });

let compressed = 0;
for (const file of walk(dist)) {
  if (!/\.(js|mjs|css|html|json|svg|txt|xml)$/.test(file) || statSync(file).size < 512) continue;
  const body = readFileSync(file);
  writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
  writeFileSync(`${file}.br`, brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
  compressed++;
}
writeFileSync(stampFile, `${wanted}\n`);
console.log(`Panel built in ${((Date.now() - started) / 1000).toFixed(1)} s (${compressed} files precompressed).`);
