import { afterEach, describe, expect, it } from 'vitest';
import { StillQueuedError } from '../delivery/outbox.messenger.ts';
import { createLogger } from '../shared/logger.ts';
import type { ProactiveMessenger } from '../shared/messenger.ts';
import { sendAll } from './wellbeing-send.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A messenger whose every send settles (rejects) after `ms`, before the caller looks at it. */
const rejectingAfter = (ms: number, error: () => Error): ProactiveMessenger => ({
  sendCard: () => sleep(ms).then(() => Promise.reject(error())),
  updateCard: () => Promise.reject(new Error('unused')),
  deleteMessage: () => Promise.reject(new Error('unused')),
});

describe('sendAll', () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  afterEach(() => {
    unhandled.length = 0;
  });

  it('a send that settles while the audit of the read is still being written is never left unhandled', async () => {
    const items = ['a', 'b'].map((oid) => ({
      oid,
      card: {},
      purpose: 'p',
      key: oid,
      onQueued: () => sleep(40),
    }));
    const result = await sendAll(
      rejectingAfter(1, () => new StillQueuedError(`d-${Math.random()}`)),
      createLogger('silent'),
      items,
    );
    await sleep(20);
    expect(unhandled).toEqual([]);
    expect(result).toEqual({ queued: 2, failed: 0 });
  });

  it('a failed audit fails the run (pg-boss retries it) and leaves no send unobserved', async () => {
    const items = [
      {
        oid: 'a',
        card: {},
        purpose: 'p',
        key: 'a',
        onQueued: () => sleep(5).then(() => Promise.reject(new Error('audit down'))),
      },
    ];
    await expect(
      sendAll(
        rejectingAfter(20, () => new Error('connector down')),
        createLogger('silent'),
        items,
      ),
    ).rejects.toThrow('1 of 1 wellbeing cards failed');
    await sleep(40);
    expect(unhandled).toEqual([]);
  });
});
