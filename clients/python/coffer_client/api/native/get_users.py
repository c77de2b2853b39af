from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_users_response_200 import GetUsersResponse200
from ...models.native_error import NativeError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    role: str | Unset = UNSET,
    status: str | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["role"] = role

    params["status"] = status

    params["email"] = email

    params["limit"] = limit

    params["before"] = before

    params["after"] = after


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/users",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GetUsersResponse200 | NativeError:
    if response.status_code == 200:
        response_200 = GetUsersResponse200.from_dict(response.json())



        return response_200

    response_default = NativeError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GetUsersResponse200 | NativeError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    role: str | Unset = UNSET,
    status: str | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetUsersResponse200 | NativeError]:
    """ The tenant's people

    Args:
        role (str | Unset):
        status (str | Unset):
        email (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetUsersResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        role=role,
status=status,
email=email,
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
    role: str | Unset = UNSET,
    status: str | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetUsersResponse200 | NativeError | None:
    """ The tenant's people

    Args:
        role (str | Unset):
        status (str | Unset):
        email (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetUsersResponse200 | NativeError
     """


    return sync_detailed(
        client=client,
role=role,
status=status,
email=email,
limit=limit,
before=before,
after=after,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    role: str | Unset = UNSET,
    status: str | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetUsersResponse200 | NativeError]:
    """ The tenant's people

    Args:
        role (str | Unset):
        status (str | Unset):
        email (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetUsersResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        role=role,
status=status,
email=email,
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
    role: str | Unset = UNSET,
    status: str | Unset = UNSET,
    email: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetUsersResponse200 | NativeError | None:
    """ The tenant's people

    Args:
        role (str | Unset):
        status (str | Unset):
        email (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetUsersResponse200 | NativeError
     """


    return (await asyncio_detailed(
        client=client,
role=role,
status=status,
email=email,
limit=limit,
before=before,
after=after,

    )).parsed
