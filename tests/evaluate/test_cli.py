"""The ``eval`` sub-app: tables on stdout, full reports as JSON, usage errors as exit code 2."""
from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from titfortat.evaluate.cli import app
from titfortat.evaluate.plover import load_records

RUNNER = CliRunner()


def test_muc4_json_report_matches_the_table(muc4_slice, tmp_path):
    out = tmp_path / "report.json"
    result = RUNNER.invoke(app, ["muc4", "--split", "tst1", "--gold-dir", str(muc4_slice), "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    micro = report["ree"]["standard"]["micro"]
    assert report["gold"]["docs"] == 8
    assert f"{micro['matched']:7d} {micro['pred']:7d} {micro['gold']:7d}" in result.stdout


def test_plover_json_format(tmp_path):
    path = tmp_path / "gold.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in load_records()[:4]), encoding="utf-8")
    result = RUNNER.invoke(app, ["plover-gsr", "--ids", "all", "--gold", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["records"] == 4 and set(report["accuracy"]) == {"value", "k", "n"}


@pytest.mark.parametrize("args", [["muc4", "--split", "tst9"], ["plover-gsr", "--ids", "half"],
                                  ["muc4", "--split", "tst1", "--format", "xml"]])
def test_usage_errors_exit_2(args):
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 2
    assert "titfortat:" in result.output
