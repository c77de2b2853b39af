from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...types import UNSET, Unset



def _get_kwargs(
    *,
    env: str | Unset = UNSET,
    wallet_id: str | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    status: str | Unset = UNSET,
    asset_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["env"] = env

    params["walletId"] = wallet_id

    params["vaultId"] = vault_id

    params["kind"] = kind

    params["status"] = status

    params["assetId"] = asset_id

    params["createdFrom"] = created_from

    params["createdTo"] = created_to


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/console/transactions.csv",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> str:
    if response.status_code == 200:
        response_200 = response.text
        return response_200

    response_default = cast(str, response.json())
    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[str]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    env: str | Unset = UNSET,
    wallet_id: str | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    status: str | Unset = UNSET,
    asset_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,

) -> Response[str]:
    """ CSV of the filtered transactions (what GET /v1/transactions lists)

    Args:
        env (str | Unset):
        wallet_id (str | Unset):
        vault_id (str | Unset):
        kind (str | Unset):
        status (str | Unset):
        asset_id (str | Unset):
        created_from (str | Unset):
        created_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[str]
     """


    kwargs = _get_kwargs(
        env=env,
wallet_id=wallet_id,
vault_id=vault_id,
kind=kind,
status=status,
asset_id=asset_id,
created_from=created_from,
created_to=created_to,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient | Client,
    env: str | Unset = UNSET,
    wallet_id: str | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    status: str | Unset = UNSET,
    asset_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,

) -> str | None:
    """ CSV of the filtered transactions (what GET /v1/transactions lists)

    Args:
        env (str | Unset):
        wallet_id (str | Unset):
        vault_id (str | Unset):
        kind (str | Unset):
        status (str | Unset):
        asset_id (str | Unset):
        created_from (str | Unset):
        created_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        str
     """


    return sync_detailed(
        client=client,
env=env,
wallet_id=wallet_id,
vault_id=vault_id,
kind=kind,
status=status,
asset_id=asset_id,
created_from=created_from,
created_to=created_to,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    env: str | Unset = UNSET,
    wallet_id: str | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    status: str | Unset = UNSET,
    asset_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,

) -> Response[str]:
    """ CSV of the filtered transactions (what GET /v1/transactions lists)

    Args:
        env (str | Unset):
        wallet_id (str | Unset):
        vault_id (str | Unset):
        kind (str | Unset):
        status (str | Unset):
        asset_id (str | Unset):
        created_from (str | Unset):
        created_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[str]
     """


    kwargs = _get_kwargs(
        env=env,
wallet_id=wallet_id,
vault_id=vault_id,
kind=kind,
status=status,
asset_id=asset_id,
created_from=created_from,
created_to=created_to,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    env: str | Unset = UNSET,
    wallet_id: str | Unset = UNSET,
    vault_id: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    status: str | Unset = UNSET,
    asset_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,

) -> str | None:
    """ CSV of the filtered transactions (what GET /v1/transactions lists)

    Args:
        env (str | Unset):
        wallet_id (str | Unset):
        vault_id (str | Unset):
        kind (str | Unset):
        status (str | Unset):
        asset_id (str | Unset):
        created_from (str | Unset):
        created_to (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        str
     """


    return (await asyncio_detailed(
        client=client,
env=env,
wallet_id=wallet_id,
vault_id=vault_id,
kind=kind,
status=status,
asset_id=asset_id,
created_from=created_from,
created_to=created_to,

    )).parsed
