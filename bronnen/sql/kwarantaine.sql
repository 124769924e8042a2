-- beheer.kwarantaine: every quarantined row of this export. Parameter: $export_id.
insert into beheer.kwarantaine by name
select $export_id as export_id, r.regel, p.kind_id,
    case when regexp_full_match(r.element, '[0-9]{1,9}') then r.element end as element,
    r.fase as reden_code, w.reden,
    -- the value only for coded and date elements, and only when it has the shape of a
    -- code or a date: a name or BSN misplaced into a coded field is never kept
    case when r.fase in ('velden', 'dossier_leeg', 'dossier_te_lang',
                         'element_geen_getal', 'instantie_ongeldig') then null
         when e.type in ('code', 'gemeente', 'vaccin') and length(r.waarde) <= 4 then r.waarde
         when e.type = 'datum'
              and regexp_full_match(r.waarde, '([0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2})([T ][0-9:.]*)?')
         then left(r.waarde, 10) end as waarde
from rij r
left join pseudo p using (dossier)
left join ref_element e on e.el = r.el
join redenen w on w.code = r.fase
order by r.regel
