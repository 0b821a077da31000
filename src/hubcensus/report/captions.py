"""Each metric's headline in words: the sentence a reader takes away, under the chart.

A caption is built from clauses, and a clause whose values this store cannot give (a headline
value of None) is left out rather than printed as "n/a": a small or partial store then reads as a
shorter sentence, not a broken one. The words are plain text; whoever shows them escapes them
(Hub ids such as the most liked model's land in these sentences).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hubcensus.metrics.facts import DERIVATIVE_COUNTS
from hubcensus.report.charts import country_name

NONE = object()


def pct(v: Any, digits: int = 0) -> Any:
    if v is None:
        return NONE
    p = v * 100
    if digits == 0 and 0 < abs(p) < 1:
        return f"{p:.1f}%"
    return f"{p:.{digits}f}%"


def num(v: Any) -> Any:
    if v is None:
        return NONE
    return f"{v:,.0f}" if isinstance(v, (int, float)) else str(v)


def times(v: Any) -> Any:
    return NONE if v is None else f"×{v:.2f}" if v < 10 else f"×{v:.0f}"


def params(v: Any) -> Any:
    """A parameter count as people say it: 827M, 20.8B, 1.2T."""
    if v is None:
        return NONE
    for div, unit in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if abs(v) >= div:
            x = v / div
            return f"{x:.1f}{unit}".replace(".0" + unit, unit) if x < 100 else f"{x:.0f}{unit}"
    return f"{v:.0f}"


def text(v: Any) -> Any:
    return NONE if v is None or v == "" else str(v)


def country(v: Any) -> Any:
    return NONE if v is None else country_name(v)


def downloads_words(field: Any) -> str:
    """The downloads a share is of, as the store held them: all-time counts only where the snapshot had them."""
    return "all-time downloads" if field == "downloadsAllTime" else "downloads of the last 30 days"


def period_words(p: Any) -> Any:
    """A period label as a sentence says it: GEO3's first bucket "<=2022-03-02" (every model the
    createdAt floor folds together) reads "the years up to 2022-03-02"."""
    if p is None or p == "":
        return NONE
    p = str(p)
    return f"the years up to {p[2:]}" if p.startswith("<=") else p


def months_words(n: Any) -> str:
    return "one month" if n == 1 else f"{n} months"


def clause(template: str, **values: Any) -> str:
    """The clause with its values, or '' when one of them is unknown."""
    if any(v is NONE for v in values.values()):
        return ""
    return template.format(**values)


def sentence(*clauses: str, sep: str = "; ") -> str:
    parts = [c for c in clauses if c]
    if not parts:
        return ""
    out = sep.join(parts)
    return out[0].upper() + out[1:] + ("" if out.endswith(".") else ".")


def _g1(h: dict[str, Any]) -> str:
    full = clause(
        "{m} public models, {d} datasets and {s} spaces from {a} authors",
        m=num(h["models"]),
        d=num(h["datasets"]),
        s=num(h["spaces"]),
        a=num(h["authors"]),
    )
    growth = clause(
        "in a year models grew {m}, datasets {d}, spaces {s} and authors {a}",
        m=times(h["models_yoy"]),
        d=times(h["datasets_yoy"]),
        s=times(h["spaces_yoy"]),
        a=times(h["authors_yoy"]),
    )
    # A store missing a kind (only models.parquet ingested) still says what it holds, kind by kind.
    return sentence(
        full or clause("{m} public models from {a} authors", m=num(h["models"]), a=num(h["authors"])),
        "" if full else clause("{d} public datasets", d=num(h["datasets"])),
        "" if full else clause("{s} public spaces", s=num(h["spaces"])),
        growth
        or ", ".join(
            c
            for c in (
                clause("in a year models grew {m}", m=times(h["models_yoy"])),
                clause("datasets {d}", d=times(h["datasets_yoy"])),
                clause("spaces {s}", s=times(h["spaces_yoy"])),
                clause("authors {a}", a=times(h["authors_yoy"])),
            )
            if c
        ),
    )


def _g2(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "{s} of the {n} models created in the last twelve months build on another model",
            s=pct(h["derivative_share_last_12m"]),
            n=num(h["new_models_last_12m"]),
        ),
        clause("up from {p} in the twelve months before", p=pct(h["derivative_share_prior_12m"])),
        clause(
            "fine-tunes are {f} of new models, adapters {a}, quantizations {q}, merges {m}",
            f=pct(h["finetune_share_last_12m"]),
            a=pct(h["adapter_share_last_12m"]),
            q=pct(h["quantized_share_last_12m"]),
            m=pct(h["merge_share_last_12m"]),
        ),
    )


def _c1(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "{u} of {n} models have fewer than 200 {f}",
            u=pct(h["share_under_200"]),
            n=num(h["models"]),
            f=NONE if h["downloads_field"] is None else downloads_words(h["downloads_field"]),
        ),
        clause("the 200 most downloaded take {t} of all downloads", t=pct(h["top_200_share"])),
        clause("the top 0.01% take {t}", t=pct(h["top_0_01pct_share"])),
        clause("Gini coefficient {g}", g=NONE if h["gini"] is None else f"{h['gini']:.3f}"),
    )


def _c2(h: dict[str, Any]) -> str:
    modest = h.get("sustained_modest") or []
    return sentence(
        clause(
            "{n} communities ({l} languages, {d} domains, {t} tasks) hold {m} models",
            n=num(h["communities"]),
            l=num(h["language_communities"]),
            d=num(h["domain_communities"]),
            t=num(h["task_communities"]),
            m=num(h["models_in_communities"]),
        ),
        clause("{s} of those models belong to more than one community", s=pct(h["multi_community_share"])),
        clause(
            "{s} communities show sustained reuse, {k} of them at modest downloads",
            s=num(h["sustained_communities"]),
            k=num(h["sustained_modest_communities"]),
        ),
        clause("({names})", names=", ".join(modest) if modest else NONE),
        sep="; ",
    ).replace("; (", " (")


def _p1(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "{v} of the {n} Fortune 500 companies in the shipped list have a verified Hub organisation",
            v=num(h["companies_verified"]),
            n=num(h["companies_listed"]),
        ),
        clause("{s} of all 500", s=pct(h["share_of_500"], 1)),
        clause(
            "{f} Fortune 500 companies have an organisation on the Hub whose name matches"
            + (
                " (none can be checked as verified: this store holds no verified flags)"
                if h.get("companies_verified") is None
                else ""
            ),
            f=num(h["companies_found"]),
        ),
    )


def _p2(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "{o} created the most repositories of the Big Tech organisations in the last twelve months ({n}, {s})",
            o=text(h["top_org_last_12m"]),
            n=num(h["top_org_repos_last_12m"]),
            s=pct(h["top_org_share_last_12m"]),
        ),
        clause("NVIDIA ranks {r} with {n}", r=num(h["nvidia_rank_last_12m"]), n=num(h["nvidia_repos_last_12m"])),
        clause(
            "Big Tech created {a} repositories in those twelve months against {b} in the twelve before ({x})",
            a=num(h["big_tech_repos_last_12m"]),
            b=num(h["big_tech_repos_prior_12m"]),
            x=times(h["big_tech_yoy"]),
        ),
    )


def _geo1(h: dict[str, Any]) -> str:
    top = h.get("top_country")
    return sentence(
        clause(
            "developers based in {c} account for {s} of " + downloads_words(h.get("downloads_field")),
            c=country(top),
            s=pct(h.get(f"{str(top).lower()}_share")) if top and f"{str(top).lower()}_share" in h else NONE,
        ),
        clause("the United States {s}", s=pct(h["us_share"]) if top != "US" else NONE),
        clause("China {s}", s=pct(h["cn_share"]) if top != "CN" else NONE),
        ", ".join(
            c
            for c in (  # the top country, when one of these, is named once, above
                clause("France {f}", f=pct(h["fr_share"], 1) if top != "FR" else NONE),
                clause("Germany {d}", d=pct(h["de_share"], 1) if top != "DE" else NONE),
                clause("the United Kingdom {g}", g=pct(h["gb_share"], 1) if top != "GB" else NONE),
            )
            if c
        ),
        clause(
            "{n} goes to developers with no clear geographic base and {u} is unattributed",
            n=pct(h["no_base_share"]),
            u=pct(h["unattributed_share"], 1),
        ),
    )


def _geo2(h: dict[str, Any]) -> str:
    passed = h.get("cn_passes_us_month")
    return sentence(
        clause(
            "in the month of {m}, developers based in China took {c} of downloads and those in the United States {u}",
            m=text(h["last_month"]),
            c=pct(h["cn_share_last_month"]),
            u=pct(h["us_share_last_month"]),
        ),
        clause(
            "{w} China {c}, the United States {u}",
            w=_window_words(h),
            c=pct(h["cn_share_last_12m"]),
            u=pct(h["us_share_last_12m"]),
        ),
        clause("China passed the United States in {m}", m=text(passed))
        if passed
        else clause(
            "China was above the United States throughout the series",
            x=text("y" if h.get("cn_above_us_throughout") else None),
        )
        or clause("China has not passed the United States in this series ({n} months)", n=num(h["months"])),
    )


def _window_words(h: dict[str, Any]) -> Any:
    """GEO2's window as the series holds it: twelve months only when twelve are there, else how many, and the gaps."""
    n, missing = h.get("months_last_12m"), h.get("missing_months") or []
    if n is None:
        return NONE
    if n == 12 and not missing:
        return "over the last twelve months"
    gap = f", {len(missing)} month(s) missing between them" if missing else ""
    return f"over the {months_words(n)} the series holds up to {h['last_month']}{gap},"


