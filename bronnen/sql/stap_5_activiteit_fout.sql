-- Activities without exactly one valid date and kind within [birth, aanmaakdatum]. Parameter: $aanmaakdatum.
create or replace temp table activiteit_fout as
with gb as (
    select dossier, min(betekenis)::date as geboortedatum
    from rij where fase is null and el = 20 group by dossier
),
act as (
    select dossier, activiteit,
        case when min(betekenis) filter (where el = 724) is null then 0
             when min(betekenis) filter (where el = 724) = max(betekenis) filter (where el = 724) then 1
             else 2 end as n_datum,
        min(betekenis) filter (where el = 724)::date as datum,
        case when min(betekenis) filter (where el = 494) is null then 0
             when min(betekenis) filter (where el = 494) = max(betekenis) filter (where el = 494) then 1
             else 2 end as n_soort
    from rij where fase is null and activiteit <> ''
    group by dossier, activiteit
)
select act.dossier, act.activiteit,
    case when n_datum <> 1 then 'activiteit_datum'
         when n_soort <> 1 then 'activiteit_soort'
         when datum > $aanmaakdatum then 'activiteit_na_aanmaak'
         when datum < gb.geboortedatum then 'activiteit_voor_geboorte' end as reden
from act
left join gb on gb.dossier = act.dossier
where n_datum <> 1 or n_soort <> 1 or datum > $aanmaakdatum or datum < gb.geboortedatum
