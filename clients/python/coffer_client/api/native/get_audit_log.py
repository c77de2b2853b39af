from http import HTTPStatus
from typing import Any, cast
from urllib.parse import quote

import httpx

from ...client import AuthenticatedClient, Client
from ...types import Response, UNSET
from ... import errors

from ...models.get_audit_log_response_200 import GetAuditLogResponse200
from ...models.native_error import NativeError
from ...types import UNSET, Unset
from typing import cast



def _get_kwargs(
    *,
    action: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> dict[str, Any]:
    

    

    params: dict[str, Any] = {}

    params["action"] = action

    params["objectType"] = object_type

    params["objectId"] = object_id

    params["actorId"] = actor_id

    params["createdFrom"] = created_from

    params["createdTo"] = created_to

    params["limit"] = limit

    params["before"] = before

    params["after"] = after


    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}


    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v1/audit-log",
        "params": params,
    }


    return _kwargs



def _parse_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> GetAuditLogResponse200 | NativeError:
    if response.status_code == 200:
        response_200 = GetAuditLogResponse200.from_dict(response.json())



        return response_200

    response_default = NativeError.from_dict(response.json())



    return response_default



def _build_response(*, client: AuthenticatedClient | Client, response: httpx.Response) -> Response[GetAuditLogResponse200 | NativeError]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetAuditLogResponse200 | NativeError]:
    """ The hash-chained audit trail

    Args:
        action (str | Unset):
        object_type (str | Unset):
        object_id (str | Unset):
        actor_id (str | Unset):
        created_from (str | Unset):
        created_to (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetAuditLogResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        action=action,
object_type=object_type,
object_id=object_id,
actor_id=actor_id,
created_from=created_from,
created_to=created_to,
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
    action: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetAuditLogResponse200 | NativeError | None:
    """ The hash-chained audit trail

    Args:
        action (str | Unset):
        object_type (str | Unset):
        object_id (str | Unset):
        actor_id (str | Unset):
        created_from (str | Unset):
        created_to (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetAuditLogResponse200 | NativeError
     """


    return sync_detailed(
        client=client,
action=action,
object_type=object_type,
object_id=object_id,
actor_id=actor_id,
created_from=created_from,
created_to=created_to,
limit=limit,
before=before,
after=after,

    ).parsed

async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    action: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> Response[GetAuditLogResponse200 | NativeError]:
    """ The hash-chained audit trail

    Args:
        action (str | Unset):
        object_type (str | Unset):
        object_id (str | Unset):
        actor_id (str | Unset):
        created_from (str | Unset):
        created_to (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[GetAuditLogResponse200 | NativeError]
     """


    kwargs = _get_kwargs(
        action=action,
object_type=object_type,
object_id=object_id,
actor_id=actor_id,
created_from=created_from,
created_to=created_to,
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
    action: str | Unset = UNSET,
    object_type: str | Unset = UNSET,
    object_id: str | Unset = UNSET,
    actor_id: str | Unset = UNSET,
    created_from: str | Unset = UNSET,
    created_to: str | Unset = UNSET,
    limit: int | Unset = 25,
    before: str | Unset = UNSET,
    after: str | Unset = UNSET,

) -> GetAuditLogResponse200 | NativeError | None:
    """ The hash-chained audit trail

    Args:
        action (str | Unset):
        object_type (str | Unset):
        object_id (str | Unset):
        actor_id (str | Unset):
        created_from (str | Unset):
        created_to (str | Unset):
        limit (int | Unset):  Default: 25.
        before (str | Unset):
        after (str | Unset):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        GetAuditLogResponse200 | NativeError
     """


    return (await asyncio_detailed(
        client=client,
action=action,
object_type=object_type,
object_id=object_id,
actor_id=actor_id,
created_from=created_from,
created_to=created_to,
limit=limit,
before=before,
after=after,

    )).parsed
