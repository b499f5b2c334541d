import { describe, expectTypeOf, it } from "vitest";
import {
  type AnalyzeResult,
  analyzeAndWait,
  type CompletedAnalysis,
  createHatebaseClient,
  downloadVocabulary,
  FileStore,
  type GetAnalysisResult,
  type GetSightingsItem,
  type GetVocabularyDetailsResult,
  type GetVocabularyItem,
  type GetVocabularyPage,
  type HatebaseClient,
  type KeyValueStore,
  type Page,
  rawClient,
  type VocabularySnapshot,
} from "../src/index.js";
import { createHatebaseFake, type FakeTerm, type HatebaseFake } from "../src/testing/index.js";

declare const hatebase: HatebaseClient;

describe("results are typed, with honest (coerced) types", () => {
  it("lists: items and page bodies", async () => {
    expectTypeOf(createHatebaseClient).returns.toEqualTypeOf<HatebaseClient>();
    const page = await hatebase.getVocabulary();
    expectTypeOf(page).toEqualTypeOf<Page<GetVocabularyItem, GetVocabularyPage>>();
    expectTypeOf<GetVocabularyItem["term"]>().toEqualTypeOf<string>();
    expectTypeOf<GetVocabularyItem["is_about_class"]>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<GetVocabularyItem["number_of_sightings"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<GetVocabularyItem["vocabulary_id"]>().toEqualTypeOf<string | number>();
    expectTypeOf<GetVocabularyPage["number_of_pages"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<GetSightingsItem["type"]>().toEqualTypeOf<"recipient" | "overheard" | "used" | undefined>();
    for await (const term of hatebase.getVocabulary()) expectTypeOf(term).toEqualTypeOf<GetVocabularyItem>();
  });

  it("single results are the unwrapped `result`", () => {
    expectTypeOf(hatebase.authenticate()).resolves.toHaveProperty("token").toEqualTypeOf<string>();
    expectTypeOf(
      hatebase.getVocabularyDetails({ vocabulary_id: "EXV0001" }),
    ).resolves.toEqualTypeOf<GetVocabularyDetailsResult>();
    expectTypeOf<GetVocabularyDetailsResult["nationalities"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<AnalyzeResult["request_id"]>().toEqualTypeOf<string | number>();
    expectTypeOf<GetAnalysisResult["complete"]>().toEqualTypeOf<boolean>();
    expectTypeOf<GetAnalysisResult["result"]>().toEqualTypeOf<boolean | "unknown" | undefined>();
  });

  it("the helpers", () => {
    expectTypeOf(analyzeAndWait(hatebase, { content: "x" })).resolves.toEqualTypeOf<CompletedAnalysis>();
    expectTypeOf(downloadVocabulary(hatebase)).resolves.toEqualTypeOf<VocabularySnapshot>();
    expectTypeOf<VocabularySnapshot["terms"]>().toEqualTypeOf<GetVocabularyItem[]>();
    expectTypeOf(new FileStore("dir")).toMatchTypeOf<KeyValueStore>();
    expectTypeOf(createHatebaseFake()).toEqualTypeOf<HatebaseFake>();
    expectTypeOf<FakeTerm["term"]>().toEqualTypeOf<string>();
  });
});

describe("inputs", () => {
  it("the client fills in the token and the API key: callers never pass them", () => {
    hatebase.getVocabulary();
    hatebase.getVocabulary({ language: "ENG", is_about_class: true, page: 2 });
    hatebase.authenticate();
    // @ts-expect-error the token is the client's business
    hatebase.getVocabulary({ token: "t" });
    // @ts-expect-error the API key is a client option, not an authenticate field
    hatebase.authenticate({ api_key: "k" });
  });

  it("a wrong path parameter does not compile (Hatebase has none)", () => {
    const id = "EXV0001";
    // @ts-expect-error getVocabularyDetails takes its id in the body, not the path
    hatebase.getVocabularyDetails({ id, vocabulary_id: id });
  });

  it("the nested openapi-fetch shape does not compile (it is rawClient(client)'s)", () => {
    // @ts-expect-error inputs are flat: `{ page: 2 }`, not `{ body: { page: 2 } }`
    hatebase.getVocabulary({ body: { page: 2 } });
    // @ts-expect-error inputs are flat: no `params`
    hatebase.getSightings({ year: 2020, params: { query: { year: 2020 } } });
  });

  it("a wrong body does not compile", () => {
    hatebase.getSightings({ year: 2020, country: "XA", latitude: 1, longitude: 2, radius: 50 });
    // @ts-expect-error year is required
    hatebase.getSightings({ country: "XA" });
    // @ts-expect-error year is a number
    hatebase.getSightings({ year: "2020" });
    // @ts-expect-error flags are booleans (the client sends "true"/"false")
    hatebase.getVocabulary({ is_about_class: "true" });
    // @ts-expect-error the field is keywords, not keyword
    hatebase.getVocabulary({ keyword: "x" });
    // @ts-expect-error vocabulary_id is required
    hatebase.getVocabularyDetails({});
    // @ts-expect-error the input of getVocabularyDetails is required
    hatebase.getVocabularyDetails();
    // @ts-expect-error content is required
    hatebase.analyze({ language: "ENG" });
    // @ts-expect-error request_id is required
    hatebase.getAnalysis({});
  });

  it("the raw client is typed by path", () => {
    rawClient(hatebase).POST("/get_vocabulary_details", { body: { token: "t", vocabulary_id: "EXV0001" } });
    // @ts-expect-error there is no such path (it is get_vocabulary)
    rawClient(hatebase).POST("/vocabulary", { body: {} });
    // @ts-expect-error every endpoint is a POST
    rawClient(hatebase).GET("/get_vocabulary");
  });
});
