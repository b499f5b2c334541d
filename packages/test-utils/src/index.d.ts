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
