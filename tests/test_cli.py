"""The command line: JSON Lines, --strict, unreadable files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import cablelib
from cablelib import cli
from cablelib.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "examples" / "06PHNOMPENH2131.txt"


def test_parse_prints_one_json_object_per_cable(capsys):
    assert main(["parse", str(SEED), str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["reference_id"] == "06PHNOMPENH2131"


def test_unreadable_file_is_reported_and_the_others_still_print(capsys, tmp_path):
    missing = tmp_path / "missing.txt"
    assert main(["parse", str(missing), str(SEED)]) == 1
    captured = capsys.readouterr()
    assert "missing.txt" in captured.err
    assert len(captured.out.splitlines()) == 1


def test_strict_failure_is_reported_with_position(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("VZCZCXRO5044\nDE RUEHPF #2131/01 3380808\nZNR UUUUU ZZH\nGarbage\n", encoding="utf-8")
    assert main(["parse", "--strict", str(bad), str(SEED)]) == 1
    captured = capsys.readouterr()
    assert f"{bad}:4:1: unexpected text 'Garbage'" in captured.err
    assert len(captured.out.splitlines()) == 1


def test_lenient_run_of_the_same_file_succeeds(capsys, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_text("VZCZCXRO5044\nDE RUEHPF #2131/01 3380808\nZNR UUUUU ZZH\nGarbage\n", encoding="utf-8")
    assert main(["parse", str(bad)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["diagnostics"][0]["code"] == "unexpected-text"


def test_variants_lists_generic(capsys):
    assert main(["variants"]) == 0
    names = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert "generic" in names


def test_unknown_variant_exits_2(capsys):
    assert main(["parse", "--variant", "generik", str(SEED)]) == 2
    assert "Did you mean 'generic'" in capsys.readouterr().err


def test_version(capsys):
    import pytest

    with pytest.raises(SystemExit):
        main(["--version"])
    assert cablelib.__version__ in capsys.readouterr().out


def _interrupt(*_args, **_kwargs):
    raise KeyboardInterrupt


def test_ctrl_c_during_parse_exits_130_without_a_traceback(capsys, monkeypatch):
    monkeypatch.setattr(cli, "iter_corpus", _interrupt)
    assert main(["parse", str(SEED)]) == 130
    assert capsys.readouterr().err == "cablelib: interrupted\n"


def test_ctrl_c_during_export_says_the_output_was_not_written(capsys, monkeypatch, tmp_path):
    from cablelib import export as cexport

    out = tmp_path / "out.jsonl"
    monkeypatch.setattr(cexport, "export", _interrupt)
    assert main(["export", str(SEED), "-o", str(out), "--progress", "none"]) == 130
    assert capsys.readouterr().err == f"cablelib: interrupted; nothing was written to {out}\n"
    assert not out.exists()


class _Stdin:
    """What the command reads for '-': sys.stdin.buffer."""

    def __init__(self, data: bytes) -> None:
        import io

        self.buffer = io.BytesIO(data)

    def close(self) -> None:  # a forked pool worker closes its stdin
        pass


def test_a_dash_reads_standard_input_as_a_file(capsys, monkeypatch):
    assert main(["parse", str(SEED)]) == 0
    from_file = capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", _Stdin(SEED.read_bytes()))
    assert main(["parse", "-"]) == 0
    assert capsys.readouterr().out == from_file


def test_a_dash_keeps_its_place_among_the_files(capsys, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Stdin(b"UNCLAS\nSUBJECT: A PASTED FRAGMENT\n\n1. Hello.\n"))
    assert main(["parse", str(SEED), "-", str(SEED), "-j", "2"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(d["reference_id"], d["subject"]) for d in lines] == [
        ("06PHNOMPENH2131", "CAMBODIA: TIP INTERIM ASSESSMENT REPORT"),
        (None, "A PASTED FRAGMENT"),
        ("06PHNOMPENH2131", "CAMBODIA: TIP INTERIM ASSESSMENT REPORT")]
    assert [p["text"] for p in lines[1]["paragraphs"]] == ["Hello."]


def test_standard_input_is_read_once_and_reported_like_a_file(capsys, monkeypatch):
    assert main(["parse", "-", "-"]) == 2
    assert capsys.readouterr().err == "cablelib: '-' (standard input) can be given only once\n"
    text = SEED.read_bytes().replace(b"ZNR UUUUU ZZH\n", b"ZNR UUUUU ZZH\nGarbage\n")
    monkeypatch.setattr("sys.stdin", _Stdin(text))
    assert main(["parse", "--strict", "-"]) == 1
    assert capsys.readouterr().err.startswith("cablelib: <stdin>:")


def test_the_command_keeps_its_status_and_writes_whole_outputs(tmp_path):
    """``python -m cablelib`` goes through ``cli.run`` (which freezes the collector before exit):
    statuses are main's, and a JSONL export and a piped parse come out whole."""
    import subprocess

    seed = ROOT / "examples" / "06PHNOMPENH2131.txt"
    ok = subprocess.run([sys.executable, "-m", "cablelib", "parse", str(seed), str(seed)],
                        capture_output=True, text=True)
    assert ok.returncode == 0 and [json.loads(line)["reference_id"] for line in ok.stdout.splitlines()] == [
        "06PHNOMPENH2131", "06PHNOMPENH2131"]
    missing = subprocess.run([sys.executable, "-m", "cablelib", "parse", str(tmp_path / "none.txt")],
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "no such file" in missing.stderr
    unknown = subprocess.run([sys.executable, "-m", "cablelib", "parse", "--variant", "atlantis", str(seed)],
                             capture_output=True, text=True)
    assert unknown.returncode == 2
    corpus = ROOT / "tests" / "cables" / "wikileaks-text"
    out = tmp_path / "out.jsonl"
    exported = subprocess.run([sys.executable, "-m", "cablelib", "export", str(corpus), "--format", "jsonl",
                               "--output", str(out)], capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    files = sorted(corpus.glob("*.txt"))
    assert [json.loads(line)["reference_id"] for line in out.read_text(encoding="utf-8").splitlines()] == [
        f.stem for f in files]
