"""What the generator shows on a terminal: a progress bar over the simulated months, and a
summary of the history it wrote."""

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from leadpact.demo.history import HistorySummary
from leadpact.demo.history import Progress as ProgressCallback


@contextmanager
def history_progress(console: Console) -> Iterator[ProgressCallback]:
    """A callback for `history_generate` drawing a bar (on a terminal only)."""
    bar = Progress(
        TextColumn("Generating history"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%  simulated day {task.fields[day]}"),
        TimeElapsedColumn(),
        console=console,
        disable=not console.is_terminal,
    )
    with bar:
        task = bar.add_task("history", total=1.0, day="")

        def update(done: float, day: str) -> None:
            bar.update(task, completed=done, day=day)

        yield update


def summary_lines(summary: HistorySummary) -> list[str]:
    stages = ", ".join(f"{stage} {count:,}" for stage, count in summary.stages.items())
    lines = [
        f"History {summary.start:%Y-%m-%d} → {summary.end:%Y-%m-%d} (seed {summary.seed}): "
        f"{summary.leads:,} leads at {summary.accounts:,} accounts, {summary.touches:,} touches, "
        f"{summary.handoffs:,} handoffs, {summary.actions:,} sales actions.",
        f"Stages: {stages}.",
        f"Took {summary.seconds:.1f} s ({summary.leads_per_second:,.0f} leads/s).",
    ]
    if summary.refused:
        reasons = ", ".join(f"{why} ×{n}" for why, n in summary.refusals.most_common())
        lines.append(f"leadpact refused {summary.refused} planned sales steps ({reasons}).")
    return lines
