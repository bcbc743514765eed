#!/usr/bin/env bash
# Render a workbook the way a person sees it: .xlsx -> PDF (LibreOffice) -> PNG pages.
# Usage: scripts/render_workbook.sh demo-out/sampleton.xlsx [outdir]
set -euo pipefail
src=${1:?usage: $0 WORKBOOK.xlsx [OUTDIR]}
out=${2:-render-out}
mkdir -p "$out"
soffice -env:UserInstallation="file://$PWD/$out/lo-profile" --headless \
  --convert-to pdf --outdir "$out" "$src" >/dev/null
pdftoppm -png -r 60 "$out/$(basename "${src%.*}").pdf" "$out/page"
ls "$out"/page*.png
