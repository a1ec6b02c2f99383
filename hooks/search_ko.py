"""MkDocs hook: Korean search and a lighter search index (CONTRIBUTING.md, "검색").

Material's search stays (box, results, highlighting, keyboard, the offline copy). This hook
changes what goes into the index and how words are matched:

1. ``on_page_context`` (before Material's search plugin reads the page): lab sources (a code
   block titled with a ``.py`` file), the lab header line, packet ladders and tables, and the
   diagrams drawn at build time are marked ``data-search-exclude``; Material leaves them out
   and removes the marks from the page.
2. ``on_post_build`` (after Material wrote ``search/search_index.json``, before the offline
   plugin inlines it): each section keeps its title and the first ``HEAD_CHARS`` characters of
   its prose for the result teaser; the rest of its words (lab outputs included) go, without
   particles and once per page, into a field ``k`` that is searched but never shown; words a
   page uses often go on the page's own entry. Sentence endings, function words, hashes,
   measurements, and in sections the words of more than a quarter of all pages are left out. The file is written as UTF-8 (Hangul was escaped as 6-byte sequences). The rules
   (``includes/search-synonyms.yml`` and the CONTRIBUTING.md term table) ride along in
   ``config.ko``. Size knobs if the index outgrows its test: HEAD_CHARS, COMMON_PAGES, index_stopwords.
3. The search worker (``hooks/search_ko_worker.js``, written next to Material's worker) applies
   the same normalisation to the index and to the query; ``on_post_page`` points the page's
   search configuration at it.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import json
import logging
import re
import time
from collections import Counter
from pathlib import Path

import yaml
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
RULES_FILE = ROOT / "includes" / "search-synonyms.yml"
TERMS_FILE = ROOT / "CONTRIBUTING.md"  # 용어 표: 쓰지 않는 표기도 검색에서는 찾습니다
WORKER_SOURCE = Path(__file__).with_name("search_ko_worker.js")
HEAD_CHARS = 100  # 결과 미리보기에 보이는 만큼 (Material 은 두세 줄만 보여 줌)
MAX_WORD = 40  # 이보다 긴 "낱말"(해시, 긴 경로)은 색인하지 않음
TOPICAL_COUNT = 3  # 한 페이지에 이만큼 나오는 낱말은 그 페이지의 주제어
TOPICAL_MAX = 60
COMMON_PAGES = 0.25  # 이보다 많은 비율의 페이지에 나오는 낱말은 절의 낱말 목록에서 뺌

log = logging.getLogger("mkdocs.plugins.netnotes.search")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
ONLY_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
MATERIAL_WORKER = re.compile(r"assets/javascripts/workers/(search\.[0-9a-f]+\.min\.js)")
state: dict = {}


def term_table_synonyms(path: Path = TERMS_FILE) -> dict[str, list[str]]:
    """The term table of CONTRIBUTING.md (<!-- terms:start/end -->): its spellings that pages must
    not use are what readers type, so search treats them as the standard one. Rows that name
    several standard spellings, and /regular expressions/, are left to search-synonyms.yml."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if "<!-- terms:start -->" not in text:
        return {}
    block = text.split("<!-- terms:start -->", 1)[1].split("<!-- terms:end -->", 1)[0]
    found = {}
    for row in block.strip().splitlines()[2:]:  # 머리줄과 |---| 줄 다음부터
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", row.strip().strip("|"))]
        if len(cells) < 3 or "," in cells[0] or "~" in cells[0]:
            continue
        variants = [v for v in re.findall(r"`([^`]+)`", cells[2]) if not v.startswith("/")]
        if variants:
            found[cells[0].lower()] = variants
    return found


def load_rules(path: Path = RULES_FILE) -> dict:
    rules = yaml.safe_load(path.read_text(encoding="utf-8"))
    synonyms = term_table_synonyms()
    for head, variants in rules["synonyms"].items():  # 같은 대표형이면 두 목록을 합칩니다
        synonyms[str(head)] = list(dict.fromkeys(synonyms.get(str(head), []) + [str(v) for v in variants]))
    rules["synonyms"] = synonyms
    rules["endings"] = tuple(sorted(dict.fromkeys(rules["endings"]), key=len, reverse=True))
    rules["endings_set"] = set(rules["endings"])
    rules["index_stopwords"] = set(rules["index_stopwords"])
    return rules


def strip_ending(word: str, endings: list[str] | tuple[str, ...]) -> str:
    """The word without particles or endings ("ttl이란" → "ttl"); the worker's strip() does the same."""
    return _stripper(tuple(endings))(word)


@functools.lru_cache(maxsize=4)
def _stripper(endings: tuple[str, ...]):
    known = frozenset(endings)
    longest = max(map(len, endings))

    def once(word: str) -> str:
        """Try the endings longest first; a one-syllable one only if two or more syllables remain."""
        if not word or not HANGUL.match(word[-1]):
            return word
        for size in range(min(len(word) - 1, longest), 0, -1):
            if word[-size:] not in known:
                continue
            stem = word[:-size]
            if not ONLY_HANGUL.match(stem) or size > 1 or len(stem) >= 2:
                return stem
        return word

    @functools.lru_cache(maxsize=200_000)
    def strip(word: str) -> str:
        return once(once(word))

    return strip


