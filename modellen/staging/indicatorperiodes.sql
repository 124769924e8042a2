-- The periods in which each indicator applies, with `volledig`: the rows of the grid. An indicator
-- that applies only from (or up to) some cohort or year has no rows at all for the other periods.
-- * vaccinatiegraad: jaar only, cohort C = Y - A - 1 within [cohort_vanaf, cohort_tot]; volledig
--   when the aanmaakdatum is at least three months after the peildatum Y-01-01.
-- * schoolverzuim: from 1 January of the startjaar; none without any verzuimconsult.
-- * the others: every reported period of their periodetypen.
create or replace table staging.indicatorperiodes as
select i.indicator, p.periode_type, p.periode,
       case when i.thema = 'vaccinatie'
            then (select aanmaakdatum from staging.parameters) >= plus_maanden(p.begin, 3)
            else p.volledig end as volledig
from staging.indicator_meta i
join staging.periodes p on list_contains(i.periodetypen, p.periode_type)
left join staging.vaccinatie_indicatoren v on v.indicator = i.indicator
where case
    when i.thema = 'vaccinatie' then
        try_cast(p.periode as integer) - v.leeftijd - 1 between coalesce(v.cohort_vanaf, 0) and coalesce(v.cohort_tot, 9999)
    when i.thema = 'verzuim' then
        p.begin >= (select make_date(startjaar, 1, 1) from staging.verzuim_startjaar)
    else true
end;
