import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../core/config/config.ts';

/**
 * No Bicep compiler can be installed here (it is a .NET binary), so the templates are linted
 * structurally: what `az bicep build` would reject first (missing modules, unknown or missing
 * module parameters, parameter files that do not cover required parameters) and what a reviewer
 * would (unused parameters, secrets not @secure() or written in plain text, resources without an
 * apiVersion), plus the link to the app: the app settings must form a valid production config.
 */

const INFRA = resolve(dirname(fileURLToPath(import.meta.url)), '../../infra');
const read = (path: string) => readFileSync(path, 'utf8');
// A comment starts a line or follows a space; `//` inside 'postgres://…' strings is not one.
const stripComments = (text: string) =>
  text.replace(/(^|\s)\/\/.*$/gm, '$1').replace(/\/\*[\s\S]*?\*\//g, '');

interface Param {
  name: string;
  type: string;
  hasDefault: boolean;
  secure: boolean;
}

function parseParams(text: string): Param[] {
  const lines = text.split('\n');
  const params: Param[] = [];
  lines.forEach((line, i) => {
    const m = /^param (\w+) (\w+)(\s*=.*)?$/.exec(line.trim());
    if (!m || line.startsWith(' ')) return;
    const decorators: string[] = [];
    for (let j = i - 1; j >= 0; j--) {
      const prev = lines[j]!;
      if (
        prev.trim() === '' ||
        /^(param|var|resource|module|output|targetScope|metadata|using)\b/.test(prev) ||
        prev.startsWith('//')
      )
        break;
      decorators.push(prev);
    }
    params.push({
      name: m[1]!,
      type: m[2]!,
      hasDefault: Boolean(m[3]),
      secure: decorators.some((d) => d.trim() === '@secure()'),
    });
  });
  return params;
}

/** The text between the brace that opens at or after `from` and its matching close. */
function block(text: string, from: number): string {
  const open = text.indexOf('{', from);
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  throw new Error('unbalanced braces');
}

/** Keys at the top level of an object body. */
function topLevelKeys(body: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  for (const line of body.split('\n')) {
    const m = /^\s*'?([\w-]+)'?\s*:/.exec(line);
    if (m && depth === 0) keys.push(m[1]!);
    for (const ch of line) {
      if (ch === '{' || ch === '[') depth++;
      else if (ch === '}' || ch === ']') depth--;
    }
  }
  return keys;
}

interface ModuleCall {
  symbol: string;
  path: string;
  params: string[];
}

function parseModules(text: string, fileDir: string): ModuleCall[] {
  const calls: ModuleCall[] = [];
  const re = /^module (\w+) '([^']+)' = /gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = block(text, m.index);
    const paramsAt = /^\s{2}params:\s*\{/m.exec(body);
    calls.push({
      symbol: m[1]!,
      path: join(fileDir, m[2]!),
      params: paramsAt ? topLevelKeys(block(body, paramsAt.index)) : [],
    });
  }
  return calls;
}

const bicepFiles = [
  join(INFRA, 'main.bicep'),
  ...readdirSync(join(INFRA, 'modules'))
    .filter((f) => f.endsWith('.bicep'))
    .map((f) => join(INFRA, 'modules', f)),
];
const paramFiles = readdirSync(join(INFRA, 'parameters'))
  .filter((f) => f.endsWith('.bicepparam'))
  .map((f) => join(INFRA, 'parameters', f));
const main = stripComments(read(join(INFRA, 'main.bicep')));
const mainParams = parseParams(main);
const SECRET_NAME = /password|secret|connectionstring|apikey/i;

