from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID






T = TypeVar("T", bound="CbTransactionRequested")



@_attrs_define
class CbTransactionRequested:
    """ 
        Attributes:
            destination (None | str):
            activity_id (UUID):
            currency (str):
            approval_url (str):
            whole_amount (str):
            fee (str):
            source (None | str):
     """

    destination: None | str
    activity_id: UUID
    currency: str
    approval_url: str
    whole_amount: str
    fee: str
    source: None | str





    def to_dict(self) -> dict[str, Any]:
        destination: None | str
        destination = self.destination

        activity_id = str(self.activity_id)

        currency = self.currency

        approval_url = self.approval_url

        whole_amount = self.whole_amount

        fee = self.fee

        source: None | str
        source = self.source


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "destination": destination,
            "activity_id": activity_id,
            "currency": currency,
            "approval_url": approval_url,
            "whole_amount": whole_amount,
            "fee": fee,
            "source": source,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        def _parse_destination(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        destination = _parse_destination(d.pop("destination"))


        activity_id = UUID(d.pop("activity_id"))




        currency = d.pop("currency")

        approval_url = d.pop("approval_url")

        whole_amount = d.pop("whole_amount")

        fee = d.pop("fee")

        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))


        cb_transaction_requested = cls(
            destination=destination,
            activity_id=activity_id,
            currency=currency,
            approval_url=approval_url,
            whole_amount=whole_amount,
            fee=fee,
            source=source,
        )

        return cb_transaction_requested

