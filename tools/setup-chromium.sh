#!/usr/bin/env bash
# Headless Chromium for the browser test of the `bayesreg explore` page (tests/test_explore_browser.py).
# Installs Debian's chromium and chromium-driver when running as root with apt-get and either is
# missing; never fails the build: without them the browser test is skipped with its reason.
set -u
have() { [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; }
if ! have && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup-chromium: installing chromium and chromium-driver (for the browser test) ..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      chromium chromium-driver fonts-dejavu-core) >/dev/null 2>&1 \
    || echo "setup-chromium: could not install chromium; the browser test will be skipped."
fi
exit 0
