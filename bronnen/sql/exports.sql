-- beheer.exports: this export with its reconciliation; every value a parameter, every column by name.
insert into beheer.exports by name
select $export_id as export_id, $bestandsnaam as bestandsnaam, $organisatie as organisatie,
    $bds_versie as bds_versie, $aanmaakdatum as aanmaakdatum, $codering as codering, $rijen as rijen,
    $opgeslagen as opgeslagen, $gekwarantaineerd as gekwarantaineerd, $ontdubbeld as ontdubbeld,
    $weggelaten_privacy as weggelaten_privacy, $weggelaten_ongebruikt as weggelaten_ongebruikt,
    $kinderen as kinderen, $kinderen_zonder_woongemeente as kinderen_zonder_woongemeente,
    current_timestamp::timestamp as ingelezen_op, $geforceerd as geforceerd
