from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.cb_address_book_create import CbAddressBookCreate
from ...models.cb_address_book_requested import CbAddressBookRequested
from ...models.coinbase_error import CoinbaseError
from typing import cast



def _get_kwargs(
    *,
    body: CbAddressBookCreate,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}


    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/v1/address_book",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CbAddressBookRequested | CoinbaseError:
    if response.status_code == 200:
        response_200 = CbAddressBookRequested.from_dict(response.json())



        return response_200

    response_default = CoinbaseError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CbAddressBookRequested | CoinbaseError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: CbAddressBookCreate,

) -> Response[CbAddressBookRequested | CoinbaseError]:
    """ Add an address (an activity)

    Args:
        body (CbAddressBookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CbAddressBookRequested | CoinbaseError]
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
    body: CbAddressBookCreate,

) -> CbAddressBookRequested | CoinbaseError | None:
    """ Add an address (an activity)

    Args:
        body (CbAddressBookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CbAddressBookRequested | CoinbaseError
     """


    return sync_detailed(
        client=client,
body=body,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: CbAddressBookCreate,

) -> Response[CbAddressBookRequested | CoinbaseError]:
    """ Add an address (an activity)

    Args:
        body (CbAddressBookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CbAddressBookRequested | CoinbaseError]
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
    body: CbAddressBookCreate,

) -> CbAddressBookRequested | CoinbaseError | None:
    """ Add an address (an activity)

    Args:
        body (CbAddressBookCreate):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CbAddressBookRequested | CoinbaseError
     """


    return (await asyncio_detailed(
        client=client,
body=body,

    )).parsed
