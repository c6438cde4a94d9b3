# shellcheck shell=bash disable=SC2034  # variables are used by the scripts that source this
# Shared helpers for the Suivi local-stack scripts. Source this file; do not run it.
#
# Defines:
#   SUIVI_REPO_ROOT   the repository root (the folder holding ops/)
#   SUIVI_STACK_DIR   the stack folder (default: <repo>/.stack)
#   SUIVI_LOG_DIR, SUIVI_RUN_DIR, SUIVI_PG_DIR, SUIVI_PG_DATA, SUIVI_PG_SOCKET_DIR
#   SUIVI_PG_PORT, SUIVI_KAFKA_PORT, SUIVI_PARTITIONS, SUIVI_TOPIC_*
#   log, die, have, stack_abs_path

if [[ -n "${_SUIVI_COMMON_SH:-}" ]]; then
    return 0
fi
_SUIVI_COMMON_SH=1

# Repository root: two levels above this file (ops/lib/common.sh).
SUIVI_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"

: "${SUIVI_STACK_DIR:=${SUIVI_REPO_ROOT}/.stack}"
# Make the stack dir absolute so pid files and URLs stay valid from any cwd.
case "${SUIVI_STACK_DIR}" in
    /*) ;;
    *) SUIVI_STACK_DIR="$(pwd -P)/${SUIVI_STACK_DIR}" ;;
esac

SUIVI_LOG_DIR="${SUIVI_STACK_DIR}/logs"
SUIVI_RUN_DIR="${SUIVI_STACK_DIR}/run"
SUIVI_VENV_DIR="${SUIVI_STACK_DIR}/venv"
SUIVI_PG_BIN="${SUIVI_PG_BIN:-/usr/lib/postgresql/15/bin}"
SUIVI_PG_USER="${SUIVI_PG_USER:-suivi}"     # OS user owning the cluster

# traversable_by_others DIR: true when a user who is neither the owner nor in the group of any
# folder on DIR's path may pass through each existing one (the cluster's OS user is such a user).
# Folders not made yet count as passable: ops/stack makes them with mode 0755.
traversable_by_others() {
    local dir="$1" mode
    while [[ -n "${dir}" && "${dir}" != / ]]; do
        if [[ -d "${dir}" ]]; then
            mode="$(stat -c %a "${dir}" 2>/dev/null)" || return 1
            (((8#${mode} & 1) == 1)) || return 1
        fi
        dir="$(dirname "${dir}")"
    done
}

# The cluster runs as SUIVI_PG_USER, who must reach its data folder. A checkout under a 0700 folder
# (root's home, `mktemp -d`) cannot give it that without changing the folder's mode, so there the
# cluster's files (data, socket, server log) live under SUIVI_PG_HOME instead, in a folder named
# after the stack folder's path; <stack>/pg is then a link to it, and <stack>/logs/postgres.log a
# link to its log. Deleting the stack folder still starts the next cluster afresh (see pg_init).
SUIVI_PG_HOME="${SUIVI_PG_HOME:-/var/lib/suivi-stack}"
SUIVI_PG_RELOCATED=0
if traversable_by_others "${SUIVI_STACK_DIR}"; then
    SUIVI_PG_DIR="${SUIVI_STACK_DIR}/pg"
    SUIVI_PG_LOG="${SUIVI_LOG_DIR}/postgres.log"
else
    SUIVI_PG_RELOCATED=1
    SUIVI_PG_DIR="${SUIVI_PG_HOME}/$(printf '%s' "${SUIVI_STACK_DIR}" | sha256sum | cut -c1-16)"
    SUIVI_PG_LOG="${SUIVI_PG_DIR}/postgres.log"
fi
SUIVI_PG_DATA="${SUIVI_PG_DIR}/data"
SUIVI_PG_SOCKET_DIR="${SUIVI_PG_DIR}/socket"
SUIVI_PG_PORT="${SUIVI_PG_PORT:-54329}"
SUIVI_PG_HOST="127.0.0.1"
# Server settings given at each start (so an existing cluster gets them too). Durability stays on
# (fsync, synchronous_commit); the buffer cache and the WAL between checkpoints are sized for a
# machine with a few GiB to spare, so that a bulk load or a rebuild is not paced by checkpoints.
SUIVI_PG_TUNING="${SUIVI_PG_TUNING:--c shared_buffers=1GB -c max_wal_size=4GB -c checkpoint_timeout=15min -c work_mem=16MB -c maintenance_work_mem=256MB}"
SUIVI_DB_NAME="${SUIVI_DB_NAME:-suivi}"
SUIVI_DB_ROLE="${SUIVI_DB_ROLE:-suivi}"

SUIVI_KAFKA_HOST="127.0.0.1"
SUIVI_KAFKA_PORT="${SUIVI_KAFKA_PORT:-9092}"
SUIVI_TANSU_LOG="${SUIVI_LOG_DIR}/tansu.log"
SUIVI_TANSU_PID="${SUIVI_RUN_DIR}/tansu.pid"

SUIVI_PARTITIONS="${SUIVI_PARTITIONS:-6}"
SUIVI_TOPIC_COMMANDS="${SUIVI_TOPIC_COMMANDS:-suivi.commands}"
SUIVI_TOPIC_EVENTS="${SUIVI_TOPIC_EVENTS:-suivi.events}"
SUIVI_TOPIC_OUTCOMES="${SUIVI_TOPIC_OUTCOMES:-suivi.outcomes}"
SUIVI_TOPIC_DEADLETTERS="${SUIVI_TOPIC_DEADLETTERS:-suivi.deadletters}"
SUIVI_TOPIC_CHECKPOINTS="${SUIVI_TOPIC_CHECKPOINTS:-suivi.checkpoints}"

export SUIVI_STACK_DIR

log() {
    printf '[stack] %s\n' "$*" >&2
}

# die MESSAGE: print one actionable line and exit non-zero.
die() {
    printf '[stack] error: %s\n' "$*" >&2
    exit 1
}

have() {
    command -v "$1" >/dev/null 2>&1
}

require_root() {
    if [[ "$(id -u)" -ne 0 ]]; then
        die "this needs root (apt-get, useradd, runuser); re-run it as root"
    fi
}

# tcp_open HOST PORT: true when something accepts TCP connections there.
tcp_open() {
    (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# pid_alive PIDFILE: true when the file names a live process.
pid_alive() {
    local pid
    [[ -s "$1" ]] || return 1
    pid="$(<"$1")"
    [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
    kill -0 "${pid}" 2>/dev/null
}

ensure_stack_dirs() {
    mkdir -p "${SUIVI_STACK_DIR}" "${SUIVI_LOG_DIR}" "${SUIVI_RUN_DIR}"
    if [[ "${SUIVI_PG_RELOCATED}" == 1 && -w "${SUIVI_LOG_DIR}" ]]; then
        ln -sfn "${SUIVI_PG_LOG}" "${SUIVI_LOG_DIR}/postgres.log"
    fi
    # Keep the stack folder out of git without touching the repository's .gitignore.
    [[ -f "${SUIVI_STACK_DIR}/.gitignore" ]] || printf '*\n' >"${SUIVI_STACK_DIR}/.gitignore"
}
