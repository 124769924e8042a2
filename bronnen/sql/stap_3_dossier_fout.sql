-- Dossiers without exactly one valid geboortedatum on or before the aanmaakdatum. Parameter: $aanmaakdatum.
create or replace temp table dossier_fout as
with gb as (
    -- "exactly one meaning" is min = max: cheaper than count(distinct) on millions of rows
    select dossier, case when min(betekenis) = max(betekenis) then 1 else 2 end as n,
           min(betekenis)::date as geboortedatum
    from rij where fase is null and el = 20 group by dossier
),
dossiers as (select distinct dossier from rij where fase is null)
select d.dossier,
    case when gb.dossier is null then 'geboortedatum_ontbreekt'
         when gb.n > 1 then 'geboortedatum_conflict'
         when gb.geboortedatum > $aanmaakdatum then 'geboortedatum_na_aanmaak' end as reden
from dossiers d left join gb using (dossier)
where gb.dossier is null or gb.n > 1 or gb.geboortedatum > $aanmaakdatum
