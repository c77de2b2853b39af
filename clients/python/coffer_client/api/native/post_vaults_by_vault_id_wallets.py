from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.native_error import NativeError
from ...models.wallet import Wallet
from ...models.wallet_create import WalletCreate
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    vault_id: str,
    *,
    body: WalletCreate,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/vaults/{vault_id}/wallets".format(vault_id=quote(str(vault_id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> NativeError | Wallet:
    if response.status_code == 201:
        response_201 = Wallet.from_dict(response.json())



        return response_201

    response_default = NativeError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[NativeError | Wallet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    vault_id: str,
    *,
    client: AuthenticatedClient,
    body: WalletCreate,
    idempotency_key: str | Unset = UNSET,

) -> Response[NativeError | Wallet]:
    """ Open a wallet for an asset

    Args:
        vault_id (str):
        idempotency_key (str | Unset):
        body (WalletCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NativeError | Wallet]
     """


    kwargs = _get_kwargs(
        vault_id=vault_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    vault_id: str,
    *,
    client: AuthenticatedClient,
    body: WalletCreate,
    idempotency_key: str | Unset = UNSET,

) -> NativeError | Wallet | None:
    """ Open a wallet for an asset

    Args:
        vault_id (str):
        idempotency_key (str | Unset):
        body (WalletCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NativeError | Wallet
     """


    return sync_detailed(
        vault_id=vault_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    vault_id: str,
    *,
    client: AuthenticatedClient,
    body: WalletCreate,
    idempotency_key: str | Unset = UNSET,

) -> Response[NativeError | Wallet]:
    """ Open a wallet for an asset

    Args:
        vault_id (str):
        idempotency_key (str | Unset):
        body (WalletCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NativeError | Wallet]
     """


    kwargs = _get_kwargs(
        vault_id=vault_id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    vault_id: str,
    *,
    client: AuthenticatedClient,
    body: WalletCreate,
    idempotency_key: str | Unset = UNSET,

) -> NativeError | Wallet | None:
    """ Open a wallet for an asset

    Args:
        vault_id (str):
        idempotency_key (str | Unset):
        body (WalletCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NativeError | Wallet
     """


    return (await asyncio_detailed(
        vault_id=vault_id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
