import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { AppManifestUtils } from '@microsoft/app-manifest';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { type Config, loadConfig } from '../core/config/config.ts';
import {
  type AppPackage,
  assemblePackage,
  buildManifest,
  ManifestError,
  PLACEHOLDER_ID,
  packagingConfig,
  validateLocalization,
  validateManifest,
  validatePackage,
  writeAppPackage,
} from './build.ts';
import en from './en.json' with { type: 'json' };
import { decodePng, readPngHeader } from './png.codec.ts';

const BOT_ID = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
const SSO_CLIENT_ID = '6ba7b810-9dad-41d1-80b4-00c04fd430c8';
const TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

function configFor(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    PUBLIC_URL: 'https://kinmu.example.go.jp',
    MICROSOFT_APP_ID: BOT_ID,
    MICROSOFT_APP_TENANT_ID: TENANT_ID,
    SSO_CLIENT_ID,
    SSO_TENANT_ID: TENANT_ID,
    ...env,
  });
}

/** Reads a zip's entries through its central directory (stored or deflated entries). */
function readZip(zip: Buffer): Map<string, Buffer> {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const method = zip.readUInt16LE(at + 10);
    const compressedSize = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const localHeader = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart =
      localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    entries.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const outDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kinmu-manifest-'));
  outDirs.push(dir);
  return dir;
}
afterEach(() => {
  vi.restoreAllMocks();
});
afterAll(() => {
  for (const dir of outDirs) rmSync(dir, { recursive: true, force: true });
});

describe('the filled manifest', () => {
  it('validates against the shipped Teams schema, offline', async () => {
    const fetchSchema = vi.spyOn(AppManifestUtils, 'fetchSchema');
    expect(await validateManifest(buildManifest(configFor()))).toEqual([]);
    expect(await validatePackage(assemblePackage(configFor()))).toEqual([]);
    expect(fetchSchema).not.toHaveBeenCalled();
  });

  it('takes ids and URLs from config', () => {
    const m = buildManifest(configFor());
    expect(m.id).toBe(BOT_ID);
    expect(m.bots[0]!.botId).toBe(BOT_ID);
    expect(m.bots[0]!.scopes).toEqual(['personal', 'team']);
    expect(m.webApplicationInfo).toEqual({
      id: SSO_CLIENT_ID,
      resource: `api://kinmu.example.go.jp/${SSO_CLIENT_ID}`,
    });
    expect(m.validDomains).toEqual(['kinmu.example.go.jp']);
    // Read receipts in 1:1 chats (reminders of cards without an acknowledge button).
    expect(m.authorization?.permissions?.resourceSpecific).toEqual([
      { name: 'ChatMessageReadReceipt.Read.Chat', type: 'Application' },
    ]);
    expect(m.developer.privacyUrl).toBe('https://kinmu.example.go.jp/privacy');
    expect(m.developer.termsOfUseUrl).toBe('https://kinmu.example.go.jp/terms');
    const tabs = Object.fromEntries(m.staticTabs.map((t) => [t.entityId, t]));
    expect(tabs.me!.contentUrl).toBe('https://kinmu.example.go.jp/tab/?view=me');
    expect(tabs.dashboard!.contentUrl).toBe('https://kinmu.example.go.jp/tab/?view=dashboard');
    expect(m.configurableTabs[0]!.configurationUrl).toBe('https://kinmu.example.go.jp/tab/config.html');
    expect(JSON.stringify(m)).not.toContain('{{');
  });

  it('uses the configured App ID URI when there is one, and the port of a local URL', () => {
    const m = buildManifest(configFor({ SSO_APP_ID_URI: `api://kinmu.example.go.jp/botid-${BOT_ID}` }));
    expect(m.webApplicationInfo.resource).toBe(`api://kinmu.example.go.jp/botid-${BOT_ID}`);
    expect(buildManifest(configFor({ PUBLIC_URL: 'http://localhost:3978' })).validDomains).toEqual([
      'localhost:3978',
    ]);
  });

  it('lists the six commands in Japanese, and in English in en.json', () => {
    const m = buildManifest(configFor());
    const personal = m.bots[0]!.commandLists.find((l) => l.scopes.includes('personal'))!;
    expect(personal.commands.map((c) => c.title)).toEqual(['ヘルプ', '残業', '休暇', '計画', '育児', '設定']);
    const i = m.bots[0]!.commandLists.indexOf(personal);
    const english = personal.commands.map(
      (_, j) => (en as Record<string, string>)[`bots[0].commandLists[${i}].commands[${j}].title`],
    );
    expect(english).toEqual(['help', 'overtime', 'leave', 'plan', 'childcare', 'settings']);
    expect(m.localizationInfo.defaultLanguageTag).toBe('ja');
  });

  it('refuses to fill the template without the bot and SSO ids', () => {
    const config = configFor();
    expect(() => buildManifest({ ...config, bot: { ...config.bot, appId: undefined } })).toThrow(
      /MICROSOFT_APP_ID/,
    );
    expect(() => buildManifest({ ...config, sso: { ...config.sso, clientId: undefined } })).toThrow(
      /SSO_CLIENT_ID/,
    );
  });
});

