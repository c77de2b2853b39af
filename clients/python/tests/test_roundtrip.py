"""The client against a real Coffer (tests/api/clients.rs starts one and runs
this with COFFER_URL, COFFER_KEY_ID and COFFER_KEY_SECRET of a test key):
every call signed by the hook, answers parsed into the generated models."""

import os
import re
import time
import unittest

import httpx

from coffer_client.api.native import (
    get_transactions_by_id,
    get_wallets_by_id,
    post_sandbox_blocks,
    post_sandbox_deposits,
    post_transactions_transfer,
    post_vaults,
    post_vaults_by_vault_id_wallets,
)
from coffer_client.models import (
    NativeError,
    PostSandboxBlocksBody,
    SandboxDeposit,
    Transaction,
    TransferCreate,
    VaultCreate,
    Wallet,
    WalletCreate,
)
from coffer_client.signing import signature, signed_client


def client():
    return signed_client(
        os.environ["COFFER_URL"], os.environ["COFFER_KEY_ID"], os.environ["COFFER_KEY_SECRET"]
    )


def wallet(c, vault_name):
    vault = post_vaults.sync(client=c, body=VaultCreate(name=vault_name))
    made = post_vaults_by_vault_id_wallets.sync(
        client=c, vault_id=str(vault.id), body=WalletCreate(asset_id="BTC")
    )
    assert isinstance(made, Wallet), made
    return made


class RoundTrip(unittest.TestCase):
    def test_every_operation_of_the_server_has_its_function(self):
        document = httpx.get(os.environ["COFFER_URL"] + "/openapi.json").json()
        words = re.compile(r"(?<!^)(?=[A-Z])|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-zA-Z])")
        served = {
            f"{op['tags'][0]}/{words.sub('_', op['operationId']).lower()}.py"
            for ops in document["paths"].values()
            for op in ops.values()
        }
        api = os.path.join(os.path.dirname(__file__), "..", "coffer_client", "api")
        generated = {
            f"{tag}/{name}"
            for tag in os.listdir(api)
            if os.path.isdir(os.path.join(api, tag)) and not tag.startswith("__")
            for name in os.listdir(os.path.join(api, tag))
            if name.endswith(".py") and name != "__init__.py"
        }
        self.assertEqual(
            (sorted(served - generated), sorted(generated - served)),
            ([], []),
            "the client is out of date with /openapi.json: run clients/python/generate.sh",
        )

    def test_the_five_lines_of_the_readme_sign_a_first_request(self):
        readme = open(os.path.join(os.path.dirname(__file__), "..", "README.md")).read()
        code = readme.split("```python\n", 1)[1].split("```", 1)[0]
        self.assertEqual(len(code.strip().splitlines()), 5, code)
        scope = {"key_id": os.environ["COFFER_KEY_ID"], "secret": os.environ["COFFER_KEY_SECRET"]}
        exec(code.replace("http://127.0.0.1:8080", os.environ["COFFER_URL"]), scope)
        self.assertEqual(scope["vault"].name, "Alice")
        self.assertEqual(scope["vault"].status, "Active")

    def test_the_signature_matches_the_documented_vector(self):
        # docs/api.md, "Authentication".
        self.assertEqual(
            signature("example-secret", "1700000000", "POST", "/v1/vaults", b'{"name":"alice"}'),
            "4c3de8158c38da03ac80ca36d8cb58332da8807e7539f2fa40bbc58c075ff7cc",
        )

    def test_vault_wallet_deposit_and_an_idempotent_transfer(self):
        c = client()
        vault = post_vaults.sync_detailed(client=c, body=VaultCreate(name="Alice"))
        self.assertEqual(vault.status_code, 201)
        self.assertEqual(vault.parsed.name, "Alice")

        alice = post_vaults_by_vault_id_wallets.sync(
            client=c, vault_id=str(vault.parsed.id), body=WalletCreate(asset_id="BTC")
        )
        read = get_wallets_by_id.sync(client=c, id=str(alice.id))
        self.assertEqual((read.id, read.vault_id, read.asset_id), (alice.id, vault.parsed.id, "BTC"))
        self.assertEqual(read.balance.available, "0")

        deposit = post_sandbox_deposits.sync(
            client=c, body=SandboxDeposit(wallet_id=alice.id, amount="1.5")
        )
        self.assertIsInstance(deposit, Transaction, deposit)
        self.assertEqual(deposit.status, "Confirming")
        post_sandbox_blocks.sync(
            client=c, body=PostSandboxBlocksBody(count=deposit.required_confirmations)
        )
        for _ in range(150):
            if get_transactions_by_id.sync(client=c, id=str(deposit.id)).status == "Completed":
                break
            time.sleep(0.1)
        self.assertEqual(get_wallets_by_id.sync(client=c, id=str(alice.id)).balance.available, "1.5")

        bob = wallet(c, "Bob")
        body = TransferCreate(source_wallet_id=alice.id, destination_wallet_id=bob.id, amount="0.5")
        first = post_transactions_transfer.sync_detailed(client=c, body=body, idempotency_key="move-1")
        self.assertEqual(first.status_code, 201, first.content)
        self.assertEqual((first.parsed.kind, first.parsed.status), ("Transfer", "Completed"))
        # The same request again, at once: signed anew, answered from the
        # first, nothing moved twice.
        again = post_transactions_transfer.sync_detailed(client=c, body=body, idempotency_key="move-1")
        self.assertEqual(again.status_code, 201, again.content)
        self.assertEqual(again.headers.get("Idempotent-Replayed"), "true")
        self.assertEqual(again.parsed.id, first.parsed.id)
        self.assertEqual(get_wallets_by_id.sync(client=c, id=str(alice.id)).balance.available, "1")
        self.assertEqual(get_wallets_by_id.sync(client=c, id=str(bob.id)).balance.available, "0.5")

    def test_errors_come_back_as_the_documented_error(self):
        c = client()
        alice, bob = wallet(c, "Alice"), wallet(c, "Bob")
        body = TransferCreate(source_wallet_id=alice.id, destination_wallet_id=bob.id, amount="7")
        refused = post_transactions_transfer.sync_detailed(client=c, body=body, idempotency_key="too-much")
        self.assertEqual(refused.status_code, 422)
        self.assertIsInstance(refused.parsed, NativeError)
        self.assertEqual(refused.parsed.code, "insufficient_funds")
        self.assertEqual(refused.parsed.request_id, refused.headers["X-Request-Id"])

        bad = post_vaults.sync_detailed(client=c, body=VaultCreate(name=""))
        self.assertEqual(bad.status_code, 400)
        self.assertIn("name", bad.parsed.errors.additional_properties)

        # A wrong secret: the hook signs, the server refuses, the client says so.
        stranger = signed_client(os.environ["COFFER_URL"], os.environ["COFFER_KEY_ID"], "0" * 64)
        denied = get_wallets_by_id.sync_detailed(client=stranger, id=str(alice.id))
        self.assertEqual(denied.status_code, 401)
        self.assertEqual(denied.parsed.code, "invalid_signature")


if __name__ == "__main__":
    unittest.main()
