"""The one safe way to put user text into a factsheet.

Two kinds of user text reach a factsheet:

- the regiomanagers' and the theme's Markdown texts (`{teksten}/{periode}/*.md`): Markdown is kept
  (emphasis, lists, tables, headings), but everything that could run a script in the HTML, read a
  local file into the PDF or the HTML, or make a renderer fetch something is taken out: raw HTML,
  raw typst/LaTeX blocks and inlines, images, links, attributes, divs and spans, citations and
  Quarto shortcodes. What is taken out is left out or shown as plain text, and a warning says so.
  A text longer than `MAX_TEKENS` characters is cut with a note.
- configuration text (organisation, regio, regiomanager): always literal text, escaped for the
  format it lands in (`markdown_tekst`, `html_tekst`, `typst_tekst`).

The Markdown texts are parsed by pandoc into its AST, cleaned there (a filter on the tree, not a
regular expression on the text) and written back as Markdown.
"""

from __future__ import annotations

import html
import json
import re
import stat
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

MAX_TEKENS = 3000
INGEKORT = "*(Deze tekst is ingekort: hij was langer dan {n} tekens.)*"

# C0/C1 controls (terminal escapes among them) and bidi overrides: never shown, anywhere
_STUUR = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_WIT = re.compile(r"\s+")
_MD_LEESTEKEN = re.compile(r"([!-/:-@\[-`{-~])")  # all ASCII punctuation: pandoc lets each be escaped
_DIV_REGEL = re.compile(r"(?m)^([ \t]*)(:{3,})")
_SHORTCODE = "{{"
_ZWSP = "\u200b"


@dataclass
class Tekst:
    """A cleaned Markdown text and what was taken out of it (Dutch, for the run's log)."""

    markdown: str
    meldingen: list[str] = field(default_factory=list)


# -- configuration text ---------------------------------------------------------------------------


def platte_tekst(s: object) -> str:
    """One line of plain text: controls removed, any whitespace run (newlines included) one space."""
    return _WIT.sub(" ", _STUUR.sub("", unicodedata.normalize("NFC", str(s)))).strip()


def markdown_tekst(s: object) -> str:
    """Literal text inside Markdown: every ASCII punctuation character backslash-escaped, so no
    Markdown, raw HTML, attribute, link or shortcode can come out of it."""
    return _MD_LEESTEKEN.sub(r"\\\1", platte_tekst(s).replace(_SHORTCODE, "{" + _ZWSP + "{"))


def html_tekst(s: object) -> str:
    """Literal text inside HTML (element content or a quoted attribute)."""
    return html.escape(platte_tekst(s), quote=True)


def typst_tekst(s: object) -> str:
    """A typst string literal holding the text (typst's escapes, not JSON's)."""
    t = platte_tekst(s).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{t}"'


# -- Markdown texts -------------------------------------------------------------------------------


def _melding(bron: str, wat: str) -> str:
    return f"{bron}: {wat}"


