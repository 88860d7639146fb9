"""The Spark job in local mode (2 cores) on a generated Media Cloud-style
dataset without events: its reports equal a single-machine run's, byte for
byte, whether Spark cuts the rows itself or into 7 ranges, and whether the
dataset is JSON Lines, Parquet or CSV.

- JSON Lines: against `framelens analyze news.jsonl` (the command from the
  wheel), run.json included (only time, threads and command differ).
- Parquet (the same rows, written by Spark): against the same command run,
  the rows named `news.jsonl` as the command names them.
- CSV (every column read as text, fields spanning lines): against
  `framelens.analyze` on the same rows read with pandas.

Run by .ci/spark.sh with the wheel and PySpark installed.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import framelens

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import framelens_spark  # noqa: E402


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("spark")
    subprocess.run(
        [sys.executable, str(HERE / "make_dataset.py"), "--size-mb", os.environ.get("SPARK_TEST_MB", "2"), "--out",
         str(d), "--csv"],
        check=True,
    )
    return d


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    s = (
        SparkSession.builder.master("local[2]")
        .appName("framelens-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def files(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def masked(run: bytes) -> dict:
    v = json.loads(run)
    for k in ("time", "threads", "command"):
        v[k] = None
    return v


def same(a: dict, b: dict, label: str) -> None:
    assert sorted(a) == sorted(b), label
    for name in a:
        if name == "run.json":
            assert masked(a[name]) == masked(b[name]), f"{label}: run.json"
        else:
            assert a[name] == b[name], f"{label}: {name} differs"


def job(spark, workdir: Path, *argv: str) -> dict:
    args = framelens_spark.parser().parse_args(list(argv))
    args.argv = list(argv)
    cwd = os.getcwd()
    os.chdir(workdir)
    try:
        return framelens_spark.run(spark, args)
    finally:
        os.chdir(cwd)


@pytest.fixture(scope="module")
def single(workdir) -> dict:
    done = subprocess.run([framelens.command(), "analyze", "news.jsonl", "-q", "--out", "single"], cwd=workdir)
    assert done.returncode == 0
    out = files(workdir / "single")
    assert len(pd.read_csv(workdir / "single" / "events.csv")) > 5, "the dataset should make several stories"
    return out


def test_jsonl_as_spark_reads_it(spark, workdir, single):
    stats = job(spark, workdir, "news.jsonl", "--out", "spark-jsonl")
    assert stats["articles"] == stats["rows"] > 500
    same(single, files(workdir / "spark-jsonl"), "JSON Lines, Spark's partitions")


def test_jsonl_in_seven_ranges(spark, workdir, single):
    stats = job(spark, workdir, "news.jsonl", "--out", "spark-7", "--partitions", "7", "--partials", "partials-7")
    assert stats["partitions"] == 7
    assert len(list((workdir / "partials-7").glob("part-*/" + framelens.PARTIAL_FILE))) == 7
    same(single, files(workdir / "spark-7"), "JSON Lines, 7 ranges")
    # The partials on disk merge with the command too.
    parts = sorted(str(p) for p in (workdir / "partials-7").glob("part-*"))
    subprocess.run([framelens.command(), "merge", "-q", "--out", "cli-merge", *parts], cwd=workdir, check=True)
    same(single, files(workdir / "cli-merge"), "command merge of the Spark partials")


def test_parquet(spark, workdir, single):
    spark.read.json(str(workdir / "news.jsonl")).coalesce(1).write.mode("overwrite").parquet(
        str(workdir / "news.parquet")
    )
    digest = json.loads(single["run.json"])["inputs"][0]["sha256"]
    job(spark, workdir, "news.parquet", "--source", "news.jsonl", "--out", "spark-parquet", "--partitions", "3",
        "--no-digest")
    got = files(workdir / "spark-parquet")
    run = json.loads(got["run.json"])
    assert run["inputs"] == [{"path": "news.jsonl", "sha256": ""}]
    run["inputs"][0]["sha256"] = digest
    got["run.json"] = json.dumps(run).encode()
    same(single, got, "Parquet")


def test_csv(spark, workdir):
    frame = pd.read_csv(workdir / "news.csv", dtype=str, keep_default_na=False)
    digest = framelens_spark.sha256_file(str(workdir / "news.csv"))
    expected = framelens.analyze(frame, source="news.csv", source_sha256=digest).files
    job(spark, workdir, "news.csv", "--out", "spark-csv", "--partitions", "2")
    same(expected, files(workdir / "spark-csv"), "CSV")
