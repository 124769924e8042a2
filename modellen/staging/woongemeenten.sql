-- Woongemeente on a date: among the address instances whose period contains the date (missing
-- start: since birth), those of soort 01 (BRP) if any, else all; the latest start; on equal
-- starts the highest instantie. NULL when that address has no usable gemeente. A child without a
-- row here has no woongemeente on that date.
create or replace table staging.woongemeenten as
select p.kind_id, p.peildatum,
       arg_max_null(a.gemeente_code, [
           case when is_brp(a.soort_adres) then 1 else 0 end,
           epoch_ms(coalesce(a.startdatum, k.geboortedatum)::timestamp),
           a.instantie]) as gemeente_code
from staging.peilmomenten p
join intern.kinderen k on k.kind_id = p.kind_id
join intern.adressen a
  on a.kind_id = p.kind_id
 and coalesce(a.startdatum, k.geboortedatum) <= p.peildatum
 and (a.einddatum is null or a.einddatum > p.peildatum)
group by p.kind_id, p.peildatum;
