import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// The licences of the production dependencies, for an AGPL-3.0-or-later program:
// `npm run licences` checks them against the list below and writes THIRD-PARTY-NOTICES.md with each
// package's licence text (what MIT, BSD and Apache-2.0 ask to travel with copies); the test suite
// fails when a dependency's licence is not on the list or the notices are out of date.
// Production = every package of package-lock.json not marked dev that is installed here (other
// platforms' optional binaries are not).

/** Licences whose code may be combined with AGPL-3.0-or-later code (FSF and Apache's own lists). */
export const allowedLicences = new Set([
  'MIT',
  'MIT-0',
  'ISC',
  '0BSD',
  'BSD-2-Clause',
  'BSD-3-Clause',
  'Apache-2.0',
  'Zlib',
  'Unlicense',
  'CC0-1.0',
  'BlueOak-1.0.0',
  'Python-2.0',
  'PostgreSQL',
  'MPL-2.0',
  'LGPL-3.0-or-later',
  'GPL-3.0-or-later',
  'AGPL-3.0-or-later',
  '(MIT OR GPL-3.0-or-later)',
  '(MIT AND Zlib)',
  '(MIT OR Apache-2.0)',
  '(MIT OR CC0-1.0)',
  '(BSD-2-Clause OR MIT OR Apache-2.0)',
  // The PDF documents' font: the package's code is MIT, the font files OFL-1.1, which allows
  // bundling and embedding a font with any software as long as the font is not sold on its own.
  'MIT AND OFL-1.1',
]);

/** Packages whose package.json states no licence, with the one their own repository states, and where. */
export const corrections: Record<string, { licence: string; source: string }> = {
  '@event-driven-io/pongo': {
    licence: 'Apache-2.0',
    source: 'LICENSE of github.com/event-driven-io/Pongo since commit 7a667a5 (2025-03-09)',
  },
  '@event-driven-io/dumbo': { licence: 'Apache-2.0', source: 'same repository as @event-driven-io/pongo' },
  buffers: { licence: 'MIT', source: 'README: "MIT/X11"' },
  chainsaw: { licence: 'MIT', source: 'package.json "MIT/X11"' },
  'png-js': { licence: 'MIT', source: "the package's LICENSE file (MIT License, Devon Govett), used by pdfkit" },
};

/**
 * Known exceptions, NOT cleared: kept here so that the check fails on anything new while these
 * stay visible. Emmett publishes no licence at all (no LICENSE file, no "license" field; its README
 * says the licence is still to be decided, "probably AGPLv3 and/or SSPL"). Without a licence the
 * default is all rights reserved, so whether this program may be distributed under the AGPL with
 * Emmett inside is an open question for its author; see LICENSING.md.
 */
export const openQuestions: Record<string, string> = {
  '@event-driven-io/emmett': 'no licence published by its author (open question, see LICENSING.md)',
  '@event-driven-io/emmett-postgresql': 'no licence published by its author (open question, see LICENSING.md)',
};

export type Dependency = { name: string; version: string; licence: string; dir: string };

const root = path.resolve(import.meta.dirname, '..');

const licenceOf = (manifest: { license?: unknown; licenses?: unknown }): string => {
  if (typeof manifest.license === 'string') return manifest.license;
  if (manifest.license && typeof manifest.license === 'object' && 'type' in manifest.license)
    return String(manifest.license.type);
  if (Array.isArray(manifest.licenses)) {
    return `(${manifest.licenses.map((one: { type?: string }) => one.type ?? 'UNKNOWN').join(' OR ')})`;
  }
  return 'UNKNOWN';
};

/** The installed production dependencies, sorted by name and version. */
export const productionDependencies = (base = root): Dependency[] => {
  const lock = JSON.parse(readFileSync(path.join(base, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean; version?: string }>;
  };
  const found = new Map<string, Dependency>();
  for (const [where, entry] of Object.entries(lock.packages)) {
    if (where === '' || entry.dev) continue;
    const dir = path.join(base, where);
    if (!existsSync(path.join(dir, 'package.json'))) continue;
    const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as {
      name?: string;
      version?: string;
      license?: unknown;
    };
    const name = manifest.name ?? where.slice(where.lastIndexOf('node_modules/') + 13);
    const version = manifest.version ?? entry.version ?? '';
    const licence = corrections[name]?.licence ?? licenceOf(manifest);
    found.set(`${name}@${version}`, { name, version, licence, dir });
  }
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
};

/** Dependencies whose licence is neither allowed nor a listed open question. */
export const refusedDependencies = (dependencies: Dependency[]) =>
  dependencies.filter((one) => !allowedLicences.has(one.licence) && !(one.name in openQuestions));

const LICENCE_FILE = /^(licen[cs]e|copying|notice)(\.|-|$)/i;

const licenceText = (dir: string): string => {
  const files = readdirSync(dir)
    .filter((file) => LICENCE_FILE.test(file))
    .sort();
  return files.map((file) => readFileSync(path.join(dir, file), 'utf8').trim()).join('\n\n');
};

/** THIRD-PARTY-NOTICES.md: each production dependency, its licence and the licence text it ships. */
export const noticesOf = (dependencies: Dependency[]): string => {
  const lines = [
    '# Third-party notices',
    '',
    'Zero-CRM is licensed under AGPL-3.0-or-later (LICENSE). It runs with the packages below, each',
    'under its own licence; their licence texts follow as each package ships them. Generated by',
    '`npm run licences` from the installed production dependencies; do not edit by hand.',
    '',
  ];
  for (const one of dependencies) {
    const question = openQuestions[one.name];
    const correction = corrections[one.name];
    lines.push(`## ${one.name} ${one.version}`, '');
    lines.push(
      `Licence: ${question ? `none stated — ${question}` : one.licence}${correction ? ` (from ${correction.source})` : ''}`,
      '',
    );
    const text = licenceText(one.dir);
    if (text) lines.push('```', text.replace(/```/g, "'''"), '```', '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
};

export const NOTICES = path.join(root, 'THIRD-PARTY-NOTICES.md');

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const dependencies = productionDependencies();
  const refused = refusedDependencies(dependencies);
  writeFileSync(NOTICES, noticesOf(dependencies));
  console.log(`${dependencies.length} production dependencies; notices written to THIRD-PARTY-NOTICES.md`);
  for (const [name, why] of Object.entries(openQuestions)) console.log(`  open question: ${name}: ${why}`);
  for (const one of refused) console.log(`  NOT ALLOWED: ${one.name} ${one.version}: ${one.licence}`);
  process.exit(refused.length > 0 ? 1 : 0);
}
