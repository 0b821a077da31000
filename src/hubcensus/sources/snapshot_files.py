"""Snapshot files on disk: which layout a path is, which snapshot each file belongs to.

A user points `hubcensus ingest` at whatever they downloaded: one snapshot folder of the Hub's
daily statistics files, a folder of such folders, the weekly archive (`models/2026-03-01/*.parquet`),
JSONL dumps of API responses, or a single odd file from somebody's analysis. This module turns the
path into a list of `SnapshotInput`s in date order, each naming its files per kind; reading the rows
is left to the store, which does it in SQL.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import tempfile
from pathlib import Path

from hubcensus.errors import UserError
from hubcensus.store.inputs import KindInput, SnapshotInput

# File-name stems of the Hub's statistics dataset, and the kinds they hold.
KIND_BY_STEM = {
    "models": "model",
    "model": "model",
    "datasets": "dataset",
    "dataset": "dataset",
    "spaces": "space",
    "space": "space",
    "daily_papers": "paper",
    "papers": "paper",
    "authors": "author",
    "organizations": "author",
}
# The Hub's own file names (and the weekly archive's `-00000-of-00003` parts): only these are complete
# listings by default. `models-2022-07.parquet` or `models-by-task.csv` is somebody's extract, partial.
_HUB_FILE = re.compile(r"^(models|datasets|spaces|daily_papers|authors|organizations)(-\d+-of-\d+)?$")
FORMATS = {".parquet": "parquet", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv"}

_ISO_DAY = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DMY_DAY = re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{4})(?!\d)")
_ISO_MONTH = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?![\d-])")


def date_from_name(name: str) -> tuple[dt.date, str] | None:
    """The date a file or folder name carries: YYYY-MM-DD, DD-MM-YYYY, or YYYY-MM (the 1st)."""
    for rx, order, note in (
        (_ISO_DAY, (0, 1, 2), ""),
        (_DMY_DAY, (2, 1, 0), ""),
        (_ISO_MONTH, (0, 1), "month only: taken as the 1st"),
    ):
        m = rx.search(name)
        if m:
            parts = [int(m.group(i + 1)) for i in range(len(order))]
            y, mo = parts[order[0]], parts[order[1]]
            d = parts[order[2]] if len(order) == 3 else 1
            try:
                return dt.date(y, mo, d), note
            except ValueError:
                continue
    return None


def month_end(found: tuple[dt.date, str]) -> dt.date | None:
    """The last day of the month a month-only name (`2023-03`) stands for; None for a name giving the day."""
    day, note = found
    if not note.startswith("month only"):
        return None
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def not_a_date(name: str) -> str | None:
    """The part of a name shaped like a day that is no day (`2026-02-30`), so it can be named as such."""
    for rx, order in ((_ISO_DAY, (0, 1, 2)), (_DMY_DAY, (2, 1, 0))):
        for m in rx.finditer(name):
            y, mo, d = (int(m.group(i + 1)) for i in order)
            try:
                dt.date(y, mo, d)
            except ValueError:
                return m.group(0)
    return None


def hub_named(path: Path) -> bool:
    """Whether a file carries one of the Hub's own names (`models.parquet`…): a complete listing by default."""
    return path.suffix.lower() != ".json" and bool(_HUB_FILE.match(path.name.split(".")[0].lower()))


def _kind_of(path: Path, forced: str | None) -> str | None:
    if forced:
        return forced
    stem = path.name.split(".")[0].lower()
    for key, kind in KIND_BY_STEM.items():
        if stem == key or stem.startswith(key + "-") or stem.startswith(key + "_"):
            return kind
    return None


def _data_files(folder: Path) -> list[Path]:
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in FORMATS and not p.name.startswith(".")
    )


def discover(
    path: Path, *, date: dt.date | None = None, kind: str | None = None, complete: bool | None = None
) -> list[SnapshotInput]:
    """Every snapshot under `path`, oldest first; the first file that cannot be ingested is an error."""
    snaps, skipped = discover_all(path, date=date, kind=kind, complete=complete)
    if skipped:
        raise UserError(skipped[0])
    return snaps


