from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.coinbase_error import CoinbaseError
from ...models.coinbase_get_address_book_response_200 import CoinbaseGetAddressBookResponse200
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    currency: str | Unset = UNSET,
    account_identifier: str | Unset = UNSET,
    name: str | Unset = UNSET,
    address: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["currency"] = currency

    params["account_identifier"] = account_identifier

    params["name"] = name

    params["address"] = address

    params["limit"] = limit

    params["before"] = before

    params["after"] = after


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/address_book",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CoinbaseError | CoinbaseGetAddressBookResponse200:
    if response.status_code == 200:
        response_200 = CoinbaseGetAddressBookResponse200.from_dict(response.json())



        return response_200

    response_default = CoinbaseError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CoinbaseError | CoinbaseGetAddressBookResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    currency: str | Unset = UNSET,
    account_identifier: str | Unset = UNSET,
    name: str | Unset = UNSET,
    address: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[CoinbaseError | CoinbaseGetAddressBookResponse200]:
    """ The address book

    Args:
        currency (str | Unset):
        account_identifier (str | Unset):
        name (str | Unset):
        address (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoinbaseError | CoinbaseGetAddressBookResponse200]
     """


    kwargs = _get_kwargs(
        currency=currency,
account_identifier=account_identifier,
name=name,
address=address,
limit=limit,
before=before,
after=after,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    currency: str | Unset = UNSET,
    account_identifier: str | Unset = UNSET,
    name: str | Unset = UNSET,
    address: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> CoinbaseError | CoinbaseGetAddressBookResponse200 | None:
    """ The address book

    Args:
        currency (str | Unset):
        account_identifier (str | Unset):
        name (str | Unset):
        address (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoinbaseError | CoinbaseGetAddressBookResponse200
     """


    return sync_detailed(
        client=client,
currency=currency,
account_identifier=account_identifier,
name=name,
address=address,
limit=limit,
before=before,
after=after,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    currency: str | Unset = UNSET,
    account_identifier: str | Unset = UNSET,
    name: str | Unset = UNSET,
    address: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[CoinbaseError | CoinbaseGetAddressBookResponse200]:
    """ The address book

    Args:
        currency (str | Unset):
        account_identifier (str | Unset):
        name (str | Unset):
        address (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoinbaseError | CoinbaseGetAddressBookResponse200]
     """


    kwargs = _get_kwargs(
        currency=currency,
account_identifier=account_identifier,
name=name,
address=address,
limit=limit,
before=before,
after=after,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    currency: str | Unset = UNSET,
    account_identifier: str | Unset = UNSET,
    name: str | Unset = UNSET,
    address: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> CoinbaseError | CoinbaseGetAddressBookResponse200 | None:
    """ The address book

    Args:
        currency (str | Unset):
        account_identifier (str | Unset):
        name (str | Unset):
        address (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoinbaseError | CoinbaseGetAddressBookResponse200
     """


    return (await asyncio_detailed(
        client=client,
currency=currency,
account_identifier=account_identifier,
name=name,
address=address,
limit=limit,
before=before,
after=after,

    )).parsed
