"""Attacks on the factsheets through user text (issue 11, items 1 and 6; factsheet.md "Texts are
text"). Every attack's input is made here; each test fails on the code before factsheets/veilig.py."""

import base64
import http.server
import os
import shutil
import subprocess
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from factsheets import veilig
from factsheets.inhoud import Inhoud
from factsheets.renderer import Renderer, RenderFout
from factsheets.teksten import lees_tekst

GEHEIM = b"GEHEIME-SLEUTEL-0123456789abcdef-ZZZ"


@pytest.fixture
def geheim(tmp_path) -> Path:
    """A stand-in for the pseudonym key: a readable file outside every document folder."""
    pad = tmp_path / "geheim" / "pseudoniem.sleutel"
    pad.parent.mkdir()
    pad.write_bytes(GEHEIM)
    return pad


def _tekst(tmp_path: Path, inhoud: str, naam: str = "GM0505") -> str | None:
    map_ = tmp_path / "teksten" / "2024"
    map_.mkdir(parents=True, exist_ok=True)
    (map_ / f"{naam}.md").write_text(inhoud, encoding="utf-8")
    return lees_tekst(tmp_path / "teksten", "2024", naam)


def _html(md: str, tmp_path: Path) -> str:
    r = Renderer()
    doel = tmp_path / "uit.html"
    r.html(md, doel, "Titel")
    return doel.read_text(encoding="utf-8")


def _pdf_tekst(pdf: Path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) ontbreekt")
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _bevat_geheim(data: str) -> bool:
    return GEHEIM.decode() in data or base64.b64encode(GEHEIM).decode()[:24] in data


def test_typst_blok_leest_de_sleutel_niet(tmp_path, geheim, capsys):
    # item 1: a raw typst block that reads the key into the PDF
    aanval = f'Goed nieuws.\n\n```{{=typst}}\n#raw(read("{geheim}"))\n```\n\nEn `#raw(read("{geheim}"))`{{=typst}}.\n'
    md = _tekst(tmp_path, aanval)
    assert "{=typst}" not in md and "```" not in md and "read(" not in md
    assert "Goed nieuws." in md
    pdf = tmp_path / "uit.pdf"
    Renderer().pdf(md, pdf, "Titel", "Organisatie")
    tekst = _pdf_tekst(pdf)
    assert "Goed nieuws." in tekst and not _bevat_geheim(tekst)
    assert GEHEIM not in pdf.read_bytes()
    # the run says what was left out
    assert "ruwe typst" in capsys.readouterr().err


def test_typst_kan_niets_buiten_de_eigen_map_lezen(tmp_path, geheim):
    # defence in depth: even raw typst that reached typst cannot read outside the document's folder
    md = f'```{{=typst}}\n#raw(read("{geheim}"))\n```\n'
    with pytest.raises(RenderFout):
        Renderer().pdf(md, tmp_path / "uit.pdf", "Titel", "Organisatie")
    assert not (tmp_path / "uit.pdf").exists()


@pytest.mark.parametrize(
    "aanval",
    [
        "![sleutel]({geheim})",
        '<img src="{geheim}">',
        "```{{=html}}\n<img src='{geheim}'>\n```",
        "[klik](file://{geheim})",
        '<iframe src="{geheim}"></iframe>',
        "<link rel=stylesheet href='{geheim}'>",
        '[x]{{style="background:url({geheim})"}}',
        '::: {{style="background-image:url(file://{geheim})"}}\nx\n:::',
    ],
)
def test_html_sluit_geen_lokaal_bestand_in(tmp_path, geheim, aanval):
    # item 1: pandoc --embed-resources would inline a local file named by a text
    md = _tekst(tmp_path, "Tekst ervoor.\n\n" + aanval.format(geheim=geheim) + "\n\nTekst erna.\n")
    uit = _html(md, tmp_path)
    assert "Tekst ervoor." in uit and "Tekst erna." in uit
    assert not _bevat_geheim(uit)
    assert "<img" not in uit and "<iframe" not in uit and "data:" not in uit and "url(" not in uit


