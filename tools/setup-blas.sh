#!/usr/bin/env bash
# Make a system OpenBLAS available to PyTensor (pip's PyTensor cannot link numpy's bundled one).
# Installs Debian's libopenblas-dev when running as root with apt-get and it is missing;
# never fails the build: without it PyTensor still works, about 1.4x slower.
set -u
have() { ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so '; }
if ! have && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup-blas: installing libopenblas-dev (PyTensor's BLAS) ..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas-dev) >/dev/null 2>&1 \
    || echo "setup-blas: could not install libopenblas-dev; PyTensor will run without BLAS (slower)."
fi
exit 0
