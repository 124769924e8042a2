-- Their rows get the activity's reason.
update rij set fase = f.reden from activiteit_fout f
where rij.fase is null and rij.dossier = f.dossier and rij.activiteit = f.activiteit
