"""Ingestion of files and pages: articles in, chunks and sentences with vectors in the store.

Idempotent, keyed by the article's origin (its file, its content for an
upload, or its canonical URL for a web page: ``web``) and its content hash:
an unchanged article costs one catalog lookup, a changed one is replaced
whole (its vectors kept when its text splits as before: ``writing``),
``prune`` removes articles whose files are gone. One bad file or page
is reported and skipped; it never stops the others. A store that no longer
answers does: the run ends there, and says so (``interrupted``); the same run
again goes on from there. Articles are written in groups (``writing``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from index.derived import DerivedIndex
from index.embedding import Embedder
from index.errors import QAError, StoreUnavailable
from index.loaders import find_files, load_file, real_folders
from index.models import Article
from index.store import Store, pages
from index.writing import GROUP_SENTENCES, Group, prepare

log = logging.getLogger(__name__)
Progress = Callable[[int], None]


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, message)
    # (URL or file, the stored document it is a copy of: another page's, or an upload of the file's text)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    gone: list[str] = field(default_factory=list)  # documents of files no longer under the paths (not pruned)
    chunks: int = 0
    seconds: float = 0.0
    interrupted: str = ""  # why the run ended before its end: the store stopped answering

    def summary(self) -> str:
        copies = f"{len(self.duplicates)} duplicates, " if self.duplicates else ""
        text = (f"{len(self.added)} added, {len(self.updated)} updated, {len(self.unchanged)} unchanged, "
                f"{copies}{len(self.removed)} removed, {len(self.failed)} failed; "
                f"{self.chunks} chunks in {self.seconds:.1f}s")
        if self.interrupted:
            text += (f"; stopped early, {self.interrupted.rstrip('. ')}: the same `qa index` again goes on from "
                     "there (what is stored is skipped as unchanged)")
        if self.gone:  # a renamed file is a second document until then: both would be cited
            which = "1 document came" if len(self.gone) == 1 else f"{len(self.gone)} documents came"
            text += f"; {which} from files no longer there (moved, renamed or deleted): --prune removes them"
        return text


def index_paths(paths: Sequence[Path], store: Store, embedder: Embedder, *, chunk_tokens: int,
                prune: bool = False, progress: Callable[[int], object] | None = None,
                on_total: Callable[[int], object] | None = None,
                group_sentences: int = GROUP_SENTENCES, derived: DerivedIndex | None = None,
                urls: Sequence[str] = (), fetch: Callable[[str], Article] | None = None,
                copy_of: Callable[[Article], str | None] | None = None,
                uploaded: Callable[[Article], str | None] | None = None,
                stop: Callable[[], bool] | None = None, max_bytes: int | None = None) -> IngestReport:
    """Index every supported file under ``paths`` and the page at each of ``urls`` (read by ``fetch``); see
    the module docstring for the rules. A new page for which ``copy_of`` names a stored document (a syndicated
    copy) is not stored: ``copy_of`` records it, and the report lists it among the duplicates; so is a new file
    whose text ``uploaded`` finds stored from an upload (the same article, uploaded first). When ``stop``
    says so after a group is stored, the rest is left undone (and nothing is pruned): the files handled are
    those ``progress`` was given, files first, then pages, in order. A file over ``max_bytes`` is reported
    and skipped unread."""
    started = time.perf_counter()
    report = IngestReport()
    files = list(find_files(paths, missing_ok=prune))  # pruning a folder that is gone removes its documents
    if urls and fetch is None:
        raise ValueError("urls need a fetch function")
    web = dict.fromkeys(urls)  # in order, each once
    if on_total:
        on_total(len(files) + len(web))
    store.collect_garbage()
    seen: set[str] = set()  # documents met in this run: two URLs of one article are stored once

    def load(name: str) -> Article:
        return fetch(name) if name in web and fetch is not None else load_file(Path(name), max_bytes)

    group = Group(store, embedder, derived, group_sentences)
    waiting = 0  # files handled whose progress is reported when their group is stored

    def flush() -> None:
        nonlocal waiting
        paths = group.keys()
        try:
            stored_now = group.store_all()
        except QAError as exc:
            report.failed.extend((str(path), str(exc)) for path in paths)
            if isinstance(exc, StoreUnavailable) and not store.reachable():  # down: every group would fail
                raise
            log.warning("could not store %d documents: %s", len(paths), exc)
        else:
            for _, outcome, record in stored_now:
                (report.updated if outcome == "updated" else report.added).append(record.id)
                report.chunks += record.chunks
        if progress and waiting:
            progress(waiting)
        waiting = 0

    stopped = False
    try:
        for batch in pages([*(str(f) for f in files), *web], 200):  # stored versions looked up a batch at a time
            if stopped:
                break
            loaded: list[tuple[str, Article | QAError]] = []
            for name in batch:
                try:
                    loaded.append((name, load(name)))
                except QAError as exc:
                    loaded.append((name, exc))
            stored = store.records([a.document_id for _, a in loaded if isinstance(a, Article)])
            for path, article in loaded:
                full = False
                try:
                    if isinstance(article, QAError):
                        raise article
                    known = stored.get(article.document_id)
                    if article.document_id in seen:
                        report.unchanged.append(article.document_id)
                    elif known is not None and known.version == article.content_hash:
                        report.unchanged.append(known.id)
                    else:
                        copy = None
                        if known is None and path in web and copy_of is not None:
                            flush()  # so that a copy of a page waiting in the group finds it stored
                            copy = copy_of(article)
                        elif known is None and path not in web and uploaded is not None:
                            copy = uploaded(article)
                        if copy is not None:
                            report.duplicates.append((path, copy))
                        else:
                            full = group.add(path, prepare(article, embedder, chunk_tokens, known))
                    seen.add(article.document_id)
                except StoreUnavailable:
                    raise  # down (``flush`` raises only then): not this file's failure
                except QAError as exc:
                    report.failed.append((path, str(exc)))
                    log.info("skipped %s: %s", path, exc)  # the report carries it: callers show it once
                waiting += 1
                if full or not group.items:  # stored, or nothing waits to be: this file's progress is reported now
                    flush()
                    if stop is not None and stop():
                        stopped = True
                        break
        flush()
    except StoreUnavailable as exc:  # nothing more can be stored: what was is kept, and the report says where it ended
        report.interrupted = str(exc)
        stopped = True
    if not prune and not stopped and any(path.is_dir() for path in paths):
        report.gone = gone_under(paths, files, store)
    if prune and not stopped:
        report.removed = prune_missing(paths, files, store, derived)
        if not report.removed:  # a path not there that held no documents either: a typo, said as one
            report.failed.extend((str(p), "no such file or folder, and no document came from it")
                                 for p in paths if not p.exists())
    report.seconds = time.perf_counter() - started
    return report


def prune_missing(paths: Sequence[Path], files: Iterable[Path], store: Store,
                  derived: DerivedIndex | None = None) -> list[str]:
    """Delete documents that came from a file under ``paths`` (linked folders too) that is no longer there (the
    catalog read a page at a time)."""
    gone = gone_under(paths, files, store)
    for doc_id in gone:
        store.delete_document(doc_id)
    if derived is not None:
        derived.remove(gone)
    return gone


def gone_under(paths: Sequence[Path], files: Iterable[Path], store: Store) -> list[str]:
    """The documents that came from a file under ``paths`` (linked folders too) that is not among ``files`` (the
    catalog read a page at a time)."""
    present = {str(f.resolve()) for f in files}
    roots = real_folders(paths)
    return [doc.id for records in store.catalog_pages() for doc in records
            if any(doc.origin == root or doc.origin.startswith(root.rstrip("/") + "/") for root in roots)
            and doc.origin not in present]
