/**
 * The worker that `threads`' spawn() talks to, made here instead of by threads.js. Its own Node
 * Worker class keeps every worker it ever made in a module-level list (for its exit-on-SIGINT
 * handler), so each pool left two Worker and four MessagePort objects reachable for ever: about
 * 10 KB per map in a kernel where cells are re-run all day. spawn() needs only what a web worker
 * has — addEventListener and removeEventListener, handing listeners `{ data }` — on top of
 * worker_threads' own postMessage and terminate.
 */
import { Worker } from 'node:worker_threads';

type WebListener = (event: { data: unknown }) => void;

export class ThreadsWorker extends Worker {
  /** Each web-style listener and the Node listener that calls it, so it can be removed again. */
  private readonly adapted = new WeakMap<WebListener, (message: unknown) => void>();

  addEventListener(eventName: string, listener: WebListener): void {
    const adapted = (message: unknown) => listener({ data: message });
    this.adapted.set(listener, adapted);
    this.on(eventName, adapted);
  }

  removeEventListener(eventName: string, listener: WebListener): void {
    const adapted = this.adapted.get(listener);
    if (adapted) this.off(eventName, adapted);
  }
}
