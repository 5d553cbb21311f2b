"""The HTML templates of the exports: nbconvert's own, without anything fetched from the web.

Decks extend nbconvert's reveal template, pages its lab template (see
:mod:`geopolitics.course.export`, which fills them). Both drop the CDN scripts (jQuery,
require.js, Mermaid, MathJax, the widget manager), since a deck or page must open from disk
with no network.
"""

from __future__ import annotations

from typing import Any

#: What both exports add to JupyterLab's light theme so that axe-core finds nothing serious
#: (tests/test_export.py runs it): code colours darkened to a contrast of at least 4.5:1 on
#: the code cells' grey (#f5f5f5), the same hue each; and links underlined, since their blue
#: differs from the text's near-black by a contrast of 1.9, too little to tell them apart.
READABLE_CSS = """
:root {
  --jp-mirror-editor-atom-color: #5555ff; --jp-mirror-editor-bracket-color: #707054;
  --jp-mirror-editor-comment-color: #3b7676; --jp-mirror-editor-error-color: #e00000;
  --jp-mirror-editor-hr-color: #6e6e6e; --jp-mirror-editor-meta-color: #a413ff;
  --jp-mirror-editor-number-color: #007e00; --jp-mirror-editor-operator-color: #a413ff;
  --jp-mirror-editor-quote-color: #007f00;
}
.jp-RenderedHTMLCommon a:link, .jp-RenderedHTMLCommon a:visited { text-decoration: underline; }
"""

#: Decks: nbconvert's reveal template without its CDN scripts (jQuery, require.js, Mermaid,
#: MathJax, the widget manager); reveal.js and its notes plugin load from the local copy.
SLIDES_TEMPLATE = """
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_css -%}
<style type="text/css">
/* Sizes for a room: the box is 1280x720 (geopolitics.course.structure), so at a projector's
   1280x720 these are screen pixels. Body text, tables and shown code 24 px; charts as wide
   as the slide, up to a height the plan allows for. */
.reveal .slides { text-align: left; }
.reveal .slides section { font-size: 24px; line-height: 1.35; padding: 16px 40px 0;
  box-sizing: border-box; }
.reveal .slides section:not(.stack) { max-height: 100%; overflow-y: auto; }
/* JupyterLab lets a cell's text scroll inside the cell; on a slide a heading's margin made a
   2 px scroll region that a keyboard cannot reach (axe-core). The slide itself is measured. */
.reveal .jp-RenderedHTMLCommon { overflow: visible; }
.reveal .jp-Cell { padding: 0; }
.reveal .jp-RenderedHTMLCommon { font-size: 24px; line-height: 1.35; padding-right: 0; }
.reveal .jp-RenderedHTMLCommon p, .reveal .jp-RenderedHTMLCommon li { font-size: 24px; }
.reveal .jp-RenderedHTMLCommon p { margin: 0 0 18px; }
.reveal .jp-RenderedHTMLCommon h1 { font-size: 44px; margin: 0 0 20px; }
.reveal .jp-RenderedHTMLCommon h2 { font-size: 36px; margin: 0 0 18px; }
.reveal .jp-RenderedHTMLCommon h3 { font-size: 30px; margin: 0 0 14px; }
.reveal .jp-RenderedHTMLCommon table { font-size: 24px; max-width: 100%; }
.reveal kbd { font-size: 24px; }
.reveal .jp-RenderedHTMLCommon td, .reveal .jp-RenderedHTMLCommon th { padding: 2px 12px;
  text-align: left; vertical-align: top; overflow-wrap: anywhere; }
.reveal a { overflow-wrap: anywhere; }
.reveal .jp-InputArea, .reveal .jp-InputArea-editor, .reveal .jp-InputArea pre {
  max-width: 100%; box-sizing: border-box; }
.reveal .jp-InputArea pre, .reveal .jp-OutputArea pre, .reveal .jp-OutputArea-output pre,
.reveal .jp-RenderedText pre { font-size: 24px !important; line-height: 1.3 !important;
  white-space: pre-wrap; }
.reveal .geopolitics-static-widget p { margin: 0.2em 0; }
.reveal .geopolitics-controls { color: #444; }
/* A chart fills the width up to a height the plan allows for, never less than its own
   size (its text is >= 14 px): geopolitics.course.slide_outputs sets each one's limit. */
.reveal figure.geopolitics-chart svg { width: 100%; height: auto; }
.reveal .geopolitics-columns { font-style: italic; color: #444; margin: 0 0 6px; }
.reveal ul.geopolitics-records { margin-top: 0; }
.reveal .geopolitics-more { font-style: italic; color: #444; margin-top: 8px; }
.reveal aside.notes { display: none; }
/* reveal.js draws the slide number white on 40% black (a contrast of 2.8): 70% gives 8.5. */
.reveal .slide-number { background-color: rgba(0, 0, 0, 0.7); }
/* READABLE_CSS */
</style>
{%- endblock html_head_css -%}
{% block input_group -%}
{%- if not cell.metadata.get("geopolitics_hide_code") -%}
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
  margin: 0,  // the box is the screen at 1280x720: a style sheet pixel is a screen pixel
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
/* READABLE_CSS */
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

    return DictLoader({
        name: template.replace("/* READABLE_CSS */", READABLE_CSS.strip())
        for name, template in (("geopolitics-slides.html.j2", SLIDES_TEMPLATE),
                               ("geopolitics-page.html.j2", PAGE_TEMPLATE))
    })
