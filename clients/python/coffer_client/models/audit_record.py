from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.audit_record_environment_type_0 import AuditRecordEnvironmentType0
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.audit_record_actor import AuditRecordActor





T = TypeVar("T", bound="AuditRecord")



@_attrs_define
class AuditRecord:
    """ 
        Attributes:
            id (UUID):
            sequence (int):
            action (str):
            actor (AuditRecordActor):
            environment (AuditRecordEnvironmentType0 | None):
            ip (None | str):
            object_type (None | str):
            object_id (None | str):
            request_id (None | str):
            created_at (datetime.datetime):
            prev_hash (str):
            hash_ (str):
     """

    id: UUID
    sequence: int
    action: str
    actor: AuditRecordActor
    environment: AuditRecordEnvironmentType0 | None
    ip: None | str
    object_type: None | str
    object_id: None | str
    request_id: None | str
    created_at: datetime.datetime
    prev_hash: str
    hash_: str





    def to_dict(self) -> dict[str, Any]:
        from ..models.audit_record_actor import AuditRecordActor # noqa: PLC0415
        id = str(self.id)

        sequence = self.sequence

        action = self.action

        actor = self.actor.to_dict()

        environment: None | str
        if isinstance(self.environment, AuditRecordEnvironmentType0):
            environment = self.environment.value
        else:
            environment = self.environment

        ip: None | str
        ip = self.ip

        object_type: None | str
        object_type = self.object_type

        object_id: None | str
        object_id = self.object_id

        request_id: None | str
        request_id = self.request_id

        created_at = self.created_at.isoformat()

        prev_hash = self.prev_hash

        hash_ = self.hash_


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "sequence": sequence,
            "action": action,
            "actor": actor,
            "environment": environment,
            "ip": ip,
            "objectType": object_type,
            "objectId": object_id,
            "requestId": request_id,
            "createdAt": created_at,
            "prevHash": prev_hash,
            "hash": hash_,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.audit_record_actor import AuditRecordActor # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        sequence = d.pop("sequence")

        action = d.pop("action")

        actor = AuditRecordActor.from_dict(d.pop("actor"))




        def _parse_environment(data: object) -> AuditRecordEnvironmentType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                environment_type_0 = AuditRecordEnvironmentType0(data)



                return environment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuditRecordEnvironmentType0 | None, data)

        environment = _parse_environment(d.pop("environment"))


        def _parse_ip(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        ip = _parse_ip(d.pop("ip"))


        def _parse_object_type(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        object_type = _parse_object_type(d.pop("objectType"))


        def _parse_object_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        object_id = _parse_object_id(d.pop("objectId"))


        def _parse_request_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        request_id = _parse_request_id(d.pop("requestId"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        prev_hash = d.pop("prevHash")

        hash_ = d.pop("hash")

        audit_record = cls(
            id=id,
            sequence=sequence,
            action=action,
            actor=actor,
            environment=environment,
            ip=ip,
            object_type=object_type,
            object_id=object_id,
            request_id=request_id,
            created_at=created_at,
            prev_hash=prev_hash,
            hash_=hash_,
        )

        return audit_record

