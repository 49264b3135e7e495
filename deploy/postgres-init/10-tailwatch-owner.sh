#!/bin/sh
# Run once by the postgres image when its data directory is created (docker-entrypoint-initdb.d).
# tailwatch gets its own login: the owner of the tailwatch database and its schema, not a superuser.
# CREATEROLE lets the migrations create the analysts' role (on PostgreSQL 16+ it reaches only roles it
# created). The password comes from TAILWATCH_DB_PASSWORD (compose.yaml reads it from .env).
set -eu
: "${TAILWATCH_DB_PASSWORD:?set TAILWATCH_DB_PASSWORD}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
  -v owner_password="$TAILWATCH_DB_PASSWORD" <<'SQL'
CREATE ROLE tailwatch LOGIN NOSUPERUSER NOCREATEDB CREATEROLE NOREPLICATION NOBYPASSRLS
  PASSWORD :'owner_password';
CREATE DATABASE tailwatch OWNER tailwatch;
\connect tailwatch
ALTER SCHEMA public OWNER TO tailwatch;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
