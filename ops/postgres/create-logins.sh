#!/usr/bin/env bash
# Creates Suivi's logins, one per job, and the group roles they belong to. Run it once per cluster
# (and again at will: it is idempotent) as a role that may create roles, before the first
# `suivi migrate`. docker-compose.yml runs it in the postgres service's first start; ops/RUNBOOK.md
# ("Logins") says how to run it against a managed PostgreSQL.
#
#   PGHOST=... PGUSER=postgres [PGPASSWORD=...] ops/postgres/create-logins.sh
#
# Settings (environment):
#   SUIVI_LOGIN_DATABASE      the database Suivi uses (created when missing; default suivi)
#   SUIVI_LOGIN_PREFIX        prefix of the login names (default suivi: suivi_owner, suivi_decider_login, ...)
#   SUIVI_LOGIN_PASSWORD_DIR  folder with one file per login holding its password (owner, decider,
#                             projector, auditor, operator); a login without a file gets no password
#                             (certificate or trust authentication). Default /run/secrets.
#
# Logins: <prefix>_owner (owns the database and every Suivi schema: runs `suivi migrate`, nothing else),
# <prefix>_decider_login (suivi_decider), <prefix>_projector_login (suivi_projector),
# <prefix>_auditor_login (suivi_auditor: the read commands), <prefix>_operator_login (suivi_operator:
# rebuild, dead letters, republish). No login is a superuser or may create roles or databases.
set -euo pipefail

database="${SUIVI_LOGIN_DATABASE:-${POSTGRES_DB:-suivi}}"
prefix="${SUIVI_LOGIN_PREFIX:-suivi}"
passwords="${SUIVI_LOGIN_PASSWORD_DIR:-/run/secrets}"
# In the postgres image's first start, connect as its superuser over the local socket.
export PGUSER="${PGUSER:-${POSTGRES_USER:-postgres}}"
export PGDATABASE="${PGDATABASE:-postgres}"
[[ "${PGDATABASE}" != "${database}" ]] || export PGDATABASE=postgres

# password_of JOB: the password file's content, without its trailing newline, or nothing.
password_of() {
    local file
    for file in "${passwords}/${prefix}_$1_password" "${passwords}/$1"; do
        if [[ -r "${file}" ]]; then
            local value
            value="$(<"${file}")"
            printf '%s' "${value%$'\r'}"
            return 0
        fi
    done
}

export SUIVI_PW_OWNER SUIVI_PW_DECIDER SUIVI_PW_PROJECTOR SUIVI_PW_AUDITOR SUIVI_PW_OPERATOR
SUIVI_PW_OWNER="$(password_of owner)"
SUIVI_PW_DECIDER="$(password_of decider)"
SUIVI_PW_PROJECTOR="$(password_of projector)"
SUIVI_PW_AUDITOR="$(password_of auditor)"
SUIVI_PW_OPERATOR="$(password_of operator)"

# Passwords reach psql through its environment (\getenv), never its command line.
psql -X -q -v ON_ERROR_STOP=1 -v prefix="${prefix}" -v database="${database}" <<'SQL'
\getenv pw_owner SUIVI_PW_OWNER
\getenv pw_decider SUIVI_PW_DECIDER
\getenv pw_projector SUIVI_PW_PROJECTOR
\getenv pw_auditor SUIVI_PW_AUDITOR
\getenv pw_operator SUIVI_PW_OPERATOR

-- The group roles that the migrations grant privileges to (migrations 3 and 8 create them when missing).
SELECT format('CREATE ROLE %I NOLOGIN', r) FROM unnest(ARRAY['suivi_decider', 'suivi_projector', 'suivi_auditor', 'suivi_operator']) r
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r) \gexec

CREATE TEMPORARY TABLE suivi_logins (login text, job text, member_of text, password text);
INSERT INTO suivi_logins VALUES
    (:'prefix' || '_owner', 'owner', 'suivi_operator', nullif(:'pw_owner', '')),
    (:'prefix' || '_decider_login', 'decider', 'suivi_decider', nullif(:'pw_decider', '')),
    (:'prefix' || '_projector_login', 'projector', 'suivi_projector', nullif(:'pw_projector', '')),
    (:'prefix' || '_auditor_login', 'auditor', 'suivi_auditor', nullif(:'pw_auditor', '')),
    (:'prefix' || '_operator_login', 'operator', 'suivi_operator', nullif(:'pw_operator', ''));

SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', login)
FROM suivi_logins WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = login) \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', login, password) FROM suivi_logins WHERE password IS NOT NULL \gexec
-- The owner is a member of suivi_operator so that migration 8 can hand the read models to it.
SELECT format('GRANT %I TO %I', member_of, login) FROM suivi_logins \gexec

SELECT format('CREATE DATABASE %I OWNER %I', :'database', :'prefix' || '_owner')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'database') \gexec
SELECT format('ALTER DATABASE %I OWNER TO %I', :'database', :'prefix' || '_owner') \gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'database', login) FROM suivi_logins \gexec
-- A rebuild creates its shadow schema (migration 8 grants the same; a restored dump holds no database grants).
SELECT format('GRANT CREATE ON DATABASE %I TO suivi_operator', :'database') \gexec
SQL
echo "create-logins: ${prefix}_owner, ${prefix}_decider_login, ${prefix}_projector_login, ${prefix}_auditor_login, ${prefix}_operator_login ready for database ${database}" >&2
