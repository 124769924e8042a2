"""Dagster assets for the figures: intern.indicatorwaarden and publicatie.indicatorwaarden."""

import dagster as dg

from factsheets.inhoud import kerncijfers
from modellen.bouw import bouw_intern, bouw_publicatie, huidige_aanmaakdatum
from modellen.controles import CONTROLES
from modellen.perioden import vaccinatie_verslagjaar
from pipelines.inlezen import intern_records
from pipelines.resources import JgzOmgeving
from pipelines.voortgang import meld


@dg.asset(
    group_name="indicatoren",
    deps=[intern_records],
    description=(
        "Alle indicatoren per gemeente, regio en werkgebied en per gerapporteerde periode, met "
        "interval, vergelijking met de rest van het werkgebied, oordeel, norm en trend (niet onderdrukt; "
        "onderdrukt en reden zeggen wat de publicatie achterhoudt), plus intern.indicatoren."
    ),
)
def intern_indicatorwaarden(context: dg.AssetExecutionContext, jgz: JgzOmgeving) -> dg.MaterializeResult:
    cfg = jgz.config()
    con = jgz.werkbestand(context.run_id, ("beheer", "intern"))
    try:
        aanmaak = huidige_aanmaakdatum(con)
        meld("indicatoren berekenen")
        waarden = bouw_intern(con, cfg, aanmaak)
        periode = jgz.periode_voor(aanmaak)
        kern = kerncijfers(cfg.thema)
        vacc_periode = vaccinatie_verslagjaar(periode, aanmaak)
        rijen = con.execute(
            f"""
            select gebied_code, indicator, round(waarde, 3)
            from intern.indicatorwaarden
            where gebied_type = 'gemeente' and periode_type = 'jaar'
              and indicator in ({", ".join("?" for _ in kern)})
              and periode = case when indicator like 'vaccinatie%' then ? else ? end
            order by gebied_code, indicator
            """,
            [*kern, vacc_periode, periode],
        ).fetchall()
    finally:
        con.close()
    tabel: dict[str, dict[str, float | None]] = {}
    for code, indicator, waarde in rijen:
        tabel.setdefault(code, {})[indicator] = waarde
    regels = ["| gemeente | " + " | ".join(kern) + " |", "|---" * (len(kern) + 1) + "|"]
    for code, w in tabel.items():
        regels.append(f"| {code} | " + " | ".join("" if w.get(i) is None else str(w.get(i)) for i in kern) + " |")
    return dg.MaterializeResult(
        metadata={
            "rijen": len(waarden),
            "onderdrukt": int(waarden["onderdrukt"].sum()),
            "aanmaakdatum": aanmaak.isoformat(),
            f"kerncijfers_{periode}": dg.MetadataValue.md("\n".join(regels)),
        }
    )


@dg.asset(
    group_name="indicatoren",
    deps=[intern_indicatorwaarden],
    description="De gepubliceerde cijfers: onderdrukte velden leeg. De enige bron voor factsheets en exports.",
)
def publicatie_indicatorwaarden(context: dg.AssetExecutionContext, jgz: JgzOmgeving) -> dg.MaterializeResult:
    con = jgz.werkbestand(context.run_id, ("beheer", "intern"))
    try:
        bouw_publicatie(con)
        rijen, onderdrukt = con.execute(
            "select count(*), count(*) filter (where onderdrukt) from publicatie.indicatorwaarden"
        ).fetchone()
        per_reden = con.execute(
            "select reden, count(*) from publicatie.indicatorwaarden where onderdrukt group by 1 order by 1"
        ).fetchall()
    finally:
        con.close()
    return dg.MaterializeResult(
        metadata={
            "rijen": rijen,
            "onderdrukt": onderdrukt,
            "onderdrukt_per_reden": dg.MetadataValue.md(
                "| reden | rijen |\n|---|---|\n" + "\n".join(f"| {r} | {n} |" for r, n in per_reden)
            ),
        }
    )


def _controle(naam: str, beschrijving: str, asset, tabel: str):
    @dg.asset_check(asset=asset, name=naam, blocking=True, description=beschrijving)
    def _check(context: dg.AssetCheckExecutionContext, jgz: JgzOmgeving) -> dg.AssetCheckResult:
        con = jgz.werkbestand(context.run.run_id, ("beheer", "intern"))
        try:
            fouten = CONTROLES[naam](con, tabel, jgz.config())
        finally:
            con.close()
        return dg.AssetCheckResult(
            passed=not fouten,
            metadata={
                "afwijkingen": len(fouten),
                "voorbeelden": dg.MetadataValue.md("\n".join(f"- {f}" for f in fouten[:10]) or "geen"),
            },
        )

    return _check


CHECKS = [
    _controle(naam, beschrijving, asset, tabel)
    for asset, tabel in ((intern_indicatorwaarden, "intern.indicatorwaarden"),)
    for naam, beschrijving in (
        ("waarde_in_bereik", "Elke waarde ligt in [0, 1] (per 1000: [0, 1000])."),
        ("interval_bevat_waarde", "Elk interval bevat zijn waarde."),
        (
            "werkgebied_is_som",
            "Teller en noemer van werkgebied en regio zijn de som van hun gemeenten.",
        ),
        (
            "alleen_geconfigureerde_gemeenten",
            "Geen gemeente buiten de configuratie, en elke geconfigureerde gemeente is er.",
        ),
        (
            "noemer_plausibel",
            "Geen noemer groter dan het aantal kinderen van die leeftijd in intern.kinderen.",
        ),
        (
            "noshow_banden_tellen_op",
            "noshow = noshow_0_4 + noshow_4_18 in teller en noemer, per gebied en periode.",
        ),
        (
            "verzuim_aandelen_tellen_op",
            "De tellers van de vier verzuimaandelen tellen op tot hun noemer, de teller van verzuim_per_1000.",
        ),
    )
] + [
    _controle(naam, beschrijving, publicatie_indicatorwaarden, "publicatie.indicatorwaarden")
    for naam, beschrijving in (
        ("publicatie_onderdrukt_leeg", "Onderdrukte velden zijn leeg in de publicatie."),
        (
            "trend_op_gepubliceerde_jaren",
            "Geen gepubliceerde trend rust op een onderdrukt of ontbrekend jaar (alle vijf jaren zijn gepubliceerd).",
        ),
    )
]