def _geo3(h: dict[str, Any]) -> str:
    if h.get("first_period") is None and h.get("last_period") is not None:  # one period: no "from X to X"
        months = h.get("months_last")
        return sentence(
            clause(
                "in {q}{m}, industry took {b} of downloads and independent developers {i}",
                q=text(h["last_period"]),
                m=f" ({months_words(months)} of it)" if months and months < 12 else "",
                b=pct(h["industry_share_last"]),
                i=pct(h["independent_share_last"]),
            ),
            clause(
                "academia holds {a}, non-profits {n}, governments {g}",
                a=pct(h["academia_share_last"], 1),
                n=pct(h["nonprofit_share_last"], 1),
                g=pct(h["government_share_last"], 1),
            ),
        )
    return sentence(
        clause(
            "industry's share of downloads went from {a} in {p} to {b} in {q}",
            a=pct(h["industry_share_first"]),
            p=period_words(h["first_period"]),
            b=pct(h["industry_share_last"]),
            q=text(h["last_period"]),
        ),
        clause(
            "independent developers' from {a} to {b}",
            a=pct(h["independent_share_first"]),
            b=pct(h["independent_share_last"]),
        ),
        clause(
            "academia holds {a}, non-profits {n}, governments {g}",
            a=pct(h["academia_share_last"], 1),
            n=pct(h["nonprofit_share_last"], 1),
            g=pct(h["government_share_last"], 1),
        ),
    )


