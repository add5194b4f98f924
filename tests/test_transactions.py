"""Transactions: a kill at any instant, two builds at once, a full disk, an unusable --out.

The invariants a reader relies on are in tests/dataset_invariants.py. Kills are real SIGKILLs
of separate processes at random instants (seeded, so a failure can be replayed).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pickle
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

import actionplans.dataset as dataset_module
from actionplans.cli import main
from actionplans.dataset import DatasetWriter, DiskFull
from actionplans.manifest import MANIFEST_NAME
from actionplans.outlock import OutLock, OutputBusy
from actionplans.pipeline import build, process_document

from .conftest import CORPUS, ROOT
from .dataset_invariants import check_dataset, documents_rows

V18 = ROOT / "tests/fixtures/versions/stoke-on-trent-improvement-plan-v18-2018-02-19.txt"
INPUTS = [CORPUS, V18.parent]
KILL_RUNS = 15


def _snapshot(out: Path) -> dict[str, str]:
    """Every file's bytes (hash), except the lock file whose content is the holder's pid."""
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def _orphans(out: Path) -> list[Path]:
    listed = {(r["area_id"], r["document_id"]) for r in documents_rows(out)}
    return [
        p for p in out.glob("actions/area_id=*/*.parquet")
        if (p.parent.name.split("=", 1)[1], p.stem) not in listed
    ]


@pytest.fixture(scope="module")
def complete(tmp_path_factory) -> Path:
    """A complete dataset of both seed plans and the constructed V18 (read-only: copy it)."""
    out = tmp_path_factory.mktemp("complete")
    report = build(INPUTS, out)
    assert not report.errors and len(report.documents) == 3
    return out


@pytest.fixture(scope="module")
def pickled_docs(tmp_path_factory) -> Path:
    """The three documents read once, for the writer processes (they never parse)."""
    docs = []
    for path in [*sorted(CORPUS.glob("*.txt")), V18]:
        r = process_document(path)
        docs.append({"area_id": r.area_id, "document_id": r.document_id, "tables": r.tables,
                     "path": str(path)})
    docs.sort(key=lambda d: d["path"] == str(V18))  # V18 last: the one removed and re-added
    target = tmp_path_factory.mktemp("docs") / "docs.pickle"
    target.write_bytes(pickle.dumps(docs))
    return target


def _writer_process(docs: Path, out: Path, *args: str) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.commit_worker", str(docs), str(out), *args],
        cwd=ROOT, stdout=subprocess.PIPE, text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def test_layout_manifest_and_commit_record(complete: Path):
    rows = check_dataset(complete)
    manifest = json.loads((complete / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert manifest["format"] == "actionplans-manifest/1"
    assert set(manifest["documents"]) == {r["document_id"] for r in rows}
    for doc_id, entry in manifest["documents"].items():
        assert doc_id == entry["sha256"][:16]
        assert entry["build_key"] and entry["committed_at"].endswith("Z")
        for rel in entry["files"].values():
            assert (complete / rel).is_file(), rel
    assert not (complete / "_staging").exists()
    # what researchers glob sees exactly the committed rows
    n = duckdb.sql(
        f"select count(*) from read_parquet('{complete}/actions/*/*.parquet')"
    ).fetchall()[0][0]
    assert n == sum(r["action_count"] for r in rows) == 47 + 53 + 53


def test_unchanged_documents_are_skipped(complete: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(complete, out)
    before = _snapshot(out)
    report = build(INPUTS, out)
    assert report.documents == [] and not report.errors
    assert sorted(s.reason for s in report.skipped) == ["unchanged"] * 3
    after = _snapshot(out)
    changed = {k for k in before if before[k] != after.get(k)}
    # nothing of the documents rewritten; only the run's own records
    assert not any(k.startswith(("actions/", "themes/", "documents/")) for k in changed), changed
    # --area changes what a document's rows would be: it is read again
    again = build([V18], out, area="Stoke-on-Trent")
    assert [d.path for d in again.documents] == [str(V18)] and again.skipped == []


def test_sigkill_at_random_instants_leaves_complete_documents(
    complete: Path, pickled_docs: Path, tmp_path: Path
):
    """15 writer processes killed at random instants, each in the state the last one left."""
    out = tmp_path / "out"
    shutil.copytree(complete, out)
    must_keep = {r["document_id"]: r["action_count"] for r in documents_rows(complete)
                 if r["version"] != "18"}
    rng = random.Random(20180319)
    for run in range(KILL_RUNS):
        proc = _writer_process(pickled_docs, out, "loop")
        time.sleep(rng.uniform(0.0, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        rows = check_dataset(out)
        held = {r["document_id"]: r["action_count"] for r in rows}
        for doc_id, n in must_keep.items():  # never lost, never partly rewritten
            assert held.get(doc_id) == n, f"run {run}: {doc_id} lost or incomplete"
    # the next build cleans up what the last kill left and restores everything
    report = build(INPUTS, out)
    assert not report.errors
    assert not (out / "_staging").exists() and not _orphans(out)
    rows = check_dataset(out)
    assert {r["document_id"]: r["action_count"] for r in rows} == {
        r["document_id"]: r["action_count"] for r in documents_rows(complete)
    }


def test_sigkill_of_a_real_build(complete: Path, tmp_path: Path):
    """The command itself killed while rebuilding a complete dataset: nothing is lost."""
    out = tmp_path / "out"
    shutil.copytree(complete, out)
    expected = {r["document_id"]: r["action_count"] for r in documents_rows(complete)}
    rng = random.Random(7)
    for _ in range(3):
        (out / MANIFEST_NAME).unlink(missing_ok=True)  # no build keys: every document re-read
        proc = subprocess.Popen(
            [sys.executable, "-m", "actionplans.cli", "build", *map(str, INPUTS), "--out",
             str(out), "--quiet", "--no-compare"], cwd=ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        time.sleep(rng.uniform(1.0, 6.0))
        os.killpg(proc.pid, signal.SIGKILL)  # the build and any worker it started
        proc.wait()
        rows = check_dataset(out)
        assert {r["document_id"]: r["action_count"] for r in rows} == expected
    assert main(["build", *map(str, INPUTS), "--out", str(out), "--quiet", "--no-compare"]) == 0
    assert not _orphans(out) and not (out / "_staging").exists()


def test_second_build_waits_or_fails_clearly(complete: Path, tmp_path: Path, capsys,
                                              monkeypatch):
    out = tmp_path / "out"
    shutil.copytree(complete, out)
    v18 = next(r["document_id"] for r in documents_rows(out) if r["version"] == "18")
    with DatasetWriter(out) as writer:
        writer.remove_document(v18)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom actionplans.outlock import OutLock\n"
         f"with OutLock({str(out)!r}):\n    print('held', flush=True)\n    sys.stdin.readline()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    before = _snapshot(out)
    code = main(["build", str(V18), "--out", str(out), "--lock-timeout", "0.3", "--quiet"])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 1
    assert f"error: another build is writing to {out} (pid {holder.pid})" in err
    assert _snapshot(out) == before  # nothing read, nothing written
    with pytest.raises(OutputBusy):
        OutLock(out, timeout=0).__enter__()
    # Given time to wait, a second build blocks until the first lets go, then runs.
    entered = threading.Event()
    real_plan = DatasetWriter.plan

    def plan(self, *args, **kwargs):
        entered.set()
        return real_plan(self, *args, **kwargs)

    monkeypatch.setattr(DatasetWriter, "plan", plan)
    reports = []
    waiting = threading.Thread(target=lambda: reports.append(build([V18], out, lock_timeout=60)))
    waiting.start()
    assert not entered.wait(1.0), "the second build went on while the first held the lock"
    assert _snapshot(out) == before
    assert holder.stdin is not None
    holder.stdin.write("release\n")
    holder.stdin.flush()
    waiting.join(120)
    assert holder.wait() == 0 and entered.is_set()
    assert [d.path for d in reports[0].documents] == [str(V18)]
    assert len(check_dataset(out)) == 3


def test_concurrent_writers_never_interleave(pickled_docs: Path, tmp_path: Path):
    """Two writer processes on one folder, and a reader checking it the whole time."""
    out, log = tmp_path / "out", tmp_path / "held.log"
    writers = [_writer_process(pickled_docs, out, "times", "4", str(log)) for _ in range(2)]
    checks = 0
    while any(w.poll() is None for w in writers):
        if (out / "documents").exists():
            check_dataset(out)
            checks += 1
    assert [w.returncode for w in writers] == [0, 0]
    (_, a1), (b0, _) = sorted(tuple(map(float, line.split()))
                                for line in log.read_text().splitlines())
    assert a1 <= b0, "the two writers held the dataset at the same time"
    assert checks > 0
    assert len(check_dataset(out)) == 3


def _mount_tmpfs(target: Path, size: str) -> bool:
    target.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                               str(target)], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def test_disk_full_is_one_line_and_leaves_the_dataset(complete: Path, tmp_path: Path, capsys,
                                                      monkeypatch):
    """On a real 2 MB tmpfs when the machine allows mounting one, else ENOSPC simulated."""
    disk = tmp_path / "disk"
    mounted = _mount_tmpfs(disk, "2m")
    try:
        out = disk / "out"
        assert build([CORPUS], out, lock_timeout=5).errors == []
        if mounted:
            free = shutil.disk_usage(disk).free
            (disk / "filler").write_bytes(b"\0" * max(free - 24 * 1024, 0))
        else:
            def full(path, data, fsync=True):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            monkeypatch.setattr(dataset_module, "write_file", full)
        before = _snapshot(out)
        code = main(["build", str(V18), "--out", str(out), "--quiet", "--no-compare"])
        err = capsys.readouterr().err.strip()
        assert code == 1
        assert err.startswith("error: disk full:") and "\n" not in err, err
        assert "Traceback" not in err
        assert _snapshot(out) == before
        check_dataset(out)
        if mounted:
            (disk / "filler").unlink()
        else:
            monkeypatch.undo()
        assert main(["build", str(V18), "--out", str(out), "--quiet", "--no-compare"]) == 0
        assert len(check_dataset(out)) == 3
    finally:
        if mounted:
            subprocess.run(["umount", "-l", str(disk)], check=False)  # lazy: never left busy


def test_a_full_disk_at_every_write_of_a_commit(complete: Path, pickled_docs: Path,
                                                tmp_path: Path, monkeypatch):
    """ENOSPC at the 1st, 2nd, ... write of one document's commit: each time nothing changes."""
    docs = pickle.loads(pickled_docs.read_bytes())
    new = next(d for d in docs if d["path"] == str(V18))
    base = tmp_path / "base"
    shutil.copytree(complete, base)
    with DatasetWriter(base) as writer:
        writer.remove_document(new["document_id"])
    real = dataset_module.write_file
    k = 0
    while True:
        k += 1
        out = tmp_path / f"out{k}"
        shutil.copytree(base, out)
        before = _snapshot(out)
        calls = {"n": 0}

        def fail_at(path, data, fsync=True, k=k, calls=calls):
            calls["n"] += 1
            if calls["n"] == k:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
            return real(path, data, fsync)

        monkeypatch.setattr(dataset_module, "write_file", fail_at)
        with DatasetWriter(out) as writer:
            try:
                writer.write_document(new["area_id"], new["document_id"], new["tables"],
                                      path=new["path"])
            except DiskFull as exc:
                assert "disk full" in str(exc) and "\n" not in str(exc)
            else:
                break  # k is past the last write: the commit went through
        monkeypatch.setattr(dataset_module, "write_file", real)
        assert _snapshot(out) == before, f"write {k} failed but the dataset changed"
        check_dataset(out)
    assert k > 8  # every child table, the documents file and the manifest were tried
    assert len(check_dataset(out)) == 3


