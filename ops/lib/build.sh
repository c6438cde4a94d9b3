# shellcheck shell=bash
# Building Suivi with SwiftPM. Source after common.sh.
#
#   suivi_build [CONFIG]   swift build (debug by default), starting afresh when librdkafka changed
#   suivi_bin_dir [CONFIG] the folder with the built executables

if [[ -n "${_SUIVI_BUILD_SH:-}" ]]; then
    return 0
fi
_SUIVI_BUILD_SH=1

suivi_bin_dir() {
    (cd "${SUIVI_REPO_ROOT}" && swift build -c "${1:-debug}" --show-bin-path)
}

# A .build made before librdkafka was (re)installed keeps the old headers in its module cache and
# links a binary that fails at run time: start afresh in that case.
suivi_forget_stale_build() {
    local stamp="/usr/local/lib/.suivi-rdkafka-installed"
    local build="${SUIVI_REPO_ROOT}/.build"
    if [[ -f "${stamp}" && -d "${build}" && "${stamp}" -nt "${build}" ]]; then
        log "librdkafka changed since .build was made: removing .build"
        rm -rf "${build}"
    fi
}

suivi_build() {
    local config="${1:-debug}"
    suivi_forget_stale_build
    local started=$SECONDS
    log "swift build -c ${config} (a first build takes a few minutes)"
    (cd "${SUIVI_REPO_ROOT}" && swift build -c "${config}" >&2) || die "swift build -c ${config} failed (see above)"
    touch "${SUIVI_REPO_ROOT}/.build"
    log "built (${config}) in $((SECONDS - started)) s"
}
