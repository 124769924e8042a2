"""The project's own renderer for factsheet.qmd, for machines without the Quarto CLI.

Same `.qmd`, same behaviour where the factsheet needs it: front matter; Python cells executed in a
Jupyter kernel; parameters injected after the cell tagged `parameters` (Quarto's papermill
convention); `#|` cell options echo/output/include/label/fig-cap/fig-alt/tags/eval/warning;
callouts and other fenced divs; `content-visible`/`content-hidden` with `when-format` and
`unless-format`. HTML via pandoc (self-contained), PDF via pandoc's typst writer and typst. The kernel
learns the target format from QUARTO_EXECUTE_INFO, as under Quarto. A feature it does not support
stops it with a clear message.

One kernel serves a whole batch; every document starts with a clean namespace.
"""

from __future__ import annotations

import base64
import html
import json
import os
import queue
import re
import shutil
import tempfile
import weakref
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from factsheets.veilig import platte_tekst, typst_tekst

MAP = Path(__file__).parent
QMD = MAP / "factsheet.qmd"
OPTIES = {
    "label",
    "echo",
    "output",
    "include",
    "fig-cap",
    "fig-alt",
    "tags",
    "eval",
    "warning",
    "error",
}
CALLOUTS = {
    "callout-note",
    "callout-tip",
    "callout-warning",
    "callout-important",
    "callout-caution",
}
NIET_ONDERSTEUND_DIV = re.compile(r"^(panel-|column-|layout|tabset|cell-output|aside|margin)")
CEL_START = re.compile(r"^```\{(\w+)([^}]*)\}\s*$")
DIV = re.compile(r"^(:{3,})\s*(\{.*\}|[\w-]+)?\s*$")
GROOT_SCRIPT = re.compile(r"<script[^>]*>(?:(?!</script>).){20000,}?</script>", re.S)


class RenderFout(Exception):
    """Rendering a factsheet failed; the message says where and why (Dutch)."""


@dataclass
class Cel:
    bron: str
    opties: dict
    regel: int

    @property
    def label(self) -> str:
        return str(self.opties.get("label", f"regel {self.regel}"))


@dataclass
class Qmd:
    pad: Path
    meta: dict
    delen: list = field(default_factory=list)  # str (Markdown) or Cel


def lees_qmd(pad: Path = QMD) -> Qmd:
    """Parse a .qmd into front matter, Markdown parts and cells; refuse unsupported features."""
    tekst = pad.read_text(encoding="utf-8")
    regels = tekst.split("\n")
    meta: dict = {}
    i = 0
    if regels and regels[0].strip() == "---":
        eind = next((j for j in range(1, len(regels)) if regels[j].strip() == "---"), None)
        if eind is None:
            raise RenderFout(f"{pad.name}: de front matter wordt niet afgesloten met '---'.")
        meta = yaml.safe_load("\n".join(regels[1:eind])) or {}
        i = eind + 1
    qmd = Qmd(pad, meta)
    markdown: list[str] = []
    while i < len(regels):
        regel = regels[i]
        m = CEL_START.match(regel)
        if m:
            taal = m.group(1)
            if taal != "python":
                raise RenderFout(
                    f"{pad.name}, regel {i + 1}: cellen in '{taal}' worden niet ondersteund door de eigen renderer (alleen python)."  # noqa: E501
                )
            start = i + 1
            i += 1
            opties_tekst, code = [], []
            while i < len(regels) and regels[i].strip() != "```":
                if regels[i].startswith("#|") and not code:
                    opties_tekst.append(regels[i][2:].strip())
                else:
                    code.append(regels[i])
                i += 1
            opties = yaml.safe_load("\n".join(opties_tekst)) or {} if opties_tekst else {}
            onbekend = set(opties) - OPTIES
            if onbekend:
                raise RenderFout(
                    f"{pad.name}, regel {start}: celoptie(s) {', '.join(sorted(onbekend))} worden niet "
                    f"ondersteund door de eigen renderer. Ondersteund: {', '.join(sorted(OPTIES))}."
                )
            qmd.delen.append("\n".join(markdown))
            markdown = []
            qmd.delen.append(Cel("\n".join(code), opties, start))
            i += 1
            continue
        if "{{<" in regel:
            raise RenderFout(
                f"{pad.name}, regel {i + 1}: Quarto-shortcodes ({{{{< ... >}}}}) worden niet ondersteund door de eigen renderer."  # noqa: E501
            )
        d = DIV.match(regel)
        if d and d.group(2):
            for klasse in re.findall(r"\.([\w-]+)", d.group(2)):
                if NIET_ONDERSTEUND_DIV.match(klasse) or (klasse.startswith("callout") and klasse not in CALLOUTS):
                    raise RenderFout(
                        f"{pad.name}, regel {i + 1}: het blok '.{klasse}' wordt niet ondersteund door de eigen renderer."  # noqa: E501
                    )
        markdown.append(regel)
        i += 1
    qmd.delen.append("\n".join(markdown))
    return qmd