def test_out_is_checked_writable_before_any_work(tmp_path: Path, capsys, monkeypatch):
    import actionplans.pipeline as pipeline

    def never(*args, **kwargs):
        raise AssertionError("a document was read although --out cannot be written")

    monkeypatch.setattr(pipeline, "process_document", never)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code = main(["build", str(CORPUS), "--out", str(blocker / "out"), "--quiet"])
    err = " ".join(capsys.readouterr().err.split())
    assert code == 2
    assert f"error: cannot write to {blocker / 'out'}: Not a directory" in err


def test_next_writer_cleans_up_what_a_killed_one_left(complete: Path, tmp_path: Path):
    out = tmp_path / "out"
    shutil.copytree(complete, out)
    (out / "_staging" / "999-dead" / "x").mkdir(parents=True)
    (out / "_staging" / "999-dead" / "x" / "actions.parquet").write_bytes(b"half")
    stray = out / "actions" / "area_id=halton" / "0123456789abcdef.parquet"
    shutil.copy(next((out / "actions" / "area_id=halton").glob("*.parquet")), stray)
    hidden = out / "themes" / "area_id=halton" / ".c6972a66c86baa8f.parquet.tmp"
    hidden.write_bytes(b"half")
    (out / MANIFEST_NAME).write_text("{not json")
    report = build(INPUTS, out)
    assert not (out / "_staging").exists() and not stray.exists() and not hidden.exists()
    assert any("interrupted build" in n for n in report.notes)
    assert any("never committed" in n for n in report.notes)
    # the manifest was rebuilt from the documents table; without build keys all are re-read
    assert len(report.documents) == 3 and report.skipped == []
    assert json.loads((out / MANIFEST_NAME).read_text())["documents"]
    check_dataset(out)


def test_a_dataset_of_the_old_layout_is_migrated(complete: Path, tmp_path: Path):
    """One documents file per document, without the version columns (before transactions)."""
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    shutil.copytree(complete, out)
    for area_file in list(out.glob("documents/area_id=*/documents.parquet")):
        table = pq.read_table(area_file)
        table = table.drop_columns(["is_latest", "superseded_by", "same_version_as",
                                    "source_paths"])
        for i, doc_id in enumerate(table.column("document_id").to_pylist()):
            pq.write_table(table.slice(i, 1), area_file.parent / f"{doc_id}.parquet")
        area_file.unlink()
    (out / MANIFEST_NAME).unlink()
    with DatasetWriter(out) as writer:
        assert len(writer.documents()) == 3
    assert sorted(p.name for p in out.glob("documents/*/*.parquet")) == ["documents.parquet"] * 2
    rows = check_dataset(out)
    assert {r["version"] for r in rows if r["is_latest"]} == {"19", None}
