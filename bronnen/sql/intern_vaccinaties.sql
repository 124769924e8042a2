-- intern.vaccinaties: one row per vaccination instance (G076), columns by name.
with vac as (
    select dossier, activiteit, inst,
        max(betekenis) filter (where el = 1409)::date as datum,
        max(betekenis) filter (where el = 461) as vaccinsoort,
        max(betekenis) filter (where el = 472) as partij,
        max(betekenis) filter (where el = 683) as bezwaar,
        max(betekenis) filter (where el = 686) as reden
    from rij where fase is null and groep = 'G076'
    group by dossier, activiteit, inst
)
select a.id || '-' || inst as vaccinatie_id, a.id as activiteit_id, p.kind_id, inst as instantie, datum,
    vaccinsoort, partij as partijnummer, bezwaar, reden as reden_enting
from (select vac.*, coalesce(act.id, pseudoniem(vac.dossier || chr(31) || vac.activiteit)) as id
      from vac left join act using (dossier, activiteit)) a
join pseudo p using (dossier)
