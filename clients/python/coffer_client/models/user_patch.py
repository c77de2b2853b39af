from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.user_patch_role import UserPatchRole
from ..models.user_patch_status import UserPatchStatus
from ..types import UNSET, Unset






T = TypeVar("T", bound="UserPatch")



@_attrs_define
class UserPatch:
    """ 
        Attributes:
            name (str | Unset):
            role (UserPatchRole | Unset):
            status (UserPatchStatus | Unset):
     """

    name: str | Unset = UNSET
    role: UserPatchRole | Unset = UNSET
    status: UserPatchStatus | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        role: str | Unset = UNSET
        if not isinstance(self.role, Unset):
            role = self.role.value


        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value



        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if name is not UNSET:
            field_dict["name"] = name
        if role is not UNSET:
            field_dict["role"] = role
        if status is not UNSET:
            field_dict["status"] = status

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name", UNSET)

        _role = d.pop("role", UNSET)
        role: UserPatchRole | Unset
        if isinstance(_role,  Unset):
            role = UNSET
        else:
            role = UserPatchRole(_role)




        _status = d.pop("status", UNSET)
        status: UserPatchStatus | Unset
        if isinstance(_status,  Unset):
            status = UNSET
        else:
            status = UserPatchStatus(_status)




        user_patch = cls(
            name=name,
            role=role,
            status=status,
        )

        return user_patch

