"""framelens from Python: how news outlets frame the same story.

    import framelens
    reports = framelens.analyze(df, text="text", outlet="media_name")
    reports["outlets"]          # one pandas DataFrame per report
    reports.run                 # run.json as a dict

The analysis is framelens's own (the Rust library, in ``framelens._native``):
the reports are byte for byte those of the ``framelens`` command on the same
rows written as JSON Lines (``source`` stands for the file name, rows are
numbered from 1 like its lines). ``partial`` and ``merge`` split the work, as
``framelens analyze --emit partial`` and ``framelens merge`` do; the Spark job
in contrib/spark uses them.
"""

from __future__ import annotations

import datetime
import decimal
import io
import json
import math
import os
from collections.abc import Mapping as _Mapping
from pathlib import Path
from typing import Any, Iterable, Mapping, Optional, Sequence, Tuple, Union

from . import _native

__all__ = ["analyze", "partial", "merge", "write_partial", "to_jsonl", "Reports", "PARTIAL_FILE", "__version__"]

__version__: str = _native.version()

#: The file a partial is written to inside its folder.
PARTIAL_FILE: str = _native.partial_file_name()

#: The column names each field is looked for under when none is given.
KNOWN_COLUMNS: dict = _native.known_columns()

_ROLES = ("text", "title", "outlet", "date", "url", "language", "id", "event")

PathLike = Union[str, "os.PathLike[str]"]


