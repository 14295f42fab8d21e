-- Load the value maps and defaults of the profile in use into temp tables for the conversion.
-- params: none. needs: registered relations ingest_values_src(field, word, value) and
-- ingest_defaults_src(field, value)
-- output: temp tables ingest_values(field, word, value), ingest_defaults(field, value)
create or replace temp table ingest_values as select field::varchar as field, word::varchar as word, value::varchar as value from ingest_values_src;
create or replace temp table ingest_defaults as select field::varchar as field, value::varchar as value from ingest_defaults_src;