@pytest.mark.parametrize(
    "aanval",
    [
        "<script>alert('x')</script>",
        "<b onmouseover=alert(1)>vet</b>",
        "```{=html}\n<script>alert(1)</script>\n```",
        "[x](javascript:alert(1))",
        "<javascript:alert(1)>",
        "`<script>`{=html}",
    ],
)
def test_tekst_voert_geen_script_uit(tmp_path, aanval):
    # item 6: raw HTML and script from a text reached the factsheet HTML
    md = _tekst(tmp_path, "Begin.\n\n" + aanval + "\n\nEinde.\n")
    uit = _html(md, tmp_path)
    assert "Begin." in uit and "Einde." in uit
    assert "<script>alert" not in uit and "onmouseover" not in uit and 'href="javascript' not in uit


def test_tekst_met_extern_beeld_haalt_niets_op(tmp_path):
    # item 6: a remote image made pandoc fetch it during the run
    verzoeken: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            verzoeken.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        adres = f"http://127.0.0.1:{server.server_port}"
        md = _tekst(
            tmp_path,
            f"![beeld]({adres}/a.png)\n\n<img src='{adres}/b.png'>\n\n<{adres}/c.png>\n\n"
            f"<link rel=stylesheet href='{adres}/d.css'>\n",
        )
        _html(md, tmp_path)
        Renderer().pdf(md, tmp_path / "uit.pdf", "Titel", "Organisatie")
    finally:
        server.shutdown()
    assert verzoeken == []


def test_shortcode_en_divs_uit_een_tekst_blijven_tekst(tmp_path):
    # own attack: a Quarto shortcode ({{< env >}} prints an environment variable under real Quarto)
    # and a ':::' line that would close the factsheet's own div around the text
    md = _tekst(
        tmp_path,
        "{{< env JGZ_PSEUDONIEM_SLEUTEL >}}\n\n:::\n\n::: {.content-hidden}\nverborgen\n:::\n\n"
        "{{< include /etc/passwd >}}\n",
    )
    assert "{{<" not in md
    assert not any(r.lstrip().startswith(":::") for r in md.splitlines())
    assert "verborgen" in md  # a div is unwrapped, its text shown


def test_lange_tekst_wordt_ingekort(tmp_path):
    # Low item: a 2 MB text gave a 271-page PDF
    md = _tekst(tmp_path, ("Een zin over de gemeente. " * 80 + "\n\n") * 1000)
    assert len(md) < veilig.MAX_TEKENS + 200
    assert "ingekort" in md


