from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CoinbaseError")



@_attrs_define
class CoinbaseError:
    """ 
        Attributes:
            message (str):
            code (str | Unset):
     """

    message: str
    code: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        message = self.message

        code = self.code


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "message": message,
        })
        if code is not UNSET:
            field_dict["code"] = code

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        message = d.pop("message")

        code = d.pop("code", UNSET)

        coinbase_error = cls(
            message=message,
            code=code,
        )

        return coinbase_error

