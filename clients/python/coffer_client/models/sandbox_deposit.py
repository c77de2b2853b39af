from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from uuid import UUID






T = TypeVar("T", bound="SandboxDeposit")



@_attrs_define
class SandboxDeposit:
    """ 
        Attributes:
            amount (str):
            wallet_id (UUID | Unset):
            address (str | Unset):
            confirmations (int | Unset):
     """

    amount: str
    wallet_id: UUID | Unset = UNSET
    address: str | Unset = UNSET
    confirmations: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        amount = self.amount

        wallet_id: str | Unset = UNSET
        if not isinstance(self.wallet_id, Unset):
            wallet_id = str(self.wallet_id)

        address = self.address

        confirmations = self.confirmations


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "amount": amount,
        })
        if wallet_id is not UNSET:
            field_dict["walletId"] = wallet_id
        if address is not UNSET:
            field_dict["address"] = address
        if confirmations is not UNSET:
            field_dict["confirmations"] = confirmations

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        amount = d.pop("amount")

        _wallet_id = d.pop("walletId", UNSET)
        wallet_id: UUID | Unset
        if isinstance(_wallet_id,  Unset):
            wallet_id = UNSET
        else:
            wallet_id = UUID(_wallet_id)




        address = d.pop("address", UNSET)

        confirmations = d.pop("confirmations", UNSET)

        sandbox_deposit = cls(
            amount=amount,
            wallet_id=wallet_id,
            address=address,
            confirmations=confirmations,
        )

        return sandbox_deposit

