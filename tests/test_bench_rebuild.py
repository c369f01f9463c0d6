"""Smoke test of bench/bench_rebuild.py on a tiny register with the stand-in encoder.

Marked slow: about 15 s of CPU (torch and transformers imports, a `viit index` process),
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
