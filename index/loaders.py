"""Loading articles from files and from text: .txt, .md (YAML front matter) and .html.

It reads and decodes files and fills in news metadata; it never chunks or
embeds. A plain-text article's title is its first line (the sentence under it when that line is a
dateline, "CNN —"). A "By NAME" line
closing a text, or under its headline, is its author where none is given.
A Markdown or HTML file's headline (its front matter's title, its page
title), and the title given with an upload's text, is its text's first
line too, as printed above an article: it is searched and quoted with the
rest.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

import yaml

from index.errors import DocumentTooLarge, InvalidDocument, UnsupportedFileType
from index.html import parse_html
from index.models import Article
from index.page_names import site_of
from index.published import published_iso

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
_BYLINE = re.compile(r"^\s*by\s+([^\n]{2,80}?)\s*$", re.IGNORECASE)
_BYLINE_UNDER_HEADLINE = 3  # lines under a text's first (its headline) where a "By NAME" line opens an article
_OPENED = re.compile(r"\A---[ \t]*\n[ \t]*[\w-]+[ \t]*:")  # "---" then a YAML key: front matter begun
# an empty block ("---" twice) too: it was read as an article titled "---"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?:(.*?)\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text of ``data`` (a BOM is dropped); InvalidDocument otherwise."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidDocument(f"{name} is not UTF-8 text (byte {exc.start} cannot be decoded)") from exc
    if "\x00" in text:
        raise InvalidDocument(f"{name} looks binary (it contains NUL bytes)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _first_line(text: str) -> str:
    for line in text.splitlines():
        if line.strip():
            return line.strip().lstrip("#").strip()
    return ""


# a dateline on a line of its own, opening a text saved from a page ("CNN —", "Lviv and Kyiv, Ukraine, and Moscow
# CNN —", "WASHINGTON (AP) --"): where it was written, no title (a trial's .txt articles were listed as "CNN —")
_DATELINE_LINE = re.compile(r"[^\n.!?]{1,80}?\s(?:[—–]|--)")
_FIRST_SENTENCE = re.compile(r".+?[.!?](?=[\"”’)]?\s+[A-Z\"“‘])|.+")
TITLE_CHARS = 200  # a title taken from a text's first sentence is cut at a word within this many characters


def _title_of(text: str) -> str:
    """A plain text's title: its first line, or, when that is only a dateline, the first sentence under it."""
    first = _first_line(text)
    if not _DATELINE_LINE.fullmatch(first):
        return first
    rest = text[text.find(first) + len(first):]
    sentence = _FIRST_SENTENCE.match(_first_line(rest))
    title = sentence.group().strip() if sentence else ""
    if len(title) > TITLE_CHARS:
        title = title[:TITLE_CHARS].rsplit(" ", 1)[0] + " ..."
    return title or first


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def is_headline(line: str, title: str) -> bool:
    """Whether ``line`` is the headline ``title``: the same words ("# Fares Cut!" is "Fares cut"), or, for a title
    cut short with "..." (by the search that saved it), the words it kept and more."""
    title = " ".join(title.split())
    head, words = _words(title.rstrip(".… ")), _words(line)
    return bool(head) and (words.startswith(head) if title.endswith(("...", "…")) else words == head)


def headed(body: str, title: str) -> str:
    """``body`` under its headline ``title`` (a line of its own, then a blank line), unless its first line is that
    headline already (``is_headline``). (Held only as metadata, a headline could be neither found by its words nor
    quoted: written answers that took a word from it failed their check.)"""
    title = " ".join(title.split())
    if not _words(title) or is_headline(_first_line(body), title):
        return body
    return f"{title}\n\n{body}"


def _byline(text: str) -> str:
    """The author a "By NAME" line names: the text's closing line, or one of the lines under its headline (a user
    trial: "By Wendy Dager" under the headline of a saved news page was no author, so "Who wrote the article
    about ...?" was refused); under the headline, the name is capitalised ("By the numbers" is a heading)."""
    lines = [line for line in text.splitlines() if line.strip()]
    closing = _BYLINE.match(lines[-1]) if lines else None
    if closing:
        return closing.group(1)
    opening = (_BYLINE.match(line) for line in lines[1:1 + _BYLINE_UNDER_HEADLINE])
    return next((match.group(1) for match in opening if match and match.group(1)[0].isupper()), "")


def _as_text(value: object) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return "" if value is None else str(value).strip()


def _front_matter(text: str, name: str) -> tuple[dict[str, str], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        if _OPENED.match(text):  # stored before as an article titled "---" whose text was its YAML
            raise InvalidDocument(f"{name}: the front matter opened by '---' on its first line is never closed "
                                  "(a line '---' after the keys)")
        return {}, text
    try:
        data = yaml.safe_load(match.group(1) or "") or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)  # its line in the block; the file's first line is "---"
        where = f" at line {mark.line + 2}" if mark is not None else ""
        why = getattr(exc, "problem", None) or exc.__class__.__name__
        raise InvalidDocument(f"{name}: the YAML front matter cannot be parsed{where} ({why})") from exc
    except ValueError as exc:  # a value YAML reads as an impossible date ("date: 2026-13-45")
        raise InvalidDocument(f"{name}: the YAML front matter holds an impossible value ({exc})") from exc
    if not isinstance(data, dict):
        raise InvalidDocument(f"{name}: the front matter must be a mapping of keys to values")
    meta = {str(key).lower(): _as_text(value) for key, value in data.items()}
    if "date" in meta and "published" not in meta:
        meta["published"] = meta["date"]
    return meta, text[match.end():]


