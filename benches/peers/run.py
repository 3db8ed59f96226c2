"""The peer bench: Splink (DuckDB) and doikhop on the same generated job, side by side.

Run through run.sh (it makes the virtual environment). Steps:
1. `doikhop generate` writes the extract (residents.csv) and the lists with their truth
   (cached in target/peers-data/<residents>-<rows>-<seed>/).
2. The poor-household list is flattened for Splink (flatten.py, with `doikhop inspect --json`).
3. Each tool runs as a separate process from the CSV extract, timed as a whole (wall, CPU) with
   its peak RSS: Splink with splink_job.py; doikhop with `doikhop match --residents
   residents.csv --kind ho-ngheo` (no index: the clerk's path).
4. Both are scored against the truth (score.py) and one table is printed (Markdown, for
   BENCHMARKS.md).
"""

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent


def run_measured(cmd, log):
    """Wall and CPU seconds and peak RSS (MiB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.time()
    with open(log, "w") as f:
        proc = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
    wall = time.time() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        sys.exit(f"{cmd[0]} failed (exit {proc.returncode}); see {log}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: run the big one last, or read
    # each tool's own figure; here the two tools run in order Splink then doikhop, and the
    # figure is taken per run with /usr/bin/time when present.
    return wall, cpu, after.ru_maxrss / 1024


def timed(cmd, log):
    if Path("/usr/bin/time").exists():
        tfile = str(log) + ".time"
        wall, cpu, _ = run_measured(["/usr/bin/time", "-f", "%M", "-o", tfile, *cmd], log)
        peak = int(Path(tfile).read_text().strip().splitlines()[-1]) / 1024
        return wall, cpu, peak
    return run_measured(cmd, log)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--residents", type=int, default=2_000_000)
    ap.add_argument("--rows", type=int, default=20_000)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--doikhop", default=str(ROOT / "target" / "release" / "doikhop"))
    a = ap.parse_args()
    py = sys.executable
    data = ROOT / "target" / "peers-data" / f"{a.residents}-{a.rows}-{a.seed}"
    if not (data / "GENERATED").exists():
        data.mkdir(parents=True, exist_ok=True)
        print(f"generating {a.rows} rows × {a.residents} residents into {data} …", file=sys.stderr)
        subprocess.run(
            [a.doikhop, "generate", "--seed", str(a.seed), "--residents", str(a.residents),
             "--rows", str(a.rows), "--out", str(data)],
            check=True,
        )
        (data / "GENERATED").write_text("ok\n")
    residents = data / "residents.csv"
    xlsx = data / "ho-ngheo.xlsx"
    runs = data / "runs"
    runs.mkdir(exist_ok=True)
    inspect = runs / "inspect.json"
    with open(inspect, "w") as f:
        subprocess.run([a.doikhop, "inspect", "--json", "--kind", "ho-ngheo", str(xlsx)],
                       stdout=f, check=True)
    flat = runs / "list-flat.csv"
    subprocess.run([py, str(HERE / "flatten.py"), str(xlsx), str(inspect), str(data / "truth.csv"),
                    str(ROOT / "data" / "tcvn3_to_unicode.tsv"), str(flat)], check=True)

    results = {}
    splink_out = runs / "splink-links.csv"
    results["Splink 5 (DuckDB)"] = timed(
        [py, str(HERE / "splink_job.py"), str(residents), str(flat), str(splink_out)],
        runs / "splink.log")
    out = runs / "doikhop-out"
    results["doikhop"] = timed(
        [a.doikhop, "match", "--force", "--residents", str(residents), "--kind", "ho-ngheo",
         "--out", str(out), str(xlsx)], runs / "doikhop.log")

    score = HERE / "score.py"
    truth = data / "truth.csv"
    q = {
        "Splink 5 (DuckDB)": subprocess.run(
            [py, str(score), str(truth), xlsx.name, "splink", str(flat), str(splink_out)],
            capture_output=True, text=True, check=True).stdout.split(),
        "doikhop": subprocess.run(
            [py, str(score), str(truth), xlsx.name, "doikhop", str(out / "results.csv")],
            capture_output=True, text=True, check=True).stdout.split(),
    }
    print(f"\n{a.rows:,} list rows × {a.residents:,} residents, from the CSV extract "
          f"(seed {a.seed}, {os.cpu_count()} cores)\n")
    print("| tool | wall s | CPU s | peak MiB | precision | recall | F1 | links |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, (wall, cpu, peak) in results.items():
        p, r, f1, n = q[name]
        print(f"| {name} | {wall:.1f} | {cpu:.1f} | {peak:.0f} | {p} | {r} | {f1} | {n} |")
    s, d = results["Splink 5 (DuckDB)"][0], results["doikhop"][0]
    print(f"\ndoikhop is {s / d:.1f}× faster (wall).")


if __name__ == "__main__":
    main()
