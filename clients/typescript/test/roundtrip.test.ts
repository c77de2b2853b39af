// The client against a real Coffer (tests/api/clients.rs starts one and runs
// this with COFFER_URL, COFFER_KEY_ID and COFFER_KEY_SECRET of a test key):
// every call signed by signingFetch, answers typed by the generated schema.
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { signature, signedClient, type CofferClient, type Schemas } from "../src/index.js";

function env(name: string): string {
  const value = process.env[name];
  assert.ok(value, `${name} is not set: tests/api/clients.rs runs these tests`);
  return value;
}
const url = env("COFFER_URL");
const keyId = env("COFFER_KEY_ID");
const secret = env("COFFER_KEY_SECRET");
// The package's own files, from dist/test/ where tsc puts this one.
const root = fileURLToPath(new URL("../../", import.meta.url));

function client(): CofferClient {
  return signedClient(url, keyId, secret);
}

async function wallet(c: CofferClient, vaultName: string): Promise<Schemas["Wallet"]> {
  const vault = await c.POST("/v1/vaults", { body: { name: vaultName } });
  assert.ok(vault.data, JSON.stringify(vault.error));
  const made = await c.POST("/v1/vaults/{vaultId}/wallets", {
    params: { path: { vaultId: vault.data.id } },
    body: { assetId: "BTC" },
  });
  assert.ok(made.data, JSON.stringify(made.error));
  return made.data;
}

async function available(c: CofferClient, id: string): Promise<string> {
  const { data, error } = await c.GET("/v1/wallets/{id}", { params: { path: { id } } });
  assert.ok(data, JSON.stringify(error));
  return data.balance.available;
}