class _Schoonmaker:
    """Walks pandoc's JSON AST and keeps only plain Markdown; counts what it removed."""

    def __init__(self) -> None:
        self.weg: dict[str, int] = {}

    def _tel(self, wat: str) -> None:
        self.weg[wat] = self.weg.get(wat, 0) + 1

    def blokken(self, blokken: list) -> list:
        uit: list = []
        for b in blokken:
            uit.extend(self.blok(b))
        return uit

    def blok(self, b: dict) -> list:
        t, c = b.get("t"), b.get("c")
        if t in ("Plain", "Para"):
            return [{"t": t, "c": self.inlines(c)}]
        if t == "LineBlock":
            return [{"t": t, "c": [self.inlines(r) for r in c]}]
        if t == "CodeBlock":
            if c[0][1] or c[0][2]:
                self._tel("attributen")
            return [{"t": t, "c": [["", [], []], c[1]]}]
        if t == "RawBlock":
            self._tel(f"ruwe {c[0]}-blokken")
            return []
        if t == "BlockQuote":
            return [{"t": t, "c": self.blokken(c)}]
        if t == "OrderedList":
            return [{"t": t, "c": [c[0], [self.blokken(item) for item in c[1]]]}]
        if t == "BulletList":
            return [{"t": t, "c": [self.blokken(item) for item in c]}]
        if t == "DefinitionList":
            return [{"t": t, "c": [[self.inlines(term), [self.blokken(d) for d in defs]] for term, defs in c]}]
        if t == "Header":
            if c[1][1] or c[1][2]:
                self._tel("attributen")
            return [{"t": t, "c": [c[0], ["", [], []], self.inlines(c[2])]}]
        if t == "HorizontalRule":
            return [b]
        if t == "Table":
            return [self.tabel(c)]
        if t == "Figure":  # an image with its caption: the image becomes its text (the caption)
            return self.blokken(c[2])
        if t == "Div":
            if c[0][1] or c[0][2] or c[0][0]:
                self._tel("blokken met attributen")
            return self.blokken(c[1])
        self._tel(f"onbekende onderdelen ({t})")
        return []

    def tabel(self, c: list) -> dict:
        _attr, caption, colspecs, head, bodies, foot = c

        def rijen(rs: list) -> list:
            return [[["", [], []], [self.cel(cel) for cel in r[1]]] for r in rs]

        return {
            "t": "Table",
            "c": [
                ["", [], []],
                [caption[0], self.blokken(caption[1])],
                colspecs,
                [["", [], []], rijen(head[1])],
                [[["", [], []], b[1], rijen(b[2]), rijen(b[3])] for b in bodies],
                [["", [], []], rijen(foot[1])],
            ],
        }

    def cel(self, cel: list) -> list:
        _attr, align, rowspan, colspan, blokken = cel
        return [["", [], []], align, rowspan, colspan, self.blokken(blokken)]

    def inlines(self, inlines: list) -> list:
        uit: list = []
        for i in inlines:
            uit.extend(self.inline(i))
        return uit

    def inline(self, i: dict) -> list:
        t, c = i.get("t"), i.get("c")
        if t == "Str":
            return [{"t": "Str", "c": c.replace(_SHORTCODE, "{" + _ZWSP + "{")}]
        if t in ("Space", "SoftBreak", "LineBreak"):
            return [i]
        if t in ("Emph", "Underline", "Strong", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            return [{"t": t, "c": self.inlines(c)}]
        if t == "Quoted":
            return [{"t": t, "c": [c[0], self.inlines(c[1])]}]
        if t == "Cite":
            self._tel("verwijzingen")
            return self.inlines(c[1])
        if t == "Code":
            if c[0][1] or c[0][2]:
                self._tel("attributen")
            return [{"t": "Code", "c": [["", [], []], c[1]]}]
        if t == "Math":  # shown as its TeX source: no math engine, nothing to resolve
            return [{"t": "Code", "c": [["", [], []], c[1]]}]
        if t == "RawInline":
            self._tel(f"ruwe {c[0]}")
            return []
        if t == "Link":
            self._tel("links")
            return self.inlines(c[1])
        if t == "Image":
            self._tel("afbeeldingen")
            return self.inlines(c[1])
        if t == "Note":
            return [{"t": "Note", "c": self.blokken(c)}]
        if t == "Span":
            if c[0][1] or c[0][2] or c[0][0]:
                self._tel("attributen")
            return self.inlines(c[1])
        self._tel(f"onbekende onderdelen ({t})")
        return []


def _inkorten(tekst: str, max_tekens: int) -> tuple[str, bool]:
    if len(tekst) <= max_tekens:
        return tekst, False
    deel = tekst[:max_tekens]
    # at the last paragraph end, else at the last space, so no word or Markdown mark is cut in two
    knip = deel.rfind("\n\n")
    if knip < max_tekens // 2:
        knip = max(deel.rfind(" "), deel.rfind("\n"))
    if knip < max_tekens // 2:
        knip = max_tekens
    return deel[:knip].rstrip(), True


PANDOC_S = 20  # pandoc's markdown reader can take minutes on pathological nesting ("[[[[...")
# nesting a text may have before it is shown as plain text: pandoc's time grows exponentially with
# nested brackets (depth 8: 2 s, depth 16: minutes), and quotes or lists nested deeper than any
# text needs only serve to make the cleaner recurse
MAX_HAKEN = 4
MAX_NEST = 8
_NEST = re.compile(r"^[ \t]*(?:(?:>|[-*+]|\d+[.)])[ \t]*){" + str(MAX_NEST + 1) + r",}", re.M)


class _TeIngewikkeld(Exception):
    """The text is nested too deeply (or pandoc took too long) to clean it as Markdown."""


def _pandoc(invoer: str, van: str, naar: str, *extra: str) -> str:
    import subprocess

    import pypandoc

    try:
        r = subprocess.run(
            [pypandoc.get_pandoc_path(), "-f", van, "-t", naar, *extra],
            input=invoer,
            capture_output=True,
            text=True,
            timeout=PANDOC_S,
        )
    except subprocess.TimeoutExpired:
        raise _TeIngewikkeld from None
    if r.returncode != 0:
        raise _TeIngewikkeld
    return r.stdout


def _te_diep(tekst: str) -> bool:
    diepte = hoogste = 0
    for teken in tekst:
        if teken in "[(":
            diepte += 1
            hoogste = max(hoogste, diepte)
        elif teken in "])" and diepte:
            diepte -= 1
    return hoogste > MAX_HAKEN or _NEST.search(tekst) is not None


@lru_cache(maxsize=256)
def _schoon(tekst: str) -> tuple[str, tuple[tuple[str, int], ...]]:
    if _te_diep(tekst):
        raise _TeIngewikkeld
    # raw_attribute, raw_html and friends stay on while reading, so that pandoc recognises what
    # they mark and the filter can take it out (with them off, it would be text and might be
    # parsed as something else downstream)
    boom = json.loads(_pandoc(tekst, "markdown", "json"))
    s = _Schoonmaker()
    boom["blocks"] = s.blokken(boom["blocks"])
    boom["meta"] = {}
    # pipe or grid tables (never indented simple tables, which can merge into a list before them);
    # the only raw HTML the writer emits for a clean tree is its `<!-- -->` list separator
    md = _pandoc(
        json.dumps(boom), "json", "markdown-simple_tables-multiline_tables-raw_tex-raw_attribute", "--wrap=none"
    )
    # a paragraph that is just ':::' would close the factsheet's own div around the text
    md = _DIV_REGEL.sub(lambda m: m.group(1) + "\\:" * len(m.group(2)), md)
    return md.strip(), tuple(sorted(s.weg.items()))


def _platte_markdown(tekst: str) -> str:
    """The text as plain paragraphs: every mark escaped (the fallback for a text too intricate)."""
    alineas = [a for a in re.split(r"\n[ \t]*\n", tekst) if a.strip()]
    return "\n\n".join(markdown_tekst(a) for a in alineas)


def schone_markdown(ruw: str, bron: str = "tekst", max_tekens: int = MAX_TEKENS) -> Tekst:
    """A regiomanager's or theme text, made safe for the factsheet (see the module docstring)."""
    tekst = unicodedata.normalize("NFC", ruw)
    tekst = _STUUR.sub("", tekst.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))
    tekst, ingekort = _inkorten(tekst.strip(), max_tekens)
    meldingen = []
    if not tekst:
        return Tekst("", meldingen)
    try:
        md, weg = _schoon(tekst)
    except (_TeIngewikkeld, RecursionError, ValueError):
        md, weg = _platte_markdown(tekst), ()
        meldingen.append(_melding(bron, "te ingewikkeld genest; als gewone tekst getoond, zonder opmaak"))
    for wat, n in weg:
        meldingen.append(_melding(bron, f"{n}× {wat} weggelaten (teksten zijn gewone tekst)"))
    if ingekort:
        md += "\n\n" + INGEKORT.format(n=f"{max_tekens:,}".replace(",", "."))
        meldingen.append(_melding(bron, f"ingekort tot ongeveer {max_tekens} tekens"))
    return Tekst(md, meldingen)


