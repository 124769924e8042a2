-- One row per stored activity with its pseudonym, computed once (HMAC is the costly part).
create or replace temp table act as
select dossier, activiteit, pseudoniem(dossier || chr(31) || activiteit) as id, * exclude (dossier, activiteit)
from (
    select dossier, activiteit,
        max(betekenis) filter (where el = 724)::date as datum,
        max(betekenis) filter (where el = 494) as soort_origineel,
        max(betekenis) filter (where el = 1605) as s1605,
        max(betekenis) filter (where el = 725) as s725,
        max(betekenis) filter (where el = 495) as s495,
        max(betekenis) filter (where el = 1577) as vorm,
        max(betekenis) filter (where el = 1599) as discipline,
        list_sort(list_distinct(list(betekenis) filter (where el = 1423))) as verzoekers,
        list_sort(list_distinct(list(betekenis) filter (where el = 1424))) as indicaties,
        max(betekenis) filter (where el = 1601) as verzuim,
        max(betekenis) filter (where el = 1603) as advies,
        max(betekenis) filter (where el = 1584) as schema
    from rij where fase is null and activiteit <> '' and groep = ''
    group by dossier, activiteit
)
