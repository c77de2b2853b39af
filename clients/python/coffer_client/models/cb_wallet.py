from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="CbWallet")



@_attrs_define
class CbWallet:
    """ 
        Attributes:
            id (UUID):
            name (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            balance (str):
            balance_whole_units (str):
            withdrawable_balance (str):
            withdrawable_balance_whole_units (str):
            unvested_balance (str):
            unvested_balance_whole_units (str):
            cold_address (None | str):
            currency (str):
     """

    id: UUID
    name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    balance: str
    balance_whole_units: str
    withdrawable_balance: str
    withdrawable_balance_whole_units: str
    unvested_balance: str
    unvested_balance_whole_units: str
    cold_address: None | str
    currency: str





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        balance = self.balance

        balance_whole_units = self.balance_whole_units

        withdrawable_balance = self.withdrawable_balance

        withdrawable_balance_whole_units = self.withdrawable_balance_whole_units

        unvested_balance = self.unvested_balance

        unvested_balance_whole_units = self.unvested_balance_whole_units

        cold_address: None | str
        cold_address = self.cold_address

        currency = self.currency


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "name": name,
            "created_at": created_at,
            "updated_at": updated_at,
            "balance": balance,
            "balance_whole_units": balance_whole_units,
            "withdrawable_balance": withdrawable_balance,
            "withdrawable_balance_whole_units": withdrawable_balance_whole_units,
            "unvested_balance": unvested_balance,
            "unvested_balance_whole_units": unvested_balance_whole_units,
            "cold_address": cold_address,
            "currency": currency,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        name = d.pop("name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        balance = d.pop("balance")

        balance_whole_units = d.pop("balance_whole_units")

        withdrawable_balance = d.pop("withdrawable_balance")

        withdrawable_balance_whole_units = d.pop("withdrawable_balance_whole_units")

        unvested_balance = d.pop("unvested_balance")

        unvested_balance_whole_units = d.pop("unvested_balance_whole_units")

        def _parse_cold_address(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        cold_address = _parse_cold_address(d.pop("cold_address"))


        currency = d.pop("currency")

        cb_wallet = cls(
            id=id,
            name=name,
            created_at=created_at,
            updated_at=updated_at,
            balance=balance,
            balance_whole_units=balance_whole_units,
            withdrawable_balance=withdrawable_balance,
            withdrawable_balance_whole_units=withdrawable_balance_whole_units,
            unvested_balance=unvested_balance,
            unvested_balance_whole_units=unvested_balance_whole_units,
            cold_address=cold_address,
            currency=currency,
        )

        return cb_wallet