describe('validation catches broken packages', () => {
  it('reports a bot id that is not a GUID', async () => {
    const m = buildManifest(configFor());
    m.bots[0]!.botId = 'kinmu-bot';
    const errors = await validateManifest(m);
    expect(errors.some((e) => e.startsWith('/bots/0/botId'))).toBe(true);
  });

  it('reports a missing required field and an unknown one', async () => {
    const { developer: _, ...withoutDeveloper } = buildManifest(configFor());
    expect((await validateManifest(withoutDeveloper)).join('\n')).toMatch(/required property 'developer'/);
    const extra = { ...buildManifest(configFor()), colour: 'navy' };
    expect((await validateManifest(extra)).join('\n')).toMatch(/additional properties/);
  });

  it('reports a manifestVersion with no schema against the template version', async () => {
    const m = { ...buildManifest(configFor()), manifestVersion: '9.99' };
    expect((await validateManifest(m)).join('\n')).toMatch(/manifestVersion/);
  });

  it('checks the localization file and its keys', async () => {
    expect(validateLocalization(en)).toEqual([]);
    const { 'description.short': _, ...incomplete } = en;
    expect(validateLocalization(incomplete).join('\n')).toMatch(/description.short/);
    const base = assemblePackage(configFor());
    const stray: AppPackage = {
      ...base,
      localizations: { 'en.json': { ...en, 'staticTabs[9].name': 'Nowhere' } },
    };
    expect((await validatePackage(stray)).join('\n')).toMatch(/staticTabs\[9\]\.name/);
  });

  it('checks icon sizes and presence', async () => {
    const base = assemblePackage(configFor());
    const swapped: AppPackage = {
      ...base,
      icons: { 'color.png': base.icons['outline.png']!, 'outline.png': base.icons['color.png']! },
    };
    const problems = await validatePackage(swapped);
    expect(problems).toContain('color.png: is 32×32, Teams wants 192×192');
    expect(problems).toContain('outline.png: is 192×192, Teams wants 32×32');
    const missing: AppPackage = { ...base, icons: { 'color.png': base.icons['color.png']! } };
    expect((await validatePackage(missing)).join('\n')).toMatch(/outline\.png/);
  });
});

