import numpy as np

from henno.training.thresholds import choose_thresholds


def test_choice_reaches_the_target_on_unflagged_items() -> None:
    rng = np.random.default_rng(0)
    scores = rng.dirichlet(np.ones(5) * 0.5, size=2000)
    # Confident rows are usually right, unsure rows often wrong: a calibrated-looking model.
    correct = rng.random(2000) < scores.max(axis=1)
    choice = choose_thresholds(correct, scores, target=0.95)
    kept = ~choice.thresholds.flag(scores)
    assert correct[kept].mean() >= 0.95
    assert choice.accuracy_unflagged == correct[kept].mean()
    assert choice.flagged_share == 1 - kept.mean()
    assert 0 < choice.flagged_share < 1


def test_choice_flags_nothing_when_every_item_is_right() -> None:
    scores = np.tile([0.4, 0.3, 0.1, 0.1, 0.1], (50, 1))
    choice = choose_thresholds(np.ones(50, dtype=bool), scores)
    assert choice.flagged_share == 0.0


def test_choice_flags_everything_when_the_target_is_out_of_reach() -> None:
    scores = np.tile([0.9, 0.1, 0, 0, 0], (50, 1))
    choice = choose_thresholds(np.zeros(50, dtype=bool), scores)
    assert choice.flagged_share == 1.0
    assert choice.thresholds.min_confidence > 1.0
