"""The `qa` command, called through main(argv) with a real embedded index in a temp dir."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from api.cli import main

from .conftest import SEEDS


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QA_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_a_second_writer_on_an_embedded_index_stops_at_once(data_dir: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: two `qa index` runs at once on one data folder both wrote everything and tore the index
    (every later command hung, or Chroma could not read a vector index)."""
    import subprocess
    import sys

    first = subprocess.Popen([sys.executable, "-c", "import sys, time\nfrom pathlib import Path\n"
                              "from index.writer_lock import hold_writer_lock\n"
                              f"hold_writer_lock(Path({str(data_dir)!r}), 'qa index')\n"
                              "print('held', flush=True)\ntime.sleep(120)"],
                             stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent)
    try:
        assert first.stdout is not None and first.stdout.readline().strip() == "held"
        assert main(["index", str(SEEDS)]) == 1
        error = capsys.readouterr().err
        assert f"`qa index` (pid {first.pid}) is writing to {data_dir}" in error and error.count("\n") == 1
        assert main(["repair"]) == 1
        capsys.readouterr()
    finally:
        first.kill()
        first.wait()
        first.stdout.close()  # type: ignore[union-attr]
    assert main(["index", str(SEEDS)]) == 0  # the lock goes with the process that held it, however it ended
    assert "3 added" in capsys.readouterr().out


