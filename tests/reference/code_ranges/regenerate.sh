#!/usr/bin/env bash
# Regenerate the code-range fixtures: data, PSPP syntax, R and PSPP outputs.
set -euo pipefail
cd "$(dirname "$0")"
python3 make_data.py
Rscript ranges.R
for name in ds8_0to3 ds9_1to7; do
  rm -f "$name.pspp.csv"
  pspp -o "$name.pspp.csv" -O format=csv "$name.sps"
done
