from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.native_error import NativeError
from ...models.post_signer_requests_by_id_signature_body import PostSignerRequestsByIdSignatureBody
from ...models.signer_request import SignerRequest
from ...models.transaction import Transaction
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    id: str,
    *,
    body: PostSignerRequestsByIdSignatureBody,
    idempotency_key: str | Unset = UNSET,

) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    if not isinstance(idempotency_key, Unset):
        headers["Idempotency-Key"] = idempotency_key



    

    

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/signer/requests/{id}/signature".format(id=quote(str(id), safe=""),),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> NativeError | SignerRequest | Transaction:
    if response.status_code == 200:
        def _parse_response_200(data: object) -> SignerRequest | Transaction:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_200_type_0 = Transaction.from_dict(data)



                return response_200_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_200_type_1 = SignerRequest.from_dict(data)



            return response_200_type_1

        response_200 = _parse_response_200(response.json())

        return response_200

    response_default = NativeError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[NativeError | SignerRequest | Transaction]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PostSignerRequestsByIdSignatureBody,
    idempotency_key: str | Unset = UNSET,

) -> Response[NativeError | SignerRequest | Transaction]:
    """ Submit a signed payload: a sandbox withdrawal's signature (test), or an EVM signed raw transaction
    (live), checked field by field

    Args:
        id (str):
        idempotency_key (str | Unset):
        body (PostSignerRequestsByIdSignatureBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NativeError | SignerRequest | Transaction]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
idempotency_key=idempotency_key,

    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)

def sync(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PostSignerRequestsByIdSignatureBody,
    idempotency_key: str | Unset = UNSET,

) -> NativeError | SignerRequest | Transaction | None:
    """ Submit a signed payload: a sandbox withdrawal's signature (test), or an EVM signed raw transaction
    (live), checked field by field

    Args:
        id (str):
        idempotency_key (str | Unset):
        body (PostSignerRequestsByIdSignatureBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NativeError | SignerRequest | Transaction
     """


    return sync_detailed(
        id=id,
client=client,
body=body,
idempotency_key=idempotency_key,

    ).parsed

async def asyncio_detailed(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PostSignerRequestsByIdSignatureBody,
    idempotency_key: str | Unset = UNSET,

) -> Response[NativeError | SignerRequest | Transaction]:
    """ Submit a signed payload: a sandbox withdrawal's signature (test), or an EVM signed raw transaction
    (live), checked field by field

    Args:
        id (str):
        idempotency_key (str | Unset):
        body (PostSignerRequestsByIdSignatureBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[NativeError | SignerRequest | Transaction]
     """


    kwargs = _get_kwargs(
        id=id,
body=body,
idempotency_key=idempotency_key,

    )

    response = await client.get_async_httpx_client().request(
        **kwargs
    )

    return _build_response(client=client, response=response)

async def asyncio(
    id: str,
    *,
    client: AuthenticatedClient,
    body: PostSignerRequestsByIdSignatureBody,
    idempotency_key: str | Unset = UNSET,

) -> NativeError | SignerRequest | Transaction | None:
    """ Submit a signed payload: a sandbox withdrawal's signature (test), or an EVM signed raw transaction
    (live), checked field by field

    Args:
        id (str):
        idempotency_key (str | Unset):
        body (PostSignerRequestsByIdSignatureBody):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        NativeError | SignerRequest | Transaction
     """


    return (await asyncio_detailed(
        id=id,
client=client,
body=body,
idempotency_key=idempotency_key,

    )).parsed
