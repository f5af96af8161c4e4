#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), seeding empty corpora from the fixtures.
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz --locked`). Crashes, leaks
# and inputs slower than 1 s land in fuzz/artifacts/<target>/; the counts are printed at the end.
#   fuzz/run.sh 1800            every target, 30 minutes each
#   JOBS=2 fuzz/run.sh 1800     two targets at a time
#   TARGETS="validate" fuzz/run.sh 600
set -euo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
targets=${TARGETS:-"validate xml_reader json_reader wasm_text settings validator_data worksheet psr_rule data_pack c14n verifier trust_list pem_keys asking certificate"}
jobs=${JOBS:-1}
fixtures=../tests/fixtures

seed() {
  local target=$1 dir=corpus/$1
  mkdir -p "$dir"
  if [ -n "$(ls -A "$dir")" ]; then return; fi
  case $target in
    settings)
      for s in 'asOf=2026-11-25' '--as-of=2026-1-1' 'agreement=RCEP' '--agreement=X' 'limits.maxBytes=12' \
               '--max-depth=0' '--max-items=4294967296' 'timorLesteAtigaFrom=2027-01-01' \
               'fobRequiredFor=importing' '--fob-required-for=both'; do
        printf '%s' "$s" > "$dir/$(printf '%s' "$s" | md5sum | cut -c1-16)"
      done ;;
    worksheet)
      cp $fixtures/worksheets/* "$dir/" ;;
    psr_rule)
      # Every rule line of the bundled table and the profiles, one per file.
      grep -ho '"\(rule\|generalRule\)": "[^"]*"' ../psr/*.json ../profiles/*.json | sort -u | cut -d'"' -f4 |
        while IFS= read -r line; do printf '%s' "$line" > "$dir/$(printf '%s' "$line" | md5sum | cut -c1-16)"; done ;;
    data_pack)
      # The data file as the package build writes it (src/data.rs): the version, then every list.
      {
        v=$(sed -n 's/^version = "\(.*\)"/\1/p' ../Cargo.toml | head -1)
        printf 'eco-validator-data/1\neco-validator %s\n%s' "${#v}" "$v"
        for f in ../codelists/*.bin ../codelists/*.txt ../profiles/*.json ../psr/*.json; do
          printf '%s %s\n' "${f#../}" "$(stat -c %s "$f")"
          cat "$f"
        done
      } > "$dir/pack" ;;
    validator_data)
      cp ../profiles/*.json ../psr/*.json $fixtures/profiles/*.json $fixtures/status-list.json $fixtures/psr-complete.json "$dir/" ;;
    wasm_text)
      # The fixtures as UTF-16 code units, as a JavaScript string holds them.
      for f in $fixtures/*.xml $fixtures/*.json $fixtures/invalid/*; do
        python3 -c 'import sys; sys.stdout.buffer.write(open(sys.argv[1],"rb").read().decode("utf-8","replace").encode("utf-16-le"))' "$f" \
          > "$dir/$(basename "$f")"
      done ;;
    verifier)
      cp ../tests/vectors/xmldsig11-microsoft/*.xml ../demo/valid-10.signed.xml ../demo/valid-10.signed-rsa.xml "$dir/" ;;
    certificate)
      for f in ../demo/keys/*.cert.pem; do openssl x509 -in "$f" -outform DER -out "$dir/$(basename "$f" .pem).der"; done ;;
    asking)
      cp ../demo/valid-10.signed.xml ../demo/valid-10.signed-rsa.xml "$dir/" ;;
    trust_list)
      cp ../demo/trust-list.json ../demo/trust-list.signed.json "$dir/" ;;
    pem_keys)
      cp ../demo/keys/*.pem ../demo/operator.pub.pem ../tests/vectors/wycheproof-pss/public.pem "$dir/" ;;
    c14n)
      cp $fixtures/*.xml $fixtures/invalid/*.xml $fixtures/hostile/*.xml ../tests/vectors/c14n10/*.xml "$dir/" ;;
    *)
      cp $fixtures/*.xml $fixtures/*.json $fixtures/invalid/* $fixtures/hostile/*.xml "$dir/" ;;
  esac
}

run() {
  local target=$1 log=logs/$1.log
  mkdir -p logs "artifacts/$target"
  seed "$target"
  # -max_len: a little over the largest fixture, so mutations stay near real certificates in size.
  cargo +nightly fuzz run "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -max_len=80000 -print_final_stats=1 \
    -artifact_prefix="artifacts/$target/" > "$log" 2>&1 || { echo "$target: FAILED (see fuzz/$log)"; return 1; }
  local runs
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  echo "$target: ${runs:-?} executions in ${seconds}s, no crash, leak or timeout"
}

status=0
if [ "$jobs" -gt 1 ]; then
  pids=()
  for t in $targets; do
    run "$t" & pids+=($!)
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n || status=1; done
  done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
else
  for t in $targets; do run "$t" || status=1; done
fi
exit $status
