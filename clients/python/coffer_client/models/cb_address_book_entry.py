from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="CbAddressBookEntry")



@_attrs_define
class CbAddressBookEntry:
    """ 
        Attributes:
            id (UUID):
            address (str):
            name (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            currency (str):
            account_identifier (str | Unset):
     """

    id: UUID
    address: str
    name: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    currency: str
    account_identifier: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        address = self.address

        name = self.name

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        currency = self.currency

        account_identifier = self.account_identifier


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "address": address,
            "name": name,
            "created_at": created_at,
            "updated_at": updated_at,
            "currency": currency,
        })
        if account_identifier is not UNSET:
            field_dict["account_identifier"] = account_identifier

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        address = d.pop("address")

        name = d.pop("name")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        currency = d.pop("currency")

        account_identifier = d.pop("account_identifier", UNSET)

        cb_address_book_entry = cls(
            id=id,
            address=address,
            name=name,
            created_at=created_at,
            updated_at=updated_at,
            currency=currency,
            account_identifier=account_identifier,
        )

        return cb_address_book_entry

