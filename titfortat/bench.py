"""``python -m titfortat.bench`` (``make bench``): speed and quality, against a same-run baseline.

Measured on the first 300 MUC-4 DEV messages (``BENCH_SCALE=full``: all 1,300):

* **baseline**: plain spaCy (the ``spacy_model`` setting) over the same texts with
  ``nlp.pipe(texts, n_process=1)``;
* **each product configuration**: end-to-end ingest (read the JSONL -> extract -> store in a
  temporary DuckDB, fusion included) and, next to it, MUC-4 TST1+TST2 quality (REE micro F1,
  relevance F1) of the same configuration;
* **fusion** at 10k synthetic events (full: 10k and 100k) when ``titfortat.fuse.synthetic``
  offers ``bench_fusion``.

Each measurement runs in its own Python process, so its peak RSS is its own.  Model loading is
timed separately and left out of documents/s on both sides.  Prints a table on stdout and writes
``bench-results/bench.json``.
"""
from __future__ import annotations

import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

from .settings import Settings

SCALES = {"quick": 300, "full": 1300}
DEV_NAME = "muc4_dev.jsonl"


def configurations() -> dict[str, dict[str, Any]]:
    """Product configurations to measure: the default (accuracy=high), plus rules only (accuracy=standard)."""
    configs: dict[str, dict[str, Any]] = {"default (accuracy=high)": {}}
    if "accuracy" in {f.name for f in dataclasses.fields(Settings)}:
        configs["accuracy=standard"] = {"accuracy": "standard"}
    return configs


def dev_texts(limit: int) -> list[dict[str, str]]:
    """The first ``limit`` DEV records, reduced to ``id`` and ``text`` (what the product reads)."""
    from .evaluate.scorers import default_muc4_dir

    path = default_muc4_dir() / DEV_NAME
    if not path.exists():
        raise SystemExit(f"bench: {path} not found (the MUC-4 DEV split lives in ../shared/data/muc4)")
    records = []
    with open(path, encoding="utf-8") as stream:
        for line in stream:
            if line.strip() and len(records) < limit:
                record = json.loads(line)
                records.append({"id": record["id"], "text": record["text"]})
    return records


def peak_rss_mib() -> float:
    """Peak resident set size of this process (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (2**20 if sys.platform == "darwin" else 2**10), 1)


def run_baseline(records_path: Path, settings: Settings, batch_size: Optional[int] = None,
                 numpy_blas: bool = False) -> dict[str, Any]:
    """Plain spaCy over the texts, one process (``batch_size`` None: spaCy's default; ``numpy_blas``:
    with the product's matrix setting, numpy's BLAS on one thread instead of thinc's BLIS)."""
    import spacy

    texts = [json.loads(line)["text"] for line in open(records_path, encoding="utf-8")]
    started = time.perf_counter()
    nlp = spacy.load(settings.spacy_model)
    if numpy_blas:
        from .extract.nlp import use_numpy_matmul

        use_numpy_matmul(nlp)
    nlp("Warm up.")
    load = time.perf_counter() - started
    started = time.perf_counter()
    tokens = sum(len(doc) for doc in nlp.pipe(texts, n_process=1, batch_size=batch_size))
    seconds = time.perf_counter() - started
    batch = (f", batch_size={batch_size}" if batch_size else "") + (", numpy BLAS" if numpy_blas else "")
    return {"name": f"spaCy {settings.spacy_model} nlp.pipe(n_process=1{batch})", "documents": len(texts),
            "tokens": tokens, "load_seconds": round(load, 2), "seconds": round(seconds, 2),
            "docs_per_second": round(len(texts) / seconds, 2), "peak_rss_mib": peak_rss_mib()}


def run_product(records_path: Path, settings: Settings, name: str, quality: bool) -> dict[str, Any]:
    """End-to-end ingest into a temporary DuckDB, then (``quality``) MUC-4 TST1+TST2 scores."""
    from .ingest import article_from_text
    from .pipeline import ingest, load_extractor
    from .store import open_store

    started = time.perf_counter()
    extractor = load_extractor(settings)
    # One tiny document so that lazily loaded models are not charged to the first batch.
    list(extractor.extract_many([article_from_text("Police arrested two men on Monday.", doc_id="warm-up",
                                                   settings=settings)]))
    # Indexes the extractor builds on first use (the gazetteer's city index) are loading too.
    if hasattr(extractor, "prepare"):
        extractor.prepare()
    load = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="titfortat-bench-") as tmp:
        with open_store(str(Path(tmp) / "bench.duckdb"), settings=settings) as store:
            started = time.perf_counter()
            report = ingest([str(records_path)], store=store, settings=settings, extractor=extractor)
            seconds = time.perf_counter() - started
    documents = sum(report.documents.values())
    row: dict[str, Any] = {"name": name, "documents": documents, "events": report.events,
                           "failures": len(report.failures), "load_seconds": round(load, 2),
                           "seconds": round(seconds, 2), "docs_per_second": round(documents / seconds, 2)}
    row["peak_rss_mib"] = peak_rss_mib()
    if quality:
        row["muc4"] = _quality(settings, extractor)
    return row


def _quality(settings: Settings, extractor) -> dict[str, Any]:
    from .evaluate.muc4 import evaluate_muc4

    report = evaluate_muc4(("tst1", "tst2"), settings=settings, extractor=extractor)
    micro = report["ree"]["standard"]["micro"]
    return {"split": "tst1+tst2", "ree_micro_f1": round(100 * micro["f1"], 2),
            "ree_micro_p": round(100 * micro["p"], 2), "ree_micro_r": round(100 * micro["r"], 2),
            "relevance_f1": round(100 * report["extras"]["relevance"]["f1"], 2),
            "docs_per_second": report["extraction"]["docs_per_second"]}


