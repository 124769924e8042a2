-- The full grid: every indicator x area (gemeente, regio, werkgebied) x period in which the
-- indicator applies (staging.indicatorperiodes), with teller and noemer (0 where nothing was counted). Regio and werkgebied are sums of gemeenten:
-- every child (or appointment) is counted at exactly one woongemeente.
create or replace table staging.indicatortellingen as
with tellingen as (
    select indicator, gemeente_code, periode_type, periode, teller, noemer from staging.tellingen_bereik
    union all select indicator, gemeente_code, periode_type, periode, teller, noemer from staging.tellingen_vaccinatie
    union all select indicator, gemeente_code, periode_type, periode, teller, noemer from staging.tellingen_noshow
    union all select indicator, gemeente_code, periode_type, periode, teller, noemer from staging.tellingen_verzuim
    union all select indicator, gemeente_code, periode_type, periode, teller, noemer from staging.tellingen_nieuwkomers
),
raster as (
    select ip.indicator, g.gemeente_code, g.regio, ip.periode_type, ip.periode, ip.volledig
    from staging.indicatorperiodes ip
    cross join staging.gebieden g
),
gemeente as (
    select r.indicator, r.gemeente_code, r.regio, r.periode_type, r.periode, r.volledig,
           coalesce(t.teller, 0) as teller, coalesce(t.noemer, 0) as noemer
    from raster r
    left join tellingen t
      on t.indicator = r.indicator and t.gemeente_code = r.gemeente_code
     and t.periode_type = r.periode_type and t.periode = r.periode
)
select indicator, 'gemeente' as gebied_type, gemeente_code as gebied_code, periode_type, periode,
       volledig, teller, noemer
from gemeente
union all
select indicator, 'regio', regio, periode_type, periode, volledig,
       cast(sum(teller) as bigint), cast(sum(noemer) as bigint)
from gemeente group by indicator, regio, periode_type, periode, volledig
union all
select indicator, 'werkgebied', (select organisatie from staging.parameters), periode_type, periode,
       volledig, cast(sum(teller) as bigint), cast(sum(noemer) as bigint)
from gemeente group by indicator, periode_type, periode, volledig;
