-- intern.adressen: one row per address instance (G001), columns by name.
select p.kind_id, inst as instantie,
    max(betekenis) filter (where el = 8) as soort_adres,
    max(waarde) filter (where el = 9) as gemeente_gba,
    max(betekenis) filter (where el = 9) as gemeente_code,
    max(betekenis) filter (where el = 16) as postcode4,
    max(betekenis) filter (where el = 1453)::date as startdatum,
    max(betekenis) filter (where el = 1454)::date as einddatum
from rij join pseudo p using (dossier)
where fase is null and groep = 'G001'
group by p.kind_id, inst
