"""Sizes read from names that count tokens, data or image sizes (#17): not parameters. Real ids from the
real samples (top-models-2025-03.csv, models-2022-10.parquet) and built stores."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from hubcensus.enrich.sizes import MAX_NAME_PARAMS, build_sizes, name_params_sql, parse_params_from_name
from hubcensus.store import Store
from tests.worlds import REAL

B, M, T = 10**9, 10**6, 10**12

CASES: list[tuple[str, int | None]] = [
    # real ids (models-2022-10.parquet)
    ("imone/pangu_2_6B", 2_600 * M),  # PanGu-alpha 2.6B, not 6B
    ("lagodw/plotly_gpt_neo_1_3B", 1_300 * M),  # GPT-Neo 1.3B
    ("Mcy/bert-base-uncased-finetuned-classification_ds30_8t", None),  # not 8T parameters
    ("skops-ci/test-6be58e32-dabb-488b-aa8a-155dee566ec6", None),  # a UUID, not 488B
    ("sentence-transformers/average_word_embeddings_glove.6B.300d", 6 * B),  # read as written (GloVe's tokens)
    # shapes of real ids
    ("TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T", 1_100 * M),
    ("someone/TinyLlama-3T", None),  # a lone 3T: tokens, above the 2T cap
    ("someone/smollm-360m-3t", 360 * M),  # a T after a size counts tokens
    ("someone/llava-v1.5-336_7B", 7 * B),  # an image size then 7B, not 336.7B
    ("someone/clip-336_7b-chat", 7 * B),
    ("someone/llama_2_7b", 7 * B),  # Llama 2, 7B: a family's version after an underscore
    ("someone/llama_2_13b", 13 * B),
    ("someone/stablelm_2_1_6b", 1_600 * M),
    ("someone/opt_6_7b", 6_700 * M),
    ("inclusionAI/Ling-1T", 1 * T),  # a real 1T model stays
    ("someone/model-2T", 2 * T),  # at the cap: kept
    ("someone/model-2.1T", None),
]


@pytest.mark.parametrize("repo_id, total", CASES, ids=[c[0] for c in CASES])
def test_tokens_and_data_are_not_parameters(repo_id: str, total: int | None) -> None:
    assert parse_params_from_name(repo_id)[0] == total
    con = duckdb.connect()
    con.execute("CREATE TABLE ids AS SELECT ? AS repo_id", [repo_id])
    got = {r[0]: r[1] for r in con.execute(name_params_sql("ids")).fetchall()}
    assert got.get(repo_id) == total  # the SQL reads the same


@pytest.mark.skipif(not (REAL / "models-2022-10.parquet").exists(), reason="real samples absent")
def test_real_names_hold_no_size_above_the_cap_and_the_sql_agrees() -> None:
    con = duckdb.connect()
    con.execute(
        f"""CREATE TABLE ids AS SELECT DISTINCT modelId AS repo_id FROM '{REAL / "models-2022-10.parquet"}'
            UNION SELECT DISTINCT model_id FROM read_csv('{REAL / "top-models-2025-03.csv"}')"""
    )
    ids = [r[0] for r in con.execute("SELECT repo_id FROM ids WHERE repo_id IS NOT NULL ORDER BY 1").fetchall()]
    assert {"imone/pangu_2_6B", "lagodw/plotly_gpt_neo_1_3B"} <= set(ids)
    py = {i: parse_params_from_name(i) for i in ids}
    sql = {r[0]: (r[1], r[2]) for r in con.execute(name_params_sql("ids")).fetchall()}
    assert {i: sql.get(i, (None, None)) for i in ids} == py
    assert max(t for t, _ in py.values() if t) <= MAX_NAME_PARAMS
    # the UUID-named test repos (20 of the 2022 listing's 40 names read at >= 100B before) hold no size
    assert not [i for i in ids if i.startswith("skops-ci/test-") and py[i][0]]


def test_a_listing_may_state_more_than_the_cap(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.duckdb") as s:
        for rid, listing in (("o/big-3T", None), ("o/listed-3T", 3 * T)):
            s.con.execute(
                "INSERT INTO repos (kind, repo_id, tags, num_parameters, first_seen, last_seen, state_snapshot) "
                "VALUES ('model', ?, [], ?, 20260101, 20260101, 20260101)",
                [rid, listing],
            )
        build_sizes(s.con)
        rows = s.con.execute("SELECT repo_id, params, source FROM model_sizes ORDER BY 1").fetchall()
    assert rows == [("o/listed-3T", 3 * T, "listing")]
