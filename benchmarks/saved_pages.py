"""Write a JSONL corpus as a folder of saved news pages, to time reading and rebuilding HTML input.

    python benchmarks/saved_pages.py CORPUS.jsonl OUT_DIR [--limit N]
    python benchmarks/throughput.py OUT_DIR --phases cold,warm,window

Each article (``id``, ``title``, ``text``, optional ``date``) becomes ``OUT_DIR/ID.html``: its
paragraphs in an ``<article>``, inside what a news site puts around them (a menu of 240 links, 30
teasers of related stories, a footer of links, two inline scripts), about 75 kB a page. Parsing
such pages (trafilatura) is most of what reading them costs, so a build of this folder against a
build of the JSONL shows what saved pages add, and the warm and window phases show what the
cache of pages saves a rebuild. The pages are made the same way every time (no randomness).
"""

from __future__ import annotations

import argparse
import html
import json
from pathlib import Path

_NAV = "".join(
    f'<li class="menu-item"><a href="/section/{i}">Section {i}</a><ul class="sub">'
    + "".join(f'<li><a href="/s/{i}/{j}">Topic {i}.{j}</a></li>' for j in range(6))
    + "</ul></li>"
    for i in range(40)
)
_TEASERS = "".join(
    f'<div class="teaser"><a href="/story/{k}"><img src="/img/{k}.jpg" alt="teaser {k}">'
    f'<h3>Related headline number {k} about events</h3></a><p class="meta">3 hours ago · 2 min read</p></div>'
    for k in range(30)
)
_SCRIPT = "<script>" + "var x=1;" * 3000 + "</script>"
_FOOTER = "".join(f'<a href="/legal/{k}">Legal link {k}</a> ' for k in range(80))


def page(article: dict) -> str:
    title = html.escape(str(article.get("title") or ""))
    date = f'<meta name="date" content="{html.escape(str(article["date"]))}">' if article.get("date") else ""
    body = "".join(f"<p>{html.escape(p)}</p>" for p in str(article["text"]).split("\n") if p.strip())
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} - Example News</title>'
        f'<meta property="og:title" content="{title}">{date}{_SCRIPT}</head><body>'
        f'<header><div class="logo">Example News</div><nav><ul>{_NAV}</ul></nav></header>'
        f'<main><article><h1>{title}</h1><div class="byline">By Staff Reporter</div>{body}</article>'
        f"<aside>{_TEASERS}</aside></main><footer>{_FOOTER}<p>© Example News</p></footer>{_SCRIPT}</body></html>"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", help="a JSONL file with id, title, text (and date) fields")
    parser.add_argument("out", help="the folder to write the pages to (created)")
    parser.add_argument("--limit", type=int, help="only the first N articles")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    with open(args.corpus, encoding="utf-8") as fh:
        for line in fh:
            if args.limit is not None and written >= args.limit:
                break
            if line.strip():
                article = json.loads(line)
                (out / f"{article['id']}.html").write_text(page(article), encoding="utf-8")
                written += 1
    print(f"wrote {written} pages to {out}")


if __name__ == "__main__":
    main()
