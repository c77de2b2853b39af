//! `GET /openapi.json`: an OpenAPI 3.1 document of every route of the three
//! APIs. Paths, methods, path parameters, scopes and security come from the
//! route table itself; this module adds what the table does not know (request
//! and response schemas, query parameters, summaries), one entry per route.
//! A test checks that entries and routes match both ways, so neither drifts.

use super::context::Ctx;
use super::error::ApiError;
use super::reply::Reply;
use super::router::{Api, Route};
use serde_json::{json, Map, Value};

mod schemas;

use schemas::*;

pub fn routes() -> Vec<Route> {
    vec![Route::public("GET", "/openapi.json", document)]
}

fn document(ctx: &mut Ctx) -> Result<Reply, ApiError> {
    let mut document = build(&super::routes());
    // Where generated clients send their requests: this server as its
    // clients reach it (`public_url`, else the bound address).
    document["servers"] = serde_json::json!([{"url": ctx.app.config.public_url}]);
    Ok(Reply::ok(&document))
}

/// What the route table does not say about an endpoint.
pub struct Doc {
    pub summary: &'static str,
    /// The success answer's media type.
    pub media: &'static str,
    pub query: &'static [&'static str],
    pub request: Option<Value>,
    pub status: u16,
    pub response: Option<Value>,
}

/// A console page: HTML, signed in by a session cookie, not an API key.
fn console(summary: &'static str, status: u16) -> Doc {
    doc(summary, status, json!({"type": "string"})).media("text/html; charset=utf-8")
}

fn doc(summary: &'static str, status: u16, response: Value) -> Doc {
    Doc {
        summary,
        media: "application/json",
        query: &[],
        request: None,
        status,
        response: Some(response),
    }
}

impl Doc {
    fn body(mut self, request: Value) -> Doc {
        self.request = Some(request);
        self
    }

    fn media(mut self, media: &'static str) -> Doc {
        self.media = media;
        self
    }

    fn query(mut self, names: &'static [&'static str]) -> Doc {
        self.query = names;
        self
    }
}

const PAGING: &[&str] = &["limit", "before", "after"];

/// The description of each route, by method and path pattern.
type Describe = fn() -> Doc;

