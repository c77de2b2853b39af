from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.coinbase_error import CoinbaseError
from ...models.coinbase_get_users_response_200 import CoinbaseGetUsersResponse200
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["limit"] = limit

    params["before"] = before

    params["after"] = after


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/v1/users",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> CoinbaseError | CoinbaseGetUsersResponse200:
    if response.status_code == 200:
        response_200 = CoinbaseGetUsersResponse200.from_dict(response.json())



        return response_200

    response_default = CoinbaseError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[CoinbaseError | CoinbaseGetUsersResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[CoinbaseError | CoinbaseGetUsersResponse200]:
    """ Users of the organization

    Args:
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoinbaseError | CoinbaseGetUsersResponse200]
     """


    kwargs = _get_kwargs(
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
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> CoinbaseError | CoinbaseGetUsersResponse200 | None:
    """ Users of the organization

    Args:
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoinbaseError | CoinbaseGetUsersResponse200
     """


    return sync_detailed(
        client=client,
limit=limit,
before=before,
after=after,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[CoinbaseError | CoinbaseGetUsersResponse200]:
    """ Users of the organization

    Args:
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[CoinbaseError | CoinbaseGetUsersResponse200]
     """


    kwargs = _get_kwargs(
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
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> CoinbaseError | CoinbaseGetUsersResponse200 | None:
    """ Users of the organization

    Args:
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        CoinbaseError | CoinbaseGetUsersResponse200
     """


    return (await asyncio_detailed(
        client=client,
limit=limit,
before=before,
after=after,

    )).parsed
