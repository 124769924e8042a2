-- A vaccination needs a valid date (1409) and vaccine (461).
update rij set fase = 'vaccinatie_onvolledig' where regel in (
    with vac as (
        select dossier, activiteit, inst,
            count(*) filter (where el = 1409) as n_datum,
            count(*) filter (where el = 461) as n_vaccin
        from rij where fase is null and groep = 'G076' group by all
    )
    select r.regel from rij r join vac v
      on r.dossier = v.dossier and r.activiteit = v.activiteit and r.inst = v.inst
    where r.fase is null and r.groep = 'G076' and (v.n_datum = 0 or v.n_vaccin = 0)
)
