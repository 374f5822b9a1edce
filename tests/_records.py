"""Small district master data and record builders shared by the records tests."""

from __future__ import annotations

from typing import Any

from gongwen.models.records import InspectionRecords

ZONES: list[dict[str, Any]] = [
    {"name": "第一责任区", "leader": "王建国", "inspectors": ["李秀兰", "陈志强"],
     "schools": ["测试区实验小学", "测试区第一中学", "测试区东风路小学"]},
    {"name": "第二责任区", "leader": "张海燕", "inspectors": ["赵明"],
     "schools": ["测试区阳光幼儿园", "测试区第二中学"]},
]


def district(records: list[dict[str, Any]] | None = None, **extra: Any) -> InspectionRecords:
    """A two-zone district (five schools) with the given records."""
    return InspectionRecords.model_validate({
        "district": "测试区",
        "issuer": "测试区教育督导室",
        "period": {"start": "2026-09-01", "end": "2027-01-22", "name": "2026—2027学年度第一学期"},
        "zones": ZONES,
        "records": records or [],
        **extra,
    })


def record(day: str, school: str, *assessments: dict[str, Any], inspectors: Any = "王建国",
           methods: Any = ()) -> dict[str, Any]:
    """A raw record for ``district``."""
    return {"date": day, "school": school, "inspectors": inspectors, "methods": list(methods),
            "assessments": list(assessments)}


def finding(problem: str, deadline: str | None = None, status: str = "未整改",
            requirement: str = "按要求整改", suggestion: str = "") -> dict[str, Any]:
    """A raw finding."""
    return {"problem": problem, "deadline": deadline, "status": status,
            "requirement": requirement, "suggestion": suggestion}
