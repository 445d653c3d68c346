"""``chi_so_766 COMMUNE_CODE [--month YYYY-MM]`` (docs/design.md section 8)."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from indicators.management.commands.chi_so_766 import Command

from .conftest import JANUARY


def run(*args) -> list[str]:
    out = io.StringIO()
    call_command("chi_so_766", *args, stdout=out)
    return out.getvalue().splitlines()


def test_csv_rows_total_and_band(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], **JANUARY)
    lines = run(commune.code, "--month", "2026-01")
    assert lines[0] == "nhom,chi_so,ty_le,nguong,diem,diem_toi_da"
    rows = list(csv.reader(lines[1:-2]))
    assert len(rows) == 21
    assert ["DVCTT", "3.6", "76.00", "100", "4.56", "6"] in rows
    assert ["CKMB", "1.1", "", "100", "", "6"] in rows  # not computable from the commune's figures
    assert ["TDGQ", "2.1", "80.00", "100", "16.00", "20"] in rows
    assert lines[-2] == "tong,,,,40.96,100"
    assert sum(Decimal(r[4]) for r in rows if r[4]) == Decimal("40.96")  # the groups add up to the total
    assert sum(Decimal(r[5]) for r in rows) == 100
    assert lines[-1] == "Yếu"


def test_without_month_the_year_to_date_of_the_latest_month(setup):
    commune, _c, periods, figures = setup
    figures(periods[1], **JANUARY)
    figures(periods[2], HS_TIEP_NHAN=100, HS_TRUC_TUYEN=0)
    lines = run(commune.code)
    # February's year to date: 200 received, so 3.3 is 50 of 200 = 25% → 3,00 (−3), 4.2 100 of
    # 200 = 50% → 2,00 (−2), 4.4 40 of 200 = 20% × 2 ÷ 80 → 0,50 (−0,5): 40,96 − 5,5 = 35,46
    assert "DVCTT,3.3,25.00,50,3.00,6" in lines
    assert "SOHOA,4.2,50.00,100,2.00,4" in lines and "SOHOA,4.4,20.00,80,0.50,2" in lines
    assert lines[-2] == "tong,,,,35.46,100"


def test_a_month_without_figures_prints_no_score(setup):
    commune, *_ = setup
    lines = run(commune.code, "--month", "2026-05")
    assert lines[-2] == "tong,,,,,100" and lines[-1] == "Không có số liệu"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["KHONGCO"], "Không có xã mã «KHONGCO»."),
        (["{code}", "--month", "2026-13"], "Tháng không hợp lệ: «2026-13»"),
        (["{code}", "--month", "03/2026"], "Tháng không hợp lệ: «03/2026»"),
    ],
)
def test_bad_input_says_so_in_vietnamese_and_exits_1(setup, capsys, args, message):
    commune, *_ = setup
    args = [a.format(code=commune.code) for a in args]
    with pytest.raises(CommandError, match=message):
        call_command("chi_so_766", *args)
    with pytest.raises(SystemExit) as exit_info:  # as from the shell: stderr, exit 1, no traceback
        Command().run_from_argv(["manage.py", "chi_so_766", *args])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_a_commune_without_any_figure(setup):
    commune, *_ = setup
    with pytest.raises(CommandError, match="chưa có số liệu"):
        call_command("chi_so_766", commune.code)