# -- fenced divs per format -----------------------------------------------------------------------


def _attributen(tekst: str) -> tuple[list[str], dict[str, str]]:
    klassen = re.findall(r"\.([\w-]+)", tekst)
    paren = dict(re.findall(r'([\w-]+)="([^"]*)"', tekst))
    return klassen, paren


def _zichtbaar(klassen: list[str], paren: dict[str, str], formaat: str) -> bool | None:
    namen = {"html": {"html", "html5", "html:js"}, "typst": {"typst", "pdf"}}[formaat]

    def past(waarde: str) -> bool:
        return any(w.strip() in namen for w in waarde.split(","))

    if "content-visible" in klassen:
        if "when-format" in paren:
            return past(paren["when-format"])
        if "unless-format" in paren:
            return not past(paren["unless-format"])
        return True
    if "content-hidden" in klassen:
        if "when-format" in paren:
            return not past(paren["when-format"])
        if "unless-format" in paren:
            return past(paren["unless-format"])
        return False
    return None


def verwerk_divs(markdown: str, formaat: str) -> str:
    """Apply content-visible/-hidden for the format; turn callouts into the format's own block."""
    uit: list[str] = []
    stapel: list[tuple[int, str]] = []  # (colons, action): keep | drop | callout | gewoon
    verborgen = 0
    in_code = False
    for regel in markdown.split("\n"):
        if regel.startswith("```"):
            in_code = not in_code  # a raw block or code block: no fences inside it
        d = DIV.match(regel) if not in_code else None
        if d and d.group(2):  # opening fence
            klassen, paren = _attributen(d.group(2))
            zicht = _zichtbaar(klassen, paren, formaat)
            if verborgen:
                stapel.append((len(d.group(1)), "drop"))
                verborgen += 1
                continue
            if zicht is False:
                stapel.append((len(d.group(1)), "drop"))
                verborgen += 1
                continue
            if zicht is True:
                stapel.append((len(d.group(1)), "keep"))
                continue
            callout = next((k for k in klassen if k in CALLOUTS), None)
            if callout:
                titel = paren.get("title", "")
                stapel.append((len(d.group(1)), "callout"))
                if formaat == "typst":
                    uit.append(f"```{{=typst}}\n#jgz-kader(titel: {json.dumps(titel) if titel else 'none'})[\n```")
                else:
                    uit.append(f"::: {{.callout .{callout}}}")
                    if titel:
                        uit.append(f"[{titel}]{{.callout-titel}}\n")
                continue
            stapel.append((len(d.group(1)), "gewoon"))
            uit.append(regel)
            continue
        if d and not d.group(2) and stapel:  # closing fence
            _, actie = stapel.pop()
            if actie == "drop":
                verborgen -= 1
            elif actie == "callout":
                uit.append("```{=typst}\n]\n```" if formaat == "typst" else ":::")
            elif actie == "gewoon":
                uit.append(regel)
            continue
        if not verborgen:
            uit.append(regel)
    return "\n".join(uit)


# -- the kernel -----------------------------------------------------------------------------------


