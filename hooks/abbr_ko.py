"""abbr 확장의 단어 경계를 ASCII 기준으로 바꿉니다: 'DNS는'처럼 한글 조사가 붙어도 약어로 인식."""

import re

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor


class KoreanAbbrTreeprocessor(AbbrTreeprocessor):
    def run(self, root):
        if not self.abbrs:
            return
        keys = sorted(self.abbrs, key=len, reverse=True)
        alternatives = "|".join(re.escape(key) for key in keys)
        # \b 는 한글도 단어 문자로 보므로, 앞뒤가 ASCII 영숫자·밑줄이 아닐 때만 매치
        self.RE = re.compile(rf"(?<![0-9A-Za-z_])(?:{alternatives})(?![0-9A-Za-z_])")
        self.iter_element(root)


class KoreanAbbrExtension(AbbrExtension):
    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(KoreanAbbrTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs):
    return KoreanAbbrExtension(**kwargs)
