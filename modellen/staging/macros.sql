-- Shared definitions of the indicator spec, as DuckDB macros (temp: never stored in the file).

-- The common terms of the spec live here, once; every indicator-specific rule lives in the
-- indicator metadata files (modellen/indicatoren/*.toml) and reaches the SQL as staging tables.

-- Contact met kind (K): normalised kinds of activity (staging.contactsoorten, from
-- modellen/metadata.py CONTACTSOORTEN, which the texts of the metadata files use too).
create or replace temp macro is_contact(soort) as
    soort in (select code from staging.contactsoorten);

-- Gerealiseerd: normalised outcome (W0690) 01.
create or replace temp macro is_gerealiseerd(uitkomst) as uitkomst = '01';

-- An appointment for no-show: outcome 01-06 (07 afgezegd door JGZ and 08 onbekend left out); 02 is
-- niet verschenen zonder bericht.
create or replace temp macro is_afspraak(uitkomst) as uitkomst in ('01', '02', '03', '04', '05', '06');
create or replace temp macro is_niet_verschenen(uitkomst) as uitkomst = '02';

-- Verzuimconsult (M@ZL): indicatie activiteit (1424) 48 or element 1601 recorded (kind K is checked
-- by staging.contacten). Advice 1603 = 01: kan volledig deelnemen.
create or replace temp macro is_verzuimconsult(indicaties, schoolverzuim) as
    list_contains(coalesce(indicaties, []), '48') or schoolverzuim is not null;
create or replace temp macro kan_volledig_deelnemen(advies) as advies = '01';

-- Soort adres (8) 01: BRP (or COA).
create or replace temp macro is_brp(soort_adres) as soort_adres = '01';

-- "In Nederland op d": born, alive, and of vestiging (27) and vertrek (29) the most recent one on
-- or before d is the vestiging (same date: the vertrek wins); when neither is on or before d, in
-- the Netherlands unless the earlier of the two is a vestiging (on one date the vestiging is the
-- earlier, consistent with the vertrek winning).
create or replace temp macro in_nederland(gb, overlijden, vestiging, vertrek, d) as
    gb <= d
    and (overlijden is null or overlijden > d)
    and case
        when coalesce(vestiging <= d, false) or coalesce(vertrek <= d, false) then
            coalesce(vestiging <= d, false)
            and (vertrek is null or vertrek > d or vestiging > vertrek)
        else not (vestiging is not null and (vertrek is null or vestiging <= vertrek))
    end;

-- Calendar arithmetic that clamps to the month's last day (29 Feb + 1 year = 28 Feb).
create or replace temp macro plus_jaar(d, n) as (d + to_years(cast(n as integer)))::date;
create or replace temp macro plus_maanden(d, n) as (d + to_months(cast(n as integer)))::date;