class Kernel:
    """One Jupyter kernel (python3), started in the document's folder."""

    def __init__(self, map_: Path):
        from jupyter_client.manager import KernelManager

        # IPC (a Unix socket in a private temporary folder) rather than TCP on localhost: no open
        # port, and no "running over TCP without encryption" warning on every run
        self.ipc = tempfile.mkdtemp(prefix="jgz-kernel-")
        self.km = KernelManager(kernel_name="python3", transport="ipc", ip=str(Path(self.ipc) / "kernel"))
        env = dict(os.environ)
        env.setdefault("BROWSER_PATH", "/usr/bin/chromium")
        env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
        self.km.start_kernel(cwd=str(map_), env=env)
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=120)

    def voer_uit(self, code: str, timeout: float = 600) -> list[dict]:
        """Execute code; return its outputs as dicts (stream, display, error)."""
        msg_id = self.kc.execute(code, store_history=False, allow_stdin=False)
        uitvoer: list[dict] = []
        while True:
            try:
                msg = self.kc.get_iopub_msg(timeout=timeout)
            except queue.Empty as e:
                raise RenderFout(f"De kernel reageerde niet binnen {timeout:.0f} s.") from e
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            soort, inhoud = msg["msg_type"], msg["content"]
            if soort == "status" and inhoud["execution_state"] == "idle":
                break
            if soort == "stream":
                if uitvoer and uitvoer[-1]["soort"] == "stream" and uitvoer[-1]["naam"] == inhoud["name"]:
                    uitvoer[-1]["tekst"] += inhoud["text"]
                else:
                    uitvoer.append({"soort": "stream", "naam": inhoud["name"], "tekst": inhoud["text"]})
            elif soort in ("display_data", "execute_result"):
                uitvoer.append({"soort": "display", "data": inhoud["data"]})
            elif soort == "error":
                uitvoer.append({"soort": "error", "naam": inhoud["ename"], "waarde": inhoud["evalue"]})
        return uitvoer

    def stop(self) -> None:
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)
        shutil.rmtree(self.ipc, ignore_errors=True)


# -- rendering ------------------------------------------------------------------------------------


