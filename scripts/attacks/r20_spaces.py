"""Hostile round 20: characters that one reader takes for a space and the other does not. Python's str.split()
splits on U+001C–U+001F and U+0085 (NEL), JavaScript's /\\s+/ does not; JavaScript's splits on U+FEFF (BOM), Python's
does not (rewrite/tokenizer `fold(q).split()` against search.js `split(/\\s+/)`). A group is a phrase, two groups
are both anywhere: the two readers answer such queries differently. Site: tests/real (r20_common)."""
from r20_common import compare

QUERIES = ["国务院\x85通知", "国务院\x1c通知", "国务院\ufeff通知", "应急预案\x85通知", "人民政府\ufeff应急预案", "\ufeff国发〔2017〕39号",
           "国务院 通知", "国务院通知"]
if __name__ == "__main__":
    rows = compare("real", QUERIES)
    print("differ:", sum(not r[1] for r in rows), "of", len(rows))
