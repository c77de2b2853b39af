from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CbTransactionCreate")



@_attrs_define
class CbTransactionCreate:
    """ 
        Attributes:
            source (str):
            whole_amount (str):
            destination (str):
            currency (str | Unset):
            account_identifier (str | Unset):
     """

    source: str
    whole_amount: str
    destination: str
    currency: str | Unset = UNSET
    account_identifier: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        source = self.source

        whole_amount = self.whole_amount

        destination = self.destination

        currency = self.currency

        account_identifier = self.account_identifier


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "source": source,
            "whole_amount": whole_amount,
            "destination": destination,
        })
        if currency is not UNSET:
            field_dict["currency"] = currency
        if account_identifier is not UNSET:
            field_dict["account_identifier"] = account_identifier

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source = d.pop("source")

        whole_amount = d.pop("whole_amount")

        destination = d.pop("destination")

        currency = d.pop("currency", UNSET)

        account_identifier = d.pop("account_identifier", UNSET)

        cb_transaction_create = cls(
            source=source,
            whole_amount=whole_amount,
            destination=destination,
            currency=currency,
            account_identifier=account_identifier,
        )

        return cb_transaction_create

