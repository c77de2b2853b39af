from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.admin_error import AdminError
from ...models.subwallet import Subwallet
from typing import cast



def _get_kwargs(
    wallet_id: str,

) -> dict[str, Any]:
    

    

    

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/subwallets/{wallet_id}".format(wallet_id=quote(str(wallet_id), safe=""),),
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> AdminError | Subwallet:
    if response.status_code == 200:
        response_200 = Subwallet.from_dict(response.json())



        return response_200

    response_default = AdminError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[AdminError | Subwallet]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    wallet_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[AdminError | Subwallet]:
    """ One subwallet (super-admin)

    Args:
        wallet_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | Subwallet]
     """


    kwargs = _get_kwargs(
        wallet_id=wallet_id,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    wallet_id: str,
    *,
    client: AuthenticatedClient,

) -> AdminError | Subwallet | None:
    """ One subwallet (super-admin)

    Args:
        wallet_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | Subwallet
     """


    return sync_detailed(
        wallet_id=wallet_id,
client=client,

    ).parsed

async def asyncio_detailed(
    wallet_id: str,
    *,
    client: AuthenticatedClient,

) -> Response[AdminError | Subwallet]:
    """ One subwallet (super-admin)

    Args:
        wallet_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AdminError | Subwallet]
     """


    kwargs = _get_kwargs(
        wallet_id=wallet_id,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    wallet_id: str,
    *,
    client: AuthenticatedClient,

) -> AdminError | Subwallet | None:
    """ One subwallet (super-admin)

    Args:
        wallet_id (str):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AdminError | Subwallet
     """


    return (await asyncio_detailed(
        wallet_id=wallet_id,
client=client,

    )).parsed
