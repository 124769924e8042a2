-- Shared definitions of the indicator spec, as DuckDB macros (temp: never stored in the file).

-- Contact met kind (K): normalised kinds of activity.
create or replace temp macro is_contact(soort) as
    soort in ('01', '20', '22', '35', '37', '38', '39', '40', '41');

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
