-- (kind_id, gemeente_code) of every child with an address valid on $peildatum.
-- Among the G001 instances whose period contains the date (missing start = since birth): those of
-- soort 01 (BRP) if there are any, else all; then the latest start, then the highest instantie.
-- gemeente_code is NULL when that address has no usable gemeente.
select a.kind_id,
    arg_max_null(a.gemeente_code, [
        case when a.soort_adres = '01' then 1 else 0 end,
        epoch_ms(coalesce(a.startdatum, k.geboortedatum)::timestamp),
        a.instantie]) as gemeente_code
from intern.adressen a join intern.kinderen k using (kind_id)
where coalesce(a.startdatum, k.geboortedatum) <= $peildatum
  and (a.einddatum is null or a.einddatum > $peildatum)
group by a.kind_id
