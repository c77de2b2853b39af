from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AddressBookCreate")



@_attrs_define
class AddressBookCreate:
    """ 
        Attributes:
            asset_id (str):
            address (str):
            label (str):
            tag (None | str | Unset):
     """

    asset_id: str
    address: str
    label: str
    tag: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        asset_id = self.asset_id

        address = self.address

        label = self.label

        tag: None | str | Unset
        if isinstance(self.tag, Unset):
            tag = UNSET
        else:
            tag = self.tag


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "assetId": asset_id,
            "address": address,
            "label": label,
        })
        if tag is not UNSET:
            field_dict["tag"] = tag

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        asset_id = d.pop("assetId")

        address = d.pop("address")

        label = d.pop("label")

        def _parse_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        tag = _parse_tag(d.pop("tag", UNSET))


        address_book_create = cls(
            asset_id=asset_id,
            address=address,
            label=label,
            tag=tag,
        )

        return address_book_create