def _geo4(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "repositories that quantize, adapt or redistribute another developer's model take {s} of all-time model downloads "
            "({t} of the last 30 days)",
            s=pct(h["intermediary_share"], 1),
            t=pct(h["intermediary_share_30d"], 1),
        )
        if h.get("downloads_field") == "downloadsAllTime"
        else clause(  # 30-day counts only: one share, named for what it is
            "repositories that quantize, adapt or redistribute another developer's model take {t} of model downloads "
            "of the last 30 days",
            t=pct(h["intermediary_share_30d"], 1),
        ),
        clause(
            "redistributors alone take {r} (repositories that quantize or adapt others' models cannot be told "
            "without lineage)",
            r=pct(h["redistributor_share"], 1) if h.get("intermediary_share_30d") is None else NONE,
        ),
        clause("{r} such repositories from {n} namespaces", r=num(h["intermediary_repos"]), n=num(h["intermediaries"])),
        clause(
            "the largest intermediary is {w} ({s})",
            w=text(h["top_intermediary"]),
            s=pct(h["top_intermediary_share"], 2),
        ),
    )


def _geo5(h: dict[str, Any]) -> str:
    return sentence(
        clause("of {n} trending new models, {e} made the most", n=num(h["n"]), e=text(h["top_entity"])),
        clause(
            "individual users rank {r} among entities ({s} of the models)",
            r=num(h["individuals_rank"]),
            s=pct(h["individual_share"]),
        ),
        clause(
            "{c} were made in China and {u} in the United States", c=pct(h["cn_share_made"]), u=pct(h["us_share_made"])
        ),
        clause("{d} were made in China or derive from a Chinese model", d=pct(h["cn_made_or_derived_share"])),
    )


