from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..types import UNSET, Unset
from typing import cast

if TYPE_CHECKING:
  from ..models.policy_rule import PolicyRule
  from ..models.velocity_limit import VelocityLimit





T = TypeVar("T", bound="PolicyDocument")



@_attrs_define
class PolicyDocument:
    """ 
        Attributes:
            rules (list[PolicyRule] | Unset):
            velocity_limits (list[VelocityLimit] | Unset):
     """

    rules: list[PolicyRule] | Unset = UNSET
    velocity_limits: list[VelocityLimit] | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        from ..models.policy_rule import PolicyRule # noqa: PLC0415
        from ..models.velocity_limit import VelocityLimit # noqa: PLC0415
        rules: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.rules, Unset):
            rules = []
            for rules_item_data in self.rules:
                rules_item = rules_item_data.to_dict()
                rules.append(rules_item)



        velocity_limits: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.velocity_limits, Unset):
            velocity_limits = []
            for velocity_limits_item_data in self.velocity_limits:
                velocity_limits_item = velocity_limits_item_data.to_dict()
                velocity_limits.append(velocity_limits_item)




        field_dict: dict[str, Any] = {}

        field_dict.update({
        })
        if rules is not UNSET:
            field_dict["rules"] = rules
        if velocity_limits is not UNSET:
            field_dict["velocityLimits"] = velocity_limits

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.policy_rule import PolicyRule # noqa: PLC0415
        from ..models.velocity_limit import VelocityLimit # noqa: PLC0415
        d = dict(src_dict)
        _rules = d.pop("rules", UNSET)
        rules: list[PolicyRule] | Unset = UNSET
        if _rules is not UNSET:
            rules = []
            for rules_item_data in _rules:
                rules_item = PolicyRule.from_dict(rules_item_data)



                rules.append(rules_item)


        _velocity_limits = d.pop("velocityLimits", UNSET)
        velocity_limits: list[VelocityLimit] | Unset = UNSET
        if _velocity_limits is not UNSET:
            velocity_limits = []
            for velocity_limits_item_data in _velocity_limits:
                velocity_limits_item = VelocityLimit.from_dict(velocity_limits_item_data)



                velocity_limits.append(velocity_limits_item)


        policy_document = cls(
            rules=rules,
            velocity_limits=velocity_limits,
        )

        return policy_document

