"""Round 35, findings.unseen / stray_bidi directly: what the Tibetan and emoji exemptions and the closed-pair rule let
through (no site needed)."""
from __future__ import annotations

from r35_common import row

from gkssg.findings import BIDI_CONTROLS, INVISIBLE, stray_bidi, unseen


def main():
    for label, text in (("ZWJ between ☆ and ★ (U+2606, U+2605: 'emoji range', not an emoji sequence) in Chinese",
                         "国务院☆\u200d★办公厅"),
                        ("ZWJ between ❶ and ❷ (U+2776/7, enclosed numbers in the range)", "第❶\u200d❷条"),
                        ("ZWSP between two Tibetan digits ༢༠ (a number split in two for search)", "༢\u200b༠"),
                        ("ZWJ after U+FE0F then a symbol (☎\ufe0f\u200d✉)", "电话☎\ufe0f\u200d✉邮箱")):
        left = INVISIBLE.search(unseen(text))
        row(f"GK133's exemptions: {label}", "note" if not left else "holds",
            f"unseen({ascii(text)}) keeps an invisible character: {bool(left)}")
    for label, text in (("RLI א PDI then LRO outside", "\u2067א\u2069\u202d甲"),
                        ("RLE + Hebrew + tag characters (BN) + PDF", "\u202bא\U000e0041\U000e0042\u202c"),
                        ("RLE + Hebrew + ZWSP/ZWJ (BN) + PDF", "\u202bא\u200b\u200d\u202c"),
                        ("FSI whose first strong letter is Hebrew, Chinese after? (L: refused)", "\u2068א中\u2069")):
        stray = stray_bidi(text)
        row(f"GK130's closed pair: {label}", "holds" if (BIDI_CONTROLS.search(stray) is not None) == ("LRO" in label or "L:" in label)
            else "note", f"stray_bidi leaves bidi controls: {bool(BIDI_CONTROLS.search(stray))}; invisible left for GK133: "
            f"{bool(INVISIBLE.search(unseen(text)))}")


if __name__ == "__main__":
    main()
