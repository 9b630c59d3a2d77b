/**
 * The loopback GitHub (github-server.ts) on a thread of its own, for benchmarks: its schema checks
 * cost CPU that the real GitHub spends on its own machines, so here they run beside the app rather
 * than in its event loop. The main thread seeds it and reads it back through `call`, which runs one
 * of the server's methods (or reads `requests.length`) and returns a structured clone of the result.
 *
 * Run as a worker, this file starts the server; imported, it offers `startGitHubServerInWorker`.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { startGitHubServer, type GitHubServerOptions, type GitHubTestServer } from './github-server.ts';

/**
 * A server method and its arguments, e.g. `['seedPullRequest', ['acme', 'api', {…}]]`; or
 * `requestCount`, or `failedRequests` (how many answers of each status ≥ 400 and operation).
 */
export type GitHubCall = [method: keyof GitHubTestServer | 'requestCount' | 'failedRequests' | 'requestsByOperation', args: unknown[]];

/** Runs a call on a server in this thread. */
export function callGitHub(server: GitHubTestServer, method: GitHubCall[0], args: readonly unknown[]): unknown {
  if (method === 'requestCount') return server.requests.length;
  if (method === 'requestsByOperation') {
    const counts: Record<string, number> = {};
    for (const r of server.requests) counts[r.operation ?? r.path] = (counts[r.operation ?? r.path] ?? 0) + 1;
    return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1]));
  }
  if (method === 'failedRequests') {
    const counts: Record<string, number> = {};
    for (const r of server.requests) if (r.status >= 400) counts[`${r.status} ${r.operation ?? r.path}`] = (counts[`${r.status} ${r.operation ?? r.path}`] ?? 0) + 1;
    return counts;
  }
  return (server[method] as (...a: unknown[]) => unknown)(...args);
}

export interface GitHubInWorker {
  url: string;
  call<T>(method: GitHubCall[0], ...args: unknown[]): Promise<T>;
  close(): Promise<void>;
}

export async function startGitHubServerInWorker(options: GitHubServerOptions, seeds: GitHubCall[]): Promise<GitHubInWorker> {
  const worker = new Worker(new URL(import.meta.url), { workerData: { options, seeds } });
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let nextId = 0;
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { url: string }) => resolve(message.url));
  });
  worker.on('message', (message: { id: number; result?: unknown; error?: string }) => {
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.error === undefined) waiting?.resolve(message.result);
    else waiting?.reject(new Error(message.error));
  });
  worker.on('error', (error) => {
    for (const waiting of pending.values()) waiting.reject(error);
  });
  const call = <T>(method: GitHubCall[0], ...args: unknown[]) =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, method, args });
    });
  return {
    url,
    call,
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}

if (!isMainThread && parentPort !== null) {
  const port = parentPort;
  const { options, seeds } = workerData as { options: GitHubServerOptions; seeds: GitHubCall[] };
  const server = await startGitHubServer(options);
  const run = (method: GitHubCall[0], args: unknown[]) => callGitHub(server, method, args);
  for (const [method, args] of seeds) run(method, args);
  port.on('message', async ({ id, method, args }: { id: number; method: GitHubCall[0]; args: unknown[] }) => {
    try {
      port.postMessage({ id, result: await run(method, args) });
    } catch (error) {
      port.postMessage({ id, error: String(error) });
    }
  });
  port.postMessage({ url: server.url });
}