describe('infra: Bicep templates, linted structurally', () => {
  it('has the resources the deployment needs', () => {
    const all = bicepFiles.map((f) => read(f)).join('\n');
    for (const type of [
      'Microsoft.Web/serverfarms',
      'Microsoft.Web/sites',
      'Microsoft.BotService/botServices',
      'Microsoft.BotService/botServices/channels',
      'Microsoft.DBforPostgreSQL/flexibleServers',
      'Microsoft.KeyVault/vaults',
      'Microsoft.Insights/components',
      'Microsoft.OperationalInsights/workspaces',
      'Microsoft.Network/virtualNetworks',
      'Microsoft.Network/privateDnsZones',
    ])
      expect(all, type).toContain(`'${type}@`);
    expect(all).toContain("linuxFxVersion: 'NODE|24-lts'");
    expect(all).toContain("channelName: 'MsTeamsChannel'");
    expect(all).toMatch(/delegatedSubnetResourceId/);
    expect(all).toMatch(/publicNetworkAccess: 'Disabled'/);
  });

  it('gives every resource an apiVersion', () => {
    for (const file of bicepFiles) {
      const text = stripComments(read(file));
      const resources = [...text.matchAll(/^resource \w+ '([^']+)'/gm)].map((m) => m[1]!);
      for (const type of resources)
        expect(type, `${file}: ${type}`).toMatch(/^[\w.]+\/[\w./]+@\d{4}-\d{2}-\d{2}(-preview)?$/);
    }
  });

  it('references only modules that exist, with parameters they declare, passing all required ones', () => {
    for (const file of bicepFiles) {
      for (const call of parseModules(stripComments(read(file)), dirname(file))) {
        expect(existsSync(call.path), `${file}: module ${call.symbol} → ${call.path}`).toBe(true);
        const declared = parseParams(stripComments(read(call.path)));
        const names = new Set(declared.map((p) => p.name));
        for (const passed of call.params)
          expect(names.has(passed), `${call.symbol} passes unknown param ${passed}`).toBe(true);
        for (const p of declared.filter((d) => !d.hasDefault))
          expect(call.params, `${call.symbol} misses required param ${p.name}`).toContain(p.name);
      }
    }
  });

  it('uses every parameter it declares', () => {
    for (const file of bicepFiles) {
      const text = stripComments(read(file));
      for (const p of parseParams(text)) {
        const uses = text.match(new RegExp(`\\b${p.name}\\b`, 'g'))?.length ?? 0;
        expect(uses, `${file}: param ${p.name} is never used`).toBeGreaterThan(1);
      }
    }
  });

  it('marks every secret parameter @secure() and never outputs one', () => {
    for (const file of bicepFiles) {
      const text = stripComments(read(file));
      const params = parseParams(text);
      for (const p of params.filter(
        (x) => SECRET_NAME.test(x.name) && x.type === 'string' && !/Name$/.test(x.name),
      ))
        expect(p.secure, `${file}: ${p.name} must be @secure()`).toBe(true);
      const outputs = [...text.matchAll(/^output \w+ \w+ = (.+)$/gm)].map((m) => m[1]!);
      for (const p of params.filter((x) => x.secure))
        for (const o of outputs)
          expect(new RegExp(`\\b${p.name}\\b`).test(o), `${file}: output uses secret ${p.name}`).toBe(false);
    }
  });

  describe.each(paramFiles)('%s', (file) => {
    const text = stripComments(read(file));
    const assigned = new Map([...text.matchAll(/^param (\w+) = (.+)$/gm)].map((m) => [m[1]!, m[2]!.trim()]));

    it('points at main.bicep and covers every required parameter', () => {
      expect(text).toMatch(/^using '\.\.\/main\.bicep'/m);
      for (const p of mainParams.filter((x) => !x.hasDefault))
        expect([...assigned.keys()], `missing ${p.name}`).toContain(p.name);
    });

    it('assigns only declared parameters, and secrets only from the environment', () => {
      const declared = new Map(mainParams.map((p) => [p.name, p]));
      for (const [name, value] of assigned) {
        expect(declared.has(name), `unknown param ${name}`).toBe(true);
        if (declared.get(name)!.secure)
          expect(value, `${name} must come from readEnvironmentVariable`).toMatch(
            /^readEnvironmentVariable\(/,
          );
      }
    });
  });

  describe('app settings ↔ core/config/config.ts', () => {
    const settingsBody = block(main, main.indexOf('settings: {'));
    const settings = topLevelKeys(settingsBody);
    const PLATFORM = new Set([
      'APPLICATIONINSIGHTS_CONNECTION_STRING',
      'ApplicationInsightsAgent_EXTENSION_VERSION',
      'SCM_DO_BUILD_DURING_DEPLOYMENT',
    ]);

    it('sets only names the app reads (or the platform does)', () => {
      const configText = read(resolve(INFRA, '../core/config/config.ts'));
      const schema = configText.slice(
        configText.indexOf('const envSchema'),
        configText.indexOf('.superRefine'),
      );
      const known = new Set([...schema.matchAll(/^\s{4}([A-Z][A-Z0-9_]+):/gm)].map((m) => m[1]!));
      expect(settings.length).toBeGreaterThan(10);
      for (const name of settings)
        expect(known.has(name) || PLATFORM.has(name), `unknown app setting ${name}`).toBe(true);
    });

    it('puts secrets in Key Vault references only', () => {
      for (const name of ['DATABASE_URL', 'MICROSOFT_APP_PASSWORD', 'SSO_CLIENT_SECRET'])
        expect(settingsBody).toMatch(new RegExp(`${name}: keyVaultRef\\.\\w+`));
    });

    it('forms a valid production configuration once the references resolve', () => {
      const env: Record<string, string> = {};
      for (const name of settings) env[name] = 'placeholder';
      Object.assign(env, {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://app-kinmu-prod-abc123.azurewebsites.net',
        TZ: 'Asia/Tokyo',
        LOG_LEVEL: 'info',
        AUTH_MODE: 'teams',
        DATABASE_URL:
          'postgres://kinmu_admin:pw@psql.private.postgres.database.azure.com:5432/kinmu?sslmode=verify-full',
        MICROSOFT_APP_TYPE: 'SingleTenant',
        MIN_GROUP_SIZE: '5',
        BOT_RATE_PER_SECOND: '50',
        GRAPH_SYNC_ENABLED: 'true',
        GRAPH_SYNC_CRON: '30 5 * * *',
        TEAMS_APP_CATALOG_ID: '5f2d1a3c-7b44-4e0a-9c1e-2a6b8d9e0f11',
      });
      const config = loadConfig(env);
      expect(config.env).toBe('production');
      expect(config.graph.syncEnabled).toBe(true);
    });

    it('starts the same entry point as `npm run serve`', () => {
      const pkg = JSON.parse(read(resolve(INFRA, '../package.json'))) as {
        scripts: Record<string, string>;
        engines: { node: string };
      };
      const startup = /var startupCommand = '([^']+)'/.exec(main)?.[1];
      expect(startup).toBe(pkg.scripts.serve);
      expect(pkg.engines.node).toContain('24');
    });
  });
});