def article_from_text(text: str, *, origin: str, name: str, kind: str = ".txt",
                      metadata: dict[str, str] | None = None) -> Article:
    """An Article from decoded text of the given kind (a suffix); ``metadata`` overrides what is found. Its text is
    stored composed (Unicode NFC): USA TODAY's 2024 articles write "Gálvez" as "a" and a combining accent, which no
    typed question matches (a user trial was told "No indexed article names Xóchitl Gálvez." under a quote naming
    her); a citation's offsets are into the stored text."""
    text = unicodedata.normalize("NFC", text)
    metadata = {key: unicodedata.normalize("NFC", value) if isinstance(value, str) else value
                for key, value in (metadata or {}).items()}
    if kind in (".html", ".htm"):
        body, meta = parse_html(text)
    elif kind in (".md", ".markdown"):
        meta, body = _front_matter(text, name)
    elif kind == ".txt":
        meta, body = {}, text
    else:
        raise UnsupportedFileType(f"{name}: unsupported type {kind!r}; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    meta.update({key: value for key, value in metadata.items() if value})
    body = body.strip("\n")
    if not body.strip():
        raise InvalidDocument(f"{name} has no text to index")
    if meta.get("title"):  # a plain text's only if given (an upload's title): its own is its first line
        body = headed(body, str(meta["title"]))
    given = {"title": meta.get("title"), "source": meta.get("source") or meta.get("outlet"), "url": meta.get("url"),
             "published": meta.get("published"), "author": meta.get("author") or meta.get("authors")
             or meta.get("byline")}
    return Article(
        text=body,
        origin=origin,
        title=given["title"] or _title_of(body),
        source=given["source"] or site_of(given["url"] or "") or name,  # as an HTML page's: its site, else the file
        url=given["url"] or "",
        published=published_iso(given["published"] or "", name),
        author=given["author"] or _byline(body),
        not_given=frozenset(key for key, value in given.items() if not value),
    )


def load_file(path: Path, max_bytes: int | None = None) -> Article:
    """Read one file into an Article keyed by its absolute path (a link's: its target's); a file over
    ``max_bytes`` is refused before it is read."""
    kind = path.suffix.lower()
    if kind not in SUPPORTED_SUFFIXES:
        raise UnsupportedFileType(f"{path}: unsupported type; supported: {', '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if max_bytes is not None and size > max_bytes:
            raise DocumentTooLarge(f"{path} is {size:,} bytes, over the {max_bytes:,} an article may have "
                                   f"(QA_MAX_UPLOAD_BYTES)")
        data = path.read_bytes()
    except OSError as exc:
        why = "it is a link to a file that is not there" if path.is_symlink() and not path.exists() else exc.strerror
        raise InvalidDocument(f"{path} cannot be read: {why}") from exc
    return article_from_text(decode(data, path.name), origin=str(path.resolve()), name=path.name, kind=kind)


def _walk(folder: Path) -> tuple[list[Path], list[str], list[Path]]:
    """The supported files in ``folder`` and its subfolders, sorted, the real path of every folder looked in, and
    the other files there (not hidden ones: ".DS_Store"), sorted. Linked folders are followed, each real folder
    once (a link back up is no loop); a link to a file that is not there is listed, so that reading it says so."""
    files: list[Path] = []
    others: list[Path] = []
    folders: dict[str, None] = {}
    for top, subfolders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(top)
        if real in folders:
            subfolders.clear()
            continue
        folders[real] = None
        for name in names:
            file = Path(top, name)
            if Path(name).suffix.lower() in SUPPORTED_SUFFIXES:
                if file.is_file() or file.is_symlink():
                    files.append(file)
            elif not name.startswith(".") and file.is_file():
                others.append(file)
    return sorted(files), list(folders), sorted(others)


def unsupported_files(paths: Iterable[Path]) -> list[Path]:
    """The files of other types in the folders among ``paths`` (``find_files`` passes them over): said, not
    indexed (a user trial: a folder's PDF was passed over without a word)."""
    return [file for path in paths if path.is_dir() for file in _walk(path)[2]]


def real_folders(paths: Iterable[Path]) -> list[str]:
    """The real path of each of ``paths`` and of every folder under it, linked ones too (what ``find_files``
    looks in): a document whose file was there is one of theirs."""
    return [folder for path in paths for folder in (_walk(path)[1] if path.is_dir() else [str(path.resolve())])]


def find_files(paths: Iterable[Path], missing_ok: bool = False) -> Iterator[Path]:
    """Supported files under ``paths`` (see ``_walk``), each once however often it is named (a document is its
    file's resolved path); a named file of another type is an error, and so is a path that is not there unless
    ``missing_ok`` (pruning: a folder moved or deleted holds no files now)."""
    seen: set[Path] = set()
    for path in paths:
        if missing_ok and not path.exists():
            continue
        if path.is_dir():
            found = _walk(path)[0]
        elif path.is_file():
            if path.suffix.lower() not in SUPPORTED_SUFFIXES:
                raise UnsupportedFileType(f"{path}: unsupported type; supported: {', '.join(SUPPORTED_SUFFIXES)}")
            found = [path]
        else:
            raise InvalidDocument(f"{path}: no such file or folder")
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                yield file
