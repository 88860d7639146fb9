"""A notebook session with the installed wheel: `import framelens` and the
`framelens` command from the same install, a DataFrame in and DataFrames out,
the same bytes as the command on the same rows, and partial/merge in Python.

Run by .ci/python.sh in a fresh virtual environment where only the wheel
(and pandas, pytest) is installed, never against the source tree.
"""

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import framelens

REPO = Path(__file__).resolve().parents[2]
FRAMING = REPO / "tests" / "fixtures" / "merge" / "framing"


def body(path: Path) -> str:
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    if text.startswith("---\n"):
        _, _, rest = text[4:].partition("\n---\n")
        return rest
    return text


def front(path: Path) -> dict:
    text = path.read_text(encoding="utf-8").lstrip("\ufeff")
    meta = {}
    for line in text[4:].partition("\n---\n")[0].splitlines():
        key, _, value = line.partition(":")
        meta[key.strip()] = value.strip().strip('"')
    return meta


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    """The fixture articles as a Media Cloud-style DataFrame, without events,
    with an id column that has gaps (so pandas makes it float)."""
    rows = []
    for i, path in enumerate(sorted(FRAMING.glob("*/*.txt"))):
        meta = front(path)
        rows.append(
            {
                "stories_id": None if i % 4 == 0 else 5000 + i,
                "publish_date": pd.Timestamp(meta["date"]),
                "title": meta["title"],
                "media_name": meta["outlet"],
                "language": meta.get("language", "en"),
                "text": body(path),
                "extra": "not read",
            }
        )
    rows.append({"title": "No text", "media_name": "Nowhere", "text": None})
    return pd.DataFrame(rows)


def masked(run: bytes) -> dict:
    v = json.loads(run)
    for k in ("time", "threads", "command"):
        v[k] = None
    return v


def same_files(a: dict, b: dict, label: str) -> None:
    assert sorted(a) == sorted(b), label
    for name in a:
        if name == "run.json":
            assert masked(a[name]) == masked(b[name]), f"{label}: run.json"
        else:
            assert a[name] == b[name], f"{label}: {name} differs"


def test_the_installed_package_and_command_are_one_version():
    assert "site-packages" in framelens.__file__, framelens.__file__
    cmd = framelens.command()
    assert cmd is not None and os.access(cmd, os.X_OK), cmd
    out = subprocess.run([cmd, "--version"], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["framelens", framelens.__version__]
    out = subprocess.run([sys.executable, "-m", "framelens", "--version"], capture_output=True, text=True, check=True)
    assert framelens.__version__ in out.stdout


def test_a_dataframe_in_dataframes_out(frame):
    reports = framelens.analyze(frame, text="text", outlet="media_name", bootstrap=200)
    for name in ("hits", "articles", "outlets", "keyness", "claims", "coverage", "events", "problems"):
        assert isinstance(reports[name], pd.DataFrame), name
    articles = reports["articles"]
    assert len(articles) == len(frame) - 1
    assert set(articles["outlet"]) == set(frame["media_name"].dropna()) - {"Nowhere"}
    # No event column: the rows were grouped into stories.
    assert reports.summary["grouped_stories"] == len(reports["events"]) > 1
    # The row without text is skipped and listed, with its row number.
    problems = reports["problems"]
    assert (problems["severity"] == "skipped").sum() == 1
    assert int(problems.loc[problems["severity"] == "skipped", "line"].iloc[0]) == len(frame)
    assert reports.summary["skipped"] == 1
    # Whole-number ids with gaps stay ids (not 5001.0).
    assert "5001" in set(articles["article"].astype(str))
    assert reports.run["inputs"] == [{"path": "dataframe", "sha256": ""}]
    outlets = reports["outlets"]
    assert outlets["hits_all_per_1k_low"].notna().any()


def test_same_bytes_as_the_command_on_the_same_rows(frame, tmp_path):
    rows = tmp_path / "rows.jsonl"
    rows.write_bytes(framelens.to_jsonl(frame))
    cmd = framelens.command()
    done = subprocess.run([cmd, "analyze", "rows.jsonl", "-q", "--out", "cli"], cwd=tmp_path)
    assert done.returncode == 1  # one row skipped
    from_cli = {p.name: p.read_bytes() for p in (tmp_path / "cli").iterdir()}
    digest = hashlib.sha256(rows.read_bytes()).hexdigest()
    same_files(from_cli, framelens.analyze(frame, source="rows.jsonl", source_sha256=digest).files, "command vs Python")
    # Without the digest, rows handed over in memory have none in run.json.
    assert framelens.analyze(frame, source="rows.jsonl").run["inputs"] == [{"path": "rows.jsonl", "sha256": ""}]


def test_partials_merge_into_the_single_run(frame, tmp_path):
    whole = framelens.analyze(frame, source="news", bootstrap=300)
    cuts = [0, 9, 10, 25, len(frame)]
    parts = []
    for k in range(len(cuts) - 1):
        piece = frame.iloc[cuts[k] : cuts[k + 1]]
        parts.append(
            framelens.partial(piece, part=(k + 1, len(cuts) - 1), first_row=cuts[k] + 1, source="news", bootstrap=300)
        )
    merged = framelens.merge(list(reversed(parts)))
    same_files(whole.files, merged.files, "merge of 4 parts")
    assert merged["claims"].equals(whole["claims"])
    # Written straight into a folder, as `framelens merge --out` writes it; the tables read from there.
    written = framelens.merge(parts, out=tmp_path / "merged")
    assert written.folder == tmp_path / "merged" and "outlets" in written and len(written) == len(whole)
    same_files(whole.files, written.files, "merge written into a folder")
    assert written["outlets"].equals(whole["outlets"])
    # A folder framelens did not write is refused, as the command refuses it.
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="did not write"):
        framelens.merge(parts, out=tmp_path / "mine")
    assert (tmp_path / "mine" / "notes.txt").read_text() == "mine"


