"""Checks that guard the figures; each returns a list of findings (empty = passed).

Plain functions on a DuckDB connection, so tests and Dagster asset checks use the same code.
"""

from __future__ import annotations

import duckdb

from bronnen.config import Config


def waarde_in_bereik(con: duckdb.DuckDBPyConnection, tabel: str, cfg: Config) -> list[str]:
    return [
        f"{r[0]} {r[1]} {r[2]}: waarde {r[3]}"
        for r in con.execute(
            f"""
            select w.indicator, w.gebied_code, w.periode, w.waarde
            from {tabel} w join intern.indicatoren i using (indicator)
            where w.waarde < 0 or w.waarde > case when i.eenheid = 'per 1000' then 1000 else 1 end
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
    can reach the reference date (bereik: 2 birth years; vaccinatie: the cohort; others: all)."""
    rijen = con.execute(
        f"""
        with geboren as (select year(geboortedatum) as jaar, count(*) as n from intern.kinderen group by 1),
        totaal as (select count(*) as n from intern.kinderen),
        grens as (
            select w.indicator, w.periode, w.noemer,
                case
                    when w.indicator like 'bereik%' then (
                        select coalesce(sum(n), 0) from geboren g
                        where g.jaar between cast(w.periode as integer) - t.tot
                                         and cast(w.periode as integer) - t.tot + 1)
                    when w.indicator like 'vaccinatie%' then (
                        select coalesce(sum(n), 0) from geboren g
                        where g.jaar = cast(w.periode as integer)
                                       - try_cast(regexp_extract(w.indicator, '_([0-9]+)j$', 1) as integer) - 1)
                    else (select n from totaal)
                end as maximum
            from {tabel} w
            left join (values ('bereik_zuigelingen', 1), ('bereik_peuters', 4), ('bereik_5_6_jaar', 7),
                              ('bereik_10_11_jaar', 12), ('bereik_13_14_jaar', 15)) t(indicator, tot)
              on t.indicator = w.indicator
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
                              or trend is not null
                              or (reden <> 'kleine aantallen' and noemer is not null))
        """
    ).fetchall()
    return [f"{r[0]} {r[1]} {r[2]}: onderdrukt maar niet leeg" for r in rijen]


CONTROLES = {
    f.__name__: f
    for f in (
        waarde_in_bereik,
        interval_bevat_waarde,
        werkgebied_is_som,
        alleen_geconfigureerde_gemeenten,
        noemer_plausibel,
        publicatie_onderdrukt_leeg,
    )
}
