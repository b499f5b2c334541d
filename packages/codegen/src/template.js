// @ts-check
/**
 * A deliberately tiny template language for the files in `packages/codegen/templates/`:
 * `{{key}}` inserts a value, `{{#key}}…{{/key}}` keeps its body when the value is truthy and `{{^key}}…{{/key}}`
 * when it is falsy. A section that fills whole lines leaves no blank line behind. An unknown key is an error, so
 * a typo in a template cannot ship a literal `{{…}}`.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Where the templates live. */
export const TEMPLATES_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "templates");

/**
 * @param {string} template
 * @param {Record<string, unknown>} values
 * @param {string} [label] names the template in errors
 */
export function renderTemplate(template, values, label = "template") {
  const value = (key) => {
    if (!(key in values)) throw new Error(`${label}: no value for {{${key}}}`);
    return values[key];
  };
  const pick = (kind, key, body) => ((kind === "#") === Boolean(value(key)) ? body : "");
  // Sections on lines of their own take their lines with them; sections inside a line keep the line.
  const blockSection = /^[ \t]*\{\{([#^])([A-Za-z0-9_]+)\}\}[ \t]*\r?\n([\s\S]*?)^[ \t]*\{\{\/\2\}\}[ \t]*(?:\r?\n|$)/m;
  const inlineSection = /\{\{([#^])([A-Za-z0-9_]+)\}\}([\s\S]*?)\{\{\/\2\}\}/;
  let out = template;
  for (const section of [blockSection, inlineSection]) {
    for (let m = section.exec(out); m; m = section.exec(out)) {
      out = out.slice(0, m.index) + pick(m[1], m[2], m[3]) + out.slice(m.index + m[0].length);
    }
  }
  return out.replace(/\{\{([A-Za-z0-9_]+)\}\}/g, (_, key) => String(value(key)));
}

/**
 * Reads and renders `templates/<name>`.
 * @param {string} name path under `templates/`, e.g. `package/src/index.ts.tmpl`
 * @param {Record<string, unknown>} values
 */
export async function renderTemplateFile(name, values) {
  return renderTemplate(await readFile(join(TEMPLATES_DIR, name), "utf8"), values, `templates/${name}`);
}