class Reports(_Mapping):
    """Report name (``"hits"``, ``"articles"``, ``"outlets"``, …) → DataFrame,
    each read when first asked for (the claim tables of a large corpus are
    large).

    Also: ``files`` (file name → the bytes framelens wrote), ``run`` (run.json
    as a dict), ``summary`` (articles, skipped, outlets, events, words, hits,
    diagnostics…) and ``folder`` (where the files are, when they were written
    into a folder rather than kept in memory).
    """

    def __init__(self, summary: dict, files: Optional[dict] = None, folder: Optional[Path] = None):
        self.summary = summary
        self.folder = folder
        self._files = None if files is None else dict(files)
        self._frames: dict = {}
        names = self._files.keys() if self._files is not None else [p.name for p in sorted(folder.iterdir())]
        self._reports = [n[: -len(".csv")] for n in names if n.endswith(".csv")]
        run = self._bytes("run.json") if "run.json" in names else None
        self.run = json.loads(run) if run else {}

    def _bytes(self, name: str) -> bytes:
        if self._files is not None:
            return self._files[name]
        return (self.folder / name).read_bytes()

    @property
    def files(self) -> dict:
        """File name → bytes (read from ``folder`` when the reports are there)."""
        if self._files is None:
            self._files = {p.name: p.read_bytes() for p in sorted(self.folder.iterdir()) if p.is_file()}
        return self._files

    def __getitem__(self, name: str):
        if name not in self._reports:
            raise KeyError(name)
        if name not in self._frames:
            self._frames[name] = _frame(self._bytes(name + ".csv"))
        return self._frames[name]

    def __iter__(self):
        return iter(self._reports)

    def __len__(self) -> int:
        return len(self._reports)

    def write(self, folder: PathLike) -> Path:
        """Writes the report files into ``folder`` (as the command would)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in self.files.items():
            (folder / name).write_bytes(data)
        return folder


def _missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    # pandas' NA and NaT, without importing pandas for plain records.
    return type(v).__name__ in ("NAType", "NaTType")


def _value(v: Any) -> Any:
    """A cell as JSON: text, numbers and dates as the command reads them."""
    if isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        # pandas turns an integer column with gaps into floats: 11.0 is the id 11.
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    if isinstance(v, (datetime.datetime, datetime.date)):
        return v.isoformat()
    if isinstance(v, decimal.Decimal):
        return int(v) if v == v.to_integral_value() else str(v)
    if isinstance(v, bytes):
        return v.decode("utf-8", errors="replace")
    if hasattr(v, "item") and not hasattr(v, "__len__"):  # a numpy scalar
        return _value(v.item())
    return str(v)


def _records(data: Any, columns: Optional[Sequence[str]] = None) -> Iterable[Mapping[str, Any]]:
    """The rows of a DataFrame, records or strings, as mappings."""
    if isinstance(data, str):
        return [{"text": data}]
    if hasattr(data, "to_dict") and hasattr(data, "columns"):  # a pandas DataFrame
        frame = data if columns is None else data[[c for c in data.columns if c in columns]]
        return frame.to_dict("records")
    rows = list(data)
    return [{"text": r} if isinstance(r, str) else r for r in rows]


def _wanted_columns(names: dict, all_columns: Iterable[str]) -> list:
    known = {n for ns in KNOWN_COLUMNS.values() for n in ns}
    given = {v for v in names.values() if v}
    return [c for c in all_columns if c in known or c in given]


def to_jsonl(data: Any, numbers: Optional[Sequence[int]] = None, **columns: Optional[str]) -> bytes:
    """Rows as the JSON Lines framelens reads: one object per row, missing
    values left out, dates in ISO 8601. ``columns`` (``text="body"`` …)
    keeps only the columns framelens may read from a DataFrame.

    ``numbers`` (ascending) gives each row its number in a larger dataset:
    the rows are then placed on those lines counted from the first, with
    blank lines (which framelens skips) in the gaps."""
    wanted = None
    if hasattr(data, "columns"):
        wanted = _wanted_columns(columns, [str(c) for c in data.columns])
    out = io.StringIO()
    previous = None
    for i, row in enumerate(_records(data, wanted)):
        if numbers is not None:
            n = numbers[i]
            if previous is not None:
                if n <= previous:
                    raise ValueError(f"row numbers must ascend ({previous} then {n})")
                out.write("\n" * (n - previous - 1))
            previous = n
        obj = {str(k): _value(v) for k, v in row.items() if not _missing(v)}
        out.write(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
        out.write("\n")
    return out.getvalue().encode("utf-8")


def _lexicons(lexicon: Any) -> list:
    if lexicon is None:
        return []
    items = [lexicon] if isinstance(lexicon, (str, os.PathLike)) else list(lexicon)
    out = []
    for item in items:
        if isinstance(item, tuple):  # (name, bytes): a file read elsewhere
            out.append((str(item[0]), bytes(item[1])))
        elif str(item) == "builtin" and not Path(item).exists():
            out.append(("builtin", None))
        else:
            out.append((os.fspath(item), Path(item).read_bytes()))
    return out


def _cues(cues: Any) -> Optional[Tuple[str, bytes]]:
    if cues is None:
        return None
    if isinstance(cues, tuple):
        return (str(cues[0]), bytes(cues[1]))
    return (os.fspath(cues), Path(cues).read_bytes())


def _settings(columns: dict, **kw: Any) -> str:
    s = {k: v for k, v in kw.items() if v is not None}
    s["columns"] = {k: v for k, v in columns.items() if v}
    return json.dumps(s)


def _frame(data: bytes):
    import pandas as pd

    # Only empty cells are missing: a term such as "NA" stays text.
    return pd.read_csv(io.BytesIO(data), keep_default_na=False, na_values=[""])


def _reports(files: dict, summary: str) -> Reports:
    return Reports(json.loads(summary), files=files)


def _common(
    data: Any,
    paths: Any,
    columns: dict,
    source: str,
    first_row: int,
    lexicon: Any,
    cues: Any,
    numbers: Optional[Sequence[int]] = None,
    **settings: Any,
) -> tuple:
    rows = None if data is None else to_jsonl(data, numbers, **columns)
    if numbers:
        first_row = numbers[0]
    path_list = [] if paths is None else [os.fspath(p) for p in ([paths] if isinstance(paths, (str, os.PathLike)) else paths)]
    if rows is None and not path_list:
        raise ValueError("nothing to analyse: give rows (a DataFrame, records or strings) or paths=")
    return (rows, source, first_row, _settings(columns, **settings), _lexicons(lexicon), _cues(cues), path_list)


def analyze(
    data: Any = None,
    *,
    paths: Any = None,
    text: Optional[str] = None,
    title: Optional[str] = None,
    outlet: Optional[str] = None,
    date: Optional[str] = None,
    url: Optional[str] = None,
    language: Optional[str] = None,
    id: Optional[str] = None,
    event: Optional[str] = None,
    source: str = "dataframe",
    source_sha256: str = "",
    first_row: int = 1,
    lexicon: Any = None,
    lexicon_language: str = "en",
    cues: Any = None,
    reports: str = "all",
    events: str = "folder",
    bootstrap: int = 1000,
    seed: int = 1,
    keyness_min_count: int = 3,
    keyness_prior: float = 0.1,
    threads: Optional[int] = None,
    page: bool = True,
    page_articles: int = 10,
    workbook: bool = True,
) -> Reports:
    """Analyses rows and returns the reports as DataFrames.

    ``data`` is a pandas DataFrame, an iterable of records (dicts), a list of
    texts, or one text; ``text=``, ``outlet=`` … name its columns (by default
    the command's usual names: text, media_name, title, publish_date,
    stories_id …). Rows without an event are grouped into stories. ``paths``
    adds corpus folders and export files, read as ``framelens analyze`` reads
    them. ``source`` names the rows in the reports (their ``path``), and rows
    are numbered from ``first_row``. ``lexicon`` is a path, ``"builtin"``, or
    a list of them (default: the bundled lexicon). ``page=False`` and
    ``workbook=False`` leave out ``report.html`` and ``framelens.xlsx``
    (``files`` holds them otherwise), as ``--no-page`` and ``--no-workbook``
    do; ``page_articles`` is ``--page-articles``.
    """
    columns = dict(text=text, title=title, outlet=outlet, date=date, url=url, language=language, id=id, event=event)
    args = _common(
        data, paths, columns, source, first_row, lexicon, cues,
        reports=reports, events=events, bootstrap=bootstrap, seed=seed, keyness_min_count=keyness_min_count,
        keyness_prior=keyness_prior, threads=threads, lexicon_language=lexicon_language, source_sha256=source_sha256,
        page=page, page_articles=page_articles, workbook=workbook,
    )
    files, summary = _native.analyze(*args)
    return _reports(files, summary)


def partial(
    data: Any = None,
    *,
    part: Optional[Tuple[int, int]] = None,
    paths: Any = None,
    shard: Optional[Tuple[int, int]] = None,
    text: Optional[str] = None,
    title: Optional[str] = None,
    outlet: Optional[str] = None,
    date: Optional[str] = None,
    url: Optional[str] = None,
    language: Optional[str] = None,
    id: Optional[str] = None,
    event: Optional[str] = None,
    source: str = "dataframe",
    source_sha256: str = "",
    first_row: int = 1,
    numbers: Optional[Sequence[int]] = None,
    lexicon: Any = None,
    lexicon_language: str = "en",
    cues: Any = None,
    reports: str = "all",
    events: str = "folder",
    bootstrap: int = 1000,
    seed: int = 1,
    keyness_min_count: int = 3,
    keyness_prior: float = 0.1,
    threads: Optional[int] = None,
    page: bool = True,
    page_articles: int = 10,
    workbook: bool = True,
) -> bytes:
    """Analyses a slice of a dataset into a partial result (bytes) for ``merge``.

    ``part=(k, n)`` says the rows are part k of n of one dataset (every part
    must then be merged); ``first_row`` is the dataset row number of the
    slice's first row, so rows keep their numbers, or ``numbers`` gives each
    row's number (ascending, gaps allowed). ``shard=(k, n)`` instead
    cuts the files given in ``paths`` as ``--shard K/N`` does. Other
    arguments as for ``analyze``; every part must use the same. With
    ``page=True`` (the default) a partial keeps each article's text for the
    page the merge writes; ``page=False`` makes it smaller.
    """
    columns = dict(text=text, title=title, outlet=outlet, date=date, url=url, language=language, id=id, event=event)
    args = _common(
        data, paths, columns, source, first_row, lexicon, cues, numbers,
        reports=reports, events=events, bootstrap=bootstrap, seed=seed, keyness_min_count=keyness_min_count,
        keyness_prior=keyness_prior, threads=threads, lexicon_language=lexicon_language, source_sha256=source_sha256,
        page=page, page_articles=page_articles, workbook=workbook,
        shard=list(shard) if shard else None,
    )
    blob, _summary = _native.partial(*args, part=tuple(part) if part else None)
    return blob


def write_partial(blob: bytes, folder: PathLike) -> Path:
    """Writes a partial into ``folder`` as ``framelens analyze --emit partial`` does."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / PARTIAL_FILE
    path.write_bytes(blob)
    return path


