-- Every row of the export (view bron_records) with its meaning and its per-row outcome (fase).
-- Parameters: $te_lang, $open_aanhalingsteken (the reader's codes for structural faults).
create or replace temp table rij as
with basis as (
    select r.regel, r.nvelden, r.dossier, r.activiteit, r.groep, r.instantie, r.element,
           try_cast(r.element as bigint) as el,
           try_cast(r.instantie as bigint) as inst,
           e.niveau, e.e_groep, e.type, e.domein, e.gebruik,
           -- the value only of stored elements: private and unused values are dropped here
           case when e.gebruik = 'gebruikt' and r.nvelden = 6 then r.waarde end as waarde
    from bron_records r
    left join ref_element e on e.el = try_cast(r.element as bigint)
),
betekenis as (
    select b.*,
        case b.type
            when 'datum' then strftime(try_strptime(
                regexp_extract(b.waarde, '^([0-9]{8}|[0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ].*)?$', 1),
                ['%Y%m%d', '%Y-%m-%d']), '%Y-%m-%d')
            when 'boolean' then case when lower(b.waarde) in ('true', 'false') then lower(b.waarde) end
            when 'postcode' then case when regexp_full_match(b.waarde, '[1-9][0-9]{3}( ?[A-Za-z]{2})?')
                                      then left(b.waarde, 4) end
            when 'tekst' then nullif(b.waarde, '')
            when 'vrije_code' then nullif(b.waarde, '')
            else w.betekenis
        end as betekenis
    from basis b
    left join ref_waarde w
      on w.sleutel = (case when b.type = 'code' then b.domein else b.type end) and w.code = b.waarde
)
-- one outcome per row from the per-row checks, in the contract's order; the later stages only
-- look at rows without one (fase NULL = stored so far)
select regel, dossier, activiteit, groep, instantie, element, el, inst, waarde, betekenis,
    case
        when nvelden = $te_lang then 'regel_te_lang'
        when nvelden = $open_aanhalingsteken then 'aanhalingsteken_open'
        when nvelden <> 6 then 'velden'
        when dossier = '' then 'dossier_leeg'
        when length(dossier) > 15 then 'dossier_te_lang'
        when not regexp_full_match(element, '[0-9]+') then 'element_geen_getal'
        when instantie <> '' and coalesce(inst, 0) < 1 then 'instantie_ongeldig'
        when instantie <> '' and not regexp_full_match(instantie, '[0-9]+') then 'instantie_ongeldig'
        when gebruik = 'privacy' then 'privacy'
        when gebruik is null then 'ongebruikt'
        when niveau = 'activiteit' and activiteit = '' then 'verkeerde_plaats'
        when niveau = 'dossier' and activiteit <> '' then 'verkeerde_plaats'
        when (groep = '') <> (instantie = '') then 'verkeerde_plaats'
        when groep <> '' and groep is distinct from e_groep then 'verkeerde_plaats'
        when groep = '' and e_groep in ('G001', 'G008', 'G076') then 'verkeerde_plaats'
        when waarde = '' then 'lege_waarde'
        when betekenis is null then case type
            when 'datum' then 'ongeldige_datum'
            when 'code' then 'ongeldige_code'
            when 'vaccin' then 'ongeldige_code'
            when 'gemeente' then 'onbekende_gemeente'
            else 'ongeldige_waarde' end
    end as fase
from betekenis
