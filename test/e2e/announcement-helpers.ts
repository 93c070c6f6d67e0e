import { ServiceClientCredentialsFactory } from 'botframework-connector';
import { createLogger } from '../../core/shared/logger.ts';
import { type App, startApp } from '../../server/app.ts';
import { BOT_APP_ID, type TestApp } from '../harness/app.ts';

/** Shared by the announcement follow-up e2e tests (issue 20). */

export type Card = {
  body: { type: string; text?: string }[];
  actions?: { type: string; title: string; verb?: string; url?: string }[];
};
export const cardText = (card: Card | undefined) => (card?.body ?? []).map((b) => b.text ?? '').join('\n');
export const cardOfCall = (call: { activity?: { attachments?: { content: Record<string, unknown> }[] } }) =>
  call.activity?.attachments?.[0]?.content as unknown as Card;

/** Waits for a condition the app reaches by itself, checking every 50 ms. */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 45_000,
  explain?: () => Promise<unknown>,
): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() - start > timeoutMs)
      throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await explain?.())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The tab API as a dev persona. */
export function tabApi(t: TestApp) {
  return async (method: string, path: string, body?: unknown, persona = 'D00001') => {
    const res = await fetch(`${t.baseUrl}/api/tab${path}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-dev-persona': persona },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: the tests read many answer shapes
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = text;
    }
    return { status: res.status, body: json };
  };
}

/** The same static outbound credentials the harness gives its app, for a second instance. */
class StaticTokenCredentialsFactory extends ServiceClientCredentialsFactory {
  override async isValidAppId(appId: string) {
    return appId === BOT_APP_ID;
  }
  override async isAuthenticationDisabled() {
    return false;
  }
  override async createCredentials() {
    return {
      async signRequest<T extends { headers: { set(name: string, value: string): void } }>(webResource: T) {
        webResource.headers.set('authorization', 'Bearer test-outbound-bot-token');
        return webResource;
      },
    } as never;
  }
}

/** A second app process on the same database and connector (another App Service instance). */
export function startSecondInstance(t: TestApp, now: () => Date): Promise<App> {
  return startApp(t.config, {
    credentialsFactory: new StaticTokenCredentialsFactory(),
    logger: createLogger('silent'),
    db: t.config.database.url ? undefined : t.db,
    now,
  });
}

/** Runs an app's announcements dispatcher once (what its per-minute job does). */
export function dispatcherOf(app: App) {
  const mod = app.modules.find((m) => m.name === 'announcements')!;
  const job = mod.jobs!.find((j) => j.name === 'announcements-dispatch')!;
  return () => job.handler({} as never, { jobId: 'test' });
}