def test_rows_numbered_with_gaps_merge_into_the_single_run(frame):
    # Spark hands each task rows with their dataset numbers, not always contiguous.
    whole = framelens.analyze(frame, source="news", bootstrap=100)
    odd = frame.iloc[0::2]
    even = frame.iloc[1::2]
    a = framelens.partial(odd, part=(1, 2), numbers=list(range(1, len(frame) + 1, 2)), source="news", bootstrap=100)
    b = framelens.partial(even, part=(2, 2), numbers=list(range(2, len(frame) + 1, 2)), source="news", bootstrap=100)
    same_files(whole.files, framelens.merge([b, a]).files, "rows numbered with gaps")


def test_partials_in_folders_merge_with_the_command(frame, tmp_path):
    half = len(frame) // 2
    for k, (a, b) in enumerate([(0, half), (half, len(frame))]):
        framelens.write_partial(
            framelens.partial(frame.iloc[a:b], part=(k + 1, 2), first_row=a + 1, source="news"), tmp_path / f"p{k}"
        )
    cmd = framelens.command()
    subprocess.run([cmd, "merge", "p1", "p0", "-q", "--out", "merged"], cwd=tmp_path)
    from_cli = {p.name: p.read_bytes() for p in (tmp_path / "merged").iterdir()}
    same_files(framelens.analyze(frame, source="news").files, from_cli, "command merge of Python partials")


def test_merge_refuses_partials_that_do_not_belong_together(frame):
    a = framelens.partial(frame.iloc[:10], part=(1, 2), source="news")
    b = framelens.partial(frame.iloc[10:], part=(2, 2), first_row=11, source="news", seed=7)
    with pytest.raises(ValueError, match="other settings.*bootstrap_seed"):
        framelens.merge([a, b])
    with pytest.raises(ValueError, match="part 2/2"):
        framelens.merge([a])


def test_strings_and_corpus_folders():
    texts = [
        "The so-called referendum was condemned by officials, the ministry said.",
        "Troops withdrew from the occupied territories on Monday, officials said.",
    ]
    reports = framelens.analyze(texts, reports="framing")
    assert len(reports["articles"]) == 2
    assert (reports["articles"]["outlet"] == "(unknown)").all()
    assert len(reports["hits"]) >= 2
    # The page and the workbook come with the tables, as the command writes them, unless left out.
    assert "report.html" in reports.files and "framelens.xlsx" in reports.files
    assert "occupied territories" in reports.files["report.html"].decode("utf-8")
    bare = framelens.analyze(texts, reports="framing", page=False, workbook=False)
    assert "report.html" not in bare.files and "framelens.xlsx" not in bare.files
    assert bare.files["hits.csv"] == reports.files["hits.csv"]
    folder = framelens.analyze(paths=[FRAMING], bootstrap=0)
    assert len(folder["articles"]) == 36
    assert folder.run["inputs"][0]["path"] == str(FRAMING)
