import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  analyzeAndWait,
  createHatebaseClient,
  downloadVocabulary,
  FileStore,
  isAbortError,
  isAnalysisTimeoutError,
  isTimeoutError,
  loadVocabulary,
  MemoryStore,
  responseCache,
  VOCABULARY_STORE_KEY,
} from "../src/index.js";
import { rejection, setup } from "./helpers.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hatebase-test-"));
  dirs.push(dir);
  return dir;
}

describe("analyzeAndWait", () => {
  it("submits once, polls until complete and returns the outcome with its request id", async () => {
    const { client, fake } = await setup({ fake: { analysisPolls: 3 } });
    const term = fake.state.terms[5]?.term ?? "";
    const pending: number[] = [];
    let submitted: unknown;
    const analysis = await analyzeAndWait(
      client,
      { content: `This synthetic text mentions ${term} for the analyzer.` },
      { intervalMs: 1, onPending: (n) => pending.push(n), onSubmitted: (id) => (submitted = id) },
    );
    expect(analysis).toMatchObject({ complete: true, result: true, term, request_id: submitted });
    expect(pending).toEqual([1, 2, 3]);
    expect(fake.counters.analysesQueued).toBe(1);
    expect(fake.counters.calls.get_analysis).toBe(4);
  });

  it("gives up after timeoutMs with an AnalysisTimeoutError that names the request id", async () => {
    const { client, fake } = await setup({ fake: { analysisPolls: 1000 } });
    const error = await rejection(
      analyzeAndWait(
        client,
        { content: "A text that will never finish in the fake." },
        { intervalMs: 5, timeoutMs: 30 },
      ),
    );
    expect(isAnalysisTimeoutError(error)).toBe(true);
    expect(isTimeoutError(error)).toBe(true);
    const id = [...fake.state.analyses.keys()][0];
    expect(error).toMatchObject({ requestId: id, timeoutMs: 30 });
    expect((error as { polls: number }).polls).toBe(fake.counters.calls.get_analysis);
    expect(String((error as Error).message)).toContain(String(id));
  });

  it("stops at once when aborted, even between polls", async () => {
    const { client } = await setup({ fake: { analysisPolls: 1000 } });
    const controller = new AbortController();
    const reason = new Error("user gave up");
    const error = await rejection(
      analyzeAndWait(
        client,
        { content: "A text that will never finish in the fake." },
        {
          intervalMs: 60_000,
          signal: controller.signal,
          onPending: () => controller.abort(reason),
        },
      ),
    );
    expect(error === reason || isAbortError(error)).toBe(true);
  });

  it("refuses a negative interval or a non-positive timeout before sending", async () => {
    const { client, fake } = await setup();
    await expect(analyzeAndWait(client, { content: "x".repeat(30) }, { timeoutMs: 0 })).rejects.toThrow(RangeError);
    expect(fake.counters.requests).toBe(0);
  });
});

describe("downloadVocabulary", () => {
  it("downloads every page into the store; loadVocabulary reads it back", async () => {
    const { client, calls } = await setup({ fake: { terms: 230 } });
    const store = new MemoryStore();
    const pages: [number, number | undefined][] = [];
    const snapshot = await downloadVocabulary(client, { store, onPage: (p, last) => pages.push([p, last]) });
    expect(snapshot).toMatchObject({ complete: true, pages: 3, numberOfResults: 230, filters: {} });
    expect(snapshot.terms.length).toBe(230);
    expect(pages).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    expect(calls("get_vocabulary")).toBe(3);
    expect(await loadVocabulary(store)).toEqual(snapshot);
    expect(await loadVocabulary(store, "other")).toBeUndefined();
  });

  it("with filters, stores the filtered part under the given key", async () => {
    const { client, fake } = await setup();
    const store = new MemoryStore();
    const snapshot = await downloadVocabulary(client, {
      store,
      key: "eng",
      // An untyped caller's page is dropped: the download sets it.
      filters: { language: "ENG", page: 3 } as never,
    });
    expect(snapshot.terms.length).toBe(fake.state.terms.filter((t) => t.language === "ENG").length);
    expect(snapshot.filters).toEqual({ language: "ENG" });
    expect(await loadVocabulary(store, VOCABULARY_STORE_KEY)).toBeUndefined();
    expect((await loadVocabulary(store, "eng"))?.terms.length).toBe(snapshot.terms.length);
  });

  it("on a trial plan, keeps page 1 and says the snapshot is incomplete, and why", async () => {
    const { client } = await setup({ fake: { plan: "trial", terms: 230 } });
    const store = new MemoryStore();
    const snapshot = await downloadVocabulary(client, { store });
    expect(snapshot).toMatchObject({ complete: false, pages: 1 });
    expect(snapshot.terms.length).toBe(100);
    expect(snapshot.incompleteReason).toContain("trial plans are limited to page 1");
  });

  it("any other failure throws and stores nothing", async () => {
    const { client, fake } = await setup();
    fake.inject({ status: 500, times: 10, match: { path: "/4-4/get_vocabulary" } });
    const store = new MemoryStore();
    await rejection(downloadVocabulary(client, { store }));
    expect(store.size).toBe(0);
  });
});

