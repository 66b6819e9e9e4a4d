import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { panelRoutes } from '../../../api/plugins/web.ts';

const builtPanel = (entrySource: string) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'zero-crm-panel-'));
  writeFileSync(path.join(dir, 'q-manifest.json'), '{}');
  const entry = path.join(dir, 'entry.panel.js');
  writeFileSync(entry, entrySource);
  return { dir, entry };
};

describe('The panel on the API port', () => {
  it('keeps the API answering when the panel’s server render cannot be loaded (its packages are gone)', async () => {
    const { dir, entry } = builtPanel("import 'a-package-this-install-does-not-have';\nexport const pages = ['/board'];\n");
    const app = Fastify();
    await panelRoutes(app, { tokens: { verify: async () => null } as never }, dir, entry);
    const start = await app.inject('/');
    expect(start.statusCode).toBe(200);
    expect(start.body).toContain('The panel is not built');
    // No page route was made from a render that never loaded.
    expect((await app.inject('/board')).statusCode).toBe(404);
    await app.close();
  });
});