class Renderer:
    """Renders factsheet.qmd to HTML and PDF; one kernel for everything rendered with it."""

    def __init__(self, qmd: Path = QMD):
        self.qmd = lees_qmd(qmd)
        self.map = qmd.parent
        self.kernel: Kernel | None = None
        self.werk = Path(tempfile.mkdtemp(prefix="jgz-render-"))
        # also removed when a Renderer is used without `with`, or the process ends normally
        self._opruimen = weakref.finalize(self, shutil.rmtree, self.werk, True)

    def __enter__(self) -> Renderer:
        self.kernel = Kernel(self.map)
        return self

    def __exit__(self, *exc) -> None:
        if self.kernel:
            self.kernel.stop()
        self._opruimen()

    def _zet_formaat(self, formaat: str, cache: Path | None) -> None:
        info = self.werk / f"execute-info-{formaat}.json"
        info.write_text(
            json.dumps(
                {
                    "document-path": str(self.qmd.pad),
                    "format": {
                        "identifier": {"base-format": formaat, "target-format": formaat},
                        "pandoc": {"to": formaat},
                    },
                }
            )
        )
        zet = [f"os.environ['QUARTO_EXECUTE_INFO'] = {str(info)!r}"]
        if cache is not None:
            zet.append(f"os.environ['JGZ_GRAFIEKEN'] = {str(cache)!r}")
        # a clean namespace for every document: nothing leaks from the previous gemeente
        self._uit("%reset -f\nimport os\n" + "\n".join(zet), "start")

    def _uit(self, code: str, label: str) -> list[dict]:
        assert self.kernel is not None
        uitvoer = self.kernel.voer_uit(code)
        for o in uitvoer:
            if o["soort"] == "error":
                raise RenderFout(f"cel '{label}' faalde: {o['naam']}: {o['waarde']}")
        return uitvoer

    def markdown(self, params: dict, formaat: str, cache: Path | None = None, beelden: Path | None = None) -> str:
        """Execute the document for one set of parameters; return the Markdown for pandoc."""
        self._zet_formaat(formaat, cache)
        beelden = beelden or self.werk
        delen: list[str] = []
        n_beeld = 0
        for deel in self.qmd.delen:
            if isinstance(deel, str):
                delen.append(deel)
                continue
            opties = deel.opties
            if opties.get("eval") is False:
                continue
            uitvoer = self._uit(deel.bron, deel.label)
            if "parameters" in (opties.get("tags") or []):
                toewijzing = "\n".join(f"{k} = {v!r}" for k, v in params.items())
                self._uit(toewijzing, "injected-parameters")
            if opties.get("include") is False:
                continue
            if opties.get("output") == "asis":
                delen.append("".join(o["tekst"] for o in uitvoer if o["soort"] == "stream" and o["naam"] == "stdout"))
                continue
            for o in uitvoer:
                if o["soort"] != "display":
                    continue
                data = o["data"]
                cap = opties.get("fig-cap", "")
                alt = opties.get("fig-alt", cap)
                if formaat == "html" and "text/html" in data:
                    inhoud = data["text/html"]
                    if cap:
                        inhoud = inhoud.replace("</figure>", f"<figcaption>{html.escape(cap)}</figcaption></figure>", 1)
                    delen.append(f"\n```{{=html}}\n{inhoud}\n```\n")
                elif "image/png" in data:
                    n_beeld += 1
                    pad = beelden / f"{deel.label}-{n_beeld}.png"
                    pad.write_bytes(base64.b64decode(data["image/png"]))
                    alt_attr = alt.replace('"', "'")
                    # typst sees only its own folder (the images' folder): a relative path there
                    ref = pad.name if formaat == "typst" else pad
                    delen.append(f'\n![{cap}]({ref}){{width=100% fig-alt="{alt_attr}"}}\n')
                elif "text/markdown" in data:
                    delen.append(data["text/markdown"])
        return verwerk_divs("\n".join(delen), formaat)

    def html(self, markdown: str, doel: Path, titel: str) -> None:
        import pypandoc

        css = self.map / self.qmd.meta.get("format", {}).get("html", {}).get("css", "stijl.css")
        # pandoc need not parse the 4.5 MB of plotly.js: a marker goes in, the script after
        scripts: list[str] = []

        def bewaar(m: re.Match) -> str:
            scripts.append(m.group(0))
            return f"<!--JGZ-SCRIPT-{len(scripts) - 1}-->"

        markdown = GROOT_SCRIPT.sub(bewaar, markdown)
        uit = pypandoc.convert_text(
            markdown,
            "html5",
            format="markdown",
            extra_args=[
                "--standalone",
                "--embed-resources",
                f"--css={css}",
                f"--resource-path={self.map}",
                f"--metadata=pagetitle:{platte_tekst(titel)}",
                "--metadata=lang:nl",
            ],
        )
        for i, script in enumerate(scripts):
            uit = uit.replace(f"<!--JGZ-SCRIPT-{i}-->", script, 1)
        doel.write_text(uit, encoding="utf-8")

    def pdf(self, markdown: str, doel: Path, titel: str, organisatie: str, map_: Path | None = None) -> None:
        """PDF via typst. The .typ goes into `map_` (the folder of the document's images, else a new
        private folder) and typst's root is that folder: a document can read nothing outside it."""
        import pypandoc
        import typst

        lichaam = pypandoc.convert_text(markdown, "typst", format="markdown", extra_args=["--wrap=none"])
        sjabloon = (self.map / "typst-template.typ").read_text(encoding="utf-8")
        bron = (
            f"{sjabloon}\n#show: doc => factsheet(title: {typst_tekst(titel)}, "
            f'organisatie: {typst_tekst(organisatie)}, lang: "nl", doc)\n\n{lichaam}'
        )
        map_ = map_ or Path(tempfile.mkdtemp(dir=self.werk))
        typ = map_ / "factsheet.typ"
        typ.write_text(bron, encoding="utf-8")
        try:
            typst.compile(str(typ), output=str(doel), root=str(map_), font_paths=["/usr/share/fonts"])
        except Exception as e:  # typst reports compile errors as its own exception type
            raise RenderFout(f"typst kon de PDF niet maken: {str(e)[:500]}") from e
        finally:
            typ.unlink(missing_ok=True)

    def render(
        self,
        params: dict,
        html_doel: Path,
        pdf_doel: Path,
        titel: str,
        organisatie: str,
        cache: Path | None = None,
        formaten: tuple[str, ...] = ("html", "pdf"),
    ) -> None:
        """Render one factsheet to HTML and PDF (or only the `formaten` asked for)."""
        html_doel.parent.mkdir(parents=True, exist_ok=True)
        if "html" in formaten:
            md = self.markdown(params, "html", cache)
            self.html(md, html_doel, titel)
        if "pdf" in formaten:
            beelden = Path(tempfile.mkdtemp(dir=self.werk))
            try:
                md = self.markdown(params, "typst", cache, beelden)
                self.pdf(md, pdf_doel, titel, organisatie, beelden)
            finally:
                shutil.rmtree(beelden, ignore_errors=True)
