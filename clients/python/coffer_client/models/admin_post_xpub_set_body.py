from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="AdminPostXpubSetBody")



@_attrs_define
class AdminPostXpubSetBody:
    """ 
        Attributes:
            network (str):
            xpub (str):
            wallet_id (None | str | Unset):
     """

    network: str
    xpub: str
    wallet_id: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        network = self.network

        xpub = self.xpub

        wallet_id: None | str | Unset
        if isinstance(self.wallet_id, Unset):
            wallet_id = UNSET
        else:
            wallet_id = self.wallet_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "network": network,
            "xpub": xpub,
        })
        if wallet_id is not UNSET:
            field_dict["wallet_id"] = wallet_id

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        network = d.pop("network")

        xpub = d.pop("xpub")

        def _parse_wallet_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id", UNSET))


        admin_post_xpub_set_body = cls(
            network=network,
            xpub=xpub,
            wallet_id=wallet_id,
        )

        return admin_post_xpub_set_body

