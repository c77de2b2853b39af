from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="CbCurrency")



@_attrs_define
class CbCurrency:
    """ 
        Attributes:
            name (str):
            decimals (int):
            symbol (str):
     """

    name: str
    decimals: int
    symbol: str





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        decimals = self.decimals

        symbol = self.symbol


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "decimals": decimals,
            "symbol": symbol,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        decimals = d.pop("decimals")

        symbol = d.pop("symbol")

        cb_currency = cls(
            name=name,
            decimals=decimals,
            symbol=symbol,
        )

        return cb_currency

