from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="AdminPostApikeyRevokeBody")



@_attrs_define
class AdminPostApikeyRevokeBody:
    """ 
        Attributes:
            wallet_id (str):
            name (str):
     """

    wallet_id: str
    name: str





    def to_dict(self) -> dict[str, Any]:
        wallet_id = self.wallet_id

        name = self.name


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "wallet_id": wallet_id,
            "name": name,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        wallet_id = d.pop("wallet_id")

        name = d.pop("name")

        admin_post_apikey_revoke_body = cls(
            wallet_id=wallet_id,
            name=name,
        )

        return admin_post_apikey_revoke_body

