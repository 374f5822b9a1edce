"""DOCX rendering speed: gongwen against plain docxtpl rendering the same template.

    python benchmarks/docx_benchmark.py [--batch 200]

Prints documents/second for the two examples, gongwen's time per document against
plain docxtpl (``DocxTemplate(path).render(context); save()``) with the same context
and the same sandboxed, autoescaped Jinja2 environment, and a batch of N documents
where gongwen reuses its compiled template while docxtpl reloads it for each one.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from docxtpl import DocxTemplate

from gongwen import Renderer, load
from gongwen.registry import clear_caches
from gongwen.render.docx.official import docx_context
from gongwen.render.docx.template import finalize_xml
from gongwen.render.environment import make_environment

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / "annual-plan.yaml", ROOT / "examples" / "work-scheme.yaml"]


def best_of(repeat: int, action: Callable[[], object]) -> float:
    """Median seconds of ``repeat`` runs of ``action``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def plain_docxtpl(template: Path, context: dict) -> Callable[[], object]:
    """What a user of docxtpl alone writes: load, render, save — once per document."""

    def run() -> object:
        document = DocxTemplate(template)
        document.render(context, jinja_env=make_environment(finalize_xml), autoescape=True)
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer

    return run


def cold_render(document: object, out: Path) -> object:
    """A first render: template packs looked up, manifests read, template compiled."""
    clear_caches()
    return Renderer().render(document, out, ["docx"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="gongwen-bench-"))
    renderer = Renderer()
    documents = [load(path) for path in EXAMPLES]

    print("单份文档（中位数，秒）       gongwen冷启动 gongwen  docxtpl  比值（冷/热）")
    ratios = []
    for path, document in zip(EXAMPLES, documents, strict=True):
        template = renderer.registry.resolve(renderer.registry.default_for(document.kind), "docx").path
        compiled = renderer.docx_template(template)
        context = docx_context(document, renderer.layout(document), compiled.new_package(), compiled.styles)
        cold = best_of(args.repeat, lambda d=document: cold_render(d, out))
        ours = best_of(args.repeat, lambda d=document: renderer.render(d, out, ["docx"]))
        plain = best_of(args.repeat, plain_docxtpl(template, context))
        ratios.append(cold / plain)
        print(
            f"{path.name:28s} {cold:9.4f} {ours:9.4f} {plain:9.4f}"
            f"  {cold / plain:.2f}× / {ours / plain:.2f}×"
        )
    seconds = sum(best_of(args.repeat, lambda d=d: renderer.render(d, out)) for d in documents)
    print(f"示例文档：{len(documents) / seconds:.1f} 份/秒")
    print(f"gongwen 冷启动（含模板查找与编译）相对 docxtpl：{max(ratios):.2f}×（目标 ≤ 1.2×）")

    document = documents[0]
    template = renderer.registry.resolve("plans/annual-plan", "docx").path
    compiled = renderer.docx_template(template)
    context = docx_context(document, renderer.layout(document), compiled.new_package(), compiled.styles)
    batch = [document.model_copy(update={"title": f"{document.title}（{i}）"}) for i in range(args.batch)]
    start = time.perf_counter()
    for item in batch:
        renderer.render(item, out / "batch", ["docx"])
    ours = (time.perf_counter() - start) / args.batch
    plain_run = plain_docxtpl(template, context)
    start = time.perf_counter()
    for _ in range(args.batch):
        plain_run()
    plain = (time.perf_counter() - start) / args.batch
    print(
        f"批量 {args.batch} 份：gongwen {ours * 1000:.1f} ms/份，docxtpl {plain * 1000:.1f} ms/份，"
        f"gongwen 快 {plain / ours:.2f} 倍"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"峰值内存（RSS）：{peak:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
