-- Rows that share (dossier, activiteit, groep, instantie, element) with another: the only ones that can be
-- duplicates or conflicts. Parameter: $voor_duplicaat (outcomes that come before duplicate).
create or replace temp table kandidaat as
select regel, dossier, activiteit, groep, instantie, element, el, inst, waarde, betekenis
from rij
where (fase is null or not list_contains($voor_duplicaat, fase))
  and hash(dossier, activiteit, groep, inst, el) in (
      select hash(dossier, activiteit, groep, inst, el) from rij
      where fase is null or not list_contains($voor_duplicaat, fase)
      group by 1 having count(*) > 1)
