"""`bench/engine.py` is a workload `python -m bench.run engine` can run and BENCHMARKS.md can
show: a table with the 50,000 leads/s goal, rendered by the generic renderer."""

from bench.engine import TARGET, run
from bench.report_md import result_table_text


def test_the_engine_workload_gives_a_table_with_the_goal() -> None:
    result = run(quick=True)
    assert result["leads"] == 1000
    assert result["target_leads_per_second"] == TARGET == 50_000
    columns, rows = result["table"]["columns"], result["table"]["rows"]
    assert columns[-1] == "goal"
    assert all(len(row) == len(columns) for row in rows)
    assert rows[1][-1].startswith("≥ 50,000/s ")
    assert rows[1][-2] == f"{result['cpu_leads_per_second']:,}"
    text = result_table_text(result)
    assert "`evaluate`, CPU time of the process (one core)" in text
    assert text.count("\n- ") == len(result["notes"])
