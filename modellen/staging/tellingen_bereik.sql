-- Bereik: noemer = children whose window ends (R) in the period, in Nederland on R, counted for
-- their woongemeente on R; teller = those with a gerealiseerd contact (K, status 01) in [van, tot).
create or replace table staging.tellingen_bereik as
with noemer as (
    select b.kind_id, b.indicator, b.van, b.tot, b.r, w.gemeente_code
    from staging.bereik_kinderen b
    join staging.woongemeenten w on w.kind_id = b.kind_id and w.peildatum = b.r
    join staging.gebieden g on g.gemeente_code = w.gemeente_code
    where in_nederland(b.geboortedatum, b.datum_overlijden, b.datum_vestiging, b.datum_vertrek, b.r)
),
bereikt as (
    select distinct n.kind_id, n.indicator
    from noemer n
    join staging.contacten c on c.kind_id = n.kind_id
    where is_gerealiseerd(c.uitkomst) and c.datum >= n.van and c.datum < n.tot
)
select n.indicator, n.gemeente_code, p.periode_type, p.periode,
       count(b.kind_id) as teller, count(*) as noemer
from noemer n
join staging.periodes p on n.r between p.begin and p.eind
left join bereikt b on b.kind_id = n.kind_id and b.indicator = n.indicator
group by all;
