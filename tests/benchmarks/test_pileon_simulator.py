"""The pile-on benchmark's simulator, scoring and plot run end to end at toy sizes (the numbers are the bench's)."""

from __future__ import annotations

import importlib
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stoa.detection.pileon import Event, EventKind, PileOnDetector

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"


@pytest.fixture(scope="module")
def bench():
    sys.path.insert(0, str(BENCHMARKS))
    try:
        yield {
            name: importlib.import_module(name)
            for name in ("pileon_simulator", "pileon_evaluation", "pileon_texts", "pileon_timeline", "bench_pileon")
        }
    finally:
        sys.path.remove(str(BENCHMARKS))


@pytest.fixture(scope="module")
def tiny(bench):
    simulator = bench["pileon_simulator"]
    config = simulator.SimConfig(seed=5, days=5, regulars=30, threads={kind: 4 for kind in simulator.Scenario})
    return config, simulator.generate(config)


def test_the_simulator_is_deterministic_and_keeps_its_ground_truth(bench, tiny):
    simulator = bench["pileon_simulator"]
    config, threads = tiny
    again = simulator.generate(config)
    assert [c.id for t in threads for c in t.comments] == [c.id for t in again for c in t.comments]
    assert len(threads) == 4 * len(simulator.Scenario)
    for thread in threads:
        assert thread.comments, thread.scenario
        if thread.scenario in simulator.ATTACKS or thread.scenario is simulator.Scenario.SLOW_BURN:
            assert thread.victim and any(c.target == thread.victim for c in thread.comments)
    pile_on = [c for t in threads if t.scenario is simulator.Scenario.PILE_ON for c in t.comments if c.hostile]
    assert all(c.first_comment or c.account_created > c.at - simulator.dt.timedelta(days=7) for c in pile_on)
    ordered = simulator.events_in_time_order(threads)
    assert [c.at for c in ordered] == sorted(c.at for c in ordered)


def test_evaluation_shields_pile_ons_and_scores_both_detectors(bench, tiny):
    evaluation, simulator = bench["pileon_evaluation"], bench["pileon_simulator"]
    _, threads = tiny
    ours = evaluation.evaluate(threads, PileOnDetector())
    naive = evaluation.evaluate(threads, evaluation.HostileCountBaseline())
    assert set(ours) == set(simulator.Scenario) == set(naive)
    assert ours[simulator.Scenario.PILE_ON].shielded >= 3
    assert len(ours[simulator.Scenario.PILE_ON].seen_before) == 4
    assert ours[simulator.Scenario.QUIET].shielded == 0


def test_the_baseline_shields_at_the_third_hostile_comment_whoever_wrote_it(bench):
    evaluation, simulator = bench["pileon_evaluation"], bench["pileon_simulator"]
    baseline = evaluation.HostileCountBaseline()
    events = [Event("member:a", EventKind.HOSTILE, simulator.START, "troll", f"1-{i}") for i in range(4)]
    assert [baseline.observe(e) is not None for e in events] == [False, False, True, False]


def test_the_real_path_flags_generated_texts(bench, tiny):
    texts = bench["pileon_texts"]
    _, threads = tiny
    rewritten, rates = texts.with_real_flags(threads)
    assert len(rewritten) == len(threads)
    assert rates["hostile comments flagged"] > 0.5 > rates["fair comments flagged"]
    assert rates["true target found"] > 0.9


def test_the_timeline_is_an_svg_with_a_dot_per_hostile_comment(bench, tiny):
    timeline, simulator = bench["pileon_timeline"], bench["pileon_simulator"]
    _, threads = tiny
    thread = next(t for t in threads if t.scenario is simulator.Scenario.PILE_ON)
    hostile = [c for c in thread.comments if c.hostile]
    points, opened = timeline.timeline_points(thread.comments, hostile[2].at)
    svg = ET.fromstring(timeline.timeline_svg(points, opened, "a pile-on"))  # noqa: S314 - our own output
    circles = svg.findall("{http://www.w3.org/2000/svg}circle")
    assert len(circles) == len(hostile) and opened is not None
    assert sum(c.get("fill") == "white" for c in circles) == sum(p.held for p in points) > 0


def test_the_benchs_rule_variants_only_hold_back_pile_ons_and_the_previous_rule_is_reproducible(bench, tiny):
    evaluation, simulator, runner = bench["pileon_evaluation"], bench["pileon_simulator"], bench["bench_pileon"]
    _, threads = tiny
    attacks = sorted(simulator.ATTACKS)

    def shields(detector):
        result = evaluation.evaluate(threads, detector)
        return [result[s].shielded for s in attacks], [result[s].watched for s in attacks]

    default = shields(PileOnDetector())
    assert shields(runner.VariantDetector()) == default  # no extra condition: the default rule
    nothing, watched = shields(runner.VariantDetector(rate=lambda f: False, strangers=lambda f: False))
    assert nothing == [0] * len(attacks) and sum(watched) > 0  # pile-ons fall back to a watch
    names = [name for name, _ in runner.rule_variants()]
    assert "both (default)" in names and "previous: whole window, every author" in names
    assert not runner.PREVIOUS.rate_since_first_hostile and not runner.PREVIOUS.rate_one_sided_only
