from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="CbWalletRequested")



@_attrs_define
class CbWalletRequested:
    """ 
        Attributes:
            activity_id (UUID):
            currency (str):
            approval_url (str):
            name (None | str):
     """

    activity_id: UUID
    currency: str
    approval_url: str
    name: None | str





    def to_dict(self) -> dict[str, Any]:
        activity_id = str(self.activity_id)

        currency = self.currency

        approval_url = self.approval_url

        name: None | str
        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "activity_id": activity_id,
            "currency": currency,
            "approval_url": approval_url,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity_id = UUID(d.pop("activity_id"))




        currency = d.pop("currency")

        approval_url = d.pop("approval_url")

        def _parse_name(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        name = _parse_name(d.pop("name"))


        cb_wallet_requested = cls(
            activity_id=activity_id,
            currency=currency,
            approval_url=approval_url,
            name=name,
        )

        return cb_wallet_requested

