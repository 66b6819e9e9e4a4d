import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOTICES, noticesOf, openQuestions, productionDependencies, refusedDependencies } from '../../ops/licences.ts';

const root = path.resolve(import.meta.dirname, '../..');
const dependencies = productionDependencies();

describe('Licences', () => {
  it('licenses the program under AGPL-3.0-or-later with the licence’s full text', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { license: string };
    expect(manifest.license).toBe('AGPL-3.0-or-later');
    const text = readFileSync(path.join(root, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^\s+GNU AFFERO GENERAL PUBLIC LICENSE\n\s+Version 3, 19 November 2007\n/);
    expect(text).toContain('13. Remote Network Interaction; Use with the GNU General Public License.');
    expect(text).toContain('END OF TERMS AND CONDITIONS');
  });

  it('has only production dependencies whose licence is compatible with it, apart from the open questions listed', () => {
    expect(dependencies.length).toBeGreaterThan(100);
    expect(refusedDependencies(dependencies).map((one) => `${one.name}@${one.version}: ${one.licence}`)).toEqual([]);
  });

  it('fails a dependency under a licence the AGPL cannot take', () => {
    const sample = { version: '1.0.0', dir: root };
    expect(
      refusedDependencies([
        { ...sample, name: 'a', licence: 'SSPL-1.0' },
        { ...sample, name: 'b', licence: 'BUSL-1.1' },
        { ...sample, name: 'c', licence: 'UNKNOWN' },
        { ...sample, name: 'd', licence: 'MIT' },
      ]).map((one) => one.name),
    ).toEqual(['a', 'b', 'c']);
  });

  it('keeps each open question visible: Emmett states no licence, and the exception goes once it does', () => {
    for (const name of Object.keys(openQuestions)) {
      const installed = dependencies.filter((one) => one.name === name);
      expect(installed.length, `${name} is still a dependency`).toBeGreaterThan(0);
      expect(installed.map((one) => one.licence)).toEqual(installed.map(() => 'UNKNOWN'));
    }
    expect(Object.keys(openQuestions)).toEqual(['@event-driven-io/emmett', '@event-driven-io/emmett-postgresql']);
  });

  it('ships notices that match the installed dependencies (run `npm run licences` after changing them)', () => {
    expect(readFileSync(NOTICES, 'utf8') === noticesOf(dependencies), 'THIRD-PARTY-NOTICES.md is out of date').toBe(true);
  });
});
