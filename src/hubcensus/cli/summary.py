"""What a command that writes (`ingest`, `enrich`, `export`, `report`, `pull`) did, for a person or a script.

Without `--json` each step is a line on stdout as it happens; with `--json` the lines are left out and the
results (the library's own result objects, walked by `hubcensus.output.jsonable`) are gathered into one
JSON document printed when the command ends, as the commands that read print theirs.
"""

from __future__ import annotations

from typing import Any

from hubcensus.output import console, dumps


class Summary:
    """Lines as the work goes, or one JSON document at its end."""

    def __init__(self, as_json: bool = False) -> None:
        self.as_json = as_json
        self.doc: dict[str, Any] = {}

    def line(self, text: str) -> None:
        """A line for a person (not printed with --json)."""
        if not self.as_json:
            console.print(text, markup=False, soft_wrap=True)

    def set(self, key: str, value: Any) -> None:
        self.doc[key] = value

    def extend(self, key: str, values: list[Any]) -> None:
        self.doc.setdefault(key, []).extend(values)

    def done(self) -> None:
        """Print the JSON document, with --json."""
        if self.as_json:
            print(dumps(self.doc))
