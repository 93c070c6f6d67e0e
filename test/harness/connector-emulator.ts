import { randomUUID } from 'node:crypto';

/**
 * Teams answers a post with the new message's id, an increasing number within a chat (what read
 * receipts compare against): the emulator does the same, unique across conversations.
 */
let lastMessageId = Date.now() * 1000;
const nextMessageId = () => String(++lastMessageId);

import { EventEmitter } from 'node:events';
import { violatesWindows, type WindowLimit } from '../../core/delivery/delivery.rules.ts';
import { listenLocal, readBody, sendJson } from './http-server.ts';

export interface RecordedCall {
  method: string;
  path: string;
  conversationId: string;
  activityId?: string;
  activity?: Record<string, unknown> & {
    attachments?: { contentType: string; content: Record<string, unknown> }[];
    text?: string;
    replyToId?: string;
  };
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
  /** Decide per request whether to fail it (checked after failNext); undefined lets it through. */
  inject(rule: FaultRule | undefined): void;
  /** Messages (POSTed activities) per conversation: more than one means a duplicate. */
  postsPerConversation(): Map<string, number>;
  /** Requests answered 429 by the enforced limits and by injection. */
  stats(): { requests: number; throttled: number; injected: number };
  close(): Promise<void>;
}

export interface FaultRequest {
  method: string;
  /** The conversation the call is about ('' for conversation creation). */
  conversationId: string;
  /** For conversation creation: the member the bot asked for. */
  memberId?: string;
  /** Zero-based count of requests so far. */
  index: number;
}
export type FaultRule = (
  req: FaultRequest,
) => { status: number; headers?: Record<string, string> } | undefined;

export interface ConnectorEmulatorOptions {
  expectedToken?: string;
  /** Added to every answer, like the network and the service would. */
  latencyMs?: number;
  /** Enforce Teams' limits like the service: over them, 429 with Retry-After. */
  limits?: { ratePerSecond: number; perConversation: WindowLimit[] };
}

export async function startConnectorEmulator(
  options: ConnectorEmulatorOptions = {},
): Promise<ConnectorEmulator> {
  const events = new EventEmitter();
  const calls: RecordedCall[] = [];
  const failures: { status: number; headers: Record<string, string> }[] = [];
  let rule: FaultRule | undefined;
  const posts = new Map<string, number>();
  const counters = { requests: 0, throttled: 0, injected: 0 };
  const recentAll: number[] = [];
  const recentByConversation = new Map<string, number[]>();
  const overLimits = (conversationId: string, now: number): boolean => {
    const limits = options.limits;
    if (!limits) return false;
    while (recentAll.length > 0 && (recentAll[0] as number) <= now - 1000) recentAll.shift();
    if (recentAll.length >= limits.ratePerSecond) return true;
    if (conversationId) {
      const longest = Math.max(...limits.perConversation.map((w) => w.windowMs));
      const list = (recentByConversation.get(conversationId) ?? []).filter((t) => t > now - longest);
      if (violatesWindows([...list, now], limits.perConversation)) return true;
      list.push(now);
      recentByConversation.set(conversationId, list);
    }
    recentAll.push(now);
    return false;
  };
  const http = await listenLocal(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent); // v3, conversations, id, activities, activityId
    const body = await readBody(req);
    if (options.latencyMs) await new Promise((resolve) => setTimeout(resolve, options.latencyMs));
    if (options.expectedToken && req.headers.authorization !== `Bearer ${options.expectedToken}`)
      return sendJson(res, 401, { error: { code: 'Unauthorized', message: 'bad bearer token' } });
    const index = counters.requests++;
    const failure = failures.shift();
    if (failure)
      return sendJson(
        res,
        failure.status,
        { error: { code: 'Injected', message: `injected ${failure.status}` } },
        failure.headers,
      );
    const conversationOfCall = parts[1] === 'conversations' && parts.length > 2 ? (parts[2] ?? '') : '';
    if (rule) {
      let memberId: string | undefined;
      if (!conversationOfCall && req.method === 'POST')
        memberId = (JSON.parse(body || '{}') as { members?: { id: string }[] }).members?.[0]?.id;
      const injected = rule({
        method: req.method ?? '',
        conversationId: conversationOfCall,
        memberId,
        index,
      });
      if (injected) {
        counters.injected++;
        if (injected.status === 429) counters.throttled++;
        return sendJson(
          res,
          injected.status,
          { error: { code: 'Injected', message: `injected ${injected.status}` } },
          injected.headers ?? {},
        );
      }
    }
    if (overLimits(conversationOfCall, Date.now())) {
      counters.throttled++;
      return sendJson(
        res,
        429,
        { error: { code: 'Throttled', message: 'too many requests' } },
        { 'retry-after': '1' },
      );
    }
    if (parts[0] !== 'v3' || parts[1] !== 'conversations') return sendJson(res, 404, {});

    const record = (call: Omit<RecordedCall, 'at' | 'authorization' | 'method' | 'path'>) => {
      const full = {
        ...call,
        method: req.method ?? '',
        path: url.pathname,
        authorization: req.headers.authorization,
        at: Date.now(),
      };
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
      const activityId = nextMessageId();
      posts.set(conversationId, (posts.get(conversationId) ?? 0) + 1);
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
      // A JSON body, as for the other verbs: botframework-connector's client never resolves a
      // DELETE answered with an empty 200.
      return sendJson(res, 200, {});
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
    inject(next) {
      rule = next;
    },
    postsPerConversation: () => new Map(posts),
    stats: () => ({ ...counters }),
    close: () => http.close(),
  };
}
