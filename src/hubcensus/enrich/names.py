"""Company names reduced to a key, so that a Hub organisation's full name can be matched to a listed company.

The Fortune 500 names a company as "Meta Platforms", "Goldman Sachs Group" or "Deere & Company (John Deere)";
the Hub shows the same companies as "AI at Meta", "Meta Llama", "IBM Granite", "Amazon Web Services" or just
"NVIDIA". Matching those by hand for 500 companies does not scale and cannot be checked, so names are reduced
to a key by stated rules and compared by key:

1. accents are folded and case is dropped ("Estée" -> "estee");
2. dots and apostrophes vanish ("U.S." -> "us", "Lowe's" -> "lowes"), "&" and "+" read "and", every other run
   of punctuation is a space ("Coca-Cola" -> "coca cola");
3. a parenthesised part is an alternative name, not part of the name ("Deere & Company (John Deere)" gives
   "deere" and "john deere");
4. a leading "the" goes, and trailing legal suffixes go, repeatedly, with an "and" left dangling by them
   ("Eli Lilly and Company" -> "eli lilly"; `LEGAL_SUFFIXES`); a listed company is also known without a
   trailing descriptor ("Cisco Systems" is "Cisco", "Honeywell International" is "Honeywell"; `DESCRIPTORS`)
   unless that leaves an ambiguous word ("American International Group" is not "American");
5. a brand or parent name reads as the listed company (`BRANDS`: Google -> Alphabet, Meta -> Meta Platforms,
   International Business Machines -> IBM, AWS -> Amazon, ...);
6. a Hub name may add division words after a company's key ("Microsoft Research", "Intel Labs", "Salesforce
   AI Research"; `DIVISION_WORDS`), and still names the company.

Keys are compared without their spaces (`compact`), so "ExxonMobil" and "Exxon Mobil", "JPMorgan" and
"JP Morgan" agree. A key that is a common word or the name of a different, non-US company too ("target",
"block", "reliance", "merck": `AMBIGUOUS`) is never matched from a name alone; such a company needs a curated
alias (a registry row with its rank).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Legal forms, and the words that stand for them, dropped from the end of a name.
LEGAL_SUFFIXES = frozenset(
    [
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "co",
        "company",
        "companies",
        "cos",
        "holding",
        "holdings",
        "group",
        "plc",
        "llc",
        "llp",
        "lp",
        "ltd",
        "limited",
        "sa",
        "ag",
        "gmbh",
        "nv",
        "bv",
        "se",
        "spa",
        "srl",
        "kk",
        "pte",
        "pty",
    ]
)
# Descriptors companies drop in everyday use ("Cisco Systems" is "Cisco", "Uber Technologies" is "Uber").
DESCRIPTORS = frozenset(["technologies", "technology", "systems", "international", "worldwide"])

# Words a Hub organisation adds after a company's name for a team, a lab or a product line.
DIVISION_WORDS = frozenset(
    [
        "ai",
        "research",
        "labs",
        "lab",
        "science",
        "sciences",
        "ml",
        "machine",
        "learning",
        "deep",
        "nlp",
        "cloud",
        "open",
        "source",
        "opensource",
        "developers",
        "developer",
        "global",
        "tech",
        "technologies",
        "technology",
        "data",
        "team",
        "models",
        "model",
        "applied",
        "generative",
        "genai",
        "fair",
    ]
)

# Brand, parent-era and product names -> the company's name on the list (as the list spells it).
BRANDS: dict[str, str] = {
    "Google": "Alphabet",
    "Google DeepMind": "Alphabet",
    "DeepMind": "Alphabet",
    "Waymo": "Alphabet",
    "Meta": "Meta Platforms",
    "AI at Meta": "Meta Platforms",
    "Meta Llama": "Meta Platforms",
    "Facebook": "Meta Platforms",
    "Facebook AI Research": "Meta Platforms",
    "International Business Machines": "IBM",
    "IBM Granite": "IBM",
    "Red Hat": "IBM",
    "Red Hat AI": "IBM",
    "Neural Magic": "IBM",
    "Amazon Web Services": "Amazon",
    "AWS": "Amazon",
    "Amazon.com": "Amazon",
    "Microsoft Azure": "Microsoft",
    "GitHub": "Microsoft",
    "LinkedIn": "Microsoft",
    "Nvidia Corporation": "Nvidia",
    "AMD": "Advanced Micro Devices",
    "Silo AI": "Advanced Micro Devices",
    "Xilinx": "Advanced Micro Devices",
    "Habana Labs": "Intel",
    "Cisco": "Cisco Systems",
    "Splunk": "Cisco Systems",
    "Dell": "Dell Technologies",
    "HPE": "Hewlett Packard Enterprise",
    "AIG": "American International Group",
    "Citigroup": "Citi",
    "Citibank": "Citi",
    "United Parcel Service": "UPS",
    "JPMorgan": "JPMorgan Chase",
    "J.P. Morgan": "JPMorgan Chase",
    "Goldman Sachs": "Goldman Sachs Group",
    "Disney": "Walt Disney",
    "P&G": "Procter & Gamble",
    "ExxonMobil": "Exxon Mobil",
    "Ford": "Ford Motor",
    "Thermo Fisher": "Thermo Fisher Scientific",
    "Bristol Myers Squibb": "Bristol-Myers Squibb",
    "Capital One": "Capital One Financial",
    "PayPal": "PayPal Holdings",
    "S&P": "S&P Global",
    "Kensho": "S&P Global",
    "Palo Alto": "Palo Alto Networks",
    "Protect AI": "Palo Alto Networks",
    "Micron": "Micron Technology",
    "Wells Fargo Bank": "Wells Fargo",
    "Verizon": "Verizon Communications",
    "Comcast": "Comcast Corporation",
    "Uber": "Uber Technologies",
    "Booz Allen": "Booz Allen Hamilton Holding",
    "Booz Allen Hamilton": "Booz Allen Hamilton Holding",
    "IQVIA": "IQVIA Holdings",
    "Leidos": "Leidos Holdings",
    "Labcorp": "Labcorp Holdings",
    "Kyndryl": "Kyndryl Holdings",
    "Cognizant": "Cognizant Technology Solutions",
    "ADP": "Automatic Data Processing",
    "Estee Lauder": "Estée Lauder Companies",
}

# Keys too common, or shared with another (non-US) company, to match from a name: an alias is required.
AMBIGUOUS = frozenset(
    [
        "target",
        "block",
        "gap",
        "reliance",
        "nationwide",
        "visa",
        "ball",
        "progressive",
        "merck",
        "southern",
        "crown",
        "fox",
        "news",
        "post",
        "dana",
        "westlake",
        "dover",
        "equitable",
        "markel",
        "lear",
        "ferguson",
        "vistra",
        "hess",
        "loews",
        "oshkosh",
        "chs",
        "dow",
        "williams",
        "travelers",
        "andersons",
        "nov",
        "kbr",
        "xpo",
        "qxo",
        "apa",
        "aes",
        "ppl",
        "american",
        "seaboard",
    ]
)

_PAREN = re.compile(r"\(([^)]*)\)")
_DROP = re.compile(r"[.'’`´]")
_AND = re.compile(r"\s*[&+]\s*")
_PUNCT = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")
_QUICK = re.compile(r"[^a-z0-9]+")
_PREFIX = 3


def fold(text: str) -> str:
    """Accents folded, lower case: the first step of every key."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _tokens(text: str) -> list[str]:
    text = _AND.sub(" and ", _DROP.sub("", fold(text)))
    return [t for t in _PUNCT.split(text) if t]


