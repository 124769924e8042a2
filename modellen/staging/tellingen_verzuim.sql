-- Schoolverzuim (M@ZL). A verzuimconsult: activity of kind K with indicatie 48 or element 1601.
create or replace table staging.tellingen_verzuim as
with noemer as (
    -- children aged [4, 18) on the last day L of the period, in Nederland, at their woongemeente
    select kind_id, geboortedatum, periode_type, periode, begin, l, gemeente_code
    from staging.periode_inwoners
    where l >= plus_jaar(geboortedatum, 4)
),
consulten as (
    select kind_id, datum, advies_deelname from staging.contacten
    where verzuimconsult and uitkomst = '01'
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
    -- the school on that date, chosen like the woongemeente (latest start, highest instantie)
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
per_1000 as (
    select 'verzuim_per_1000' as indicator, n.gemeente_code, n.periode_type, n.periode,
           count(m.kind_id) as teller, count(*) as noemer
    from noemer n
    left join met_consult m
      on m.kind_id = n.kind_id and m.periode_type = n.periode_type and m.periode = n.periode
    group by all
),
aandelen as (
    select s.indicator, sc.gemeente_code, sc.periode_type, sc.periode,
           count(*) filter (where list_contains(s.codes, sc.soort)) as teller, count(*) as noemer
    from school sc
    cross join (values
        ('verzuim_aandeel_po', ['01', '15']),
        ('verzuim_aandeel_vo', ['02', '03', '04', '05', '06', '07', '08', '10', '11', '16', '18']),
        ('verzuim_aandeel_mbo', ['09', '12'])
    ) s(indicator, codes)
    group by all
),
advies as (
    -- unit: the gerealiseerd consult in the period with an advice, at the woongemeente on its date
    select 'verzuim_volledig_deelnemen' as indicator, w.gemeente_code, p.periode_type, p.periode,
           count(*) filter (where c.advies_deelname = '01') as teller, count(*) as noemer
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
