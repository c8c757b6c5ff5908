"""Hostile round 24b: precision@1 of this round's forms on the real corpus (tests/real), judged mechanically: for
every public document with a 发文字号 (agency〔year〕serial号), the forms docs/search.md promises as exact — year
first (2017年国发39号, 2017国发39号, with 文件 / 全文 / 规定 / 相关规定 / 是什么意思 after), a hyphen or any dash
between year and serial (国发2017-39号, －, —, ‐, −, ﹣), full-width digits — must put that document first, as an
exact match; and for every 索引号, each dash typed for its '-' (and for its '/'). Also forms people type that are
not promised (double dash, ー / ─ / ﹘ / ⸺ from input methods, a space inside the serial), reported apart.
`python r24b_p1.py`"""
import re

from r24b_common import DATE, load_and_check, py_answers, site

PROMISED_DASHES = ["-", "‐", "‑", "‒", "–", "—", "―", "−", "﹣", "－"]
OTHER_DASHES = ["ー", "─", "﹘", "⸺", "--", "——", "_", "~"]
TAILS = ["", "文件", "全文", "规定", "相关规定", "是什么意思", "文件全文"]
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def main():
    root = site("real")
    docs = load_and_check(root, DATE)[0].public_documents()
    promised, other = [], []
    for d in docs:
        m = re.match(r"^(.*?)〔((?:19|20)\d\d)〕0*(\d+)号$", d.doc_no or "")
        if m and re.fullmatch(r"[\u4e00-\u9fff]+", m.group(1)):
            code, year, serial = m.groups()
            for tail in TAILS:
                promised += [(f"{year}年{code}{serial}号{tail}", d.url), (f"{year}{code}{serial}号{tail}", d.url)]
            promised += [(f"{code}{year}{dash}{serial}号", d.url) for dash in PROMISED_DASHES]
            promised += [(f"{code}{year.translate(WIDE)}-{serial.translate(WIDE)}号", d.url), (f"{code}{year}—{serial}号文件", d.url)]
            other += [(f"{code}{year}{dash}{serial}号", d.url) for dash in OTHER_DASHES]
        if d.index_no and "/" in d.index_no and "-" in d.index_no:
            promised += [(d.index_no.replace("-", dash), d.url) for dash in PROMISED_DASHES]
            other += [(d.index_no.replace("-", dash), d.url) for dash in OTHER_DASHES]
    for name, cases in (("promised", promised), ("not promised", other)):
        answers = py_answers(root, [q for q, _u in cases])
        wrong = [(q, u, res[0].url if res else None, res[0].exact if res else None)
                 for (q, u), (_p, _m, _t, res) in zip(cases, answers) if not res or res[0].url != u or not res[0].exact]
        first = sum(bool(res) and res[0].url == u for (q, u), (_p, _m, _t, res) in zip(cases, answers))
        print(f"{name}: {len(cases) - len(wrong)} of {len(cases)} exact and first; {first} first (exact or not)")
        for q, u, got, exact in sorted(wrong, key=lambda w: w[1] == w[2])[:12]:
            print(f"   {q!r}: want {u}, first {got} exact={exact}")


if __name__ == "__main__":
    main()
