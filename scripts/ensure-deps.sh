#!/usr/bin/env bash
# Installs, via apt-get, what the tests and benchmarks need and the machine lacks:
# redis-server and redis-tools (real servers for the tests), libzstd1 and liblz4-1 (native codecs).
# Sourced by test.sh and run by the CLI's --redis-server option; never assumes anything was installed by hand.

ensure_deps() {
  local missing=()
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
  ldconfig -p 2>/dev/null | grep -q 'libzstd\.so\.1 ' || missing+=(libzstd1)
  ldconfig -p 2>/dev/null | grep -q 'liblz4\.so\.1 ' || missing+=(liblz4-1)
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "installing: ${missing[*]}"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo -n); else
      echo "cannot install ${missing[*]}: not root and no sudo" >&2; return 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >/dev/null && "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then ensure_deps; fi
