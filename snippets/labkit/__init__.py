"""labkit: the small amount of scaffolding the labs share.

Every lab under ``snippets/`` imports from here instead of copying server code.
The modules are shown in full on the page "실습을 실행하는 방법" (docs/how-to-run.md),
so a reader can read everything a lab runs.
"""
