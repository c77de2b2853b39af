from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_vaults_by_vault_id_wallets_response_200 import GetVaultsByVaultIdWalletsResponse200
from ...models.native_error import NativeError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    vault_id: str,
    *,
    asset_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["assetId"] = asset_id

    params["limit"] = limit

    params["before"] = before

    params["after"] = after


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/vaults/{vault_id}/wallets".format(vault_id=quote(str(vault_id), safe=""),),
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GetVaultsByVaultIdWalletsResponse200 | NativeError:
    if response.status_code == 200:
        response_200 = GetVaultsByVaultIdWalletsResponse200.from_dict(response.json())



        return response_200

    response_default = NativeError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GetVaultsByVaultIdWalletsResponse200 | NativeError]:
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
    asset_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetVaultsByVaultIdWalletsResponse200 | NativeError]:
    """ A vault's wallets

    Args:
        vault_id (str):
        asset_id (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetVaultsByVaultIdWalletsResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        vault_id=vault_id,
asset_id=asset_id,
limit=limit,
before=before,
after=after,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    vault_id: str,
    *,
    client: AuthenticatedClient,
    asset_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetVaultsByVaultIdWalletsResponse200 | NativeError | None:
    """ A vault's wallets

    Args:
        vault_id (str):
        asset_id (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetVaultsByVaultIdWalletsResponse200 | NativeError
     """


    return sync_detailed(
        vault_id=vault_id,
client=client,
asset_id=asset_id,
limit=limit,
before=before,
after=after,

    ).parsed

async def asyncio_detailed(
    vault_id: str,
    *,
    client: AuthenticatedClient,
    asset_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetVaultsByVaultIdWalletsResponse200 | NativeError]:
    """ A vault's wallets

    Args:
        vault_id (str):
        asset_id (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetVaultsByVaultIdWalletsResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        vault_id=vault_id,
asset_id=asset_id,
limit=limit,
before=before,
after=after,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    vault_id: str,
    *,
    client: AuthenticatedClient,
    asset_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetVaultsByVaultIdWalletsResponse200 | NativeError | None:
    """ A vault's wallets

    Args:
        vault_id (str):
        asset_id (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetVaultsByVaultIdWalletsResponse200 | NativeError
     """


    return (await asyncio_detailed(
        vault_id=vault_id,
client=client,
asset_id=asset_id,
limit=limit,
before=before,
after=after,

    )).parsed
