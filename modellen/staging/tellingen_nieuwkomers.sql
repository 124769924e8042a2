-- Nieuwkomers: children aged [van, tot) on the last day L, in Nederland, at their woongemeente;
-- teller = vestiging in (L - maanden, L]. In beeld: of those who arrived at least min_dagen before
-- L, the ones with a gerealiseerd contact (K) from the vestiging up to and including L. The age band
-- and both windows come from the metadata (staging.leeftijdsgrenzen, staging.nieuwkomer_regels).
create or replace table staging.tellingen_nieuwkomers as
with regels as (
    select l.van_jaren, l.tot_jaren, r.maanden,
           (select min_dagen from staging.nieuwkomer_regels where indicator = 'nieuwkomers_in_beeld') as min_dagen
    from staging.leeftijdsgrenzen l
    join staging.nieuwkomer_regels r on r.indicator = l.indicator
    where l.indicator = 'nieuwkomers_aandeel'
),
noemer as (
    select pi.kind_id, pi.datum_vestiging, pi.periode_type, pi.periode, pi.l, pi.gemeente_code
    from staging.periode_inwoners pi, regels r
    where pi.l >= plus_jaar(pi.geboortedatum, r.van_jaren) and pi.l < plus_jaar(pi.geboortedatum, r.tot_jaren)
),
nieuw as (
    select n.* from noemer n, regels r
    where n.datum_vestiging > plus_maanden(n.l, -r.maanden) and n.datum_vestiging <= n.l
),
in_beeld_noemer as (
    select n.* from nieuw n, regels r where n.datum_vestiging <= n.l - r.min_dagen
),
gezien as (
    select distinct n.kind_id, n.periode_type, n.periode
    from in_beeld_noemer n
    join staging.contacten c
      on c.kind_id = n.kind_id and is_gerealiseerd(c.uitkomst)
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
