-- Activities of kind K (contact met kind) with their normalised outcome.
create or replace table staging.contacten as
select a.kind_id, a.activiteit_id, a.datum, a.soort, a.uitkomst,
       is_verzuimconsult(a.indicaties, a.schoolverzuim) as verzuimconsult,
       a.advies_deelname
from intern.activiteiten a
where is_contact(a.soort);
