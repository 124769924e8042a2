-- Per period: the children aged [0, 18) on its last day L (the aanmaakdatum for a running period).
create or replace table staging.periode_kinderen as
select k.kind_id, k.geboortedatum, k.datum_overlijden, k.datum_vestiging, k.datum_vertrek,
       p.periode_type, p.periode, p.begin, p.eind as l
from intern.kinderen k
join staging.periodes p
  on k.geboortedatum <= p.eind and p.eind < plus_jaar(k.geboortedatum, 18);