# -- 1. 페이지: 색인하지 않을 곳 표시 ------------------------------------------------------

LAB_SOURCE = re.compile(r'(<span class="filename">[^<]*\.py</span>)<pre(?=[ >])')
DIAGRAM = re.compile(r'<template shadowrootmode="open"(?=[ >])')
# 실습 머리글(명령·받기·시간), 패킷 사다리 그림과 패킷 표 (Material 은 표시한 요소 안을 건너뜀;
# 같은 태그가 안에 또 있으면 그 닫는 태그에서 건너뛰기가 끝나므로, 안에 같은 태그가 없는 요소만)
GENERATED = re.compile(r'<(p|svg|details) class="(lab-run|lab-packets__title|lab-ladder|lab-packets__table)"')


def mark_unsearched(html: str) -> str:
    html = LAB_SOURCE.sub(r'\1<pre data-search-exclude="lab-source"', html)
    html = GENERATED.sub(r'<\1 class="\2" data-search-exclude="lab"', html)
    return DIAGRAM.sub('<template shadowrootmode="open" data-search-exclude="diagram"', html)


@event_priority(50)  # Material 의 search 플러그인(0)보다 먼저
def on_page_context(context, page, config, nav):
    page.content = mark_unsearched(page.content)
    return context


# -- 2. 색인 파일 ------------------------------------------------------------------------

TOKEN = re.compile(r"<(/?)(\w+)>|[^<]+")


def split_section(html: str, limit: int = HEAD_CHARS) -> tuple[str, str]:
    """(teaser, rest): the first ``limit`` characters of prose with its tags closed, and the
    plain text of everything else (the rest of the prose and every <pre> block)."""
    head: list[str] = []
    rest: list[str] = []
    open_tags: list[str] = []
    shown = 0
    in_pre = 0
    full = False
    for match in TOKEN.finditer(html):
        closing, tag = match.group(1), match.group(2)
        if tag == "pre":
            in_pre += -1 if closing else 1
            rest.append(" ")
            continue
        if in_pre or full:
            rest.append(" " if tag else match.group(0))
            continue
        if tag:
            if closing:
                if open_tags and open_tags[-1] == tag:
                    open_tags.pop()
                    head.append(match.group(0))
            else:
                open_tags.append(tag)
                head.append(match.group(0))
            continue
        text = match.group(0)
        if shown + len(text) <= limit:
            head.append(text)
            shown += len(text)
            continue
        cut = text.find(" ", max(0, limit - shown))  # 낱말 가운데서 자르지 않음
        cut = len(text) if cut < 0 else cut
        head.append(text[:cut] + ("…" if cut < len(text) else ""))
        rest.append(text[cut:])
        full = True
    head += [f"</{tag}>" for tag in reversed(open_tags)]
    return "".join(head).strip(), "".join(rest)


INLINE_TAG = re.compile(r"</?(?:code|sub|sup)>")  # "<code>TTL</code>을" 은 낱말 하나: TTL을
# 문장 끝·연결 어미로 끝나는 말(있습니다, 보내고서, 돌리려면 …): 명사가 이렇게 끝나는 일은 드뭅니다
PREDICATE = re.compile(
    r"(?:니다|어요|아요|세요|나요|가요|[었였했됐겠]다|[한된있없같안]다|는데|[려으]면|지만|도록|거나|니까|면서|[어아]서|[었았했됐]고|해야|는지)$"
)
HASH = re.compile(r"^(?=.*\d)[0-9a-f]{8,}$")  # 해시, 키 지문


def words(text: str, separator: re.Pattern) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", INLINE_TAG.sub("", text))
    return [w.lower() for w in separator.split(text) if w]


def worth_indexing(stem: str, rules: dict) -> bool:
    cache = rules.setdefault("worth_cache", {})
    if stem not in cache:
        cache[stem] = _worth_indexing(stem, rules)
    return cache[stem]


MEASUREMENT = re.compile(r"\d{6}|\d[.:]\d")  # 시각, 순서 번호, 측정값
WORDLIKE = re.compile(r"\w")


def _worth_indexing(stem: str, rules: dict) -> bool:
    """Words a reader would search for: not a sentence ending ("있습니다"), not a bare particle or
    a function word ("그", "수"), not a measurement or a long number, not a hash or a long path."""
    return (
        len(stem) <= MAX_WORD
        and WORDLIKE.search(stem) is not None
        and not (stem.isdigit() and not 2 <= len(stem) <= 5)  # 포트·RFC 번호는 남기고
        and not MEASUREMENT.search(stem)
        and not HASH.match(stem)
        and PREDICATE.search(stem) is None
        and stem not in rules["endings_set"]
        and stem not in rules["index_stopwords"]
    )


QUOTE = re.compile(r"「[^」]*」")  # 원래 노트의 틀린 문장을 옮긴 인용 (흔한 오해, 정오표)


