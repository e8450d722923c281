"""The end screen writes the report and the attendance sheet, and says where."""

from __future__ import annotations

import errno

from intervisie_tui.ui.screens import summary as summary_screen
from intervisie_tui.ui.screens.summary import SummaryScreen

from .pilot_helpers import enter_participants, screen_text, type_text


async def finish_short_meeting(pilot) -> None:
    await enter_participants(pilot, ["Anna", "Bram", "Carla"])
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter", "pagedown", "pagedown", "pagedown", "a", "down")
    await type_text(pilot, "Stage in jaar 2")
    await pilot.press("enter", "enter", "escape", "f", "y")
    await pilot.pause()
    assert isinstance(pilot.app.screen, SummaryScreen)


async def test_the_report_and_attendance_sheet_are_written_from_the_end_screen(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(240, 36)) as pilot:  # wide enough for the whole paths
        await finish_short_meeting(pilot)
        assert "r schrijft het verslag" in screen_text(app)
        await pilot.press("r")
        await pilot.pause()
        reports = sorted((data_dir / "reports").glob("*"))
        assert [path.suffix for path in reports] == [".html", ".md"]
        shown = screen_text(app)
        assert "Verslag geschreven:" in shown
        assert all(path.name in shown for path in reports)
        markdown = next(p for p in reports if p.suffix == ".md").read_text(encoding="utf-8")
        assert markdown.splitlines()[2].startswith("**Vertrouwelijk")
        assert "Stage in jaar 2" in markdown
        assert all(path.stat().st_mode & 0o777 == 0o600 for path in reports)
        await pilot.press("l")
        await pilot.pause()
        sheets = [p for p in (data_dir / "reports").glob("*") if p not in reports]
        assert len(sheets) == 2 and "Presentielijst geschreven:" in screen_text(app)
        html = next(p for p in sheets if p.suffix == ".html").read_text(encoding="utf-8")
        assert all(name in html for name in ("Anna", "Bram", "Carla"))


async def test_a_report_that_cannot_be_written_is_explained(make_app, data_dir, monkeypatch):
    def disk_full(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(summary_screen, "write_report", disk_full)
    app = make_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await finish_short_meeting(pilot)
        await pilot.press("r")
        await pilot.pause()
        assert "Schrijven lukt niet (No space left on device)" in screen_text(app)
        assert not (data_dir / "reports").exists()


async def test_open_the_report_in_the_browser(make_app, data_dir, monkeypatch):
    opened: list[str] = []
    app = make_app()
    monkeypatch.setattr(app, "open_url", lambda url, new_tab=True: opened.append(url))
    async with app.run_test(size=(160, 36), notifications=True) as pilot:
        await finish_short_meeting(pilot)
        shown = screen_text(app)
        assert "o Openen" in shown and "c Kopiëren" in shown  # in the footer
        await pilot.press("o")
        await pilot.pause()
        page = next((data_dir / "reports").glob("*.html"))
        assert opened == [page.resolve().as_uri()]
        assert opened[0].startswith("file:///")
        assert "Stage in jaar 2" in page.read_text(encoding="utf-8")  # written before opening
        assert "Geopend in de browser" in screen_text(app)


async def test_copy_the_report_as_markdown(make_app, data_dir):
    app = make_app()
    async with app.run_test(size=(160, 36), notifications=True) as pilot:
        await finish_short_meeting(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard.startswith("# Verslag van de intervisiebijeenkomst\n")
        assert "Stage in jaar 2" in app.clipboard
        assert "op het klembord" in " ".join(screen_text(app).split())
        assert not (data_dir / "reports").exists()  # copying writes no file


async def test_open_and_copy_are_in_the_palette_with_their_tooltips(make_app):
    app = make_app()
    async with app.run_test(size=(160, 36)) as pilot:
        await finish_short_meeting(pilot)
        bindings = {binding.id: binding for _, binding in app.screen._bindings}
        assert bindings["summary-open"].key == "o" and bindings["summary-copy"].key == "c"
        assert bindings["summary-open"].tooltip.startswith("Schrijf het verslag en open")
        await pilot.press("ctrl+p")
        await pilot.pause()
        shown = screen_text(app)
        assert "Openen (o)" in shown and "Kopiëren (c)" in shown


async def test_reports_stay_in_the_data_folder_after_saving_elsewhere(make_app, data_dir, tmp_path):
    """Ctrl+O moves the log; the reports still go to the data folder's reports/, where the
    README and erase look for them (not beside the folder the log was moved to)."""
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await enter_participants(pilot, ["Anna", "Bram", "Carla"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter", "ctrl+o")
        await pilot.pause()
        usb = tmp_path / "usb" / "intervisie"
        await pilot.press("ctrl+u")
        await type_text(pilot, str(usb))
        await pilot.press("enter", "f", "y")
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)
        assert len(list(usb.glob("*.json"))) == 1
        await pilot.press("r")
        await pilot.pause()
        assert sorted(p.suffix for p in (data_dir / "reports").glob("*")) == [".html", ".md"]
        assert not (tmp_path / "usb" / "reports").exists()
