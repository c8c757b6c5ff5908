"""Hostile round 25, row 1 (two previews at once): `gkssg search 齾齉 --date 2027-01-01` (the document is dated
2027-03-02: none expected) and `--date 2027-06-01` (one expected) run together, several times; both share
.gkssg/search/preview/, each updates it to its own date and then opens it. A preview answered with the other's
set is wrong for staff (not public). `python r25_two_previews.py` (after r25_preview.py kill: /tmp/h25/kill)."""
import json

from r25_common import WORK, gkssg


def main():
    root = WORK / "kill"
    wrong = 0
    for n in range(6):
        a = gkssg(root, "search", "齾齉", "--date", "2027-01-01", "--json", background=True)
        b = gkssg(root, "search", "齾齉", "--date", "2027-06-01", "--json", background=True)
        (oa, ea), (ob, eb) = a.communicate(), b.communicate()
        try:
            got = (len(json.loads(oa)), len(json.loads(ob)))
        except ValueError:
            got = (oa[-80:] + ea[-200:], ob[-80:] + eb[-200:])
        ok = got == (0, 1)
        wrong += not ok
        print(f"round {n}: 2027-01-01 -> {got[0]}, 2027-06-01 -> {got[1]} {'ok' if ok else 'WRONG'}", flush=True)
    print("wrong rounds:", wrong)


if __name__ == "__main__":
    main()
