"""A corpus of broken snapshot files, each run through the real CLI on a store that already holds a good
snapshot (issue 16: no input can poison the store).

Every input must end in one of two ways: a clean refusal (exit 2, one line on stderr naming the file, every
table of the store as it was), or acceptance after which `metric --all --json` and `report --out` still
exit 0. Each case also states which of the two it is meant to be (`store/validate.py` says why), so a
change of decision shows here. The last test prints the fuzz table (inputs tried / refused cleanly /
accepted and still usable).

The corpus is the attack's cases — wrong types, NUL and newlines in ids, 10,000-character ids, 2^63
downloads, the years 1 and 9999 (in the data and as a folder name), non-list tags, BOMs, symlink loops,
empty files, deep JSON, truncated parquet, seconds timestamps, negative counts — and a generated matrix of
wrong types per field.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from hubcensus.cli import main
from tests.hubfiles import dump_store, model, write_jsonl, write_kind, write_snapshot

DAY = "2026-02-01"  # the day of every input; the base store holds 2026-01-01
REFUSE, ACCEPT = "refused", "accepted"

# name -> (build(root) -> (ingest arguments, the file or folder the error must name), expected outcome)
Case = tuple[Callable[[Path], tuple[list[str], str]], str]
CASES: dict[str, Case] = {}


def case(name: str, expected: str) -> Callable[[Callable[[Path], tuple[list[str], str]]], None]:
    def register(build: Callable[[Path], tuple[list[str], str]]) -> None:
        CASES[name] = (build, expected)

    return register


def _models(root: Path, *rows: dict[str, Any]) -> tuple[list[str], str]:
    """A models.parquet of the real schema with the three base models and `rows`."""
    folder = write_snapshot(root, DAY, models=[model("a/x", 6), model("a/y", 8), model("b/z", 10), *rows])
    return [str(folder)], "models.parquet"


def _text(root: Path, name: str, text: str | bytes) -> tuple[list[str], str]:
    folder = root / DAY
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return [str(folder)], name


def _lines(root: Path, *items: Any) -> tuple[list[str], str]:
    base = [{"id": "a/x", "downloads": 6}, {"id": "a/y", "downloads": 8}, {"id": "b/z", "downloads": 10}]
    return _text(root, "models.jsonl", "".join(json.dumps(i) + "\n" for i in (*base, *items)))


def _table(root: Path, **columns: pa.Array) -> tuple[list[str], str]:
    folder = root / DAY
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(pa.table(columns), folder / "models.parquet")
    return [str(folder)], "models.parquet"


# -- ids ------------------------------------------------------------------------------------------
case("id with NUL", REFUSE)(lambda r: _models(r, model("a/n\x00ul", 1)))
case("id with newline (jsonl)", REFUSE)(lambda r: _lines(r, {"id": "a/new\nline", "downloads": 1}))
case("id with tab (csv)", REFUSE)(lambda r: _text(r, "models.csv", 'id,downloads\na/x,1\n"a/t\tab",2\n'))
case("id of 10,000 characters", REFUSE)(lambda r: _models(r, model("a/" + "x" * 10_000, 1)))
case("id of 1,000,000 characters (jsonl)", REFUSE)(lambda r: _lines(r, {"id": "a/" + "y" * 1_000_000}))
case("author with NUL", REFUSE)(lambda r: _models(r, model("c/q", 1, author="c\x00")))
case("empty id", REFUSE)(lambda r: _models(r, model("", 1)))
case("id of 257 characters, as real 2022 listings hold", ACCEPT)(lambda r: _models(r, model("e/" + "k" * 255, 1)))

# -- counts ---------------------------------------------------------------------------------------
case("downloads 2^63-1", ACCEPT)(lambda r: _models(r, model("c/big", 2**63 - 1)))
case("downloads 2^63 (jsonl)", ACCEPT)(lambda r: _lines(r, {"id": "c/big", "downloads": 2**63}))
case("downloads 2^64 (csv)", ACCEPT)(lambda r: _text(r, "models.csv", f"id,downloads\na/x,1\nc/big,{2**64}\n"))
case("downloads 1e300 (jsonl)", ACCEPT)(lambda r: _lines(r, {"id": "c/big", "downloads": 1e300}))
case("negative likes and downloads", ACCEPT)(lambda r: _models(r, model("c/neg", -1, likes=-1)))
case("trending score NaN (jsonl)", ACCEPT)(lambda r: _text(r, "models.jsonl", '{"id": "c/n", "trendingScore": NaN}\n'))

# -- dates ----------------------------------------------------------------------------------------
case("createdAt year 1", ACCEPT)(lambda r: _models(r, model("c/old", 1, createdAt=dt.datetime(1, 1, 1, tzinfo=dt.UTC))))
case("createdAt year 9999", ACCEPT)(
    lambda r: _models(r, model("c/new", 1, createdAt=dt.datetime(9999, 12, 31, tzinfo=dt.UTC)))
)
case("lastModified 2999, no date in the name", ACCEPT)(
    lambda r: (
        [str(write_jsonl(r / "models.jsonl", [{"id": "c/x", "lastModified": "2999-01-01T00:00:00Z"}, *_dated()]))],
        "models.jsonl",
    )
)
case("folder named 9999-12-31", REFUSE)(
    lambda r: ([str(write_snapshot(r, "9999-12-31", models=[model("a/x", 1)]))], "9999-12-31")
)
case("folder named 0001-01-01", REFUSE)(
    lambda r: ([str(write_snapshot(r, "0001-01-01", models=[model("a/x", 1)]))], "0001-01-01")
)
case("only dates of year 1, no date in the name", REFUSE)(
    lambda r: ([str(write_jsonl(r / "models.jsonl", [{"id": "a/x", "createdAt": "0001-01-01T00:00:00Z"}]))], "models")
)
case("timestamps in seconds", ACCEPT)(lambda r: _table(r, id=pa.array(["c/s"]), createdAt=pa.array([1_700_000_000])))
case("timestamps in milliseconds", ACCEPT)(lambda r: _table(r, id=pa.array(["c/s"]), createdAt=pa.array([1.7e12])))
case("timestamp 0", ACCEPT)(lambda r: _lines(r, {"id": "c/z", "createdAt": 0}))
case("createdAt 'yesterday'", REFUSE)(lambda r: _lines(r, {"id": "c/y", "createdAt": "yesterday"}))

# -- wrong shapes ---------------------------------------------------------------------------------
case("tags a number", REFUSE)(lambda r: _lines(r, {"id": "c/t", "tags": 5}))
case("tags one text, not a list", ACCEPT)(lambda r: _lines(r, {"id": "c/t", "tags": "pytorch"}))
case("tags an object", REFUSE)(lambda r: _lines(r, {"id": "c/t", "tags": {"a": 1}}))
case("downloads a word (csv)", REFUSE)(lambda r: _text(r, "models.csv", "id,downloads\na/x,1\nc/w,lots\n"))
case("downloads a list", REFUSE)(lambda r: _lines(r, {"id": "c/l", "downloads": [1, 2]}))
case("id a number", ACCEPT)(lambda r: _lines(r, {"id": 12345, "downloads": 1}))
case("jsonl line an array", REFUSE)(lambda r: _text(r, "models.jsonl", '{"id": "a/x"}\n[1, 2]\n'))
case("jsonl line a bare string", REFUSE)(lambda r: _text(r, "models.jsonl", '"a/x"\n'))
case("jsonl broken line", REFUSE)(lambda r: _text(r, "models.jsonl", '{"id": "a/x"}\n{"id": "a/b", \n'))
case("csv ragged row", REFUSE)(lambda r: _text(r, "models.csv", "id,downloads\na/x,1\nc/r,2,3,4\n"))
case("csv unterminated quote", REFUSE)(lambda r: _text(r, "models.csv", 'id,downloads\na/x,1\n"c/q,2\nc/w,3\n'))
case("json nested 2,000 deep (jsonl)", REFUSE)(
    lambda r: _text(r, "models.jsonl", '{"id": "c/d", "cardData": ' + '{"a":' * 2000 + "1" + "}" * 2001 + "\n")
)
case("json nested 2,000 deep (.json)", REFUSE)(
    lambda r: _text(r, "models-2026-02-01.json", '[{"id": "c/d", "x": ' + "[" * 2000 + "]" * 2000 + "}]")
)


def _two_formats(root: Path) -> tuple[list[str], str]:
    _models(root)
    return _text(root, "models.jsonl", '{"id": "c/j", "downloads": 2.5, "createdAt": 1700000000, "likes": "3"}\n')


case("models.parquet beside a models.jsonl of other types", ACCEPT)(_two_formats)

# -- files that are not files of rows --------------------------------------------------------------
case("BOM before jsonl", ACCEPT)(lambda r: _text(r, "models.jsonl", '\ufeff{"id": "c/b", "downloads": 1}\n'))
case("BOM before csv", ACCEPT)(lambda r: _text(r, "models.csv", "\ufeffid,downloads\nc/b,1\n"))
case("BOM before .json", ACCEPT)(lambda r: _text(r, "models-2026-02-01.json", '\ufeff[{"id": "c/b", "downloads": 1}]'))
case("0-byte parquet", REFUSE)(lambda r: _text(r, "models.parquet", b""))
case("0-byte jsonl", REFUSE)(lambda r: _text(r, "models.jsonl", b""))
case("0-byte csv", REFUSE)(lambda r: _text(r, "models.csv", b""))
case("complete listing of 0 rows", REFUSE)(lambda r: ([str(write_kind(r / DAY, "models", []).parent)], DAY))
case("complete listing of 0 rows, --complete", REFUSE)(
    lambda r: ([str(write_kind(r / DAY, "models", []).parent), "--complete"], DAY)
)


def _truncated(root: Path) -> tuple[list[str], str]:
    args, name = _models(root, *[model(f"t/m{i}", i) for i in range(300)])
    path = Path(args[0]) / name
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return args, name


def _symlink_loop(root: Path) -> tuple[list[str], str]:
    args, _ = _models(root)
    (Path(args[0]) / "again").symlink_to(Path(args[0]))
    return args, "again"


def _random_bytes(suffix: str) -> Callable[[Path], tuple[list[str], str]]:
    def build(root: Path) -> tuple[list[str], str]:
        rnd = random.Random(suffix)
        return _text(root, f"models.{suffix}", bytes(rnd.randrange(256) for _ in range(3000)))

    return build


case("truncated parquet", REFUSE)(_truncated)
case("symlink loop", REFUSE)(_symlink_loop)
for _suffix in ("parquet", "jsonl", "csv"):
    case(f"random bytes as .{_suffix}", REFUSE)(_random_bytes(_suffix))


def _dated() -> list[dict[str, Any]]:
    return [{"id": "a/x", "createdAt": "2024-03-01T00:00:00Z", "lastModified": "2025-06-01T00:00:00Z"}]


# -- generated: every field given every wrong type -------------------------------------------------
WRONG = {"a list": [1], "an object": {"k": 1}, "true": True, "a word": "zz", "a fraction": 2.5}
# What each field does with each: numbers round, a bool or a word where text is wanted is text, a value
# that is no number, timestamp or list is refused naming the row and field, null is absent.
GENERATED = {
    ("downloads", "a list"): REFUSE,
    ("downloads", "an object"): REFUSE,
    ("downloads", "a word"): REFUSE,
    ("likes", "a list"): REFUSE,
    ("likes", "an object"): REFUSE,
    ("likes", "a word"): REFUSE,
    ("createdAt", "a list"): REFUSE,
    ("createdAt", "an object"): REFUSE,
    ("createdAt", "a word"): REFUSE,
    ("createdAt", "true"): REFUSE,
    ("createdAt", "a fraction"): ACCEPT,  # 2.5 seconds after 1970: a date before the Hub, left out
    ("tags", "an object"): REFUSE,
    ("tags", "true"): REFUSE,
    ("tags", "a fraction"): REFUSE,
}
for _field in ("downloads", "likes", "createdAt", "tags", "author"):
    for _label, _value in WRONG.items():
        if _field in ("downloads", "likes") and _label in ("true", "a fraction"):
            continue  # plain numbers: nothing new to learn
        if (_field, _label) in (("tags", "a word"), ("author", "a word"), ("author", "a fraction")):
            continue  # text where text is wanted
        case(f"generated: {_field} {_label}", GENERATED.get((_field, _label), ACCEPT))(
            lambda r, f=_field, v=_value: _lines(r, {"id": "g/x", f: v})
        )


# -- the run ---------------------------------------------------------------------------------------
TALLY: dict[str, list[str]] = {"tried": [], REFUSE: [], ACCEPT: []}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[tuple]]]:
    """A store holding one good snapshot (enriched), built once; each case works on a copy."""
    root = tmp_path_factory.mktemp("fuzz-base")
    db = root / "base.duckdb"
    models = [model("a/x", 5, tags=["pytorch"]), model("a/y", 7, pipeline_tag="text-generation"), model("b/z", 9)]
    write_snapshot(root / "good", "2026-01-01", models=models)
    assert main(["ingest", str(root / "good" / "2026-01-01"), "--db", str(db)]) == 0
    return db, dump_store(db)


@pytest.mark.parametrize("name", list(CASES))
def test_a_broken_input_is_refused_cleanly_or_leaves_a_usable_store(
    name: str, base: tuple[Path, dict[str, list[tuple]]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db0, before = base
    db = tmp_path / "store.duckdb"
    shutil.copy(db0, db)
    build, expected = CASES[name]
    args, named = build(tmp_path / "input")
    capsys.readouterr()
    TALLY["tried"].append(name)
    code = main(["ingest", *args, "--db", str(db)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err, err
    if code == 2:
        lines = err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), err
        assert named in lines[0], lines[0]
        assert dump_store(db) == before
        outcome = REFUSE
    else:
        assert code == 0, err
        assert main(["metric", "--all", "--json", "--db", str(db)]) == 0, capsys.readouterr().err
        assert main(["report", "--out", str(tmp_path / "report"), "--db", str(db)]) == 0, capsys.readouterr().err
        assert (tmp_path / "report" / "index.html").is_file()
        outcome = ACCEPT
    TALLY[outcome].append(name)
    assert outcome == expected, f"{name}: {outcome}, meant to be {expected}: {err.strip()}"


def test_zz_the_fuzz_table(capsys: pytest.CaptureFixture[str]) -> None:
    """The table for the issue's note: inputs tried / refused cleanly / accepted and still usable."""
    tried = len(TALLY["tried"])
    if not tried:
        pytest.skip("no fuzz case ran in this session")
    with capsys.disabled():
        print(
            f"\nfuzz table: {tried} inputs tried / {len(TALLY[REFUSE])} refused cleanly / "
            f"{len(TALLY[ACCEPT])} accepted and still usable / {tried - len(TALLY[REFUSE]) - len(TALLY[ACCEPT])} "
            "neither"
        )
    assert len(TALLY[REFUSE]) + len(TALLY[ACCEPT]) == tried


def test_the_corpus_covers_the_attack() -> None:
    """The attack's cases are all in the corpus (a renamed case must not drop one silently)."""
    names = " ".join(CASES)
    for needle in ("NUL", "newline", "10,000", "2^63", "year 1", "year 9999", "9999-12-31", "0001-01-01"):
        assert needle in names, needle
    for needle in ("tags a number", "BOM", "symlink loop", "0-byte", "nested 2,000", "truncated", "seconds"):
        assert needle in names, needle
    assert "negative likes and downloads" in CASES