def _geo6(h: dict[str, Any]) -> str:
    y = h.get("year")
    prev = y - 1 if isinstance(y, int) else NONE
    return sentence(
        clause(
            "in {y}, {o} released the most repositories ({n})",
            y=text(y),
            o=text(h["top_org"]),
            n=num(h["top_org_releases"]),
        ),
        clause("Baidu {a} ({p}) → {b}", a=num(h["baidu_releases_prev"]), p=prev, b=num(h["baidu_releases"])),
        clause("ByteDance {a} → {b}", a=num(h["bytedance_releases_prev"]), b=num(h["bytedance_releases"])),
        clause("Tencent {a} → {b}", a=num(h["tencent_releases_prev"]), b=num(h["tencent_releases"])),
        clause(
            "Meta made {s} of the US organisations' {n} releases",
            s=pct(h["meta_share_of_us_releases"]),
            n=num(h["us_releases"]),
        ),
    )


def _pop1(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "the most liked model on {d} is {m} ({c})",
            d=text(h["date_now"]),
            m=text(h["top_now"]),
            c=country(h["top_now_country"]),
        ),
        clause(
            "{ago}on {d} it was {m} ({c})",
            ago=_ago_words(h.get("days_between")),
            d=text(h["date_year_ago"]),
            m=text(h["top_year_ago"]),
            c=country(h["top_year_ago_country"]),
        ),
        clause(
            "US models in the top ten: {a} then, {b} now", a=num(h["us_in_top_year_ago"]), b=num(h["us_in_top_now"])
        ),
        clause(
            "countries in the top ten: {a} then, {b} now",
            a=num(h["countries_in_top_year_ago"]),
            b=num(h["countries_in_top_now"]),
        ),
    )


def _ago_words(days: Any) -> str:
    """'a year earlier' only when it is one (within two months); otherwise the real distance."""
    if days is None:
        return ""
    if abs(days - 365) <= 60:
        return "a year earlier, "
    return f"{days} days earlier, "


def _pop2(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "{o} has the most upvoted daily papers ({s} of {u} upvotes)",
            o=text(h["top_org"]),
            s=pct(h["top_org_share"]),
            u=num(h["upvotes"]),
        ),
        clause("the top ten organisations take {s}", s=pct(h["top10_orgs_share"])),
        clause(
            "organisations based in China get {c} of upvotes, in the United States {u}",
            c=pct(h["cn_share"]),
            u=pct(h["us_share"]),
        ),
        clause("{n} Chinese Big Tech companies are among the top ten", n=num(h["cn_big_tech_in_top10"])),
        clause("ByteDance wrote {n} of the 100 most upvoted papers", n=num(h["bytedance_papers_in_top100"])),
    )


