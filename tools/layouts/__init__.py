"""Generated plans in randomised layouts, with truth records, to measure how general reading is.

`generate(n, seed, folder)` writes n plans (txt, md, docx, ruled/unruled PDF, xlsx) whose layout
varies along the dimensions in `design.DIMENSIONS`; `score.score_plan` compares the pipeline's
reading of each with its truth record. CLIs: tools/make_layouts.py, tools/layout_accuracy.py.
"""