const DOCS: &[(&str, &str, Describe)] = &[
    ("GET", "/health", || {
        doc("Database reachable and writer alive", 200, r("Health"))
    }),
    ("GET", "/openapi.json", || {
        doc("This document", 200, json!({"type": "object"}))
    }),
    ("GET", "/metrics", || {
        let text = json!({"type": "string", "description": "Prometheus text exposition format"});
        doc(
            "Prometheus metrics (no authentication: firewall it)",
            200,
            text,
        )
        .media("text/plain; version=0.0.4")
    }),
    ("GET", "/console/login", || {
        console(
            "The approval console's sign-in form (sets the login cookie)",
            200,
        )
        .query(&["next"])
    }),
    ("POST", "/console/login", || {
        console(
            "Sign in with email, password and csrf_token (a form); 303 with the session cookie",
            303,
        )
    }),
    ("POST", "/console/logout", || {
        console(
            "Sign out (form with csrf_token); 303 to the sign-in form",
            303,
        )
    }),
    ("GET", "/", || console("Redirects to the console", 303)),
    ("GET", "/console", || {
        console("The console's home: requests waiting for approval", 200)
    }),
    ("GET", "/console/activities", || {
        console("The requests waiting for approval", 200)
    }),
    ("GET", "/console/history", || {
        console("Requests decided or expired, most recent first", 200)
    }),
    ("GET", "/console/activities/{id}", || {
        console(
            "A request with its full context, decisions and the forms the user may use",
            200,
        )
        .query(&["comment"])
    }),
    ("POST", "/console/activities/{id}/approve", || {
        console(
            "Approve as the signed-in user (form: csrf_token, comment, code when two-factor applies)",
            303,
        )
    }),
    ("POST", "/console/activities/{id}/reject", || {
        console(
            "Reject as the signed-in user (form: csrf_token, comment, code; confirm=yes, else a confirmation page)",
            303,
        )
    }),
    ("GET", "/console/overview", || {
        console(
            "Balances per asset and per vault, wallets and deposit addresses",
            200,
        )
        .query(&["env"])
    }),
    ("GET", "/console/transactions", || {
        console("Transactions with the API's filters", 200).query(&[
            "env",
            "walletId",
            "vaultId",
            "kind",
            "status",
            "assetId",
            "createdFrom",
            "createdTo",
        ])
    }),
    ("GET", "/console/transactions.csv", || {
        console(
            "CSV of the filtered transactions (what GET /v1/transactions lists)",
            200,
        )
        .media("text/csv")
        .query(&[
            "env",
            "walletId",
            "vaultId",
            "kind",
            "status",
            "assetId",
            "createdFrom",
            "createdTo",
        ])
    }),
    ("GET", "/console/transactions/{id}", || {
        console("One transaction", 200)
    }),
    ("GET", "/console/more", || {
        console("Links to the pages not in the navigation bar", 200)
    }),
    ("GET", "/console/address-book", || {
        console(
            "The address book, with the add form and Remove buttons for admins and approvers",
            200,
        )
        .query(&["env", "added", "removed"])
    }),
    ("POST", "/console/address-book", || {
        console(
            "Add an entry as POST /v1/address-book does, the signed-in user initiating \
             (form: csrf_token, env, asset, address, tag, label)",
            303,
        )
    }),
    ("POST", "/console/address-book/{id}/remove", || {
        console(
            "Remove an active entry as DELETE /v1/address-book/{id} does \
             (form: csrf_token, env; confirm=yes, else a confirmation page)",
            303,
        )
    }),
    ("GET", "/console/policies", || {
        console("The approval policy in words", 200).query(&["env"])
    }),
    ("GET", "/console/users", || {
        console(
            "Users with their roles explained, and (for admins and auditors) API keys; \
             admins get Disable and Revoke buttons",
            200,
        )
        .query(&["disabled", "revoked"])
    }),
    ("POST", "/console/users/{id}/disable", || {
        console(
            "Disable another user as PATCH /v1/users/{id} {\"status\":\"Disabled\"} does \
             (admins; form: csrf_token; confirm=yes, else a confirmation page)",
            303,
        )
    }),
    ("POST", "/console/keys/{id}/revoke", || {
        console(
            "Revoke an API key as POST /api/apikey/revoke does \
             (admins; form: csrf_token; confirm=yes, else a confirmation page)",
            303,
        )
    }),
    ("GET", "/console/webhooks", || {
        console(
            "The webhook endpoint and recent deliveries (admins, auditors); \
             admins get Redeliver buttons",
            200,
        )
        .query(&["env", "redelivered"])
    }),
    (
        "POST",
        "/console/webhooks/deliveries/{id}/redeliver",
        || {
            console(
                "Send a delivery again as POST /v1/webhooks/deliveries/{id}/redeliver does \
             (admins; form: csrf_token, env)",
                303,
            )
        },
    ),
    ("GET", "/console/audit", || {
        console("The audit log (admins, auditors)", 200).query(&[
            "env",
            "action",
            "objectType",
            "objectId",
            "actorId",
            "createdFrom",
            "createdTo",
        ])
    }),
    ("GET", "/console/audit.csv", || {
        console(
            "CSV of the filtered audit log (what GET /v1/audit-log lists)",
            200,
        )
        .media("text/csv")
        .query(&[
            "env",
            "action",
            "objectType",
            "objectId",
            "actorId",
            "createdFrom",
            "createdTo",
        ])
    }),
    ("GET", "/console/2fa", || {
        console("The signed-in user's two-factor set-up", 200)
    }),
    ("POST", "/console/2fa/start", || {
        console(
            "Begin two-factor set-up with a new secret (form: csrf_token)",
            303,
        )
    }),
    ("POST", "/console/2fa/confirm", || {
        console(
            "Confirm two-factor with a code (form: csrf_token, code)",
            303,
        )
    }),
    ("GET", "/v1/audit-log", || {
        doc("The hash-chained audit trail", 200, page(r("AuditRecord"))).query(&[
            "action",
            "objectType",
            "objectId",
            "actorId",
            "createdFrom",
            "createdTo",
            "limit",
            "before",
            "after",
        ])
    }),
    ("GET", "/v1/assets", || {
        doc("Enabled assets", 200, page(r("Asset"))).query(PAGING)
    }),
    ("POST", "/v1/vaults", || {
        doc("Create a vault", 201, r("Vault")).body(r("VaultCreate"))
    }),
    ("GET", "/v1/vaults", || {
        doc("List vaults", 200, page(r("Vault"))).query(&[
            "status",
            "externalId",
            "limit",
            "before",
            "after",
        ])
    }),
    ("GET", "/v1/vaults/{id}", || {
        doc("Fetch a vault", 200, r("Vault"))
    }),
    ("PATCH", "/v1/vaults/{id}", || {
        doc("Rename, re-tag, freeze or archive a vault", 200, r("Vault")).body(r("VaultPatch"))
    }),
    ("POST", "/v1/vaults/{vaultId}/wallets", || {
        doc("Open a wallet for an asset", 201, r("Wallet")).body(r("WalletCreate"))
    }),
    ("GET", "/v1/vaults/{vaultId}/wallets", || {
        doc("A vault's wallets", 200, page(r("Wallet")))
            .query(&["assetId", "limit", "before", "after"])
    }),
    ("GET", "/v1/wallets", || {
        doc("List wallets", 200, page(r("Wallet")))
            .query(&["vaultId", "assetId", "limit", "before", "after"])
    }),
    ("GET", "/v1/wallets/{id}", || {
        doc("Fetch a wallet with its balance", 200, r("Wallet"))
    }),
    ("POST", "/v1/wallets/{id}/addresses", || {
        doc("Another deposit address", 201, r("DepositAddress"))
    }),
    ("GET", "/v1/wallets/{id}/addresses", || {
        doc(
            "A wallet's deposit addresses",
            200,
            page(r("DepositAddress")),
        )
        .query(PAGING)
    }),
    ("POST", "/v1/transactions/transfer", || {
        doc(
            "Move funds between two wallets (Idempotency-Key required)",
            201,
            r("Transaction"),
        )
        .body(r("TransferCreate"))
    }),
    ("POST", "/v1/transactions/withdraw", || {
        doc(
            "Withdraw to an address-book entry (Idempotency-Key required)",
            201,
            r("Transaction"),
        )
        .body(r("WithdrawalCreate"))
    }),
    ("GET", "/v1/transactions", || {
        doc("List transactions", 200, page(r("Transaction"))).query(&[
            "walletId",
            "vaultId",
            "kind",
            "status",
            "assetId",
            "createdFrom",
            "createdTo",
            "limit",
            "before",
            "after",
        ])
    }),
    ("GET", "/v1/transactions/{id}", || {
        doc("Fetch a transaction", 200, r("Transaction"))
    }),
    ("POST", "/v1/transactions/{id}/cancel", || {
        doc(
            "Cancel a withdrawal before broadcast",
            200,
            r("Transaction"),
        )
    }),
    ("POST", "/v1/address-book", || {
        doc("Add an allowed destination", 201, r("AddressBookEntry")).body(r("AddressBookCreate"))
    }),
    ("GET", "/v1/address-book", || {
        doc("List the address book", 200, page(r("AddressBookEntry")))
            .query(&["assetId", "address", "limit", "before", "after"])
    }),
    ("GET", "/v1/address-book/{id}", || {
        doc("Fetch an address-book entry", 200, r("AddressBookEntry"))
    }),
    ("DELETE", "/v1/address-book/{id}", || Doc {
        response: None,
        ..doc("Remove an address-book entry", 204, Value::Null)
    }),
    ("POST", "/v1/sandbox/deposits", || {
        doc(
            "Simulate an incoming deposit (test keys only)",
            201,
            r("Transaction"),
        )
        .body(r("SandboxDeposit"))
    }),
    ("POST", "/v1/sandbox/blocks", || {
        doc(
            "Mine sandbox blocks (test keys only)",
            200,
            obj(&[("height", int())], &["height"]),
        )
        .body(obj(&[("count", int())], &[]))
    }),
    ("GET", "/v1/signer/requests", || {
        doc(
            "Withdrawals, gas top-ups and replacements awaiting the external signer",
            200,
            page(r("SignerRequest")),
        )
        .query(&["limit", "before", "after", "status"])
    }),
    ("POST", "/v1/signer/requests/{id}/signature", || {
        doc(
            "Submit a signed payload: a sandbox withdrawal's signature (test), \
             or an EVM signed raw transaction (live), checked field by field",
            200,
            json!({"anyOf": [r("Transaction"), r("SignerRequest")]}),
        )
        .body(obj(&[("signedPayload", string())], &["signedPayload"]))
    }),
    ("GET", "/v1/webhooks/outbound", || {
        doc("The webhook endpoint", 200, r("WebhookEndpoint"))
    }),
    ("PUT", "/v1/webhooks/outbound", || {
        doc("Set the webhook endpoint", 200, r("WebhookEndpoint")).body(r("WebhookEndpointSet"))
    }),
    ("DELETE", "/v1/webhooks/outbound", || Doc {
        response: None,
        ..doc("Remove the webhook endpoint", 204, Value::Null)
    }),
    ("POST", "/v1/webhooks/outbound/rotate-secret", || {
        doc("A new signing secret", 200, r("WebhookEndpoint"))
    }),
    ("POST", "/v1/webhooks/outbound/test", || {
        doc(
            "Send a webhook.test event",
            202,
            obj(
                &[("id", uuid()), ("type", string()), ("createdAt", time())],
                &["id", "type", "createdAt"],
            ),
        )
    }),
    ("GET", "/v1/webhooks/deliveries", || {
        doc("The delivery log", 200, page(r("WebhookDelivery"))).query(&[
            "status",
            "eventType",
            "eventId",
            "limit",
            "before",
            "after",
        ])
    }),
    ("GET", "/v1/webhooks/deliveries/{id}", || {
        doc("A delivery with its attempts", 200, r("WebhookDelivery"))
    }),
    ("POST", "/v1/webhooks/deliveries/{id}/redeliver", || {
        doc("Queue a finished delivery again", 200, r("WebhookDelivery"))
    }),
    ("POST", "/v1/users", || {
        doc(
            "Add a person to the tenant (live keys only; under a live policy an approver waits for approval)",
            201,
            r("User"),
        )
        .body(r("UserCreate"))
    }),
    ("GET", "/v1/users", || {
        doc("The tenant's people", 200, page(r("User")))
            .query(&["role", "status", "email", "limit", "before", "after"])
    }),
    ("GET", "/v1/users/{id}", || {
        doc("Fetch a person", 200, r("User"))
    }),
    ("PATCH", "/v1/users/{id}", || {
        doc(
            "Rename, change role, disable or enable a person (live keys only; a change that gives power to approve may wait for approval)",
            200,
            r("User"),
        )
        .body(r("UserPatch"))
    }),
    ("GET", "/v1/activities", || {
        doc("Requests subject to consensus", 200, page(r("Activity")))
            .query(&["status", "action", "limit", "before", "after"])
    }),
    ("GET", "/v1/activities/{id}", || {
        doc("One activity with its approvals", 200, r("Activity"))
    }),
    ("POST", "/v1/activities/{id}/approve", || {
        doc(
            "Approve a request as the key's user; the quorum carries it out",
            200,
            r("Activity"),
        )
        .body(r("ActivityDecision"))
    }),
    ("POST", "/v1/activities/{id}/reject", || {
        doc(
            "Reject a request as the key's user; it closes at once",
            200,
            r("Activity"),
        )
        .body(r("ActivityDecision"))
    }),
    ("GET", "/v1/policies", || {
        doc("The approval policy in force", 200, r("Policy"))
    }),
    ("PUT", "/v1/policies", || {
        doc(
            "Replace the approval policy (a new version)",
            200,
            r("Policy"),
        )
        .body(r("PolicyDocument"))
    }),
    ("GET", "/api/v1/currencies", || {
        doc("Currencies of the organization", 200, page(r("CbCurrency")))
            .query(&["symbol", "limit", "before", "after"])
    }),
    ("GET", "/api/v1/currencies/{symbol}", || {
        doc("One currency", 200, r("CbCurrency"))
    }),
    ("GET", "/api/v1/addresses", || {
        doc("Crypto addresses", 200, page(r("CbAddress"))).query(&[
            "wallet_id",
            "currency",
            "state",
            "limit",
            "before",
            "after",
        ])
    }),
    ("GET", "/api/v1/addresses/{address}", || {
        doc("One address", 200, r("CbAddress"))
    }),
    ("GET", "/api/v1/wallets", || {
        doc("Wallets of the organization", 200, page(r("CbWallet")))
            .query(&["currency", "limit", "before", "after"])
    }),
    ("POST", "/api/v1/wallets", || {
        doc(
            "Create a wallet (an approved activity)",
            200,
            r("CbWalletRequested"),
        )
        .body(r("CbWalletCreate"))
    }),
    ("GET", "/api/v1/wallets/{id}", || {
        doc("One wallet", 200, r("CbWallet"))
    }),
    ("GET", "/api/v1/transactions", || {
        doc(
            "Transactions of the organization",
            200,
            page(r("CbTransaction")),
        )
        .query(&[
            "currency",
            "state",
            "type",
            "wallet_id",
            "start_time",
            "end_time",
            "human_id",
            "limit",
            "before",
            "after",
        ])
    }),
    ("POST", "/api/v1/transactions", || {
        doc(
            "Request a withdrawal (an activity)",
            200,
            r("CbTransactionRequested"),
        )
        .body(r("CbTransactionCreate"))
    }),
    ("GET", "/api/v1/transactions/{id}", || {
        doc("One transaction", 200, r("CbTransaction"))
    }),
    ("GET", "/api/v1/users", || {
        doc("Users of the organization", 200, page(r("CbUser"))).query(PAGING)
    }),
    ("GET", "/api/v1/users/{id}", || {
        doc("One user", 200, r("CbUser"))
    }),
    ("GET", "/api/v1/address_book", || {
        doc("The address book", 200, page(r("CbAddressBookEntry"))).query(&[
            "currency",
            "account_identifier",
            "name",
            "address",
            "limit",
            "before",
            "after",
        ])
    }),
    ("POST", "/api/v1/address_book", || {
        doc(
            "Add an address (an activity)",
            200,
            r("CbAddressBookRequested"),
        )
        .body(r("CbAddressBookCreate"))
    }),
    ("POST", "/api/subwallet/create", || {
        doc(
            "Create a subwallet: a tenant with its own books (super-admin)",
            201,
            r("Subwallet"),
        )
        .body(obj(
            &[("wallet_name", string()), ("label", nullable(string()))],
            &["wallet_name"],
        ))
    }),
    ("GET", "/api/subwallets", || {
        doc("Every subwallet (super-admin)", 200, array(r("Subwallet")))
    }),
    ("GET", "/api/subwallets/{wallet_id}", || {
        doc("One subwallet (super-admin)", 200, r("Subwallet"))
    }),
    ("POST", "/api/apikey/create", || {
        doc(
            "Create an API key; its secrets are shown once",
            200,
            r("ApiKeyCreated"),
        )
        .body(r("ApiKeyCreate"))
    }),
    ("POST", "/api/apikey/revoke", || {
        doc(
            "Revoke an API key by name",
            200,
            obj(&[("status", string())], &["status"]),
        )
        .body(obj(
            &[("wallet_id", string()), ("name", string())],
            &["wallet_id", "name"],
        ))
    }),
    ("POST", "/api/xpub/set", || {
        doc(
            "Register a tenant's account xpub (m/44'/60'/0') for an EVM network; \
             its live wallets there derive their deposit addresses from it",
            200,
            obj(
                &[
                    ("wallet_id", uuid()),
                    ("network", string()),
                    ("xpub", string()),
                    ("first_address", string()),
                    ("first_path", string()),
                ],
                &[
                    "wallet_id",
                    "network",
                    "xpub",
                    "first_address",
                    "first_path",
                ],
            ),
        )
        .body(obj(
            &[
                ("wallet_id", nullable(string())),
                ("network", string()),
                ("xpub", string()),
            ],
            &["network", "xpub"],
        ))
    }),
];

