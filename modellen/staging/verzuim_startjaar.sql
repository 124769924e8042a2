-- Schoolverzuim startjaar: the first year with a gerealiseerd verzuimconsult that counts for the
-- werkgebied (the child's woongemeente on the consult date is one of its gemeenten). Quarantined
-- activities are not in intern.activiteiten. NULL when there is none: then no verzuim rows at all.
create or replace table staging.verzuim_startjaar as
select min(year(c.datum)) as startjaar
from staging.contacten c
join staging.woongemeenten w on w.kind_id = c.kind_id and w.peildatum = c.datum
join staging.gebieden g on g.gemeente_code = w.gemeente_code
where c.verzuimconsult and is_gerealiseerd(c.uitkomst);