def run_fusion(scale: str) -> Optional[list[dict[str, Any]]]:
    """The fusion benchmark when the fuse package offers one."""
    try:
        from .fuse.synthetic import bench_fusion
    except ImportError:
        return None
    return bench_fusion((10_000,) if scale == "quick" else (10_000, 100_000))


def worker(spec: dict[str, Any]) -> dict[str, Any]:
    """One measurement (run in a child process): baseline, product or fusion."""
    settings = Settings.from_env(**spec.get("overrides", {}))
    if spec["kind"] == "baseline":
        return run_baseline(Path(spec["records"]), settings, spec.get("batch_size"), spec.get("numpy_blas", False))
    if spec["kind"] == "product":
        return run_product(Path(spec["records"]), settings, spec["name"], spec.get("quality", True))
    return {"fusion": run_fusion(spec["scale"])}


def _child(spec: dict[str, Any]) -> dict[str, Any]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = root + os.pathsep + env.get("PYTHONPATH", "")
    done = subprocess.run([sys.executable, "-m", "titfortat.bench", "--worker", json.dumps(spec)],
                          capture_output=True, text=True, env=env)
    if done.returncode != 0:
        raise SystemExit(f"bench: {spec['kind']} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    scale = os.environ.get("BENCH_SCALE", "quick").lower()
    if scale not in SCALES:
        raise SystemExit(f"bench: BENCH_SCALE must be one of {', '.join(SCALES)}, not {scale!r}")
    records = dev_texts(SCALES[scale])
    with tempfile.TemporaryDirectory(prefix="titfortat-bench-") as tmp:
        path = Path(tmp) / "muc4_dev.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        print(f"bench ({scale}): {len(records)} MUC-4 DEV documents", file=sys.stderr)
        baseline = _child({"kind": "baseline", "records": str(path)})
        # spaCy's default batch (1,000 texts) pads long documents heavily; a batch of 64 is about
        # twice as fast on MUC-4 messages, so it is shown too, for a stricter comparison.
        tuned = _child({"kind": "baseline", "records": str(path), "batch_size": 64})
        # the product multiplies matrices with numpy's BLAS (extract/nlp.py use_numpy_matmul): the same
        # setting on plain spaCy shows how much of the ratio is that setting
        same_blas = _child({"kind": "baseline", "records": str(path), "batch_size": 64, "numpy_blas": True})
        products = [_child({"kind": "product", "records": str(path), "name": name, "overrides": overrides})
                    for name, overrides in configurations().items()]
    fusion = _child({"kind": "fusion", "scale": scale})["fusion"]
    for row in products:
        row["ratio_to_baseline"] = round(row["docs_per_second"] / baseline["docs_per_second"], 2)
        row["ratio_to_batch64_baseline"] = round(row["docs_per_second"] / tuned["docs_per_second"], 2)
    result = {"scale": scale, "documents": len(records), "python": platform.python_version(),
              "cpus": os.cpu_count(), "baseline": baseline, "baseline_batch64": tuned,
              "baseline_batch64_numpy_blas": same_blas,
              "configurations": products, "fusion": fusion}
    out = Path("bench-results")
    out.mkdir(exist_ok=True)
    (out / "bench.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(render(result))
    return 0


def render(result: dict[str, Any]) -> str:
    """The benchmark table."""
    lines = [f"titfortat bench ({result['scale']}): {result['documents']} MUC-4 DEV documents, "
             f"{result['cpus']} CPUs, Python {result['python']}",
             f"{'configuration':<72} {'docs/s':>8} {'ratio':>6} {'RSS MiB':>8} {'load s':>7} "
             f"{'REE F1':>7} {'rel F1':>7}"]
    base = result["baseline"]
    infos = [result[k] for k in ("baseline_batch64", "baseline_batch64_numpy_blas") if result.get(k)]
    for label, row in [("baseline", base)] + [("(info)", row) for row in infos]:
        ratio = row["docs_per_second"] / base["docs_per_second"]
        lines.append(f"{label + ': ' + row['name']:<72} {row['docs_per_second']:8.1f} {ratio:6.2f} "
                     f"{row['peak_rss_mib']:8.1f} {row['load_seconds']:7.2f} {'-':>7} {'-':>7}")
    for row in result["configurations"]:
        q = row.get("muc4") or {}
        lines.append(f"{'titfortat ingest, ' + row['name']:<72} {row['docs_per_second']:8.1f} "
                     f"{row['ratio_to_baseline']:6.2f} {row['peak_rss_mib']:8.1f} {row['load_seconds']:7.2f} "
                     f"{q.get('ree_micro_f1', '-'):>7} {q.get('relevance_f1', '-'):>7}")
    lines.append("ratio: docs/s over the baseline's (measured in this run); REE F1 / rel F1: MUC-4 TST1+TST2, "
                 "eval/score_muc4.py standard block")
    for row in result["fusion"] or []:
        lines.append(f"fusion {row['size']:>7,} synthetic events: {row['seconds']} s, "
                     f"{row['events_per_second']:,} events/s, {row['clusters']:,} clusters, "
                     f"peak traced {row['peak_mib']} MiB")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--worker":
        print(json.dumps(worker(json.loads(sys.argv[2]))))
        sys.exit(0)
    sys.exit(main())
