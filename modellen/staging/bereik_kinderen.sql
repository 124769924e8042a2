-- Per child and age window (staging.bereik_vensters, from the metadata): the window [van, tot) and
-- its last day R = geboortedatum + tot - 1 dag, for the R's that fall in a reported period (and not
-- after the aanmaakdatum).
create or replace table staging.bereik_kinderen as
with grenzen as (
    select min(begin) as eerste, max(eind) as laatste from staging.periodes
),
kv as (
    select k.kind_id, v.indicator, k.geboortedatum, k.datum_overlijden, k.datum_vestiging,
           k.datum_vertrek,
           plus_jaar(k.geboortedatum, v.van_jaren) + v.van_dagen as van,
           plus_jaar(k.geboortedatum, v.tot_jaren) as tot
    from intern.kinderen k cross join staging.bereik_vensters v
)
select kv.kind_id, kv.indicator, kv.geboortedatum, kv.datum_overlijden, kv.datum_vestiging,
       kv.datum_vertrek, kv.van, kv.tot, kv.tot - 1 as r
from kv, grenzen g
where kv.tot - 1 between g.eerste and g.laatste;
