/**
 * A short, readable excerpt of a body that is not JSON, for an error message: an HTML page's `<title>` (or its
 * text without tags), any other text as it is; whitespace collapsed, cut to `max` characters. Scrub secrets
 * from `text` before calling this: a cut through a secret leaves a piece no scrub recognises.
 * `<html><head><title>502 Bad Gateway</title>…` -> `502 Bad Gateway`.
 */
export function bodyExcerpt(text: string, max = 120): string {
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(text)?.[1];
  const plain = (title && title.trim() !== "" ? title : text)
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}
