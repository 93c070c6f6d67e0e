import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { type ConnectorEmulatorOptions, startConnectorEmulator } from './connector-emulator.ts';

/** What a bench needs to know about a run, without copying every recorded call across threads. */
export interface EmulatorSummary {
  /** Messages (POSTed activities) accepted. */
  sent: number;
  firstSentAt?: number;
  lastSentAt?: number;
  /** Conversations that got more than one message. */
  duplicates: number;
  requests: number;
  throttled: number;
}

export interface ThreadedConnectorEmulator {
  url: string;
  summary(): Promise<EmulatorSummary>;
  close(): Promise<void>;
}

/**
 * The connector emulator on its own thread (its own event loop): the app under test no longer
 * shares its timers with the emulator's latency timers and limit checks, so neither side's
 * bunching shows up as the other's. Closer to Teams, which is another machine.
 */
export async function startConnectorEmulatorThread(
  options: ConnectorEmulatorOptions,
): Promise<ThreadedConnectorEmulator> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { emulator: options } });
  let next = 0;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (err: Error) => void }>();
  worker.on('message', (m: { id: number; value: unknown }) => {
    pending.get(m.id)?.resolve(m.value);
    pending.delete(m.id);
  });
  worker.on('error', (err) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  });
  const ask = <T>(op: string): Promise<T> =>
    new Promise((resolve, reject) => {
      const id = next++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, op });
    });
  const url = await ask<string>('url');
  return {
    url,
    summary: () => ask<EmulatorSummary>('summary'),
    async close() {
      await ask('close');
      await worker.terminate();
    },
  };
}

if (!isMainThread && workerData?.emulator) {
  const emulator = await startConnectorEmulator(workerData.emulator as ConnectorEmulatorOptions);
  parentPort?.on('message', async (m: { id: number; op: string }) => {
    let value: unknown;
    if (m.op === 'url') value = emulator.url;
    else if (m.op === 'summary') {
      const sent = emulator.sent();
      const stats = emulator.stats();
      value = {
        sent: sent.length,
        firstSentAt: sent[0]?.at,
        lastSentAt: sent.at(-1)?.at,
        duplicates: [...emulator.postsPerConversation().values()].filter((n) => n > 1).length,
        requests: stats.requests,
        throttled: stats.throttled,
      } satisfies EmulatorSummary;
    } else if (m.op === 'close') await emulator.close();
    parentPort?.postMessage({ id: m.id, value });
  });
}
