import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The layers (server → bot/tab → contracts/core) are kept by the linter, not by review:
 * `npm run lint` (biome lint, biome.json) must fail on an upward import or an import cycle, and
 * pass on the tree as committed. Each probe is a throw-away file in a folder of its own inside the
 * tree (biome applies a folder's rules by path), removed afterwards.
 */

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const BIOME = join(ROOT, 'node_modules/.bin/biome');
const probes: string[] = [];

function lint(paths: string[]) {
  const run = spawnSync(BIOME, ['lint', '--max-diagnostics=50', ...paths], { cwd: ROOT, encoding: 'utf8' });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

/** Writes files into a new folder under `parent` and returns their paths relative to the root. */
function probe(parent: string, files: Record<string, string>): string[] {
  const dir = join(parent, `.boundary-probe-${process.pid}-${probes.length}`);
  mkdirSync(join(ROOT, dir), { recursive: true });
  probes.push(join(ROOT, dir));
  return Object.entries(files).map(([name, text]) => {
    writeFileSync(join(ROOT, dir, name), text);
    return join(dir, name);
  });
}

afterEach(() => {
  for (const dir of probes.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm run lint keeps the layers', () => {
  it('passes on the tree as committed', () => {
    const { code, out } = lint(['.']);
    expect(out).not.toMatch(/noRestrictedImports|noImportCycles/);
    expect(code).toBe(0);
  });

  it('fails when core/ imports the server (or the bot, or the tab)', () => {
    const files = probe('core/shared', {
      'upward.ts': [
        "import type { AppModule } from '../../../server/module.ts';",
        "import type { BotFeature } from '../../../bot/handlers/bot-feature.ts';",
        "import type { TabRouter } from '../../../tab/api/tab-router.ts';",
        'export type Upward = [AppModule, BotFeature, TabRouter];',
        '',
      ].join('\n'),
    });
    const { code, out } = lint(files);
    expect(code).not.toBe(0);
    expect(out.match(/lint\/style\/noRestrictedImports/g)).toHaveLength(3);
    expect(out).toContain('Wire it in server/modules/');
  });

  it('fails when the bot imports a tab route, and when the tab imports the bot', () => {
    const bot = probe('bot/handlers', {
      'sideways.ts': "export { registerMeRoutes } from '../../../tab/api/me.routes.ts';\n",
    });
    const tab = probe('tab/api', {
      'sideways.ts': "export { helpFeature } from '../../../bot/handlers/help.feature.ts';\n",
    });
    const { code, out } = lint([...bot, ...tab]);
    expect(code).not.toBe(0);
    expect(out.match(/lint\/style\/noRestrictedImports/g)).toHaveLength(2);
  });

  it('lets the bot and the tab share the announcement card through contracts/', () => {
    const tab = probe('tab/api', {
      'shared.ts':
        "export { announcementCardData } from '../../../contracts/announcement-card/announcement.card-data.ts';\n",
    });
    const { code, out } = lint(tab);
    expect(out).not.toContain('noRestrictedImports');
    expect(code).toBe(0);
  });

  it('keeps the tab’s route contracts free of the app: zod only, since the web bundles them', () => {
    const files = probe('contracts/tab-api', {
      'leaky.ts': [
        "import type { Viewer } from '../../../core/access/viewer.ts';",
        "import type { TabRouter } from '../../../tab/api/tab-router.ts';",
        "import { z } from 'zod';",
        'export type Leaky = [Viewer, TabRouter, z.ZodType];',
        '',
      ].join('\n'),
    });
    const { code, out } = lint(files);
    expect(code).not.toBe(0);
    expect(out.match(/lint\/style\/noRestrictedImports/g)).toHaveLength(2);
    expect(out).toContain('contracts/tab-api/');
  });

  it('fails on an import cycle between two files', () => {
    const files = probe('core/shared', {
      'a.ts': "import { b } from './b.ts';\nexport const a = () => b();\n",
      'b.ts': "import { a } from './a.ts';\nexport const b = () => a();\n",
    });
    const { code, out } = lint(files);
    expect(code).not.toBe(0);
    expect(out).toContain('lint/suspicious/noImportCycles');
  });
});
