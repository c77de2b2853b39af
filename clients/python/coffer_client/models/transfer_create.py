from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="TransferCreate")



@_attrs_define
class TransferCreate:
    """ 
        Attributes:
            source_wallet_id (UUID):
            destination_wallet_id (UUID):
            amount (str):
            note (None | str | Unset):
     """

    source_wallet_id: UUID
    destination_wallet_id: UUID
    amount: str
    note: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        source_wallet_id = str(self.source_wallet_id)

        destination_wallet_id = str(self.destination_wallet_id)

        amount = self.amount

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "sourceWalletId": source_wallet_id,
            "destinationWalletId": destination_wallet_id,
            "amount": amount,
        })
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        source_wallet_id = UUID(d.pop("sourceWalletId"))




        destination_wallet_id = UUID(d.pop("destinationWalletId"))




        amount = d.pop("amount")

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))


        transfer_create = cls(
            source_wallet_id=source_wallet_id,
            destination_wallet_id=destination_wallet_id,
            amount=amount,
            note=note,
        )

        return transfer_create

