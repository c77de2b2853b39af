from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.address_book_entry_status import AddressBookEntryStatus
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="AddressBookEntry")



@_attrs_define
class AddressBookEntry:
    """ 
        Attributes:
            id (UUID):
            asset_id (str):
            network (str):
            address (str):
            tag (None | str):
            label (str):
            status (AddressBookEntryStatus):
            activity_id (None | UUID):
            created_at (datetime.datetime):
     """

    id: UUID
    asset_id: str
    network: str
    address: str
    tag: None | str
    label: str
    status: AddressBookEntryStatus
    activity_id: None | UUID
    created_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        asset_id = self.asset_id

        network = self.network

        address = self.address

        tag: None | str
        tag = self.tag

        label = self.label

        status = self.status.value

        activity_id: None | str
        if isinstance(self.activity_id, UUID):
            activity_id = str(self.activity_id)
        else:
            activity_id = self.activity_id

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "assetId": asset_id,
            "network": network,
            "address": address,
            "tag": tag,
            "label": label,
            "status": status,
            "activityId": activity_id,
            "createdAt": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        asset_id = d.pop("assetId")

        network = d.pop("network")

        address = d.pop("address")

        def _parse_tag(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        tag = _parse_tag(d.pop("tag"))


        label = d.pop("label")

        status = AddressBookEntryStatus(d.pop("status"))




        def _parse_activity_id(data: object) -> None | UUID:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                activity_id_type_0 = UUID(data)



                return activity_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | UUID, data)

        activity_id = _parse_activity_id(d.pop("activityId"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        address_book_entry = cls(
            id=id,
            asset_id=asset_id,
            network=network,
            address=address,
            tag=tag,
            label=label,
            status=status,
            activity_id=activity_id,
            created_at=created_at,
        )

        return address_book_entry

