-- The reference data of a check, as temp tables of the connection (filled with bound parameters).
create or replace temp table ref_element (
    el bigint, niveau varchar, e_groep varchar, type varchar, domein varchar, meervoudig boolean, gebruik varchar
);
create or replace temp table ref_waarde (sleutel varchar, code varchar, betekenis varchar);
create or replace temp table redenen (code varchar, reden varchar);
