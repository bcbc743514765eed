"""One module per kind of tab in the workshop's workbook: where its cells sit, how it is
built from the templates, and how it is read and filled. Pure.

keys (tab keys, shared fills) · templates (``sheet_templates/*.toml``) · about · table ·
consensus · gap · assessment · agreed (the facilitator's five) · state (the cells the tool
owns, and its hidden record of them).
"""
