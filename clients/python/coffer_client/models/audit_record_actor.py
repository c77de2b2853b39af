from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.audit_record_actor_type import AuditRecordActorType






T = TypeVar("T", bound="AuditRecordActor")



@_attrs_define
class AuditRecordActor:
    """ 
        Attributes:
            type_ (AuditRecordActorType):
            id (str):
     """

    type_: AuditRecordActorType
    id: str





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        id = self.id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "id": id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = AuditRecordActorType(d.pop("type"))




        id = d.pop("id")

        audit_record_actor = cls(
            type_=type_,
            id=id,
        )

        return audit_record_actor