def waarschuw(meldingen: list[str]) -> None:
    """Report what was taken out of a text where the run shows it (stderr of the render)."""
    for m in meldingen:
        print(f"Waarschuwing: {m}", file=sys.stderr)


MAX_LEZEN = 64 * 1024  # characters read of a text file: far more than is shown, never the whole of a huge file


def lees_tekstbestand(teksten: str | Path, pad: Path) -> tuple[str | None, list[str]]:
    """The raw content of a text file under the texts folder `teksten`, or None with why not.

    Only a regular file inside the texts folder is read (a link to the pseudonym key or to
    /etc/passwd is refused, as is a FIFO, which would hang the run), and only its first MAX_LEZEN
    characters."""
    bron = f"{pad.parent.name}/{pad.name}"
    try:
        echt = pad.resolve(strict=True)
        if not echt.is_relative_to(Path(teksten).resolve()):
            return None, [_melding(bron, "is een koppeling naar een bestand buiten de tekstenmap; niet gebruikt")]
        if not stat.S_ISREG(echt.stat().st_mode):
            return None, [_melding(bron, "is geen gewoon bestand; niet gebruikt")]
        with echt.open(encoding="utf-8", errors="replace") as f:
            return f.read(MAX_LEZEN), []
    except FileNotFoundError:
        return None, []
    except (OSError, RuntimeError) as e:
        return None, [_melding(bron, f"kan niet gelezen worden ({getattr(e, 'strerror', None) or 'fout'})")]


def lees_schone_tekst(teksten: str | Path | None, periode: str, naam: str) -> Tekst | None:
    """{teksten}/{periode}/{naam}.md read safely and made safe; None when there is none."""
    if not teksten:
        return None
    pad = Path(teksten) / periode / f"{naam}.md"
    if not pad.exists() and not pad.is_symlink():
        return None
    ruw, meldingen = lees_tekstbestand(teksten, pad)
    if ruw is None:
        return Tekst("", meldingen)
    tekst = schone_markdown(ruw, f"{periode}/{pad.name}")
    tekst.meldingen[:0] = meldingen
    return tekst


def controleer_teksten(teksten: str | Path | None, periode: str) -> list[str]:
    """What would be taken out of each text of a periode: the warnings for the run's log."""
    if not teksten:
        return []
    map_ = Path(teksten) / periode
    if not map_.is_dir():
        return []
    meldingen: list[str] = []
    for pad in sorted(map_.glob("*.md")):
        tekst = lees_schone_tekst(teksten, periode, pad.stem)
        if tekst is not None:
            meldingen += tekst.meldingen
    return meldingen
