/** The one `abort` listener core keeps on a signal, and the callbacks it runs. */
interface Subscription {
  callbacks: Set<() => void>;
  listener: () => void;
}

const subscriptions = new WeakMap<AbortSignal, Subscription>();

/**
 * Runs `callback` once when `signal` aborts, like `addEventListener("abort", callback, { once: true })`, and
 * returns a function that unsubscribes it. However many calls, attempts, backoff sleeps and queued waits share
 * one caller's signal, core keeps a single listener on it (removed when the last callback unsubscribes), so an
 * app that passes one signal to many concurrent calls never sees Node's `MaxListenersExceededWarning`.
 * Like `addEventListener`, nothing runs for a signal that has already aborted: check `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  const subscription = subscriptions.get(signal) ?? subscribe(signal);
  // A wrapper, so the same function subscribed twice runs twice, as two listeners would.
  const run = () => callback();
  subscription.callbacks.add(run);
  return () => {
    if (!subscription.callbacks.delete(run) || subscription.callbacks.size > 0) return;
    if (subscriptions.get(signal) === subscription) subscriptions.delete(signal);
    signal.removeEventListener("abort", subscription.listener);
  };
}

/** Adds core's listener to `signal`. It forgets the signal before running the callbacks, as `once` forgets it. */
function subscribe(signal: AbortSignal): Subscription {
  const callbacks = new Set<() => void>();
  const listener = () => {
    subscriptions.delete(signal);
    for (const run of callbacks) run();
  };
  const subscription = { callbacks, listener };
  subscriptions.set(signal, subscription);
  signal.addEventListener("abort", listener, { once: true });
  return subscription;
}
