from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="Balance")



@_attrs_define
class Balance:
    """ 
        Attributes:
            total (str):
            available (str):
            pending (str):
            locked (str):
     """

    total: str
    available: str
    pending: str
    locked: str





    def to_dict(self) -> dict[str, Any]:
        total = self.total

        available = self.available

        pending = self.pending

        locked = self.locked


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "total": total,
            "available": available,
            "pending": pending,
            "locked": locked,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        total = d.pop("total")

        available = d.pop("available")

        pending = d.pop("pending")

        locked = d.pop("locked")

        balance = cls(
            total=total,
            available=available,
            pending=pending,
            locked=locked,
        )

        return balance

