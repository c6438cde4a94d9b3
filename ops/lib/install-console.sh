# shellcheck shell=bash
# Idempotent installers for the console's browser test and benchmark (ops/console-check). Source after
# common.sh. Only Debian's archive and PyPI: Chromium and its driver from Debian, selenium and axe-core
# (the PyPI package axe-selenium-python ships axe.min.js) into the stack's venv, wrk from Debian.

if [[ -n "${_SUIVI_INSTALL_CONSOLE_SH:-}" ]]; then
    return 0
fi
_SUIVI_INSTALL_CONSOLE_SH=1

# shellcheck source=ops/lib/install.sh
source "$(dirname "${BASH_SOURCE[0]}")/install.sh"

SUIVI_SELENIUM_VERSION="${SUIVI_SELENIUM_VERSION:-4.27.1}"
SUIVI_AXE_SELENIUM_VERSION="${SUIVI_AXE_SELENIUM_VERSION:-2.1.6}"

# axe_js: print the path of axe.min.js shipped in the venv's axe-selenium-python, or nothing.
axe_js() {
    "$(venv_python)" -c 'import axe_selenium_python, os; p = os.path.join(os.path.dirname(axe_selenium_python.__file__), "node_modules", "axe-core", "axe.min.js"); print(p if os.path.exists(p) else "")' 2>/dev/null || true
}

# install_console_tools: headless Chromium and chromedriver, wrk, fonts for readable screenshots, and
# selenium + axe-core in the stack's venv.
install_console_tools() {
    apt_ensure chromium chromium-driver wrk fonts-dejavu-core
    install_venv
    local vpy
    vpy="$(venv_python)"
    if ! "${vpy}" -c "import selenium, sys; sys.exit(0 if selenium.__version__ == '${SUIVI_SELENIUM_VERSION}' else 1)" >/dev/null 2>&1; then
        log "pip install selenium==${SUIVI_SELENIUM_VERSION}"
        "${vpy}" -m pip install -q --disable-pip-version-check "selenium==${SUIVI_SELENIUM_VERSION}" >&2 \
            || die "pip install selenium failed; check that PyPI is reachable"
    fi
    if [[ -z "$(axe_js)" ]]; then
        log "pip install axe-selenium-python==${SUIVI_AXE_SELENIUM_VERSION} (for its axe.min.js)"
        "${vpy}" -m pip install -q --disable-pip-version-check --no-deps "axe-selenium-python==${SUIVI_AXE_SELENIUM_VERSION}" >&2 \
            || die "pip install axe-selenium-python failed; check that PyPI is reachable"
    fi
    [[ -n "$(axe_js)" ]] || die "axe.min.js not found in axe-selenium-python"
}
