from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.cb_wallet_create import CbWalletCreate
from ...models.cb_wallet_requested import CbWalletRequested
from ...models.coinbase_error import CoinbaseError
from typing import cast



def _get_kwargs(
    *,
    body: CbWalletCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/wallets",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CbWalletRequested | CoinbaseError:
    if response.status_code == 200:
        response_200 = CbWalletRequested.from_dict(response.json())



        return response_200

    response_default = CoinbaseError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CbWalletRequested | CoinbaseError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CbWalletCreate,

) -> Response[CbWalletRequested | CoinbaseError]:
    """ Create a wallet (an approved activity)

    Args:
        body (CbWalletCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CbWalletRequested | CoinbaseError]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: CbWalletCreate,

) -> CbWalletRequested | CoinbaseError | None:
    """ Create a wallet (an approved activity)

    Args:
        body (CbWalletCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CbWalletRequested | CoinbaseError
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CbWalletCreate,

) -> Response[CbWalletRequested | CoinbaseError]:
    """ Create a wallet (an approved activity)

    Args:
        body (CbWalletCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CbWalletRequested | CoinbaseError]
     """


    kwargs = _get_kwargs(
        body=body,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: CbWalletCreate,

) -> CbWalletRequested | CoinbaseError | None:
    """ Create a wallet (an approved activity)

    Args:
        body (CbWalletCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CbWalletRequested | CoinbaseError
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
