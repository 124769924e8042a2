-- Per verslagjaar Y and age limit A: the children of cohort C = Y - A - 1, with peildatum
-- R = Y-01-01 (not after the aanmaakdatum). Only the cohorts some indicator with that A reports
-- (staging.vaccinatie_indicatoren: cohort_vanaf, cohort_tot, both inclusive, NULL is open).
create or replace table staging.vaccinatie_kinderen as
with jaren as (
    select cast(periode as integer) as jaar, make_date(cast(periode as integer), 1, 1) as r
    from staging.periodes
    where periode_type = 'jaar'
),
leeftijden as (
    select leeftijd, min(coalesce(cohort_vanaf, 0)) as vanaf, max(coalesce(cohort_tot, 9999)) as tot
    from staging.vaccinatie_indicatoren group by leeftijd
)
select k.kind_id, k.geslacht, k.geboortedatum, k.datum_overlijden, k.datum_vestiging,
       k.datum_vertrek, j.jaar, l.leeftijd, j.r
from intern.kinderen k
join leeftijden l on year(k.geboortedatum) between l.vanaf and l.tot
join jaren j on year(k.geboortedatum) = j.jaar - l.leeftijd - 1
where j.r <= (select aanmaakdatum from staging.parameters);
