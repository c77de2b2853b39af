from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset







T = TypeVar("T", bound="EvmTransactionFields")



@_attrs_define
class EvmTransactionFields:
    """ 
        Attributes:
            to (str):
            value (str):
            data (str):
            nonce (str):
            gas (str):
            max_fee_per_gas (str):
            max_priority_fee_per_gas (str):
     """

    to: str
    value: str
    data: str
    nonce: str
    gas: str
    max_fee_per_gas: str
    max_priority_fee_per_gas: str





    def to_dict(self) -> dict[str, Any]:
        to = self.to

        value = self.value

        data = self.data

        nonce = self.nonce

        gas = self.gas

        max_fee_per_gas = self.max_fee_per_gas

        max_priority_fee_per_gas = self.max_priority_fee_per_gas


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "to": to,
            "value": value,
            "data": data,
            "nonce": nonce,
            "gas": gas,
            "maxFeePerGas": max_fee_per_gas,
            "maxPriorityFeePerGas": max_priority_fee_per_gas,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        to = d.pop("to")

        value = d.pop("value")

        data = d.pop("data")

        nonce = d.pop("nonce")

        gas = d.pop("gas")

        max_fee_per_gas = d.pop("maxFeePerGas")

        max_priority_fee_per_gas = d.pop("maxPriorityFeePerGas")

        evm_transaction_fields = cls(
            to=to,
            value=value,
            data=data,
            nonce=nonce,
            gas=gas,
            max_fee_per_gas=max_fee_per_gas,
            max_priority_fee_per_gas=max_priority_fee_per_gas,
        )

        return evm_transaction_fields

