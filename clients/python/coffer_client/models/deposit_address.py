from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="DepositAddress")



@_attrs_define
class DepositAddress:
    """ 
        Attributes:
            id (UUID):
            wallet_id (UUID):
            network (str):
            address (str):
            tag (None | str):
            created_at (datetime.datetime):
     """

    id: UUID
    wallet_id: UUID
    network: str
    address: str
    tag: None | str
    created_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        wallet_id = str(self.wallet_id)

        network = self.network

        address = self.address

        tag: None | str
        tag = self.tag

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "walletId": wallet_id,
            "network": network,
            "address": address,
            "tag": tag,
            "createdAt": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        wallet_id = UUID(d.pop("walletId"))




        network = d.pop("network")

        address = d.pop("address")

        def _parse_tag(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tag = _parse_tag(d.pop("tag"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        deposit_address = cls(
            id=id,
            wallet_id=wallet_id,
            network=network,
            address=address,
            tag=tag,
            created_at=created_at,
        )

        return deposit_address

