-- The publication layer: the only source of factsheets and exports. Withheld fields are NULL, by
-- the flags that the suppression rules set in intern.indicatorwaarden. "kleine aantallen" keeps the
-- noemer; every other reden withholds the whole row. When the werkgebied row of a table is
-- withheld, no row of that table keeps its vergelijking or oordeel.
create or replace table publicatie.indicatorwaarden as
with werkgebied as (
    select indicator, periode_type, periode, onderdrukt as benchmark_onderdrukt
    from intern.indicatorwaarden
    where gebied_type = 'werkgebied'
)
select i.indicator, i.gebied_type, i.gebied_code, i.periode_type, i.periode, i.volledig,
       case when i.onderdrukt then null else i.teller end as teller,
       case when i.onderdrukt and i.reden <> 'kleine aantallen' then null else i.noemer end as noemer,
       case when i.onderdrukt then null else i.waarde end as waarde,
       case when i.onderdrukt then null else i.ci_onder end as ci_onder,
       case when i.onderdrukt then null else i.ci_boven end as ci_boven,
       case when i.onderdrukt or w.benchmark_onderdrukt then null else i.vergelijking end as vergelijking,
       case when i.onderdrukt or w.benchmark_onderdrukt then null else i.oordeel end as oordeel,
       case when i.onderdrukt then null else i.trend end as trend,
       i.onderdrukt, i.reden
from intern.indicatorwaarden i
join werkgebied w using (indicator, periode_type, periode)
order by i.indicator, i.gebied_type, i.gebied_code, i.periode_type, i.periode;
