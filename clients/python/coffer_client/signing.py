"""Signing of native API requests (docs/api.md, "Authentication"), written by
hand beside the generated client: an httpx auth hook that adds X-API-Key,
X-Timestamp and X-Signature to every request.

    from coffer_client.signing import signed_client
    from coffer_client.api.native import post_vaults
    from coffer_client.models import VaultCreate
    client = signed_client("http://127.0.0.1:8080", key_id, secret)
    vault = post_vaults.sync(client=client, body=VaultCreate(name="Alice"))
"""

import hashlib
import hmac
import threading
import time
from typing import Any, Dict, Generator

import httpx

from .client import AuthenticatedClient

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


def signature(secret: str, timestamp: str, method: str, path: str, body: bytes) -> str:
    """Hex HMAC-SHA256 of the canonical request: the timestamp, the method, the
    path with its query exactly as sent and the hex SHA-256 of the body."""
    canonical = "\n".join([timestamp, method, path, hashlib.sha256(body).hexdigest()])
    return hmac.new(secret.encode(), canonical.encode(), hashlib.sha256).hexdigest()


class CofferAuth(httpx.Auth):
    """Signs each request with an API key's id and secret.

    The server accepts a mutating request's signature once (a replay is
    refused, docs/api.md), and timestamps are whole seconds: the same request
    sent twice within a second (a retry with its Idempotency-Key, say) is
    signed with the next unused second instead, up to 25 s ahead of the clock
    (the server allows 30). One sent by another process in the same second
    is refused as a replay, and sent once more, signed a second later."""

    requires_request_body = True
    requires_response_body = True

    # Signatures already sent by this process, with their timestamps; shared
    # by every client (a signature covers its secret, so keys never collide).
    _sent: Dict[str, int] = {}
    _lock = threading.Lock()

    def __init__(self, key_id: str, secret: str) -> None:
        self.key_id = key_id
        self.secret = secret

    def _sign(self, method: str, path: str, body: bytes, after: int) -> tuple:
        now = max(int(time.time()), after)
        if method not in MUTATING:
            return str(now), signature(self.secret, str(now), method, path, body)
        with CofferAuth._lock:
            sent = CofferAuth._sent
            for old in [s for s, t in sent.items() if t < now - 60]:
                del sent[old]
            for ahead in range(25):
                ts = str(now + ahead)
                sig = signature(self.secret, ts, method, path, body)
                if sig not in sent:
                    sent[sig] = now + ahead
                    return ts, sig
        raise RuntimeError("the same request was sent 25 times within a second")

    def _signed(self, request: httpx.Request, after: int) -> httpx.Request:
        path = request.url.raw_path.decode("ascii")
        timestamp, sig = self._sign(request.method, path, request.content, after)
        request.headers["X-API-Key"] = self.key_id
        request.headers["X-Timestamp"] = timestamp
        request.headers["X-Signature"] = sig
        return request

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        response = yield self._signed(request, 0)
        if response.status_code == 401 and b"replayed_signature" in response.content:
            yield self._signed(request, int(request.headers["X-Timestamp"]) + 1)


def signed_client(base_url: str, key_id: str, secret: str, **kwargs: Any) -> AuthenticatedClient:
    """A generated client whose every request is signed with the key."""
    httpx_args = dict(kwargs.pop("httpx_args", {}))
    httpx_args["auth"] = CofferAuth(key_id, secret)
    return AuthenticatedClient(
        base_url=base_url,
        token=key_id,
        prefix="",
        auth_header_name="X-API-Key",
        httpx_args=httpx_args,
        **kwargs,
    )
