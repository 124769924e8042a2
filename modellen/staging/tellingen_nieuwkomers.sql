-- Nieuwkomers: children aged [0, 18) on the last day L, in Nederland, at their woongemeente;
-- teller = vestiging in (L - 24 months, L]. In beeld: of those who arrived at least 90 days before
-- L, the ones with a gerealiseerd contact (K) from the vestiging up to and including L.
create or replace table staging.tellingen_nieuwkomers as
with noemer as (
    select kind_id, datum_vestiging, periode_type, periode, l, gemeente_code
    from staging.periode_inwoners
),
nieuw as (
    select * from noemer
    where datum_vestiging > plus_maanden(l, -24) and datum_vestiging <= l
),
in_beeld_noemer as (
    select * from nieuw where datum_vestiging <= l - 90
),
gezien as (
    select distinct n.kind_id, n.periode_type, n.periode
    from in_beeld_noemer n
    join staging.contacten c
      on c.kind_id = n.kind_id and c.uitkomst = '01'
     and c.datum >= n.datum_vestiging and c.datum <= n.l
)
select 'nieuwkomers_aandeel' as indicator, n.gemeente_code, n.periode_type, n.periode,
       count(x.kind_id) as teller, count(*) as noemer
from noemer n
left join nieuw x on x.kind_id = n.kind_id and x.periode_type = n.periode_type and x.periode = n.periode
group by all
union all
select 'nieuwkomers_in_beeld', n.gemeente_code, n.periode_type, n.periode,
       count(g.kind_id), count(*)
from in_beeld_noemer n
left join gezien g on g.kind_id = n.kind_id and g.periode_type = n.periode_type and g.periode = n.periode
group by all;