describe("the response cache", () => {
  it("serves an identical read from the cache: no second query reaches Hatebase", async () => {
    const { client, calls } = await setup({ client: { cache: responseCache({ ttlMs: 60_000 }) } });
    const first = await client.getVocabularyDetails({ vocabulary_id: "EXV0001" }).withResponse();
    const again = await client.getVocabularyDetails({ vocabulary_id: "EXV0001" }).withResponse();
    expect(again.data).toEqual(first.data);
    expect(again.fromCache).toBe(true);
    expect(calls("get_vocabulary_details")).toBe(1);
    await client.getVocabularyDetails({ vocabulary_id: "EXV0002" });
    expect(calls("get_vocabulary_details")).toBe(2);
  });

  it("caches pages of a list, and never analyze; getAnalysis only once complete", async () => {
    const { client, calls } = await setup({ client: { cache: responseCache() }, fake: { analysisPolls: 1 } });
    await client.getVocabulary().toArray();
    await client.getVocabulary().toArray();
    expect(calls("get_vocabulary")).toBe(3);
    const text = { content: "The same synthetic text, sent twice on purpose." };
    const a = await client.analyze(text);
    const b = await client.analyze(text);
    expect(a.request_id).not.toEqual(b.request_id);
    const poll = { request_id: a.request_id };
    expect((await client.getAnalysis(poll)).complete).toBe(false);
    expect((await client.getAnalysis(poll)).complete).toBe(true);
    expect((await client.getAnalysis(poll)).complete).toBe(true);
    expect(calls("get_analysis")).toBe(2);
  });

  it("a cache hit needs no token: a fresh client with a shared store sends nothing at all", async () => {
    const store = new MemoryStore();
    const one = await setup({ client: { cache: responseCache({ store }) } });
    const url = one.url;
    await one.client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    const two = createHatebaseClient({
      apiKey: one.fake.apiKey,
      baseUrl: `${url}/{version}`,
      cache: responseCache({ store }),
    });
    const requests = one.fake.counters.requests;
    expect((await two.getVocabularyDetails({ vocabulary_id: "EXV0001" })).vocabulary_id).toBe("EXV0001");
    expect(one.fake.counters.requests).toBe(requests);
  });
});

describe("FileStore", () => {
  it("keeps entries across instances, in private files, without the token or the key", async () => {
    const dir = await tempDir();
    const one = await setup({ client: { cache: responseCache({ store: new FileStore(dir) }) } });
    await one.client.getVocabularyDetails({ vocabulary_id: "EXV0001" });
    const files = await readdir(dir);
    expect(files.length).toBe(1);
    const text = await readFile(join(dir, files[0] as string), "utf8");
    expect(text).not.toContain(one.fake.apiKey);
    for (const token of one.fake.state.tokens.keys()) expect(text).not.toContain(token);

    // A new client (a new process, say) on the same API: the answer comes from the files.
    const two = createHatebaseClient({
      apiKey: one.fake.apiKey,
      baseUrl: `${one.url}/{version}`,
      cache: responseCache({ store: new FileStore(dir) }),
    });
    const requests = one.fake.counters.requests;
    expect((await two.getVocabularyDetails({ vocabulary_id: "EXV0001" })).vocabulary_id).toBe("EXV0001");
    expect(one.fake.counters.requests).toBe(requests);
  });

  it("get, set, delete; a missing or damaged entry is no entry", async () => {
    const dir = join(await tempDir(), "nested");
    const store = new FileStore(dir);
    expect(await store.get("k")).toBeUndefined();
    await store.set("k", { a: [1, "two"] });
    expect(await store.get("k")).toEqual({ a: [1, "two"] });
    const [file] = await readdir(dir);
    await writeFile(join(dir, file as string), "{not json");
    expect(await store.get("k")).toBeUndefined();
    await store.set("k", 1);
    await store.delete("k");
    await store.delete("k");
    expect(await store.get("k")).toBeUndefined();
  });

  it("stores a vocabulary snapshot for local use", async () => {
    const { client } = await setup({ fake: { terms: 120 } });
    const store = new FileStore(await tempDir());
    await downloadVocabulary(client, { store });
    expect((await loadVocabulary(store))?.terms.length).toBe(120);
  });
});
