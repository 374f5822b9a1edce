"""What a check finds: findings with their clause and place, and the report of one file."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

ERROR = "错误"
WARNING = "警告"


@dataclass
class Finding:
    """One departure from the standard: how serious, which clause, what, and where."""

    severity: str
    clause: str
    message: str
    where: str = ""
    paragraph: int | None = None
    count: int = 1  # how many places (paragraphs, sections) share this finding
    page: int | None = None  # the page of a PDF the finding is on

    def __str__(self) -> str:
        where = self.where + (f"等 {self.count} 处" if self.count > 1 else "")
        return f"{self.severity}  {self.clause}：{self.message}" + (f"（{where}）" if where else "")


@dataclass
class Report:
    """The findings for one file; ``kind`` is 公文 or 表格 (a form, checked more lightly) for a
    .docx, PDF版面 for the pages of a PDF."""

    path: Path
    kind: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]

    @property
    def ok(self) -> bool:
        """True when nothing is wrong enough to be an error."""
        return not self.errors

    def summary(self) -> str:
        verdict = "符合" if self.ok else "不符合"
        return (
            f"{self.path}：按{self.kind}检查，{verdict} GB/T 9704-2012"
            f"（{len(self.errors)} 项错误，{len(self.warnings)} 项警告）"
        )

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON: file, kind, ok, counts and the findings."""
        return {
            "file": str(self.path),
            "kind": self.kind,
            "ok": self.ok,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [asdict(f) for f in self.findings],
        }


def merge(findings: list[Finding]) -> list[Finding]:
    """One finding per (severity, clause, message): the first place, and how many there are."""
    merged: dict[tuple[str, str, str], Finding] = {}
    seen: set[tuple[str, str, str, str]] = set()
    for finding in findings:
        key = (finding.severity, finding.clause, finding.message)
        if (*key, finding.where) in seen:
            continue
        seen.add((*key, finding.where))
        if key in merged:
            merged[key].count += 1
        else:
            merged[key] = Finding(*key, finding.where, finding.paragraph)
    return sorted(merged.values(), key=lambda f: (f.severity != ERROR, f.paragraph or 0))
