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