def _pop3(h: dict[str, Any]) -> str:
    return sentence(
        clause("{s} of {n} daily papers release a model or a dataset", s=pct(h["artifact_share"]), n=num(h["papers"])),
        clause("{t} papers do so most often ({s})", t=text(h["top_topic_by_share"]), s=pct(h["top_topic_share"])),
        clause(
            "Big Tech's papers {b} against {o} for everyone else",
            b=pct(h["big_tech_artifact_share"]),
            o=pct(h["other_artifact_share"]),
        ),
    )


def _d1(h: dict[str, Any]) -> str:
    # Each count named as on every page (`facts.DERIVATIVE_COUNTS`): direct, whole lineage, by name.
    return sentence(
        clause(
            "Qwen has {a} "
            + DERIVATIVE_COUNTS["direct"]
            + ", {b} "
            + DERIVATIVE_COUNTS["lineage"]
            + " and {c} "
            + DERIVATIVE_COUNTS["by_name"],
            a=num(h["qwen_direct"]),
            b=num(h["qwen_lineage"]),
            c=num(h["qwen_by_name"]),
        ),
        clause("Llama {a} / {b} / {c}", a=num(h["llama_direct"]), b=num(h["llama_lineage"]), c=num(h["llama_by_name"])),
        clause(
            "DeepSeek {a} / {b} / {c}",
            a=num(h["deepseek_direct"]),
            b=num(h["deepseek_lineage"]),
            c=num(h["deepseek_by_name"]),
        ),
        clause(
            "{d} leads developers with {n} derivatives", d=text(h["top_developer"]), n=num(h["top_developer_lineage"])
        ),
        clause("Alibaba has {x} as many as Google and Meta together", x=times(h["alibaba_over_google_plus_meta"])),
        clause(  # no lineage input: what naming alone says, called what it is
            "models naming Qwen: {q}, Llama: {l}, DeepSeek: {d} (by name; the lineage counts cannot be given)",
            q=num(h["qwen_by_name"]) if h["qwen_lineage"] is None else NONE,
            l=num(h["llama_by_name"]),
            d=num(h["deepseek_by_name"]),
        ),
    )


def _a1(h: dict[str, Any]) -> str:
    r = h["ratio_1_9b_over_ge100b"]
    return sentence(
        clause(
            "the median top-10 model of 1–9B parameters is downloaded {r} as much as the median top-10 model of 100B or more",
            r=times(r),
        ),
        clause("{r} comparing the tenth-ranked models", r=times(h["ratio_1_9b_over_ge100b_v2"])),
        clause(
            "{a} at 90 days after release and {b} at a year",
            a=times(h["ratio_1_9b_over_ge100b_at_90d"]),
            b=times(h["ratio_1_9b_over_ge100b_at_365d"]),
        ),
        clause("{n} models have a known size, {u} do not", n=num(h["models_sized"]), u=num(h["models_unsized"])),
    )


def _a2(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "engagement lasts {m} weeks on average (median {d}) for the {n} models released {a} – {b}",
            m=NONE if h["lifetime_weeks_mean"] is None else f"{h['lifetime_weeks_mean']:.1f}",
            d=NONE if h["lifetime_weeks_median"] is None else f"{h['lifetime_weeks_median']:.1f}",
            n=num(h["models"]),
            a=text(h["released_from"]),
            b=text(h["released_to"]),
        ),
        clause(
            "downloads peak in the release {u} or the next for {s} of them",
            u="week" if h.get("resolution") == "weekly" else "month",
            s=pct(h["peak_within_1_week_share" if h.get("resolution") == "weekly" else "peak_within_1_month_share"]),
        ),
        clause("{c} had not yet fallen below half their peak", c=pct(h["censored_share"])),
    )


