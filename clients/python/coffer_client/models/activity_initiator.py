from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.activity_initiator_type import ActivityInitiatorType






T = TypeVar("T", bound="ActivityInitiator")



@_attrs_define
class ActivityInitiator:
    """ 
        Attributes:
            type_ (ActivityInitiatorType):
            id (str):
            name (str):
     """

    type_: ActivityInitiatorType
    id: str
    name: str





    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_.value

        id = self.id

        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "type": type_,
            "id": id,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        type_ = ActivityInitiatorType(d.pop("type"))




        id = d.pop("id")

        name = d.pop("name")

        activity_initiator = cls(
            type_=type_,
            id=id,
            name=name,
        )

        return activity_initiator

