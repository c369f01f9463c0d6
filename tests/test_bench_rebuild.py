"""bench/bench_rebuild.py: a run on a tiny register with the stand-in encoder, and the
verdicts its table prints.

The run is slow: about 15 s of CPU (torch and transformers imports, a `viit index` process),
35 s wall on the shared 2-core machine.
"""

from __future__ import annotations

import json

import pytest

from bench import bench_rebuild


@pytest.mark.slow
def test_bench_measures_all_four_phases(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["--entries", "3", "--encoder", "tiny", "--out", str(out), "--repeat", "1"]
    assert bench_rebuild.main(args) == 0
    result = json.loads((out / "result.json").read_text())
    phases = {p["phase"]: p for p in result["phases"]}
    full, change = phases["full build"], phases["1% change"]
    assert full["chunks_embedded"] > 0 and full["files_failed"] == 0
    # the bare encoder ran on exactly the passages the build embedded
    assert phases["bare encode"]["passages"] == full["chunks_embedded"]
    # the new filing is embedded, nothing old is
    assert change["files_added"] >= 1 and change["files_unchanged"] == full["files_added"]
    assert 0 < change["chunks_embedded"] < full["chunks_embedded"]
    assert phases["no change #1"]["chunks_embedded"] == 0
    assert result["no_change_cli_seconds"] > 0
    for key in ("change_1pct_over_full", "encode_share_bare", "encode_share_inside_build"):
        assert 0 < result["ratios"][key] < 2
    assert "bare encode / full build" in capsys.readouterr().out
    assert not (out / "work").exists()


@pytest.mark.parametrize(
    "encoder, share, mark",
    [
        ("e5-small", 0.96, "met"),
        ("e5-small", 0.50, "MISSED"),
        ("e5-small", None, "not measured (--no-bare)"),  # the bare phase was skipped
        ("tiny", 0.96, "stand-in encoder: targets not applicable"),
    ],
)
def test_table_marks_each_target(capsys, encoder, share, mark):
    ratios = {
        "change_1pct_over_full": 0.05,
        "change_1pct_over_full_with_model_load": 0.1,
        "change_1pct_over_full_cpu": 0.05,
        "encode_share_bare": share,
        "encode_share_bare_cpu": share,
        "encode_share_inside_build": 0.9,
    }
    result = {"encoder": encoder, "machine": {"cpus": 2}, "date": "2026-12-03"}
    bench_rebuild.print_table({**result, "phases": [], "ratios": ratios})
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("bare encode"))
    assert line.endswith(f": {mark})"), line