pub fn describe(method: &str, path: &str) -> Option<Doc> {
    DOCS.iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, describe)| describe())
}

fn security(api: Api) -> Value {
    match api {
        Api::Public | Api::Console => json!([]),
        Api::Native => json!([{"apiKey": [], "timestamp": [], "signature": []}]),
        Api::Coinbase => json!([{"cbAccessKey": [], "cbAccessPassphrase": []}]),
        Api::Admin => json!([{"adminToken": []}]),
    }
}

fn error_schema(api: Api) -> Value {
    match api {
        Api::Public | Api::Native => r("NativeError"),
        Api::Console => json!({"type": "string", "description": "an HTML page"}),
        Api::Coinbase => r("CoinbaseError"),
        Api::Admin => r("AdminError"),
    }
}

fn operation(route: &Route, d: Doc) -> Value {
    let mut parameters: Vec<Value> = route
        .path
        .split('/')
        .filter_map(|s| s.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({"name": name, "in": "path", "required": true, "schema": string()}))
        .collect();
    parameters.extend(d.query.iter().map(|name| {
        let schema = if *name == "limit" {
            json!({"type": "integer", "minimum": 1, "maximum": 100, "default": 25})
        } else {
            string()
        };
        json!({"name": name, "in": "query", "required": false, "schema": schema})
    }));
    if route.is_mutating() && route.api != Api::Coinbase {
        parameters.push(json!({
            "name": "Idempotency-Key", "in": "header",
            "required": route.idempotency == super::router::Idempotency::Required,
            "schema": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}
        }));
    }
    let mut responses = Map::new();
    let success = match d.response {
        Some(schema) => {
            json!({"description": "success", "content": {d.media: {"schema": schema}}})
        }
        None => json!({"description": "success, no content"}),
    };
    responses.insert(d.status.to_string(), success);
    let error = json!({"description": "error", "content": {"application/json": {"schema": error_schema(route.api)}}});
    responses.insert("default".into(), error);
    let mut op = json!({
        "summary": d.summary,
        "operationId": operation_id(route),
        "parameters": parameters,
        "responses": responses,
        "security": security(route.api),
        "tags": [match route.api { Api::Public => "operations", Api::Native => "native", Api::Coinbase => "coinbase", Api::Admin => "admin", Api::Console => "console" }],
    });
    if let Some(scope) = route.scope {
        op["x-required-scope"] = json!(scope.as_str());
    }
    if let Some(request) = d.request {
        op["requestBody"] =
            json!({"required": true, "content": {"application/json": {"schema": request}}});
    }
    op
}

