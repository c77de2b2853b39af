from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.vault_status import VaultStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.vault_metadata import VaultMetadata





T = TypeVar("T", bound="Vault")



@_attrs_define
class Vault:
    """ 
        Attributes:
            id (UUID):
            external_id (None | str):
            name (str):
            metadata (VaultMetadata):
            status (VaultStatus):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
     """

    id: UUID
    external_id: None | str
    name: str
    metadata: VaultMetadata
    status: VaultStatus
    created_at: datetime.datetime
    updated_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        from ..models.vault_metadata import VaultMetadata # noqa: PLC0415
        id = str(self.id)

        external_id: None | str
        external_id = self.external_id

        name = self.name

        metadata = self.metadata.to_dict()

        status = self.status.value

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "externalId": external_id,
            "name": name,
            "metadata": metadata,
            "status": status,
            "createdAt": created_at,
            "updatedAt": updated_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vault_metadata import VaultMetadata # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        def _parse_external_id(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        external_id = _parse_external_id(d.pop("externalId"))


        name = d.pop("name")

        metadata = VaultMetadata.from_dict(d.pop("metadata"))




        status = VaultStatus(d.pop("status"))




        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updatedAt"))




        vault = cls(
            id=id,
            external_id=external_id,
            name=name,
            metadata=metadata,
            status=status,
            created_at=created_at,
            updated_at=updated_at,
        )

        return vault

