-- Reported periods: jaar from the export's year - 10; kwartaal and maand from January two years
-- back; each up to the period that contains the aanmaakdatum. A running period ends (eind) on the
-- aanmaakdatum and is not volledig.
create or replace table staging.periodes as
with p as (select aanmaakdatum as a, year(aanmaakdatum) as j from staging.parameters),
jaren as (
    select 'jaar' as periode_type, cast(y as varchar) as periode,
           make_date(y, 1, 1) as begin, make_date(y, 12, 31) as laatste
    from p, range(p.j - 10, p.j + 1) t(y)
),
kwartalen as (
    select 'kwartaal', y || '-Q' || q, make_date(y, 3 * q - 2, 1),
           plus_maanden(make_date(y, 3 * q - 2, 1), 3) - 1
    from p, range(p.j - 2, p.j + 1) t(y), range(1, 5) u(q)
    where make_date(y, 3 * q - 2, 1) <= p.a
),
maanden as (
    select 'maand', strftime(make_date(y, m, 1), '%Y-%m'), make_date(y, m, 1),
           plus_maanden(make_date(y, m, 1), 1) - 1
    from p, range(p.j - 2, p.j + 1) t(y), range(1, 13) u(m)
    where make_date(y, m, 1) <= p.a
),
alle as (
    select * from jaren union all select * from kwartalen union all select * from maanden
)
select alle.periode_type, alle.periode, alle.begin, alle.laatste,
       alle.laatste <= p.a as volledig,
       least(alle.laatste, p.a) as eind
from alle, p;
