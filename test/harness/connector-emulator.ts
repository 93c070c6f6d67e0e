import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { listenLocal, readBody, sendJson } from './http-server.ts';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  activity?: Record<string, unknown> & { attachments?: { contentType: string; content: Record<string, unknown> }[]; text?: string; replyToId?: string };
  authorization?: string;
  at: number;
}

/**
 * A local Bot Connector (the service the bot calls back): creates conversations, takes activities,
 * replies, updates and deletes, and records every call so tests can assert what users would see.
 * Calls without the expected bearer token get 401, as the real service answers.
 */
export interface ConnectorEmulator {
  url: string;
  calls: RecordedCall[];
  /** Activities the bot sent (new messages and replies), in order. */
  sent(): RecordedCall[];
  waitFor(predicate: (call: RecordedCall) => boolean, timeoutMs?: number): Promise<RecordedCall>;
  /** Answer the next matching calls with this status (e.g. 403 blocked, 429 with retry-after). */
  failNext(count: number, status: number, headers?: Record<string, string>): void;
  close(): Promise<void>;
}

export async function startConnectorEmulator(options: { expectedToken?: string } = {}): Promise<ConnectorEmulator> {
  const events = new EventEmitter();
  const calls: RecordedCall[] = [];
  const failures: { status: number; headers: Record<string, string> }[] = [];
  const http = await listenLocal(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // v3, conversations, id, activities, activityId
    const body = await readBody(req);
    if (options.expectedToken && req.headers.authorization !== `Bearer ${options.expectedToken}`)
      return sendJson(res, 401, { error: { code: 'Unauthorized', message: 'bad bearer token' } });
    const failure = failures.shift();
    if (failure) return sendJson(res, failure.status, { error: { code: 'Injected', message: `injected ${failure.status}` } }, failure.headers);
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return sendJson(res, 404, {});

    const record = (call: Omit<RecordedCall, 'at' | 'authorization' | 'method' | 'path'>) => {
      const full = { ...call, method: req.method ?? '', path: url.pathname, authorization: req.headers.authorization, at: Date.now() };
      calls.push(full);
      events.emit('call', full);
      return full;
    };

    if (req.method === 'POST' && parts.length === 2) {
      const params = JSON.parse(body || '{}') as { members?: { id: string }[] };
      const id = `a:${params.members?.[0]?.id ?? randomUUID()}`;
      record({ conversationId: id });
      return sendJson(res, 200, { id, activityId: randomUUID() });
    }
    const conversationId = parts[2] ?? '';
    if (parts[3] !== 'activities') return sendJson(res, 404, {});
    if (req.method === 'POST') {
      const activity = JSON.parse(body || '{}');
      const activityId = randomUUID();
      record({ conversationId, activityId, activity });
      return sendJson(res, 200, { id: activityId });
    }
    if (req.method === 'PUT') {
      const activity = JSON.parse(body || '{}');
      record({ conversationId, activityId: parts[4], activity });
      return sendJson(res, 200, { id: parts[4] });
    }
    if (req.method === 'DELETE') {
      record({ conversationId, activityId: parts[4] });
      res.writeHead(200).end();
      return;
    }
    sendJson(res, 405, {});
  });

  return {
    url: http.url,
    calls,
    sent: () => calls.filter((c) => c.method === 'POST' && c.activity),
    waitFor(predicate, timeoutMs = 10_000) {
      const found = calls.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          events.off('call', listener);
          reject(new Error(`no matching connector call within ${timeoutMs} ms; saw ${calls.length} calls`));
        }, timeoutMs);
        const listener = (call: RecordedCall) => {
          if (!predicate(call)) return;
          clearTimeout(timer);
          events.off('call', listener);
          resolve(call);
        };
        events.on('call', listener);
      });
    },
    failNext(count, status, headers = {}) {
      for (let i = 0; i < count; i++) failures.push({ status, headers });
    },
    close: () => http.close(),
  };
}
