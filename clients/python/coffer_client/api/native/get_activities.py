from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_activities_response_200 import GetActivitiesResponse200
from ...models.native_error import NativeError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    status: str | Unset = UNSET,
    action: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["status"] = status

    params["action"] = action

    params["limit"] = limit

    params["before"] = before

    params["after"] = after


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/activities",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GetActivitiesResponse200 | NativeError:
    if response.status_code == 200:
        response_200 = GetActivitiesResponse200.from_dict(response.json())



        return response_200

    response_default = NativeError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GetActivitiesResponse200 | NativeError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    action: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetActivitiesResponse200 | NativeError]:
    """ Requests subject to consensus

    Args:
        status (str | Unset):
        action (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetActivitiesResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        status=status,
action=action,
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
    status: str | Unset = UNSET,
    action: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetActivitiesResponse200 | NativeError | None:
    """ Requests subject to consensus

    Args:
        status (str | Unset):
        action (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetActivitiesResponse200 | NativeError
     """


    return sync_detailed(
        client=client,
status=status,
action=action,
limit=limit,
before=before,
after=after,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    action: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetActivitiesResponse200 | NativeError]:
    """ Requests subject to consensus

    Args:
        status (str | Unset):
        action (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetActivitiesResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        status=status,
action=action,
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
    status: str | Unset = UNSET,
    action: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetActivitiesResponse200 | NativeError | None:
    """ Requests subject to consensus

    Args:
        status (str | Unset):
        action (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetActivitiesResponse200 | NativeError
     """


    return (await asyncio_detailed(
        client=client,
status=status,
action=action,
limit=limit,
before=before,
after=after,

    )).parsed