def compact(doc: dict, separator: re.Pattern, rules: dict, page_words: set[str]) -> dict:
    """A section as the worker indexes it: title, teaser text, and ``k``, the words of the rest
    that no earlier section of the same page has listed (``page_words``), once each."""
    endings = rules["endings"]
    head, rest = split_section(doc["text"])
    shown = {strip_ending(w, endings) for w in words(doc["title"] + " " + head, separator)}
    hidden = []
    for word in words(QUOTE.sub(" ", rest), separator):
        stem = strip_ending(word, endings)
        if stem in shown or stem in page_words or not worth_indexing(stem, rules):
            continue
        shown.add(stem)
        page_words.add(stem)
        hidden.append(stem)
    compacted = dict(doc, text=head)
    if hidden:
        compacted["k"] = " ".join(hidden)
    return compacted


def page_of(doc: dict) -> str:
    return doc["location"].split("#")[0]


def topical_words(docs: list[dict], separator: re.Pattern, rules: dict) -> dict[str, list[str]]:
    """Per page, the words it uses at least ``TOPICAL_COUNT`` times (most used first): they go
    once into the page's own entry, which Material ranks above its sections, so the page that
    is about known_hosts outranks a page that names it once."""
    counts: dict[str, Counter] = {}
    for doc in docs:
        text = QUOTE.sub(" ", doc["title"] + " " + doc["text"])
        stems = (strip_ending(w, rules["endings"]) for w in words(text, separator))
        counts.setdefault(page_of(doc), Counter()).update(s for s in stems if worth_indexing(s, rules))
    return {
        page: [word for word, n in counter.most_common(TOPICAL_MAX) if n >= TOPICAL_COUNT]
        for page, counter in counts.items()
    }


def drop_common_words(docs: list[dict]) -> list[dict]:
    """Words that more than COMMON_PAGES of the pages list ("서버", "요청") tell sections apart
    little: a section keeps them only in its title and teaser, a page on its own entry."""
    pages_of: dict[str, set[str]] = {}
    for doc in docs:
        for word in doc.get("k", "").split():
            pages_of.setdefault(word, set()).add(page_of(doc))
    limit = COMMON_PAGES * len({page_of(doc) for doc in docs})
    for doc in docs:
        if "#" in doc["location"] and doc.get("k"):
            kept = [word for word in doc["k"].split() if len(pages_of[word]) <= limit]
            if kept:
                doc["k"] = " ".join(kept)
            else:
                del doc["k"]
    return docs


def rewrite_index(path: Path, rules: dict) -> tuple[int, int]:
    index = json.loads(path.read_text(encoding="utf-8"))
    before = path.stat().st_size
    config = index["config"]
    separator = re.compile(config["separator"])
    topical = topical_words(index["docs"], separator, rules)
    page_words = {page: set(found) for page, found in topical.items()}
    docs = []
    for doc in index["docs"]:
        doc = compact(doc, separator, rules, page_words[page_of(doc)])
        if "#" not in doc["location"] and topical[page_of(doc)]:  # 페이지 자신의 항목
            doc["k"] = " ".join(topical[page_of(doc)] + doc.get("k", "").split())
        docs.append(doc)
    index["docs"] = drop_common_words(docs)
    config["fields"]["k"] = {"boost": 1.0}
    config["ko"] = {
        "endings": list(rules["endings"]),
        "synonyms": rules["synonyms"],
        "query_stopwords": rules["query_stopwords"],
    }
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return before, path.stat().st_size


# -- 3. 워커 ---------------------------------------------------------------------------


def on_config(config):
    env = config.theme.get_env()
    source, _, _ = env.loader.get_source(env, "base.html")
    found = MATERIAL_WORKER.search(source)
    if not found:
        log.warning("Material 의 base.html 에서 검색 워커 이름을 찾지 못했습니다 (Material 을 올렸나요?)")
        state["worker"] = None
        return config
    material = found.group(1)
    script = f"self.__netnotesMaterialWorker = {json.dumps(material)};\n" + WORKER_SOURCE.read_text(encoding="utf-8")
    digest = hashlib.sha256(script.encode()).hexdigest()[:8]
    state.update(worker=f"search-ko.{digest}.js", script=script, rules=load_rules())
    return config


def on_post_page(output: str, page, config) -> str:
    if not state.get("worker"):
        return output
    return MATERIAL_WORKER.sub(f"assets/javascripts/workers/{state['worker']}", output, count=1)


@event_priority(-50)  # search 플러그인(0)이 색인을 쓴 뒤, offline 플러그인(-100)이 싣기 전
def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    path = site / "search" / "search_index.json"
    if not state.get("worker") or not path.exists():
        return
    started = time.monotonic()
    before, after = rewrite_index(path, state["rules"])
    (site / "assets" / "javascripts" / "workers" / state["worker"]).write_text(state["script"], encoding="utf-8")
    log.info(
        "검색 색인: %d KiB → %d KiB (UTF-8, gzip 은 약 %d KiB), %.2f s",
        before // 1024,
        after // 1024,
        len(gzip.compress(path.read_bytes(), compresslevel=6)) // 1024,
        time.monotonic() - started,
    )
