// Hatebase part of the demo (archival: the service was retired in 2022; this runs against the stateful fake).
// Session tokens, a paged vocabulary, errors in a 200 body, the response cache and an asynchronous analysis.
import {
  analyzeAndWait,
  createHatebaseClient,
  downloadVocabulary,
  isApiError,
  isPageLimitError,
  MemoryStore,
  responseCache,
} from "@hatchery/hatebase";
import { createHatebaseFake, serve } from "@hatchery/hatebase/testing";

export async function run(log) {
  const fake = createHatebaseFake({ terms: 230, analysisPolls: 2 });
  const server = await serve(fake.handler);
  try {
    const hatebase = createHatebaseClient({
      apiKey: fake.apiKey,
      baseUrl: `${server.url}/{version}`, // the version option (4-4) fills {version}
      cache: responseCache({ ttlMs: 60_000 }),
    });

    // Five concurrent calls, no token yet: one authenticate serves them all.
    await Promise.all(
      ["EXV0001", "EXV0002", "EXV0003", "EXV0004", "EXV0005"].map((id) =>
        hatebase.getVocabularyDetails({ vocabulary_id: id }),
      ),
    );
    log(`5 concurrent calls -> ${fake.counters.authentications} authenticate request (token in the form body)`);

    const first = await hatebase.getVocabulary({ language: "ENG" });
    const term = first.items[0];
    log(
      `getVocabulary(ENG) -> page ${first.info.page} of ${first.info.lastPage}, ${first.body.number_of_results} terms; ` +
        `"${term?.term}" offensiveness ${term?.average_offensiveness} (${typeof term?.average_offensiveness}, sent as a string)`,
    );
    const all = await hatebase.getVocabulary().toArray();
    log(`iterating getVocabulary() -> ${all.length} terms over ${fake.counters.calls.get_vocabulary - 1} pages`);

    const again = await hatebase.getVocabulary({ language: "ENG" }).firstPage();
    log(`the same query again -> served from the cache: ${again.items.length} terms, no request`);

    fake.expireTokens();
    await hatebase.getSightings({ year: 2020, country: "XA" });
    log(
      `token expired (code 1004) -> renewed once, call retried; authenticate requests: ${fake.counters.authentications}`,
    );

    try {
      await hatebase.getSightings({ year: 2020, city: "Sampleton" });
    } catch (error) {
      if (!isApiError(error)) throw error;
      log(`error in an HTTP ${error.status} body -> ApiError code ${error.code}: ${error.validationMessages[0]}`);
    }

    const analysis = await analyzeAndWait(
      hatebase,
      { content: `A synthetic sentence that mentions ${term?.term} for the fake analyzer.`, language: "ENG" },
      { intervalMs: 10 },
    );
    log(`analyzeAndWait -> complete after polling: result ${analysis.result}, term "${analysis.term}"`);

    const trial = createHatebaseFake({ plan: "trial", terms: 230 });
    const trialServer = await serve(trial.handler);
    try {
      const trialClient = createHatebaseClient({ apiKey: trial.apiKey, baseUrl: `${trialServer.url}/{version}` });
      try {
        for await (const _ of trialClient.getVocabulary());
      } catch (error) {
        if (!isPageLimitError(error)) throw error;
        log(`trial plan -> ${error.message}`);
      }
      const snapshot = await downloadVocabulary(trialClient, { store: new MemoryStore() });
      log(
        `downloadVocabulary on a trial plan -> ${snapshot.terms.length} terms stored, complete: ${snapshot.complete}`,
      );
    } finally {
      await trialServer.close();
    }
  } finally {
    await server.close();
  }
}
