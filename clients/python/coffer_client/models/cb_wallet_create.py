from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CbWalletCreate")



@_attrs_define
class CbWalletCreate:
    """ 
        Attributes:
            currency (str):
            name (str):
     """

    currency: str
    name: str





    def to_dict(self) -> dict[str, Any]:
        currency = self.currency

        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "currency": currency,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        currency = d.pop("currency")

        name = d.pop("name")

        cb_wallet_create = cls(
            currency=currency,
            name=name,
        )

        return cb_wallet_create

