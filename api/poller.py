"""`QA_FEED_POLL_MINUTES`: a `qa serve` process polls the feeds in the background, every so many minutes.

Each worker polls on its own; writes are idempotent by canonical URL and
content (``qa.feeds``), so workers polling at once do not add a document
twice (they only repeat some fetches).
"""

from __future__ import annotations

import logging
import threading

from api.write_threads import lower_priority
from qa import QAError, Service
from qa.feeds import poll

log = logging.getLogger(__name__)


class FeedPoller:
    def __init__(self, service: Service, minutes: float) -> None:
        self.service, self.seconds = service, minutes * 60
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="feed-poller", daemon=True)
        self.polls = 0  # polls finished (for the logs and tests)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def _run(self) -> None:
        lower_priority()  # a poll's fetches and writes, as an upload's, below the questions (``api.write_threads``)
        while not self._stop.wait(self.seconds):
            try:
                totals = poll(self.service).totals()
                log.info("feeds polled: %s", ", ".join(f"{v} {k}" for k, v in totals.items()))
            except QAError as exc:
                log.warning("the feed poll failed: %s", exc)
            except Exception:  # a poller that dies silently would stop all polling: log it and go on
                log.exception("the feed poll failed")
            self.polls += 1
