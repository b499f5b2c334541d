// @ts-check
/**
 * Edits of the workspace's registries for a new provider. Each inserts one entry into the file as it is now
 * (never rewrites it from a list of its own), in alphabetical order where the registry is sorted, so that
 * registrations made on other branches merge cleanly. Each returns the text unchanged when the entry is there
 * already, and `undefined` when the file does not have the shape it expects (the caller says to add it by hand).
 */

/** `a` before `b` in the registries' alphabetical order. */
const before = (a, b) => a.localeCompare(b, "en") < 0;

/**
 * Registers a chaos adapter in `packages/chaos/src/providers/index.ts`: an `import { <identifier> } from
 * "./<dir>.js";` among the other adapters' imports, and `<identifier>` in the `adapters` array.
 * @param {string} source
 * @param {{ identifier: string, dir: string }} adapter
 * @returns {string | undefined}
 */
export function registerChaosAdapter(source, { identifier, dir }) {
  const module = `./${dir}.js`;
  if (source.includes(`"${module}"`)) return source;
  const array = /(export const adapters\b[^=]*=\s*\[)([^\]]*)(\])/.exec(source);
  if (!array) return undefined;
  const [whole, open, inner, close] = array;
  if (/\/[/*]/.test(inner)) return undefined; // comments in the list: leave it to a person
  const entries = inner
    .split(",")
    .map((e) => e.trim())
    .filter(Boolean);
  const at = entries.findIndex((e) => before(identifier, e));
  entries.splice(at === -1 ? entries.length : at, 0, identifier);
  const list = inner.includes("\n") ? `\n${entries.map((e) => `  ${e},\n`).join("")}` : entries.join(", ");
  let out = source.slice(0, array.index) + open + list + close + source.slice(array.index + whole.length);

  // The import, among the adapters' own (`./<dir>.js`), by module path.
  const lines = out.split("\n");
  const local = lines.flatMap((line, i) => {
    const m = /^import\s+\{[^}]*\}\s+from\s+"(\.\/[^"]+)";\s*$/.exec(line);
    return m && m[1] !== "../adapter.js" ? [{ i, module: /** @type {string} */ (m[1]) }] : [];
  });
  const next = local.find((l) => before(module, l.module));
  const lastImport = lines.reduce((last, line, i) => (/^import\s/.test(line) ? i : last), -1);
  const index = next ? next.i : local.length ? (local.at(-1)?.i ?? 0) + 1 : lastImport + 1;
  lines.splice(index, 0, `import { ${identifier} } from "${module}";`);
  out = lines.join("\n");
  return out;
}

/**
 * Adds `name: range` to a package.json's `dependencies` (or another field), keeping it sorted.
 * @param {string} text package.json
 * @param {string} name
 * @param {string} range
 * @param {string} [field]
 */
export function addDependency(text, name, range, field = "dependencies") {
  const pkg = JSON.parse(text);
  if (pkg[field]?.[name] === range) return text;
  const deps = { ...pkg[field], [name]: range };
  pkg[field] = Object.fromEntries(Object.entries(deps).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/**
 * Inserts a provider's row (source text, two-space indented, ending in a line break) into `PROVIDERS` in
 * `packages/release-test/src/providers.mjs`, before the first row whose name sorts after it.
 * @param {string} source
 * @param {string} packageName
 * @param {string} row
 * @returns {string | undefined}
 */
export function addReleaseRow(source, packageName, row) {
  const key = JSON.stringify(packageName);
  const start = /export const PROVIDERS\b[^=]*=\s*\{[ \t]*\n/.exec(source);
  if (!start) return undefined;
  const bodyStart = start.index + start[0].length;
  const end = source.indexOf("\n};", bodyStart - 1);
  if (end === -1) return undefined;
  const body = source.slice(bodyStart, end + 1);
  if (body.includes(`\n  ${key}:`) || body.startsWith(`  ${key}:`)) return source;
  // Top-level rows start at two spaces of indentation with a quoted name.
  const rows = [...body.matchAll(/^ {2}("(?:[^"\\]|\\.)*"):/gm)].map((m) => ({
    at: bodyStart + /** @type {number} */ (m.index),
    name: JSON.parse(/** @type {string} */ (m[1])),
  }));
  const next = rows.find((r) => before(packageName, r.name));
  if (next) return source.slice(0, next.at) + row + source.slice(next.at);
  // Last: after the final row, which needs its trailing comma.
  const head = source.slice(0, end + 1).replace(/([^,{\s])(\s*)$/, "$1,$2");
  return head + row + source.slice(end + 1);
}

/**
 * Adds an install budget to `packages/release-test/budgets.json` (`install.<name>`), keeping the names sorted.
 * @param {string} text
 * @param {string} packageName
 * @param {{ packages: number, unpackedKB: number }} budget
 */
export function addInstallBudget(text, packageName, budget) {
  const budgets = JSON.parse(text);
  if (budgets.install?.[packageName]) return text;
  const install = { ...budgets.install, [packageName]: budget };
  budgets.install = Object.fromEntries(Object.entries(install).sort(([a], [b]) => a.localeCompare(b)));
  return `${JSON.stringify(budgets, null, 2)}\n`;
}

/**
 * Adds a row to the README's install-budget table (the table whose header starts with `| package | packages
 * installed`), at its end. Unchanged when the table lists the package already or there is no such table.
 * @param {string} readme
 * @param {string} row a whole table row
 * @param {string} packageName
 */
export function addBudgetRow(readme, row, packageName) {
  const lines = readme.split("\n");
  const header = lines.findIndex((l) => /^\|\s*package\s*\|\s*packages installed/i.test(l));
  if (header === -1) return readme;
  let end = header + 1;
  while (end < lines.length && lines[end]?.startsWith("|")) {
    if (lines[end]?.includes(`\`${packageName}\``)) return readme;
    end++;
  }
  lines.splice(end, 0, row);
  return lines.join("\n");
}
