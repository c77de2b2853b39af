from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.native_error import NativeError
from ...models.webhook_endpoint import WebhookEndpoint
from ...models.webhook_endpoint_set import WebhookEndpointSet
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: WebhookEndpointSet,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "put",
        "url": "/v1/webhooks/outbound",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> NativeError | WebhookEndpoint:
    if response.status_code == 200:
        response_200 = WebhookEndpoint.from_dict(response.json())



        return response_200

    response_default = NativeError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[NativeError | WebhookEndpoint]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointSet,
    idempotency_key: str | Unset = UNSET,

) -> Response[NativeError | WebhookEndpoint]:
    """ Set the webhook endpoint

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NativeError | WebhookEndpoint]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointSet,
    idempotency_key: str | Unset = UNSET,

) -> NativeError | WebhookEndpoint | None:
    """ Set the webhook endpoint

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NativeError | WebhookEndpoint
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointSet,
    idempotency_key: str | Unset = UNSET,

) -> Response[NativeError | WebhookEndpoint]:
    """ Set the webhook endpoint

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NativeError | WebhookEndpoint]
     """


    kwargs = _get_kwargs(
        body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    *,
    client: AuthenticatedClient,
    body: WebhookEndpointSet,
    idempotency_key: str | Unset = UNSET,

) -> NativeError | WebhookEndpoint | None:
    """ Set the webhook endpoint

    Args:
        idempotency_key (str | Unset):
        body (WebhookEndpointSet):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NativeError | WebhookEndpoint
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
