from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from uuid import UUID






T = TypeVar("T", bound="CbAddressBookRequested")



@_attrs_define
class CbAddressBookRequested:
    """ 
        Attributes:
            activity_id (UUID):
            currency (str):
            approval_url (str):
            name (str):
            account_identifier (str | Unset):
     """

    activity_id: UUID
    currency: str
    approval_url: str
    name: str
    account_identifier: str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        activity_id = str(self.activity_id)

        currency = self.currency

        approval_url = self.approval_url

        name = self.name

        account_identifier = self.account_identifier


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "activity_id": activity_id,
            "currency": currency,
            "approval_url": approval_url,
            "name": name,
        })
        if account_identifier is not UNSET:
            field_dict["account_identifier"] = account_identifier

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        activity_id = UUID(d.pop("activity_id"))




        currency = d.pop("currency")

        approval_url = d.pop("approval_url")

        name = d.pop("name")

        account_identifier = d.pop("account_identifier", UNSET)

        cb_address_book_requested = cls(
            activity_id=activity_id,
            currency=currency,
            approval_url=approval_url,
            name=name,
            account_identifier=account_identifier,
        )

        return cb_address_book_requested