def test_output_cut_short_is_no_traceback(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """`qa docs list | head -1` printed a BrokenPipeError traceback (a user trial)."""
    import os
    import subprocess
    import sys

    assert main(["index", str(SEEDS)]) == 0
    capsys.readouterr()
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the command writes a line
    try:
        done = subprocess.run([sys.executable, "-m", "api.cli", "docs", "list"], stdout=write, stderr=subprocess.PIPE,
                              text=True, timeout=120, cwd=Path(__file__).parent.parent,
                              env={**os.environ, "QA_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"})
    finally:
        os.close(write)
    assert "Traceback" not in done.stderr and "Error" not in done.stderr, done.stderr


def test_index_ask_docs_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["index", str(SEEDS)]) == 0
    assert "3 added" in capsys.readouterr().out
    assert main(["index", "--if-empty", str(SEEDS)]) == 0
    assert "nothing to do" in capsys.readouterr().out

    assert main(["ask", "--json", "Who is leading the Space Force partnership initiative?"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["supported"] and any("Godfrey" in c["quote"] for c in answer["citations"])
    assert main(["ask", "--json", "--as-of", "2024-03-14", "Who led the initiative this week?"]) == 0
    dated = json.loads(capsys.readouterr().out)
    assert dated["time_window"]["from"] == "2024-03-07" and dated["time_window"]["phrase"] == "this week"
    assert main(["ask", "--as-of", "2024-03-14", "Who led the initiative this week?"]) == 0
    assert '("this week" read as articles published 2024-03-07 to 2024-03-14, preferred)' in capsys.readouterr().out

    # a user trial: `qa search` was "invalid choice"; it prints what POST /api/search returns
    assert main(["search", "--json", "-k", "2", "Space Force partnership"]) == 0
    found = json.loads(capsys.readouterr().out)
    passages = found["passages"]  # the API's object, time window and all (it was the bare list)
    assert len(passages) == 2 and all(p["text"] and p["end"] > p["start"] for p in passages)
    assert found["time_window"]["from"] is None and found["time_window"]["as_of"], found
    assert main(["search", "--json", "--as-of", "2024-03-14", "Space Force partnership this week"]) == 0
    assert json.loads(capsys.readouterr().out)["time_window"]["from"] == "2024-03-07"
    assert main(["search", "-k", "1", "Space Force partnership"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("[1] ") and f"{passages[0]['start']}:{passages[0]['end']}" in shown

    assert main(["docs", "list", "--json"]) == 0
    docs = json.loads(capsys.readouterr().out)
    # no ``also_at`` in a listing, as GET /api/documents has none: the listing does not hold it (a user trial saw
    # [] listed where `qa docs show` gave a URL); `qa docs show --json` gives it, a list as the API does (was "")
    assert len(docs) == 3 and all("also_at" not in d for d in docs)
    assert main(["docs", "show", "--json", docs[0]["id"]]) == 0
    assert json.loads(capsys.readouterr().out)["also_at"] == []
    assert main(["docs", "show", docs[0]["id"]]) == 0
    assert docs[0]["title"] in capsys.readouterr().out
    assert main(["docs", "rm", docs[0]["id"]]) == 0
    capsys.readouterr()
    assert main(["docs", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    assert main(["feeds", "list"]) == 0
    assert capsys.readouterr().err.startswith("no feeds")  # said, as `docs list` says "no documents"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["ask", "   "], "empty"),
        (["docs", "show", "nope"], "no document"),
        (["index", "/does/not/exist"], "no such file"),
        (["index", "ftp://example.com/x.txt"], "ftp://example.com/x.txt: only http and https"),
        (["ask", "--as-of", "next week", "Who won?"], "as_of must be an ISO date"),
        (["ask"], "required: question"),  # argparse's usage errors too: one line, exit 1 (argparse's own is 2)
        (["ask", "--top-k", "abc", "Who won?"], "--top-k: 'abc' is not a whole number from 1 to 50 (see qa ask"),
        # a user trial: "k/top_k must be between 1 and 50", naming neither the option nor where to look
        (["ask", "--top-k", "0", "Who won?"], "argument --top-k: '0' is not a whole number from 1 to 50 (see qa ask"),
        (["search", "-k", "99", "Space"], "argument -k: '99' is not a whole number from 1 to 50 (see qa search"),
        (["search", " "], "empty"),
        # a user trial: 99999 was served on another port, -1 failed after loading ("Servname not supported")
        (["serve", "--port", "99999"], "argument --port: '99999' is not a whole number from 1 to 65535"),
        (["serve", "--port", "-1"], "argument --port: '-1' is not a whole number from 1 to 65535"),
        (["ask", "Who won?", "--bogus"], "unrecognized arguments: --bogus (see qa ask --help)"),  # was qa --help
        (["docs", "list", "--bogus"], "unrecognized arguments: --bogus (see qa docs list --help)"),
        ([], "required: command"),
    ],
)
def test_user_errors_exit_1_with_one_line(argv: list[str], message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0] and "Traceback" not in err[0]


def test_a_bad_setting_is_reported_not_raised(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("QA_CHROMA_URL", "not a url")
    assert main(["docs", "list"]) == 1
    assert "QA_CHROMA_URL" in capsys.readouterr().err


def test_qa_serve_that_cannot_start_says_why_in_one_line(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # both were a start-up traceback ("Application startup failed", exit 3)
    from bench.serving import free_port

    monkeypatch.setenv("QA_CHROMA_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    assert main(["serve", "--port", str(free_port())]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Chroma server" in err[0], err
    monkeypatch.delenv("QA_CHROMA_URL")
    not_a_model = tmp_path / "model.gguf"
    not_a_model.write_text("not a model")
    monkeypatch.setenv("QA_LLM", "local")
    monkeypatch.setenv("QA_LLM_MODEL", str(not_a_model))
    assert main(["ask", "Who is Panzenhagen?"]) == 1  # llama.cpp's own words named neither the file nor the cause
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and str(not_a_model) in err[0] and "GGUF" in err[0], err


def test_qa_serve_on_a_port_in_use_says_so_before_it_loads_anything(monkeypatch: pytest.MonkeyPatch,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: "address already in use" came after the model and the index had loaded, as exit 3."""
    import socket

    opened: list[object] = []
    monkeypatch.setattr("api.cli.Service.open", lambda *a, **k: opened.append(a) or pytest.fail("opened"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"cannot listen on 127.0.0.1:{port}" in err[0] and "in use" in err[0], err
    assert not opened
    monkeypatch.setenv("QA_HOST", "no-such-host.invalid")
    assert main(["serve", "--port", str(port)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "cannot listen on no-such-host.invalid" in err[0], err


def test_index_gives_freed_memory_back_when_the_setting_is_on(monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[str] = []
    monkeypatch.setattr("api.cli.return_freed_blocks", lambda: calls.append("set") or True)
    monkeypatch.setenv("QA_INDEX_RETURN_MEMORY", "true")
    assert main(["index", str(SEEDS)]) == 0
    monkeypatch.setenv("QA_INDEX_RETURN_MEMORY", "false")
    assert main(["index", str(SEEDS)]) == 0
    assert main(["ask", "Who is leading the Space Force partnership initiative?"]) == 0
    assert calls == ["set"]  # once: the first index, not the second or another command


def test_index_and_repair_cap_their_heap_arenas_unless_the_setting_is_0(monkeypatch: pytest.MonkeyPatch,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    calls: list[int] = []
    monkeypatch.setattr("api.cli.limit_arenas", lambda count: calls.append(count) or True)
    assert main(["index", str(SEEDS)]) == 0
    monkeypatch.setenv("QA_INDEX_HEAP_ARENAS", "3")
    assert main(["repair"]) == 0
    assert main(["docs", "list"]) == 0  # not the commands that answer or list
    monkeypatch.setenv("QA_INDEX_HEAP_ARENAS", "0")
    assert main(["index", str(SEEDS)]) == 0
    assert calls == [2, 3]  # the default, the setting, and none for 0


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--help"]) == 0
    assert "--as-of" in capsys.readouterr().out


def test_a_file_named_twice_is_indexed_and_counted_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    one = next(SEEDS.glob("*.txt"))
    assert main(["index", "--json", str(one), str(SEEDS), str(SEEDS / ".." / SEEDS.name / one.name)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert len(report["added"]) == 3 and report["unchanged"] == [] and report["failed"] == []


def test_a_folder_without_articles_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "minutes.doc").write_bytes(b"not an article type")
    assert main(["index", str(tmp_path / "notes")]) == 0
    err = capsys.readouterr().err
    assert "nothing to index" in err and ".md" in err
    assert f"not indexed, 1 file of other types than .txt, .md, .markdown, .html, .htm: {tmp_path}/notes/minutes.doc" \
        in err


def test_files_of_other_types_in_a_folder_are_named_not_passed_over(tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: a folder's PDF was passed over without a word."""
    folder = tmp_path / "mixed"
    (folder / "sub").mkdir(parents=True)
    (folder / "ok.txt").write_text("Harbour bridge reopens\nThe harbour bridge reopened on Monday.\n")
    (folder / ".DS_Store").write_bytes(b"\0")  # hidden: not the user's
    for n in range(7):
        (folder / "sub" / f"scan{n}.pdf").write_bytes(b"%PDF-1.4")
    assert main(["index", str(folder)]) == 0
    err = capsys.readouterr().err
    assert "not indexed, 7 files of other types than" in err and f"{folder}/sub/scan4.pdf and 2 more" in err
    assert ".DS_Store" not in err
    assert main(["index", "--json", str(folder)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["unchanged"] and report["unsupported"] == [str(folder / "sub" / f"scan{n}.pdf") for n in range(7)]


def test_a_skipped_file_is_reported_once(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                         caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "latin1.txt").write_bytes("Caf\xe9 prices rose.".encode("latin-1"))
    (tmp_path / "in" / "ok.txt").write_text("Harbour bridge reopens\nThe harbour bridge reopened on Monday.\n")
    with caplog.at_level("WARNING"):
        assert main(["index", str(tmp_path / "in")]) == 1
    err = capsys.readouterr().err
    assert len([line for line in err.splitlines() if "latin1.txt" in line]) == 1 and "not UTF-8" in err
    assert not [r for r in caplog.records if "latin1.txt" in r.getMessage()]  # logged as well, it printed twice


def test_index_stopped_by_ctrl_c_says_how_far_it_got(monkeypatch: pytest.MonkeyPatch,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: an interrupted `qa index` said only "interrupted"; it says what is stored and how to go on,
    and what it says is stored is."""
    import signal

    import index.ingest

    monkeypatch.setenv("QA_INGEST_BATCH", "1")  # each file stored as it is read
    prepare = index.ingest.prepare
    third = sorted(SEEDS.glob("*.txt"))[2].name

    def ctrl_c_at_the_third(article: Any, *args: object) -> object:
        if article.origin.endswith(third):
            raise KeyboardInterrupt
        return prepare(article, *args)

    monkeypatch.setattr(index.ingest, "prepare", ctrl_c_at_the_third)
    handler = signal.getsignal(signal.SIGINT)
    try:
        assert main(["index", str(SEEDS)]) == 130
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN  # the process is ending: a second Ctrl-C is ignored
    finally:
        signal.signal(signal.SIGINT, handler)  # this test process goes on
    err = capsys.readouterr().err
    assert "stopped after 2 of 3 files and pages; what they hold is stored" in err and "interrupted" in err
    assert main(["docs", "list", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2
    monkeypatch.setattr(index.ingest, "prepare", prepare)
    assert main(["index", str(SEEDS)]) == 0
    assert "1 added, 0 updated, 2 unchanged" in capsys.readouterr().out


def test_docs_list_pages_like_the_api(capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: `qa docs list` printed the whole archive, with no way to page it as GET /api/documents does."""
    assert main(["index", str(SEEDS)]) == 0
    capsys.readouterr()
    assert main(["docs", "list", "--json"]) == 0
    every = [d["id"] for d in json.loads(capsys.readouterr().out)]
    assert main(["docs", "list", "--json", "--limit", "1", "--offset", "1"]) == 0
    assert [d["id"] for d in json.loads(capsys.readouterr().out)] == every[1:2]
    assert main(["docs", "list", "--limit", "0"]) == 1  # a usage error, said in one line
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err


def test_index_without_a_path_outside_the_project_says_what_it_wanted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: `qa index` with no path in an archive folder said "error: seeds: no such file or folder"."""
    monkeypatch.chdir(tmp_path)
    assert main(["index"]) == 1
    assert "no path given, and no seeds/ folder here to index by default" in capsys.readouterr().err
    monkeypatch.chdir(SEEDS.parent)  # where seeds/ is, it is the default
    assert main(["index", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["added"]) == 3


def test_asking_or_listing_an_empty_index_says_nothing_is_indexed(capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch, data_dir: Path,
                                                                  tmp_path: Path) -> None:
    """A user trial: `qa ask` on a new data folder answered "None of the indexed articles contains a passage ..."
    and exited 0, and `qa docs list` printed nothing at all."""
    # a later trial: a read of a data folder that is not there (a mistyped QA_DATA_DIR) made its database there
    assert main(["search", "python challenge"]) == 0
    assert f"in the data folder {data_dir} (QA_DATA_DIR), which is not there" in capsys.readouterr().err
    assert not data_dir.exists()
    assert main(["ask", "Who won the python challenge?"]) == 1
    said = capsys.readouterr()
    assert said.out.strip() == "The articles don't say. No article is indexed yet."
    assert "`qa index FOLDER` first" in said.err
    assert main(["ask", "--json", "Who won the python challenge?"]) == 1  # an audit: 0, and no hint
    said = capsys.readouterr()
    assert json.loads(said.out)["supported"] is False and "`qa index FOLDER` first" in said.err
    assert main(["docs", "list"]) == 0 and capsys.readouterr().err.strip() == "no documents"
    assert main(["index", str(SEEDS)]) == 0
    capsys.readouterr()
    assert main(["ask", "Who won the python challenge?"]) == 0  # indexed, and none answers: said as that
    assert "None of the indexed articles" in capsys.readouterr().out
    assert main(["docs", "list"]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert len(listed) == 3 and all(line.split()[1] == "-" or line.split()[1][:2] == "20" for line in listed)
    # a second trial: a mistyped QA_COLLECTION made that index's collections (on a shared server too), and the
    # hint blamed the data folder
    monkeypatch.setenv("QA_COLLECTION", "nwes")
    for command in (["ask", "Who won the python challenge?"], ["search", "python challenge"], ["docs", "list"]):
        assert main(command) == 1
        assert "there is no index 'nwes' (QA_COLLECTION) in this database; it holds 'news'" in capsys.readouterr().err
    from index import open_client
    client = open_client(data_dir, None)
    assert not [c for c in client.list_collections() if c.name.startswith("nwes")]
    client.close()
    monkeypatch.setenv("QA_COLLECTION", "other")  # one made by a writing command, empty: the hint says where
    (tmp_path / "empty").mkdir()
    assert main(["index", str(tmp_path / "empty")]) == 0
    capsys.readouterr()
    assert main(["search", "python challenge"]) == 0
    said = capsys.readouterr().err
    assert "nothing is indexed in the index 'other' (QA_COLLECTION) in the data folder" in said
    assert "it also holds 'news'" in said


def test_a_mistyped_setting_is_named_not_ignored_in_silence(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: QA_TOPK=3 was ignored without a word."""
    monkeypatch.setenv("QA_TOPK", "3")
    monkeypatch.setenv("QA_SOMETHING_ELSE", "1")
    assert main(["docs", "list"]) == 0
    err = capsys.readouterr().err
    assert "warning: QA_TOPK is not a setting of this service (did you mean QA_TOP_K?)" in err
    assert "warning: QA_SOMETHING_ELSE is not a setting of this service; ignored" in err


def test_ask_and_search_take_the_apis_filters(capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: `qa ask` and `qa search` had no way to filter, as /api/ask and /api/search do."""
    assert main(["index", str(SEEDS)]) == 0
    capsys.readouterr()
    assert main(["docs", "list", "--json"]) == 0
    documents = json.loads(capsys.readouterr().out)
    one = documents[0]
    assert main(["search", "the", "-k", "10", "--json", "--filter", f"source={one['source'].upper()}"]) == 0
    passages = json.loads(capsys.readouterr().out)["passages"]
    assert passages and {p["source"] for p in passages} == {one["source"]}
    other = next(d for d in documents if d["source"] != one["source"])
    assert main(["search", "the", "-k", "10", "--json", "--filter", f"document_id={one['id']}",
                 "--filter", f"document_id={other['id']}"]) == 0  # a key twice: either value
    assert {p["document_id"] for p in json.loads(capsys.readouterr().out)["passages"]} == {one["id"], other["id"]}
    assert main(["ask", "--json", "Who won?", "--filter", "source=No Such Outlet"]) == 0
    assert "No indexed article matches the filters" in json.loads(capsys.readouterr().out)["answer"]
    assert main(["search", "the", "--json", "--filter", "source=No Such Outlet"]) == 0
    assert json.loads(capsys.readouterr().out)["note"] == "No indexed article matches the filters."
    assert main(["search", "the", "--filter", "source=No Such Outlet"]) == 0
    assert capsys.readouterr().err.strip() == "no passages: no indexed article matches the filters"
    assert main(["ask", "Who won?", "--filter", "colour=red"]) == 1
    assert "unknown filter colour" in capsys.readouterr().err
    assert main(["search", "the", "--filter", "source"]) == 1
    assert "--filter 'source': write KEY=VALUE" in capsys.readouterr().err


def test_a_source_s_date_is_shown_as_its_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A user trial: a feed item's date and time ("2019-11-12T01:30:00Z") stood in `qa ask`'s source lines beside
    pages' days; people read the day, as the chat page shows it (the API keeps the time)."""
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "ferry.md").write_text("---\ntitle: Ferry fares cut\npublished: 2019-11-12T01:30:00Z\n---\n"
                                     "Ferry fares fall by a third from June, the council said on Tuesday.\n")
    assert main(["index", str(folder)]) == 0
    capsys.readouterr()
    for command in (["ask", "How much will ferry fares fall?", "--as-of", "2019-11-20"],
                    ["search", "ferry fares", "--as-of", "2019-11-20"]):
        assert main(command) == 0
        out = capsys.readouterr().out
        assert ", 2019-11-12)" in out and "T01:30" not in out, out
    assert main(["ask", "--json", "How much will ferry fares fall?", "--as-of", "2019-11-20"]) == 0
    assert json.loads(capsys.readouterr().out)["citations"][0]["published"].startswith("2019-11-12T01:30")