def _a3(h: dict[str, Any]) -> str:
    years = [
        clause(
            "{y}: mean {m}, median {d}", y=y, m=params(h.get(f"mean_params_{y}")), d=params(h.get(f"median_params_{y}"))
        )
        for y in (2023, 2024, 2025)
        if y != h.get("latest_year")  # the latest year is said first; not twice
    ]
    return sentence(
        clause(
            "the download-weighted mean model had {m} parameters in {y} (median {d})",
            m=params(h["mean_params_latest"]),
            y=num(h["latest_year"]) if h["latest_year"] is None else str(h["latest_year"]),
            d=params(h["median_params_latest"]),
        ),
        *years,
        clause("{s} of those downloads are of models of known size", s=pct(h["sized_share_latest"])),
    )


def _a4(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "{s} of the {n} major developers (at least {k} original models of known size) span three or more size buckets",
            s=pct(h["share_3plus_buckets"]),
            n=num(h["major_developers"]),
            k=num(h["min_originals"]),
        ),
        clause("{s} span two or more", s=pct(h["share_2plus_buckets"])),
        clause("the median developer's originals come in {n} distinct sizes", n=num(h["median_size_points"])),
    )


def _h1(h: dict[str, Any]) -> str:
    return sentence(
        clause(
            "new models in the last twelve months that target CPUs and local runtimes: {c}; Apple silicon {a}; AMD {d}; "
            "NVIDIA-specific {n}; Chinese domestic chips {o}",
            c=num(h["cpu_last_12m"]),
            a=num(h["apple_last_12m"]),
            d=num(h["amd_last_12m"]),
            n=num(h["nvidia_last_12m"]),
            o=num(h["domestic_last_12m"]),
        ),
        clause("AMD-targeted models grew {x} on the year before", x=times(h["amd_growth"])),
        clause("{k} Kernel Hub repositories since {m}", k=num(h["kernel_repos"]), m=text(h["kernel_first_month"])),
    )


def _s1(h: dict[str, Any]) -> str:
    return sentence(
        clause("in {y}, {c} was the top dataset task category", y=text(h["year"]), c=text(h["top_category"])),
        clause(
            "robotics datasets: {a} (rank {ra}) the year before → {b} (rank {rb})",
            a=num(h["robotics_datasets_prior_year"]),
            ra=num(h["robotics_rank_prior_year"]),
            b=num(h["robotics_datasets"]),
            rb=num(h["robotics_rank"]),
        ),
        clause(
            "text generation {n} (rank {r})", n=num(h["text_generation_datasets"]), r=num(h["text_generation_rank"])
        ),
    )


def _s2(h: dict[str, Any]) -> str:
    growing = h.get("growing_domains") or []
    return sentence(
        clause(
            "{a} science releases in the last twelve months against {b} in the twelve before",
            a=num(h["releases_last_12m"]),
            b=num(h["releases_prior_12m"]),
        ),
        clause(
            "fastest growing: {f}",
            f=text(h["fastest_growing"]) if h["fastest_growing"] is None else h["fastest_growing"].replace("_", " "),
        ),
        clause("growing: {g}", g=", ".join(g.replace("_", " ") for g in growing) if growing else NONE),
    )


CAPTIONS: dict[str, Callable[[dict[str, Any]], str]] = {
    "G1": _g1,
    "G2": _g2,
    "C1": _c1,
    "C2": _c2,
    "P1": _p1,
    "P2": _p2,
    "GEO1": _geo1,
    "GEO2": _geo2,
    "GEO3": _geo3,
    "GEO4": _geo4,
    "GEO5": _geo5,
    "GEO6": _geo6,
    "POP1": _pop1,
    "POP2": _pop2,
    "POP3": _pop3,
    "D1": _d1,
    "A1": _a1,
    "A2": _a2,
    "A3": _a3,
    "A4": _a4,
    "H1": _h1,
    "S1": _s1,
    "S2": _s2,
}


def caption(doc: dict[str, Any]) -> str:
    """The headline in words; a plain statement when this store cannot give it."""
    fn = CAPTIONS.get(doc["spec"])
    words = fn(doc["headline"]) if fn else ""
    return words or "This store cannot give this figure (see the notes below)."
