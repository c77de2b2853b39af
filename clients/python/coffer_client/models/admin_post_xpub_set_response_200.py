from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from uuid import UUID






T = TypeVar("T", bound="AdminPostXpubSetResponse200")



@_attrs_define
class AdminPostXpubSetResponse200:
    """ 
        Attributes:
            wallet_id (UUID):
            network (str):
            xpub (str):
            first_address (str):
            first_path (str):
     """

    wallet_id: UUID
    network: str
    xpub: str
    first_address: str
    first_path: str





    def to_dict(self) -> dict[str, Any]:
        wallet_id = str(self.wallet_id)

        network = self.network

        xpub = self.xpub

        first_address = self.first_address

        first_path = self.first_path


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "wallet_id": wallet_id,
            "network": network,
            "xpub": xpub,
            "first_address": first_address,
            "first_path": first_path,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        wallet_id = UUID(d.pop("wallet_id"))




        network = d.pop("network")

        xpub = d.pop("xpub")

        first_address = d.pop("first_address")

        first_path = d.pop("first_path")

        admin_post_xpub_set_response_200 = cls(
            wallet_id=wallet_id,
            network=network,
            xpub=xpub,
            first_address=first_address,
            first_path=first_path,
        )

        return admin_post_xpub_set_response_200

