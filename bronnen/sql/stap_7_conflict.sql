-- Conflicting values of a single-valued element within its scope (only candidates can conflict).
update rij set fase = 'conflict' where regel in (
    with bereik as (
        select k.regel, k.dossier, k.activiteit, k.groep, k.inst, k.el, k.betekenis
        from kandidaat k
        join ref_element e on e.el = k.el
        join rij r on r.regel = k.regel
        where r.fase is null and not e.meervoudig and k.el <> 20
    ),
    fout as (
        select dossier, activiteit, groep, inst, el from bereik
        group by all having min(betekenis) <> max(betekenis)
    )
    select b.regel from bereik b
    join fout f on b.dossier = f.dossier and b.activiteit = f.activiteit
     and b.groep = f.groep and b.inst is not distinct from f.inst and b.el = f.el
)
