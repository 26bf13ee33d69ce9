#!/usr/bin/env bash
# Regenerate every reference fixture: datasets, R expectations, PSPP scripts and outputs.
# Needs python3 with numpy, Rscript with psych, car, GPArotation and jsonlite, and GNU pspp.
set -euo pipefail
cd "$(dirname "$0")"

python3 make_datasets.py
Rscript reference.R
python3 pspp_runner.py --write-fixtures
mkdir -p expected/pspp
for sps in pspp/*.sps; do
  name=$(basename "$sps" .sps)
  rm -f "expected/pspp/$name.csv"
  pspp -o "expected/pspp/$name.csv" -O format=csv "$sps"
  echo "wrote expected/pspp/$name.csv"
done
# Reliability beyond alpha (reliability/README.md): R psych with GPArotation, PSPP split-half.
Rscript reliability/reliability.R
python3 reliability/pspp_split.py --write-fixtures
for sps in reliability/pspp/*.sps; do
  name=$(basename "$sps" .sps)
  rm -f "reliability/pspp/$name.csv"
  pspp -o "reliability/pspp/$name.csv" -O format=csv "$sps"
  echo "wrote reliability/pspp/$name.csv"
done
# statcheck's test cases expanded by R, and R's p values (tests/fixtures/statcheck/).
(cd .. && cd .. && Rscript tests/reference/statcheck/expand.R)
# Tests from printed summaries: aov, qf, t.test, chisq.test, cor.test (tests/reference/audit_summaries/).
(cd .. && cd .. && Rscript tests/reference/audit_summaries/summaries.R)
# The studentized range (R's ptukey/qtukey on a grid, tests/test_studentized_range.py).
Rscript studentized_range/studentized_range.R
