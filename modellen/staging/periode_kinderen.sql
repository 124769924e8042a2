-- Per period: the children whose age on its last day L (the aanmaakdatum for a running period) is
-- within the widest age band of the period-based indicators (verzuim, nieuwkomers; their bands
-- [van, tot) come from staging.leeftijdsgrenzen). Each indicator applies its own band later.
create or replace table staging.periode_kinderen as
with band as (
    select min(l.van_jaren) as van, max(l.tot_jaren) as tot
    from staging.leeftijdsgrenzen l
    join staging.indicator_meta i on i.indicator = l.indicator
    where i.thema in ('verzuim', 'nieuwkomers')
)
select k.kind_id, k.geboortedatum, k.datum_overlijden, k.datum_vestiging, k.datum_vertrek,
       p.periode_type, p.periode, p.begin, p.eind as l
from intern.kinderen k
join staging.periodes p
  on k.geboortedatum <= p.eind
 and p.eind >= plus_jaar(k.geboortedatum, (select van from band))
 and p.eind < plus_jaar(k.geboortedatum, (select tot from band));
