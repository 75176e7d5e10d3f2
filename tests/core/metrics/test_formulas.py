"""Every formula against an example computed by hand."""

import pytest

from bot.core.metrics import formulas


def test_nps_promoters_minus_detractors():
    # 4 promoters (9, 10, 9, 10), 3 passives (7, 8, 8), 3 detractors (0, 5, 6) of 10 answers: 40% - 30%.
    assert formulas.nps([9, 10, 9, 10, 7, 8, 8, 0, 5, 6]) == pytest.approx(10.0)
    assert formulas.nps([10, 10]) == 100.0 and formulas.nps([3]) == -100.0


def test_csat_is_the_share_of_4_and_5():
    assert formulas.csat([5, 4, 3, 2, 5]) == pytest.approx(0.6)


def test_ces_is_the_mean_on_its_scale():
    assert formulas.ces([2, 3, 4]) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="1–7"):
        formulas.ces([8])


@pytest.mark.parametrize("bad", [[], [11], [-1]])
def test_nps_rejects_empty_or_off_scale_answers(bad):
    with pytest.raises(ValueError):
        formulas.nps(bad)


def test_adoption_and_zero_seats():
    assert formulas.adoption(45, 60) == pytest.approx(0.75)
    assert formulas.adoption(10, 0) is None


def test_logo_churn_uses_customers_at_the_start():
    assert formulas.logo_churn(customers_at_start=40, customers_lost=3) == pytest.approx(0.075)
    with pytest.raises(ValueError):
        formulas.logo_churn(0, 0)


def test_grr_and_nrr_by_hand():
    # Start 1,000k; expansion 150k; contraction 50k; churn 100k.
    assert formulas.grr(1000, contraction=50, churned_arr=100) == pytest.approx(0.85)
    assert formulas.nrr(1000, expansion=150, contraction=50, churned_arr=100) == pytest.approx(1.0)


def test_arr_movements_split_account_by_account():
    start = {"a": 100.0, "b": 200.0, "c": 50.0}
    end = {"a": 130.0, "b": 180.0, "d": 999.0}  # a expanded 30, b contracted 20, c churned 50, d is new
    moves = formulas.arr_movements(start, end)
    assert moves == {"starting_arr": 350.0, "expansion": 30.0, "contraction": 20.0, "churn": 50.0}
    assert formulas.nrr(**{k: moves[k] for k in ("starting_arr", "expansion", "contraction")},
                        churned_arr=moves["churn"]) == pytest.approx(310 / 350)  # fmt: skip


def test_cltv_states_its_assumption_by_refusing_zero_churn():
    assert formulas.cltv(average_arr=50_000, gross_margin=0.8, churn_rate=0.1) == pytest.approx(400_000)
    with pytest.raises(ValueError, match="unbounded"):
        formulas.cltv(50_000, 0.8, 0)


def test_time_to_value_in_days():
    assert formulas.time_to_value("2026-01-15", "2026-03-01") == 45
    with pytest.raises(ValueError):
        formulas.time_to_value("2026-03-01", "2026-01-15")
