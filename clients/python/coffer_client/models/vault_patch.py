from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.vault_patch_status import VaultPatchStatus
from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.vault_patch_metadata import VaultPatchMetadata





T = TypeVar("T", bound="VaultPatch")



@_attrs_define
class VaultPatch:
    """ 
        Attributes:
            name (str | Unset):
            metadata (VaultPatchMetadata | Unset):
            status (VaultPatchStatus | Unset):
     """

    name: str | Unset = UNSET
    metadata: VaultPatchMetadata | Unset = UNSET
    status: VaultPatchStatus | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.vault_patch_metadata import VaultPatchMetadata # noqa: PLC0415
        name = self.name

        metadata: dict[str, Any] | Unset = UNSET
        if not isinstance(self.metadata, Unset):
            metadata = self.metadata.to_dict()

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if metadata is not UNSET:
            field_dict["metadata"] = metadata
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.vault_patch_metadata import VaultPatchMetadata # noqa: PLC0415
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _metadata = d.pop("metadata", UNSET)
        metadata: VaultPatchMetadata | Unset
        if isinstance(_metadata,  Unset):
            metadata = UNSET
        else:
            metadata = VaultPatchMetadata.from_dict(_metadata)




        _status = d.pop("status", UNSET)
        status: VaultPatchStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = VaultPatchStatus(_status)




        vault_patch = cls(
            name=name,
            metadata=metadata,
            status=status,
        )

        return vault_patch