test("every operation of the server is typed", async () => {
  const document = (await (await fetch(`${url}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  const served = new Set(
    Object.values(document.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId)),
  );
  const schema = readFileSync(`${root}src/schema.ts`, "utf8");
  const typed = new Set([...schema.matchAll(/operations\["(\w+)"\]/g)].map((m) => m[1]));
  assert.deepEqual(
    [[...served].filter((id) => !typed.has(id)), [...typed].filter((id) => !served.has(id!))],
    [[], []],
    "the client is out of date with /openapi.json: run clients/typescript/generate.sh",
  );
});

test("the five lines of the README sign a first request", async () => {
  const readme = readFileSync(`${root}README.md`, "utf8");
  const code = readme.split("```ts\n")[1]!.split("```")[0]!;
  assert.equal(code.trim().split("\n").length, 5, code);
  // The same five lines as Coffer's README and docs/api.md show.
  for (const doc of ["README.md", "docs/api.md"]) {
    const shown = readFileSync(`${root}../../${doc}`, "utf8");
    assert.ok(shown.includes("```ts\n" + code + "```"), `${doc} shows other lines than ${code}`);
  }
  // Run as written (plain JavaScript too), from inside the package, so that
  // "coffer-client" resolves to this package itself; the key and the server
  // are the test's.
  const file = `${root}dist/readme-${process.pid}.mjs`;
  writeFileSync(
    file,
    `const keyId = ${JSON.stringify(keyId)}, secret = ${JSON.stringify(secret)};\n` +
      code.replace("http://127.0.0.1:8080", url) +
      "export { vault };\n",
  );
  try {
    const { vault } = (await import(file)) as { vault: Schemas["Vault"] };
    assert.equal(vault.name, "Alice");
    assert.equal(vault.status, "Active");
  } finally {
    rmSync(file);
  }
});

test("the signature matches the documented vector", () => {
  // docs/api.md, "Authentication".
  assert.equal(
    signature("example-secret", "1700000000", "POST", "/v1/vaults", '{"name":"alice"}'),
    "4c3de8158c38da03ac80ca36d8cb58332da8807e7539f2fa40bbc58c075ff7cc",
  );
});

test("vault, wallet, deposit and an idempotent transfer", async () => {
  const c = client();
  const vault = await c.POST("/v1/vaults", { body: { name: "Alice" } });
  assert.equal(vault.response.status, 201);
  assert.ok(vault.data, JSON.stringify(vault.error));
  assert.equal(vault.data.name, "Alice");

  const made = await c.POST("/v1/vaults/{vaultId}/wallets", {
    params: { path: { vaultId: vault.data.id } },
    body: { assetId: "BTC" },
  });
  assert.ok(made.data, JSON.stringify(made.error));
  const alice = made.data;
  const read = await c.GET("/v1/wallets/{id}", { params: { path: { id: alice.id } } });
  assert.ok(read.data, JSON.stringify(read.error));
  assert.deepEqual(
    [read.data.id, read.data.vaultId, read.data.assetId],
    [alice.id, vault.data.id, "BTC"],
  );
  assert.equal(read.data.balance.available, "0");

  const deposit = await c.POST("/v1/sandbox/deposits", {
    body: { walletId: alice.id, amount: "1.5" },
  });
  assert.ok(deposit.data, JSON.stringify(deposit.error));
  assert.equal(deposit.data.status, "Confirming");
  const blocks = await c.POST("/v1/sandbox/blocks", {
    body: { count: deposit.data.requiredConfirmations },
  });
  assert.ok(blocks.data, JSON.stringify(blocks.error));
  for (let i = 0; i < 150; i++) {
    const tx = await c.GET("/v1/transactions/{id}", {
      params: { path: { id: deposit.data.id } },
    });
    if (tx.data?.status === "Completed") break;
    await sleep(100);
  }
  assert.equal(await available(c, alice.id), "1.5");

  const bob = await wallet(c, "Bob");
  const transfer = {
    params: { header: { "Idempotency-Key": "move-1" } },
    body: { sourceWalletId: alice.id, destinationWalletId: bob.id, amount: "0.5" },
  };
  const first = await c.POST("/v1/transactions/transfer", transfer);
  assert.equal(first.response.status, 201, JSON.stringify(first.error));
  assert.ok(first.data);
  assert.deepEqual([first.data.kind, first.data.status], ["Transfer", "Completed"]);
  // The same request again, at once: signed anew, answered from the first,
  // nothing moved twice.
  const again = await c.POST("/v1/transactions/transfer", transfer);
  assert.equal(again.response.status, 201, JSON.stringify(again.error));
  assert.equal(again.response.headers.get("Idempotent-Replayed"), "true");
  assert.equal(again.data?.id, first.data.id);
  assert.equal(await available(c, alice.id), "1");
  assert.equal(await available(c, bob.id), "0.5");
});

test("a repeated request is signed with the next second, a replay refused once more", async () => {
  // Every request signed by a client that notes what it sends, the status
  // it gets back and the second it was signed with.
  const seen: [string, number][] = [];
  const noting = (make: typeof signedClient) =>
    make(url, keyId, secret, {
      fetch: async (request: Request) => {
        const answer = await fetch(request);
        seen.push([request.headers.get("X-Timestamp")!, answer.status]);
        return answer;
      },
    });
  // Another process: the same module loaded afresh, which has sent nothing.
  const afresh = "../src/index.js?other-process";
  const other = (await import(afresh)) as typeof import("../src/index.js");
  // The clock stopped at one second, so that every request below falls in it.
  const now = Date.now;
  const second = Math.floor(now() / 1000);
  Date.now = () => second * 1000;
  try {
    const c = noting(signedClient);
    const first = await c.POST("/v1/vaults", { body: { name: "Twice" } });
    const again = await c.POST("/v1/vaults", { body: { name: "Twice" } });
    assert.deepEqual([first.response.status, again.response.status], [201, 201]);
    assert.deepEqual(seen.splice(0), [
      [String(second), 201],
      [String(second + 1), 201],
    ]);

    const once = await c.POST("/v1/vaults", { body: { name: "Elsewhere" } });
    const elsewhere = await noting(other.signedClient).POST("/v1/vaults", {
      body: { name: "Elsewhere" },
    });
    assert.deepEqual([once.response.status, elsewhere.response.status], [201, 201]);
    assert.deepEqual(seen.splice(0), [
      [String(second), 201],
      [String(second), 401],
      [String(second + 1), 201],
    ]);
  } finally {
    Date.now = now;
  }
});

test("errors come back as the documented error", async () => {
  const c = client();
  const alice = await wallet(c, "Alice");
  const bob = await wallet(c, "Bob");
  const refused = await c.POST("/v1/transactions/transfer", {
    params: { header: { "Idempotency-Key": "too-much" } },
    body: { sourceWalletId: alice.id, destinationWalletId: bob.id, amount: "7" },
  });
  assert.equal(refused.response.status, 422);
  assert.equal(refused.data, undefined);
  assert.ok(refused.error);
  assert.equal(refused.error.code, "insufficient_funds");
  assert.equal(refused.error.statusCode, 422);
  assert.equal(refused.error.requestId, refused.response.headers.get("X-Request-Id"));

  const bad = await c.POST("/v1/vaults", { body: { name: "" } });
  assert.equal(bad.response.status, 400);
  assert.ok(bad.error && "name" in bad.error.errors, JSON.stringify(bad.error));

  // A wrong secret: signed, refused by the server, and the client says so.
  const stranger = signedClient(url, keyId, "0".repeat(64));
  const denied = await stranger.GET("/v1/wallets/{id}", { params: { path: { id: alice.id } } });
  assert.equal(denied.response.status, 401);
  assert.equal(denied.error?.code, "invalid_signature");
});
