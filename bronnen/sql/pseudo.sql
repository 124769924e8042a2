-- The pseudonym of every dossier that keeps a row (stored or quarantined).
create or replace temp table pseudo as
select dossier, pseudoniem(dossier) as kind_id
from (
    select distinct dossier from rij
    where dossier <> '' and (fase is null or fase not in ('privacy', 'ongebruikt', 'duplicaat'))
)
