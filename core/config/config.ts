import { z } from 'zod';

/**
 * The one place that reads the environment. Every setting is validated once at start;
 * a bad value stops the process with one line per problem.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalUrl = z.url().optional();
const emptyToUndefined = (v: unknown) => (v === '' ? undefined : v);
/** A comma-separated list (spaces around the commas ignored); unset or empty means the default. */
const commaList = (item: z.ZodType<string, string>) =>
  z.preprocess(
    emptyToUndefined,
    z
      .string()
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .pipe(z.array(item).min(1))
      .optional(),
  );

/** A host that is not on the network: the only place where auth may be skipped or http used. */
export const isLoopbackHost = (host: string) =>
  ['127.0.0.1', '::1', 'localhost', '[::1]'].includes(host.toLowerCase());
const isLoopbackHttp = (url: string) => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && isLoopbackHost(u.hostname);
  } catch {
    return false;
  }
};

/**
 * Where the bot may send replies (activity.serviceUrl). Teams' public service family by default;
 * sovereign clouds add their own. Anything else is refused before the turn runs, so a forged or
 * mis-routed activity cannot make the bot post (with its credentials) to a host of the sender's choice.
 */
/** Teams desktop/mobile and Teams web: the clients pre-authorized for access_as_user (docs/deploy.md). */
export const TEAMS_CLIENT_APPS = [
  '1fec8e78-bce4-4aaf-ab1b-5451cc387264',
  '5e3ce6c0-2b1f-4285-8d4b-75ee78787346',
];

