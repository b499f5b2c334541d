import { getEventListeners } from "node:events";
import { describe, expect, test } from "vitest";
import { onAbort } from "../src/on-abort.js";

const listeners = (signal: AbortSignal) => getEventListeners(signal, "abort").length;

describe("onAbort: one listener per signal, however many wait on it", () => {
  // [subscribed, unsubscribed before the abort, listeners while subscribed, callbacks run by the abort]
  const cases: [string, number, number, number, number][] = [
    ["one callback", 1, 0, 1, 1],
    ["fifty callbacks share one listener", 50, 0, 1, 50],
    ["unsubscribed callbacks do not run", 50, 20, 1, 30],
    ["the last one unsubscribing removes the listener", 50, 50, 0, 0],
  ];
  for (const [name, subscribed, unsubscribed, listening, ran] of cases) {
    test(name, () => {
      const controller = new AbortController();
      const calls: number[] = [];
      const offs = Array.from({ length: subscribed }, (_, i) => onAbort(controller.signal, () => calls.push(i)));
      for (const off of offs.slice(0, unsubscribed)) off();
      expect(listeners(controller.signal)).toBe(listening);
      controller.abort();
      expect(calls).toEqual(Array.from({ length: ran }, (_, i) => unsubscribed + i));
      expect(listeners(controller.signal)).toBe(0);
      // Unsubscribing after the abort is harmless.
      for (const off of offs) off();
    });
  }

  test("the same function subscribed twice runs twice, as two listeners would", () => {
    const controller = new AbortController();
    let runs = 0;
    const callback = () => {
      runs += 1;
    };
    onAbort(controller.signal, callback);
    const off = onAbort(controller.signal, callback);
    off();
    off();
    controller.abort();
    expect(runs).toBe(1);
  });

  test("after an abort, the signal is forgotten: a later subscription adds no callback that could run", () => {
    const controller = new AbortController();
    let early = 0;
    onAbort(controller.signal, () => {
      early += 1;
    });
    controller.abort();
    let late = 0;
    const off = onAbort(controller.signal, () => {
      late += 1;
    });
    controller.abort();
    expect([early, late]).toEqual([1, 0]);
    off();
    expect(listeners(controller.signal)).toBe(0);
  });

  test("subscribing again after every callback left adds one fresh listener", () => {
    const controller = new AbortController();
    onAbort(controller.signal, () => {})();
    let runs = 0;
    onAbort(controller.signal, () => {
      runs += 1;
    });
    expect(listeners(controller.signal)).toBe(1);
    controller.abort("stop");
    expect(runs).toBe(1);
  });

  test("signals are independent", () => {
    const a = new AbortController();
    const b = new AbortController();
    const ran: string[] = [];
    onAbort(a.signal, () => ran.push("a"));
    onAbort(b.signal, () => ran.push("b"));
    a.abort();
    expect(ran).toEqual(["a"]);
    expect(listeners(b.signal)).toBe(1);
  });
});
