"""The reader's index and its core tour: var/reader/index.html and tour.html.

The index opens with what someone choosing between Flask and Django can act on, one
card a question, each linking to its page: the core tour, the measured claims, the
conformance matrix, the benchmark and the code size of each feature. Then both apps'
screenshots, each part in brief, and the words the pages use.
"""

from __future__ import annotations

import re
import shutil
import struct
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader import benchmark
from reader import claims
from reader import conformance
from reader.pages import SIDE_NAMES
from reader.pages import escape
from reader.pages import link
from reader.pages import number
from reader.pages import page
from reader.sizes import beyond_framework
from reader.sizes import distribution_list
from reader.sizes import is_app_code
from reader.sizes import is_hardening
from reader.sizes import tally
from reader.twins import ROOT
from reader.twins import SIDES
from reader.twins import Feature
from reader.twins import Part

SCREENSHOTS = ROOT / "docs" / "screenshots"
# Where the reader keeps its copies of the screenshots and the benchmark's charts.
IMAGES = "images"
# The words the pages use that a newcomer to one framework may not know.
WORDS = (
    (
        "core",
        "an app as its framework's tutorial and documentation would write it: "
        "what each framework gives out of the box.",
    ),
    (
        "hardening/",
        "the package in each app that adds what production needs (security "
        "headers, a sign-in limit, ETags, a cache that is never stale, strict JSON "
        "bodies, a 503 while the database is away, accessible admin pages), reached "
        "from the core by one-line hooks.",
    ),
    (
        "DRF",
        'Django REST framework (<a href="https://www.django-rest-framework.org/">'
        "django-rest-framework.org</a>), the library the Django app's JSON API is "
        "built on; the Flask app's API reads and writes JSON with marshmallow.",
    ),
    (
        "floor and ceiling",
        "in the benchmark, each framework's floor is 20 products as JSON through "
        "the whole app and nothing else; the ceiling is a bare WSGI function "
        "answering the same bytes with no framework at all.",
    ),
    (
        "expected divergence",
        "a difference between the apps that the contract leaves to each "
        "framework's default (shared_spec/divergences.yaml lists each, with the "
        "framework's rule); its test is an expected failure (xfail) on that app.",
    ),
    (
        "flaskr, microblog, the DRF tutorial, the polls tutorial",
        "the apps the twins' sizes are read against in docs/twins.md: the blog of "
        '<a href="https://flask.palletsprojects.com/en/stable/tutorial/">the Flask '
        "tutorial</a>, the app of Miguel Grinberg's "
        '<a href="https://blog.miguelgrinberg.com/post/the-flask-mega-tutorial-part-'
        'i-hello-world">Flask Mega-Tutorial</a>, the snippets API of '
        '<a href="https://www.django-rest-framework.org/tutorial/1-serialization/">'
        "DRF's tutorial</a>, and the polls app of "
        '<a href="https://docs.djangoproject.com/en/5.2/intro/tutorial01/">Django\'s '
        "tutorial</a>.",
    ),
)


@dataclass(frozen=True)
class TourStep:
    """One step of the core tour: a feature, and the file to read on each side."""

    title: str
    feature: str
    flask: str
    flask_what: str
    django: str
    django_what: str


# The core in fifteen minutes, as the README's "Start reading here" gives it.
TOUR = (
    TourStep(
        "The model and its queries",
        "product-model",
        "flask_app/catalog/models.py",
        "a typed SQLAlchemy 2 model and select_products()",
        "django_app/catalog/models.py",
        "the model and its ProductQuerySet",
    ),
    TourStep(
        "The pages",
        "product-pages",
        "flask_app/catalog/views.py",
        "view functions, Flask-WTF forms, db.paginate()",
        "django_app/catalog/views.py",
        "generic class-based views and a ModelForm",
    ),
    TourStep(
        "The JSON API",
        "api-views",
        "flask_app/api/views.py",
        "view functions reading request.get_json()",
        "django_app/api/views.py",
        "a Django REST framework ModelViewSet",
    ),
    TourStep(
        "Validation and output",
        "serialization",
        "flask_app/api/schemas.py",
        "marshmallow's ProductSchema",
        "django_app/api/serializers.py",
        "Django REST framework's ProductSerializer",
    ),
    TourStep(
        "How each app is put together",
        "settings",
        "flask_app/__init__.py",
        "create_app(), the extensions bound with init_app()",
        "django_app/config/settings.py",
        "settings read from the environment",
    ),
)


