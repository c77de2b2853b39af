from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.asset_status import AssetStatus






T = TypeVar("T", bound="Asset")



@_attrs_define
class Asset:
    """ 
        Attributes:
            id (str):
            symbol (str):
            name (str):
            network (str):
            decimals (int):
            required_confirmations (int):
            withdrawal_fee (str):
            status (AssetStatus):
     """

    id: str
    symbol: str
    name: str
    network: str
    decimals: int
    required_confirmations: int
    withdrawal_fee: str
    status: AssetStatus





    def to_dict(self) -> dict[str, Any]:
        id = self.id

        symbol = self.symbol

        name = self.name

        network = self.network

        decimals = self.decimals

        required_confirmations = self.required_confirmations

        withdrawal_fee = self.withdrawal_fee

        status = self.status.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "symbol": symbol,
            "name": name,
            "network": network,
            "decimals": decimals,
            "requiredConfirmations": required_confirmations,
            "withdrawalFee": withdrawal_fee,
            "status": status,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        symbol = d.pop("symbol")

        name = d.pop("name")

        network = d.pop("network")

        decimals = d.pop("decimals")

        required_confirmations = d.pop("requiredConfirmations")

        withdrawal_fee = d.pop("withdrawalFee")

        status = AssetStatus(d.pop("status"))




        asset = cls(
            id=id,
            symbol=symbol,
            name=name,
            network=network,
            decimals=decimals,
            required_confirmations=required_confirmations,
            withdrawal_fee=withdrawal_fee,
            status=status,
        )

        return asset