def merge(
    partials: Iterable[Union[bytes, PathLike]],
    *,
    out: Optional[PathLike] = None,
    threads: Optional[int] = None,
    command: Optional[Sequence[str]] = None,
    force: bool = False,
) -> Reports:
    """Merges partials (bytes from ``partial``, or partial folders and files)
    into the reports of the whole. With ``out``, they are written straight
    into that folder as ``framelens merge --out`` writes them (the folder
    replaced whole; one framelens did not write is refused unless
    ``force``), never all held in memory, and the returned reports read
    from it. Raises ValueError naming the partial that does not belong
    (other lexicon, settings or version, a part missing or given twice)."""
    blobs, paths = [], []
    for i, p in enumerate(partials):
        if isinstance(p, (bytes, bytearray, memoryview)):
            blobs.append((f"partial #{i + 1}", bytes(p)))
        else:
            paths.append(os.fspath(p))
    command = list(command) if command is not None else ["merge (Python)"]
    if out is not None:
        _files, summary = _native.merge(blobs, paths, threads=threads, command=command, out=os.fspath(out), force=force)
        return Reports(json.loads(summary), folder=Path(out))
    files, summary = _native.merge(blobs, paths, threads=threads, command=command)
    return _reports(files, summary)


def command() -> Optional[str]:
    """The path of the ``framelens`` command installed with this package."""
    import shutil
    import sysconfig

    name = "framelens.exe" if os.name == "nt" else "framelens"
    candidate = Path(sysconfig.get_path("scripts")) / name
    return str(candidate) if candidate.exists() else shutil.which("framelens")
