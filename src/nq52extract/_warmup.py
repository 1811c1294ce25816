"""Imported by the local engine's fork server: load every lazy resource once.

Worker processes fork from that server, so they start with the lexicon,
gazetteer and rules already in memory (shared, copy-on-write) instead of each
loading them on its first article.
"""

from __future__ import annotations


def warm() -> None:
    from .pipeline import process_text

    try:
        process_text(
            "Ngày 26/6/2020, Tỉnh ủy Tuyên Quang ban hành Kế hoạch số 402-KH/TU thực hiện Nghị quyết số "
            "52-NQ/TW. Đến năm 2025, 100% xã có Internet; kế hoạch đề ra 03 nhiệm vụ: (1) chuyển đổi số; "
            "(2) đào tạo; (3) hạ tầng. Ông Nguyễn Văn An phát biểu tại huyện Sơn Dương."
        )
    except Exception:  # a warm-up must never stop a worker from starting
        pass


warm()
