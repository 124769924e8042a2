"""A straightforward pandas implementation of reading the export and computing bereik_zuigelingen
per gemeente for one year: the peer of the benchmark, not part of the product."""

from __future__ import annotations

import sys

import pandas as pd

from bronnen.referentie import gba_codes

K = {"01", "20", "22", "35", "37", "38", "39", "40", "41"}
SOORT_3X = {
    **{c: "37" for c in ("02", "03", "04", "05", "06", "07")},
    **{c: "38" for c in ("08", "09", "10")},
    **{c: "39" for c in ("11", "12", "13", "14", "15")},
    "16": "40", "17": "40", "19": "41", "21": "22", "23": "22", "27": "22",
}


def bereik_zuigelingen(pad: str, jaar: int, gemeenten: list[str]) -> dict[str, tuple[int, int]]:
    df = pd.read_csv(pad, sep=";", dtype=str, keep_default_na=False)
    gba = {g: c for g, c, _ in gba_codes() if c}
    dos = df[df["activiteit"] == ""]
    kind = dos[dos["groep"] == ""].pivot_table(index="dossier", columns="element", values="waarde", aggfunc="first")
    for el in ("20", "21", "27", "29"):
        if el not in kind:
            kind[el] = None
    kind = kind[["20", "21", "27", "29"]].apply(lambda s: pd.to_datetime(s, format="%Y%m%d", errors="coerce"))
    kind.columns = ["gb", "overlijden", "vestiging", "vertrek"]
    kind["r"] = kind["gb"] + pd.DateOffset(years=1) - pd.Timedelta(days=1)
    kind = kind[kind["r"].dt.year == jaar]

    def in_nl(rij) -> bool:
        r = rij["r"]
        if rij["gb"] > r or (pd.notna(rij["overlijden"]) and rij["overlijden"] <= r):
            return False
        v, w = rij["vestiging"], rij["vertrek"]
        v_voor = pd.notna(v) and v <= r
        w_voor = pd.notna(w) and w <= r
        if v_voor or w_voor:
            return v_voor and (not w_voor or v > w)
        return not (pd.notna(v) and (pd.isna(w) or v <= w))

    kind = kind[kind.apply(in_nl, axis=1)]
    adr = dos[dos["groep"] == "G001"].pivot_table(index=["dossier", "instantie"], columns="element", values="waarde", aggfunc="first").reset_index()
    for el in ("8", "9", "1453", "1454"):
        if el not in adr:
            adr[el] = None
    adr["start"] = pd.to_datetime(adr["1453"], format="%Y%m%d", errors="coerce")
    adr["eind"] = pd.to_datetime(adr["1454"], format="%Y%m%d", errors="coerce")
    adr["gemeente"] = adr["9"].map(gba)
    m = adr.merge(kind[["r", "gb"]], left_on="dossier", right_index=True)
    m["start"] = m["start"].fillna(m["gb"])
    m = m[(m["start"] <= m["r"]) & (m["eind"].isna() | (m["eind"] > m["r"]))]
    m["brp"] = (m["8"] == "01").astype(int)
    m["inst"] = m["instantie"].astype(int)
    m = m.sort_values(["dossier", "brp", "start", "inst"]).groupby("dossier").tail(1)
    woon = m.set_index("dossier")["gemeente"]
    kind = kind.join(woon.rename("gemeente"), how="inner")
    kind = kind[kind["gemeente"].isin(gemeenten)]
    act = df[df["activiteit"] != ""]
    act = act[act["groep"] == ""].pivot_table(index=["dossier", "activiteit"], columns="element", values="waarde", aggfunc="first").reset_index()
    for el in ("724", "494", "1605", "725", "495"):
        if el not in act:
            act[el] = None
    act["datum"] = pd.to_datetime(act["724"], format="%Y%m%d", errors="coerce")
    act["soort"] = act["494"].map(lambda s: SOORT_3X.get(s, s))
    status = act["1605"].where(act["1605"].notna() & (act["1605"] != ""))
    status = status.fillna(act["495"].map({"02": "02", "01": "03", "03": "07"}))
    status = status.fillna(act["725"].map({"01": "01", "02": "08"})).fillna("08")
    act = act[act["soort"].isin(K) & (status == "01")]
    a = act.merge(kind[["gb"]], left_on="dossier", right_index=True)
    a = a[(a["datum"] >= a["gb"] + pd.Timedelta(days=14)) & (a["datum"] < a["gb"] + pd.DateOffset(years=1))]
    bereikt = set(a["dossier"])
    uit = {}
    for g in gemeenten:
        k = kind[kind["gemeente"] == g]
        uit[g] = (int(k.index.isin(bereikt).sum()), len(k))
    return uit


if __name__ == "__main__":
    print(bereik_zuigelingen(sys.argv[1], int(sys.argv[2]), sys.argv[3].split(",")))
