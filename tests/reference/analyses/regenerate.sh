#!/usr/bin/env bash
# Regenerate the group-comparison fixtures: datasets, R expectations, PSPP scripts and outputs.
# Needs python3 with numpy, Rscript with psych, car and jsonlite, and GNU pspp.
set -euo pipefail
cd "$(dirname "$0")"
python3 make_analysis_datasets.py
Rscript analyses.R
Rscript spearman.R
python3 pspp_analyses.py --write-fixtures
mkdir -p expected/pspp
for sps in pspp/*.sps; do
  name=$(basename "$sps" .sps)
  rm -f "expected/pspp/$name.csv"
  pspp -o "expected/pspp/$name.csv" -O format=csv "$sps"
  echo "wrote expected/pspp/$name.csv"
done
