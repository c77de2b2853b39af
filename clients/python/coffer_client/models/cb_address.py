from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="CbAddress")



@_attrs_define
class CbAddress:
    """ 
        Attributes:
            address (str):
            state (str):
            balance (int):
            blockchain_link (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            currency (str):
            balance_whole_units (str):
     """

    address: str
    state: str
    balance: int
    blockchain_link: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    currency: str
    balance_whole_units: str





    def to_dict(self) -> dict[str, Any]:
        address = self.address

        state = self.state

        balance = self.balance

        blockchain_link = self.blockchain_link

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        currency = self.currency

        balance_whole_units = self.balance_whole_units


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "address": address,
            "state": state,
            "balance": balance,
            "blockchain_link": blockchain_link,
            "created_at": created_at,
            "updated_at": updated_at,
            "currency": currency,
            "balance_whole_units": balance_whole_units,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        address = d.pop("address")

        state = d.pop("state")

        balance = d.pop("balance")

        blockchain_link = d.pop("blockchain_link")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        currency = d.pop("currency")

        balance_whole_units = d.pop("balance_whole_units")

        cb_address = cls(
            address=address,
            state=state,
            balance=balance,
            blockchain_link=blockchain_link,
            created_at=created_at,
            updated_at=updated_at,
            currency=currency,
            balance_whole_units=balance_whole_units,
        )

        return cb_address

