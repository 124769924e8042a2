-- Schoolverzuim (M@ZL). A verzuimconsult: activity of kind K with indicatie 48 or element 1601.
-- Age band of verzuim_per_1000 and the school types of the shares come from the metadata
-- (staging.leeftijdsgrenzen, staging.schoolsoorten). Periods before the startjaar are dropped by
-- staging.indicatorperiodes.
create or replace table staging.tellingen_verzuim as
with band as (
    select van_jaren, tot_jaren from staging.leeftijdsgrenzen where indicator = 'verzuim_per_1000'
),
noemer as (
    -- children aged [van, tot) on the last day L of the period, in Nederland, at their woongemeente
    select pi.kind_id, pi.geboortedatum, pi.periode_type, pi.periode, pi.begin, pi.l, pi.gemeente_code
    from staging.periode_inwoners pi, band b
    where pi.l >= plus_jaar(pi.geboortedatum, b.van_jaren) and pi.l < plus_jaar(pi.geboortedatum, b.tot_jaren)
),
consulten as (
    select kind_id, datum, advies_deelname from staging.contacten
    where verzuimconsult and is_gerealiseerd(uitkomst)
),
met_consult as (
    -- teller children of verzuim_per_1000, with the date of their first consult in the period
    select n.kind_id, n.geboortedatum, n.periode_type, n.periode, n.gemeente_code,
           min(c.datum) as eerste
    from noemer n
    join consulten c on c.kind_id = n.kind_id and c.datum between n.begin and n.l
    group by all
),
school as (
    -- the school on that date, chosen like the woongemeente (latest start, highest instantie);
    -- NULL soort: no school that day, or a school without a valid soort onderwijs
    select m.kind_id, m.periode_type, m.periode, m.gemeente_code,
           arg_max_null(s.soort_onderwijs, [
               epoch_ms(coalesce(s.startdatum, m.geboortedatum)::timestamp), s.instantie]) as soort
    from met_consult m
    left join intern.scholen s
      on s.kind_id = m.kind_id
     and coalesce(s.startdatum, m.geboortedatum) <= m.eerste
     and (s.einddatum is null or s.einddatum > m.eerste)
    group by all
),
school_aandeel as (
    -- each child in exactly one share: the one listing its soort, else the `overig` share
    select sc.*, coalesce(
               (select ss.indicator from staging.schoolsoorten ss where ss.soort = sc.soort),
               (select ss.indicator from staging.schoolsoorten ss where ss.overig)) as aandeel
    from school sc
),
per_1000 as (
    select 'verzuim_per_1000' as indicator, n.gemeente_code, n.periode_type, n.periode,
           count(m.kind_id) as teller, count(*) as noemer
    from noemer n
    left join met_consult m
      on m.kind_id = n.kind_id and m.periode_type = n.periode_type and m.periode = n.periode
    group by all
),
aandelen as (
    select a.indicator, sa.gemeente_code, sa.periode_type, sa.periode,
           count(*) filter (where sa.aandeel = a.indicator) as teller, count(*) as noemer
    from school_aandeel sa
    cross join (select distinct indicator from staging.schoolsoorten) a
    group by all
),
advies as (
    -- unit: the gerealiseerd consult in the period with an advice, at the woongemeente on its date
    select 'verzuim_volledig_deelnemen' as indicator, w.gemeente_code, p.periode_type, p.periode,
           count(*) filter (where kan_volledig_deelnemen(c.advies_deelname)) as teller, count(*) as noemer
    from consulten c
    join staging.woongemeenten w on w.kind_id = c.kind_id and w.peildatum = c.datum
    join staging.gebieden g on g.gemeente_code = w.gemeente_code
    join staging.periodes p on c.datum between p.begin and p.eind
    where c.advies_deelname is not null
    group by all
)
select * from per_1000
union all select * from aandelen
union all select * from advies;
