import { createWriteStream, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { type AppManifest, AppManifestUtils } from '@microsoft/app-manifest';
import yazl from 'yazl';
import { type Config, ConfigError, loadToolConfig } from '../core/config/config.ts';
import pkg from '../package.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };
import template from './manifest.template.json' with { type: 'json' };
import { readPngHeader } from './png.codec.ts';

/**
 * The Teams app package: the manifest template filled from config, validated offline against the
 * JSON schemas that @microsoft/app-manifest ships, zipped with the localization file and icons.
 * `npm run manifest` (node manifest/build.ts) writes build/appPackage.zip. See docs/manifest.md.
 */

export type TeamsAppManifest = typeof template;
export type Localization = Record<string, unknown>;

/** Used in development when the bot or SSO app is not registered yet; never valid in Teams. */
export const PLACEHOLDER_ID = '00000000-0000-0000-0000-000000000000';

export const DEFAULT_OUT_DIR = fileURLToPath(new URL('../build/', import.meta.url));

const here = dirname(fileURLToPath(import.meta.url));
const ICONS = { 'color.png': join(here, 'color.png'), 'outline.png': join(here, 'outline.png') } as const;
const ICON_SIZES: Record<string, number> = { 'color.png': 192, 'outline.png': 32 };
const LOCALIZATIONS: Record<string, Localization> = { 'en.json': en };

export class ManifestError extends Error {
  readonly problems: string[];
  constructor(message: string, problems: string[]) {
    super(`${message}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ManifestError';
    this.problems = problems;
  }
}

/** What the template's {{placeholders}} are filled with. */
export function manifestInputs(config: Config): Record<string, string> {
  const missing: string[] = [];
  if (!config.bot.appId) missing.push('MICROSOFT_APP_ID (the bot app id) is not set');
  if (!config.sso.clientId) missing.push('SSO_CLIENT_ID (the Entra app id for tab SSO) is not set');
  if (missing.length > 0) throw new ManifestError('Cannot fill the Teams manifest', missing);
  const host = new URL(config.publicUrl).host;
  return {
    // The Teams app id is the bot's app id: one registration per environment, so the dev and
    // production packages never replace each other in a tenant's catalog.
    appId: config.bot.appId!,
    botId: config.bot.appId!,
    version: pkg.version,
    publicUrl: config.publicUrl,
    host,
    ssoClientId: config.sso.clientId!,
    ssoResource: config.sso.appIdUri ?? `api://${host}/${config.sso.clientId}`,
  };
}

function fill(value: unknown, inputs: Record<string, string>, path: string): unknown {
  if (typeof value === 'string') {
    return value.replace(/\{\{(\w+)\}\}/g, (_, name: string) => {
      const v = inputs[name];
      if (v === undefined) throw new Error(`manifest.template.json ${path}: unknown placeholder {{${name}}}`);
      return v;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => fill(v, inputs, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, inputs, `${path}.${k}`)]));
  }
  return value;
}

/** The template with its placeholders filled from config; no I/O. */
export function buildManifest(config: Config): TeamsAppManifest {
  return fill(template, manifestInputs(config), '$') as TeamsAppManifest;
}

// --- offline schema validation --------------------------------------------------------------

const packageRequire = createRequire(createRequire(import.meta.url).resolve('@microsoft/app-manifest'));
const schemaDir = join(dirname(packageRequire.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');
const schemas = new Map<string, object>();

/** Reads a schema shipped in the package (same clean-up of \a and \v escapes as the package does). */
function shippedSchema(manifestVersion: string, file: string): object {
  const path = join(schemaDir, `v${manifestVersion}`, file);
  let schema = schemas.get(path);
  if (!schema) {
    const raw = readFileSync(path, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
    schema = JSON.parse(raw) as object;
    schemas.set(path, schema);
  }
  return schema;
}

/** The schema version to check against: the manifest's own if shipped, else the template's. */
function schemaVersion(manifest: { manifestVersion?: unknown }): string {
  const v = manifest.manifestVersion;
  if (typeof v === 'string' && /^[\w.]+$/.test(v)) {
    try {
      shippedSchema(v, 'MicrosoftTeams.schema.json');
      return v;
    } catch {
      // not shipped: validate against the template's version, which reports the bad value
    }
  }
  return template.manifestVersion;
}

/**
 * Schema errors of a manifest ([] when valid). The schema is read from the package's files and
 * passed in, so AppManifestUtils never falls back to fetching it over the network.
 */
export async function validateManifest(manifest: object): Promise<string[]> {
  const schema = shippedSchema(schemaVersion(manifest), 'MicrosoftTeams.schema.json');
  // biome-ignore lint/suspicious/noExplicitAny: the package types the schema per manifest type
  return AppManifestUtils.validateAgainstSchema(manifest as AppManifest, schema as any);
}

interface Ajv04 {
  compile(schema: object): ((data: unknown) => boolean) & {
    errors?: { instancePath: string; message?: string; params?: object }[] | null;
  };
}

const localizationValidators = new Map<string, ReturnType<Ajv04['compile']>>();

/**
 * Schema errors of a localization file. The package's validateAgainstSchema cannot compile the
 * Localization schema (its patterns have a bare `]`, invalid in the `u` regex mode Ajv uses by
 * default), so this uses the same validator the package uses (ajv-draft-04 + ajv-formats, its
 * own dependencies) with unicodeRegExp off.
 */
export function validateLocalization(
  localization: Localization,
  manifestVersion: string = template.manifestVersion,
): string[] {
  let validate = localizationValidators.get(manifestVersion);
  if (!validate) {
    const AjvDraft04 = packageRequire('ajv-draft-04').default as new (opts: object) => Ajv04;
    const addFormats = packageRequire('ajv-formats').default as (ajv: Ajv04, formats: string[]) => void;
    const ajv = new AjvDraft04({ allErrors: true, strictTypes: false, unicodeRegExp: false });
    addFormats(ajv, ['uri', 'email', 'regex']);
    validate = ajv.compile(shippedSchema(manifestVersion, 'MicrosoftTeams.Localization.schema.json'));
    localizationValidators.set(manifestVersion, validate);
  }
  return errorsOf(validate, localization);
}

function errorsOf(validate: ReturnType<Ajv04['compile']>, data: unknown): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map(
    (e) =>
      `${e.instancePath || '/'} ${e.message ?? ''}${e.params ? `. Details: ${JSON.stringify(e.params)}` : ''}`,
  );
}

/** Reads a dotted/indexed localization key such as `bots[0].commandLists[1].commands[0].title`. */
function lookup(manifest: unknown, key: string): unknown {
  let node: unknown = manifest;
  for (const part of key.match(/[^.[\]]+/g) ?? []) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

export interface AppPackage {
  manifest: TeamsAppManifest;
  localizations: Record<string, Localization>;
  icons: Record<string, Buffer>;
}

/**
 * Everything Teams would reject on upload that we can check offline: the manifest and each
 * localization file against their schemas, localized keys that point at nothing, files the
 * manifest names but the package lacks, and icon sizes.
 */
export async function validatePackage(appPackage: AppPackage): Promise<string[]> {
  const { manifest, localizations, icons } = appPackage;
  const problems = (await validateManifest(manifest)).map((e) => `manifest.json: ${e}`);
  const version = schemaVersion(manifest);
  if (typeof manifest.$schema === 'string' && !manifest.$schema.includes(`/v${version}/`)) {
    problems.push(`manifest.json: $schema ${manifest.$schema} does not match manifestVersion ${version}`);
  }
  const languageFiles = (manifest.localizationInfo?.additionalLanguages ?? []).map((l) => l.file);
  for (const file of languageFiles) {
    const localization = localizations[file];
    if (!localization) {
      problems.push(`${file}: named in localizationInfo but not in the package`);
      continue;
    }
    problems.push(...validateLocalization(localization, version).map((e) => `${file}: ${e}`));
    for (const key of Object.keys(localization)) {
      if (key === '$schema' || key === 'localizationKeys') continue;
      if (typeof lookup(manifest, key) !== 'string')
        problems.push(`${file}: "${key}" has no string in the manifest to translate`);
    }
  }
  for (const [role, file] of Object.entries(manifest.icons ?? {})) {
    const png = icons[file];
    const expected = ICON_SIZES[file];
    if (!png) {
      problems.push(`${file}: the ${role} icon is not in the package`);
      continue;
    }
    try {
      const { width, height } = readPngHeader(png);
      if (expected && (width !== expected || height !== expected))
        problems.push(`${file}: is ${width}×${height}, Teams wants ${expected}×${expected}`);
    } catch (e) {
      problems.push(`${file}: ${(e as Error).message}`);
    }
  }
  return problems;
}

/** The files of the package, as they go into the zip. */
export function assemblePackage(config: Config): AppPackage {
  return {
    manifest: buildManifest(config),
    localizations: LOCALIZATIONS,
    icons: Object.fromEntries(Object.entries(ICONS).map(([name, path]) => [name, readFileSync(path)])),
  };
}

// Fixed timestamps make the zip reproducible: the same inputs give the same bytes.
const ZIP_MTIME = new Date(2026, 0, 1);

/**
 * Validates and writes `<outDir>/appPackage.zip` (manifest.json, en.json, color.png,
 * outline.png at the root, as Teams expects). If the package would be rejected it throws
 * ManifestError, writes nothing and removes an older appPackage.zip from outDir.
 */
export async function writeAppPackage(
  config: Config,
  outDir: string = DEFAULT_OUT_DIR,
): Promise<{ zipPath: string; manifest: TeamsAppManifest }> {
  const zipPath = resolve(outDir, 'appPackage.zip');
  const appPackage = assemblePackage(config);
  const problems = await validatePackage(appPackage);
  if (problems.length > 0) {
    rmSync(zipPath, { force: true }); // an older package left there must not be mistaken for this one
    throw new ManifestError('The Teams app package is invalid', problems);
  }
  const zip = new yazl.ZipFile();
  const add = (name: string, data: Buffer) => zip.addBuffer(data, name, { mtime: ZIP_MTIME, mode: 0o100644 });
  add('manifest.json', Buffer.from(`${JSON.stringify(appPackage.manifest, null, 2)}\n`));
  for (const [name, localization] of Object.entries(appPackage.localizations)) {
    add(name, Buffer.from(`${JSON.stringify(localization, null, 2)}\n`));
  }
  for (const [name, png] of Object.entries(appPackage.icons)) add(name, png);
  zip.end();
  mkdirSync(outDir, { recursive: true });
  const partial = `${zipPath}.partial`;
  await pipeline(zip.outputStream, createWriteStream(partial));
  renameSync(partial, zipPath);
  return { zipPath, manifest: appPackage.manifest };
}

// --- npm run manifest --------------------------------------------------------------------------

/**
 * Loads config for packaging. Outside production a missing SSO setup is not fatal (the script
 * retries in dev auth mode); the ids left empty are filled with PLACEHOLDER_ID and reported.
 */
export function packagingConfig(env?: Record<string, string | undefined>): {
  config: Config;
  warnings: string[];
} {
  const config = loadToolConfig(env);
  if (config.env === 'production') {
    const problems: string[] = [];
    if (!config.bot.appId) problems.push('MICROSOFT_APP_ID is required for the production package');
    if (!config.sso.clientId) problems.push('SSO_CLIENT_ID is required for the production package');
    if (new URL(config.publicUrl).protocol !== 'https:')
      problems.push(`PUBLIC_URL must be https (Teams loads tabs only over https): ${config.publicUrl}`);
    if (problems.length > 0) throw new ManifestError('Cannot build the production package', problems);
    return { config, warnings: [] };
  }
  const warnings: string[] = [];
  const bot = { ...config.bot };
  const sso = { ...config.sso };
  if (!bot.appId) {
    bot.appId = PLACEHOLDER_ID;
    warnings.push(`MICROSOFT_APP_ID is not set: bot id ${PLACEHOLDER_ID}`);
  }
  if (!sso.clientId) {
    sso.clientId = PLACEHOLDER_ID;
    warnings.push(`SSO_CLIENT_ID is not set: webApplicationInfo.id ${PLACEHOLDER_ID}`);
  }
  return { config: { ...config, bot, sso }, warnings };
}

async function main(): Promise<number> {
  try {
    const { config, warnings } = packagingConfig();
    if (warnings.length > 0) {
      console.warn(
        `WARNING: placeholder ids; this package is for local inspection only, Teams will not accept it:\n${warnings.map((w) => `  - ${w}`).join('\n')}`,
      );
    }
    const { zipPath, manifest } = await writeAppPackage(config);
    console.log(
      `Teams app package (manifest v${manifest.manifestVersion}, app version ${manifest.version}, ${config.publicUrl}):`,
    );
    console.log(zipPath);
    return 0;
  } catch (error) {
    if (error instanceof ManifestError || error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (import.meta.main) process.exitCode = await main();
