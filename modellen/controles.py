"""Checks that guard the figures; each returns a list of findings (empty = passed).

Plain functions on a DuckDB connection, so tests and Dagster asset checks use the same code.
"""

from __future__ import annotations

import duckdb

from bronnen.config import Config
from modellen.metadata import indicatoren


def waarde_in_bereik(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    return [
        f"{r[0]} {r[1]} {r[2]}: waarde {r[3]}"
        for r in con.execute(
            f"""
            select w.indicator, w.gebied_code, w.periode, w.waarde
            from {tabel} w join intern.indicatoren i using (indicator)
            where w.waarde < 0 or w.waarde > i.schaal
            """
        ).fetchall()
    ]


def interval_bevat_waarde(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    return [
        f"{r[0]} {r[1]} {r[2]}: {r[3]} buiten [{r[4]}, {r[5]}]"
        for r in con.execute(
            f"""
            select indicator, gebied_code, periode, waarde, ci_onder, ci_boven from {tabel}
            where waarde is not null
              and (ci_onder is null or ci_boven is null or waarde < ci_onder or waarde > ci_boven)
            """
        ).fetchall()
    ]


def werkgebied_is_som(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    gebieden = [(g, r.naam) for r in cfg.regios for g in r.gemeenten]
    con.execute("create or replace temp table _gebieden (gemeente varchar, regio varchar)")
    con.executemany("insert into _gebieden values (?, ?)", gebieden)
    rijen = con.execute(
        f"""
        with gem as (
            select w.indicator, w.periode_type, w.periode, g.regio, w.teller, w.noemer
            from {tabel} w join _gebieden g on g.gemeente = w.gebied_code
            where w.gebied_type = 'gemeente'
        ),
        sommen as (
            select indicator, periode_type, periode, regio as gebied, sum(teller) t, sum(noemer) n
            from gem group by all
            union all
            select indicator, periode_type, periode, ?, sum(teller), sum(noemer) from gem group by all
        )
        select s.indicator, s.gebied, s.periode, s.t, w.teller
        from sommen s join {tabel} w
          on w.indicator = s.indicator and w.periode_type = s.periode_type and w.periode = s.periode
         and w.gebied_code = s.gebied and w.gebied_type in ('regio', 'werkgebied')
        where w.teller <> s.t or w.noemer <> s.n
        """,
        [cfg.organisatie],
    ).fetchall()
    return [f"{r[0]} {r[1]} {r[2]}: som {r[3]}, staat {r[4]}" for r in rijen]


def alleen_geconfigureerde_gemeenten(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    aanwezig = {
        r[0] for r in con.execute(f"select distinct gebied_code from {tabel} where gebied_type = 'gemeente'").fetchall()
    }
    verwacht = set(cfg.gemeenten)
    return [f"gemeente {g} staat niet in de configuratie" for g in sorted(aanwezig - verwacht)] + [
        f"gemeente {g} ontbreekt" for g in sorted(verwacht - aanwezig)
    ]


def noemer_plausibel(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    """Child-based noemers of the werkgebied cannot exceed the children born in the years that
    can reach the reference date (bereik: 2 birth years; vaccinatie: the cohort; others: all). The
    bereik window and the vaccination age limit come from intern.indicatoren (the metadata)."""
    rijen = con.execute(
        f"""
        with geboren as (select year(geboortedatum) as jaar, count(*) as n from intern.kinderen group by 1),
        totaal as (select count(*) as n from intern.kinderen),
        grens as (
            select w.indicator, w.periode, w.noemer,
                case
                    when i.venster_tot_jaren is not null then (
                        select coalesce(sum(n), 0) from geboren g
                        where g.jaar between cast(w.periode as integer) - i.venster_tot_jaren
                                         and cast(w.periode as integer) - i.venster_tot_jaren + 1)
                    when i.vaccinatie_leeftijd is not null then (
                        select coalesce(sum(n), 0) from geboren g
                        where g.jaar = cast(w.periode as integer) - i.vaccinatie_leeftijd - 1)
                    else (select n from totaal)
                end as maximum
            from {tabel} w
            left join intern.indicatoren i on i.indicator = w.indicator
            where w.gebied_type = 'werkgebied' and w.periode_type = 'jaar'
              and w.indicator not like 'noshow%' and w.indicator <> 'verzuim_volledig_deelnemen'
        )
        select indicator, periode, noemer, maximum from grens where noemer > maximum
        """
    ).fetchall()
    return [f"{r[0]} {r[1]}: noemer {r[2]} > {r[3]} kinderen" for r in rijen]


def publicatie_onderdrukt_leeg(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    rijen = con.execute(
        f"""
        select indicator, gebied_code, periode from {tabel}
        where onderdrukt and (teller is not null or waarde is not null or ci_onder is not null
                              or ci_boven is not null or vergelijking is not null or oordeel is not null
                              or norm is not null or trend is not null
                              or (reden <> 'kleine aantallen' and noemer is not null))
        """
    ).fetchall()
    return [f"{r[0]} {r[1]} {r[2]}: onderdrukt maar niet leeg" for r in rijen]


def _tellingen(con: duckdb.DuckDBPyConnection, tabel: str, indicatoren_: list[str]) -> dict[tuple, dict[str, tuple]]:
    """{(gebied_type, gebied_code, periode_type, periode): {indicator: (teller, noemer)}}."""
    uit: dict[tuple, dict[str, tuple]] = {}
    for ind, gtype, gcode, ptype, periode, teller, noemer in con.execute(
        f"""
        select indicator, gebied_type, gebied_code, periode_type, periode, teller, noemer from {tabel}
        where list_contains(?, indicator)
        """,
        [indicatoren_],
    ).fetchall():
        uit.setdefault((gtype, gcode, ptype, periode), {})[ind] = (teller, noemer)
    return uit


def _groep_telt_op(con: duckdb.DuckDBPyConnection, tabel: str, totaal: str) -> list[str]:
    """The indicator group of `totaal` in the metadata (`delen`, `groep_kolommen`): in every area and
    period where the total has a row, every part has one and the parts add up to the total."""
    meta = indicatoren()[totaal]
    delen, kolommen = list(meta["delen"]), list(meta["groep_kolommen"])
    fouten = []
    for (_, gcode, _, periode), rij in sorted(_tellingen(con, tabel, [totaal, *delen]).items()):
        waar = f"{totaal} {gcode} {periode}"
        if totaal not in rij:
            fouten.append(f"{waar}: wel {', '.join(sorted(rij))}, maar geen rij {totaal}")
            continue
        ontbreekt = [d for d in delen if d not in rij]
        if ontbreekt:
            fouten.append(f"{waar}: geen rij {', '.join(ontbreekt)}")
            continue
        for kolom in kolommen:
            i = 0 if kolom == "teller" else 1
            som = sum(rij[d][i] for d in delen)
            if som != rij[totaal][i]:
                fouten.append(f"{waar}: {kolom} {rij[totaal][i]}, som van {' + '.join(delen)} {som}")
    return fouten


def noshow_banden_tellen_op(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    """noshow = noshow_0_4 + noshow_4_18 in teller and noemer (spec: all three before the 18th
    birthday); suppression relies on it (rule 3)."""
    return _groep_telt_op(con, tabel, "noshow")


def verzuim_aandelen_tellen_op(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    """The four verzuim shares' tellers add up to their noemer, and that noemer is the teller of
    verzuim_per_1000 (same area and period); suppression relies on both (rules 3 and 4)."""
    fouten = _groep_telt_op(con, tabel, "verzuim_per_1000")
    koppelingen = [(i, m["noemer_is_teller_van"]) for i, m in indicatoren().items() if m.get("noemer_is_teller_van")]
    bronnen = sorted({b for _, b in koppelingen})
    rijen = _tellingen(con, tabel, [i for i, _ in koppelingen] + bronnen)
    for (_, gcode, _, periode), rij in sorted(rijen.items()):
        for ind, bron in koppelingen:
            if ind in rij and (bron not in rij or rij[ind][1] != rij[bron][0]):
                bron_teller = rij[bron][0] if bron in rij else "geen rij"
                fouten.append(f"{ind} {gcode} {periode}: noemer {rij[ind][1]}, teller van {bron} {bron_teller}")
    return fouten


def trend_op_gepubliceerde_jaren(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    """No published trend rests on a withheld or missing year (spec rule 6: all five years Y-4..Y
    are published rows of the same area), and no trend on a quarter or month."""
    rijen = con.execute(
        f"""
        select p.indicator, p.gebied_code, p.periode,
               (select count(*) from {tabel} v
                where v.indicator = p.indicator and v.gebied_type = p.gebied_type
                  and v.gebied_code = p.gebied_code and v.periode_type = 'jaar' and not v.onderdrukt
                  and try_cast(v.periode as integer)
                      between try_cast(p.periode as integer) - 4 and try_cast(p.periode as integer)) as jaren
        from {tabel} p
        where p.trend is not null
        """
    ).fetchall()
    return [f"{r[0]} {r[1]} {r[2]}: trend op {r[3]} gepubliceerde jaren in plaats van 5" for r in rijen if r[3] != 5]


CONTROLES = {
    f.__name__: f
    for f in (
        waarde_in_bereik,
        interval_bevat_waarde,
        werkgebied_is_som,
        alleen_geconfigureerde_gemeenten,
        noemer_plausibel,
        publicatie_onderdrukt_leeg,
        noshow_banden_tellen_op,
        verzuim_aandelen_tellen_op,
        trend_op_gepubliceerde_jaren,
    )
}