def side_size(side: str, parts: list[Part]) -> tuple[str, str]:
    """Return one side's code-lines cell and its beyond-the-framework cell."""
    whole = tally(parts)
    hardening = tally(p for p in parts if is_hardening(p)).counts["code"]
    share = (
        f' <span class="small">({hardening:,} in hardening/)</span>'
        if hardening
        else ""
    )
    beyond = beyond_framework(side, whole.distributions)
    imports = (
        distribution_list(beyond)
        if beyond
        else f'<span class="small">{SIDE_NAMES[side]} alone: built in</span>'
    )
    return (
        f'<td class="number {side} code first">{whole.counts["code"]:,}{share}</td>',
        f'<td class="imports {side}">{imports}</td>',
    )


def code_size_section(features: list[Feature]) -> str:
    """Return the code lines of each feature, and what each side adds for it."""
    rows = []
    for feature in features:
        cells = "".join("".join(side_size(side, feature.parts(side))) for side in SIDES)
        rows.append(
            f'<tr id="feature-{feature.slug}"><th scope="row">'
            f'<a href="features/{feature.slug}.html">{escape(feature.name)}</a>'
            f'<span class="summary small"><br>{escape(feature.summary)}</span></th>'
            f"{cells}</tr>"
        )
    # Every file of a side once, whole: the size of each app, imports and all.
    totals = "".join(
        "".join(
            side_size(s, list({Part(p.path) for f in features for p in f.parts(s)}))
        )
        for s in SIDES
    )
    return f"""<section id="code-size">
<h2>Code size, feature by feature</h2>
<p class="summary">Each feature's code lines on each side (templates included;
blank lines, comments and docstrings on the feature's page), how many of them are in
the app's hardening/ package, and the third-party distributions they import beyond the
framework's own: where a side needs an extension, and where its framework has the
feature built in. A feature's name opens both sides' code.</p>
<table class="features">
<thead>
<tr><th rowspan="2" scope="col">Feature</th>
<th colspan="2" scope="colgroup" class="flask">Flask</th>
<th colspan="2" scope="colgroup" class="django">Django</th></tr>
<tr><th scope="col" class="number">code lines</th><th scope="col">beyond Flask</th>
<th scope="col" class="number">code lines</th><th scope="col">beyond Django</th></tr>
</thead>
<tbody>
{"".join(rows)}
</tbody>
<tfoot><tr id="totals"><th scope="row">Every file, whole, each line once</th>
{totals}</tr></tfoot>
</table>
<p class="small">Python lines are told apart with tokenize: a string alone as a
statement is a docstring. In templates, <code>{{# #}}</code> and
<code>{{% comment %}}</code> blocks are comments; the rest is code or blank. A
feature counts only the parts of a file it names, each line once; the same part may
serve two features. Imports are the locked distributions (requirements.lock) that a
feature's Python lines import, or name in a dotted path as Django's settings do; the
standard library and the project's own modules do not count, and neither do the
framework's own (Flask: Flask, Werkzeug, Jinja2, click; Django: Django).</p>
<p class="small" id="types">{type_checking()}</p>
</section>"""


def type_checking() -> str:
    """Say which type checker make lint runs on the apps, and over how many files."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    excluded = [re.compile(pattern) for pattern in config["tool"]["mypy"]["exclude"]]
    counts = {
        side: sum(
            1
            for path in (ROOT / f"{side}_app").rglob("*.py")
            if not any(p.search(path.relative_to(ROOT).as_posix()) for p in excluded)
        )
        for side in SIDES
    }
    return (
        "Types: make lint runs mypy with the django-stubs and DRF plugins over both "
        "apps (and the tests, bench and reader), checking every function body and "
        "holding both apps' code to annotated functions (check_untyped_defs, "
        "disallow_untyped_defs): "
        f"{counts['flask']} Python files on the Flask side, {counts['django']} on the "
        "Django side, migrations left out, no error allowed."
    )


def png_size(path: Path) -> tuple[int, int] | None:
    """Return a PNG's width and height, from its header."""
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    width, height = struct.unpack(">II", head[16:24])
    return width, height


