"""One vocabulary: the term table in CONTRIBUTING.md lists forbidden spellings; docs/ must not use them.

The only exemption is a quotation of the source notes, 「…」, on the `**원문**:` line of a
「흔한 오해」 box or on a row of an errata fragment (includes/errata/): quotations stay verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conftest import ROOT

TABLE_FILE = ROOT / "CONTRIBUTING.md"
SCANNED = [ROOT / "docs", ROOT / "includes"]
ERRATA = ROOT / "includes" / "errata"
QUOTE = re.compile(r"「[^」]*」")
CODE = re.compile(r"`((?:[^`\\]|\\.)+)`")


@dataclass(frozen=True)
class Term:
    canonical: str
    forbidden: str
    pattern: re.Pattern[str]


def load_terms(text: str) -> list[Term]:
    """Rows between <!-- terms:start --> and <!-- terms:end -->: | 표준 표기 | 영어 | `쓰지 않는 표기`, … | 비고 |."""
    block = text.split("<!-- terms:start -->", 1)[1].split("<!-- terms:end -->", 1)[0]
    terms = []
    for row in block.strip().splitlines()[2:]:  # skip the header and the |---| line
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip().strip("|"))]
        canonical, forbidden_cell = cells[0], cells[2]
        for variant in CODE.findall(forbidden_cell):
            variant = variant.replace("\\|", "|")
            if len(variant) > 2 and variant.startswith("/") and variant.endswith("/"):
                pattern = re.compile(variant[1:-1])
            else:
                pattern = re.compile(re.escape(variant))
            terms.append(Term(canonical, variant, pattern))
    return terms


def exempt_spans(line: str, in_errata: bool) -> list[tuple[int, int]]:
    """Quotations of the notes that stay verbatim: 「…」 on a 원문 line or in an errata row."""
    if in_errata or "**원문**" in line:
        return [match.span() for match in QUOTE.finditer(line)]
    return []


def violations(text: str, terms: list[Term], label: str, in_errata: bool = False) -> list[str]:
    found = []
    for number, line in enumerate(text.splitlines(), 1):
        spans = exempt_spans(line, in_errata)
        for term in terms:
            for match in term.pattern.finditer(line):
                if any(start <= match.start() and match.end() <= end for start, end in spans):
                    continue
                found.append(f"{label}:{number}: '{match.group()}' → '{term.canonical}'")
    return found


TERMS = load_terms(TABLE_FILE.read_text(encoding="utf-8"))


def test_term_table_is_read():
    """A broken table would silently check nothing."""
    assert len(TERMS) >= 40, f"용어 표에서 읽은 항목이 {len(TERMS)}개뿐입니다 (CONTRIBUTING.md의 terms:start/end)"
    assert any(term.forbidden == "장고" and term.canonical == "Django" for term in TERMS)


def test_check_bites_and_exemption_is_narrow():
    """Control run: the same variant fails in prose, passes only inside a quoted 원문."""
    prose = "Nginx는 역방향 프록시입니다.\n"
    quoted = "    **원문**: 「역방향 프록시 역할」\n"
    quoted_elsewhere = "노트의 「역방향 프록시 역할」이라는 말은 틀렸습니다.\n"
    assert violations(prose, TERMS, "x.md") == ["x.md:1: '역방향 프록시' → '리버스 프록시'"]
    assert violations(quoted, TERMS, "x.md") == []
    assert violations(quoted_elsewhere, TERMS, "x.md"), "원문 줄이 아닌 곳의 「…」는 예외가 아닙니다"
    assert violations("| 「장고 서버」 | Django |\n", TERMS, "e.md", in_errata=True) == []
    assert violations("Django는 HTTP를 말하지 않습니다.\n", TERMS, "x.md"), "정규 표현식 항목도 검사합니다"


def test_docs_use_one_vocabulary():
    found = []
    for folder in SCANNED:
        for path in sorted(folder.rglob("*.md")):
            label = path.relative_to(ROOT).as_posix()
            in_errata = ERRATA in path.parents
            found += violations(path.read_text(encoding="utf-8"), TERMS, label, in_errata)
    assert not found, "용어 표(CONTRIBUTING.md)의 쓰지 않는 표기:\n" + "\n".join(found)
