"""Hostile round 20: two glued numbers in one query. rewrite._GLUED has a look-behind (the Chinese character before
the year is not consumed), search.js's GLUED consumes it, so after a first match ending in 号 the second glued
number is rewritten by Python only: 国发20191号20182号 → 国发 〔2019〕1号 〔2018〕2号 (py) / 国发 〔2019〕1号20182号 (js).
Forms, relaxed forms and page 1 of both readers on tests/real."""
from r20_common import compare, page_pages, site  # noqa: F401

from gkssg.search.rewrite import forms, relaxed_forms

QUERIES = ["国办函200669号200670号", "国办函200669号200670号文件", "国办发2018124号2018123号", "国务院国办发2018124号2018123号"]
if __name__ == "__main__":
    for q in QUERIES:
        print(q, forms(q), relaxed_forms(q)[:4])
    rows = compare("real", QUERIES)
    print("differ:", sum(not r[1] for r in rows), "of", len(rows))
