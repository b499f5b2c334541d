import { describe, expect, test } from "vitest";
import { bodyExcerpt } from "../src/body-excerpt.js";
import {
  createCoreClient,
  type EnvelopeKind,
  isBadRequestError,
  isInternalServerError,
  isNotFoundError,
  isPermissionDeniedError,
  isRateLimitError,
  isUnexpectedResponseError,
  type ProviderSpec,
} from "../src/index.js";
import { serve } from "../src/testing/index.js";
import { ops, rejection } from "./helpers.js";

const NGINX_502 =
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const LARAVEL_406 =
  '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Not Acceptable</title>\n<style>body{font:14px sans-serif}</style>\n</head>\n<body><div class="code">406</div><div>Not Acceptable</div></body>\n</html>\n';

describe("bodyExcerpt (pure)", () => {
  const cases: [string, string, string][] = [
    ["an HTML page's title", NGINX_502, "502 Bad Gateway"],
    ["a title with spaces and lines", "<title>\n  Bad   Gateway\n</title>", "Bad Gateway"],
    [
      "no title: the text without tags, scripts or styles",
      "<html><style>p{}</style><p>Service <b>down</b></p></html>",
      "Service down",
    ],
    ["an empty title: the text instead", "<title> </title><h1>Oops</h1>", "Oops"],
    ["plain text as it is", "upstream connect error", "upstream connect error"],
    ["a long text, cut", "x".repeat(300), `${"x".repeat(119)}…`],
  ];
  for (const [name, given, want] of cases) {
    test(name, () => {
      expect(bodyExcerpt(given)).toBe(want);
    });
  }
});

/** Whatever the status, an answer that is not the API's JSON is an UnexpectedResponseError. */
const answers: {
  name: string;
  status: number;
  type: string;
  body: string;
  excerpt: string;
  also?: (e: unknown) => boolean;
}[] = [
  {
    name: "502 HTML from nginx",
    status: 502,
    type: "text/html",
    body: NGINX_502,
    excerpt: "502 Bad Gateway",
    also: isInternalServerError,
  },
  {
    name: "406 HTML from the framework",
    status: 406,
    type: "text/html; charset=UTF-8",
    body: LARAVEL_406,
    excerpt: "Not Acceptable",
  },
  {
    name: "503 plain text",
    status: 503,
    type: "text/plain",
    body: "no healthy upstream",
    excerpt: "no healthy upstream",
    also: isInternalServerError,
  },
  {
    name: "500 not-JSON labelled JSON",
    status: 500,
    type: "application/json",
    body: "Internal Server Error{",
    excerpt: "Internal Server Error{",
    also: isInternalServerError,
  },
  {
    name: "400 HTML",
    status: 400,
    type: "text/html",
    body: "<title>400 Bad Request</title>",
    excerpt: "400 Bad Request",
    also: isBadRequestError,
  },
  {
    name: "403 HTML from a WAF",
    status: 403,
    type: "text/html",
    body: "<html><body><h1>Access denied</h1> by the firewall</body></html>",
    excerpt: "Access denied by the firewall",
    also: isPermissionDeniedError,
  },
  {
    name: "404 HTML",
    status: 404,
    type: "text/html",
    body: "<title>404 Not Found</title>",
    excerpt: "404 Not Found",
    also: isNotFoundError,
  },
  {
    name: "429 HTML from a CDN",
    status: 429,
    type: "text/html",
    body: "<title>Too Many Requests</title>",
    excerpt: "Too Many Requests",
    also: isRateLimitError,
  },
  { name: "200 HTML (as before)", status: 200, type: "text/html", body: "<title>Login</title>", excerpt: "Login" },
];

const kinds: EnvelopeKind[] = ["data", "result-data", "unwrapped", "hatebase"];

describe("a non-JSON answer is an UnexpectedResponseError with status, method, URL and an excerpt (loopback)", () => {
  for (const kind of kinds) {
    for (const answer of answers) {
      test(`${kind} envelope: ${answer.name}`, async () => {
        const server = await serve(
          async () => new Response(answer.body, { status: answer.status, headers: { "content-type": answer.type } }),
        );
        try {
          const provider: ProviderSpec = {
            name: "Tiny",
            baseUrl: "https://api.tiny.test",
            envelope: { kind, payload: "" },
            auth: { kind: "bearer" },
          };
          const client = createCoreClient<never>({
            provider,
            operations: ops,
            options: { apiKey: "sk_live_SECRET_0001", baseUrl: server.url, retry: false },
          });
          const error = await rejection(client.call(ops.getThing, { params: { path: { id: "t 1" } } }));
          expect(isUnexpectedResponseError(error)).toBe(true);
          expect((error as Error).name).toBe("UnexpectedResponseError");
          const url = `${server.url}/things/t%201`;
          expect(error).toMatchObject({ status: answer.status, method: "GET", url });
          expect((error as Error).message).toContain(`GET ${url} failed with status ${answer.status}`);
          expect((error as Error).message).toContain(JSON.stringify(answer.excerpt));
          expect(String((error as { body: unknown }).body)).toBe(answer.body.slice(0, 2000));
          // Code that branches on the status keeps working: the status's own guard holds too.
          if (answer.also) expect(answer.also(error)).toBe(true);
        } finally {
          await server.close();
        }
      });
    }
  }

  test("a secret in the page is scrubbed from the excerpt and the body", async () => {
    const server = await serve(
      async (request) =>
        new Response(`<title>Bad gateway for ${request.headers.get("authorization")}</title>`, {
          status: 502,
          headers: { "content-type": "text/html" },
        }),
    );
    try {
      const client = createCoreClient<never>({
        provider: {
          name: "Tiny",
          baseUrl: "https://x.test",
          envelope: { kind: "data", payload: "data" },
          auth: { kind: "bearer" },
        },
        operations: ops,
        options: { apiKey: "sk_live_SECRET_0001", baseUrl: server.url, retry: false },
      });
      const error = await rejection(client.call(ops.listThings));
      expect(JSON.stringify(error) + (error as Error).message).not.toContain("sk_live_SECRET_0001");
      expect((error as Error).message).toContain("Bad gateway for Bearer [REDACTED]");
    } finally {
      await server.close();
    }
  });
});