/// A readable, unique operation id for client generators: the family, the
/// method and the path's words in camelCase, parameters as `By…`
/// (`POST /v1/transactions/transfer` → `postTransactionsTransfer`,
/// `GET /api/v1/wallets/{wallet_id}` → `coinbaseGetWalletsByWalletId`).
fn operation_id(route: &Route) -> String {
    let family = match route.api {
        Api::Coinbase => "coinbase",
        Api::Admin => "admin",
        Api::Console => "console",
        Api::Public | Api::Native => "",
    };
    let capital = |word: &str| {
        let mut chars = word.chars();
        chars.next().map_or_else(String::new, |c| {
            c.to_ascii_uppercase().to_string() + chars.as_str()
        })
    };
    let mut id = String::from(family);
    let method = route.method.to_ascii_lowercase();
    id += &if family.is_empty() {
        method
    } else {
        capital(&method)
    };
    let words = route
        .path
        .split('/')
        .filter(|s| !s.is_empty() && !matches!(*s, "v1" | "api"));
    for segment in words {
        let (prefix, name) = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(param) => ("By", param),
            None => ("", segment),
        };
        id += prefix;
        for word in name.split(['_', '-', '.']) {
            id += &capital(word);
        }
    }
    id
}

/// The whole document for a route table.
pub fn build(routes: &[Route]) -> Value {
    let mut paths = Map::new();
    for route in routes {
        let Some(d) = describe(route.method, route.path) else {
            continue;
        };
        let entry = paths
            .entry(route.path.to_string())
            .or_insert_with(|| json!({}));
        entry[route.method.to_ascii_lowercase()] = operation(route, d);
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "Coffer",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Self-hosted custody: the native API (/v1), the Coinbase Custody v1 compatible API (/api/v1) and the subwallet and API-key admin API (/api/...).",
        },
        "paths": paths,
        "webhooks": webhooks(),
        "components": {
            "schemas": components(),
            "securitySchemes": {
                "apiKey": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
                "timestamp": {"type": "apiKey", "in": "header", "name": "X-Timestamp"},
                "signature": {"type": "apiKey", "in": "header", "name": "X-Signature",
                              "description": "hex HMAC-SHA256(secret, timestamp\\nMETHOD\\npath?query\\nhex(sha256(body)))"},
                "cbAccessKey": {"type": "apiKey", "in": "header", "name": "CB-ACCESS-KEY"},
                "cbAccessPassphrase": {"type": "apiKey", "in": "header", "name": "CB-ACCESS-PASSPHRASE"},
                "adminToken": {"type": "apiKey", "in": "header", "name": "x-api-key"},
            },
        },
    })
}

