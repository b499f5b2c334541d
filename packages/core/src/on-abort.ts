/** The callbacks core runs when a signal aborts, and its one `abort` listener on that signal. */
type Subscription = Set<() => void> & {
  /** The listener on the signal. */
  listener?: () => void;
};

const subscriptions = new WeakMap<AbortSignal, Subscription>();

/**
 * Runs `callback` once when `signal` aborts, like `addEventListener("abort", callback, { once: true })`, and
 * returns a function that unsubscribes it. However many calls, attempts, backoff sleeps and queued waits share
 * one caller's signal, core keeps a single listener on it (removed when the last callback unsubscribes), so an
 * app that passes one signal to many concurrent calls never sees Node's `MaxListenersExceededWarning`.
 * Like `addEventListener`, nothing runs for a signal that has already aborted: check `signal.aborted` first.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let subscription = subscriptions.get(signal);
  if (!subscription) {
    const callbacks: Subscription = new Set();
    subscription = callbacks;
    // Forgets the signal before running the callbacks, as `once` forgets the listener.
    callbacks.listener = () => {
      subscriptions.delete(signal);
      for (const run of callbacks) run();
    };
    subscriptions.set(signal, callbacks);
    signal.addEventListener("abort", callbacks.listener, { once: true });
  }
  // A wrapper, so the same function subscribed twice runs twice, as two listeners would.
  const run = () => callback();
  subscription.add(run);
  return () => {
    if (!subscription.delete(run) || subscription.size > 0) return;
    if (subscriptions.get(signal) === subscription) subscriptions.delete(signal);
    signal.removeEventListener("abort", subscription.listener as () => void);
  };
}
