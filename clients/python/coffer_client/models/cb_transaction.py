from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="CbTransaction")



@_attrs_define
class CbTransaction:
    """ 
        Attributes:
            id (UUID):
            type_ (str):
            state (str):
            amount (int):
            destination (None | str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            wallet_id (None | UUID):
            amount_whole_units (str):
            currency (str):
            fee (int):
            hashes (list[str]):
            source (None | str):
     """

    id: UUID
    type_: str
    state: str
    amount: int
    destination: None | str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    wallet_id: None | UUID
    amount_whole_units: str
    currency: str
    fee: int
    hashes: list[str]
    source: None | str





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        type_ = self.type_

        state = self.state

        amount = self.amount

        destination: None | str
        destination = self.destination

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        wallet_id: None | str
        if isinstance(self.wallet_id, UUID):
            wallet_id = str(self.wallet_id)
        else:
            wallet_id = self.wallet_id

        amount_whole_units = self.amount_whole_units

        currency = self.currency

        fee = self.fee

        hashes = self.hashes



        source: None | str
        source = self.source


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "type": type_,
            "state": state,
            "amount": amount,
            "destination": destination,
            "created_at": created_at,
            "updated_at": updated_at,
            "wallet_id": wallet_id,
            "amount_whole_units": amount_whole_units,
            "currency": currency,
            "fee": fee,
            "hashes": hashes,
            "source": source,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        type_ = d.pop("type")

        state = d.pop("state")

        amount = d.pop("amount")

        def _parse_destination(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        destination = _parse_destination(d.pop("destination"))


        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        def _parse_wallet_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                wallet_id_type_0 = UUID(data)



                return wallet_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id"))


        amount_whole_units = d.pop("amount_whole_units")

        currency = d.pop("currency")

        fee = d.pop("fee")

        hashes = cast(list[str], d.pop("hashes"))


        def _parse_source(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        source = _parse_source(d.pop("source"))


        cb_transaction = cls(
            id=id,
            type_=type_,
            state=state,
            amount=amount,
            destination=destination,
            created_at=created_at,
            updated_at=updated_at,
            wallet_id=wallet_id,
            amount_whole_units=amount_whole_units,
            currency=currency,
            fee=fee,
            hashes=hashes,
            source=source,
        )

        return cb_transaction

