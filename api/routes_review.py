"""The one write the API takes: a review decision on a link, behind the token the server was started with."""

from __future__ import annotations

import hmac
from typing import Annotated, Literal

from fastapi import APIRouter, Header, HTTPException, Path
from pydantic import BaseModel, Field, model_validator

from api.routes_util import SettingsDep, StoreDep
from api.schemas import ErrorResponse
from graph.errors import QueryParameterError, UnknownLink
from graph.model import Decision, StatementSet, parse_link_id
from ingest.decisions import append, now

router = APIRouter(tags=["review"])


class ReviewRequest(BaseModel):
    decision: Literal["accept", "reject"]
    note: str = Field("", max_length=2000, description="Why; required to reject")

    @model_validator(mode="after")
    def _reject_says_why(self) -> ReviewRequest:
        if self.decision == "reject" and not self.note.strip():
            raise ValueError("a rejection needs a note saying why")
        return self


class ReviewResponse(BaseModel):
    link: str
    review: str
    note: str
    reviewer: str
    at: str


def _authorised(settings: SettingsDep, authorization: str | None) -> None:
    if settings.review_token is None:
        raise HTTPException(403, "This server takes no review decisions: start it with PARTNERGRAPH_REVIEW_TOKEN set.")
    expected = f"Bearer {settings.review_token.get_secret_value()}"
    if not authorization or not hmac.compare_digest(authorization.encode(), expected.encode()):
        raise HTTPException(401, "A review decision needs the header `Authorization: Bearer <token>` with the "
                                 "server's review token.", headers={"WWW-Authenticate": "Bearer"})


@router.post("/links/{link_id}/review", response_model=ReviewResponse,
             responses={401: {"model": ErrorResponse}, 403: {"model": ErrorResponse}, 404: {"model": ErrorResponse},
                        422: {"model": ErrorResponse}},
             summary="Accept or reject a link (needs the server's review token)")
def review_link(store: StoreDep, settings: SettingsDep, body: ReviewRequest,
                link_id: Annotated[str, Path(description="TYPE:source_id:target_id", max_length=400)],
                authorization: Annotated[str | None, Header()] = None) -> ReviewResponse:
    _authorised(settings, authorization)
    try:
        parse_link_id(link_id)
    except ValueError as exc:
        raise QueryParameterError(str(exc)) from exc
    decision = Decision(link=link_id, decision=body.decision, note=body.note, reviewer="api", at=now())
    if not store.upsert(StatementSet(decisions=(decision,))).decisions_applied:
        raise UnknownLink(link_id)
    append(settings.decisions, decision)
    return ReviewResponse(link=link_id, review=decision.review, note=decision.note, reviewer=decision.reviewer,
                          at=decision.at)
