-- BDS activity kinds (origineel -> 4.0). Parameter: $pad.
create or replace temp table ref_soort as select * from read_csv($pad, all_varchar = true)
