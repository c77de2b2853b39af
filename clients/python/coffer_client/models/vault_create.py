from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.vault_create_metadata_type_0 import VaultCreateMetadataType0





T = TypeVar("T", bound="VaultCreate")



@_attrs_define
class VaultCreate:
    """ 
        Attributes:
            name (str):
            external_id (None | str | Unset):
            metadata (None | Unset | VaultCreateMetadataType0):
     """

    name: str
    external_id: None | str | Unset = UNSET
    metadata: None | Unset | VaultCreateMetadataType0 = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.vault_create_metadata_type_0 import VaultCreateMetadataType0 # noqa: PLC0415
        name = self.name

        external_id: None | str | Unset
        if isinstance(self.external_id, Unset):
            external_id = UNSET
        else:
            external_id = self.external_id

        metadata: dict[str, Any] | None | Unset
        if isinstance(self.metadata, Unset):
            metadata = UNSET
        elif isinstance(self.metadata, VaultCreateMetadataType0):
            metadata = self.metadata.to_dict()
        else:
            metadata = self.metadata


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
        })
        if external_id is not UNSET:
            field_dict["externalId"] = external_id
        if metadata is not UNSET:
            field_dict["metadata"] = metadata

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vault_create_metadata_type_0 import VaultCreateMetadataType0 # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_external_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        external_id = _parse_external_id(d.pop("externalId", UNSET))


        def _parse_metadata(data: object) -> None | Unset | VaultCreateMetadataType0:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                metadata_type_0 = VaultCreateMetadataType0.from_dict(data)



                return metadata_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | VaultCreateMetadataType0, data)

        metadata = _parse_metadata(d.pop("metadata", UNSET))


        vault_create = cls(
            name=name,
            external_id=external_id,
            metadata=metadata,
        )

        return vault_create

