// @ts-check
/**
 * Values as JavaScript/TypeScript source for the files `pnpm new-provider` writes: object keys unquoted where
 * they can be, strings in double quotes, and {@link code} for an expression to insert as it is (a variable).
 */

/** An expression inserted into a {@link literal} as it is. */
export class Code {
  /** @param {string} text */
  constructor(text) {
    this.text = text;
  }
}

/**
 * Marks `text` as source to insert unquoted, e.g. `literal({ title: code("marker") })` -> `{ title: marker }`.
 * @param {string} text
 */
export const code = (text) => new Code(text);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A value as a source literal on one line (Biome wraps it where it is too long).
 * @param {unknown} value JSON-like data, possibly holding {@link Code}
 * @returns {string}
 */
export function literal(value) {
  if (value instanceof Code) return value.text;
  if (value === undefined) return "undefined";
  if (Array.isArray(value)) return `[${value.map(literal).join(", ")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value).map(([key, v]) => {
      const plain = IDENTIFIER.test(key) && key !== "__proto__";
      if (plain && v instanceof Code && v.text === key) return key; // `{ id }`, not `{ id: id }`
      return `${plain ? key : JSON.stringify(key)}: ${literal(v)}`;
    });
    return entries.length ? `{ ${entries.join(", ")} }` : "{}";
  }
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/** Words that cannot name a variable. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for " +
    "function if implements import in instanceof interface let new null package private protected public return " +
    "static super switch this throw true try typeof var void while with yield await arguments eval undefined"
  ).split(" "),
);

/**
 * `happy-grasshopper` -> `happyGrasshopper`; a reserved word or one of `taken` gets `suffix` appended.
 * @param {string} name a provider name
 * @param {readonly string[]} [taken]
 * @param {string} [suffix]
 */
export function camelCase(name, taken = [], suffix = "Adapter") {
  const camel = name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
  return RESERVED.has(camel) || taken.includes(camel) ? `${camel}${suffix}` : camel;
}

/**
 * `text` wrapped into comment lines that start with `prefix` (e.g. `" * "` or `"// "`), at most `width` wide
 * (a word longer than the line stays whole); lines after the first start with `continuation`.
 * @param {string} text
 * @param {string} prefix
 * @param {number} [width]
 * @param {string} [continuation]
 */
export function commentLines(text, prefix, width = 120, continuation = prefix) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const start = lines.length ? continuation : prefix;
    if (line && start.length + line.length + 1 + word.length > width) {
      lines.push(start + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push((lines.length ? continuation : prefix) + line);
  return lines;
}
