-- intern.scholen: one row per school instance (G008), columns by name.
select p.kind_id, inst as instantie,
    max(betekenis) filter (where el = 605) as brin,
    max(betekenis) filter (where el = 1532) as schoolnaam,
    max(betekenis) filter (where el = 58) as soort_onderwijs,
    max(betekenis) filter (where el = 717) as groep_klas,
    max(betekenis) filter (where el = 1473)::date as startdatum,
    max(betekenis) filter (where el = 1474)::date as einddatum
from rij join pseudo p using (dossier)
where fase is null and groep = 'G008'
group by p.kind_id, inst
