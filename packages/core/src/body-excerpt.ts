/**
 * A short, readable excerpt of a body that is not JSON, for an error message: an HTML page's `<title>` (or its
 * text without tags, scripts and styles), any other text as it is; whitespace collapsed, cut to `max`
 * characters. Scrub secrets from `text` first: a cut through a secret leaves a piece no scrub recognises.
 * `<html><head><title>502 Bad Gateway</title>…` -> `502 Bad Gateway`.
 */
export function bodyExcerpt(text: string, max = 120): string {
  const plain = (
    /<title[^>]*>([^<]*[^<\s][^<]*)/i.exec(text)?.[1] ?? text.replace(/<(script|style)[\s\S]*?<\/\1>|<[^>]*>/gi, " ")
  )
    .replace(/\s+/g, " ")
    .trim();
  return plain.length > max ? `${plain.slice(0, max - 1)}…` : plain;
}
