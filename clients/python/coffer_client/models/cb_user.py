from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.cb_user_role import CbUserRole
from ..models.cb_user_state import CbUserState
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="CbUser")



@_attrs_define
class CbUser:
    """ 
        Attributes:
            id (UUID):
            name (str):
            state (CbUserState):
            email (str):
            created_at (datetime.datetime):
            updated_at (datetime.datetime):
            role (CbUserRole):
     """

    id: UUID
    name: str
    state: CbUserState
    email: str
    created_at: datetime.datetime
    updated_at: datetime.datetime
    role: CbUserRole





    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        name = self.name

        state = self.state.value

        email = self.email

        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        role = self.role.value


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "name": name,
            "state": state,
            "email": email,
            "created_at": created_at,
            "updated_at": updated_at,
            "role": role,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        name = d.pop("name")

        state = CbUserState(d.pop("state"))




        email = d.pop("email")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))




        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))




        role = CbUserRole(d.pop("role"))




        cb_user = cls(
            id=id,
            name=name,
            state=state,
            email=email,
            created_at=created_at,
            updated_at=updated_at,
            role=role,
        )

        return cb_user