def _trim(tokens: list[str]) -> list[str]:
    """Leading "the"; trailing legal suffixes and a dangling "and" (repeatedly; never to nothing)."""
    out = list(tokens)
    if len(out) > 1 and out[0] == "the":
        out = out[1:]
    while len(out) > 1 and (out[-1] in LEGAL_SUFFIXES or out[-1] == "and"):
        out = out[:-1]
    return out


def normalise(name: str) -> str:
    """The key of a name: words separated by one space (rules 1-4 of the module docstring)."""
    return " ".join(_trim(_tokens(_PAREN.sub(" ", name))))


def alternatives(name: str) -> list[str]:
    """The keys a name stands for: its own, and that of each parenthesised alternative name."""
    keys = [normalise(name)]
    keys += [normalise(inner) for inner in _PAREN.findall(name) if normalise(inner)]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def compact(key: str) -> str:
    """A key without its spaces: what keys are compared by ("exxon mobil" == "exxonmobil")."""
    return key.replace(" ", "")


def namespace_words(namespace: str) -> str:
    """A Hub namespace read as words: `meta-llama` -> "meta llama", `AmazonScience` -> "Amazon Science"."""
    return _CAMEL.sub(" ", namespace).replace("-", " ").replace("_", " ")


class CompanyIndex:
    """Listed companies by key, with their brand names, for matching Hub names to companies.

    `lookup(name)` gives the company a name stands for and the key that matched, or None; names whose key is
    `AMBIGUOUS` never match. Two companies with the same key (none on the 2025 list) would both be dropped from
    name matching rather than guessed between.
    """

    def __init__(self, companies: Iterable[str], brands: dict[str, str] | None = None) -> None:
        self.companies = list(companies)
        by_key: dict[str, set[str]] = {}
        for company in self.companies:
            for key in alternatives(company):
                by_key.setdefault(compact(key), set()).add(company)
                words = key.split()
                if len(words) > 1 and words[-1] in DESCRIPTORS:
                    by_key.setdefault(compact(" ".join(words[:-1])), set()).add(company)
        for brand, company in (BRANDS if brands is None else brands).items():
            if company in self.companies:
                by_key.setdefault(compact(normalise(brand)), set()).add(company)
        self.collisions = {k: sorted(v) for k, v in by_key.items() if len(v) > 1}
        self.by_key = {k: next(iter(v)) for k, v in by_key.items() if len(v) == 1 and k not in AMBIGUOUS}
        # A cheap first test: a name that matches starts with the first letters of some key (or with "the").
        # Enrichment looks up every organisation of a Hub-scale store, and almost none is a listed company.
        self._starts = {k[:_PREFIX] for k in self.by_key} | {"the"}

    def lookup(self, name: str | None) -> tuple[str, str] | None:
        """(company, matched key) for a Hub name: the whole key, else a company key followed by division words."""
        if not name:
            return None
        quick = _QUICK.sub("", _AND.sub("and", name.lower()))
        if "(" not in name and not any(quick[:n] in self._starts for n in range(1, _PREFIX + 1)):
            return None
        for key in alternatives(name):
            whole = compact(key)
            if whole in self.by_key:
                return self.by_key[whole], key
            words = key.split()
            # the longest company key that the name starts with, the rest being division words
            for cut in range(len(words) - 1, 0, -1):
                head = compact(" ".join(words[:cut]))
                rest = words[cut:]
                if head in self.by_key and all(w in DIVISION_WORDS for w in rest):
                    return self.by_key[head], key
        return None
