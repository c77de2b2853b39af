from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.cb_currency import CbCurrency
from ...models.coinbase_error import CoinbaseError
from typing import cast



def _get_kwargs(
    symbol: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/currencies/{symbol}".format(symbol=quote(str(symbol), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CbCurrency | CoinbaseError:
    if response.status_code == 200:
        response_200 = CbCurrency.from_dict(response.json())



        return response_200

    response_default = CoinbaseError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CbCurrency | CoinbaseError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    symbol: str,
    *,
    client: AuthenticatedClient,

) -> Response[CbCurrency | CoinbaseError]:
    """ One currency

    Args:
        symbol (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CbCurrency | CoinbaseError]
     """


    kwargs = _get_kwargs(
        symbol=symbol,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    symbol: str,
    *,
    client: AuthenticatedClient,

) -> CbCurrency | CoinbaseError | None:
    """ One currency

    Args:
        symbol (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CbCurrency | CoinbaseError
     """


    return sync_detailed(
        symbol=symbol,
client=client,

    ).parsed

async def asyncio_detailed(
    symbol: str,
    *,
    client: AuthenticatedClient,

) -> Response[CbCurrency | CoinbaseError]:
    """ One currency

    Args:
        symbol (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CbCurrency | CoinbaseError]
     """


    kwargs = _get_kwargs(
        symbol=symbol,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    symbol: str,
    *,
    client: AuthenticatedClient,

) -> CbCurrency | CoinbaseError | None:
    """ One currency

    Args:
        symbol (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CbCurrency | CoinbaseError
     """


    return (await asyncio_detailed(
        symbol=symbol,
client=client,

    )).parsed
