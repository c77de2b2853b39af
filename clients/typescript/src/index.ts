/**
 * Coffer's TypeScript client: openapi-fetch typed by `schema.ts` (generated
 * from the server's `/openapi.json` by `generate.sh`), plus, written by
 * hand, the signing of native requests (docs/api.md, "Authentication").
 *
 *     import { signedClient } from "coffer-client";
 *     const client = signedClient("http://127.0.0.1:8080", keyId, secret);
 *     const { data: vault, error } = await client.POST("/v1/vaults", { body: { name: "Alice" } });
 */
import { createHash, createHmac } from "node:crypto";
import createClient, { type Client, type ClientOptions } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";
/** The document's schemas by name: `Schemas["Wallet"]`, `Schemas["NativeError"]`. */
export type Schemas = components["schemas"];
export type CofferClient = Client<paths>;

const MUTATING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Hex HMAC-SHA256 of the canonical request: the timestamp, the method, the
 * path with its query exactly as sent and the hex SHA-256 of the body. */
export function signature(
  secret: string,
  timestamp: string,
  method: string,
  path: string,
  body: Uint8Array | string,
): string {
  const digest = createHash("sha256").update(body).digest("hex");
  const canonical = [timestamp, method, path, digest].join("\n");
  return createHmac("sha256", secret).update(canonical).digest("hex");
}

// Signatures of mutating requests already sent by this process, with their
// timestamps; shared by every client (a signature covers its secret, so
// keys never collide).
const sent = new Map<string, number>();

/** The timestamp and signature of a request: a mutating one's signature is
 * accepted once (a replay is refused) and timestamps are whole seconds, so
 * the same request sent twice within a second (a retry with its
 * Idempotency-Key, say) is signed with the next unused second instead, up to
 * 25 s ahead of the clock (the server allows 30). */
function sign(
  secret: string,
  method: string,
  path: string,
  body: Uint8Array,
  after: number,
): [string, string] {
  const now = Math.max(Math.floor(Date.now() / 1000), after);
  if (!MUTATING.has(method)) {
    return [String(now), signature(secret, String(now), method, path, body)];
  }
  for (const [old, at] of sent) {
    if (at < now - 60) sent.delete(old);
  }
  for (let ahead = 0; ahead < 25; ahead++) {
    const timestamp = String(now + ahead);
    const sig = signature(secret, timestamp, method, path, body);
    if (!sent.has(sig)) {
      sent.set(sig, now + ahead);
      return [timestamp, sig];
    }
  }
  throw new Error("the same request was sent 25 times within a second");
}

/** A `fetch` that signs every request with an API key's id and secret
 * (X-API-Key, X-Timestamp, X-Signature), usable with any fetch-based code.
 * A request another process signed with the same second is refused as a
 * replay, and sent once more, signed a second later. */
export function signingFetch(
  keyId: string,
  secret: string,
  inner: (input: Request) => Promise<Response> = (input) => fetch(input),
): (input: Request) => Promise<Response> {
  return async (request: Request): Promise<Response> => {
    const body = new Uint8Array(await request.clone().arrayBuffer());
    const url = new URL(request.url);
    const path = url.pathname + url.search;
    const send = async (after: number): Promise<[Response, number]> => {
      const [timestamp, sig] = sign(secret, request.method, path, body, after);
      const headers = new Headers(request.headers);
      headers.set("X-API-Key", keyId);
      headers.set("X-Timestamp", timestamp);
      headers.set("X-Signature", sig);
      const signed = new Request(request.url, {
        method: request.method,
        headers,
        body: body.length > 0 ? body : null,
        signal: request.signal,
      });
      return [await inner(signed), Number(timestamp)];
    };
    const [first, timestamp] = await send(0);
    if (first.status === 401 && (await first.clone().text()).includes("replayed_signature")) {
      return (await send(timestamp + 1))[0];
    }
    return first;
  };
}

/** A typed client of every operation of `/openapi.json`, whose every request
 * is signed with the key: `client.GET("/v1/wallets/{id}", { params: { path:
 * { id } } })` answers `{ data, error, response }`, `error` being the
 * documented error (`NativeError`: `statusCode`, `code`, `message`,
 * `requestId`, `errors` by field). */
export function signedClient(
  baseUrl: string,
  keyId: string,
  secret: string,
  options: Omit<ClientOptions, "baseUrl"> = {},
): CofferClient {
  return createClient<paths>({
    ...options,
    baseUrl,
    fetch: signingFetch(keyId, secret, options.fetch),
  });
}
