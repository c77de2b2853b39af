from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.activity_action import ActivityAction
from ..models.activity_approver_role_type_0 import ActivityApproverRoleType0
from ..models.activity_status import ActivityStatus
from typing import cast
from uuid import UUID
import datetime

if TYPE_CHECKING:
  from ..models.activity_approvals_item import ActivityApprovalsItem
  from ..models.activity_initiator import ActivityInitiator





T = TypeVar("T", bound="Activity")



@_attrs_define
class Activity:
    """ 
        Attributes:
            id (UUID):
            action (ActivityAction):
            status (ActivityStatus):
            initiator (ActivityInitiator):
            required_approvals (int):
            approver_role (ActivityApproverRoleType0 | None):
            policy_version (int | None):
            approvals (list[ActivityApprovalsItem]):
            object_type (str):
            object_id (str):
            created_at (datetime.datetime):
            expires_at (datetime.datetime | None):
     """

    id: UUID
    action: ActivityAction
    status: ActivityStatus
    initiator: ActivityInitiator
    required_approvals: int
    approver_role: ActivityApproverRoleType0 | None
    policy_version: int | None
    approvals: list[ActivityApprovalsItem]
    object_type: str
    object_id: str
    created_at: datetime.datetime
    expires_at: datetime.datetime | None





    def to_dict(self) -> dict[str, Any]:
        from ..models.activity_approvals_item import ActivityApprovalsItem # noqa: PLC0415
        from ..models.activity_initiator import ActivityInitiator # noqa: PLC0415
        id = str(self.id)

        action = self.action.value

        status = self.status.value

        initiator = self.initiator.to_dict()

        required_approvals = self.required_approvals

        approver_role: None | str
        if isinstance(self.approver_role, ActivityApproverRoleType0):
            approver_role = self.approver_role.value
        else:
            approver_role = self.approver_role

        policy_version: int | None
        policy_version = self.policy_version

        approvals = []
        for approvals_item_data in self.approvals:
            approvals_item = approvals_item_data.to_dict()
            approvals.append(approvals_item)



        object_type = self.object_type

        object_id = self.object_id

        created_at = self.created_at.isoformat()

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "id": id,
            "action": action,
            "status": status,
            "initiator": initiator,
            "requiredApprovals": required_approvals,
            "approverRole": approver_role,
            "policyVersion": policy_version,
            "approvals": approvals,
            "objectType": object_type,
            "objectId": object_id,
            "createdAt": created_at,
            "expiresAt": expires_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.activity_approvals_item import ActivityApprovalsItem # noqa: PLC0415
        from ..models.activity_initiator import ActivityInitiator # noqa: PLC0415
        d = dict(src_dict)
        id = UUID(d.pop("id"))




        action = ActivityAction(d.pop("action"))




        status = ActivityStatus(d.pop("status"))




        initiator = ActivityInitiator.from_dict(d.pop("initiator"))




        required_approvals = d.pop("requiredApprovals")

        def _parse_approver_role(data: object) -> ActivityApproverRoleType0 | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                approver_role_type_0 = ActivityApproverRoleType0(data)



                return approver_role_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ActivityApproverRoleType0 | None, data)

        approver_role = _parse_approver_role(d.pop("approverRole"))


        def _parse_policy_version(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        policy_version = _parse_policy_version(d.pop("policyVersion"))


        approvals = []
        _approvals = d.pop("approvals")
        for approvals_item_data in (_approvals):
            approvals_item = ActivityApprovalsItem.from_dict(approvals_item_data)



            approvals.append(approvals_item)


        object_type = d.pop("objectType")

        object_id = d.pop("objectId")

        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




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

        expires_at = _parse_expires_at(d.pop("expiresAt"))


        activity = cls(
            id=id,
            action=action,
            status=status,
            initiator=initiator,
            required_approvals=required_approvals,
            approver_role=approver_role,
            policy_version=policy_version,
            approvals=approvals,
            object_type=object_type,
            object_id=object_id,
            created_at=created_at,
            expires_at=expires_at,
        )

        return activity