def test_gewone_markdown_blijft(tmp_path):
    # the guard must not eat ordinary texts: emphasis, lists and a table survive
    md = _tekst(tmp_path, "Dit is **belangrijk** en *schuin*.\n\n- een\n- twee\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    uit = _html(md, tmp_path)
    assert "<strong>belangrijk</strong>" in uit and "<em>schuin</em>" in uit
    assert "<li>een</li>" in uit and "<table" in uit


def test_lege_of_afwezige_tekst(tmp_path):
    assert _tekst(tmp_path, "   \n\n") is None
    assert lees_tekst(tmp_path / "bestaat-niet", "2024", "GM0505") is None
    assert lees_tekst(None, "2024", "GM0505") is None


KWAAD = (
    '<script>alert(1)</script> [x](file:///etc/passwd) ![](/etc/passwd) {{< env HOME >}} `#read("/x")`{=typst} \x1b[31m'
)


def test_configuratietekst_wordt_ontsnapt(tmp_path, monkeypatch):
    # item 6: the organisation's and a regiomanager's name reached the factsheet HTML unescaped
    regio = KWAAD + " regio"
    g = SimpleNamespace(
        gemeente="GM0505",
        gemeente_naam="Dordrecht",
        periode="2024",
        organisatie=KWAAD,
        regio=regio,
        regiomanager=KWAAD + " <a href='http://x'>mail</a>",
        aanmaakdatum=__import__("datetime").date(2025, 2, 3),
        thema="nieuwkomers",
        teksten=None,
        gebieden=[("GM0505", "Dordrecht", regio)],
    )
    f = Inhoud(g)
    md = f.kop() + "\n\n" + f._contact() + "\n"
    uit = _html(md, tmp_path)
    assert "<script>alert" not in uit and "<img" not in uit and 'href="file' not in uit
    assert "<a href" not in uit.split("<body", 1)[1]
    assert "\x1b" not in uit and "{{<" not in uit  # escaped: no Quarto shortcode either
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in uit  # shown literally
    # the PDF: the same header as raw typst, the names as typst strings
    info = tmp_path / "info.json"
    info.write_text('{"format": {"identifier": {"base-format": "typst"}}}')
    monkeypatch.setenv("QUARTO_EXECUTE_INFO", str(info))
    md = f.kop() + "\n\n" + f._contact() + "\n"
    pdf = tmp_path / "uit.pdf"
    Renderer().pdf(md, pdf, "Titel", KWAAD + '", evil: "x')
    assert "alert(1)" in _pdf_tekst(pdf)


def test_typst_tekst_is_een_letterlijke_string():
    assert veilig.typst_tekst('a"b\\c') == '"a\\"b\\\\c"'
    assert veilig.typst_tekst("a\x1b[31m\nb\u202e") == '"a[31m b"'
    assert veilig.markdown_tekst("<b>*x*</b>") == "\\<b\\>\\*x\\*\\<\\/b\\>"


def test_waarschuwingen_voor_de_run(tmp_path):
    _tekst(tmp_path, "<script>x</script>\n\n![a](/etc/passwd)\n", "GM0505")
    _tekst(tmp_path, "Gewoon.\n", "thema")
    meldingen = veilig.controleer_teksten(tmp_path / "teksten", "2024")
    assert meldingen and all(m.startswith("2024/GM0505.md") for m in meldingen)
    assert any("afbeeldingen" in m for m in meldingen) and any("ruwe html" in m for m in meldingen)


# -- own attacks on the texts ---------------------------------------------------------------------


def test_koppeling_naar_de_sleutel_als_tekst(tmp_path, geheim, capsys):
    # a regiomanager who may write in the texts folder puts a link there instead of a text
    map_ = tmp_path / "teksten" / "2024"
    map_.mkdir(parents=True)
    (map_ / "GM0505.md").symlink_to(geheim)
    assert lees_tekst(tmp_path / "teksten", "2024", "GM0505") is None
    assert "buiten de tekstenmap" in capsys.readouterr().err
    assert any("buiten de tekstenmap" in m for m in veilig.controleer_teksten(tmp_path / "teksten", "2024"))
    # a link inside the texts folder is fine (the same text for two gemeenten)
    (map_ / "GM0482.md").write_text("Gedeelde tekst.")
    (map_ / "GM0512.md").symlink_to(map_ / "GM0482.md")
    assert lees_tekst(tmp_path / "teksten", "2024", "GM0512") == "Gedeelde tekst."


def test_fifo_als_tekst_hangt_niet(tmp_path):
    map_ = tmp_path / "teksten" / "2024"
    map_.mkdir(parents=True)
    os.mkfifo(map_ / "GM0505.md")
    uitkomst = {}
    t = threading.Thread(target=lambda: uitkomst.setdefault("t", lees_tekst(tmp_path / "teksten", "2024", "GM0505")))
    t.daemon = True
    t.start()
    t.join(10)
    assert not t.is_alive() and uitkomst["t"] is None


def test_enorm_tekstbestand_wordt_niet_helemaal_gelezen(tmp_path):
    map_ = tmp_path / "teksten" / "2024"
    map_.mkdir(parents=True)
    with (map_ / "GM0505.md").open("w") as f:
        f.write("Begin van het verhaal. " + "x" * 50_000_000)
    start = time.monotonic()
    md = lees_tekst(tmp_path / "teksten", "2024", "GM0505")
    assert time.monotonic() - start < 10
    assert md.startswith("Begin van het verhaal.") and "ingekort" in md


@pytest.mark.parametrize(
    "aanval",
    [
        "[" * 1400 + "x" + "](y)" * 1400,  # pandoc's reader takes minutes on nested brackets
        "[" * 12 + "x" + "](y)" * 12,
        "> " * 1400 + "diep",  # the cleaner would recurse past Python's limit
        "- " * 1400 + "diep",
    ],
)
def test_diep_geneste_tekst_hangt_niet_en_blijft_tekst(tmp_path, aanval):
    start = time.monotonic()
    md = _tekst(tmp_path, "Voor.\n\n" + aanval + "\n\nNa.\n")
    assert time.monotonic() - start < 10
    uit = _html(md, tmp_path)
    assert time.monotonic() - start < 20
    lichaam = uit.split("<body", 1)[1]
    assert "Voor." in lichaam and ("Na." in lichaam or "ingekort" in lichaam)
    assert "<a " not in lichaam and "<blockquote" not in lichaam  # shown as plain text
