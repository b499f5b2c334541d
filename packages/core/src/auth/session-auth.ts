import type { ApiResult } from "../api-promise.js";
import { UnexpectedResponseError } from "../errors/api-error.js";
import { AbortError, ConfigurationError } from "../errors/request-errors.js";
import type { OperationSpec, SessionAuthSpec } from "../operation.js";
import { getPath } from "../parse-body.js";
import type { Redactor } from "../redact.js";
import { isHeaderSafe } from "../safety.js";
import { isSessionRejection, type SessionFailure } from "./session-failure.js";
import { memorySessionTokens, parseExpiry, type SessionTokens } from "./session-token.js";

/** What session auth needs from the client it serves. @internal */
export interface SessionContext {
  /** The provider's session scheme. */
  spec: SessionAuthSpec;
  /** The provider's name, for messages. */
  name: string;
  /** The operation table. */
  operations: Record<string, OperationSpec>;
  /** The client's key. */
  apiKey: (() => Promise<string | undefined>) | undefined;
  /** Learns every secret (the key, each token). */
  redactor: Redactor;
  /** Runs one operation without a session token. */
  execute: (operation: OperationSpec) => Promise<ApiResult<unknown>>;
  /** Redacted URL of an operation, for errors. */
  url: (operation: OperationSpec) => string;
  /** Where tokens are kept (the client's `sessionTokens` option). */
  tokens?: SessionTokens | undefined;
}

/** The hooks session auth adds to each call. @internal */
export interface SessionHooks {
  /**
   * Adds the key (to the authenticate call) or a valid token (to any other) to a request's body or headers;
   * returns the body and the token used. Rejects with an `AbortError` once `signal` has aborted.
   */
  sign(
    operation: OperationSpec,
    body: Record<string, unknown> | undefined,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
  ): Promise<[Record<string, unknown> | undefined, string | undefined]>;
  /**
   * True (once the token is dropped, so the next call authenticates again) when a failure says the token is
   * invalid or expired (see {@link isSessionRejection}).
   */
  rejected(token: string, failure: SessionFailure): Promise<boolean>;
}

/**
 * Session-token auth (Hatebase): one authenticate call shared by every concurrent caller, renewed ahead of
 * expiry and once when the provider rejects the token; the token goes in the body or a header. A generated
 * client passes this to core only when its spec uses a session scheme, so other clients never bundle it.
 */
export function sessionAuth(ctx: SessionContext): SessionHooks {
  const { spec, redactor } = ctx;
  const authOp = ctx.operations[spec.operation];
  if (!authOp) throw new ConfigurationError(`session auth names an unknown operation "${spec.operation}"`);
  const manager = (ctx.tokens ?? memorySessionTokens())(async () => {
    if (!ctx.apiKey) throw new ConfigurationError(`${ctx.name}: apiKey is required to authenticate.`);
    const result = await ctx.execute(authOp);
    const token = getPath(result.body, spec.tokenPath);
    if (typeof token !== "string" || token === "" || !isHeaderSafe(token)) {
      throw new UnexpectedResponseError({
        status: result.response.status,
        method: authOp.method,
        url: ctx.url(authOp),
        headers: redactor.headers(result.response.headers),
        body: redactor.value(result.body),
        requestId: result.requestId,
        providerMessage: "the authenticate response has no token",
      });
    }
    redactor.addSecret(token);
    const expiry = spec.expiresPath
      ? parseExpiry(getPath(result.body, spec.expiresPath), spec.expiresFormat ?? "iso")
      : undefined;
    return { token, expiresAt: expiry ?? Date.now() + (spec.lifetimeSeconds ?? 3600) * 1000 };
  });
  /** The token last signed with, known to the redactor. */
  let lastToken: string | undefined;
  return {
    async sign(operation, body, headers, signal) {
      try {
        if (operation === authOp || operation.id === spec.operation) {
          const key = await ctx.apiKey?.();
          return [key === undefined ? body : { ...body, [spec.credentialField]: key }, undefined];
        }
        const token = await manager.get(signal);
        // A token another process fetched (a shared store) is a secret this client has not seen yet.
        if (token !== lastToken) {
          redactor.addSecret(token);
          lastToken = token;
        }
        if (spec.placement === "body") body = { ...body, [spec.tokenField]: token };
        else headers[spec.tokenField] = token;
        return [body, token];
      } catch (error) {
        // The caller gave up while the key or a token was on its way.
        throw signal?.aborted
          ? new AbortError({ method: operation.method, url: ctx.url(operation), cause: error })
          : error;
      }
    },
    async rejected(token, failure) {
      if (!isSessionRejection(failure, spec)) return false;
      await manager.invalidate(token);
      return true;
    },
  };
}
