from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.policy_rule_action import PolicyRuleAction
from ..models.policy_rule_approver_role_type_0 import PolicyRuleApproverRoleType0
from ..models.policy_rule_decision import PolicyRuleDecision
from ..types import UNSET, Unset
from typing import cast
from uuid import UUID






T = TypeVar("T", bound="PolicyRule")



@_attrs_define
class PolicyRule:
    """ 
        Attributes:
            name (str):
            action (PolicyRuleAction):
            decision (PolicyRuleDecision):
            asset_id (None | str | Unset):
            vault_id (None | Unset | UUID):
            min_amount (None | str | Unset):
            max_amount (None | str | Unset):
            approvals (int | None | Unset):
            approver_role (None | PolicyRuleApproverRoleType0 | Unset):
     """

    name: str
    action: PolicyRuleAction
    decision: PolicyRuleDecision
    asset_id: None | str | Unset = UNSET
    vault_id: None | Unset | UUID = UNSET
    min_amount: None | str | Unset = UNSET
    max_amount: None | str | Unset = UNSET
    approvals: int | None | Unset = UNSET
    approver_role: None | PolicyRuleApproverRoleType0 | Unset = UNSET





    def to_dict(self) -> dict[str, Any]:
        name = self.name

        action = self.action.value

        decision = self.decision.value

        asset_id: None | str | Unset
        if isinstance(self.asset_id, Unset):
            asset_id = UNSET
        else:
            asset_id = self.asset_id

        vault_id: None | str | Unset
        if isinstance(self.vault_id, Unset):
            vault_id = UNSET
        elif isinstance(self.vault_id, UUID):
            vault_id = str(self.vault_id)
        else:
            vault_id = self.vault_id

        min_amount: None | str | Unset
        if isinstance(self.min_amount, Unset):
            min_amount = UNSET
        else:
            min_amount = self.min_amount

        max_amount: None | str | Unset
        if isinstance(self.max_amount, Unset):
            max_amount = UNSET
        else:
            max_amount = self.max_amount

        approvals: int | None | Unset
        if isinstance(self.approvals, Unset):
            approvals = UNSET
        else:
            approvals = self.approvals

        approver_role: None | str | Unset
        if isinstance(self.approver_role, Unset):
            approver_role = UNSET
        elif isinstance(self.approver_role, PolicyRuleApproverRoleType0):
            approver_role = self.approver_role.value
        else:
            approver_role = self.approver_role


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "name": name,
            "action": action,
            "decision": decision,
        })
        if asset_id is not UNSET:
            field_dict["assetId"] = asset_id
        if vault_id is not UNSET:
            field_dict["vaultId"] = vault_id
        if min_amount is not UNSET:
            field_dict["minAmount"] = min_amount
        if max_amount is not UNSET:
            field_dict["maxAmount"] = max_amount
        if approvals is not UNSET:
            field_dict["approvals"] = approvals
        if approver_role is not UNSET:
            field_dict["approverRole"] = approver_role

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        name = d.pop("name")

        action = PolicyRuleAction(d.pop("action"))




        decision = PolicyRuleDecision(d.pop("decision"))




        def _parse_asset_id(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        asset_id = _parse_asset_id(d.pop("assetId", UNSET))


        def _parse_vault_id(data: object) -> None | Unset | UUID:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                vault_id_type_0 = UUID(data)



                return vault_id_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | Unset | UUID, data)

        vault_id = _parse_vault_id(d.pop("vaultId", UNSET))


        def _parse_min_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        min_amount = _parse_min_amount(d.pop("minAmount", UNSET))


        def _parse_max_amount(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        max_amount = _parse_max_amount(d.pop("maxAmount", UNSET))


        def _parse_approvals(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        approvals = _parse_approvals(d.pop("approvals", UNSET))


        def _parse_approver_role(data: object) -> None | PolicyRuleApproverRoleType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                approver_role_type_0 = PolicyRuleApproverRoleType0(data)



                return approver_role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | PolicyRuleApproverRoleType0 | Unset, data)

        approver_role = _parse_approver_role(d.pop("approverRole", UNSET))


        policy_rule = cls(
            name=name,
            action=action,
            decision=decision,
            asset_id=asset_id,
            vault_id=vault_id,
            min_amount=min_amount,
            max_amount=max_amount,
            approvals=approvals,
            approver_role=approver_role,
        )

        return policy_rule

