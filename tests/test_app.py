"""The Streamlit app answers a question (Streamlit's AppTest, real index and model)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def test_app_answers_with_citations(sample_index, monkeypatch):
    monkeypatch.setenv("VIIT_INDEX", str(sample_index))
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception
    assert any("chunks" in m.value for m in at.sidebar.markdown)
    at.chat_input[0].set_value("Millal registreeriti dokument 5-1/54-1?").run()
    assert not at.exception
    answer = at.chat_message[1].markdown[0].value
    assert "10.11.2023" in answer and "[5-1/54-1]" in answer
    assert at.expander and "5-1/54-1" in at.expander[0].label
    # open the cited entry: metadata and the highlighted passage
    at.button(key="open-0-1").click().run()
    assert not at.exception
    html = " ".join(m.value for m in at.markdown)
    assert "<mark" in html and "10.11.2023" in html