describe('appPackage.zip', () => {
  it('holds the manifest, en.json and both icons at its root', async () => {
    const config = configFor();
    const { zipPath, manifest } = await writeAppPackage(config, tempDir());
    const entries = readZip(readFileSync(zipPath));
    expect([...entries.keys()].sort()).toEqual(['color.png', 'en.json', 'manifest.json', 'outline.png']);
    expect(manifest).toEqual(buildManifest(config));
    expect(JSON.parse(entries.get('manifest.json')!.toString('utf8'))).toEqual(buildManifest(config));
    expect(JSON.parse(entries.get('en.json')!.toString('utf8'))).toEqual(en);
    expect(entries.get('color.png')!.equals(readFileSync(new URL('./color.png', import.meta.url)))).toBe(
      true,
    );
    expect(entries.get('outline.png')!.equals(readFileSync(new URL('./outline.png', import.meta.url)))).toBe(
      true,
    );
  });

  it('is not written for an invalid manifest, and an older one is removed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'appPackage.zip'), 'stale');
    const config = configFor({ MICROSOFT_APP_ID: 'not-a-guid' });
    const failure = await writeAppPackage(config, dir).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ManifestError);
    expect((failure as ManifestError).problems.join('\n')).toMatch(/botId/);
    expect(existsSync(join(dir, 'appPackage.zip'))).toBe(false);
  });
});

describe('packaging config (npm run manifest)', () => {
  it('fills placeholder ids in development, with warnings', async () => {
    const { config, warnings } = packagingConfig({ NODE_ENV: 'development' });
    expect(config.bot.appId).toBe(PLACEHOLDER_ID);
    expect(config.sso.clientId).toBe(PLACEHOLDER_ID);
    expect(warnings).toHaveLength(2);
    expect(await validateManifest(buildManifest(config))).toEqual([]);
  });

  it('uses real ids when they are set, without warnings', () => {
    const { config, warnings } = packagingConfig({
      NODE_ENV: 'development',
      MICROSOFT_APP_ID: BOT_ID,
      MICROSOFT_APP_TENANT_ID: TENANT_ID,
    });
    expect(config.bot.appId).toBe(BOT_ID);
    expect(warnings).toEqual([
      'SSO_CLIENT_ID is not set: webApplicationInfo.id 00000000-0000-0000-0000-000000000000',
    ]);
  });

  it('refuses missing ids and http in production', () => {
    expect(() => packagingConfig({ NODE_ENV: 'production' })).toThrow(/MICROSOFT_APP_ID/);
    const production = {
      NODE_ENV: 'production',
      PUBLIC_URL: 'http://kinmu.example.go.jp',
      DATABASE_URL: 'postgres://db/kinmu',
      MICROSOFT_APP_ID: BOT_ID,
      MICROSOFT_APP_PASSWORD: 'secret',
      MICROSOFT_APP_TENANT_ID: TENANT_ID,
      SSO_CLIENT_ID,
      SSO_TENANT_ID: TENANT_ID,
    };
    expect(() => packagingConfig(production)).toThrow(/https/);
    expect(packagingConfig({ ...production, PUBLIC_URL: 'https://kinmu.example.go.jp' }).warnings).toEqual(
      [],
    );
  });
});

describe('icons', () => {
  it('have the sizes Teams requires', () => {
    const color = readPngHeader(readFileSync(new URL('./color.png', import.meta.url)));
    const outline = readPngHeader(readFileSync(new URL('./outline.png', import.meta.url)));
    expect([color.width, color.height]).toEqual([192, 192]);
    expect([outline.width, outline.height]).toEqual([32, 32]);
  });

  it('outline is white on transparent; color is opaque', () => {
    const outline = decodePng(readFileSync(new URL('./outline.png', import.meta.url)));
    const alphas = new Set<number>();
    let notWhite = 0;
    for (let i = 0; i < outline.data.length; i += 4) {
      if (outline.data[i] !== 255 || outline.data[i + 1] !== 255 || outline.data[i + 2] !== 255) notWhite++;
      alphas.add(outline.data[i + 3]!);
    }
    expect(notWhite).toBe(0);
    expect(alphas.has(0)).toBe(true);
    expect(alphas.has(255)).toBe(true);
    expect(outline.data[3]).toBe(0); // top-left corner is transparent
    const color = decodePng(readFileSync(new URL('./color.png', import.meta.url)));
    let notOpaque = 0;
    for (let i = 3; i < color.data.length; i += 4) if (color.data[i] !== 255) notOpaque++;
    expect(notOpaque).toBe(0);
    expect([...color.data.subarray(0, 3)]).toEqual([0x1f, 0x3a, 0x93]); // navy background
  });
});