def discover_all(
    path: Path, *, date: dt.date | None = None, kind: str | None = None, complete: bool | None = None
) -> tuple[list[SnapshotInput], list[str]]:
    """Every snapshot under `path`, oldest first, and a line per file or folder that cannot be ingested.

    A folder is read file by file: the Hub's own files (`models.parquet`…) form one snapshot, and
    every other file is mapped on its own (its own kind, date and columns), so one odd file neither
    sinks nor is mixed into the rest; folders beside the files are read the same way. A path that yields
    nothing at all is an error."""
    if not path.exists():
        raise UserError(f"{path}: no such file or folder")
    if path.is_file():
        return [_single_file(path, date, kind, complete)], []
    bad_day = not_a_date(path.name)
    if bad_day and date is None:
        raise UserError(f"{path}: {bad_day!r} in the folder name is not a date; pass --date YYYY-MM-DD")
    files = _data_files(path)
    subdirs = sorted(p for p in path.iterdir() if p.is_dir() and not p.name.startswith("."))
    loops = [d for d in subdirs if d.is_symlink() and _links_back(d)]
    if loops:
        raise UserError(f"{loops[0]}: a link back to a folder it is in (a loop); remove it or point at a folder inside")
    # The weekly archive: one folder per kind, then per date.
    kind_dirs = [d for d in subdirs if d.name.lower() in KIND_BY_STEM]
    if kind_dirs and not files:
        return _weekly_archive(path, kind_dirs, complete), []
    snaps: list[SnapshotInput] = []
    skipped: list[str] = []
    if files:
        hub = [f for f in files if hub_named(f)]
        if hub:
            snaps.append(_snapshot_folder(path, hub, date, complete))
        for f in files:
            if f in hub:
                continue
            try:
                snaps.append(_single_file(f, date, kind, complete))
            except UserError as exc:
                skipped.append(str(exc))
        for sub in subdirs:  # folders beside the files: each read the same way, on its own
            try:
                more, also = discover_all(sub, date=date, kind=kind, complete=complete)
            except UserError as exc:
                more, also = [], [str(exc)]
            snaps += more
            skipped += also
        if not snaps:
            raise UserError(
                f"{path}: no known snapshot file here (expected models.parquet, datasets.parquet, spaces.parquet, "
                f"daily_papers.parquet, or files named by date)" + (f"; {skipped[0]}" if skipped else "")
            )
        return sorted(snaps, key=lambda s: (s.taken_at is None, s.taken_at or dt.date.min)), skipped
    for sub in subdirs:
        found = date_from_name(sub.name)
        if not found:
            bad = not_a_date(sub.name)
            if bad:
                skipped.append(f"{sub}: {bad!r} is not a date")
            continue
        try:  # a dated folder: its Hub files are that day's snapshot, any other file is read on its own
            more, also = discover_all(sub, date=found[0], kind=kind, complete=complete)
        except UserError as exc:
            more, also = [], [str(exc)]
        for s in more:
            s.until = s.until or (month_end(found) if s.taken_at == found[0] else None)
        snaps += more
        skipped += also
    if not snaps:
        raise UserError(skipped[0] if skipped else f"{path}: no snapshot files or dated snapshot folders found")
    return sorted(snaps, key=lambda s: s.taken_at or dt.date.min), skipped


def _links_back(link: Path) -> bool:
    """Whether a linked folder is one of the folders holding it: read, it would be read inside itself forever."""
    target = link.resolve()
    return target == link.parent.resolve() or target in link.parent.resolve().parents


def _group(files: list[Path], forced_kind: str | None = None) -> list[KindInput]:
    by_kind: dict[tuple[str, str], list[Path]] = {}
    for f in files:
        k = _kind_of(f, forced_kind)
        if k is None:
            continue
        by_kind.setdefault((k, FORMATS[f.suffix.lower()]), []).append(f)
    return [KindInput(k, fs, fmt) for (k, fmt), fs in sorted(by_kind.items())]


