/** The one `abort` listener this package keeps on a signal, and the callbacks it runs. */
interface Subscription {
  callbacks: Set<() => void>;
  listener: () => void;
}

const subscriptions = new WeakMap<AbortSignal, Subscription>();

/**
 * Runs `callback` once when `signal` aborts, and returns a function that unsubscribes it. However many waits
 * share one caller's signal, a single listener is added to it (removed with the last callback), so an app that
 * passes one signal to hundreds of concurrent calls never sees Node's `MaxListenersExceededWarning`. Like
 * `addEventListener`, nothing runs for a signal that has already aborted: check `signal.aborted` first.
 * (The same mechanism as core's; core keeps its own private.)
 * @internal
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let subscription = subscriptions.get(signal);
  if (!subscription) {
    const callbacks = new Set<() => void>();
    const created: Subscription = {
      callbacks,
      listener: () => {
        subscriptions.delete(signal);
        for (const run of callbacks) run();
      },
    };
    subscriptions.set(signal, created);
    signal.addEventListener("abort", created.listener, { once: true });
    subscription = created;
  }
  const owner = subscription;
  const run = () => callback();
  owner.callbacks.add(run);
  return () => {
    if (!owner.callbacks.delete(run) || owner.callbacks.size > 0) return;
    if (subscriptions.get(signal) === owner) subscriptions.delete(signal);
    signal.removeEventListener("abort", owner.listener);
  };
}
