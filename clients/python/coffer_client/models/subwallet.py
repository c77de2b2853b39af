from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast






T = TypeVar("T", bound="Subwallet")



@_attrs_define
class Subwallet:
    """ 
        Attributes:
            wallet_id (str):
            token (str):
            label (None | str):
     """

    wallet_id: str
    token: str
    label: None | str





    def to_dict(self) -> dict[str, Any]:
        wallet_id = self.wallet_id

        token = self.token

        label: None | str
        label = self.label


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "wallet_id": wallet_id,
            "token": token,
            "label": label,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        wallet_id = d.pop("wallet_id")

        token = d.pop("token")

        def _parse_label(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        label = _parse_label(d.pop("label"))


        subwallet = cls(
            wallet_id=wallet_id,
            token=token,
            label=label,
        )

        return subwallet