/// The events Coffer sends to a tenant's endpoint (docs/api.md, "Webhooks"), each a POST
/// of a `WebhookEvent`.
fn webhooks() -> Value {
    crate::domain::webhook::EVENT_TYPES
        .iter()
        .map(|t| {
            let op = json!({"post": {
                "summary": crate::domain::webhook::event_summary(t),
                "requestBody": {"required": true, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/WebhookEvent"}}}},
                "responses": {"200": {"description": "Any 2xx acknowledges the event"}},
            }});
            ((*t).to_string(), op)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn the_document_and_the_route_table_match_both_ways() {
        let routes = crate::http::routes();
        let in_table: BTreeSet<(String, String)> = routes
            .iter()
            .map(|r| (r.method.to_string(), r.path.to_string()))
            .collect();
        let described: BTreeSet<(String, String)> = DOCS
            .iter()
            .map(|(m, p, _)| (m.to_string(), p.to_string()))
            .collect();
        let undocumented: Vec<_> = in_table.difference(&described).collect();
        let stale: Vec<_> = described.difference(&in_table).collect();
        assert!(
            undocumented.is_empty(),
            "routes missing from the OpenAPI document: {undocumented:?}"
        );
        assert!(
            stale.is_empty(),
            "OpenAPI entries without a route: {stale:?}"
        );
        let document = build(&routes);
        let mut in_document = BTreeSet::new();
        for (path, item) in document["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                in_document.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
        assert_eq!(in_document, in_table);
    }

    #[test]
    fn operation_ids_read_well_and_are_unique() {
        let document = build(&crate::http::routes());
        let mut ids = BTreeSet::new();
        for item in document["paths"].as_object().unwrap().values() {
            for op in item.as_object().unwrap().values() {
                let id = op["operationId"].as_str().unwrap().to_string();
                assert!(id.chars().all(|c| c.is_ascii_alphanumeric()), "{id}");
                assert!(ids.insert(id.clone()), "{id} twice");
            }
        }
        for expected in [
            "postTransactionsTransfer",
            "getVaultsById",
            "postVaultsByVaultIdWallets",
            "coinbaseGetWallets",
            "adminPostApikeyCreate",
        ] {
            assert!(ids.contains(expected), "{expected} not in {ids:?}");
        }
    }

    #[test]
    fn every_schema_reference_resolves() {
        let document = build(&crate::http::routes());
        let text = document.to_string();
        let schemas = document["components"]["schemas"].as_object().unwrap();
        for piece in text.split("#/components/schemas/").skip(1) {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            assert!(schemas.contains_key(&name), "unresolved schema {name}");
        }
    }
}
