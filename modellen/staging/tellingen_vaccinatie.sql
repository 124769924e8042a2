-- Vaccinatiegraad (RIVM method), per verslagjaar. The rules (components, doses, age, sex) come from
-- the indicator metadata (staging.vaccinatie_regels); vaccine components from the RIVM table.
create or replace table staging.tellingen_vaccinatie as
with geldig as (
    -- a valid dose: valid date and vaccine (quarantine saw to that), no objection, on or after birth
    select v.kind_id, v.datum, vs.componenten
    from intern.vaccinaties v
    join intern.kinderen k on k.kind_id = v.kind_id
    join staging.vaccinsoorten vs on vs.code = v.vaccinsoort
    where v.bezwaar is null and v.datum >= k.geboortedatum
),
doses as (
    -- several vaccinations of the same set on one date count as one dose
    select g.kind_id, r.indicator, count(distinct g.datum) as n
    from geldig g
    join intern.kinderen k on k.kind_id = g.kind_id
    join staging.vaccinatie_regels r
      on len(r.componenten) > 0 and list_has_all(g.componenten, r.componenten)
    where g.datum < plus_jaar(k.geboortedatum, r.leeftijd)
      and g.datum >= plus_jaar(k.geboortedatum, r.min_leeftijd)
    group by all
),
enkelvoudig as (
    select d.kind_id, d.indicator
    from doses d join staging.vaccinatie_regels r on r.indicator = d.indicator
    where d.n >= r.doses
),
samengesteld as (
    -- e.g. vaccinatie_volledig_2j: every one of its parts at once
    select e.kind_id, r.indicator
    from staging.vaccinatie_regels r
    join enkelvoudig e on list_contains(r.onderdelen, e.indicator)
    where len(r.onderdelen) > 0
    group by e.kind_id, r.indicator, r.onderdelen
    having count(distinct e.indicator) = len(r.onderdelen)
),
voldaan as (select * from enkelvoudig union all select * from samengesteld),
noemer as (
    select vk.kind_id, r.indicator, vk.jaar, w.gemeente_code
    from staging.vaccinatie_kinderen vk
    join staging.vaccinatie_regels r
      on r.leeftijd = vk.leeftijd and (r.geslacht = '' or r.geslacht = vk.geslacht)
    join staging.woongemeenten w on w.kind_id = vk.kind_id and w.peildatum = vk.r
    join staging.gebieden g on g.gemeente_code = w.gemeente_code
    where in_nederland(vk.geboortedatum, vk.datum_overlijden, vk.datum_vestiging, vk.datum_vertrek, vk.r)
)
select n.indicator, n.gemeente_code, 'jaar' as periode_type, cast(n.jaar as varchar) as periode,
       count(v.kind_id) as teller, count(*) as noemer
from noemer n
left join voldaan v on v.kind_id = n.kind_id and v.indicator = n.indicator
group by all;
