"""Bad input at the edges: each gets a clear CableError or a diagnostic-only Cable.

Never a bare ``TypeError`` from inside cablelib, never a traceback from deep
inside Lark, and ``iter_corpus`` goes on past every bad file and reports it.
Cases where cablelib does not do that yet are pinned as strict xfails with
the bug stated precisely (they are listed in docs/testing.md).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import signal
import sys
import threading
import traceback
from pathlib import Path

import pytest

import cablelib
from cablelib import export as cexport
from cablelib.export import cable_json
from cables import CONTAINER_SAMPLES, cable_path

TESTS = Path(__file__).resolve().parent
SEED = TESTS.parent / "examples" / "06PHNOMPENH2131.txt"
CSV_SAMPLE = cable_path("cables_sample.csv")
LARK_DIR = str(Path(__import__("lark").__file__).resolve().parent)


def _frames_outside_cablelib(error: BaseException) -> list[str]:
    """Files of the traceback frames below cablelib's own (Lark's, say)."""
    return [f.filename for f in traceback.extract_tb(error.__traceback__) if f.filename.startswith(LARK_DIR)]


# ---------------------------------------------------------------- parse()


@pytest.mark.parametrize("value", [b"UNCLAS PARIS 000001", bytearray(b"x"), None, 42, ["UNCLAS"]],
                         ids=["bytes", "bytearray", "None", "int", "list"])
def test_parse_rejects_what_is_not_a_str_with_a_cable_input_error(value):
    with pytest.raises(cablelib.CableInputError) as info:
        cablelib.parse(value)
    assert isinstance(info.value, TypeError)  # and a TypeError, for callers that catch that
    assert type(value).__name__ in str(info.value)
    assert not _frames_outside_cablelib(info.value)


def test_the_bytes_message_says_what_to_do():
    with pytest.raises(cablelib.CableInputError, match="decode bytes first or use parse_file"):
        cablelib.parse(SEED.read_bytes())


@pytest.mark.parametrize("variant", ["nope", "generc", 3])
def test_an_unknown_variant_is_an_unknown_variant_error(variant):
    with pytest.raises(cablelib.UnknownVariantError) as info:
        cablelib.parse("UNCLAS PARIS 000001", variant=variant)
    assert isinstance(info.value, LookupError)
    assert "generic" in str(info.value)  # the message names what is registered


def test_a_reference_id_that_is_not_a_str_is_a_cable_input_error():
    with pytest.raises(cablelib.CableInputError):
        cablelib.parse("UNCLAS PARIS 000001\n", reference_id=123)


def test_a_strict_error_carries_no_lark_traceback():
    with pytest.raises(cablelib.CableSyntaxError) as info:
        cablelib.parse("VZCZCXRO5044\nGarbage here\n", strict=True)
    error = info.value
    assert error.__cause__ is None and error.__suppress_context__
    assert not _frames_outside_cablelib(error)
    assert (error.line, error.column) == (2, 1)


# ---------------------------------------------------------------- parse_file()


def test_a_path_that_does_not_exist(tmp_path):
    missing = tmp_path / "no-such-cable.txt"
    with pytest.raises(cablelib.CableSourceError, match="no-such-cable.txt: no such file") as info:
        cablelib.parse_file(missing)
    assert isinstance(info.value, OSError)


def test_a_directory_is_not_a_cable_file(tmp_path):
    with pytest.raises(cablelib.CableSourceError, match="is a directory"):
        cablelib.parse_file(tmp_path)


def test_parse_file_of_none_is_a_cable_input_error():
    with pytest.raises(cablelib.CableInputError):
        cablelib.parse_file(None)


def test_html_that_is_not_a_cable_page_gives_a_diagnostic_only_cable(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("<html><head><title>Weather</title></head><body><h1>Rain</h1>"
                    "<p>Not a cable.</p></body></html>", encoding="utf-8")
    cable = cablelib.parse_file(page)
    assert [d.code for d in cable.diagnostics] == ["not-a-cable-page"]
    assert cable.paragraphs == () and cable.subject is None and cable.envelope is None


def test_binary_bytes_are_decoded_with_a_diagnostic(tmp_path):
    blob = tmp_path / "image.png"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    cable = cablelib.parse_file(blob)
    assert "decode-fallback" in [d.code for d in cable.diagnostics]


def test_an_empty_file_gives_an_empty_cable(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    cable = cablelib.parse_file(empty)
    assert (cable.source, cable.paragraphs, cable.diagnostics) == ("", (), ())


# ---------------------------------------------------------------- iter_corpus()


def _broken_csv(tmp_path: Path) -> Path:
    """The real cables.csv sample with a third row cut off inside a quoted field."""
    path = tmp_path / "cables.csv"
    path.write_bytes(CSV_SAMPLE.read_bytes() + b'"3","1/5/1973 10:00","73TEHRAN7005","Embassy Tehran","SECR')
    return path


def test_a_csv_with_a_broken_row_keeps_the_good_rows_and_reports_the_bad_one(tmp_path):
    cables = list(cablelib.iter_corpus(_broken_csv(tmp_path)))
    assert [c.reference_id for c in cables[:2]] == ["66BUENOSAIRES2481", "72TEHRAN1164"]
    assert all(not [d for d in c.diagnostics if d.code == "bad-csv-row"] for c in cables[:2])
    assert len(cables) == 3
    assert "bad-csv-row" in [d.code for d in cables[2].diagnostics]


def _unreadable(tmp_path: Path) -> Path:
    """A path that exists, is a regular file, and cannot be read."""
    path = tmp_path / "unreadable.txt"
    if os.name == "posix" and hasattr(os, "geteuid") and os.geteuid() != 0:
        path.write_text("UNCLAS PARIS 000001\n", encoding="utf-8")
        path.chmod(0)
        return path
    if sys.platform.startswith("linux") and Path("/proc/self/mem").exists():
        # root reads any file; /proc/self/mem is a regular file whose first
        # page cannot be read (EIO), which is just as unreadable.
        path.symlink_to("/proc/self/mem")
        return path
    pytest.skip("no way to make an unreadable file here")


def test_iter_corpus_goes_on_past_every_bad_file_and_reports_it(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a_good.txt").write_bytes(SEED.read_bytes())
    bad = _unreadable(corpus)
    (corpus / "c_page.html").write_text("<html><body>no cable</body></html>", encoding="utf-8")
    (corpus / "d_blob.bin").write_bytes(bytes(range(256)))
    _broken_csv(corpus)
    (corpus / "z_good.txt").write_bytes(SEED.read_bytes())

    errors: list[tuple[str, Exception]] = []
    cables = list(cablelib.iter_corpus(corpus, on_error=lambda name, error: errors.append((name, error))))
    assert [name for name, _ in errors] == [str(bad)]
    assert isinstance(errors[0][1], cablelib.CableSourceError)
    assert str(bad) in str(errors[0][1])
    # the good files on both sides of the bad ones, the CSV rows, the diagnostic-only cables
    assert [c.reference_id for c in cables].count("06PHNOMPENH2131") == 2
    assert cables[-1].reference_id == "06PHNOMPENH2131"
    codes = {d.code for c in cables for d in c.diagnostics}
    assert {"not-a-cable-page", "decode-fallback", "bad-csv-row"} <= codes

    # Without on_error the unreadable file is a diagnostic-only Cable in its place.
    cables = list(cablelib.iter_corpus(corpus))
    unreadable = [c for c in cables if [d.code for d in c.diagnostics] == ["unreadable"]]
    assert len(unreadable) == 1
    assert str(bad) in unreadable[0].diagnostics[0].message


def test_iter_corpus_reports_a_listed_path_that_does_not_exist(tmp_path):
    good = tmp_path / "good.txt"
    good.write_bytes(SEED.read_bytes())
    errors: list[str] = []
    cables = list(cablelib.iter_corpus([good, tmp_path / "missing.txt", good],
                                       on_error=lambda name, error: errors.append(name)))
    assert errors == [str(tmp_path / "missing.txt")]
    assert [c.reference_id for c in cables] == ["06PHNOMPENH2131", "06PHNOMPENH2131"]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_missing_file_without_on_error_is_named_once_in_its_diagnostic(tmp_path, jobs):
    missing = tmp_path / "missing.txt"
    cables = list(cablelib.iter_corpus([missing, SEED], jobs=jobs))
    assert [(d.code, d.message) for d in cables[0].diagnostics] == [("unreadable", f"{missing}: no such file")]
    assert cables[1].reference_id == "06PHNOMPENH2131"


@contextlib.contextmanager
def _deadline(seconds: int):
    """Fail instead of hanging (a run that opens a named pipe waits for a writer for ever)."""
    def expired(_signum, _frame):
        raise TimeoutError(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _pipe_writer(pipe: Path, data: bytes = b""):
    """Write ``data`` to the named pipe for its first reader; then give every
    later reader an end of file at once, so that a run that opens the pipe
    (again) fails its test instead of hanging it."""
    done = threading.Event()

    def feed() -> None:
        if data:
            with open(pipe, "wb") as handle:
                handle.write(data)
        while not done.wait(0.02):
            try:
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))
            except OSError:
                pass  # no reader waiting
    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    try:
        with _deadline(60):
            yield
    finally:
        done.set()
        writer.join(5)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_named_pipe_in_a_corpus_directory_is_reported_not_waited_on(tmp_path, jobs):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    os.mkfifo(tmp_path / "b.fifo")
    (tmp_path / "c.txt").write_bytes(SEED.read_bytes())
    errors: list[tuple[str, str]] = []
    with _pipe_writer(tmp_path / "b.fifo"):
        cables = list(cablelib.iter_corpus(tmp_path, jobs=jobs,
                                           on_error=lambda name, error: errors.append((name, str(error)))))
    assert [c.reference_id for c in cables] == ["06PHNOMPENH2131", "06PHNOMPENH2131"]
    pipe = str(tmp_path / "b.fifo")
    assert errors == [(pipe, f"{pipe}: a named pipe, not a cable file")]


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_directory_that_cannot_be_listed_is_reported(tmp_path, jobs, monkeypatch):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    locked = tmp_path / "b-locked"
    locked.mkdir()
    (locked / "inside.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "c.txt").write_bytes(SEED.read_bytes())
    scandir = os.scandir

    def no_permission(path="."):  # chmod 000 does not stop root, who runs CI
        if os.fspath(path) == str(locked):
            raise PermissionError(13, "Permission denied", str(locked))
        return scandir(path)
    monkeypatch.setattr(os, "scandir", no_permission)
    errors: list[tuple[str, str]] = []
    cables = list(cablelib.iter_corpus(tmp_path, jobs=jobs,
                                       on_error=lambda name, error: errors.append((name, str(error)))))
    assert [c.reference_id for c in cables] == ["06PHNOMPENH2131", "06PHNOMPENH2131"]
    assert errors == [(str(locked), f"{locked}: cannot list this directory: Permission denied")]


def test_hidden_directories_are_not_part_of_the_corpus(tmp_path):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_bytes(SEED.read_bytes())
    assert [c.reference_id for c in cablelib.iter_corpus(tmp_path)] == ["06PHNOMPENH2131"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pipe_given_by_name_is_read_whole_once(tmp_path, jobs):
    """``cat cable | cablelib parse -j 2 /dev/stdin``: the parent reads the pipe
    (sniffing its head for a cables.csv used to eat the first bytes)."""
    pipe = tmp_path / "stdin"
    os.mkfifo(pipe)
    data = SEED.read_bytes()
    with _pipe_writer(pipe, data):
        cables = list(cablelib.iter_corpus([pipe], jobs=jobs))
    expected = cablelib.parse_file(SEED)
    assert [(c.reference_id, c.subject, c.paragraphs) for c in cables] == [
        (expected.reference_id, expected.subject, expected.paragraphs)]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_iter_corpus_reports_a_dangling_link_in_a_directory(tmp_path):
    (tmp_path / "good.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    errors: list[str] = []
    list(cablelib.iter_corpus(tmp_path, on_error=lambda name, error: errors.append(name)))
    assert errors == [str(tmp_path / "gone.txt")]


@pytest.mark.parametrize("source", [None, 42, b"corpus"], ids=["None", "int", "bytes"])
def test_iter_corpus_rejects_a_source_that_is_not_a_path_with_a_cable_input_error(source):
    with pytest.raises(cablelib.CableInputError):
        list(cablelib.iter_corpus(source))


# ---------------------------------------------------------------- a byte order mark


def _shifted(value, by: int = 1):
    """``value`` (a ``to_dict()``) with every span moved ``by`` characters right,
    as a character put before the text moves it (columns too, on line 1)."""
    if isinstance(value, dict):
        out = {k: _shifted(v, by) for k, v in value.items()}
        if set(value) == {"start", "end", "line", "column"}:
            out.update(start=value["start"] + by, end=value["end"] + by,
                       column=value["column"] + (by if value["line"] == 1 else 0))
        return out
    if isinstance(value, list):
        return [_shifted(v, by) for v in value]
    return value


@pytest.mark.parametrize("name", CONTAINER_SAMPLES)
def test_a_text_read_with_its_byte_order_mark_is_the_same_cable(name):
    """``open(path, encoding="utf-8").read()`` keeps a BOM as U+FEFF: every
    container sample parses to the same cable with it, spans one further on."""
    text = cable_path(name).read_text(encoding="utf-8", errors="surrogateescape")
    plain = cablelib.parse(text).to_dict()
    marked = cablelib.parse("\ufeff" + text).to_dict()
    if plain["source"] == text:  # a verbatim container: spans index the input
        assert marked.pop("source") == "\ufeff" + plain.pop("source")
        assert marked == _shifted(plain)
    else:  # the cable text rebuilt from HTML or a CSV field: the BOM is not in it
        assert marked == plain
    assert plain["paragraphs"] or plain["reference_id"]  # something read, so that equality means something


# ---------------------------------------------------------------- UTF-16 and UTF-32 files


_WIDE = [("utf-16", None), ("utf-32", None), ("utf-16-le", "UTF-16-LE"), ("utf-16-be", "UTF-16-BE"),
         ("utf-32-le", "UTF-32-LE"), ("utf-32-be", "UTF-32-BE")]


def _without_diagnostics(cables):
    out = []
    for cable in cables:
        d = cable.to_dict()
        out.append((d.pop("diagnostics"), d))
    return out


@pytest.mark.parametrize(("encoding", "guessed"), _WIDE, ids=[e for e, _ in _WIDE])
@pytest.mark.parametrize("name", ["06PHNOMPENH2131.txt", "06ANKARA4688.html", "cables_sample.csv"])
def test_a_file_saved_as_utf16_or_utf32_reads_as_the_same_cables(name, encoding, guessed, tmp_path):
    """Windows tools save "Unicode" as UTF-16, with or without a byte-order mark.

    A UTF-32 file with its mark was decoded as UTF-16 (its mark starts with
    UTF-16's) and one without a mark as UTF-8 — NUL bytes are valid UTF-8 —
    so the cable was text with a NUL after every letter: nothing found and,
    for the all-ASCII seed, no diagnostic.  The NUL bytes now say which form
    it is; a guess without a mark is said in a decode-fallback diagnostic.
    """
    source = cable_path(name)
    text = source.read_bytes().decode("utf-8")
    expected = _without_diagnostics(cablelib.iter_corpus(source))
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    got = _without_diagnostics(cablelib.iter_corpus(path))
    assert [d for _, d in got] == [d for _, d in expected]
    assert len(got) == (2 if name.endswith(".csv") else 1)
    for (notes, _), (original_notes, _) in zip(got, expected):
        added = [n for n in notes if n not in original_notes]
        if guessed is None:
            assert added == []
        else:
            assert added == [{"code": "decode-fallback", "message": (
                f"{path}: no byte-order mark, but the NUL bytes fall where {guessed} puts them in "
                f"ASCII text: decoded as {guessed}"), "span": None}]


def test_nul_bytes_that_do_not_make_a_wide_form_are_left_to_the_usual_decoding():
    from cablelib.sources.files import wide_encoding

    assert wide_encoding("UNCLAS".encode("utf-16-le")) == ("utf-16-le", False)
    assert wide_encoding(b"UNCLAS\x00 SECTION 01\n" * 10) is None  # a stray NUL in UTF-8 text
    assert wide_encoding("\u0639\u0631\u0628\u064a".encode("utf-16-le") * 40) is None  # mostly not ASCII
    assert wide_encoding(b"ab") is None


# ---------------------------------------------------------------- file names that are not UTF-8


def _latin1_named(directory: Path, data: bytes) -> str:
    """A file named ``café.txt`` in Latin-1 (byte 0xE9): what Python reads back
    from the directory, with a lone surrogate for that byte."""
    raw = os.fsencode(directory) + b"/caf\xe9.txt"
    try:
        with open(raw, "wb") as handle:
            handle.write(data)
    except (OSError, ValueError):
        pytest.skip("this file system does not take a file name that is not UTF-8")
    return os.fsdecode(raw)


def test_a_file_name_that_is_not_utf8_is_shown_escaped_and_never_stops_an_export(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    # cp1252 bytes in the text, so that the diagnostic names the file
    name = _latin1_named(corpus, b"UNCLAS\nSUBJECT: CAF\xc9\n\n1. A \x93quoted\x94 word.\n")
    (corpus / "z.txt").write_bytes(SEED.read_bytes())
    missing = os.fsdecode(os.fsencode(tmp_path) + b"/gon\xe9.txt")
    shown = str(corpus / "caf\\xe9.txt")

    cables = list(cablelib.iter_corpus([corpus, missing]))
    assert [d.message.split(": ")[0] for d in cables[0].diagnostics] == [shown]
    assert cables[0].subject == "CAFÉ"
    assert cables[1].reference_id == "06PHNOMPENH2131"
    assert [(d.code, d.message) for d in cables[2].diagnostics] == [
        ("unreadable", str(tmp_path / "gon\\xe9.txt") + ": no such file")]
    for cable in cables:  # every string of the result can be written as UTF-8
        cable_json(cable).encode("utf-8")

    for fmt in ("jsonl", "parquet"):
        if fmt == "parquet" and importlib.util.find_spec("pyarrow") is None:
            continue
        out = tmp_path / f"out.{fmt}"
        summary = cexport.export([corpus, missing], fmt, out, jobs=2)
        assert summary.cables == 2
        assert [message for _name, message in summary.errors] == [str(tmp_path / "gon\\xe9.txt") + ": no such file"]
    assert len((tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    assert open(name, "rb").read(6) == b"UNCLAS"  # the real name still opens the file


# ---------------------------------------------------------------- line ends other than \n


@pytest.mark.parametrize(("end", "name"), [("\r", "CR"), ("\x85", "NEL (U+0085)"), ("\u2028", "U+2028"),
                                           ("\u2029", "U+2029")])
def test_a_text_whose_lines_end_otherwise_is_read_as_with_newlines(end, name, tmp_path):
    """Old Mac files (CR), EBCDIC conversions (NEL), Unicode separators: the
    whole cable used to be one line, and nothing was found, without a word."""
    text = SEED.read_text(encoding="utf-8")
    expected = cablelib.parse(text).to_dict()
    note = ("line-ends", f"the text has no \\n line ends; its {name} line ends were read as \\n "
                         "(Cable.source has them as \\n)")
    path = tmp_path / "cable.txt"
    path.write_bytes(text.replace("\n", end).encode("utf-8"))
    for cable in (cablelib.parse(text.replace("\n", end)), cablelib.parse_file(path)):
        got = cable.to_dict()
        assert [(d["code"], d["message"]) for d in got.pop("diagnostics")] == [note]
        expected_rest = dict(expected)
        expected_rest.pop("diagnostics")
        assert got == expected_rest  # source included: it has the line ends as \n


def test_a_cables_csv_written_with_old_mac_line_ends_reads_every_row(tmp_path):
    """The real sample cables.csv with CR-only line ends, rows and fields alike.

    The rows were found (the csv module ends rows at CR too) but each field's
    lines were one line to the grammar: 0 paragraphs instead of 8 and 10, no
    envelope fields, no diagnostic.  Each row now reads as the original
    file's row, with a line-ends diagnostic.
    """
    raw = cable_path("cables_sample.csv").read_bytes()
    assert b"\r" not in raw
    expected = [c.to_dict() for c in cablelib.iter_corpus(cable_path("cables_sample.csv"))]
    assert [len(c["paragraphs"]) for c in expected] == [8, 10]
    path = tmp_path / "cables.csv"
    path.write_bytes(raw.replace(b"\n", b"\r"))
    note = ("line-ends", "the text has no \\n line ends; its CR line ends were read as \\n "
                         "(Cable.source has them as \\n)")
    for got in ([c.to_dict() for c in cablelib.iter_corpus(path)],
                [c.to_dict() for c in cablelib.iter_corpus(path, jobs=2)]):
        assert [[(d["code"], d["message"]) for d in c.pop("diagnostics")] for c in got] == [[note], [note]]
        assert got == [{k: v for k, v in c.items() if k != "diagnostics"} for c in expected]


def test_a_text_with_newlines_keeps_its_other_line_ends_as_they_are():
    # 08MEXICO2187 uses U+2028 inside lines that end in \n; a stray CR stays too.
    text = SEED.read_text(encoding="utf-8").replace("ZZH\n", "ZZH\u2028\n", 1).replace("PRIORITY", "PRIORITY\r", 1)
    cable = cablelib.parse(text)
    assert cable.source == text
    assert "line-ends" not in [d.code for d in cable.diagnostics]


# ---------------------------------------------------------------- a cable quoted in an e-mail


def _prefixed(text: str, prefix: str) -> str:
    return "".join(prefix + line if line.strip() else line for line in text.splitlines(True))


@pytest.mark.parametrize("mark", ["> ", ">>", "> > ", "\t> "])
def test_a_cable_quoted_in_an_email_reads_as_the_same_cable_indented(mark, tmp_path):
    """Each '>' becomes a blank, so the quoted cable is the indented one, offsets and all."""
    text = SEED.read_text(encoding="utf-8")
    indented = cablelib.parse(_prefixed(text, mark.replace(">", " ")))
    assert indented.diagnostics == () and indented.reference_id == "06PHNOMPENH2131"
    expected = indented.to_dict()
    expected.pop("diagnostics")
    path = tmp_path / "quoted.txt"
    path.write_text(_prefixed(text, mark), encoding="utf-8")
    for cable in (cablelib.parse(_prefixed(text, mark)), cablelib.parse_file(path)):
        got = cable.to_dict()
        assert [d["code"] for d in got.pop("diagnostics")] == ["quoted"]
        assert got == expected  # source too: the marks are blanks there


def test_a_quoted_cable_saved_with_a_byte_order_mark_is_unquoted_too():
    text = SEED.read_text(encoding="utf-8")
    cable = cablelib.parse("\ufeff" + _prefixed(text, "> "))
    assert [d.code for d in cable.diagnostics] == ["quoted"]
    assert cable.source == "\ufeff" + _prefixed(text, "  ")
    assert cable.reference_id == "06PHNOMPENH2131" and len(cable.paragraphs) == 8


def test_a_cable_with_one_line_that_starts_with_a_quote_mark_is_not_unquoted():
    text = SEED.read_text(encoding="utf-8").replace("Embassy Phnom Penh submits", "> Embassy Phnom Penh submits")
    cable = cablelib.parse(">" + text)
    assert cable.source == ">" + text
    assert "quoted" not in [d.code for d in cable.diagnostics]


# ---------------------------------------------------------------- a corpus run's own arguments


@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize(("options", "error", "message"), [
    ({"variant": "no-such-variant"}, cablelib.UnknownVariantError, "Unknown variant 'no-such-variant'"),
    ({"reference_id": 5}, cablelib.CableInputError, "reference_id must be a str or None, not int"),
    ({"year": "2006"}, cablelib.CableInputError, "year must be an int or None, not str"),
    ({"stirct": True}, cablelib.CableInputError, "iter_corpus() got an unexpected option 'stirct'"),
], ids=["variant", "reference-id", "year", "typo"])
def test_a_bad_option_fails_the_run_once_before_the_first_file(options, error, message, jobs):
    """It used to reach every file's parse: an unknown variant became an
    'unreadable' cable per file, a wrong-typed reference id was taken as given."""
    with pytest.raises(error) as caught:
        list(cablelib.iter_corpus([SEED, SEED], jobs=jobs, **options))
    assert message in str(caught.value)


@pytest.mark.parametrize("jobs", ["2", 2.5, True])
def test_jobs_must_be_an_int(jobs):
    with pytest.raises(cablelib.CableInputError, match="jobs must be an int or None"):
        list(cablelib.iter_corpus([SEED], jobs=jobs))
