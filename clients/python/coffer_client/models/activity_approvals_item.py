from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, BinaryIO, TextIO, TYPE_CHECKING, Generator

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

from ..models.activity_approvals_item_decision import ActivityApprovalsItemDecision
from typing import cast
from uuid import UUID
import datetime






T = TypeVar("T", bound="ActivityApprovalsItem")



@_attrs_define
class ActivityApprovalsItem:
    """ 
        Attributes:
            user_id (UUID):
            decision (ActivityApprovalsItemDecision):
            comment (None | str):
            created_at (datetime.datetime):
     """

    user_id: UUID
    decision: ActivityApprovalsItemDecision
    comment: None | str
    created_at: datetime.datetime





    def to_dict(self) -> dict[str, Any]:
        user_id = str(self.user_id)

        decision = self.decision.value

        comment: None | str
        comment = self.comment

        created_at = self.created_at.isoformat()


        field_dict: dict[str, Any] = {}

        field_dict.update({
            "userId": user_id,
            "decision": decision,
            "comment": comment,
            "createdAt": created_at,
        })

        return field_dict



    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        user_id = UUID(d.pop("userId"))




        decision = ActivityApprovalsItemDecision(d.pop("decision"))




        def _parse_comment(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        comment = _parse_comment(d.pop("comment"))


        created_at = datetime.datetime.fromisoformat(d.pop("createdAt"))




        activity_approvals_item = cls(
            user_id=user_id,
            decision=decision,
            comment=comment,
            created_at=created_at,
        )

        return activity_approvals_item

