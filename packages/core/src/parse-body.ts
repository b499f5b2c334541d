/** A response body after a safe parse: never throws, whatever the text. */
export type ParsedBody =
  | {
      /** No body at all (or only whitespace). */
      kind: "empty";
    }
  | {
      /** A JSON body. */
      kind: "json";
      /** The parsed JSON. */
      value: unknown;
    }
  | {
      /** A body that is not JSON. */
      kind: "text";
      /** The body as text. */
      text: string;
      /** Why it is not JSON: an HTML page (a proxy or gateway error?) or anything else. */
      reason: "html" | "not-json";
    };

/** Parses a fully read body: JSON when it is JSON, else text with the reason it is not. */
export function parseBody(text: string, contentType: string | null): ParsedBody {
  if (!/\S/.test(text)) return { kind: "empty" };
  if (/html/i.test(contentType ?? "") || /^\s*<(!doctype|html|head|body)/i.test(text)) {
    return { kind: "text", text, reason: "html" };
  }
  try {
    return { kind: "json", value: JSON.parse(text) };
  } catch {
    return { kind: "text", text, reason: "not-json" };
  }
}

/** Reads a dot path (`a.b.c`) from a parsed body; `""` is the body itself. Never throws. */
export function getPath(value: unknown, path: string): unknown {
  return path === ""
    ? value
    : path
        .split(".")
        .reduce<unknown>(
          (current, key) =>
            current && typeof current === "object" ? (current as Record<string, unknown>)[key] : undefined,
          value,
        );
}
