"""The HTML templates of the exports: nbconvert's own, without anything fetched from the web.

Decks extend nbconvert's reveal template, pages its lab template (see
:mod:`geopolitics.course.export`, which fills them). Both drop the CDN scripts (jQuery,
require.js, Mermaid, MathJax, the widget manager), since a deck or page must open from disk
with no network.
"""

from __future__ import annotations

from typing import Any

#: Decks: nbconvert's reveal template without its CDN scripts (jQuery, require.js, Mermaid,
#: MathJax, the widget manager); reveal.js and its notes plugin load from the local copy.
SLIDES_TEMPLATE = """
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<style type="text/css">
/* A slide taller than the screen scrolls instead of being cut off. */
.reveal .slides section:not(.stack) { max-height: 100%; overflow-y: auto; }
.reveal .slides { text-align: left; }
.reveal .jp-RenderedHTMLCommon table { font-size: 16px; }
.reveal .geopolitics-static-widget p { margin: 0.2em 0; }
.reveal .geopolitics-controls { font-size: 16px; color: #444; }
.reveal figure.geopolitics-chart svg { max-width: 100%; height: auto; }
.reveal aside.notes { display: none; }
.reveal ol:has(> li[id^="src-"]) { font-size: 15px; }
/* Long tables and printed text scroll in their own box, so the slide keeps its shape. */
.reveal .jp-OutputArea-output:not(:has(.geopolitics-chart, .geopolitics-static-widget)) {
  display: block; max-height: {{ resources.geopolitics_box_px }}px; overflow-y: auto; }
.reveal details.geopolitics-code > summary { font-size: 16px; color: #555; cursor: pointer; }
</style>
{%- endblock html_head_css -%}
{% block input_group -%}
{%- if cell.metadata.get("geopolitics_fold") -%}
<details class="geopolitics-code">
<summary>Code ({{ cell.source.splitlines() | length }} lines)</summary>
{{ super() }}
</details>
{%- else -%}
{{ super() }}
{%- endif -%}
{%- endblock input_group %}
{% block footer_js %}
<script src="{{ resources.reveal.url_prefix }}/dist/reveal.js"></script>
<script src="{{ resources.reveal.url_prefix }}/plugin/notes/notes.js"></script>
<script>
Reveal.initialize({
  controls: true,
  progress: true,
  hash: true,
  center: false,
  transition: "{{ resources.reveal.transition }}",
  slideNumber: "{{ resources.reveal.number }}",
  width: {{ resources.reveal.width }},
  height: {{ resources.reveal.height }},
  plugins: [RevealNotes],
});
</script>
{% endblock footer_js %}
"""

#: Pages: nbconvert's lab template without CDN scripts, with a link back to the lesson list.
PAGE_TEMPLATE = """
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block html_head_css -%}
<style type="text/css">
main { max-width: 1100px; margin: 0 auto; padding: 1em; }
nav.geopolitics-nav { font-family: var(--jp-ui-font-family); margin: 0.5em 0 1em; }
.geopolitics-controls { color: #444; }
figure.geopolitics-chart svg { max-width: 100%; height: auto; }
</style>
{%- endblock html_head_css -%}
{%- block body_header -%}
{{ super() }}
<nav class="geopolitics-nav"><a href="index.html">&larr; All lessons</a></nav>
{%- endblock body_header -%}
"""


def loader() -> Any:
    """A Jinja loader holding both templates, for nbconvert's ``extra_loaders``."""
    from jinja2 import DictLoader

    return DictLoader({"geopolitics-slides.html.j2": SLIDES_TEMPLATE,
                       "geopolitics-page.html.j2": PAGE_TEMPLATE})
