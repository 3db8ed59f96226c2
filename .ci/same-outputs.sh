#!/usr/bin/env bash
# Shows that two commits write the same outputs: results.csv and every other CSV byte for byte,
# and the workbooks' content (the sheet XML, shared strings, workbook and chart parts; the zip
# carries timestamps and docProps the creation time, so the archives themselves differ).
#
#   .ci/same-outputs.sh [BASE [HEAD]]      (default: BASE = main, HEAD = the working tree)
#   BASE_BIN=/path/to/doikhop .ci/same-outputs.sh   (compare against a binary built before)
#
# The stage timings of tong-hop.xlsx ("1.30 giây") differ from run to run: they are blanked
# before comparing. Every path the outputs name is relative and the same on both sides.
#
# Runs, with a debug build of each side: `doikhop demo` on fixtures/, and `doikhop generate`
# (a seeded evaluation set: extract, one list of each kind, truth) followed by `doikhop match`
# of every generated list; compares the generated files too. Exit 0 when all is the same.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
base="${1:-main}"
head="${2:-}"
work="$(mktemp -d /tmp/same-outputs.XXXXXX)"
target="${CARGO_TARGET_DIR:-$repo/target}"
seed="${SEED:-2026}"; residents="${RESIDENTS:-6000}"; rows="${ROWS:-400}"

build() { # $1 = commit or "" (working tree), $2 = where to put the binary
  local src="$repo"
  if [ -n "$1" ]; then
    src="$work/src-$(echo "$1" | tr '/' '_')"
    git -C "$repo" worktree add --detach --quiet "$src" "$1"
  fi
  (cd "$src" && cargo build --quiet --bin doikhop --target-dir "$target")
  cp "$target/debug/doikhop" "$2"
  if [ -n "$1" ]; then git -C "$repo" worktree remove --force "$src"; fi
}

run_side() { # $1 = binary, $2 = output folder
  local bin="$1" out="$2"
  mkdir -p "$out"
  cp -r "$repo/fixtures" "$out/fixtures"
  cd "$out"
  "$bin" demo --out demo --fixtures fixtures --threads 2 >demo.log 2>&1 || true
  "$bin" generate --seed "$seed" --residents "$residents" --rows "$rows" --out gen >gen.log 2>&1
  for kind in ho-ngheo bao-tro-xa-hoi nguoi-co-cong dat-dai ho-tich; do
    mapfile -t lists < <(find gen -maxdepth 1 -type f -name "$kind*" ! -name '*truth*' | sort)
    [ "${#lists[@]}" -gt 0 ] || continue
    "$bin" match --residents gen/residents.csv --kind "$kind" --threads 2 \
      --out "match/$kind" "${lists[@]}" >"match-$kind.log" 2>&1 || true
  done
  rm -rf "$out/fixtures"
  cd "$repo"
}

flatten() { # $1 = output folder → $1.flat: every CSV as is, every xlsx's content parts unzipped
  local d="$1" f rel
  mkdir -p "$d.flat"
  while IFS= read -r f; do
    rel="${f#"$d"/}"
    case "$f" in
      *.xlsx|*.xlsm)
        mkdir -p "$d.flat/$rel"
        (cd "$d.flat/$rel" && unzip -qq -o "$f" 'xl/worksheets/*.xml' 'xl/sharedStrings.xml' \
          'xl/workbook.xml' 'xl/styles.xml' 'xl/charts/*.xml' 'xl/drawings/*.xml' 2>/dev/null || true)
        find "$d.flat/$rel" -name '*.xml' -exec sed -i -E 's/[0-9]+\.[0-9]{2} giây/… giây/g' {} +
        ;;
      *.json|*.log) ;; # run.json carries dates, timings and the binary's checksum
      *) mkdir -p "$(dirname "$d.flat/$rel")"; cp "$f" "$d.flat/$rel" ;;
    esac
  done < <(find "$d" -type f | sort)
}

if [ -n "${BASE_BIN:-}" ]; then cp "$BASE_BIN" "$work/base-doikhop"
else echo "building $base …"; build "$base" "$work/base-doikhop"; fi
echo "building ${head:-the working tree} …"; build "$head" "$work/head-doikhop"
for side in base head; do
  echo "running $side …"; run_side "$work/$side-doikhop" "$work/$side"; flatten "$work/$side"
done
n=$(find "$work/base.flat" -type f | wc -l)
csvs=$(find "$work/base.flat" -type f -name 'results.csv' | wc -l)
if diff -r "$work/base.flat" "$work/head.flat" >"$work/diff.txt"; then
  echo "SAME: $n files compared ($csvs results.csv, workbook parts, generated lists) — $work"
else
  echo "DIFFERENT ($n files in base) — $work/diff.txt:"
  diff -rq "$work/base.flat" "$work/head.flat" | sed "s|$work/||g" | head -40
  exit 1
fi
