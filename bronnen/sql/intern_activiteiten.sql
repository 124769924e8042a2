-- intern.activiteiten: the activities of temp table act with BDS 4.0 codes, columns by name.
select act.id as activiteit_id, p.kind_id, datum,
    s.code_40 as soort, soort_origineel,
    coalesce(st1.code_40, st2.code_40, st3.code_40, '08') as uitkomst,
    s1605 as status_1605, s725 as status_725, s495 as toelichting_495, vorm, discipline, verzoekers, indicaties,
    verzuim as schoolverzuim, advies as advies_deelname, schema as vaccinatieschema_dktp
from act
join pseudo p using (dossier)
left join ref_soort s on s.code_origineel = soort_origineel
left join ref_status st1 on st1.element = '1605' and st1.code_origineel = s1605
left join ref_status st2 on st2.element = '495' and st2.code_origineel = s495
left join ref_status st3 on st3.element = '725' and st3.code_origineel = s725