SYNTHETIC_MARKER = "SYNTHETIC"  # a file in a snapshot folder written by `hubcensus generate`
SYNTHETIC_TEXT = (
    "Written by `hubcensus generate`: a synthetic Hub calibrated to the published figures, not real Hub data.\n"
)


def folder_source(folder: Path) -> str:
    """The snapshot's `source`: "synthetic" for a folder the generator wrote (it leaves a marker file), else "files"."""
    return "synthetic" if (folder / SYNTHETIC_MARKER).is_file() else "files"


def _snapshot_folder(folder: Path, files: list[Path], day: dt.date | None, complete: bool | None) -> SnapshotInput:
    notes = []
    until = None
    if day is None:
        found = date_from_name(folder.name)
        if found:
            day, until = found[0], month_end(found)
            if found[1]:
                notes.append(f"date {day} from folder name ({found[1]})")
    return SnapshotInput(
        taken_at=day,
        source=folder_source(folder),
        source_ref=str(folder),
        complete=True if complete is None else complete,
        kinds=_group(files),
        notes=notes,
        insist=bool(complete),
        until=until,
    )


def _weekly_archive(root: Path, kind_dirs: list[Path], complete: bool | None) -> list[SnapshotInput]:
    by_date: dict[dt.date, SnapshotInput] = {}
    for kdir in kind_dirs:
        kind = KIND_BY_STEM[kdir.name.lower()]
        for sub in sorted(p for p in kdir.iterdir() if p.is_dir()):
            found = date_from_name(sub.name)
            if not found:
                continue
            files = _data_files(sub)
            if not files:
                continue
            snap = by_date.setdefault(
                found[0],
                SnapshotInput(
                    found[0], "files", str(root), True if complete is None else complete, insist=bool(complete)
                ),
            )
            for fmt in sorted({FORMATS[f.suffix.lower()] for f in files}):
                snap.kinds.append(KindInput(kind, [f for f in files if FORMATS[f.suffix.lower()] == fmt], fmt))
    if not by_date:
        raise UserError(f"{root}: kind folders found but no dated folders of data files in them")
    return [by_date[d] for d in sorted(by_date)]


def _single_file(
    path: Path, day: dt.date | None, kind: str | None, complete: bool | None, note: str = ""
) -> SnapshotInput:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise UserError(f"{path}: unknown file type {suffix!r} (expected .parquet, .jsonl, .json or .csv)")
    notes = []
    if day is None:
        found = date_from_name(path.name)
        if found:
            day, note = found
        elif not_a_date(path.name):
            raise UserError(f"{path}: {not_a_date(path.name)!r} in the file name is not a date; pass --date YYYY-MM-DD")
    if day is not None and note:
        notes.append(f"date {day} from file name ({note})")
    fmt = FORMATS[suffix]
    files = [path]
    if fmt == "json" or (fmt == "csv" and _has_metadata_column(path)):
        # API responses and dumps that wrap each model's JSON: flatten them to JSONL first.
        files, fmt = [_flatten_to_jsonl(path, fmt)], "jsonl"
        notes.append(f"{path.name}: flattened {'API JSON' if suffix == '.json' else 'its metadata column'} to rows")
    k = _kind_of(path, kind) or _kind_from_content(path, fmt, files[0])
    if k is None:
        raise UserError(
            f"{path}: cannot tell which kind of repo this file lists; pass --kind model|dataset|space|paper"
        )
    # Only the Hub's own file names list everything; anything else (`models-2022-07.parquet`, a top-1000
    # list, a trending page) is partial unless the user says otherwise: absence from it is not deletion.
    is_complete = complete if complete is not None else hub_named(path)
    origin = [path] if files[0] != path else None
    until = month_end((day, note)) if day is not None else None
    return SnapshotInput(
        day, "files", str(path), is_complete, [KindInput(k, files, fmt, origin)], notes, bool(complete), until
    )


def _has_metadata_column(path: Path) -> bool:
    with path.open(newline="", encoding="utf-8") as fh:
        header = next(csv.reader(fh), [])
    return "metadata" in header and "model_id" in header


