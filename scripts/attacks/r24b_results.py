"""Hostile round 24b: both readers on the real corpus (tests/real) and the demo, for variants of every public
document's 发文字号, 索引号 and title in the forms of this round (year first, any dash, 号 missing, 第, brackets of
every kind, trailing 规定 / 是什么意思, full-width digits, zero-width and RTL marks, emoji, Traditional characters,
queries near and past 24 characters, missing words) and random mutations of them. Page one of results (url,
fields matched, partial or not) and the missing words, `gkssg search` (query.search + query.missing) against the
page (gkssgSearch.results + gkssgSearch.missing). `python r24b_results.py [real|demo] [N random] [seed]`"""
import random
import re
import sys

from r24b_common import DATE, compare, load_and_check, site

DASHES = ["-", "‐", "‑", "‒", "–", "—", "―", "−", "﹣", "－", "＿", "_", "~", "～", "·"]
NOISE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u200e", "\u200f", "\u202e", "\u061c", "😀", "\ufe0f", " ", "\u3000", "\ufeff"]
TAILS = ["", "文件", "全文", "规定", "相关规定", "是什么意思", "文件规定全文", "文件pdf", " 文件", "号", "文件。", "的通知", "解读"]
OPEN_CLOSE = ["〔〕", "[]", "【】", "()", "（）", "{}", "﹝﹞", "〖〗", "［］", "《》", "<>", "「」"]
TRAD = str.maketrans("国发办号令务厅县区市政规划报",
                     "國發辦號令務廳縣區市政規劃報")
WORDS = ["新疆", "西藏", "年报", "十四五", "十三五", "十五五", "规划", "国令", "国务院令", "龘龘", "𠀀𠀁"]


def variants(doc_no: str, index_no: str, title: str, rng) -> list[str]:
    out = []
    m = re.match(r"^(.*?)[〔\[(（【]\s*((?:19|20)\d\d)\s*[〕\])）】]\s*第?0*(\d+)号$", doc_no or "")
    if m:
        code, year, serial = m.groups()
        oc = rng.choice(OPEN_CLOSE)
        d = rng.choice(DASHES)
        full = year.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        out += [f"{year}年{code}{serial}号", f"{year}{code}{serial}号", f"{year} {code} 第{serial}号", f"{code}{year}{d}{serial}号",
                f"{code}{year}{d}{serial}", f"{code}{oc[0]}{year}{oc[1]}{serial}号", f"{code}{year}年第{serial}号",
                f"{year}年{code}{serial}号{rng.choice(TAILS)}", f"{code}{full}{d}{serial}号", f"{code}{year}{d}{d}{serial}号",
                f"{code}{year}{rng.choice(NOISE)}{d}{serial}号", f"{(code + year).translate(TRAD)}{d}{serial}號",
                f"{year}年{code}{serial}号 {title[:10]}", f"{title[:20]}{year}年{code}{serial}号",
                f"{int(year) + 1}年{code}{serial}号", f"{year}年{code}{int(serial) + 1}号", f"{year}{code}{serial}",
                f"{code}{year}{d}{serial}号{rng.choice(TAILS)}", f"{year}{d}{code}{serial}号", f"{code}{serial}号{year}",
                f"第{year}年{code}{serial}号", f"{year}年度{code}{serial}号", f"{code}{year}年{serial}号{rng.choice(WORDS)}"]
    if index_no:
        d = rng.choice(DASHES)
        out += [index_no.replace("-", d), index_no.replace("/", d).replace("-", d), index_no.replace("-", d) + rng.choice(TAILS),
                rng.choice(NOISE) + index_no.replace("-", d), index_no.replace("-", d + d), index_no.lower().replace("-", "—"),
                index_no.replace("/", "／").replace("-", "－")]
    if title:
        out += [title[:24], title[:25], title[:23] + rng.choice(WORDS), rng.choice(WORDS) + " " + title[:12],
                title[:12].translate(TRAD), title[:10] + rng.choice(NOISE) + title[10:20], title[:8] + " " + rng.choice(WORDS) + " 年报"]
    return out


def mutate(q: str, rng) -> str:
    chars = list(q)
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(4)
        i = rng.randrange(len(chars) + 1)
        if op == 0 and chars:
            del chars[min(i, len(chars) - 1)]
        elif op == 1:
            chars.insert(i, rng.choice(DASHES + NOISE + ["年", "号", "第", "文件", "〔", "〕"]))
        elif op == 2 and chars:
            chars[min(i, len(chars) - 1)] = rng.choice(DASHES + NOISE + list("年号第0123456789"))
        else:
            chars.insert(i, rng.choice(WORDS))
    return "".join(chars)


def main(name=sys.argv[1] if len(sys.argv) > 1 else "real", n=int(sys.argv[2]) if len(sys.argv) > 2 else 300,
         seed=int(sys.argv[3]) if len(sys.argv) > 3 else 24):
    rng = random.Random(seed)
    root = site(name)
    docs = load_and_check(root, DATE)[0].public_documents()
    queries = []
    for doc in docs:
        queries += variants(doc.doc_no, doc.index_no, doc.title, rng)
    queries += [mutate(rng.choice(queries), rng) for _ in range(n)]
    queries += ["新疆 年报", "新疆年报", "龘龘 年报", "国令第797号", "国务院令第797号", "十四五规划", "“十四五”规划"]
    queries = list(dict.fromkeys(q for q in queries if q.strip()))
    print(f"{len(queries)} queries on {name}")
    compare(root, queries)


if __name__ == "__main__":
    main()
