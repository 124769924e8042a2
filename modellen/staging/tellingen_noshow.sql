-- No-show: the unit is the appointment. Noemer = activities of kind K in the period with outcome
-- 01-06, counted for the woongemeente on the activity date; teller = outcome 02.
create or replace table staging.tellingen_noshow as
with afspraken as (
    select c.kind_id, c.datum, c.uitkomst, w.gemeente_code,
           c.datum < plus_jaar(k.geboortedatum, 4) as jonger_dan_4,
           c.datum >= plus_jaar(k.geboortedatum, 4) and c.datum < plus_jaar(k.geboortedatum, 18) as van_4_tot_18
    from staging.contacten c
    join intern.kinderen k on k.kind_id = c.kind_id
    join staging.woongemeenten w on w.kind_id = c.kind_id and w.peildatum = c.datum
    join staging.gebieden g on g.gemeente_code = w.gemeente_code
    where c.uitkomst in ('01', '02', '03', '04', '05', '06')
),
per_indicator as (
    select 'noshow' as indicator, * from afspraken
    union all select 'noshow_0_4', * from afspraken where jonger_dan_4
    union all select 'noshow_4_18', * from afspraken where van_4_tot_18
)
select a.indicator, a.gemeente_code, p.periode_type, p.periode,
       count(*) filter (where a.uitkomst = '02') as teller, count(*) as noemer
from per_indicator a
join staging.periodes p on a.datum between p.begin and p.eind
group by all;
