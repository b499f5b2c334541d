import { describe, expect, it } from "vitest";
import {
  createHostHatchClient,
  type HostHatchClient,
  isAbortError,
  isNotFoundError,
  isWaitForStatusTimeoutError,
  waitForStatus,
} from "../src/index.js";
import { createHostHatchFake, toFetch } from "../src/testing/index.js";
import { DEPLOY, rejection, setup } from "./helpers.js";

const FAST = { intervalMs: 1, timeoutMs: 5_000 };

function inMemory(options: Parameters<typeof createHostHatchFake>[0] = {}) {
  const fake = createHostHatchFake(options);
  const hosthatch = createHostHatchClient({
    apiKey: fake.token,
    baseUrl: "http://127.0.0.1",
    fetch: toFetch(fake.handler),
    retry: { baseDelayMs: 1 },
  });
  return { fake, hosthatch };
}

describe("waitForStatus", () => {
  it("follows a deployment to online, against the served fake", async () => {
    const { hosthatch } = await setup({ fake: { transitionPolls: 3 } });
    const deployed = await hosthatch.deployServer({ ...DEPLOY });
    const seen: string[] = [];
    const status = await waitForStatus(
      hosthatch,
      { server: deployed.server_id, status: "online" },
      {
        ...FAST,
        onStatus: (s, poll) => seen.push(`${poll}:${s}`),
      },
    );
    expect(status).toBe("online");
    expect(seen).toEqual(["1:offline", "2:offline", "3:offline", "4:online"]);
  });

  it("returns at once when the server is already there, and accepts a list or a test", async () => {
    const { fake, hosthatch } = inMemory();
    expect(await waitForStatus(hosthatch, { server: 112233, status: "online" }, FAST)).toBe("online");
    expect(fake.counters.statusPolls).toBe(1);
    await hosthatch.shutdownServer({ server: 112233 });
    expect(await waitForStatus(hosthatch, { server: 112233, status: ["offline", "stopped"] }, FAST)).toBe("offline");
    await hosthatch.bootServer({ server: 112233 });
    expect(await waitForStatus(hosthatch, { server: 112233, status: (s) => s !== "offline" }, FAST)).toBe("online");
  });

  it("gives up after timeoutMs with a WaitForStatusTimeoutError naming the last status", async () => {
    const { fake, hosthatch } = inMemory();
    const error = await rejection(
      waitForStatus(hosthatch, { server: 112230, status: "online" }, { intervalMs: 5, timeoutMs: 1_500 }),
    );
    expect(isWaitForStatusTimeoutError(error)).toBe(true);
    if (!isWaitForStatusTimeoutError(error)) return;
    expect(error).toMatchObject({ server: 112230, lastStatus: "offline", timeoutMs: 1_500 });
    expect(error.polls).toBeGreaterThanOrEqual(1);
    expect(error.polls).toBe(fake.counters.statusPolls);
    expect(error.message).toContain('did not reach status "online" within 1500 ms');
  });

  it("bounds a poll that hangs by the same timeout", async () => {
    const { fake, hosthatch } = inMemory();
    fake.inject({ delayMs: 10_000 });
    const error = await rejection(
      waitForStatus(hosthatch, { server: 112233, status: "online" }, { intervalMs: 1, timeoutMs: 50 }),
    );
    expect(isWaitForStatusTimeoutError(error) && error.lastStatus).toBeUndefined();
  });

  it("stops with an AbortError when the caller aborts, during a pause or a poll", async () => {
    const { hosthatch } = inMemory();
    const controller = new AbortController();
    const waiting = waitForStatus(
      hosthatch,
      { server: 112230, status: "online" },
      {
        intervalMs: 10_000,
        onStatus: () => controller.abort(),
        signal: controller.signal,
      },
    );
    expect(isAbortError(await rejection(waiting))).toBe(true);
    expect(
      isAbortError(
        await rejection(
          waitForStatus(hosthatch, { server: 112233, status: "online" }, { signal: AbortSignal.abort() }),
        ),
      ),
    ).toBe(true);
  });

  it("passes on the error of a status call, e.g. a server that does not exist", async () => {
    const { hosthatch } = inMemory();
    expect(isNotFoundError(await rejection(waitForStatus(hosthatch, { server: 1, status: "online" }, FAST)))).toBe(
      true,
    );
  });

  it("refuses a timeout or interval that would not end", async () => {
    const client = {} as HostHatchClient;
    await expect(
      waitForStatus(client, { server: 1, status: "online" }, { timeoutMs: Number.POSITIVE_INFINITY }),
    ).rejects.toThrow(RangeError);
    await expect(waitForStatus(client, { server: 1, status: "online" }, { intervalMs: 0 })).rejects.toThrow(RangeError);
  });
});
