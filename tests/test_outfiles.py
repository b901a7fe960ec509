"""Issue 13, part 4: files the CLI writes (prove --out, docs --out) are written
atomically, never into a non-empty directory without --force (which removes only the
files the command writes), and a failure part-way leaves nothing of this run behind."""

import errno
import json
import os

import pytest

import symlandscape.docsgen as docsgen
import symlandscape.outfiles as outfiles
from symlandscape.cli import main


def listing(d):
    return sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)


def one_line(capsys, rc, *fragments):
    out, err = capsys.readouterr()
    assert rc == 2 and err.count("\n") == 1 and err.startswith("symlandscape: error: "), (rc, err)
    assert "Traceback" not in err
    for f in fragments:
        assert f in err, (f, err)
    return out, err


def prove(*argv):
    return main(["prove", "KRON-1", "KRON-2", "--json", "--jobs", "1", *argv])


def test_prove_out_writes_certificates_that_verify(tmp_path, capsys):
    d = tmp_path / "certs"
    assert prove("--out", str(d)) == 0
    capsys.readouterr()
    files = listing(d)
    assert files and all(f.split(os.sep)[0] in ("KRON-1", "KRON-2") and f.endswith(".json") for f in files)
    assert not [f for f in files if ".tmp" in f]
    for f in files:
        assert main(["verify", str(d / f)]) == 0
    assert capsys.readouterr().out.count("OK:") == len(files)


def test_prove_out_refuses_a_non_empty_directory(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep")
    one_line(capsys, prove("--out", str(tmp_path)), "is not empty", "--force")
    assert listing(tmp_path) == ["mine.txt"]


def test_prove_force_replaces_only_its_own_files(tmp_path, capsys):
    (tmp_path / "mine.txt").write_text("keep")
    stale = tmp_path / "KRON-1" / "099.json"          # a certificate of an earlier, longer run
    stale.parent.mkdir()
    stale.write_text("{}")
    other = tmp_path / "KAW-1" / "001.json"           # another claim's certificate: not ours now
    other.parent.mkdir()
    other.write_text("{}")
    notes = tmp_path / "KRON-1" / "notes.md"           # not a certificate name
    notes.write_text("n")
    assert prove("--out", str(tmp_path), "--force") == 0
    capsys.readouterr()
    files = listing(tmp_path)
    assert "mine.txt" in files and os.path.join("KAW-1", "001.json") in files
    assert os.path.join("KRON-1", "notes.md") in files
    assert os.path.join("KRON-1", "099.json") not in files
    assert os.path.join("KRON-1", "001.json") in files


def test_prove_out_is_a_file(tmp_path, capsys):
    f = tmp_path / "file"
    f.write_text("x")
    one_line(capsys, prove("--out", str(f)), "exists and is not a directory")
    one_line(capsys, prove("--out", str(f / "sub")), "exists and is not a directory")
    assert f.read_text() == "x"


def test_prove_a_directory_where_a_certificate_goes(tmp_path, capsys):
    d = tmp_path / "certs"
    (d / "KRON-2" / "001.json").mkdir(parents=True)    # wrong kind, and not removable as ours
    one_line(capsys, prove("--out", str(d), "--force"), "001.json", "is not a regular file")
    assert listing(d) == []                             # KRON-1's files were removed again
    assert sorted(os.listdir(d)) == ["KRON-2"]


def _fail_after(monkeypatch, n):
    """os.replace succeeds n times, then fails with ENOSPC (disk full)."""
    real = os.replace
    calls = []

    def replace(src, dst):
        calls.append(dst)
        if len(calls) > n:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), dst)
        return real(src, dst)
    monkeypatch.setattr(outfiles.os, "replace", replace)
    return calls


@pytest.mark.parametrize("n", [0, 3])
def test_prove_disk_full_removes_what_it_wrote(tmp_path, capsys, monkeypatch, n):
    d = tmp_path / "certs"
    calls = _fail_after(monkeypatch, n)
    one_line(capsys, prove("--out", str(d)), "No space left on device", "nothing was written")
    assert len(calls) == n + 1
    assert not d.exists() or listing(d) == []           # no certificate, no temporary file
    assert not d.exists()                               # the directories it made are gone too


def test_docs_out_writes_the_committed_pages(tmp_path, capsys):
    d = tmp_path / "docs"
    assert main(["docs", "--out", str(d)]) == 0
    printed = capsys.readouterr().out.split()
    root = os.path.join(os.path.dirname(__file__), "..", "docs")
    for f in listing(d):
        with open(os.path.join(root, f), encoding="utf-8") as a, open(d / f, encoding="utf-8") as b:
            assert a.read() == b.read(), f
    assert sorted(os.path.relpath(p, d) for p in printed) == listing(d)


@pytest.fixture
def fast_docs(monkeypatch):
    monkeypatch.setattr(docsgen, "errata_pages", lambda: {"000": "zero\n", "004": "four\n"})


def test_docs_refuses_non_empty_and_force_keeps_other_files(tmp_path, capsys, fast_docs):
    (tmp_path / "index.md").write_text("hand written")
    (tmp_path / "errata").mkdir()
    (tmp_path / "errata" / "seed-009.md").write_text("stale page")
    one_line(capsys, main(["docs", "--out", str(tmp_path)]), "is not empty", "--force")
    assert main(["docs", "--out", str(tmp_path), "--force"]) == 0
    assert listing(tmp_path) == ["claims.md", os.path.join("errata", "seed-000.md"),
                                 os.path.join("errata", "seed-004.md"), "index.md"]
    assert (tmp_path / "index.md").read_text() == "hand written"


def test_docs_wrong_kinds(tmp_path, capsys, fast_docs):
    f = tmp_path / "file"
    f.write_text("x")
    one_line(capsys, main(["docs", "--out", str(f)]), "exists and is not a directory")
    d = tmp_path / "d"
    (d / "claims.md").mkdir(parents=True)
    one_line(capsys, main(["docs", "--out", str(d), "--force"]), "claims.md", "is not a regular file")
    d2 = tmp_path / "d2"
    d2.mkdir()
    (d2 / "errata").write_text("a file where the errata directory goes")
    one_line(capsys, main(["docs", "--out", str(d2), "--force"]), "errata", "is not a directory")
    assert listing(d2) == ["errata"]                     # claims.md was removed again


def test_docs_disk_full(tmp_path, capsys, monkeypatch, fast_docs):
    d = tmp_path / "out"
    _fail_after(monkeypatch, 2)
    one_line(capsys, main(["docs", "--out", str(d)]), "No space left on device")
    assert not d.exists()


def test_write_files_leaves_no_temporary_file_on_a_failed_write(tmp_path, monkeypatch):
    def full(fd):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    monkeypatch.setattr(outfiles.os, "fsync", full)
    (tmp_path / "old.json").write_text("old")
    with pytest.raises(outfiles.InputError, match="No space left"):
        outfiles.write_files(str(tmp_path), [("new.json", "{}"), ("old.json", "new")])
    assert os.listdir(tmp_path) == ["old.json"] and (tmp_path / "old.json").read_text() == "old"


def test_prove_claim_api_writes_atomically(tmp_path):
    from symlandscape.prove import prove_claim
    r = prove_claim("KRON-1", str(tmp_path))
    assert r["verdict"] == "holds" and "certificates" not in r
    files = listing(tmp_path)
    assert files and all(json.loads((tmp_path / f).read_text())["claim"] == "KRON-1" for f in files)
