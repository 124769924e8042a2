-- beheer.weggelaten_elementen: rows dropped for privacy or as unused element, per element. Parameter: $export_id.
insert into beheer.weggelaten_elementen by name
select $export_id as export_id,
    case when regexp_full_match(element, '[0-9]{1,9}') then element else '?' end as element,
    fase as reden, count(*) as aantal
from rij where fase in ('privacy', 'ongebruikt') group by all
