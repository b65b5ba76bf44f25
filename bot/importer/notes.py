"""What the importer did that staff should know about, without it being an error: Excel damage it undid, how it
read a period, people it did or did not merge. Grouped by column and kind, with the first rows and a count, so a
100,000-row file gives a readable report."""

from dataclasses import dataclass, field

ROWS_SHOWN = 5


@dataclass
class Note:
    column: str
    what: str
    count: int = 0
    rows: list[int] = field(default_factory=list)
    example: str = ""

    def __str__(self) -> str:
        where = "、".join(f"第{r}行" for r in self.rows) + ("等" if self.count > len(self.rows) else "")
        column = f"{self.column}: " if self.column else ""
        example = f"（如 {self.example}）" if self.example else ""
        rows = f"，{self.count} 行：{where}" if self.rows else ""
        return f"{column}{self.what}{example}{rows}"


@dataclass
class Notes:
    by_key: dict[tuple[str, str], Note] = field(default_factory=dict)

    def add(self, column: str, what: str, row: int = 0, example: str = "") -> None:
        note = self.by_key.get((column, what))
        if note is None:
            note = self.by_key[(column, what)] = Note(column, what, example=example)
        note.count += 1
        if row and len(note.rows) < ROWS_SHOWN:
            note.rows.append(row)

    def extend(self, other: "Notes") -> None:
        for (column, what), note in other.by_key.items():
            mine = self.by_key.setdefault((column, what), Note(column, what, example=note.example))
            mine.count += note.count
            mine.rows = (mine.rows + note.rows)[:ROWS_SHOWN]

    def __iter__(self):
        return iter(self.by_key.values())

    def __len__(self) -> int:
        return len(self.by_key)
