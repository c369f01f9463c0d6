"""The Streamlit app for real (Streamlit's AppTest, real index and model): Estonian by
default, every label switching with the language, example questions that answer with
citations, one card per entry, the entry view behind a card."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")

# what the sidebar and the empty chat say, in each language: the switch changes them all
LABELS = {
    "et": ["Filtrid", "Indeks", "Mida Viidilt küsida?", "Kasutajanimi", "Logi sisse"],
    "en": ["Filters", "Index", "What can I ask Viit?", "User name", "Sign in"],
}


def _texts(at: AppTest) -> str:
    kinds = ("markdown", "subheader", "caption", "title")
    parts = [e.value for kind in kinds for e in at.get(kind)]
    parts += [e.label for e in at.text_input] + [b.label for b in at.get("form_submit_button")]
    parts += [e.label for e in at.button]
    return "\n".join(str(p) for p in parts)


def test_app_in_estonian_and_english_with_examples(sample_index, monkeypatch):
    monkeypatch.setenv("VIIT_INDEX", str(sample_index))
    monkeypatch.delenv("VIIT_LLM_URL", raising=False)
    at = AppTest.from_file(APP, default_timeout=180)
    at.run()
    assert not at.exception
    text = _texts(at)
    assert all(label in text for label in LABELS["et"]), text
    assert not any(label in text for label in LABELS["en"]), text
    assert "keelemudelit pole" in text  # the sidebar says answers are extractive
    et_examples = [b.label for b in at.button if b.key and b.key.startswith("example-")]

    at.session_state["lang"] = "en"
    at.run()
    text = _texts(at)
    assert all(label in text for label in LABELS["en"]), text
    assert not any(label in text for label in LABELS["et"]), text
    en_examples = [b.label for b in at.button if b.key and b.key.startswith("example-")]
    # four examples, each kind once, from the register, in the UI language
    assert len(en_examples) == len(et_examples) == 4
    assert en_examples[0].startswith("When was document ") and "?" in en_examples[0]
    assert et_examples[0].startswith("Millal registreeriti dokument ")
    assert "Which documents are related to " in en_examples[2]
    assert en_examples != et_examples

    at.session_state["lang"] = "et"
    at.run()
    assert all(label in _texts(at) for label in LABELS["et"])


def test_example_question_answers_with_cards(sample_index, monkeypatch):
    monkeypatch.setenv("VIIT_INDEX", str(sample_index))
    monkeypatch.delenv("VIIT_LLM_URL", raising=False)
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = "en"
    at.run()
    # the filter example sets its filter in the sidebar and asks
    example = next(b for b in at.button if b.key == "example-3")
    example.click().run()
    assert not at.exception
    name = at.text_input(key="f.correspondent").value
    assert name and example.label == "What is the letter about?"
    assert len(at.chat_message) == 2 and at.chat_message[1].expander  # a cited answer
    assert any(f"Addressee or sender = {name}" in c.value for c in at.chat_message[0].caption)

    # a typed question: the field answer, its card, the copyable citation line
    at.chat_input[0].set_value("Millal registreeriti dokument 5-1/54-1?").run()
    assert not at.exception
    answer = at.chat_message[3].markdown[0].value
    assert "10.11.2023" in answer and "[5-1/54-1]" in answer
    labels = [e.label for e in at.chat_message[3].expander]
    first = "[1] 5-1/54-1, 10.11.2023, Sissetulev kiri: CSAR"
    assert any(label.startswith(first) for label in labels), labels
    keys = [label.split(",")[0] for label in labels]
    assert len(keys) == len(set(keys))  # one card per entry
    assert any(c.value.startswith("5-1/54-1, 10.11.2023, Sissetulev kiri: CSAR") for c in at.code)

    # open the cited entry: metadata in English labels and the highlighted passage
    at.button(key="open-1-1").click().run()
    assert not at.exception
    html = " ".join(m.value for m in at.markdown)
    assert "<mark" in html and "10.11.2023" in html
    assert "| Registration date | 10.11.2023 |" in html
    assert any("5-1/54-1" in h.value for h in at.header)


def test_no_index_is_a_friendly_message_in_both_languages(tmp_path, monkeypatch):
    monkeypatch.setenv("VIIT_INDEX", str(tmp_path / "nowhere"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert not at.exception
    assert [i.value for i in at.info] == [
        "Indeksit veel pole. Ehita see halduse lehel või käsuga `viit index KAUST`."
    ]
    at.session_state["lang"] = "en"
    at.run()
    assert at.info[0].value.startswith("There is no index yet.")
