// One row per provider package: how a consumer test makes one real call with the installed client against the
// package's own fake (from its `./testing` export, served on 127.0.0.1), and which body is wrong for TypeScript.
// The provider packages themselves are discovered (every non-private package under packages/ with a spec); a
// provider without a row here FAILS `pnpm test:release`, telling you to add one, so none can be left untested.
//
// Fields:
//   client     the package's client factory
//   fake       the factory of the fake in `<package>/testing`; `fake.handler` is served, `fake.apiKey` is the key
//   call       the method called, with `input` (JSON), whose result must satisfy `expect` (a JS expression on
//              `result`)
//   wrong      a call (TypeScript source, on `client`) with a wrong body: it must be a type error
//   basePath   appended to the fake's URL for the client's `baseUrl`, when the API lives under a path (its
//              version, say) as the package's README shows; none by default
//   keyField   the property of the fake holding the key it accepts; `apiKey` by default

/** @type {Record<string, {client: string, fake: string, call: string, input?: unknown, expect: string, wrong: string, basePath?: string, keyField?: string}>} */
export const PROVIDERS = {
  "@hatchery/hatch": {
    client: "createHatchClient",
    fake: "createHatchFake",
    call: "upsertContact",
    input: { source: "custom:website-form", firstName: "Ada", email: "ada@example.org" },
    expect: 'typeof result.id === "string"',
    wrong: 'client.upsertContact({ source: "custom:website-form", email: 42 })',
  },
  "@hatchery/happy-grasshopper": {
    client: "createHappyGrasshopperClient",
    fake: "createHappyGrasshopperFake",
    basePath: "/v3",
    call: "createContact",
    input: { user_id: 77180, first_name: "Ada", email: "ada@example.org" },
    expect: 'typeof result.id === "number" && result.email === "ada@example.org"',
    wrong: "client.createContact({ user_id: 77180, email: 42 })",
  },
  "@hatchery/hatebase": {
    client: "createHatebaseClient",
    fake: "createHatebaseFake",
    basePath: "/{version}",
    call: "getVocabulary",
    input: { language: "ENG" },
    expect: "Array.isArray(result.items) && result.items.length > 0",
    wrong: 'client.getVocabulary({ language: "ENG", is_about_nationality: "yes" })',
  },
  "@hatchery/hosthatch": {
    client: "createHostHatchClient",
    fake: "createHostHatchFake",
    keyField: "token",
    call: "listServers",
    expect: "Array.isArray(result.items) && result.items.length > 0",
    wrong: 'client.createKey({ description: "k", type: "sshkey", value: 42 })',
  },
  "@hatchery/leanlaw": {
    client: "createLeanLawClient",
    fake: "createLeanLawFake",
    call: "listPracticeAreas",
    expect: "Array.isArray(result.items) && result.items.length > 0",
    wrong: "client.createClient({ name: 42 })",
  },
};

/** The row of `name`, or an error telling the maintainer what to add. */
export function providerRow(name) {
  const row = PROVIDERS[name];
  if (!row) {
    throw new Error(
      `${name} is a provider package but has no row in packages/release-test/src/providers.mjs: add one (client factory, fake factory, one call and a wrong body) so its consumer test makes a real call against its fake.`,
    );
  }
  return row;
}

/** The provider whose bundled client runs in headless Chromium (a GET with a bearer key: a real CORS preflight). */
export const BROWSER_PROVIDER = "@hatchery/leanlaw";
