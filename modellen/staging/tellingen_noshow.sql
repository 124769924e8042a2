-- No-show: the unit is the appointment. Noemer = activities of kind K in the period with outcome
-- 01-06, counted for the woongemeente on the activity date; teller = outcome 02. Each indicator
-- counts the appointments in its age band [van, tot) (staging.leeftijdsgrenzen, from the metadata):
-- noshow [0, 18), noshow_0_4 [0, 4), noshow_4_18 [4, 18), so the bands add up to noshow.
create or replace table staging.tellingen_noshow as
with afspraken as (
    select c.kind_id, c.datum, c.uitkomst, k.geboortedatum, w.gemeente_code
    from staging.contacten c
    join intern.kinderen k on k.kind_id = c.kind_id
    join staging.woongemeenten w on w.kind_id = c.kind_id and w.peildatum = c.datum
    join staging.gebieden g on g.gemeente_code = w.gemeente_code
    where is_afspraak(c.uitkomst)
),
per_indicator as (
    select l.indicator, a.gemeente_code, a.datum, a.uitkomst
    from afspraken a
    join staging.indicator_meta i on i.thema = 'afspraken'
    join staging.leeftijdsgrenzen l
      on l.indicator = i.indicator
     and a.datum >= plus_jaar(a.geboortedatum, l.van_jaren)
     and a.datum < plus_jaar(a.geboortedatum, l.tot_jaren)
)
select a.indicator, a.gemeente_code, p.periode_type, p.periode,
       count(*) filter (where is_niet_verschenen(a.uitkomst)) as teller, count(*) as noemer
from per_indicator a
join staging.periodes p on a.datum between p.begin and p.eind
group by all;
