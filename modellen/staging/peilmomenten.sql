-- Every (child, date) on which some indicator needs the woongemeente: reference dates, last days of
-- periods, contacts in the reported periods, and every gerealiseerd verzuimconsult (whatever its
-- date: the schoolverzuim startjaar may lie before the reported periods).
create or replace table staging.peilmomenten as
select distinct kind_id, peildatum from (
    select kind_id, r as peildatum from staging.bereik_kinderen
    union all
    select kind_id, r from staging.vaccinatie_kinderen
    union all
    select kind_id, l from staging.periode_kinderen
    union all
    select c.kind_id, c.datum from staging.contacten c
    where c.datum >= (select min(begin) from staging.periodes)
       or (c.verzuimconsult and is_gerealiseerd(c.uitkomst))
);