def copy_images(output: Path) -> dict[str, str]:
    """Copy the screenshots and the benchmark's charts beside the pages.

    Return each image's link from the index: flask and django for the screenshots,
    bench-<database> for the charts. A missing one is left out.
    """
    folder = output / IMAGES
    folder.mkdir(parents=True, exist_ok=True)
    sources = {side: SCREENSHOTS / f"{side}-product-list.png" for side in SIDES}
    for database in benchmark.DATABASES:
        if chart := benchmark.chart(database):
            sources[f"bench-{database}"] = chart
    images = {}
    for name, source in sources.items():
        if source.is_file():
            shutil.copyfile(source, folder / f"{name}.png")
            images[name] = f"{IMAGES}/{name}.png"
    return images


def screenshots_section(images: dict[str, str], output: Path) -> str:
    """Return both apps' product lists, each under the name of its app."""
    figures = []
    for side in SIDES:
        if side not in images:
            continue
        size = png_size(output / images[side])
        dimensions = f' width="{size[0]}" height="{size[1]}"' if size else ""
        figures.append(
            f'<figure class="{side}"><figcaption class="side-name {side}">'
            f"{SIDE_NAMES[side]}: <code>{side}_app/</code>, the product list "
            f'<code>/products/</code></figcaption><a href="{images[side]}">'
            f'<img src="{images[side]}"{dimensions} alt="The {SIDE_NAMES[side]} '
            f"app's product list, with the demo data\"></a></figure>"
        )
    if not figures:
        return ""
    return (
        '<section id="apps"><h2>The two apps</h2><p class="summary">The same page of '
        "each app, with the same demo data: they look alike on purpose, so that "
        "what differs is the code behind them (make screenshots takes them).</p>"
        f'<div class="shots">{"".join(figures)}</div></section>'
    )


