#!/usr/bin/env bash
# Print PYTENSOR_FLAGS that link the system OpenBLAS when it is present (keeps any flags already set).
flags="${PYTENSOR_FLAGS:-}"
if ldconfig -p 2>/dev/null | grep -q 'libopenblas\.so ' && [[ "$flags" != *blas__ldflags* ]]; then
  flags="${flags:+$flags,}blas__ldflags=-lopenblas"
fi
printf '%s' "$flags"
