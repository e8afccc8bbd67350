#!/usr/bin/env bash
# Installs what cachebench and its tests need on Debian, and says what it installed.
# Swift itself is expected on PATH (https://www.swift.org/install/linux/).
set -euo pipefail

if ! command -v swift >/dev/null 2>&1; then
  echo "error: swift is not on PATH: install Swift 6.1 or newer from https://www.swift.org/install/linux/ and retry." >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "error: installing packages and starting dockerd need root: run this script with sudo." >&2
  exit 1
fi

missing=()
check_program() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ] || missing+=("$2"); }
check_package() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || missing+=("$1"); }

check_program dockerd docker.io
[ -x /usr/bin/docker ] || missing+=("docker.io")
check_program docker-registry docker-registry
check_program debootstrap debootstrap
check_program buildah buildah
check_package libsqlite3-dev
check_package zlib1g-dev
check_program sqlite3 sqlite3
check_program setpriv util-linux
check_program nsenter util-linux
check_program ip iproute2
check_program slirp4netns slirp4netns
check_program shellcheck shellcheck
check_program squid squid
check_program iptables iptables

# Deduplicate.
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u | sed '/^$/d')

if [ "${#missing[@]}" -eq 0 ]; then
  echo "prerequisites: all present (docker.io, docker-registry, debootstrap, buildah, libsqlite3-dev, zlib1g-dev, sqlite3, iproute2, slirp4netns, shellcheck, squid, iptables)"
  exit 0
fi
echo "prerequisites: installing ${missing[*]} with apt-get"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# cachebench starts its own squid in each run's namespace; the system service the package enables is not needed.
if printf '%s\n' "${missing[@]}" | grep -qx squid && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now squid >/dev/null 2>&1 || true
fi
echo "prerequisites: installed ${missing[*]}"
