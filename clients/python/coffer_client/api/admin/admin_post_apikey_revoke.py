from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.admin_error import AdminError
from ...models.admin_post_apikey_revoke_body import AdminPostApikeyRevokeBody
from ...models.admin_post_apikey_revoke_response_200 import AdminPostApikeyRevokeResponse200
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: AdminPostApikeyRevokeBody,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/apikey/revoke",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AdminError | AdminPostApikeyRevokeResponse200:
    if response.status_code == 200:
        response_200 = AdminPostApikeyRevokeResponse200.from_dict(response.json())



        return response_200

    response_default = AdminError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AdminError | AdminPostApikeyRevokeResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AdminPostApikeyRevokeBody,
    idempotency_key: str | Unset = UNSET,

) -> Response[AdminError | AdminPostApikeyRevokeResponse200]:
    """ Revoke an API key by name

    Args:
        idempotency_key (str | Unset):
        body (AdminPostApikeyRevokeBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | AdminPostApikeyRevokeResponse200]
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
    body: AdminPostApikeyRevokeBody,
    idempotency_key: str | Unset = UNSET,

) -> AdminError | AdminPostApikeyRevokeResponse200 | None:
    """ Revoke an API key by name

    Args:
        idempotency_key (str | Unset):
        body (AdminPostApikeyRevokeBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | AdminPostApikeyRevokeResponse200
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AdminPostApikeyRevokeBody,
    idempotency_key: str | Unset = UNSET,

) -> Response[AdminError | AdminPostApikeyRevokeResponse200]:
    """ Revoke an API key by name

    Args:
        idempotency_key (str | Unset):
        body (AdminPostApikeyRevokeBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | AdminPostApikeyRevokeResponse200]
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
    body: AdminPostApikeyRevokeBody,
    idempotency_key: str | Unset = UNSET,

) -> AdminError | AdminPostApikeyRevokeResponse200 | None:
    """ Revoke an API key by name

    Args:
        idempotency_key (str | Unset):
        body (AdminPostApikeyRevokeBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | AdminPostApikeyRevokeResponse200
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