def claims_section(verdicts: list[claims.Verdict]) -> str:
    """Return each claim with its verdict and its evidence in one line."""
    rows = "".join(
        f'<tr><td><a href="claims.html#{escape(v.id)}">{escape(v.claim)}</a></td>'
        f'<td class="{claims.verdict_class(v.verdict)}">{escape(v.verdict)}</td>'
        f'<td class="evidence">{escape(v.summary)}</td></tr>'
        for v in verdicts
    )
    return (
        '<section id="claims"><h2>What comparison articles claim, measured</h2>'
        f'<p class="summary">Of {len(verdicts)} claims of the usual Flask-versus-'
        f"Django articles, {escape(claims.verdict_counts(verdicts))}. Each claim "
        'opens its rule and every piece of evidence on <a href="claims.html">the '
        "claims page</a>.</p>"
        '<table class="claims"><thead><tr><th scope="col">claim</th>'
        '<th scope="col">verdict</th><th scope="col">evidence</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def conformance_section(digests: dict[str, conformance.Digest], output: Path) -> str:
    """Return the conformance matrix of the cores and the hardened apps."""
    matrix = conformance.matrix_section(digests, output / "index.html", "h3")
    return (
        '<section id="conformance"><h2>The same tests on both apps</h2>'
        '<p class="summary">One shared suite runs against both apps; '
        '<a href="conformance.html">the conformance page</a> has every test, and '
        f"the last runs on this machine.</p>{matrix}</section>"
    )


def benchmark_section(runs: dict[str, dict[str, Any]], images: dict[str, str]) -> str:
    """Return the benchmark's chart and its headline figures."""
    if not runs:
        return (
            '<section id="benchmark"><h2>Speed and memory</h2><p class="not-run">'
            'No benchmark run yet (make bench): <a href="benchmark.html">the '
            "benchmark page</a> says more.</p></section>"
        )
    database, run = next(iter(runs.items()))
    name = benchmark.DATABASES[database]
    image = images.get(f"bench-{database}")
    chart = (
        f'<p><a href="benchmark.html"><img class="chart" src="{image}" width="1760" '
        f'height="715" alt="Requests a second of each endpoint on {name}, Flask in '
        'blue beside Django in green"></a></p>'
        if image
        else ""
    )
    count = benchmark.wins(run)
    return (
        '<section id="benchmark"><h2>Speed and memory</h2>'
        f'<p class="summary">Both apps under gunicorn on {name}, driven by wrk: '
        f"more requests a second, outside the noise of its rounds, on "
        f"{count['flask']} endpoints for Flask, on {count['django']} for Django, no "
        f"measurable difference on {count['even']}. One run on these shared "
        "machines wanders by tens of percent; each figure is the median of the "
        "rounds, the apps taking turns. Every endpoint, each "
        'database and the machine: <a href="benchmark.html">the benchmark page</a>.'
        f"</p>{chart}{benchmark.figures_table(run, benchmark.HEADLINE)}</section>"
    )


def cards(
    features: list[Feature],
    verdicts: list[claims.Verdict],
    digests: dict[str, conformance.Digest],
    runs: dict[str, dict[str, Any]],
) -> str:
    """Return the index's opening summary: one card a question, each with a link."""
    tour_lines = {
        side: tally(
            Part(getattr(step, side)) for step in TOUR if step.feature != "settings"
        ).counts["code"]
        for side in SIDES
    }
    items = [
        (
            '<a href="tour.html">The core in fifteen minutes</a>',
            f"Four files a side, in reading order: the model, the pages, the JSON API, "
            f"validation. Flask {tour_lines['flask']:,} code lines, Django "
            f"{tour_lines['django']:,}.",
        ),
        (
            '<a href="claims.html">What the articles claim, measured</a>',
            f"{len(verdicts)} claims: {escape(claims.verdict_counts(verdicts))}.",
        ),
    ]
    if "hardened" in digests and "core" in digests:
        hardened, core = digests["hardened"], digests["core"]
        items.append(
            (
                '<a href="conformance.html">The same tests on both</a>',
                f"{hardened.tests:,} shared tests. Hardened: "
                f"{hardened.rows[conformance.MATRIX[0]]:,} passed by both, "
                f"{hardened.rows[conformance.MATRIX[5]]:,} expected divergences. "
                f"Each core alone: Flask passes {core.passed['flask']:,}, Django "
                f"{core.passed['django']:,}.",
            )
        )
    else:
        items.append(
            (
                '<a href="conformance.html">The same tests on both</a>',
                "The shared suite's results, test by test, on each app.",
            )
        )
    if runs:
        database, run = next(iter(runs.items()))
        count = benchmark.wins(run)
        listed = benchmark.rates(run, "api_list")
        figure = (
            f" API list: Flask {number(listed[0])}, Django {number(listed[1])} "
            "requests/s."
            if listed
            else ""
        )
        items.append(
            (
                '<a href="benchmark.html">Speed and memory</a>',
                f"On {benchmark.DATABASES[database]}, more requests a second "
                f"outside the noise: Flask on {count['flask']} endpoints, Django on "
                f"{count['django']}, no measurable difference on {count['even']}."
                f"{figure}",
            )
        )
    else:
        items.append(
            (
                '<a href="benchmark.html">Speed and memory</a>',
                "No run yet (make bench).",
            )
        )
    sizes = {}
    for side in SIDES:
        own = {
            Part(p.path)
            for f in features
            for p in f.parts(side)
            if is_app_code(p, side)
        }
        whole = tally(own)
        hardening = tally(p for p in own if is_hardening(p)).counts["code"]
        extra = len(beyond_framework(side, whole.distributions))
        sizes[side] = (
            f"{SIDE_NAMES[side]} {whole.counts['code']:,} ({hardening:,} in "
            f"hardening/) with {extra} distributions beyond {SIDE_NAMES[side]}"
        )
    items.append(
        (
            '<a href="#code-size">Code size, feature by feature</a>',
            f"Each app's own code lines, without migrations and tests: "
            f"{sizes['flask']}; {sizes['django']}.",
        )
    )
    return "".join(
        f'<li class="card"><h3>{title}</h3><p>{text}</p></li>' for title, text in items
    )


def words_section() -> str:
    """Return the words the pages use, each said in plain words."""
    items = "".join(
        f"<dt>{escape(word)}</dt><dd>{meaning}</dd>" for word, meaning in WORDS
    )
    return (
        '<section id="words"><h2>Words used here</h2>'
        f'<dl class="words">{items}</dl></section>'
    )


def index_page(
    features: list[Feature],
    output: Path,
    verdicts: list[claims.Verdict],
    images: dict[str, str],
) -> str:
    """Return the index: what to act on first, then each part in brief."""
    digests = conformance.kept_digests()
    runs = benchmark.load_runs()
    shots = ("#apps", "The two apps") if set(SIDES) & set(images) else None
    contents = "".join(
        f'<li><a href="{href}">{escape(title)}</a></li>'
        for href, title in filter(
            None,
            (
                shots,
                ("tour.html", "The core tour"),
                ("#claims", "Claims, measured"),
                ("#conformance", "The same tests on both"),
                ("#benchmark", "Speed and memory"),
                ("#code-size", "Code size, feature by feature"),
                ("#words", "Words used here"),
            ),
        )
    )
    body = f"""<header>
<h1>Flask or Django? One catalogue, built twice</h1>
<p class="summary">The same product catalogue, with the same pages, API and tests,
written once with Flask and once with Django, each the way its framework's own
documentation shows. Everything below is read or measured from this repository:
Flask is always on the left, Django on the right.</p>
<nav aria-label="On this page"><ul class="contents">{contents}</ul></nav>
</header>
<main>
<section id="at-a-glance"><h2>At a glance</h2>
<ul class="cards">{cards(features, verdicts, digests, runs)}</ul></section>
{screenshots_section(images, output)}
{claims_section(verdicts)}
{conformance_section(digests, output)}
{benchmark_section(runs, images)}
{code_size_section(features)}
{words_section()}
</main>"""
    return page("Flask or Django? The twins side by side", "reader.css", body)


def tour_page(features: list[Feature], output: Path) -> str:
    """Return the core tour: the files to read first, in order, on both sides."""
    by_slug = {feature.slug: feature for feature in features}
    steps = []
    for number_, step in enumerate(TOUR, 1):
        feature = by_slug[step.feature]
        rows = "".join(
            f'<tr><th scope="row" class="{side}">{SIDE_NAMES[side]}</th>'
            f'<td><a href="{link(ROOT / getattr(step, side), output)}"><code>'
            f"{escape(getattr(step, side))}</code></a></td>"
            f"<td>{escape(getattr(step, f'{side}_what'))}</td>"
            f'<td class="number">'
            f"{tally([Part(getattr(step, side))]).counts['code']:,}</td></tr>"
            for side in SIDES
        )
        steps.append(
            f'<li><h2 id="{step.feature}">{number_}. {escape(step.title)}</h2>'
            f'<p class="summary">{escape(feature.summary)}</p>'
            '<table class="tour"><thead><tr><th></th><th scope="col">file</th>'
            '<th scope="col">what it shows</th><th scope="col" class="number">'
            f"code lines</th></tr></thead><tbody>{rows}</tbody></table>"
            f'<p>Read both side by side: <a href="features/{step.feature}.html">'
            f"{escape(feature.name)}</a>.</p></li>"
        )
    hardening_rows = []
    for feature in features:
        counts = {
            side: tally(p for p in feature.parts(side) if is_hardening(p)).counts[
                "code"
            ]
            for side in SIDES
        }
        if any(counts.values()):
            cells = "".join(
                f'<td class="number {side}">{counts[side]:,}</td>' for side in SIDES
            )
            hardening_rows.append(
                f'<tr><th scope="row"><a href="features/{feature.slug}.html">'
                f"{escape(feature.name)}</a></th>{cells}</tr>"
            )
    body = f"""<header>
<p class="back"><a href="index.html">The twins side by side</a></p>
<h1>The core in fifteen minutes</h1>
<p class="summary">The files to read first, in order, each on both sides: each is
written the way its framework's own tutorial and documentation show. Each step opens
its feature's page, where the two sides' code stands side by side.</p>
</header>
<main>
<ol class="steps">{"".join(steps)}</ol>
<section id="hardening"><h2>Then: production hardening, beside the core</h2>
<p class="summary">What production adds to a tutorial-level app lives in each app's
hardening/ package, reached from the core by one-line hooks (a decorator, a mixin,
an init_app(app) call, a settings entry). These features have code there, in code
lines:</p>
<table class="figures"><thead><tr><th scope="col">feature</th>
<th scope="col" class="number flask">Flask hardening/</th>
<th scope="col" class="number django">Django hardening/</th></tr></thead>
<tbody>{"".join(hardening_rows)}</tbody></table>
</section>
</main>"""
    title = "The core in fifteen minutes · The twins side by side"
    return page(title, "reader.css", body)
