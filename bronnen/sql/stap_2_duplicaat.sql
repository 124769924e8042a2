-- Exact duplicates (all six fields) come before the wrong-place and invalid-value outcomes.
update rij set fase = 'duplicaat' where regel in (
    select regel from (
        select regel, row_number() over (
            partition by dossier, activiteit, groep, instantie, element, waarde
            order by regel) as nr
        from kandidaat
    ) where nr > 1
)
