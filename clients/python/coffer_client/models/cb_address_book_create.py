from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset






T = TypeVar("T", bound="CbAddressBookCreate")



@_attrs_define
class CbAddressBookCreate:
    """ 
        Attributes:
            name (str):
            address (str):
            currency (str | Unset):
            curency (str | Unset):
            account_identifier (str | Unset):
     """

    name: str
    address: str
    currency: str | Unset = UNSET
    curency: str | Unset = UNSET
    account_identifier: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        address = self.address

        currency = self.currency

        curency = self.curency

        account_identifier = self.account_identifier


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "address": address,
        })
        if currency is not UNSET:
            field_dict["currency"] = currency
        if curency is not UNSET:
            field_dict["curency"] = curency
        if account_identifier is not UNSET:
            field_dict["account_identifier"] = account_identifier

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        address = d.pop("address")

        currency = d.pop("currency", UNSET)

        curency = d.pop("curency", UNSET)

        account_identifier = d.pop("account_identifier", UNSET)

        cb_address_book_create = cls(
            name=name,
            address=address,
            currency=currency,
            curency=curency,
            account_identifier=account_identifier,
        )

        return cb_address_book_create

