from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.api_key_create_environment_type_0 import ApiKeyCreateEnvironmentType0
from ..models.api_key_create_roles_item import ApiKeyCreateRolesItem
from ..models.api_key_create_scopes_type_0_item import ApiKeyCreateScopesType0Item
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ApiKeyCreate")



@_attrs_define
class ApiKeyCreate:
    """ 
        Attributes:
            name (str):
            wallet_id (None | str | Unset):
            roles (list[ApiKeyCreateRolesItem] | Unset):
            scopes (list[ApiKeyCreateScopesType0Item] | None | Unset):
            ip_allowlist (list[str] | None | Unset):
            expires_at (datetime.datetime | None | Unset):
            user_id (None | Unset | UUID):
            environment (ApiKeyCreateEnvironmentType0 | None | Unset):
            read_only (bool | None | Unset):
     """

    name: str
    wallet_id: None | str | Unset = UNSET
    roles: list[ApiKeyCreateRolesItem] | Unset = UNSET
    scopes: list[ApiKeyCreateScopesType0Item] | None | Unset = UNSET
    ip_allowlist: list[str] | None | Unset = UNSET
    expires_at: datetime.datetime | None | Unset = UNSET
    user_id: None | Unset | UUID = UNSET
    environment: ApiKeyCreateEnvironmentType0 | None | Unset = UNSET
    read_only: bool | None | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        wallet_id: None | str | Unset
        if isinstance(self.wallet_id, Unset):
            wallet_id = UNSET
        else:
            wallet_id = self.wallet_id

        roles: list[str] | Unset = UNSET
        if not isinstance(self.roles, Unset):
            roles = []
            for roles_item_data in self.roles:
                roles_item = roles_item_data.value
                roles.append(roles_item)



        scopes: list[str] | None | Unset
        if isinstance(self.scopes, Unset):
            scopes = UNSET
        elif isinstance(self.scopes, list):
            scopes = []
            for scopes_type_0_item_data in self.scopes:
                scopes_type_0_item = scopes_type_0_item_data.value
                scopes.append(scopes_type_0_item)


        else:
            scopes = self.scopes

        ip_allowlist: list[str] | None | Unset
        if isinstance(self.ip_allowlist, Unset):
            ip_allowlist = UNSET
        elif isinstance(self.ip_allowlist, list):
            ip_allowlist = self.ip_allowlist


        else:
            ip_allowlist = self.ip_allowlist

        expires_at: None | str | Unset
        if isinstance(self.expires_at, Unset):
            expires_at = UNSET
        elif isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        user_id: None | str | Unset
        if isinstance(self.user_id, Unset):
            user_id = UNSET
        elif isinstance(self.user_id, UUID):
            user_id = str(self.user_id)
        else:
            user_id = self.user_id

        environment: None | str | Unset
        if isinstance(self.environment, Unset):
            environment = UNSET
        elif isinstance(self.environment, ApiKeyCreateEnvironmentType0):
            environment = self.environment.value
        else:
            environment = self.environment

        read_only: bool | None | Unset
        if isinstance(self.read_only, Unset):
            read_only = UNSET
        else:
            read_only = self.read_only


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
        })
        if wallet_id is not UNSET:
            field_dict["wallet_id"] = wallet_id
        if roles is not UNSET:
            field_dict["roles"] = roles
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if ip_allowlist is not UNSET:
            field_dict["ip_allowlist"] = ip_allowlist
        if expires_at is not UNSET:
            field_dict["expires_at"] = expires_at
        if user_id is not UNSET:
            field_dict["user_id"] = user_id
        if environment is not UNSET:
            field_dict["environment"] = environment
        if read_only is not UNSET:
            field_dict["read_only"] = read_only

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        def _parse_wallet_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        wallet_id = _parse_wallet_id(d.pop("wallet_id", UNSET))


        _roles = d.pop("roles", UNSET)
        roles: list[ApiKeyCreateRolesItem] | Unset = UNSET
        if _roles is not UNSET:
            roles = []
            for roles_item_data in _roles:
                roles_item = ApiKeyCreateRolesItem(roles_item_data)



                roles.append(roles_item)


        def _parse_scopes(data: object) -> list[ApiKeyCreateScopesType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                scopes_type_0 = []
                _scopes_type_0 = data
                for scopes_type_0_item_data in (_scopes_type_0):
                    scopes_type_0_item = ApiKeyCreateScopesType0Item(scopes_type_0_item_data)



                    scopes_type_0.append(scopes_type_0_item)

                return scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ApiKeyCreateScopesType0Item] | None | Unset, data)

        scopes = _parse_scopes(d.pop("scopes", UNSET))


        def _parse_ip_allowlist(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                ip_allowlist_type_0 = cast(list[str], data)

                return ip_allowlist_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        ip_allowlist = _parse_ip_allowlist(d.pop("ip_allowlist", UNSET))


        def _parse_expires_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)



                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        expires_at = _parse_expires_at(d.pop("expires_at", UNSET))


        def _parse_user_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                user_id_type_0 = UUID(data)



                return user_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        user_id = _parse_user_id(d.pop("user_id", UNSET))


        def _parse_environment(data: object) -> ApiKeyCreateEnvironmentType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                environment_type_0 = ApiKeyCreateEnvironmentType0(data)



                return environment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ApiKeyCreateEnvironmentType0 | None | Unset, data)

        environment = _parse_environment(d.pop("environment", UNSET))


        def _parse_read_only(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        read_only = _parse_read_only(d.pop("read_only", UNSET))


        api_key_create = cls(
            name=name,
            wallet_id=wallet_id,
            roles=roles,
            scopes=scopes,
            ip_allowlist=ip_allowlist,
            expires_at=expires_at,
            user_id=user_id,
            environment=environment,
            read_only=read_only,
        )

        return api_key_create

