from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
import datetime






T = TypeVar("T", bound="ApiKeyCreated")



@_attrs_define
class ApiKeyCreated:
    """ 
        Attributes:
            api_key (str):
            key_id (str):
            name (str):
            status (str):
            expires_at (datetime.datetime | None):
            api_secret (str):
            passphrase (str):
     """

    api_key: str
    key_id: str
    name: str
    status: str
    expires_at: datetime.datetime | None
    api_secret: str
    passphrase: str





    def to_dict(self) -> dict[str, Any]:
        api_key = self.api_key

        key_id = self.key_id

        name = self.name

        status = self.status

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        api_secret = self.api_secret

        passphrase = self.passphrase


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "api_key": api_key,
            "key_id": key_id,
            "name": name,
            "status": status,
            "expires_at": expires_at,
            "api_secret": api_secret,
            "passphrase": passphrase,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        api_key = d.pop("api_key")

        key_id = d.pop("key_id")

        name = d.pop("name")

        status = d.pop("status")

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))


        api_secret = d.pop("api_secret")

        passphrase = d.pop("passphrase")

        api_key_created = cls(
            api_key=api_key,
            key_id=key_id,
            name=name,
            status=status,
            expires_at=expires_at,
            api_secret=api_secret,
            passphrase=passphrase,
        )

        return api_key_created

