-- The publication layer: the only source of factsheets and exports. Withheld fields are NULL, by the
-- flags that the suppression rules set in intern.indicatorwaarden (spec, "Publication and
-- suppression"):
-- * a withheld row loses teller, waarde, interval, vergelijking, oordeel, norm and trend; its noemer
--   stays only under "kleine aantallen" (rule 2), unless the row is a linked row (rule 4) whose noemer
--   is the withheld teller of its source row (temp table _gekoppeld: indicator, bron, from the
--   metadata key noemer_is_teller_van);
-- * rule 5: when the werkgebied row of a table is withheld, no row of that table keeps its
--   vergelijking or oordeel;
-- * rule 6: a trend is published only when all five years Y-4..Y are published rows of the same area.
create or replace table publicatie.indicatorwaarden as
with werkgebied as (
    select indicator, periode_type, periode, onderdrukt as benchmark_onderdrukt
    from intern.indicatorwaarden
    where gebied_type = 'werkgebied'
),
bron_onderdrukt as (
    select k.indicator, b.gebied_type, b.gebied_code, b.periode_type, b.periode
    from _gekoppeld k
    join intern.indicatorwaarden b on b.indicator = k.bron
    where b.onderdrukt
),
gepubliceerde_jaren as (
    select indicator, gebied_type, gebied_code, cast(periode as integer) as jaar
    from intern.indicatorwaarden
    where periode_type = 'jaar' and not onderdrukt
),
trend_gedekt as (
    select j.indicator, j.gebied_type, j.gebied_code, 'jaar' as periode_type, cast(j.jaar as varchar) as periode
    from gepubliceerde_jaren j
    join gepubliceerde_jaren v
      on v.indicator = j.indicator and v.gebied_type = j.gebied_type and v.gebied_code = j.gebied_code
     and v.jaar between j.jaar - 4 and j.jaar
    group by all
    having count(*) = 5
)
select i.indicator, i.gebied_type, i.gebied_code, i.periode_type, i.periode, i.volledig,
       case when i.onderdrukt then null else i.teller end as teller,
       case when i.onderdrukt and (i.reden <> 'kleine aantallen' or b.indicator is not null) then null
            else i.noemer end as noemer,
       case when i.onderdrukt then null else i.waarde end as waarde,
       case when i.onderdrukt then null else i.ci_onder end as ci_onder,
       case when i.onderdrukt then null else i.ci_boven end as ci_boven,
       case when i.onderdrukt or coalesce(w.benchmark_onderdrukt, true) then null else i.vergelijking end
           as vergelijking,
       case when i.onderdrukt or coalesce(w.benchmark_onderdrukt, true) then null else i.oordeel end as oordeel,
       case when i.onderdrukt then null else i.norm end as norm,
       case when i.onderdrukt or t.indicator is null then null else i.trend end as trend,
       i.onderdrukt, i.reden
from intern.indicatorwaarden i
left join werkgebied w using (indicator, periode_type, periode)
left join bron_onderdrukt b using (indicator, gebied_type, gebied_code, periode_type, periode)
left join trend_gedekt t using (indicator, gebied_type, gebied_code, periode_type, periode)
order by i.indicator, i.gebied_type, i.gebied_code, i.periode_type, i.periode;
