/** The workspace root. */
export function workspaceRoot(): string;
/** Parses `specs/<provider>.yaml`. */
export function loadSpec(provider: string): any;
/** Every operation of a spec. */
export function listOperations(spec: any): { id: string; method: string; path: string; operation: any }[];
/** Validates response bodies against the spec's own schemas. */
export function createContractChecker(spec: any): {
  check(operationId: string, status: number, body: unknown): string[];
  assertValid(operationId: string, status: number, body: unknown): void;
};
/** Every example in the spec validated against its schema. */
export function validateSpecExamples(spec: any): { where: string; problems: string[] }[];
/** Names of every error class (`HatcheryError` and subclasses) and `is…Error` guard a module exports, sorted. */
export function errorExportNames(core: Record<string, unknown>): string[];
/** Error answers that are not the API's JSON (proxy, gateway and framework pages), with the expected excerpt. */
export const NON_JSON_ANSWERS: readonly {
  name: string;
  status: number;
  contentType: string;
  body: string;
  excerpt: string;
}[];
/** Registers the non-JSON error suite (one test per {@link NON_JSON_ANSWERS} entry) for one provider's call. */
export function nonJsonErrorSuite<
  F extends { handler: (request: Request) => Promise<Response>; inject(fault: any): void },
  C,
>(
  vitest: {
    afterAll: (fn: () => unknown) => void;
    beforeAll: (fn: () => unknown) => void;
    describe: (name: string, fn: () => void) => void;
    expect: any;
    it: (name: string, fn: () => Promise<void>) => void;
  },
  options: {
    fake: F;
    serve: (handler: F["handler"]) => Promise<{ url: string; close(): Promise<void> }>;
    client: (baseUrl: string) => C;
    call: (client: C) => PromiseLike<unknown>;
    method: string;
    path: string;
    isUnexpectedResponseError: (error: unknown) => boolean;
  },
): void;
/** The nested inputs (`{ params, body }`) the serialization suite tries for one operation of a spec. */
export function sampleInputs(spec: any, path: string, method: string): { params: any; body: unknown }[];
/**
 * Registers one test per operation of `spec`: the request core plans (`planRequest`) for each sample input equals
 * the one openapi-fetch builds with core's path and body serializers.
 */
export function serializationSuite(
  vitest: {
    describe: (name: string, fn: () => void) => void;
    it: (name: string, fn: () => Promise<void>) => void;
    expect: any;
  },
  options: { spec: any; operations: Record<string, any>; core: any; name: string },
): void;
