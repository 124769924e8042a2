-- Per period: the children of staging.periode_kinderen who are in Nederland on its last day L, counted for
-- their woongemeente that day (only gemeenten of the werkgebied). The shared noemer of the
-- schoolverzuim and nieuwkomers indicators.
create or replace table staging.periode_inwoners as
select pk.kind_id, pk.geboortedatum, pk.datum_vestiging, pk.periode_type, pk.periode, pk.begin, pk.l,
       w.gemeente_code
from staging.periode_kinderen pk
join staging.woongemeenten w on w.kind_id = pk.kind_id and w.peildatum = pk.l
join staging.gebieden g on g.gemeente_code = w.gemeente_code
where in_nederland(pk.geboortedatum, pk.datum_overlijden, pk.datum_vestiging, pk.datum_vertrek, pk.l);