def _kind_from_content(path: Path, fmt: str, data: Path) -> str | None:
    """Guess the kind from a `repoType` field or tell-tale columns (used only for files not named by kind)."""
    try:
        if fmt == "parquet":
            import pyarrow.parquet as pq

            names = pq.read_schema(data).names
            if "repoType" in names:
                types = set(pq.read_table(data, columns=["repoType"]).column(0).to_pylist())
                if len(types) == 1:
                    return {"model": "model", "dataset": "dataset", "space": "space"}.get(types.pop())
        elif fmt == "csv":
            with data.open(newline="", encoding="utf-8") as fh:
                names = next(csv.reader(fh), [])
        else:
            with data.open(encoding="utf-8") as fh:
                first = json.loads(fh.readline() or "{}")
            names = list(first)
            if first.get("repoType") in ("model", "dataset", "space"):
                return first["repoType"]
    except Exception:
        return None
    if "dataset_name" in names:
        return "dataset"
    if {"modelId", "model_id", "model"} & set(names):
        return "model"
    if "paper_id" in names:
        return "paper"
    return None


_HUB_URL = re.compile(r"^https?://huggingface\.co/")
_SCRATCH: list[tempfile.TemporaryDirectory] = []


def _scratch_dir() -> Path:
    tmp = tempfile.TemporaryDirectory(prefix="hubcensus-")
    _SCRATCH.append(tmp)  # removed at interpreter exit
    return Path(tmp.name)


def _yaml_card(text: str) -> dict | None:
    """A card's YAML header as a mapping; None when it is not one (a card is metadata, never fatal)."""
    import yaml  # a dependency of huggingface_hub

    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return None
    return json.loads(json.dumps(doc, default=str)) if isinstance(doc, dict) else None


def _flatten_to_jsonl(path: Path, fmt: str) -> Path:
    out = _scratch_dir() / (path.stem + ".jsonl")
    rows: list[dict] = []
    if fmt == "json":
        try:
            doc = json.loads(path.read_text(encoding="utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise UserError(f"{path}: line {exc.lineno}: not valid JSON ({exc.msg})") from None
        except UnicodeDecodeError as exc:
            raise UserError(f"{path}: not UTF-8 text (byte {exc.start})") from None
        except RecursionError:
            raise UserError(f"{path}: JSON nested too deep to read") from None
        items = (
            doc
            if isinstance(doc, list)
            else (
                [doc] if isinstance(doc, dict) and "id" in doc else list(doc.values()) if isinstance(doc, dict) else []
            )
        )
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                raise UserError(f"{path}: item {i + 1} is not a JSON object")
            rows.append(item.get("repoData", item) if isinstance(item.get("repoData"), dict) else item)
    else:
        csv.field_size_limit(1 << 30)
        with path.open(newline="", encoding="utf-8") as fh:
            for line_no, rec in enumerate(csv.DictReader(fh), start=2):
                text = (rec.get("metadata") or "").strip()
                if text in ("", "N/A", "null"):
                    # The dump could not fetch this node's info: keep the node, with its id only.
                    rows.append({"id": _HUB_URL.sub("", rec.get("model_id") or "")})
                    continue
                try:
                    meta = json.loads(text)
                except (json.JSONDecodeError, TypeError) as exc:
                    raise UserError(f"{path}: row {line_no}: field 'metadata' is not valid JSON ({exc})") from None
                except RecursionError:
                    raise UserError(
                        f"{path}: row {line_no}: field 'metadata' is JSON nested too deep to read"
                    ) from None
                if not isinstance(meta, dict):
                    raise UserError(f"{path}: row {line_no}: field 'metadata' is not a JSON object")
                if isinstance(meta.get("card_data"), str):
                    meta["card_data"] = _yaml_card(meta["card_data"])  # this dump keeps the card's YAML header as text
                rows.append(meta)
    with out.open("w", encoding="utf-8") as fh:
        for n, r in enumerate(rows, start=1):
            try:
                fh.write(json.dumps(r) + "\n")
            except RecursionError:
                raise UserError(f"{path}: item {n} is JSON nested too deep to read") from None
    return out
