import { onAbort } from "@hatchery/core";

/**
 * `promise`, or a rejection with `signal.reason` as soon as `signal` aborts (the promise goes on; `onAbandoned`
 * gets its value if it resolves later, to undo what it did).
 * @internal
 */
export function abandonOnAbort<T>(
  promise: Promise<T>,
  signal: AbortSignal | undefined,
  onAbandoned?: (value: T) => void,
): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    let abandoned = false;
    const abandon = () => {
      abandoned = true;
      reject(signal.reason);
    };
    const unsubscribe = signal.aborted ? undefined : onAbort(signal, abandon);
    if (signal.aborted) abandon();
    promise.then(
      (value) => {
        unsubscribe?.();
        if (abandoned) onAbandoned?.(value);
        else resolve(value);
      },
      (error: unknown) => {
        unsubscribe?.();
        if (!abandoned) reject(error);
      },
    );
  });
}

/**
 * A first-in, first-out line: `enter` resolves when every earlier caller has called `leave`; an aborted caller
 * leaves the line.
 * @internal
 */
export class Turns {
  #busy = false;
  readonly #waiting: (() => void)[] = [];

  enter(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const go = () => {
        unsubscribe?.();
        resolve();
      };
      this.#waiting.push(go);
      const unsubscribe =
        signal &&
        onAbort(signal, () => {
          const i = this.#waiting.indexOf(go);
          if (i >= 0) this.#waiting.splice(i, 1);
          reject(signal.reason);
        });
    });
  }

  leave(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }
}
