"""Write tests/fixtures/papers/made_up.pdf from made_up.md: HTML (tests/audit/paper_render.py), then Chromium.

Run from the repository root:  python tests/reference/papers/make_pdf.py
Needs chromium on PATH. The PDF is committed, so the tests need neither Chromium nor this script.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "tests" / "audit"))

from paper_render import to_html  # noqa: E402


def main() -> None:
    md = ROOT / "tests" / "fixtures" / "papers" / "made_up.md"
    pdf = md.with_suffix(".pdf")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "made_up.html"
        page.write_text(to_html(md.read_text(encoding="utf-8")), encoding="utf-8")
        subprocess.run(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
             f"--print-to-pdf={pdf}", str(page)],
            check=True, capture_output=True, timeout=120,
        )
    print(f"wrote {pdf}")


if __name__ == "__main__":
    main()
