from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.user_create_role import UserCreateRole
from ..types import UNSET, Unset
from typing import cast






T = TypeVar("T", bound="UserCreate")



@_attrs_define
class UserCreate:
    """ 
        Attributes:
            name (str):
            email (str):
            role (UserCreateRole):
            password (None | str | Unset):
     """

    name: str
    email: str
    role: UserCreateRole
    password: None | str | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        email = self.email

        role = self.role.value

        password: None | str | Unset
        if isinstance(self.password, Unset):
            password = UNSET
        else:
            password = self.password


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "email": email,
            "role": role,
        })
        if password is not UNSET:
            field_dict["password"] = password

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        email = d.pop("email")

        role = UserCreateRole(d.pop("role"))




        def _parse_password(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        password = _parse_password(d.pop("password", UNSET))


        user_create = cls(
            name=name,
            email=email,
            role=role,
            password=password,
        )

        return user_create

