-- intern.kinderen: one row per dossier with a stored row (pseudonymised), columns by name.
select p.kind_id,
    arg_max(betekenis, regel) filter (where el = 19) as geslacht,
    max(betekenis) filter (where el = 20)::date as geboortedatum,
    max(betekenis) filter (where el = 21)::date as datum_overlijden,
    max(betekenis) filter (where el = 26) as land_herkomst,
    max(betekenis) filter (where el = 27)::date as datum_vestiging,
    max(betekenis) filter (where el = 28)::boolean as asielzoekerkind,
    max(betekenis) filter (where el = 29)::date as datum_vertrek,
    max(betekenis) filter (where el = 696) as dossier_status,
    arg_max(betekenis, coalesce(inst, 0)) filter (where el = 1197) as status_in_zorg,
    arg_max(betekenis, coalesce(inst, 0)) filter (where el = 487) as zorgbeeindiging,
    arg_max(betekenis, coalesce(inst, 0)) filter (where el = 488)::date as datum_zorgbeeindiging
from rij join pseudo p using (dossier)
where fase is null and activiteit = '' and groep not in ('G001', 'G008')
group by p.kind_id
