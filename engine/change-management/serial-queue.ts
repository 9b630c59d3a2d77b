/**
 * Work on one pull request runs one piece at a time; work on different pull requests runs side by side.
 *
 * Why: the app's writes are find-then-create (the check run by name and head SHA, the issue by its
 * marker). GitHub may deliver the same event twice at once (a redelivery while the first is still
 * running), and two finds before either create would make two check runs and two issues. Queuing by
 * pull request makes the second delivery find what the first created. This holds within one
 * process: replicas behind a load balancer, or Lambda invocations, do not share the queue.
 */
export class SerialQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` once every earlier task with the same key has settled; resolves or rejects as it does. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // Forget the key once nothing waits behind this task, so the map holds only work in flight.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running (for tests and diagnostics). */
  get size(): number {
    return this.tails.size;
  }
}
