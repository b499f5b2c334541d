import type { ApiResult } from "../api-promise.js";
import type { CallOptions } from "../client-options.js";
import { UnexpectedResponseError } from "../errors/api-error.js";
import { AbortError, ConfigurationError } from "../errors/request-errors.js";
import type { OperationSpec, SessionAuthSpec } from "../operation.js";
import type { PageInput } from "../pagination/page.js";
import { getPath } from "../parse-body.js";
import type { CallWrapper } from "../raw-client.js";
import { isHeaderSafe } from "../safety.js";
import { isSessionRejection, sessionFailures } from "./session-failure.js";
import { memorySessionTokens, parseExpiry } from "./session-token.js";

/**
 * Session-token auth (Hatebase): one authenticate call shared by every concurrent caller, renewed ahead of
 * expiry and once when the provider rejects the token; the token goes in the body or a header. A generated
 * client passes this to core only when its spec uses a session scheme, so other clients never bundle it. It wraps
 * every call of the client: the call is signed (the key on the authenticate call, a token on any other), and a
 * failure that says the token was refused drops the token (even on the second try, so the next call
 * authenticates again) and sends the call once more with a fresh one.
 */
export const sessionAuth: CallWrapper = (runtime, key) => (next) => {
  const { provider, redactor, operations } = runtime;
  const spec = provider.auth as SessionAuthSpec;
  const authOp = operations[spec.operation];
  if (!authOp) throw new ConfigurationError(`session auth names an unknown operation "${spec.operation}"`);
  const url = (operation: OperationSpec) => redactor.url(runtime.baseUrl + operation.path);
  const manager = (runtime.tokens ?? memorySessionTokens())(async () => {
    if (!key) throw new ConfigurationError(`${provider.name}: apiKey is required to authenticate.`);
    // Through every wrapper (this one adds the key), as core's own call: its result keeps the token.
    const result = await runtime.execute(authOp, {}, {}, true);
    const token = getPath(result.body, spec.tokenPath);
    if (typeof token !== "string" || !token || !isHeaderSafe(token)) {
      throw new UnexpectedResponseError({
        status: result.response.status,
        method: authOp.method,
        url: url(authOp),
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
  const execute = async (
    operation: OperationSpec,
    input: PageInput,
    options: CallOptions,
    internal?: boolean,
    renewed?: boolean,
  ): Promise<ApiResult<unknown>> => {
    // A bad header, retry policy or timeout is refused before the key or a token is fetched; whether the call is
    // idempotent is decided on the body as the caller gave it, before the key or the token joins it.
    const [, { idempotent }] = runtime.prepare(operation, input.body, options);
    const headers = { ...options.headers };
    let body = input.body as Record<string, unknown> | undefined;
    /** The token the call is signed with; none on the authenticate call, which carries the key. */
    let token: string | undefined;
    try {
      if (operation === authOp || operation.id === spec.operation) {
        const value = await key?.();
        if (value !== undefined) body = { ...body, [spec.credentialField]: value };
      } else {
        token = await manager.get(options.signal);
        // A token another process fetched (a shared store) may be a secret this client has not seen yet (the
        // redactor keeps each secret once).
        redactor.addSecret(token);
        if (spec.placement === "body") body = { ...body, [spec.tokenField]: token };
        else headers[spec.tokenField] = token;
      }
    } catch (error) {
      // The caller gave up while the key or a token was on its way.
      throw options.signal?.aborted
        ? new AbortError({ method: operation.method, url: url(operation), cause: error })
        : error;
    }
    try {
      return await next(operation, { ...input, body }, { ...options, headers, idempotent }, internal);
    } catch (error) {
      const failure = sessionFailures().get(error as object);
      if (token === undefined || !failure || !isSessionRejection(failure, spec)) throw error;
      await manager.invalidate(token);
      if (renewed) throw error;
      runtime.log?.("renew", { method: operation.method, url: url(operation) });
      return execute(operation, input, options, internal, true);
    }
  };
  return execute;
};
