#!/usr/bin/env bash
# The report tests read the DOCX and XLSX reports as a reader does: LibreOffice converts them to
# PDF (soffice --headless) and poppler-utils measure and draw the pages (pdfinfo, pdftoppm).
# Installs Debian's packages when missing and we are root; otherwise says how (the tests then
# skip, saying what is missing).
set -euo pipefail
if command -v soffice >/dev/null 2>&1 && command -v pdfinfo >/dev/null 2>&1 \
   && command -v pdftoppm >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing LibreOffice (Writer, Calc) and poppler-utils for the report print tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils >/dev/null
  exit 0
fi
echo "The report print tests need LibreOffice and poppler-utils: run" \
     "'sudo apt-get install libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils'" \
     "(without them those tests are skipped)." >&2
exit 0
