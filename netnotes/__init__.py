"""The lab pipeline of 네트워크 노트, shared by the MkDocs hook, pytest and the command line.

* ``fences``    — the one finder of lab (``exec``) and Mermaid fences in ``docs/``
* ``runner``    — runs one lab as a reader would, in its own process group, and judges the run
* ``record``    — the results of the last build (``.cache/labs/results.json``), read by pytest
* ``snapshots`` — the approved output of every lab, with declared masks for volatile values
* ``capture``   — a lab's own packets, captured in its own network namespace, dissected by tshark
* ``config``    — every setting the pipeline reads from the environment, read in one place
"""
