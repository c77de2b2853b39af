from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="WithdrawalCreate")



@_attrs_define
class WithdrawalCreate:
    """ 
        Attributes:
            source_wallet_id (UUID):
            amount (str):
            destination_address (None | str | Unset):
            address_book_entry_id (None | Unset | UUID):
            destination_tag (None | str | Unset):
            note (None | str | Unset):
     """

    source_wallet_id: UUID
    amount: str
    destination_address: None | str | Unset = UNSET
    address_book_entry_id: None | Unset | UUID = UNSET
    destination_tag: None | str | Unset = UNSET
    note: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        source_wallet_id = str(self.source_wallet_id)

        amount = self.amount

        destination_address: None | str | Unset
        if isinstance(self.destination_address, Unset):
            destination_address = UNSET
        else:
            destination_address = self.destination_address

        address_book_entry_id: None | str | Unset
        if isinstance(self.address_book_entry_id, Unset):
            address_book_entry_id = UNSET
        elif isinstance(self.address_book_entry_id, UUID):
            address_book_entry_id = str(self.address_book_entry_id)
        else:
            address_book_entry_id = self.address_book_entry_id

        destination_tag: None | str | Unset
        if isinstance(self.destination_tag, Unset):
            destination_tag = UNSET
        else:
            destination_tag = self.destination_tag

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "sourceWalletId": source_wallet_id,
            "amount": amount,
        })
        if destination_address is not UNSET:
            field_dict["destinationAddress"] = destination_address
        if address_book_entry_id is not UNSET:
            field_dict["addressBookEntryId"] = address_book_entry_id
        if destination_tag is not UNSET:
            field_dict["destinationTag"] = destination_tag
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source_wallet_id = UUID(d.pop("sourceWalletId"))




        amount = d.pop("amount")

        def _parse_destination_address(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        destination_address = _parse_destination_address(d.pop("destinationAddress", UNSET))


        def _parse_address_book_entry_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                address_book_entry_id_type_0 = UUID(data)



                return address_book_entry_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        address_book_entry_id = _parse_address_book_entry_id(d.pop("addressBookEntryId", UNSET))


        def _parse_destination_tag(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        destination_tag = _parse_destination_tag(d.pop("destinationTag", UNSET))


        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        withdrawal_create = cls(
            source_wallet_id=source_wallet_id,
            amount=amount,
            destination_address=destination_address,
            address_book_entry_id=address_book_entry_id,
            destination_tag=destination_tag,
            note=note,
        )

        return withdrawal_create