export const TEAMS_SERVICE_URLS = [
  'https://smba.trafficmanager.net/',
  'https://smba.infra.gcc.teams.microsoft.com/',
  'https://smba.infra.gov.teams.microsoft.us/',
  'https://smba.infra.dod.teams.microsoft.us/',
];

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    HOST: z.string().optional(),
    PORT: z.coerce.number().int().min(0).max(65535).default(3978),
    PUBLIC_URL: optionalUrl,
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    TZ: z
      .literal('Asia/Tokyo', {
        message: 'must be Asia/Tokyo: holidays and deadlines are Japanese local dates',
      })
      .default('Asia/Tokyo'),

    DATABASE_URL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
        .optional(),
    ),
    DATABASE_SCHEMA: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/, 'must be a lower-case SQL identifier')
        .optional(),
    ),
    DATA_DIR: z.string().default('./data'),
    DEMO_SEED: z.preprocess(emptyToUndefined, bool.optional()),

    AUTH_MODE: z.enum(['teams', 'dev']).default('teams'),

    MICROSOFT_APP_ID: z.preprocess(emptyToUndefined, z.string().optional()),
    MICROSOFT_APP_PASSWORD: z.preprocess(emptyToUndefined, z.string().optional()),
    MICROSOFT_APP_TENANT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
    MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
    /** Overrides for a non-public Bot Framework token service (tests, sovereign clouds). */
    BOT_OPENID_METADATA_URL: optionalUrl,
    BOT_TOKEN_ISSUER: z.preprocess(emptyToUndefined, z.string().optional()),
    /** Comma-separated URL prefixes the bot may reply to (default: Teams' service URLs). */
    BOT_ALLOWED_SERVICE_URLS: commaList(z.url({ message: 'must be a list of URLs' })),
    /** Requests per second per token (or per IP without one), with a burst; 0 switches the limit off (tests). */
    RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(20),
    RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(100),
    /** Bearer token for GET /metrics (the scraper's); without it /metrics answers only on loopback. */
    METRICS_TOKEN: z.preprocess(
      emptyToUndefined,
      z.string().min(16, 'must be at least 16 characters').optional(),
    ),

    SSO_CLIENT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
    SSO_TENANT_ID: z.preprocess(emptyToUndefined, z.string().optional()),
    SSO_APP_ID_URI: z.preprocess(emptyToUndefined, z.string().optional()),
    SSO_ISSUER: z.preprocess(emptyToUndefined, z.string().optional()),
    SSO_JWKS_URL: optionalUrl,
    /** Secret of the tab/API app registration: On-Behalf-Of calls and app-only Graph (org sync, app install). */
    SSO_CLIENT_SECRET: z.preprocess(emptyToUndefined, z.string().optional()),
    /**
     * Comma-separated client ids allowed to ask for the tab's token (the token's azp claim).
     * Default: the two Teams clients pre-authorized in docs/deploy.md §2.1.
     */
    SSO_ALLOWED_CLIENT_APPS: commaList(z.string()),
    /** Entra ID sign-in host (a sovereign cloud has its own). MSAL accepts https only. */
    ENTRA_AUTHORITY_HOST: z
      .url()
      .regex(/^https:\/\//, 'must be an https:// URL')
      .default('https://login.microsoftonline.com'),
    GRAPH_BASE_URL: z.url().default('https://graph.microsoft.com'),
    GRAPH_SYNC_ENABLED: bool.default(false),
    /** When the daily org sync runs (cron, Asia/Tokyo). */
    GRAPH_SYNC_CRON: z
      .string()
      .regex(/^\S+( \S+){4}$/, 'must be a 5-field cron expression')
      .default('30 5 * * *'),
    /** Proactive app installs per second (Graph allows about 30 per tenant; leave headroom). */
    GRAPH_INSTALL_RATE_PER_SECOND: z.coerce.number().positive().max(30).default(20),
    /** The app's id in the tenant's Teams app catalog (Teams admin centre → Manage apps): announcements install the app for staff who never opened it. */
    TEAMS_APP_CATALOG_ID: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
          'must be the app id (a GUID) from the Teams app catalog',
        )
        .optional(),
    ),

    MIN_GROUP_SIZE: z.coerce.number().int().min(1).default(5),
    // Signs one-minute download links; every instance behind a load balancer needs the same one.
    DOWNLOAD_LINK_SECRET: z.preprocess(emptyToUndefined, z.string().min(32).optional()),
    BOT_RATE_PER_SECOND: z.coerce.number().positive().default(50),
  })
  .superRefine((env, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message });
    if (env.AUTH_MODE === 'dev' && env.HOST && !isLoopbackHost(env.HOST))
      problem('HOST', 'development mode (--dev) listens on loopback only (127.0.0.1), never on the network');
    if (env.NODE_ENV === 'production') {
      if (env.AUTH_MODE === 'dev') problem('AUTH_MODE', 'dev personas are refused when NODE_ENV=production');
      if (!env.MICROSOFT_APP_ID && env.AUTH_MODE === 'dev')
        problem(
          'MICROSOFT_APP_ID',
          'is required in production (without it the bot accepts unauthenticated calls)',
        );
      if (env.MIN_GROUP_SIZE < 5)
        problem('MIN_GROUP_SIZE', 'must be at least 5 in production (smaller groups identify people)');
      if (env.DEMO_SEED === true) problem('DEMO_SEED', 'demo data is refused in production');
      // Keys, tokens and replies travel over these: https only (loopback http is not on the network).
      const keyUrls = {
        PUBLIC_URL: env.PUBLIC_URL,
        BOT_OPENID_METADATA_URL: env.BOT_OPENID_METADATA_URL,
        SSO_JWKS_URL: env.SSO_JWKS_URL,
        SSO_ISSUER: env.SSO_ISSUER,
        BOT_ALLOWED_SERVICE_URLS: env.BOT_ALLOWED_SERVICE_URLS?.join(','),
      };
      for (const [key, value] of Object.entries(keyUrls))
        for (const url of value?.split(',') ?? [])
          if (url.startsWith('http://') && !isLoopbackHttp(url))
            problem(key, `must be an https:// URL in production (got ${url})`);
      if (!env.MICROSOFT_APP_PASSWORD && env.MICROSOFT_APP_TYPE !== 'UserAssignedMSI')
        problem(
          'MICROSOFT_APP_PASSWORD',
          'is required in production unless MICROSOFT_APP_TYPE=UserAssignedMSI',
        );
      if (!env.DATABASE_URL)
        problem('DATABASE_URL', 'is required in production (embedded PGlite is for development)');
      if (!env.PUBLIC_URL) problem('PUBLIC_URL', 'is required in production');
    }
    if (env.AUTH_MODE === 'teams') {
      // Outside --dev the bot always authenticates: without an app id botbuilder would accept
      // unsigned activities, so there is no way to start like that.
      if (!env.MICROSOFT_APP_ID)
        problem(
          'MICROSOFT_APP_ID',
          'is required: without it the bot would accept unsigned activities (use `npm start` for local development)',
        );
      if (!env.SSO_CLIENT_ID)
        problem('SSO_CLIENT_ID', 'is required when AUTH_MODE=teams (or start with --dev)');
      if (!env.SSO_TENANT_ID)
        problem('SSO_TENANT_ID', 'is required when AUTH_MODE=teams (or start with --dev)');
    }
    if (env.GRAPH_SYNC_ENABLED) {
      for (const key of ['SSO_CLIENT_ID', 'SSO_TENANT_ID', 'SSO_CLIENT_SECRET'] as const)
        if (!env[key])
          problem(key, 'is required when GRAPH_SYNC_ENABLED=true (the sync signs in as the tab/API app)');
    }
    if (env.NODE_ENV === 'production' && !env.GRAPH_BASE_URL.startsWith('https://'))
      problem('GRAPH_BASE_URL', 'must be an https:// URL in production');
    if (env.MICROSOFT_APP_TYPE === 'SingleTenant' && env.MICROSOFT_APP_ID && !env.MICROSOFT_APP_TENANT_ID)
      problem('MICROSOFT_APP_TENANT_ID', 'is required for a SingleTenant bot');
  });

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  publicUrl: string;
  logLevel: string;
  timeZone: 'Asia/Tokyo';
  database: { url?: string; schema?: string; dataDir: string; seedDemo: boolean };
  authMode: 'teams' | 'dev';
  bot: {
    appId?: string;
    appPassword?: string;
    tenantId?: string;
    appType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
    openIdMetadataUrl?: string;
    tokenIssuer?: string;
    /** The only tenant whose activities are processed (channelData.tenant.id / conversation.tenantId). */
    allowedTenantId?: string;
    /** URL prefixes replies may go to. */
    allowedServiceUrls: string[];
    /**
     * True only for `npm start` (--dev) on loopback without an app id (Agents Playground sends no
     * token). Every other way of starting authenticates every activity.
     */
    skipAuth: boolean;
  };
  http: { rateLimitPerSecond: number; rateLimitBurst: number; metricsToken?: string };
  sso: {
    clientId?: string;
    tenantId?: string;
    appIdUri?: string;
    issuer?: string;
    jwksUrl?: string;
    clientSecret?: string;
    /** Client ids (azp) whose tokens the tab accepts: the Teams clients, not any app in the tenant. */
    allowedClientApps: string[];
  };
  graph: {
    baseUrl: string;
    authorityHost: string;
    syncEnabled: boolean;
    syncCron: string;
    installRatePerSecond: number;
    teamsAppCatalogId?: string;
  };
  privacy: { minGroupSize: number };
  delivery: { ratePerSecond: number };
  /** Key of the signed download links; without it (development, one instance) a random key per process. */
  downloadLinkSecret?: string;
}

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(
      problems.length === 1
        ? `Invalid configuration: ${problems[0]}`
        : `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Builds the config from an environment (process.env by default) plus explicit CLI overrides. */
export function loadConfig(
  source: Record<string, string | undefined> = process.env,
  overrides: Env = {},
): Config {
  const merged = { ...source, ...overrides };
  // The one mistake that would open the bot to anyone gets one clear line of its own.
  if ((merged.AUTH_MODE ?? 'teams') !== 'dev' && !merged.MICROSOFT_APP_ID)
    throw new ConfigError([
      'MICROSOFT_APP_ID: refusing to start without bot credentials (the bot would accept unsigned activities); set MICROSOFT_APP_ID/MICROSOFT_APP_PASSWORD and the SSO_* settings, or run `npm start` for local development',
    ]);
  const parsed = envSchema.safeParse(merged);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(env)'}: ${i.message}`));
  }
  const e = parsed.data;
  const host = e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1');
  const tenant = e.SSO_TENANT_ID;
  return {
    env: e.NODE_ENV,
    host,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    logLevel: e.LOG_LEVEL,
    timeZone: e.TZ,
    database: {
      url: e.DATABASE_URL,
      schema: e.DATABASE_SCHEMA,
      dataDir: e.DATA_DIR,
      seedDemo: e.DEMO_SEED ?? (!e.DATABASE_URL && e.NODE_ENV !== 'production'),
    },
    authMode: e.AUTH_MODE,
    bot: {
      appId: e.MICROSOFT_APP_ID,
      appPassword: e.MICROSOFT_APP_PASSWORD,
      tenantId: e.MICROSOFT_APP_TENANT_ID,
      appType: e.MICROSOFT_APP_TYPE,
      openIdMetadataUrl: e.BOT_OPENID_METADATA_URL,
      tokenIssuer: e.BOT_TOKEN_ISSUER,
      allowedTenantId: e.SSO_TENANT_ID ?? e.MICROSOFT_APP_TENANT_ID,
      allowedServiceUrls: e.BOT_ALLOWED_SERVICE_URLS ?? TEAMS_SERVICE_URLS,
      skipAuth: e.AUTH_MODE === 'dev' && !e.MICROSOFT_APP_ID && isLoopbackHost(host),
    },
    http: {
      rateLimitPerSecond: e.RATE_LIMIT_PER_SECOND,
      rateLimitBurst: e.RATE_LIMIT_BURST,
      metricsToken: e.METRICS_TOKEN,
    },
    sso: {
      clientId: e.SSO_CLIENT_ID,
      tenantId: tenant,
      appIdUri: e.SSO_APP_ID_URI,
      issuer: e.SSO_ISSUER ?? (tenant ? `https://login.microsoftonline.com/${tenant}/v2.0` : undefined),
      jwksUrl:
        e.SSO_JWKS_URL ??
        (tenant ? `https://login.microsoftonline.com/${tenant}/discovery/v2.0/keys` : undefined),
      clientSecret: e.SSO_CLIENT_SECRET,
      allowedClientApps: e.SSO_ALLOWED_CLIENT_APPS ?? TEAMS_CLIENT_APPS,
    },
    graph: {
      baseUrl: e.GRAPH_BASE_URL.replace(/\/$/, ''),
      authorityHost: e.ENTRA_AUTHORITY_HOST.replace(/\/$/, ''),
      syncEnabled: e.GRAPH_SYNC_ENABLED,
      syncCron: e.GRAPH_SYNC_CRON,
      installRatePerSecond: e.GRAPH_INSTALL_RATE_PER_SECOND,
      teamsAppCatalogId: e.TEAMS_APP_CATALOG_ID,
    },
    privacy: { minGroupSize: e.MIN_GROUP_SIZE },
    delivery: { ratePerSecond: e.BOT_RATE_PER_SECOND },
    downloadLinkSecret: e.DOWNLOAD_LINK_SECRET,
  };
}

/** Holidays and deadlines are Japanese local dates; the process runs in Asia/Tokyo. */
/** The server's config from this process's environment, plus CLI overrides (--dev). */
export function loadProcessConfig(overrides: Env = {}): Config {
  // Dev mode (personas, a bot that may skip auth) comes only from the --dev flag of `npm start`,
  // never from an environment variable a deployment could carry by mistake.
  if (process.env.AUTH_MODE === 'dev' && overrides.AUTH_MODE !== 'dev')
    throw new ConfigError(['AUTH_MODE: dev is set only by `npm start` (--dev), not by the environment']);
  return loadConfig(process.env, overrides);
}

/**
 * For tools that serve no HTTP (command-line scripts, the manifest builder): outside production,
 * sign-in settings are not required, so AUTH_MODE defaults to dev unless it is set.
 */
export function loadToolConfig(source: Record<string, string | undefined> = process.env): Config {
  const devDefault = source.NODE_ENV !== 'production' && !source.AUTH_MODE;
  return loadConfig(source, devDefault ? { AUTH_MODE: 'dev' } : {});
}

export function applyProcessTimeZone(config: Config): void {
  process.env.TZ = config.timeZone;
}
