from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.policy_rule import PolicyRule
  from ..models.velocity_limit import VelocityLimit





T = TypeVar("T", bound="Policy")



@_attrs_define
class Policy:
    """ 
        Attributes:
            version (int):
            rules (list[PolicyRule]):
            velocity_limits (list[VelocityLimit]):
            updated_at (datetime.datetime | None):
            activity_id (None | UUID):
     """

    version: int
    rules: list[PolicyRule]
    velocity_limits: list[VelocityLimit]
    updated_at: datetime.datetime | None
    activity_id: None | UUID





    def to_dict(self) -> dict[str, Any]:
        from ..models.policy_rule import PolicyRule # noqa: PLC0415
        from ..models.velocity_limit import VelocityLimit # noqa: PLC0415
        version = self.version

        rules = []
        for rules_item_data in self.rules:
            rules_item = rules_item_data.to_dict()
            rules.append(rules_item)



        velocity_limits = []
        for velocity_limits_item_data in self.velocity_limits:
            velocity_limits_item = velocity_limits_item_data.to_dict()
            velocity_limits.append(velocity_limits_item)



        updated_at: None | str
        if isinstance(self.updated_at, datetime.datetime):
            updated_at = self.updated_at.isoformat()
        else:
            updated_at = self.updated_at

        activity_id: None | str
        if isinstance(self.activity_id, UUID):
            activity_id = str(self.activity_id)
        else:
            activity_id = self.activity_id


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "version": version,
            "rules": rules,
            "velocityLimits": velocity_limits,
            "updatedAt": updated_at,
            "activityId": activity_id,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_rule import PolicyRule # noqa: PLC0415
        from ..models.velocity_limit import VelocityLimit # noqa: PLC0415
        d = dict(src_dict)
        version = d.pop("version")

        rules = []
        _rules = d.pop("rules")
        for rules_item_data in (_rules):
            rules_item = PolicyRule.from_dict(rules_item_data)



            rules.append(rules_item)


        velocity_limits = []
        _velocity_limits = d.pop("velocityLimits")
        for velocity_limits_item_data in (_velocity_limits):
            velocity_limits_item = VelocityLimit.from_dict(velocity_limits_item_data)



            velocity_limits.append(velocity_limits_item)


        def _parse_updated_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                updated_at_type_0 = datetime.datetime.fromisoformat(data)



                return updated_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        updated_at = _parse_updated_at(d.pop("updatedAt"))


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


        policy = cls(
            version=version,
            rules=rules,
            velocity_limits=velocity_limits,
            updated_at=updated_at,
            activity_id=activity_id,
        )

        return policy

