/** A response body after a safe parse: never throws, whatever the bytes. */
export type ParsedBody =
  | {
      /** No body at all. */
      kind: "empty";
    }
  | {
      /** A JSON body. */
      kind: "json";
      /** The parsed JSON. */
      value: unknown;
      /** The body as text. */
      text: string;
    }
  | {
      /** A body that is not JSON. */
      kind: "text";
      /** The body as text. */
      text: string;
      /** Why it is not JSON: an HTML page (a proxy or gateway error?) or anything else. */
      reason: "html" | "not-json";
    };

const decoder = new TextDecoder("utf-8", { fatal: false });

/** Parses a fully read body: JSON when it is JSON, else text with the reason it is not. */
export function parseBody(bytes: Uint8Array, contentType: string | null): ParsedBody {
  const text = decoder.decode(bytes);
  if (text.trim() === "") return { kind: "empty" };
  const type = (contentType ?? "").toLowerCase();
  if (type.includes("html") || /^\s*<(!doctype|html|head|body)/i.test(text))
    return { kind: "text", text, reason: "html" };
  try {
    return { kind: "json", value: JSON.parse(text), text };
  } catch {
    return { kind: "text", text, reason: "not-json" };
  }
}

/** Reads a dot path (`a.b.c`) from a parsed body; `""` is the body itself. Never throws. */
export function getPath(value: unknown, path: string): unknown {
  if (path === "") return value;
  let current = value;
  for (const key of path.split(".")) {
    if (current === null || typeof current !== "object") return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
