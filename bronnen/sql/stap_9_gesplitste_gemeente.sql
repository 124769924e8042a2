-- An address whose gemeente was split over several successors.
update rij set fase = 'gesplitste_gemeente' where regel in (
    with gesplitst as (
        select distinct dossier, inst from rij
        where fase is null and el = 9 and betekenis like 'gesplitst:%'
    )
    select r.regel from rij r join gesplitst g on r.dossier = g.dossier and r.inst = g.inst
    where r.fase is null and r.groep = 'G001'
)
