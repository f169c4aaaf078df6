"""The feed endpoints: list, add and remove feeds, and poll them (``qa.feeds``); writes need the write key."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, StrictBool

from api.deps import ServiceDep, WriteAccess
from api.routes import ERRORS
from api.write_threads import in_write_thread
from qa.feeds import add_feed, poll

router = APIRouter()


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str = Field(min_length=1, max_length=2000, description="An RSS or Atom feed (http or https).")
    check: StrictBool = Field(True, description="Read the feed before adding it: one that cannot be fetched (502) or "
                        "is not a feed (422) is refused. false: add it unread.")


class FeedOut(BaseModel):
    id: str
    url: str
    title: str
    added: float = Field(description="When it was added (Unix time).")
    last_polled_at: float = Field(description="When it was last polled (Unix time; 0: never).")
    last_ok_at: float = Field(description="When it was last read without an error (Unix time; 0: never).")
    last_error: str = Field(description="Why the last poll could not read it (empty when it could).")
    items: int = Field(description="Items it listed when last read.")


class FeedPollOut(BaseModel):
    id: str
    url: str
    new: int
    updated: int
    unchanged: int
    duplicates: int
    failed: int
    unlinked: int = Field(description="Items without a link: nothing to fetch, so not indexed.")
    error: str
    failures: list[str] = Field(default_factory=list, description="Each failed item: \"its link: why\".")


class PollOut(BaseModel):
    new: int
    updated: int
    unchanged: int
    duplicates: int
    failed: int
    unlinked: int
    feeds: list[FeedPollOut]


@router.get("/api/feeds", response_model=list[FeedOut], responses=ERRORS)
def list_feeds(service: ServiceDep) -> list[dict[str, object]]:
    return [f.public() for f in service.store.feeds.all()]


@router.post("/api/feeds", response_model=FeedOut, status_code=201, responses=ERRORS, dependencies=[WriteAccess])
async def create_feed(body: FeedIn, service: ServiceDep, response: Response) -> dict[str, object]:
    """Add a feed, read once first (200 with the existing one when its URL is already a feed)."""
    feed, added = await in_write_thread(lambda: add_feed(service, body.url, body.check))
    if not added:
        response.status_code = 200
    return feed.public()


@router.delete("/api/feeds/{feed_id}", status_code=204, responses=ERRORS, dependencies=[WriteAccess])
def remove_feed(feed_id: str, service: ServiceDep) -> Response:
    service.store.feeds.remove(feed_id)
    return Response(status_code=204)


@router.post("/api/feeds/poll", response_model=PollOut, responses=ERRORS, dependencies=[WriteAccess])
async def poll_feeds(service: ServiceDep, recheck: bool = False) -> dict[str, object]:
    """Poll every feed: fetch its new and changed items' pages and index them (``?recheck=true``: every item's
    page asked for again, conditionally, so a page corrected while its feed item stayed the same is updated)."""
    return (await in_write_thread(lambda: poll(service, (), None, None, recheck))).to_json()


@router.post("/api/feeds/{feed_id}/poll", response_model=PollOut, responses=ERRORS, dependencies=[WriteAccess])
async def poll_feed(feed_id: str, service: ServiceDep, recheck: bool = False) -> dict[str, object]:
    """Poll one feed (``?recheck=true``: every item's page asked for again, see ``POST /api/feeds/poll``)."""
    return (await in_write_thread(lambda: poll(service, [feed_id], None, None, recheck))).to_json()
