from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.admin_error import AdminError
from ...models.admin_post_xpub_set_body import AdminPostXpubSetBody
from ...models.admin_post_xpub_set_response_200 import AdminPostXpubSetResponse200
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    body: AdminPostXpubSetBody,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/api/xpub/set",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AdminError | AdminPostXpubSetResponse200:
    if response.status_code == 200:
        response_200 = AdminPostXpubSetResponse200.from_dict(response.json())



        return response_200

    response_default = AdminError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AdminError | AdminPostXpubSetResponse200]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: AdminPostXpubSetBody,
    idempotency_key: str | Unset = UNSET,

) -> Response[AdminError | AdminPostXpubSetResponse200]:
    """ Register a tenant's account xpub (m/44'/60'/0') for an EVM network; its live wallets there derive
    their deposit addresses from it

    Args:
        idempotency_key (str | Unset):
        body (AdminPostXpubSetBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | AdminPostXpubSetResponse200]
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
    body: AdminPostXpubSetBody,
    idempotency_key: str | Unset = UNSET,

) -> AdminError | AdminPostXpubSetResponse200 | None:
    """ Register a tenant's account xpub (m/44'/60'/0') for an EVM network; its live wallets there derive
    their deposit addresses from it

    Args:
        idempotency_key (str | Unset):
        body (AdminPostXpubSetBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | AdminPostXpubSetResponse200
     """


    return sync_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: AdminPostXpubSetBody,
    idempotency_key: str | Unset = UNSET,

) -> Response[AdminError | AdminPostXpubSetResponse200]:
    """ Register a tenant's account xpub (m/44'/60'/0') for an EVM network; its live wallets there derive
    their deposit addresses from it

    Args:
        idempotency_key (str | Unset):
        body (AdminPostXpubSetBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | AdminPostXpubSetResponse200]
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
    body: AdminPostXpubSetBody,
    idempotency_key: str | Unset = UNSET,

) -> AdminError | AdminPostXpubSetResponse200 | None:
    """ Register a tenant's account xpub (m/44'/60'/0') for an EVM network; its live wallets there derive
    their deposit addresses from it

    Args:
        idempotency_key (str | Unset):
        body (AdminPostXpubSetBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | AdminPostXpubSetResponse200
     """


    return (await asyncio_detailed(
        client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
