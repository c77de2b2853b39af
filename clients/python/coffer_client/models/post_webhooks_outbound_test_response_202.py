from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="PostWebhooksOutboundTestResponse202")



@_attrs_define
class PostWebhooksOutboundTestResponse202:
    """ 
        Attributes:
            id (UUID):
            type_ (str):
            created_at (datetime.datetime):
     """

    id: UUID
    type_: str
    created_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        type_ = self.type_

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "type": type_,
            "createdAt": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        type_ = d.pop("type")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        post_webhooks_outbound_test_response_202 = cls(
            id=id,
            type_=type_,
            created_at=created_at,
        )

        return post_webhooks_outbound_test_response_202

