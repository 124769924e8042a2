-- Their rows get the dossier's reason.
update rij set fase = f.reden from dossier_fout f
where rij.fase is null and rij.dossier = f.dossier
