from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_webhooks_deliveries_response_200 import GetWebhooksDeliveriesResponse200
from ...models.native_error import NativeError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    status: str | Unset = UNSET,
    event_type: str | Unset = UNSET,
    event_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["status"] = status

    params["eventType"] = event_type

    params["eventId"] = event_id

    params["limit"] = limit

    params["before"] = before

    params["after"] = after


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/webhooks/deliveries",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GetWebhooksDeliveriesResponse200 | NativeError:
    if response.status_code == 200:
        response_200 = GetWebhooksDeliveriesResponse200.from_dict(response.json())



        return response_200

    response_default = NativeError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GetWebhooksDeliveriesResponse200 | NativeError]:
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
    event_type: str | Unset = UNSET,
    event_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetWebhooksDeliveriesResponse200 | NativeError]:
    """ The delivery log

    Args:
        status (str | Unset):
        event_type (str | Unset):
        event_id (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetWebhooksDeliveriesResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        status=status,
event_type=event_type,
event_id=event_id,
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
    event_type: str | Unset = UNSET,
    event_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetWebhooksDeliveriesResponse200 | NativeError | None:
    """ The delivery log

    Args:
        status (str | Unset):
        event_type (str | Unset):
        event_id (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetWebhooksDeliveriesResponse200 | NativeError
     """


    return sync_detailed(
        client=client,
status=status,
event_type=event_type,
event_id=event_id,
limit=limit,
before=before,
after=after,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    status: str | Unset = UNSET,
    event_type: str | Unset = UNSET,
    event_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetWebhooksDeliveriesResponse200 | NativeError]:
    """ The delivery log

    Args:
        status (str | Unset):
        event_type (str | Unset):
        event_id (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetWebhooksDeliveriesResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        status=status,
event_type=event_type,
event_id=event_id,
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
    event_type: str | Unset = UNSET,
    event_id: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetWebhooksDeliveriesResponse200 | NativeError | None:
    """ The delivery log

    Args:
        status (str | Unset):
        event_type (str | Unset):
        event_id (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetWebhooksDeliveriesResponse200 | NativeError
     """


    return (await asyncio_detailed(
        client=client,
status=status,
event_type=event_type,
event_id=event_id,
limit=limit,
before=before,
after=after,

    )).parsed
