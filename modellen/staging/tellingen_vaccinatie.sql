-- Vaccinatiegraad (RIVM method), per verslagjaar. Every rule comes from the indicator metadata:
-- staging.vaccinatie_indicatoren (age limit A, sex, cohorts), staging.vaccinatie_sets (per set:
-- components, n, n_laat, laat_vanaf, min_leeftijd, booster) and staging.vaccinatie_onderdelen (a
-- composite indicator and its parts); vaccine components from the RIVM table.
create or replace table staging.tellingen_vaccinatie as
with set_vaccins as (
    -- which vaccine codes give a dose of which set: the code contains all components of the set
    select vs.code, s.indicator, s.set_nr
    from staging.vaccinsoorten vs
    join staging.vaccinatie_sets s on list_has_all(vs.componenten, s.componenten)
),
per_set as (
    -- the doses of a set: vaccinations without objection (quarantine removed those without a valid
    -- date and vaccine) dated in [geboortedatum + min_leeftijd, geboortedatum + A); several
    -- vaccinations of the same set on one date are one dose
    select v.kind_id, sv.indicator, sv.set_nr, count(distinct v.datum) as aantal, min(v.datum) as eerste,
           max(v.datum) as laatste, any_value(k.geboortedatum) as geboortedatum
    from intern.vaccinaties v
    join intern.kinderen k on k.kind_id = v.kind_id
    join set_vaccins sv on sv.code = v.vaccinsoort
    join staging.vaccinatie_sets s on s.indicator = sv.indicator and s.set_nr = sv.set_nr
    join staging.vaccinatie_indicatoren i on i.indicator = sv.indicator
    where v.bezwaar is null
      and v.datum >= plus_jaar(k.geboortedatum, s.min_leeftijd)
      and v.datum < plus_jaar(k.geboortedatum, i.leeftijd)
    group by v.kind_id, sv.indicator, sv.set_nr
),
set_compleet as (
    -- n doses, or n_laat when the first dose is on or after the laat_vanaf birthday (the 1st: a late
    -- start); and, with a booster age, one of those doses on or after it (the booster is one of the n)
    select p.kind_id, p.indicator, p.set_nr
    from per_set p
    join staging.vaccinatie_sets s on s.indicator = p.indicator and s.set_nr = p.set_nr
    where p.aantal >= case when p.eerste >= plus_jaar(p.geboortedatum, s.laat_vanaf) then s.n_laat else s.n end
      and (s.booster is null or p.laatste >= plus_jaar(p.geboortedatum, s.booster))
),
aantal_sets as (
    select indicator, count(*) as sets from staging.vaccinatie_sets group by indicator
),
enkelvoudig as (
    -- every set of the indicator complete
    select c.kind_id, c.indicator
    from set_compleet c
    join aantal_sets a on a.indicator = c.indicator
    group by c.kind_id, c.indicator, a.sets
    having count(*) = a.sets
),
samengesteld as (
    -- e.g. vaccinatie_volledig_2j: every one of its parts complete, each with its own rules
    select e.kind_id, o.indicator
    from staging.vaccinatie_onderdelen o
    join enkelvoudig e on e.indicator = o.onderdeel
    group by e.kind_id, o.indicator
    having count(*) = (select count(*) from staging.vaccinatie_onderdelen o2 where o2.indicator = o.indicator)
),
voldaan as (
    select kind_id, indicator from enkelvoudig
    union all
    select kind_id, indicator from samengesteld
),
noemer as (
    select vk.kind_id, i.indicator, vk.jaar, w.gemeente_code
    from staging.vaccinatie_kinderen vk
    join staging.vaccinatie_indicatoren i
      on i.leeftijd = vk.leeftijd
     and (i.geslacht is null or i.geslacht = vk.geslacht)
     and year(vk.geboortedatum) >= coalesce(i.cohort_vanaf, year(vk.geboortedatum))
     and year(vk.geboortedatum) <= coalesce(i.cohort_tot, year(vk.geboortedatum))
    join staging.woongemeenten w on w.kind_id = vk.kind_id and w.peildatum = vk.r
    join staging.gebieden g on g.gemeente_code = w.gemeente_code
    where in_nederland(vk.geboortedatum, vk.datum_overlijden, vk.datum_vestiging, vk.datum_vertrek, vk.r)
)
select n.indicator, n.gemeente_code, 'jaar' as periode_type, cast(n.jaar as varchar) as periode,
       count(v.kind_id) as teller, count(*) as noemer
from noemer n
left join voldaan v on v.kind_id = n.kind_id and v.indicator = n.indicator
group by all;
