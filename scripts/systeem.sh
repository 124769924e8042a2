#!/usr/bin/env bash
# Installs what the project needs beyond its Python packages, when missing:
# Debian's chromium (static chart images, browser test) and poppler-utils (pdftotext, pdftoppm).
# Without root or apt-get it says what to do instead of failing silently.
set -euo pipefail
nodig=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || nodig+=(chromium)
command -v pdftotext >/dev/null 2>&1 || nodig+=(poppler-utils)
fc-list 2>/dev/null | grep -qi "dejavu" || nodig+=(fonts-dejavu-core)
if [ ${#nodig[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Systeempakketten installeren: ${nodig[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${nodig[@]}" >/dev/null
else
  echo "Ontbrekende systeempakketten: ${nodig[*]}." >&2
  echo "Installeer ze met: sudo apt-get install ${nodig[*]}" >&2
  echo "(Chromium is nodig voor de grafieken in de PDF en de browsertest; poppler-utils voor de PDF-tests.)" >&2
  exit 1
fi
