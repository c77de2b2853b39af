from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AdminPostSubwalletCreateBody")



@_attrs_define
class AdminPostSubwalletCreateBody:
    """ 
        Attributes:
            wallet_name (str):
            label (None | str | Unset):
     """

    wallet_name: str
    label: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        wallet_name = self.wallet_name

        label: None | str | Unset
        if isinstance(self.label, Unset):
            label = UNSET
        else:
            label = self.label


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "wallet_name": wallet_name,
        })
        if label is not UNSET:
            field_dict["label"] = label

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        wallet_name = d.pop("wallet_name")

        def _parse_label(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        label = _parse_label(d.pop("label", UNSET))


        admin_post_subwallet_create_body = cls(
            wallet_name=wallet_name,
            label=label,
        )

        return admin_post_subwallet_create_body

