from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="VelocityLimit")



@_attrs_define
class VelocityLimit:
    """ 
        Attributes:
            asset_id (str):
            amount (str):
            vault_id (None | Unset | UUID):
            window_hours (int | Unset):
     """

    asset_id: str
    amount: str
    vault_id: None | Unset | UUID = UNSET
    window_hours: int | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        asset_id = self.asset_id

        amount = self.amount

        vault_id: None | str | Unset
        if isinstance(self.vault_id, Unset):
            vault_id = UNSET
        elif isinstance(self.vault_id, UUID):
            vault_id = str(self.vault_id)
        else:
            vault_id = self.vault_id

        window_hours = self.window_hours


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "assetId": asset_id,
            "amount": amount,
        })
        if vault_id is not UNSET:
            field_dict["vaultId"] = vault_id
        if window_hours is not UNSET:
            field_dict["windowHours"] = window_hours

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        asset_id = d.pop("assetId")

        amount = d.pop("amount")

        def _parse_vault_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                vault_id_type_0 = UUID(data)



                return vault_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        vault_id = _parse_vault_id(d.pop("vaultId", UNSET))


        window_hours = d.pop("windowHours", UNSET)

        velocity_limit = cls(
            asset_id=asset_id,
            amount=amount,
            vault_id=vault_id,
            window_hours=window_hours,
        )

        return velocity_limit

